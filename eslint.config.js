// typescript-eslint's type-checked recommended rules over the TypeScript (the tsconfig's files) and the
// JavaScript entry files; `npm run lint` fails on any warning. Rules changed from the preset say why.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // assembly/ is AssemblyScript, compiled by scripts/buildWasm.mjs with its own types (f32, load, store).
  { ignores: ['dist/', 'node_modules/', 'runs/', 'scratch/', 'assembly/'] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'bin/*.js', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test runs a file's test() and describe() calls itself; their promises are not ours to await.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] }],
      // Error messages print shapes and lists as `${array}` ("2,3") on purpose.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowArray: true, allowNumber: true }],
      // `_` marks a deliberately unused binding; `{ dropped, ...rest }` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // An async callback without await is how a synchronous body is handed to an API that takes a promise (withClaim).
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
);
