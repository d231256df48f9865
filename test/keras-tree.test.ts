// tf.keras.tree against Keras 3.15.1's keras.tree (optree), from test/fixtures/keras-tree.json
// (scripts/keras_tree_fixtures.py): results, key orders, and which calls raise (ValueError).
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

type Json = null | number | string | boolean | Json[] | { [key: string]: Json };
interface Outcome { result?: Json; error?: string; message?: string }
type Case = Outcome & Record<string, Json>;
const F = JSON.parse(readFileSync(new URL('./fixtures/keras-tree.json', import.meta.url), 'utf8')) as Record<string, Case[]> & { keras: string };

/** What `fn` gives, as the fixture records it: its result, or the error's class and first line
 * (without gradtape's "keras.tree.<name>: " prefix). */
function outcomeOf(fn: () => unknown): Outcome {
  try {
    const result = fn();
    return { result: (result === undefined ? null : result) as Json };
  } catch (e) {
    return { error: (e as Error).name, message: (e as Error).message.replace(/^keras\.tree\.\w+: /, '').split('\n')[0] };
  }
}
/** The fixture's outcome against gradtape's: the same result (objects in the same key order), or
 * an error of the same class whose message starts as Keras' does (up to the Python repr of a value). */
function expectOutcome(got: Outcome, want: Outcome, what: string): void {
  if (want.error === undefined) {
    expect(got, what).toEqual({ result: want.result });
    expect(JSON.stringify(got.result), what).toBe(JSON.stringify(want.result));
    return;
  }
  expect(got.error, what).toBe(want.error);
  const stem = (m: string) => m.split(/[{[]| got /)[0]!;
  expect(stem(got.message!), what).toBe(stem(want.message!));
}

const addAll = (...xs: unknown[]) => xs.reduce<number>((sum, x) => sum + (typeof x === 'number' ? x : 0), 0);

describe(`tf.keras.tree equals Keras ${F.keras}'s keras.tree`, () => {
  it('flatten, flattenWithPath and isNested', () => {
    for (const c of F.flatten!) expectOutcome(outcomeOf(() => tf.keras.tree.flatten(c.structure)), c, `flatten ${JSON.stringify(c.structure)}`);
    for (const c of F.flatten_with_path!) expectOutcome(outcomeOf(() => tf.keras.tree.flattenWithPath(c.structure)), c, `flattenWithPath ${JSON.stringify(c.structure)}`);
    for (const c of F.is_nested!) expect(tf.keras.tree.isNested(c.structure), JSON.stringify(c.structure)).toBe(c.result);
  });

  it('mapStructure, assertSameStructure and assertSamePaths on pairs of structures', () => {
    for (const c of F.map_structure!) expectOutcome(outcomeOf(() => tf.keras.tree.mapStructure(addAll, c.a, c.b)), c, `mapStructure ${JSON.stringify([c.a, c.b])}`);
    for (const c of F.assert_same_structure!) expectOutcome(outcomeOf(() => tf.keras.tree.assertSameStructure(c.a, c.b)), c, `assertSameStructure ${JSON.stringify([c.a, c.b])}`);
    for (const c of F.assert_same_paths!) expectOutcome(outcomeOf(() => tf.keras.tree.assertSamePaths(c.a, c.b)), c, `assertSamePaths ${JSON.stringify([c.a, c.b])}`);
  });

  it('mapStructureUpTo and packSequenceAs', () => {
    // Keras' function: json.dumps(x, sort_keys=True); JSON.stringify with sorted keys and Python's spacing.
    const dumps = (x: unknown): string => JSON.stringify(x, (_k, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v)).replaceAll(',', ', ').replaceAll(':', ': ');
    for (const c of F.map_structure_up_to!) expectOutcome(outcomeOf(() => tf.keras.tree.mapStructureUpTo(c.shallow, dumps, c.structure)), c, `mapStructureUpTo ${JSON.stringify([c.shallow, c.structure])}`);
    for (const c of F.pack_sequence_as!) expectOutcome(outcomeOf(() => tf.keras.tree.packSequenceAs(c.structure, c.flat as Json[])), c, `packSequenceAs ${JSON.stringify([c.structure, c.flat])}`);
  });

  it('traverse: top down (a value replaces the node, MAP_TO_NONE gives null) and bottom up', () => {
    const [a, b, c, d] = F.traverse!;
    expectOutcome(outcomeOf(() => tf.keras.tree.traverse((x) => (typeof x === 'number' ? x * 10 : null), [1, { b: 2, a: [3] }])), a!, 'top down');
    expectOutcome(outcomeOf(() => tf.keras.tree.traverse((x) => (x === 2 ? tf.keras.tree.MAP_TO_NONE : null), [1, 2, [2, 3]])), b!, 'MAP_TO_NONE');
    expectOutcome(outcomeOf(() => tf.keras.tree.traverse((x) => (Array.isArray(x) ? x.length : null), [1, [2, 3]], false)), c!, 'bottom up');
    expectOutcome(outcomeOf(() => tf.keras.tree.traverse((x) => (typeof x === 'number' ? x + 1 : null), { a: [1, 2], b: 3 }, false)), d!, 'bottom up, leaves');
  });
});
