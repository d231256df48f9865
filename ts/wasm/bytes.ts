/// <reference path="./wasm.d.ts" />
// The WebAssembly module built from crates/gradtape-wasm (scripts/build-wasm.mjs writes
// ts/wasm/gradtape.wasm). It is embedded in the JS bundle, so nobody configures a path and
// the same bundle works in Node (ESM and CommonJS), browsers and workers.
import bytes from './gradtape.wasm';
// The matrix product's relaxed-SIMD micro-kernels (crates/gradtape-fma, about 1 KB): a module of
// their own, since a module with relaxed SIMD does not validate where the engine lacks it.
import fma from './gradtape-fma.wasm';

export const wasmBytes: Uint8Array = bytes;
export const fmaBytes: Uint8Array = fma;
