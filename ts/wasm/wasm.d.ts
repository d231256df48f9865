// `import bytes from './gradtape.wasm'` is resolved at build time: tsup (esbuild) is
// configured with `loader: { '.wasm': 'binary' }`, which inlines the file as base64 and
// decodes it to a Uint8Array when the bundle loads (no fs, no fetch, no top-level await).
// vitest.config.ts mirrors this for tests that import the TypeScript sources directly.
declare module '*.wasm' {
  const bytes: Uint8Array;
  export default bytes;
}
