import { calibrateStage, evaluateStage, featuresStage, ingestStage, normalizeStage, reportStage, simulateStage, trainStage } from '../stages/declarations.js';
import type { Stage, StageName } from '../stages/types.js';
import { UsageError } from './usageError.js';

/**
 * The stages in run order, derived from their `dependsOn`: each after everything it reads from,
 * in the order listed where that leaves a choice. A cycle or an unknown upstream stage is a bug.
 */
export function runOrder(stages: readonly Stage[]): Stage[] {
  const byName = new Map(stages.map((s) => [s.name, s]));
  const ordered: Stage[] = [];
  const placed = new Set<StageName>();
  const visiting = new Set<StageName>();
  const place = (s: Stage) => {
    if (placed.has(s.name)) return;
    if (visiting.has(s.name)) throw new Error(`stage ${s.name} depends on itself through ${[...visiting].join(' → ')}`);
    visiting.add(s.name);
    for (const d of s.dependsOn) {
      const upstream = byName.get(d);
      if (!upstream) throw new Error(`stage ${s.name} depends on ${d}, which is not registered`);
      place(upstream);
    }
    visiting.delete(s.name);
    placed.add(s.name);
    ordered.push(s);
  };
  stages.forEach(place);
  return ordered;
}

/** Every stage the pipeline knows, in run order. A new stage is declared in stages/declarations.ts and listed here. */
export const STAGES: Stage[] = runOrder([ingestStage, simulateStage, calibrateStage, featuresStage, normalizeStage, trainStage, evaluateStage, reportStage]);

export function findStage(name: string, stages: readonly Stage[] = STAGES): Stage {
  const stage = stages.find((s) => s.name === name);
  if (!stage) throw new UsageError(`unknown stage "${name}"; stages: ${stages.map((s) => s.name).join(', ')}, or all`);
  return stage;
}

/** The named stages plus everything upstream of them, in run order. */
export function withUpstream(names: readonly StageName[], stages: readonly Stage[] = STAGES): Stage[] {
  const needed = new Set<StageName>();
  const visit = (n: StageName) => {
    if (needed.has(n)) return;
    needed.add(n);
    for (const d of findStage(n, stages).dependsOn) visit(d);
  };
  names.forEach(visit);
  return runOrder(stages).filter((s) => needed.has(s.name));
}
