import { fileURLToPath } from 'node:url';

/**
 * The package's folder. This module sits one folder below dist/ both as tsc compiles it (dist/pipeline/)
 * and in the CLI's bundle (dist/cli/, see scripts/bundleCli.mjs), so one relative path finds the
 * package from either; a module deeper down asks here instead of counting folders itself.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
