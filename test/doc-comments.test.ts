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
import ts from 'typescript';
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

describe('what an editor shows on hover', () => {
  // The same question through TypeScript's language service (what VS Code asks): quick info on
  // `tf.<name>` in a user's file must carry documentation, for top-level exports and for members
  // of the namespace objects alike (which show nothing unless they carry their own comment).
  it('quick info on tf.* names in user code carries their doc comment', () => {
    const names = ['matmul', 'multiply', 'math.polyval', 'math.exp', 'nn.relu', 'linalg.qr', 'random.normal', 'optimize.curveFit',
      'keras.losses.huber', 'keras.optimizers.Adam', 'optimizers.schedules.CosineDecay', 'Variable', 'GradientTape', 'tidy'];
    const file = join(root, 'test', 'hover-probe.ts');
    const code = `import * as tf from '../ts/index';\n${names.map((n) => `tf.${n};`).join('\n')}\n`;
    const host: ts.LanguageServiceHost = {
      getScriptFileNames: () => [file],
      getScriptVersion: () => '1',
      getScriptSnapshot: (f) => ts.ScriptSnapshot.fromString(f === file ? code : readFileSync(f, 'utf8')),
      getCurrentDirectory: () => root,
      getCompilationSettings: () => ({ module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, strict: true }),
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: (f) => f === file || ts.sys.fileExists(f),
      readFile: (f) => (f === file ? code : ts.sys.readFile(f)),
    };
    const service = ts.createLanguageService(host);
    const silent = names.filter((name) => {
      const position = code.indexOf(`tf.${name};`) + `tf.${name}`.length - 1;
      const info = service.getQuickInfoAtPosition(file, position);
      return ts.displayPartsToString(info?.documentation ?? []).trim() === '';
    });
    expect(silent).toEqual([]);
  });
});
