import { STAGES } from './registry.js';

/** `pipeline stages`: every stage with a one-line description, what it reads and writes. */
export function stagesCommand(): void {
  for (const s of STAGES) {
    console.log(`${s.name}: ${s.description}`);
    console.log(`  reads:   ${s.inputs.join(', ') || 'the corpus'}${s.dependsOn.length ? ` (after ${s.dependsOn.join(', ')})` : ''}`);
    console.log(`  writes:  ${s.outputs.join(', ')}`);
    console.log(`  config:  ${s.configSections.join(', ')}`);
  }
}
