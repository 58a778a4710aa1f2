// Compiles the AssemblyScript in assembly/ to WebAssembly and writes each module's bytes, base64, as an
// ES module in dist/assembly/ (NAME.wasm.js, default export), which the TypeScript imports: the bytes then
// travel inside the CLI bundle and the worker bundles like any other code, with no file to find at run time.
// Usage: node scripts/buildWasm.mjs (after tsc; `npm run build` and bin/pipeline.js's first call run it).
import { Buffer } from 'node:buffer';
import process from 'node:process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

// asc's own typings name a module (types:assemblyscript/cli/index) that TypeScript cannot resolve from here.
const compile =
  /** @type {(args: string[], options: { writeFile(name: string, contents: Uint8Array): void; stdout: import("node:stream").Writable; stderr: import("node:stream").Writable }) => Promise<{ error: Error | null }>} */ (
    asc.main
  );

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'dist', 'assembly');
mkdirSync(outdir, { recursive: true });

for (const file of readdirSync(join(root, 'assembly')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
  const name = file.slice(0, -'.ts'.length);
  /** @type {Uint8Array | undefined} */
  let binary;
  // No runtime or garbage collector (the code only loads and stores into memory the caller lays out),
  // no bounds assertions, the memory imported so the caller sizes it, and SIMD (Node has had it since 16.4).
  const { error } = await compile(
    [join('assembly', file), '--optimize', '--optimizeLevel', '3', '--runtime', 'stub', '--noAssert', '--importMemory', '--enable', 'simd', '--outFile', `${name}.wasm`],
    {
      writeFile(_filename, contents) {
        binary = contents;
      },
      stdout: process.stdout,
      stderr: process.stderr,
    },
  );
  if (error || binary === undefined) throw new Error(`buildWasm: compiling assembly/${file} failed: ${error?.message ?? 'no output'}`);
  const base64 = Buffer.from(binary).toString('base64');
  writeFileSync(join(outdir, `${name}.wasm.js`), `// Built by scripts/buildWasm.mjs from assembly/${file}.\nexport default ${JSON.stringify(base64)};\n`);
}
