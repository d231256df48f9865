// Every public declaration carries a doc comment, so an editor's hover and the API reference
// (TypeDoc, `npm run docs`) explain it. scripts/public-api.ts walks what `import * as tf from
// 'gradtape'` reaches, through the TypeScript compiler, over the sources in ts/.
//
// test/fixtures/undocumented.txt lists the declarations still without one. It may only shrink:
// a new undocumented export fails here, and so does a listed name that is now documented (remove
// it from the list) or that no longer exists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { publicDeclarations } from '../scripts/public-api';

const root = fileURLToPath(new URL('..', import.meta.url));
const allowList = readFileSync(join(root, 'test/fixtures/undocumented.txt'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

describe('doc comments on the public API', () => {
  const declarations = publicDeclarations();
  const byName = new Map(declarations.map((d) => [d.name, d.documented]));

  it('walks the whole public API', () => {
    // A walker that found nothing would pass every check below.
    for (const name of ['Tensor', 'Tensor.matmul', 'Variable.assignAdd', 'GradientTape.gradient', 'constant', 'tidy',
      'optimize.curveFit', 'optimizers.Adam', 'math.exp', 'nn.relu', 'linalg.qr', 'Optimizer.applyGradients']) {
      expect(byName.has(name), name).toBe(true);
    }
    expect(declarations.length).toBeGreaterThan(800);
  });

  it('documents every public declaration not on the allow-list', () => {
    const missing = declarations.filter((d) => !d.documented && !allowList.includes(d.name)).map((d) => d.name);
    expect(missing, 'add a doc comment to each of these').toEqual([]);
  });

  it('the allow-list only names declarations that exist and still lack a doc comment', () => {
    const stale = allowList.filter((name) => byName.get(name) !== false);
    expect(stale, 'documented or gone: remove these from test/fixtures/undocumented.txt').toEqual([]);
  });

  it('the most used APIs are documented, whatever the allow-list says', () => {
    const core = ['Tensor', 'Variable', 'GradientTape', 'constant', 'matmul', 'tidy', 'GradientTape.gradient',
      'GradientTape.record', 'Variable.assign', 'Variable.assignAdd', 'Tensor.dataSync', 'Tensor.arraySync',
      'optimize.curveFit', 'optimize.minimize', 'Optimizer.applyGradients', 'Optimizer.minimize'];
    expect(core.filter((name) => byName.get(name) !== true)).toEqual([]);
  });
});
