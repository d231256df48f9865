// tf.nest against TensorFlow's documented behaviour (the examples of tf.nest.flatten, is_nested,
// pack_sequence_as, map_structure and assert_same_structure in TensorFlow 2's API docs, with
// Python tuples and lists written as arrays and dicts as objects).
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';
import { thrown } from './helpers/thrown';

describe('tf.nest.flatten', () => {
  it('a leaf gives itself in an array: null, a string, a number, a tensor, a typed array', () => {
    const t = tf.ones([2, 2]);
    const typed = new Float32Array([1, 2]);
    expect(tf.nest.flatten(null)).toEqual([null]);
    expect(tf.nest.flatten('hello')).toEqual(['hello']);
    expect(tf.nest.flatten(5)).toEqual([5]);
    expect(tf.nest.flatten(t)[0]).toBe(t);
    expect(tf.nest.flatten(typed)[0]).toBe(typed);
  });

  it("an object's values come in its keys' sorted order, at every level", () => {
    expect(tf.nest.flatten({ key3: 'value3', key1: 'value1', key2: 'value2' })).toEqual(['value1', 'value2', 'value3']);
    expect(tf.nest.flatten({ key3: { c: [1.0, 2.0], a: 3.0 }, key1: { m: 'val1', g: 'val2' } })).toEqual(['val2', 'val1', 3.0, 1.0, 2.0]);
    // Sorted as strings, as Python sorts str keys: '10' before '2'.
    expect(tf.nest.flatten({ 2: 'b', 10: 'a', x: 'c' })).toEqual(['a', 'b', 'c']);
  });

  it('arrays in order; empty structures have no leaves', () => {
    expect(tf.nest.flatten([[1, 2], [3, [4, 5]], 6])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(tf.nest.flatten([[], {}, [[]]])).toEqual([]);
    expect(tf.nest.flatten([null, undefined])).toEqual([null, undefined]);
  });

  it('a structure that holds itself is refused, not walked forever', () => {
    const a: unknown[] = [1];
    a.push(a);
    expect(thrown(() => tf.nest.flatten(a)).message).toMatch(/contains itself/);
    // A structure reached twice (not a cycle) is fine.
    const shared = [1, 2];
    expect(tf.nest.flatten([shared, shared])).toEqual([1, 2, 1, 2]);
  });
});

describe('tf.nest.isNested', () => {
  it('arrays and plain objects are nested; strings, tensors, typed arrays, sets and class instances are not', () => {
    expect(tf.nest.isNested('1234')).toBe(false);
    expect(tf.nest.isNested([1, 3, [4, 5]])).toBe(true);
    expect(tf.nest.isNested([[7, 8], [5, 6]])).toBe(true);
    expect(tf.nest.isNested([])).toBe(true);
    expect(tf.nest.isNested({ a: 1, b: 2 })).toBe(true);
    expect(tf.nest.isNested(new Set([1, 2]))).toBe(false);
    expect(tf.nest.isNested(tf.ones([4, 4]))).toBe(false);
    expect(tf.nest.isNested(new Float64Array(4))).toBe(false);
    expect(tf.nest.isNested(null)).toBe(false);
  });
});

describe('tf.nest.packSequenceAs', () => {
  it("puts flat values into the structure's shape, objects keeping their own key order", () => {
    const packed = tf.nest.packSequenceAs({ key3: '', key1: '', key2: '' }, ['value1', 'value2', 'value3']);
    expect(packed).toEqual({ key3: 'value3', key1: 'value1', key2: 'value2' });
    expect(Object.keys(packed as object)).toEqual(['key3', 'key1', 'key2']);
    expect(tf.nest.packSequenceAs([['a', 'b'], ['c', 'd', 'e'], 'f'], [1, 2, 3, 4, 5, 6])).toEqual([[1, 2], [3, 4, 5], 6]);
    const nested = tf.nest.packSequenceAs({ key3: { c: ['alpha', 'beta'], a: 'gamma' }, key1: { e: 'val1', d: 'val2' } }, ['val2', 'val1', 3.0, 1.0, 2.0]);
    expect(nested).toEqual({ key3: { c: [1.0, 2.0], a: 3.0 }, key1: { e: 'val1', d: 'val2' } });
  });

  it('is the inverse of flatten', () => {
    const s = { w: [tf.ones([2]), { b: 1, a: [2, 3] }], v: null };
    const flat = tf.nest.flatten(s);
    const again = tf.nest.packSequenceAs(s, flat);
    expect(again).toEqual(s);
    expect(tf.nest.flatten(again)).toEqual(flat);
    expect(tf.nest.packSequenceAs('leaf', [7])).toBe(7);
  });

  it("refuses a flat sequence that is not an array (TypeError) or holds the wrong number of values (ValueError)", () => {
    const notSequence = thrown(() => tf.nest.packSequenceAs(['a'], tf.ones([2, 2]) as never));
    expect(notSequence.name).toBe('TypeError');
    expect(notSequence.message).toMatch(/Attempted to pack value/);
    const count = thrown(() => tf.nest.packSequenceAs(['a', 'b'], [1]));
    expect(count.name).toBe('ValueError');
    expect(count.message).toMatch(/Structure had 2 atoms, but flat_sequence had 1 items/);
    const leaf = thrown(() => tf.nest.packSequenceAs('a', [1, 2]));
    expect(leaf.name).toBe('ValueError');
    expect(leaf.message).toMatch(/nest cannot guarantee that it is safe to map one to the other/);
  });
});

describe('tf.nest.mapStructure', () => {
  it('maps one structure', () => {
    expect(tf.nest.mapStructure((p: number) => p * 2, { hello: 24, world: 76 })).toEqual({ hello: 48, world: 152 });
  });

  it('maps several like structures leaf by leaf', () => {
    expect(tf.nest.mapStructure((p1: number, p2: number) => p1 + p2, [[1, 2], [3, 4]], [[5, 6], [7, 8]])).toEqual([[6, 8], [10, 12]]);
    // Objects meet by key, whatever their key order.
    expect(tf.nest.mapStructure((a: number, b: number) => a - b, { x: 10, y: 20 }, { y: 2, x: 1 })).toEqual({ x: 9, y: 18 });
  });

  it('maps tensors: the leaves can be anything that is not a structure', () => {
    const out = tf.nest.mapStructure((t: tf.Tensor) => t.mul(2), { w: tf.constant([1, 2]), b: [tf.constant(3)] }) as { w: tf.Tensor; b: tf.Tensor[] };
    expect(Array.from(out.w.dataSync())).toEqual([2, 4]);
    expect(out.b[0]!.item()).toBe(6);
  });

  it('refuses structures that differ, and no structure at all', () => {
    const nesting = thrown(() => tf.nest.mapStructure((a: number, b: number) => a + b, [[1, 2], [3, 4]], [5, 6]));
    expect(nesting.name).toBe('ValueError');
    expect(nesting.message).toMatch(/The two structures don't have the same nested structure/);
    const kinds = thrown(() => tf.nest.mapStructure((a: number, b: number) => a + b, [1, 2], { a: 1, b: 2 }));
    expect(kinds.name).toBe('TypeError');
    expect(thrown(() => tf.nest.mapStructure((a: number) => a)).message).toMatch(/Must provide at least one structure/);
  });
});

describe('tf.nest.assertSameStructure', () => {
  it('passes for leaves, and for structures that nest alike whatever their leaves', () => {
    tf.nest.assertSameStructure(tf.constant(1), tf.constant(2));
    tf.nest.assertSameStructure([[[1, 2], 3], 4, 5], [[['foo1', 'foo2'], 'foo3'], 'foo4', 'foo5']);
    tf.nest.assertSameStructure({ a: [1, 2], b: null }, { b: 'x', a: [tf.ones([1]), 0] });
  });

  it('a structure against a leaf (a typed array is a leaf) is a ValueError that says which substructure', () => {
    const e = thrown(() => tf.nest.assertSameStructure([0, 1], new Float64Array([0, 1])));
    expect(e.name).toBe('ValueError');
    expect(e.message).toMatch(/don't have the same nested structure/);
    expect(e.message).toMatch(/is a sequence, while substructure/);
    expect(e.message).toMatch(/Entire first structure:\n\[\.,\.\]/);
  });

  it('counts must agree', () => {
    const e = thrown(() => tf.nest.assertSameStructure([1, [2, 3]], [1, [2]]));
    expect(e.name).toBe('ValueError');
    expect(e.message).toMatch(/don't have the same number of elements/);
  });

  it("checkTypes (the default): an array against an object is a TypeError, objects need the same keys; without it only nesting and counts", () => {
    expect(thrown(() => tf.nest.assertSameStructure([1, 2], { a: 1, b: 2 })).name).toBe('TypeError');
    const keys = thrown(() => tf.nest.assertSameStructure({ a: 1, b: 2 }, { a: 1, c: 2 }));
    expect(keys.name).toBe('ValueError');
    expect(keys.message).toMatch(/don't have the same set of keys/);
    tf.nest.assertSameStructure([1, 2], { a: 1, b: 2 }, false);
    tf.nest.assertSameStructure({ a: 1, b: 2 }, { a: 1, c: 2 }, false);
    expect(thrown(() => tf.nest.assertSameStructure([1, 2], { a: 1 }, false)).name).toBe('ValueError');
  });
});

// ---------------------------------------------------------------------------------------------
// TensorFlow 2.21's own answers (scripts/tf_errors_nest_fixtures.py): "<array>" stands for a
// NumPy array (a typed array here) and "<tensor>" for a tensor, both leaves.

type Json = null | number | string | boolean | Json[] | { [key: string]: Json };
interface Outcome { result?: Json; error?: string; message?: string }
const NEST = (JSON.parse(readFileSync(new URL('./fixtures/tf-errors-nest.json', import.meta.url), 'utf8')) as { nest: Record<string, (Outcome & Record<string, Json>)[]> }).nest;

/** The fixture's structure with its markers as the leaves they stand for. */
function live(s: Json): unknown {
  if (s === '<array>') return new Float64Array([1, 2]);
  if (s === '<tensor>') return tf.constant(1);
  if (Array.isArray(s)) return s.map(live);
  if (s !== null && typeof s === 'object') return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, live(v)]));
  return s;
}
/** A result in the fixture's terms (leaves back to markers). */
function marked(v: unknown): Json {
  if (v instanceof Float64Array) return '<array>';
  if (v instanceof tf.Tensor) return '<tensor>';
  if (Array.isArray(v)) return v.map(marked);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, marked(x)]));
  return v as Json;
}
/** The outcome of `fn` as the fixture records one. */
function outcomeOf(fn: () => unknown): Outcome {
  try {
    return { result: marked(fn()) };
  } catch (e) {
    return { error: (e as Error).name };
  }
}
/** The fixture's map_structure function: the sum of the numeric leaves (arrays summed). */
const addAll = (...leaves: unknown[]): number =>
  leaves.reduce<number>((total, x) => total + (x instanceof Float64Array ? x.reduce((a, b) => a + b, 0) : x instanceof tf.Tensor ? (x.item() as number) : typeof x === 'number' ? x : 0), 0);

describe("tf.nest against TensorFlow 2.21's answers", () => {
  it('flatten and isNested', () => {
    for (const c of NEST.flatten!) expect(outcomeOf(() => tf.nest.flatten(live(c.structure!))), JSON.stringify(c.structure)).toEqual({ result: c.result });
    for (const c of NEST.is_nested!) expect(tf.nest.isNested(live(c.value!)), JSON.stringify(c.value)).toBe(c.result);
  });

  it('packSequenceAs: results, key order and errors', () => {
    for (const c of NEST.pack_sequence_as!) {
      const got = outcomeOf(() => tf.nest.packSequenceAs(live(c.structure!), live(c.flat!) as unknown[]));
      if (c.error !== undefined) expect(got.error, JSON.stringify(c)).toBe(c.error);
      else {
        expect(got, JSON.stringify(c)).toEqual({ result: c.result });
        if (c.result !== null && typeof c.result === 'object' && !Array.isArray(c.result)) expect(Object.keys(got.result as object)).toEqual(Object.keys(c.result));
      }
    }
  });

  it('assertSameStructure with and without checkTypes: passes, ValueError or TypeError as TensorFlow decides, with its wording', () => {
    for (const c of NEST.assert_same_structure!) {
      const got = outcomeOf(() => tf.nest.assertSameStructure(live(c.a!), live(c.b!), c.check_types as boolean));
      expect(got.error, JSON.stringify(c)).toBe(c.error);
      if (c.message) expect(thrown(() => tf.nest.assertSameStructure(live(c.a!), live(c.b!), c.check_types as boolean)).message).toContain(c.message);
    }
  });

  it('mapStructure over two structures', () => {
    for (const c of NEST.map_structure!) {
      const got = outcomeOf(() => tf.nest.mapStructure(addAll, live(c.a!), live(c.b!)));
      if (c.error !== undefined) expect(got.error, JSON.stringify(c)).toBe(c.error);
      else expect(got, JSON.stringify(c)).toEqual({ result: c.result });
    }
  });
});
