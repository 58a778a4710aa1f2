/**
 * Serialises a builder graph to an ONNX ModelProto (opset 17). Only the nodes the outputs need are
 * written, so gradient rules may emit freely: what no output uses is dropped here.
 */
import { createRequire } from 'node:module';
import type onnxProto from 'onnx-proto';
import { nodesUpstreamOf, type Attr, type ConstantData, type DType, type Graph, type Tensor } from './graph.js';

let onnxModule: typeof onnxProto.onnx | undefined;
/**
 * onnx-proto (and protobufjs under it), required on first use: commands that never write a graph
 * (status, stages) start without it, and an ES import of this CommonJS file would have Node scan its
 * 330 kB for export names first.
 */
function onnx(): typeof onnxProto.onnx {
  return (onnxModule ??= (createRequire(import.meta.url)('onnx-proto') as typeof onnxProto).onnx);
}

export const OPSET = 17;
const IR_VERSION = 8;

function elemType(dtype: DType): number {
  const { DataType } = onnx().TensorProto;
  return { float32: DataType.FLOAT, float64: DataType.DOUBLE, int64: DataType.INT64, bool: DataType.BOOL }[dtype];
}

function rawBytes(c: ConstantData): Uint8Array {
  return new Uint8Array(c.data.buffer, c.data.byteOffset, c.data.byteLength);
}

function tensorProto(name: string, c: ConstantData): onnxProto.onnx.ITensorProto {
  return { name, dataType: elemType(c.dtype), dims: [...c.dims], rawData: rawBytes(c) };
}

function attributeProto(name: string, a: Attr, scope: string): onnxProto.onnx.IAttributeProto {
  const T = onnx().AttributeProto.AttributeType;
  switch (a.kind) {
    case 'int':
      return { name, type: T.INT, i: a.value };
    case 'float':
      return { name, type: T.FLOAT, f: a.value };
    case 'ints':
      return { name, type: T.INTS, ints: [...a.value] };
    case 'graph':
      return { name, type: T.GRAPH, g: graphProto(a.value, `${scope}${name}/`) };
  }
}

function valueInfo(t: Tensor, name: string): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: elemType(t.dtype),
        shape: { dim: t.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/**
 * The GraphProto of `graph`. `scope` prefixes every name a subgraph defines, so that a Loop body's
 * tensors never shadow the enclosing graph's (ONNX wants names unique across scopes); a body's outer
 * references keep their names.
 */
function graphProto(graph: Graph, scope: string, name = 'graph'): onnxProto.onnx.IGraphProto {
  if (graph.outputs.length === 0) throw new Error('graph has no outputs');
  const nodes = nodesUpstreamOf(graph.outputs);
  const outer = new Set(graph.outerRefs.map((t) => t.id));
  const tensorName = (t: Tensor) => (outer.has(t.id) ? t.name! : `${scope}${t.name ?? `t${t.id}`}`);
  const initializers = new Map<number, onnxProto.onnx.ITensorProto>();
  for (const n of nodes) {
    for (const i of n.inputs) {
      if (!i) continue;
      if (i.constant && !initializers.has(i.id)) initializers.set(i.id, tensorProto(tensorName(i), i.constant));
    }
  }
  const nodeProtos = nodes.map((n) => {
    const nodeName = `${scope}n${n.id}_${n.opType}`;
    return {
      opType: n.opType,
      name: nodeName,
      input: n.inputs.map((i) => (i ? tensorName(i) : '')),
      output: n.outputs.map(tensorName),
      attribute: Object.entries(n.attrs).map(([k, a]) => attributeProto(k, a, `${nodeName}/`)),
    };
  });
  return {
    name,
    node: nodeProtos,
    initializer: [...initializers.values()],
    // Every declared input stays in the signature, so callers feed a stable set of names.
    input: graph.inputs.map((t) => valueInfo(t, tensorName(t))),
    output: graph.outputs.map((t) => valueInfo(t, tensorName(t))),
  };
}

export function toModelProto(graph: Graph, name = 'graph'): onnxProto.onnx.ModelProto {
  return onnx().ModelProto.create({
    irVersion: IR_VERSION,
    producerName: 'dln-ser',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: graphProto(graph, '', name),
  });
}

/** The ONNX file bytes of the graph. */
export function toOnnxBytes(graph: Graph, name?: string): Uint8Array {
  return onnx().ModelProto.encode(toModelProto(graph, name)).finish();
}
