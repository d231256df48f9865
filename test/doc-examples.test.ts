// The `@example` blocks of the doc comments in ts/ (what an editor's hover and the API reference
// show) run against the built package and print what their comments say.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docExamples, root, runExamples, statedOutput } from './helpers/doc-examples';

const examples = docExamples();

describe('doc comment examples', () => {
  it('finds the examples', () => {
    // A pattern that stopped matching would make every check below vacuous.
    expect(examples.length).toBeGreaterThanOrEqual(10);
    for (const e of examples) expect(e.code, e.where).toContain('tf.');
  });

  it('every @example is a fenced ```ts block (so that this test runs it)', () => {
    const files = readdirSync(join(root, 'ts'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const tags = files.reduce((n, f) => n + (readFileSync(join(root, 'ts', f), 'utf8').match(/@example/g) ?? []).length, 0);
    expect(tags).toBe(examples.length);
  });

  it('every example runs and prints what its comments say', () => {
    const results = runExamples(examples);
    const failures: string[] = [];
    examples.forEach((e, i) => {
      const { output, error } = results[i]!;
      if (error !== null) failures.push(`${e.where}: threw ${error}`);
      else if (JSON.stringify(output) !== JSON.stringify(statedOutput(e.code))) {
        failures.push(`${e.where}: printed ${JSON.stringify(output)}, its comments say ${JSON.stringify(statedOutput(e.code))}`);
      }
    });
    expect(failures).toEqual([]);
  });
});
