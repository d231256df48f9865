// SIMD kernels against their scalar twins, inside the same wasm module the package embeds.
// Native `cargo test` only ever compiles the scalar path, so this is where simd128 code is checked.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { instantiateAlone } from '../ts/wasm/threads';

const wasmPath = fileURLToPath(new URL('../ts/wasm/gradtape.wasm', import.meta.url));
const instance = instantiateAlone(readFileSync(wasmPath));
const kernelCheck = instance.exports.gt_kernel_check as (kernel: number, dtype: number, n: number, seed: number) => number;

const KERNELS = [
  'add', 'sub', 'mul', 'div', 'neg', 'sqrt', 'abs', 'reduceSum', 'matmul', 'matvec', 'matvecTransposed',
  // the polynomial transcendentals, on inputs with specials, overflow and subnormals mixed in
  'exp', 'log', 'tanh', 'sigmoid',
  // relu and maximum (NaN, -0 and infinities mixed in); softmax, max and argmax of 3 rows of n
  'relu', 'maximum', 'softmaxRows', 'maxRows', 'argmaxRows',
  // where(cond, x, y) on equal shapes
  'where',
  // softmax and log softmax along the middle axis of [2, 5, n] (lanes summed in order: exact)
  'softmaxLanes', 'logSoftmaxLanes',
  // softplus and silu, composed from the polynomials (inputs as sigmoid's)
  'softplus', 'silu',
  // expm1 (inputs as exp's), log1p (as tanh's: -6..6), elu and selu (as sigmoid's); erf (as
  // tanh's), erfc and the gelus (as sigmoid's); sin and cos (within their limit and beyond)
  'expm1', 'log1p', 'elu', 'selu', 'erf', 'erfc', 'gelu', 'geluApproximate', 'sin', 'cos',
] as const;
const LENGTHS = [0, 1, 3, 4, 5, 7, 8, 15, 16, 17, 31, 33, 64, 1023];

describe('SIMD kernels equal the scalar oracle', () => {
  it('the module was built with simd128', () => {
    // v128 instructions only validate in a module built with the simd128 target feature; the
    // export list alone cannot tell, so check that the code section holds SIMD opcodes (0xfd prefix).
    const bytes = readFileSync(wasmPath);
    let simdPrefixes = 0;
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0xfd) simdPrefixes++;
    expect(simdPrefixes).toBeGreaterThan(100);
  });

  for (const [dtypeCode, dtype] of [[0, 'float32'], [1, 'float64']] as const) {
    KERNELS.forEach((name, kernel) => {
      it(`${name} ${dtype} on awkward lengths`, () => {
        for (const n of LENGTHS) {
          const diff = kernelCheck(kernel, dtypeCode, n, 12345 + n);
          // Elementwise kernels (the transcendentals too: the scalar twin runs the same
          // polynomial) must agree exactly; sums and products may reassociate (softmax sums its
          // exponentials in lanes).
          const reassociates = name === 'reduceSum' || name.startsWith('mat') || name === 'softmaxRows';
          const tolerance = reassociates ? (dtype === 'float32' ? 1e-5 : 1e-12) : 0;
          expect(diff, `${name} ${dtype} n=${n}`).toBeLessThanOrEqual(tolerance);
        }
      });
    });
  }

  it('an unknown kernel id reports failure instead of a false pass', () => {
    expect(kernelCheck(99, 0, 8, 1)).toBe(Infinity);
  });
});
