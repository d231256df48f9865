// Bad input: each case must throw an `Error` whose message names the op, the shapes or dtypes
// involved, and how to fix it; afterwards the library must still work (a correct op and a
// gradient are run after every case).
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

/** Runs a correct op and a gradient: the library is still usable after the error. */
function stillUsable() {
  const s = tf.add(tf.constant([1, 2]), tf.constant([3, 4]));
  expect(Array.from(s.dataSync() as ArrayLike<number>)).toEqual([4, 6]);
  const m = tf.matmul(tf.constant([[1, 2]]), tf.constant([[3], [4]]));
  expect(m.arraySync()).toEqual([[11]]);
  const x = new tf.Variable(3);
  const tape = new tf.GradientTape();
  const y = tape.record(() => x.mul(x));
  expect(tape.gradient(y, x)!.item()).toBe(6);
}

/** `fn` throws an Error whose message matches every pattern; then the library is still usable. */
function expectError(fn: () => unknown, patterns: (RegExp | string)[]): string {
  let thrown: unknown = undefined;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'expected an exception').toBeDefined();
  expect(thrown).toBeInstanceOf(Error);
  const msg = (thrown as Error).message;
  for (const p of patterns) {
    if (typeof p === 'string') expect(msg).toContain(p);
    else expect(msg).toMatch(p);
  }
  stillUsable();
  return msg;
}

describe('shape errors', () => {
  it('add of shapes [3] and [4]: names the op, both shapes, and the broadcasting rule', () => {
    expectError(() => tf.add(tf.zeros([3]), tf.zeros([4])), [/\badd\b/, /\(3,\)|\[3\]/, /\(4,\)|\[4\]/, /equal or 1|reshape|broadcast/i]);
    expectError(() => tf.zeros([2, 3]).mul(tf.zeros([3, 2])), [/\bmul\b/, /2, 3/, /3, 2/]);
  });

  it('matmul inner-dimension mismatch', () => {
    expectError(() => tf.matmul(tf.zeros([2, 3]), tf.zeros([4, 5])), [/matmul/, /2, 3/, /4, 5/, /inner|columns|rows/, /[Tt]ranspose|fix/]);
    // transposeB makes a compatible pair incompatible.
    expectError(() => tf.matmul(tf.zeros([2, 3]), tf.zeros([3, 4]), false, true), [/matmul/, /3, 4/]);
  });

  it('matmul of a rank-1 tensor', () => {
    expectError(() => tf.matmul(tf.zeros([3]), tf.zeros([3, 1])), [/matmul/, /\(3,\)|\[3\]/, /rank/, /reshape/]);
    expectError(() => tf.matmul(tf.zeros([2, 2]), tf.constant(2)), [/matmul/, /rank/]);
  });

  it('reshape to a different size', () => {
    expectError(() => tf.reshape(tf.zeros([6]), [4, 2]), [/reshape/, /6/, /4, 2/, /8/, /must match/]);
    expectError(() => tf.reshape(tf.zeros([2, 3]), [-1, 4]), [/reshape/, /2, 3/, /-1, 4/]);
  });

  it('reshape with two -1', () => {
    expectError(() => tf.reshape(tf.zeros([6]), [-1, -1]), [/reshape/, /-1, -1/, /only one/]);
    expectError(() => tf.reshape(tf.zeros([6]), [2, -3]), [/reshape/, /-3/, /-1/]);
  });

  it('concat with mismatched shapes', () => {
    expectError(() => tf.concat([tf.zeros([2, 3]), tf.zeros([2, 4])], 0), [/concat/, /2, 3/, /2, 4/, /axis 0/, /must match/]);
    expectError(() => tf.concat([tf.zeros([2, 3]), tf.zeros([3])], 0), [/concat/, /2, 3/, /\(3,\)|\[3\]/]);
    expectError(() => tf.concat([tf.zeros([2]), tf.zeros([2])], 1), [/concat/, /axis 1/, /rank 1/]);
  });

  it('concat of an empty list', () => {
    expectError(() => tf.concat([], 0), [/concat/, /non-empty/, /tf\.concat\(\[/]);
  });

  it('reduceSum / reduceMean with an axis out of range', () => {
    expectError(() => tf.reduceSum(tf.zeros([2, 3]), 2), [/reduceSum/, /axis 2/, /rank 2/, /\[-2, 2\)/]);
    expectError(() => tf.reduceMean(tf.zeros([2, 3]), -3), [/reduceMean/, /-3/, /rank 2/]);
    expectError(() => tf.reduceSum(tf.zeros([2, 3]), [1, 1]), [/reduceSum/, /twice/]);
    expectError(() => tf.reduceSum(tf.zeros([2, 3]), 0.5), [/reduceSum/, /0\.5/, /integer/]);
  });

  it('transpose with a bad perm', () => {
    expectError(() => tf.transpose(tf.zeros([2, 3]), [0, 0]), [/transpose/, /0, 0/, /2, 3/, /permutation|once/]);
    expectError(() => tf.transpose(tf.zeros([2, 3]), [0]), [/transpose/, /2, 3/]);
    expectError(() => tf.transpose(tf.zeros([2, 3]), [0, 2]), [/transpose/, /2/, /rank 2/]);
  });

  it('broadcastTo an incompatible shape', () => {
    expectError(() => tf.broadcastTo(tf.zeros([3]), [2, 4]), [/broadcast/i, /3/, /2, 4/]);
  });
});

describe('dtype errors', () => {
  it('mixed dtypes in add name both dtypes and suggest tf.cast', () => {
    expectError(() => tf.add(tf.constant([1], 'int32'), tf.constant([1])), [/\badd\b/, /int32/, /float32/, /tf\.cast/]);
    expectError(() => tf.constant([1], 'float64').sub(tf.constant([1], 'float32')), [/\bsub\b/, /float64/, /float32/, /tf\.cast/]);
  });

  it('mixed dtypes in matmul name both dtypes and suggest tf.cast', () => {
    expectError(() => tf.matmul(tf.constant([[1]], 'int32'), tf.constant([[1]])), [/matmul/, /int32/, /float32/, /tf\.cast/]);
    expectError(() => tf.matmul(tf.constant([[1]], 'float64'), tf.constant([[1]])), [/matmul/, /float64/, /float32/, /tf\.cast/]);
  });

  it('concat of mixed dtypes', () => {
    expectError(() => tf.concat([tf.constant([1], 'int32'), tf.constant([1])], 0), [/concat/, /int32/, /float32/]);
  });

  it('exp (and log, sqrt) of an int32 tensor', () => {
    expectError(() => tf.exp(tf.constant([1], 'int32')), [/\bexp\b/, /int32/, /tf\.cast/]);
    expectError(() => tf.log(tf.constant([1], 'int32')), [/\blog\b/, /int32/, /tf\.cast/]);
    expectError(() => tf.constant([4], 'int32').sqrt(), [/sqrt/, /int32/, /tf\.cast/]);
  });

  it('an int32 tensor with a fractional JS number', () => {
    expectError(() => tf.constant([1], 'int32').add(1.5), [/\badd\b/, /1\.5/, /int32/, /cast/]);
    expectError(() => tf.mul(0.5, tf.constant([1], 'int32')), [/\bmul\b/, /0\.5/, /int32/, /cast/]);
    expectError(() => tf.constant([1.5, 2], 'int32'), [/constant/, /1\.5/, /int32/, /round|float/]);
    expectError(() => tf.fill([2], 0.5, 'int32'), [/fill/, /0\.5/, /int32/]);
    expectError(() => new tf.Variable([1, 2], { dtype: 'int32' }).assign([1.5, 2]), [/1\.5/, /int32/]);
  });

  it('an unknown dtype', () => {
    expectError(() => tf.constant([1], 'complex64' as never), [/constant/, /complex64/, /float32/, /bool/]);
    expectError(() => tf.cast(tf.constant([1]), 'float16' as never), [/cast/, /float16/, /float32/]);
    expectError(() => tf.zeros([2], 'int64' as never), [/int64/, /float32/]);
  });

  it("TensorFlow's dtype names exist, so tf.int64 is refused with advice instead of meaning the default dtype", () => {
    // An undefined tf.int64 would make tf.zeros(shape, tf.int64) a float32 tensor, silently.
    const refused: [unknown, RegExp][] = [
      [tf.int64, /use 'int32'/], [tf.int16, /use 'int32'/], [tf.int8, /use 'int32'/], [tf.uint8, /use 'int32'/],
      [tf.uint16, /use 'int32'/], [tf.uint32, /use 'float64'/], [tf.uint64, /use 'float64'/], [tf.float16, /use 'float32'/],
      [tf.half, /use 'float32'/], [tf.bfloat16, /use 'float32'/], [tf.complex64, /complex numbers/], [tf.complex128, /complex numbers/],
      [tf.string, /string tensors/],
    ];
    for (const [dtype, advice] of refused) {
      expect(typeof dtype).toBe('string');
      for (const make of [() => tf.zeros([2], dtype as never), () => tf.cast(tf.constant([1]), dtype as never), () => new tf.Variable([1], { dtype: dtype as never })]) {
        expectError(make, [new RegExp(`no ${String(dtype)} dtype`), advice]);
      }
    }
    expect(tf.double).toBe('float64');
    expect(tf.zeros([2], tf.double).dtype).toBe('float64');
  });
});

describe('disposed tensors', () => {
  it('using a disposed tensor names the op and how to keep it', () => {
    const t = tf.constant([1, 2]).mul(1);
    t.dispose();
    expectError(() => t.add(1), [/\badd\b/, /disposed/, /float32/, /\[2\]|\(2,\)/, /tf\.keep/]);
    expectError(() => tf.matmul(t, t), [/matmul/, /disposed/]);
    expectError(() => t.dataSync(), [/disposed/]);
    let leaked: tf.Tensor | undefined;
    tf.tidy(() => {
      leaked = tf.ones([3]).add(1);
    });
    expectError(() => leaked!.square(), [/disposed/, /tidy/]);
  });
});

describe('bad shapes in creation ops', () => {
  const bad: [string, number[]][] = [
    ['non-finite', [Infinity]],
    ['NaN', [2, NaN]],
    ['negative', [-1]],
    ['fractional', [1.5, 2]],
  ];
  for (const [what, shape] of bad) {
    it(`${what} shape [${shape.map(String).join(', ')}] in zeros, ones, fill, random.normal, random.uniform`, () => {
      const dims = new RegExp(shape.map((d) => String(d).replace('.', '\\.')).join(', ?'));
      expectError(() => tf.zeros(shape), [dims, /shape/, /non-negative integer/]);
      expectError(() => tf.ones(shape, 'int32'), [dims, /shape/, /non-negative integer/]);
      expectError(() => tf.fill(shape, 1), [/fill/, dims, /non-negative integer/]);
      expectError(() => tf.random.normal(shape), [/random\.normal/, dims, /non-negative integer/]);
      expectError(() => tf.random.uniform(shape), [/random\.uniform/, dims, /non-negative integer/]);
    });
  }

  it('zeros and ones name themselves in the error (not the internal fill)', () => {
    expectError(() => tf.zeros([-1]), [/\bzeros\b/]);
    expectError(() => tf.ones([1.5]), [/\bones\b/]);
  });

  it('a shape that is not an array', () => {
    expectError(() => tf.fill(3 as never, 1), [/fill/, /shape/, /array/]);
    expectError(() => tf.random.normal('3' as never), [/random\.normal/, /shape/]);
  });

  it('random with bad parameters', () => {
    expectError(() => tf.random.uniform([2], { minval: 1, maxval: 1 }), [/random\.uniform/, /minval/, /maxval/]);
    expectError(() => tf.random.uniform([2], { dtype: 'int32' }), [/random\.uniform/, /maxval/, /int32/]);
    expectError(() => tf.random.normal([2], { dtype: 'int32' }), [/random\.normal/, /int32/, /float32/]);
  });
});

describe('bad values in constant', () => {
  it('ragged nested arrays', () => {
    expectError(() => tf.constant([[1, 2], [3]]), [/constant/, /ragged/, /\[1\]/, /length 2/, /same length/]);
    expectError(() => tf.constant([[1, 2], 3] as never), [/constant/, /ragged/]);
    expectError(() => tf.constant([1, [2, 3]] as never), [/constant/, /\[1\]/]);
    expectError(() => new tf.Variable([[1], [2, 3]]), [/Variable/, /ragged/]);
  });

  it('non-numeric elements', () => {
    expectError(() => tf.constant([1, 'a'] as never), [/constant/, /\[1\]/, /"a"/, /expected a number/]);
    expectError(() => tf.constant([[1, 2], [3, null]] as never), [/constant/, /\[1\]\[1\]/, /null/, /number/]);
    expectError(() => tf.constant({ a: 1 } as never), [/constant/, /Object|object/, /number/]);
    expectError(() => tf.constant('abc' as never), [/constant/, /abc/]);
    expectError(() => tf.add(tf.constant([1]), undefined as never), [/\badd\b/, /undefined/]);
  });
});

describe('Variable and tape errors', () => {
  it('Variable with unknown options', () => {
    expectError(() => new tf.Variable(1, { trainible: true } as never), [/Variable/, /trainible/, /trainable, name, dtype/]);
    expectError(() => new tf.Variable(1, { shape: [1] } as never), [/Variable/, /shape/]);
    // (A string second is TensorFlow's positional trainable, not a dtype.)
    expectError(() => new tf.Variable(1, 'float64' as never), [/Variable/, /trainable/, /second argument/, /\{dtype/]);
  });

  it('gradient with an undefined target', () => {
    const v = new tf.Variable(1);
    const tape = new tf.GradientTape();
    tape.record(() => v.mul(2));
    expectError(() => tape.gradient(undefined as never, v), [/target/, /undefined/, /tensor/]);
    const tape2 = new tf.GradientTape();
    tape2.record(() => v.mul(2));
    expectError(() => tape2.gradient(null as never, v), [/target/, /null/]);
  });

  it('watch of a non-tensor', () => {
    const tape = new tf.GradientTape();
    expectError(() => tape.watch(3 as never), [/watch/, /3/, /number/, /not tf\.Tensor or tf\.Variable/, /Pass a tensor/]);
    expectError(() => tape.watch([tf.constant(1), 'x'] as never), [/watch/, /string/]);
    expectError(() => tape.watch(null as never), [/watch/, /null/]);
    // The tape itself still works after the rejected watches.
    const c = tf.constant(2);
    tape.watch(c);
    const y = tape.record(() => c.mul(c).mul(c));
    expect(tape.gradient(y, c)!.item()).toBe(12);
  });

  it('gradient with a non-tensor source', () => {
    const v = new tf.Variable(1);
    const tape = new tf.GradientTape();
    const y = tape.record(() => v.mul(2));
    expectError(() => tape.gradient(y, [v, 'w'] as never), [/sources/, /string/]);
  });
});

describe('error messages', () => {
  it('name the op once (no repeated "op: op:" prefix)', () => {
    const cases: [() => unknown, string][] = [
      [() => tf.add(tf.zeros([3]), tf.zeros([4])), 'add'],
      [() => tf.add(tf.constant([1], 'int32'), tf.constant([1])), 'add'],
      [() => tf.matmul(tf.zeros([2, 3]), tf.zeros([4, 5])), 'matmul'],
      [() => tf.concat([tf.zeros([2, 3]), tf.zeros([2, 4])], 0), 'concat'],
      [() => tf.transpose(tf.zeros([2, 3]), [0, 0]), 'transpose'],
      [() => tf.exp(tf.constant([1], 'int32')), 'exp'],
    ];
    const doubled: string[] = [];
    for (const [fn, op] of cases) {
      const msg = expectError(fn, [op]);
      if (msg.includes(`${op}: ${op}:`)) doubled.push(msg);
    }
    expect(doubled).toEqual([]);
  });
});

describe('tensors too large for wasm memory', () => {
  it('are refused with an error before anything is allocated, and the library stays usable', () => {
    expect(() => tf.zeros([1e6, 1e6])).toThrow(/zeros: .*2 GiB/);
    const big = tf.zeros([70000, 1]);
    const wide = tf.zeros([1, 70000]);
    // 70000 x 70000 float32 = 19.6 GB: the broadcast result is checked in Rust before allocation.
    expect(() => big.add(wide)).toThrow(/add: .*\(70000, 70000\).*GiB/);
    expect(() => tf.matmul(big, wide)).toThrow(/matmul: .*GiB/);
    expect(tf.add(1, tf.ones([2])).arraySync()).toEqual([2, 2]);
  });
});
