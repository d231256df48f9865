// The guides in docs/guides/ are documentation that runs: every ```ts block runs against the
// built package (as a user's file would, importing 'gradtape') and prints exactly what the
// comments of its console.log lines say (test/helpers/doc-examples.ts states the convention).
// The ```html and ```js blocks are browser code: test/browser-docs.test.ts runs them in Chromium.
// The ```text block is a CSP header (test/browser.test.ts checks its effect).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownBlocks, root, runTs, statedOutput } from './helpers/doc-examples';

const guides = readdirSync(join(root, 'docs/guides')).filter((f) => f.endsWith('.md')).sort();

describe('guides', () => {
  it('are the seven guides the README links to', () => {
    expect(guides).toEqual(['browsers-and-workers.md', 'compiled-steps.md', 'data.md', 'fitting.md', 'gradients-and-tapes.md', 'keras-layers.md', 'memory-model.md']);
  });

  for (const guide of guides) {
    const blocks = markdownBlocks(join('docs/guides', guide));
    describe(guide, () => {
      it('has runnable examples', () => {
        expect(blocks.length).toBeGreaterThan(0);
      });
      blocks.forEach((code, i) => {
        it(`block ${i + 1} runs and prints what its comments say`, () => {
          const expected = statedOutput(code);
          const r = runTs(code);
          expect(r.stderr).toBe('');
          expect(r.status).toBe(0);
          expect(r.stdout.split('\n').filter((line) => line !== '')).toEqual(expected);
        });
      });
    });
  }
});
