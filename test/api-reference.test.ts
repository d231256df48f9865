// The API reference builds: TypeDoc (`npm run docs`, typedoc.json) runs with warnings treated as
// errors (broken {@link}s, bad tags, links it cannot resolve), here into a temporary directory,
// and its pages carry the doc comments, the README as front page, the guides and docs/ops.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('API reference (TypeDoc)', () => {
  it('builds without warnings and documents the core classes', () => {
    const out = mkdtempSync(join(tmpdir(), 'gradtape-api-'));
    try {
      const r = spawnSync(join(root, 'node_modules', '.bin', 'typedoc'), ['--out', out], { cwd: root, encoding: 'utf8', timeout: 170_000 });
      const log = `${r.stdout}\n${r.stderr}`;
      expect(log).not.toMatch(/\[(warning|error)\]/);
      expect(r.status, log).toBe(0);
      const tape = readFileSync(join(out, 'classes', 'GradientTape.html'), 'utf8');
      expect(tape).toContain('Records operations for automatic differentiation');
      expect(tape).toContain('gradient');
      const variable = readFileSync(join(out, 'classes', 'Variable.html'), 'utf8');
      expect(variable).toContain('assignAdd');
      // The README is the front page, with its links to the guides and the op list rewritten to
      // the reference's own copies of them.
      const front = readFileSync(join(out, 'index.html'), 'utf8');
      expect(front).toContain('Coming from TensorFlow');
      for (const page of ['ops', 'memory-model', 'gradients-and-tapes', 'fitting', 'compiled-steps', 'browsers-and-workers', 'keras-layers', 'data']) {
        expect(front, page).toContain(`documents/${page}.html`);
        expect(readFileSync(join(out, 'documents', `${page}.html`), 'utf8').length).toBeGreaterThan(1000);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
