/// <reference path="./wasm.d.ts" />
// The WebAssembly module built from crates/gradtape-wasm (scripts/build-wasm.mjs writes
// ts/wasm/gradtape.wasm). It is embedded in the JS bundle, so nobody configures a path and
// the same bundle works in Node (ESM and CommonJS), browsers and workers.
import base64 from './gradtape.wasm';
// The matrix product's relaxed-SIMD micro-kernels (crates/gradtape-fma, about 1 KB): a module of
// their own, since a module with relaxed SIMD does not validate where the engine lacks it.
import fmaBase64 from './gradtape-fma.wasm';

/** What `decodeBase64` looks for on `globalThis`. */
export type Decoders = {
  Uint8Array: { fromBase64?(text: string): Uint8Array };
  Buffer?: { from(text: string, encoding: 'base64'): Uint8Array };
};

/** The bytes of base64 text, decoded by the engine where it can: `Uint8Array.fromBase64`, or
 * Node's `Buffer` (native code: 1.4 ms for the 2.5 MB of the module's text, where a decoding loop
 * in JavaScript, run once and so never optimized, took 9 ms of the 40 a `require` took), else
 * `atob`. (`engine` is for tests.) */
export function decodeBase64(text: string, engine: Decoders = globalThis as unknown as Decoders): Uint8Array {
  const { Uint8Array: U8, Buffer } = engine;
  if (U8.fromBase64) return U8.fromBase64(text);
  if (Buffer) {
    const b = Buffer.from(text, 'base64');
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export const wasmBytes: Uint8Array = decodeBase64(base64);
export const fmaBytes: Uint8Array = decodeBase64(fmaBase64);
