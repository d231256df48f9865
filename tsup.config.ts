import { defineConfig } from 'tsup';

// One build, three outputs from ts/index.ts, all with the wasm embedded (esbuild's `binary`
// loader inlines ts/wasm/gradtape.wasm as base64 and decodes it to a Uint8Array at load time):
//   dist/index.mjs  + dist/index.d.ts    ESM, for `import` in Node, bundlers and <script type="module">
//   dist/index.cjs  + dist/index.d.cts   CommonJS, for `require('gradtape')`
//   dist/gradtape.global.js              IIFE for a plain <script>, exposing `globalThis.gradtape`
// platform 'neutral' keeps Node built-ins out, so the same files load in browsers and workers.
const shared = {
  entry: { index: 'ts/index.ts' },
  target: 'es2022',
  platform: 'neutral',
  sourcemap: true,
  loader: { '.wasm': 'binary' },
  splitting: false,
  treeshake: false,
  minify: false,
  shims: false,
} as const;

export default defineConfig([
  {
    ...shared,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    outDir: 'dist',
    outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.mjs' }),
  },
  {
    ...shared,
    entry: { gradtape: 'ts/index.ts' },
    format: ['iife'],
    globalName: 'gradtape',
    dts: false,
    clean: false,
    outDir: 'dist',
    outExtension: () => ({ js: '.global.js' }),
  },
]);
