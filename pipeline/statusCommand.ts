import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { gridStatusLines } from './cluster/gridStatus.js';
import { foldsOf } from './crossval/layout.js';
import { DEMO_CONFIG_PATH, loadConfig, runConfigPath } from './config.js';
import { computeStatus } from './runner.js';

function formatWhen(iso?: string): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
}

/** `pipeline status`. Without --config, it compares against the config the last run saved, not the demo's. */
export async function statusCommand(args: { config?: string; workdir: string }): Promise<void> {
  const saved = runConfigPath(resolve(args.workdir));
  const source = args.config ?? (existsSync(saved) ? saved : undefined);
  const config = loadConfig(source);
  if (foldsOf(config).length) {
    const { foldStatusLines } = await import('./crossval/foldStatus.js');
    for (const l of await foldStatusLines(config, resolve(args.workdir))) console.log(l);
    return;
  }
  const rows = await computeStatus(config, resolve(args.workdir));
  const table = rows.map(({ stage, state, record, reason }) => ({
    stage: stage.name,
    state,
    when: formatWhen(record?.startedAt),
    took: record ? `${record.durationS.toFixed(1)} s` : '',
    note: state === 'failed' ? (record?.error ?? '') : (reason ?? ''),
  }));
  const widths = ['stage', 'state', 'when', 'took'].map((k) => Math.max(k.length, ...table.map((r) => String(r[k as keyof typeof r]).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < widths.length ? c.padEnd(widths[i]) : c))
      .join('  ')
      .trimEnd();
  console.log(line(['stage', 'state', 'when', 'took', 'note']));
  for (const r of table) console.log(line([r.stage, r.state, r.when, r.took, r.note]));
  for (const l of await gridStatusLines(resolve(args.workdir))) console.log(l);
  if (!args.config) console.log(source ? `(compared with the config the last run used: ${saved})` : `(no config saved in ${args.workdir}: compared with ${DEMO_CONFIG_PATH})`);
}
