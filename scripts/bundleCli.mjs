// Bundles the compiled CLI (dist/pipeline/cli.js) and the entry files of its worker threads and
// processes into a few ES modules in dist/cli/, split where the CLI imports a command or a stage's
// code lazily. Node then reads and compiles a handful of files at start-up instead of ~200 (yargs alone
// is 54), which is most of what `pipeline --help` and `pipeline status` cost. bin/pipeline.js runs the
// bundle while what it was built from is unchanged (dist/cli/built-from.json) and dist/pipeline/cli.js
// otherwise, so a `tsc` without this step is never shadowed by an old bundle.
// Usage: node scripts/bundleCli.mjs (after tsc; `npm run build` runs both).
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'dist', 'cli');

/**
 * Packages bundled in: the pure-JS ESM ones on the start-up path (`--help`, `status`, `stages`). The
 * others stay imports of node_modules: native or large ones (onnxruntime, Arrow, vega, piscina), and
 * those loaded only by commands whose work dwarfs their loading.
 */
const BUNDLED_PACKAGES = new Set(['yargs', 'zod', 'csv-parse', 'csv-stringify']);

/** @param {string} specifier */
const packageOf = (specifier) => specifier.split('/', specifier.startsWith('@') ? 2 : 1).join('/');

/** Keeps every package import external except BUNDLED_PACKAGES and what they import themselves. */
/** @type {import('esbuild').Plugin} */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    // yargs, cliui and wrap-ansi each bring a string-width; the one yargs brings measures plain ASCII
    // (all of our help) by its length, where the older copies segment every string with Intl.Segmenter
    // and an emoji regex, which took a third of `--help`. The bundle uses that one copy for all three.
    // That copy also builds an Intl.Segmenter and Unicode-property regular expressions (RGI_Emoji) when
    // it is imported, a fifth of `--help`, which ASCII never uses: the bundle's string-width answers
    // printable ASCII as that copy does (its length) and runs that copy, required so that esbuild
    // initialises it on first call, for any other text.
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'string-width') return undefined;
      const yargsDir = dirname((await b.resolve('yargs', { resolveDir: root, kind: 'import-statement' })).path);
      if (args.namespace !== 'lazy-string-width') return { path: yargsDir, namespace: 'lazy-string-width' };
      return b.resolve('string-width', { resolveDir: yargsDir, kind: args.kind, pluginData: 'string-width' });
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
      contents: `export default function stringWidth(input, options) {
  if (typeof input === 'string' && /^[\\u0020-\\u007E]*$/.test(input)) return input.length;
  return require('string-width').default(input, options);
}`,
      resolveDir: args.path,
      loader: 'js',
    }));
    // yargs checks its own invariants with node:assert, whose loading costs every call a few
    // milliseconds: the bundle's strictEqual and notStrictEqual pass without it, as node:assert's do
    // (Object.is), and load it only to throw its error.
    b.onResolve({ filter: /^assert$/ }, (args) => (args.importer.includes('/node_modules/yargs/') ? { path: 'assert', namespace: 'lazy-assert' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-assert' }, () => ({
      contents: `import { createRequire } from 'node:module';
const assert = () => createRequire(import.meta.url)('node:assert');
export function strictEqual(actual, expected, message) {
  if (!Object.is(actual, expected)) assert().strictEqual(actual, expected, message);
}
export function notStrictEqual(actual, expected, message) {
  if (Object.is(actual, expected)) assert().notStrictEqual(actual, expected, message);
}`,
      loader: 'js',
    }));
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || args.importer.includes('/node_modules/') || args.pluginData === 'string-width' || BUNDLED_PACKAGES.has(packageOf(args.path)))
        return undefined;
      return { path: args.path, external: true };
    });
    // A bundled package that finds files next to itself (yargs: its locales and the package.json for
    // --version) still looks where it is installed, not next to the bundle.
    b.onLoad({ filter: /\/node_modules\/.*\.m?js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const fromBundle = relative(outdir, args.path).split('\\').join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

// The chunks are named by their content's hash, so a rebuild writes new names beside the old ones:
// the previous bundle goes first (this folder only; built-from.json with it, so a failed build leaves
// no bundle that bin/pipeline.js would take for current).
rmSync(outdir, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  // The worker entries keep their file names: stages/train.ts and data/features/extractPool.ts find them
  // next to their own module, which in the bundle is a chunk in the same folder.
  entryPoints: { cli: 'dist/pipeline/cli.js', trainWorker: 'dist/stages/trainWorker.js', extractWorker: 'dist/data/features/extractWorker.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Maps back through tsc's maps to the TypeScript sources, for stack traces (see bin/pipeline.js).
  sourcemap: 'linked',
  // Less text for V8 to scan and compile at every start (--help a tenth less CPU). Identifiers keep
  // their names: renamed ones would show in the messages of JavaScript's own errors and in --verbose
  // stack traces, which the source maps place but do not rename.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  plugins: [externalPackages],
});

// What bin/pipeline.js checks before it runs the bundle: a tsc run rewrites every file it emits, so the
// CLI's compiled entry, and an npm install rewrites node_modules/.package-lock.json. Checking each of
// the bundle's ~300 inputs instead took longer than the rest of `pipeline --help` beyond Node's own
// start-up. (A `tsc --watch` rewrites only what changed: run this script after it.) The WebAssembly
// modules (scripts/buildWasm.mjs) are inlined too, and rebuilt apart from tsc, so each is checked.
const assemblyDir = join(root, 'dist', 'assembly');
const wasmModules = existsSync(assemblyDir)
  ? readdirSync(assemblyDir)
      .filter((f) => f.endsWith('.wasm.js'))
      .map((f) => `dist/assembly/${f}`)
  : [];
const stamps = ['dist/pipeline/cli.js', 'node_modules/.package-lock.json', ...wasmModules]
  .filter((path) => existsSync(join(root, path)))
  .map((path) => {
    const s = statSync(join(root, path));
    return [path, s.size, s.mtimeMs];
  });
writeFileSync(join(outdir, 'built-from.json'), JSON.stringify(stamps));
