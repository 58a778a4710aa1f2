/**
 * Reverse-mode automatic differentiation on the builder's graph: walks the nodes between the parameters
 * and the loss in reverse creation order (which is topological) and appends each node's
 * vector-Jacobian rule as ordinary ops.
 */
import { broadcastShapes, formatShape, nodesUpstreamOf, shapesEqual, type Tensor } from './graph.js';
import { add, addInto, expandAs } from './ops.js';

/**
 * What an Expand broadcasts (rules such as ReduceMean's return their gradient expanded to the input's
 * shape): a sum with another full-shape gradient broadcasts by itself, so the full-size copy is skipped.
 */
function broadcastSource(t: Tensor): Tensor {
  return t.producer?.opType === 'Expand' ? t.producer.inputs[0]! : t;
}

/**
 * Gradients of the scalar `loss` with respect to each tensor of `wrt` (parameters, usually graph inputs).
 * A tensor the loss does not depend on gets zeros. `seed` replaces the implicit d loss / d loss = 1,
 * which lets a non-scalar output be differentiated along a direction (a vector-Jacobian product).
 */
export function grad(loss: Tensor, wrt: readonly Tensor[], seed?: Tensor): Tensor[] {
  const g = loss.graph;
  if (!seed && loss.rank !== 0) throw new Error(`grad: loss must be a scalar, got ${formatShape(loss.shape)}`);
  if (seed && !shapesEqual(seed.shape, loss.shape)) throw new Error('grad: seed shape differs from loss shape');

  const targets = new Set(wrt.map((t) => t.id));
  // Which tensors depend on a target: only their gradients are propagated.
  const depends = new Map<number, boolean>();
  const dependsOnTarget = (t: Tensor): boolean => {
    let d = depends.get(t.id);
    if (d === undefined) {
      d = targets.has(t.id) || (t.producer?.inputs.some((i) => i !== undefined && dependsOnTarget(i)) ?? false);
      depends.set(t.id, d);
    }
    return d;
  };

  // Nodes between the targets and the loss.
  const onPath = nodesUpstreamOf([loss], dependsOnTarget);

  const grads = new Map<number, Tensor>();
  grads.set(loss.id, seed ?? g.scalar(1, loss.dtype));
  /** `fresh`: dt was made by the rule for this input alone, so nothing else reads it. */
  const accumulate = (t: Tensor, dt: Tensor, fresh: boolean) => {
    if (!shapesEqual(dt.shape, t.shape)) {
      throw new Error(`gradient of ${t.producer?.opType ?? 'input'} has shape ${formatShape(dt.shape)}, expected ${formatShape(t.shape)}`);
    }
    const prev = grads.get(t.id);
    if (!prev) {
      grads.set(t.id, dt);
      return;
    }
    const [a, b] = [broadcastSource(prev), broadcastSource(dt)];
    if (!shapesEqual(broadcastShapes(a.shape, b.shape), t.shape)) grads.set(t.id, add(prev, dt));
    else grads.set(t.id, fresh && b === dt ? addInto(dt, a) : add(a, b));
  };

  const order = onPath.reverse();
  for (const node of order) {
    const dys = node.outputs.map((o) => grads.get(o.id));
    if (dys.every((d) => d === undefined)) continue;
    if (!node.vjp) throw new Error(`no gradient rule for ${node.opType}, which lies between the parameters and the loss`);
    const before = g.nodes.length;
    const dxs = node.vjp(dys);
    node.inputs.forEach((input, i) => {
      const dx = dxs[i];
      const fresh = dx !== undefined && (dx.producer?.id ?? -1) >= before && dxs.filter((d) => d === dx).length === 1;
      if (input && dx && dependsOnTarget(input)) accumulate(input, dx, fresh);
    });
  }
  return wrt.map((t) => grads.get(t.id) ?? expandAs(g.scalar(0, t.dtype), t));
}
