// `import text from './gradtape.wasm'` is resolved at build time: tsup (esbuild) is configured
// with `loader: { '.wasm': 'base64' }`, which inlines the file as base64 text (no fs, no fetch,
// no top-level await); ts/wasm/bytes.ts decodes it. vitest.config.ts mirrors this for tests
// that import the TypeScript sources directly.
declare module '*.wasm' {
  const base64: string;
  export default base64;
}
