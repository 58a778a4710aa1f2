import { calibrateStage } from '../stages/calibrate.js';
import { evaluateStage } from '../stages/evaluate.js';
import { featuresStage } from '../stages/features.js';
import { ingestStage } from '../stages/ingest.js';
import { normalizeStage } from '../stages/normalize.js';
import { reportStage } from '../stages/report.js';
import { simulateStage } from '../stages/simulate.js';
import { trainStage } from '../stages/train.js';
import { STAGE_ORDER, type Stage, type StageName } from '../stages/types.js';

/** Every stage the pipeline knows, in run order. A new stage is added here and nowhere else. */
export const STAGES: Stage[] = [ingestStage, simulateStage, calibrateStage, featuresStage, normalizeStage, trainStage, evaluateStage, reportStage].sort((a, b) => STAGE_ORDER.indexOf(a.name) - STAGE_ORDER.indexOf(b.name));

export function findStage(name: string, stages: readonly Stage[] = STAGES): Stage {
  const stage = stages.find((s) => s.name === name);
  if (!stage) {
    const known = stages.map((s) => s.name).join(', ');
    const later = (STAGE_ORDER as readonly string[]).includes(name) ? ' (planned, not implemented yet)' : '';
    throw new Error(`unknown stage "${name}"${later}; stages: ${known}, or all`);
  }
  return stage;
}

/** The named stages plus everything upstream of them, in run order. */
export function withUpstream(names: StageName[], stages: readonly Stage[] = STAGES): Stage[] {
  const needed = new Set<StageName>();
  const visit = (n: StageName) => {
    if (needed.has(n)) return;
    needed.add(n);
    for (const d of findStage(n, stages).dependsOn) visit(d);
  };
  names.forEach(visit);
  return stages.filter((s) => needed.has(s.name));
}
