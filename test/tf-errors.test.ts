// tf.errors: TensorFlow's error classes and status codes (tensorflow/python/framework/errors_impl.py,
// tensorflow/core/protobuf/error_codes.proto), and the library throwing them where TensorFlow's
// eager ops raise them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';
import { thrown } from './helpers/thrown';

// error_codes.proto's numbers, and the class of each.
const CODES: [string, number, string | null][] = [
  ['OK', 0, null],
  ['CANCELLED', 1, 'CancelledError'],
  ['UNKNOWN', 2, 'UnknownError'],
  ['INVALID_ARGUMENT', 3, 'InvalidArgumentError'],
  ['DEADLINE_EXCEEDED', 4, 'DeadlineExceededError'],
  ['NOT_FOUND', 5, 'NotFoundError'],
  ['ALREADY_EXISTS', 6, 'AlreadyExistsError'],
  ['PERMISSION_DENIED', 7, 'PermissionDeniedError'],
  ['RESOURCE_EXHAUSTED', 8, 'ResourceExhaustedError'],
  ['FAILED_PRECONDITION', 9, 'FailedPreconditionError'],
  ['ABORTED', 10, 'AbortedError'],
  ['OUT_OF_RANGE', 11, 'OutOfRangeError'],
  ['UNIMPLEMENTED', 12, 'UnimplementedError'],
  ['INTERNAL', 13, 'InternalError'],
  ['UNAVAILABLE', 14, 'UnavailableError'],
  ['DATA_LOSS', 15, 'DataLossError'],
  ['UNAUTHENTICATED', 16, 'UnauthenticatedError'],
];

describe('tf.errors', () => {
  it("has TensorFlow's status codes and one class per code, each an OpError with its code, name and message", () => {
    const errors = tf.errors as unknown as Record<string, unknown>;
    for (const [code, value, className] of CODES) {
      expect(errors[code], code).toBe(value);
      if (className === null) continue;
      const Cls = errors[className] as new (nodeDef: unknown, op: unknown, message: string) => tf.errors.OpError;
      const e = new Cls(null, null, 'what went wrong');
      expect(e).toBeInstanceOf(tf.errors.OpError);
      expect(e).toBeInstanceOf(Error);
      expect(e.errorCode, className).toBe(value);
      expect(e.name).toBe(className);
      expect(e.message).toBe('what went wrong');
      expect(String(e)).toBe(`${className}: what went wrong`);
      expect([e.op, e.nodeDef, e.experimentalPayloads]).toEqual([null, null, {}]);
    }
    // 17 codes and 16 classes besides OpError: nothing else.
    expect(Object.keys(tf.errors).sort()).toEqual([...CODES.map(([c]) => c), ...CODES.flatMap(([, , n]) => (n ? [n] : [])), 'OpError'].sort());
    const base = new tf.errors.OpError(null, 'MatMul', 'no', tf.errors.ABORTED);
    expect([base.name, base.errorCode, base.op]).toEqual(['OpError', 10, 'MatMul']);
  });

  it('a user can throw and catch them by class, as in TensorFlow', () => {
    const check = (x: number) => {
      if (x < 0) throw new tf.errors.InvalidArgumentError(null, null, `x must be non-negative, got ${x}`);
      return Math.sqrt(x);
    };
    const e = thrown(() => check(-1));
    expect(e).toBeInstanceOf(tf.errors.InvalidArgumentError);
    expect(e).not.toBeInstanceOf(tf.errors.NotFoundError);
    expect(e.message).toBe('x must be non-negative, got -1');
  });
});

// What TensorFlow 2.21 raises for each case (scripts/tf_errors_nest_fixtures.py).
const FIXTURE = JSON.parse(readFileSync(new URL('./fixtures/tf-errors-nest.json', import.meta.url), 'utf8')) as {
  tensorflow: string;
  errors: Record<string, { class: string; tf: boolean; message: string } | null>;
};

/** The same calls in gradtape, by the fixture's case names. */
const ones = (shape: number[], dtype: tf.DType = 'float32') => tf.ones(shape, dtype);
const CASES: Record<string, () => unknown> = {
  'add shapes': () => tf.add(ones([2]), ones([3])),
  'matmul inner': () => tf.matmul(ones([2, 2]), ones([3, 2])),
  'matmul rank 1': () => tf.matmul(ones([2]), ones([2])),
  'add dtypes': () => tf.add(ones([2]), ones([2], 'int32')),
  'reshape size': () => tf.reshape(ones([2]), [3]),
  'gather index': () => tf.gather(ones([2]), [5]),
  'gather_nd index': () => tf.gatherNd(ones([2]), [[3]]),
  'concat shapes': () => tf.concat([ones([2, 1]), ones([3, 2])], 0),
  'transpose perm': () => tf.transpose(ones([2, 2]), [0, 0]),
  'cholesky indefinite': () => tf.linalg.cholesky(tf.constant([[1, 2], [2, 1]])),
  'inv singular': () => tf.linalg.inv(tf.zeros([2, 2])),
  'solve singular': () => tf.linalg.solve(tf.zeros([2, 2]), ones([2, 1])),
  'range start > limit': () => tf.range(5, 1, 1),
  'range delta 0': () => tf.range(0, 5, 0),
  'slice size': () => tf.slice(ones([2]), [1], [3]),
  'tile multiples': () => tf.tile(ones([2]), [1, 2]),
  'split uneven': () => tf.split(ones([5]), 2),
  'squeeze dim': () => tf.squeeze(ones([2]), 0),
  'stack shapes': () => tf.stack([ones([2]), ones([3])]),
  'one_hot depth': () => tf.oneHot(tf.constant([1], 'int32'), -1),
  ensure_shape: () => tf.ensureShape(ones([2]), [3]),
  check_numerics: () => tf.debugging.checkNumerics(tf.constant([NaN]), 'loss'),
  assert_less: () => tf.debugging.assertLess(tf.constant([2]), tf.constant([1])),
  'kaiser_window 0': () => tf.signal.kaiserWindow(0),
  'bitwise float': () => tf.bitwise.bitwiseAnd(ones([2]), ones([2])),
  'tape twice': () => {
    const x = new tf.Variable(1);
    const tape = new tf.GradientTape();
    const y = tape.record(() => x.mul(2));
    tape.gradient(y, x);
    tape.gradient(y, x);
  },
  'sqrt int32': () => tf.sqrt(tf.constant([1, 4], 'int32')),
  'reduce_sum axis': () => tf.reduceSum(ones([2]), 3),
  'argmax axis': () => tf.argMax(ones([2]), 3),
  'expand_dims axis': () => tf.expandDims(ones([2]), 5),
  broadcast_to: () => tf.broadcastTo(ones([3]), [2]),
  'fill negative': () => tf.fill([-1], 1),
  'pad rank': () => tf.pad(ones([2]), [[1, 1], [1, 1]]),
  'det non-square': () => tf.linalg.det(ones([2, 3])),
  'cumsum axis': () => tf.cumsum(ones([2]), 3),
  'unstack axis': () => tf.unstack(ones([2]), 1),
  'reverse axis': () => tf.reverse(ones([2]), [3]),
  'top_k k': () => tf.math.topK(ones([2]), 3),
  'linspace num': () => tf.linspace(0, 1, -1),
};

describe(`ops fail as TensorFlow ${FIXTURE.tensorflow}'s eager ops do, class for class`, () => {
  it('covers every case of the fixture', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(FIXTURE.errors).sort());
  });

  for (const [name, call] of Object.entries(CASES)) {
    const want = FIXTURE.errors[name];
    it(`${name}: ${want === null ? 'no error' : want.class}`, () => {
      if (want === null) {
        expect(call).not.toThrow();
        return;
      }
      const e = thrown(call);
      if (want.tf) {
        const Cls = (tf.errors as unknown as Record<string, new (...a: never[]) => Error>)[want.class]!;
        expect(e, e.message).toBeInstanceOf(Cls);
        expect(e.name).toBe(want.class);
      } else {
        // Python's own exceptions (ValueError, RuntimeError): not one of TensorFlow's classes.
        expect(e, e.message).not.toBeInstanceOf(tf.errors.OpError);
        if (want.class === 'ValueError') expect(e.name).toBe('ValueError');
      }
    });
  }

  it('keeps the errors codes and messages: a shape error is INVALID_ARGUMENT and names the op', () => {
    const e = thrown(() => tf.add(ones([2]), ones([3]))) as tf.errors.OpError;
    expect(e.errorCode).toBe(tf.errors.INVALID_ARGUMENT);
    expect(e.message).toMatch(/^add: incompatible shapes/);
    expect(thrown(() => tf.debugging.checkNumerics(tf.constant([NaN]), 'loss')).message).toBe('loss : Tensor had NaN values');
  });

  it('an op that fails inside a composite keeps its class under the public name', () => {
    // tf.linalg.solve factors with an LU decomposition; the singular matrix fails inside it.
    const e = thrown(() => tf.linalg.solve(tf.zeros([2, 2]), tf.ones([2, 1])));
    expect(e).toBeInstanceOf(tf.errors.InvalidArgumentError);
    expect(e.message).toMatch(/^(linalg\.)?solve: /);
  });

  it('inside tf.function, the replayed op throws the same class', () => {
    const f = tf.function((x: tf.Tensor) => tf.linalg.inv(x));
    expect(f(tf.constant([[4, 0], [0, 1]])).shape).toEqual([2, 2]);
    expect(thrown(() => f(tf.constant([[1, 2], [2, 4]])))).toBeInstanceOf(tf.errors.InvalidArgumentError);
  });
});

describe('the other classes, where TensorFlow raises them', () => {
  it('NotFoundError: a missing file, a missing checkpoint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradtape-errors-'));
    expect(thrown(() => Array.from(new tf.data.TextLineDataset(join(dir, 'none.txt'))))).toBeInstanceOf(tf.errors.NotFoundError);
    expect(thrown(() => tf.train.loadVariable(join(dir, 'none'), 'x'))).toBeInstanceOf(tf.errors.NotFoundError);
  });

  it('OutOfRangeError: a TensorArray read past its size', () => {
    const ta = new tf.TensorArray('float32', { size: 2 });
    const e = thrown(() => ta.read(5));
    expect(e).toBeInstanceOf(tf.errors.OutOfRangeError);
    expect((e as tf.errors.OpError).errorCode).toBe(tf.errors.OUT_OF_RANGE);
  });

  it('DataLossError: a TFRecord file whose record is corrupt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradtape-errors-'));
    const file = join(dir, 'bad.tfrecord');
    writeFileSync(file, new Uint8Array([5, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 104, 101, 108, 108, 111, 0, 0, 0, 0]));
    expect(thrown(() => Array.from(new tf.data.TFRecordDataset(file)))).toBeInstanceOf(tf.errors.DataLossError);
  });

  it("misuse that TensorFlow answers with Python's RuntimeError is not an OpError (a non-persistent tape used twice)", () => {
    const x = new tf.Variable(1);
    const tape = new tf.GradientTape();
    const y = tape.record(() => x.mul(2));
    tape.gradient(y, x);
    const e = thrown(() => tape.gradient(y, x));
    expect(e).not.toBeInstanceOf(tf.errors.OpError);
    expect(e.message).toMatch(/non-persistent GradientTape/);
  });
});
