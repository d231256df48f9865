import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig } from 'tsup';

// One build, three outputs from ts/index.ts, all with the wasm embedded (esbuild's `base64`
// loader inlines ts/wasm/gradtape.wasm as base64 text, which ts/wasm/bytes.ts decodes at load time):
//   dist/index.mjs  + dist/index.d.ts    ESM, for `import` in Node, bundlers and <script type="module">
//   dist/index.cjs  + dist/index.d.cts   CommonJS, for `require('gradtape')`
//   dist/gradtape.global.js              IIFE for a plain <script>, exposing `globalThis.gradtape`
//   dist/index.node.mjs                  Node's `import`: re-exports dist/index.cjs (see writeNodeEntry)
//   dist/index.node.cjs                  the CommonJS shim it imports, for a fast import
// package.json's exports also give bundlers (the "module" condition) index.mjs for `require` as well
// as `import`, so a bundle that does both holds one copy too.
// platform 'neutral' keeps Node built-ins out, so the same files load in browsers and workers.
const shared = {
  entry: { index: 'ts/index.ts' },
  target: 'es2022',
  platform: 'neutral',
  sourcemap: true,
  loader: { '.wasm': 'base64' },
  splitting: false,
  treeshake: false,
  minify: false,
  shims: false,
  // Strings' non-ASCII characters (the math in error messages: ·, ², Σ) as escapes; asciiOnly
  // below does the comments'. One such character made V8 hold the whole 5.5 MB source as a
  // two-byte string: 16.5 MB of heap after the import, 11.1 MB with an ASCII source (in every
  // process, and in every worker of the thread pool).
  esbuildOptions(options: { charset?: string }) {
    options.charset = 'ascii';
  },
} as const;

/** Rewrites the non-ASCII characters left in a built file (in comments: esbuild escapes the
 * code's) as \u escapes, so the file is ASCII. Lines keep their number (source maps map by line
 * and column; only columns after such a character on its line move, inside the comment). */
function asciiOnly(file: string): void {
  const text = readFileSync(file, 'utf8');
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) writeFileSync(file, ascii);
}

/** Node's `import` gets an ES module wrapper around the CommonJS build (package.json's "node"
 * condition), so a process that both imports and requires gradtape (an ESM app with a CJS
 * dependency) runs one copy: one wasm instance, one Tensor class. Bundlers and browsers take
 * dist/index.mjs. The export names are read from the built CommonJS module, once both builds
 * are made ASCII (asciiOnly). */
async function writeNodeEntry(): Promise<void> {
  asciiOnly('dist/index.mjs');
  asciiOnly('dist/index.cjs');
  const cjs = createRequire(import.meta.url)('./dist/index.cjs') as Record<string, unknown>;
  const names = Object.keys(cjs).sort();
  // Node's import of a CommonJS file first parses it for export names (cjs-module-lexer): on
  // index.cjs's 6 MB that took 140 ms of a 240 ms import. The wrapper imports this shim instead,
  // whose `module.exports = tf` names none (the lexer follows only `module.exports = require(..)`),
  // and reads the names from its default export: the import takes the 100 ms of a require.
  writeFileSync(
    'dist/index.node.cjs',
    '// Node\'s `import` of gradtape goes through this file (see tsup.config.ts, writeNodeEntry).\n' +
      "const tf = require('./index.cjs');\n" +
      'module.exports = tf;\n',
  );
  writeFileSync(
    'dist/index.node.mjs',
    '// Node\'s `import` of gradtape: the CommonJS build, so `import` and `require` share one instance.\n' +
      "import tf from './index.node.cjs';\n" +
      // Local bindings under another name, since one export is a reserved word (`function`).
      `const { ${names.map((n) => `${n}: _${n}`).join(', ')} } = tf;\n` +
      `export { ${names.map((n) => `_${n} as ${n}`).join(', ')} };\n`,
  );
}

export default defineConfig([
  {
    ...shared,
    format: ['esm', 'cjs'],
    // Members and overloads marked @internal (the `_` members ops share across modules) stay out
    // of the typings users see.
    dts: { compilerOptions: { stripInternal: true } },
    clean: true,
    outDir: 'dist',
    outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.mjs' }),
    onSuccess: writeNodeEntry,
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
    onSuccess: async () => asciiOnly('dist/gradtape.global.js'),
  },
]);
