import { join } from 'node:path';

/** Where a run directory keeps what the cluster path writes: the grid record, batch scripts, job ids, task logs. */
export function clusterPaths(runDir: string) {
  const dir = join(runDir, 'cluster');
  return {
    dir,
    grid: join(dir, 'grid.json'),
    jobs: join(dir, 'jobs.json'),
    logs: join(dir, 'logs'),
    /** A failed run's record, until a later attempt succeeds (outside the run's own folder, which may be what failed). */
    failed: (index: number) => join(dir, 'failed', `run-${index}.json`),
    trainScript: join(dir, 'train.sbatch'),
    publishScript: join(dir, 'publish.sbatch'),
  };
}
