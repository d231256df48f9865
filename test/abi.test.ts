// The TypeScript side declares the wasm exports by hand (ts/wasm/runtime.ts, `interface Exports`);
// this test holds that declaration to the module the package embeds: every declared export exists
// with the declared number of parameters, and every export of the module is declared.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OP_INFO } from '../ts/generated/table';
import { decodeBase64, wasmBytes } from '../ts/wasm/bytes';
import { instantiateAlone } from '../ts/wasm/threads';

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const { exports: instanceExports, memory } = instantiateAlone(readFileSync(root('ts/wasm/gradtape.wasm')));
const exported = instanceExports as Record<string, unknown>;

function declaredExports(): Map<string, number> {
  const source = readFileSync(root('ts/wasm/runtime.ts'), 'utf8');
  const body = source.slice(source.indexOf('export interface Exports {'), source.indexOf('\n}', source.indexOf('export interface Exports {')));
  const declared = new Map<string, number>();
  for (const m of body.matchAll(/^\s+(\w+)\(([^)]*)\): (?:number|void);$/gm)) {
    const params = m[2]!.trim() === '' ? 0 : m[2]!.split(',').length;
    declared.set(m[1]!, params);
  }
  return declared;
}

describe('the wasm ABI', () => {
  const declared = declaredExports();

  it('declares a substantial set of exports (the parser found them)', () => {
    expect(declared.size).toBeGreaterThan(30);
  });

  it('every declared export exists with the declared arity', () => {
    for (const [name, arity] of declared) {
      const fn = exported[name];
      expect(typeof fn, name).toBe('function');
      expect((fn as (...a: unknown[]) => unknown).length, `${name} arity`).toBe(arity);
    }
  });

  it('every function the module exports is declared', () => {
    const functions = Object.keys(exported).filter((k) => typeof exported[k] === 'function');
    expect(functions.filter((k) => !declared.has(k))).toEqual([]);
  });

  it('the op table the module describes is the one the TypeScript wrappers were generated from', () => {
    const W = { ...exported, memory } as { memory: WebAssembly.Memory; gt_describe_ptr(): number; gt_describe_len(): number };
    const ptr = W.gt_describe_ptr();
    const len = W.gt_describe_len();
    const d = JSON.parse(new TextDecoder().decode(new Uint8Array(W.memory.buffer, ptr, len))) as {
      ops: { js: string; family: string; inputs: number }[];
      dtypes: string[];
    };
    expect(d.ops.map((o) => o.js)).toEqual(OP_INFO.map((o) => o[0]));
    expect(d.ops.map((o) => o.inputs)).toEqual(OP_INFO.map((o) => o[3]));
    expect(d.dtypes).toEqual(['float32', 'float64', 'int32', 'bool']);
  });
});

describe('the embedded module', () => {
  it('decodes from base64 the same bytes by every decoder an engine may have', () => {
    const file = readFileSync(root('ts/wasm/gradtape.wasm'));
    const text = file.toString('base64');
    const fromBuffer = decodeBase64(text, { Uint8Array: {}, Buffer });
    const fromAtob = decodeBase64(text, { Uint8Array: {} });
    for (const bytes of [wasmBytes, fromBuffer, fromAtob]) {
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(Buffer.compare(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), file)).toBe(0);
    }
    const odd = new Uint8Array([0, 255, 1, 254, 128]); // a length that needs padding
    const oddText = Buffer.from(odd).toString('base64');
    expect(Array.from(decodeBase64(oddText, { Uint8Array: {} }))).toEqual(Array.from(odd));
    expect(Array.from(decodeBase64(oddText, { Uint8Array: {}, Buffer }))).toEqual(Array.from(odd));
    expect(new WebAssembly.Module(fromAtob as Uint8Array<ArrayBuffer>)).toBeInstanceOf(WebAssembly.Module);
  });
});
