import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
// Tests import the BUILT package by its public name: `import * as tf from 'gradtape'`
// resolves to dist/index.mjs (what `npm publish` ships), never to the TypeScript sources.
// `npm test` (scripts/run-tests.mjs) builds the wasm and dist before running vitest.
const distEntry = resolve(root, 'dist/index.mjs');

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    t = Math.max(t, st.isDirectory() ? newest(p) : st.mtimeMs);
  }
  return t;
}

if (!existsSync(distEntry)) {
  throw new Error("dist/index.mjs is missing: run `npm run build` (or `npm test`, which builds first).");
}
if (existsSync(resolve(root, 'ts')) && newest(resolve(root, 'ts')) > statSync(distEntry).mtimeMs) {
  console.warn('[vitest.config] warning: ts/ is newer than dist/; tests run the OLD build. Run `npm run build` or `npm test`.');
}

// Tests that import ts/ sources directly (unit tests of internals) get the same `.wasm` ->
// base64 text as tsup's `base64` loader.
function wasmAsBase64(): Plugin {
  return {
    name: 'gradtape-wasm-as-base64',
    enforce: 'pre',
    load(id) {
      const file = id.split('?')[0];
      if (!file.endsWith('.wasm')) return null;
      return `export default ${JSON.stringify(readFileSync(file).toString('base64'))};\n`;
    },
  };
}

export default defineConfig({
  plugins: [wasmAsBase64()],
  resolve: {
    alias: [{ find: /^gradtape$/, replacement: distEntry }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Browser (headless Chromium) and memory tests take a while on 2 cores.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    // Separate processes: each test file gets its own wasm instance and heap, and a crash or
    // memory blow-up in one file cannot take the others down. Two workers for two cores.
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
    isolate: true,
  },
});
