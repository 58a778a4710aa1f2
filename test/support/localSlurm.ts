import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

/** The one-node Slurm cluster of scripts/slurm-local-cluster.sh, for the cluster tests and benchmark. */
const SCRIPT = join(REPO_ROOT, 'scripts', 'slurm-local-cluster.sh');
const TOOLS: [string, string][] = [
  ['munged', 'munge'],
  ['slurmctld', 'slurmctld'],
  ['slurmd', 'slurmd'],
  ['sbatch', 'slurm-client'],
];
const onPath = (tool: string) => ['/usr/sbin', '/usr/bin', '/sbin', '/bin', ...(process.env.PATH ?? '').split(':')].some((d) => existsSync(join(d, tool)));
const missing = TOOLS.filter(([tool]) => !onPath(tool)).map(([, pkg]) => pkg);

/** Why the Slurm tests cannot run here, or undefined when they can. */
export const SLURM_MISSING: string | undefined = missing.length ? `no local Slurm: install Debian's ${missing.join(', ')} (as .ci/run does)` : undefined;

/** Starts the cluster in `dir` on ports of its own and points this process's Slurm commands (and its children's) at it. */
export function startLocalSlurm(dir: string): void {
  // munged runs as its own user and must reach its socket under `dir`.
  chmodSync(join(dir, '..'), 0o755);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const out = execFileSync(SCRIPT, ['start', dir], { encoding: 'utf8', env: { ...process.env, SLURM_LOCAL_CTLD_PORT: String(port), SLURM_LOCAL_SLURMD_PORT: String(port + 1) } });
  process.env.SLURM_CONF = /SLURM_CONF=(.*)/.exec(out)![1].trim();
}

export function stopLocalSlurm(dir: string): void {
  execFileSync(SCRIPT, ['stop', dir]);
}
