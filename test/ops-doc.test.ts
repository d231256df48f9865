// docs/ops.md is generated (scripts/ops-doc.ts, `npm run docs:ops`) from the op table the wasm
// module describes and from the package's doc comments; this fails when the file is stale.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { opsMarkdown } from '../scripts/ops-doc';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('docs/ops.md', () => {
  const expected = opsMarkdown();

  it('is what `npm run docs:ops` writes now', () => {
    const current = readFileSync(join(root, 'docs/ops.md'), 'utf8');
    expect(current === expected, 'docs/ops.md is stale: run `npm run docs:ops`').toBe(true);
  });

  it('lists every function of the main namespaces, and only functions that exist', () => {
    const namespaces: [string, Record<string, unknown>][] = [
      ['tf.math', tf.math], ['tf.nn', tf.nn], ['tf.linalg', tf.linalg], ['tf.random', tf.random], ['tf.optimize', tf.optimize],
    ];
    for (const [title, ns] of namespaces) {
      const section = expected.split(`### \`${title}\``)[1]!.split('###')[0]!;
      const listed = [...section.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]!).sort();
      const actual = Object.keys(ns).filter((k) => typeof ns[k] === 'function').sort();
      expect(listed, title).toEqual(actual);
    }
  });

  it('lists the op table as the module runs it', () => {
    expect(expected).toContain('| `matmul` | `tf.linalg.matmul` | 2 | float32, float64, int32 | as input | transpose_a: bool, transpose_b: bool |');
    expect(expected).toContain('| `argmax` | `tf.math.argmax` | 1 | any | int32 |');
  });
});
