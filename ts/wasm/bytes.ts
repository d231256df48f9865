/// <reference path="./wasm.d.ts" />
// The WebAssembly module built from crates/gradtape-wasm (scripts/build-wasm.mjs writes
// ts/wasm/gradtape.wasm). It is embedded in the JS bundle, so nobody configures a path and
// the same bundle works in Node (ESM and CommonJS), browsers and workers.
import bytes from './gradtape.wasm';

export const wasmBytes: Uint8Array = bytes;
