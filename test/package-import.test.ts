// The built package, imported by its published name from plain Node processes: ESM `import`
// and CommonJS `require`, both from inside the repo (package self-reference through
// package.json "exports") and from a separate consumer directory holding only what
// `npm publish` ships (package.json + dist/, per "files").
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const fixtures = join(root, 'test', 'fixtures');

type Smoke = { format: string; keys: string[]; constant?: string; wasmMagic?: number[] };

function runNode(script: string, cwd: string): Smoke {
  const stdout = execFileSync(process.execPath, [script], { cwd, encoding: 'utf8', timeout: 60_000 });
  const line = stdout.trim().split('\n').pop()!;
  return JSON.parse(line) as Smoke;
}

function check(r: Smoke) {
  expect(r.keys.length).toBeGreaterThan(0);
  if (r.constant !== undefined) {
    expect(r.constant).toMatch(/^tf\.Tensor\(/);
    expect(r.constant).toContain('shape=(3,)');
  }
  if (r.wasmMagic !== undefined) expect(r.wasmMagic).toEqual([0x00, 0x61, 0x73, 0x6d]);
}

describe('package import by name', () => {
  let consumer: string;

  beforeAll(() => {
    // A consumer project: node_modules/gradtape holds only the published files.
    consumer = mkdtempSync(join(tmpdir(), 'gradtape-consumer-'));
    const pkgDir = join(consumer, 'node_modules', 'gradtape');
    mkdirSync(pkgDir, { recursive: true });
    cpSync(join(root, 'package.json'), join(pkgDir, 'package.json'));
    const files: string[] = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).files;
    for (const f of files) cpSync(join(root, f), join(pkgDir, f), { recursive: true });
    cpSync(join(fixtures, 'esm-smoke.mjs'), join(consumer, 'esm-smoke.mjs'));
    cpSync(join(fixtures, 'cjs-smoke.cjs'), join(consumer, 'cjs-smoke.cjs'));
  });
  afterAll(() => {
    if (consumer) rmSync(consumer, { recursive: true, force: true });
  });

  it('ESM: import * as tf from "gradtape" (self-reference inside the repo)', () => {
    check(runNode(join(fixtures, 'esm-smoke.mjs'), root));
  });

  it('CJS: require("gradtape") (self-reference inside the repo)', () => {
    check(runNode(join(fixtures, 'cjs-smoke.cjs'), root));
  });

  it('ESM and CJS from a consumer project holding only the published files, with the same exports', () => {
    const esm = runNode(join(consumer, 'esm-smoke.mjs'), consumer);
    const cjs = runNode(join(consumer, 'cjs-smoke.cjs'), consumer);
    check(esm);
    check(cjs);
    expect(cjs.keys).toEqual(esm.keys);
    expect(cjs.constant).toEqual(esm.constant);
  });

  it('inside vitest, "gradtape" is the built dist/ bundle (same exports as plain Node sees)', () => {
    const esm = runNode(join(fixtures, 'esm-smoke.mjs'), root);
    expect(Object.keys(tf).sort()).toEqual(esm.keys);
  });

  // Plain Node child processes, no `await` anywhere: the module must be usable synchronously
  // right after import/require. Each prints the tensor's text and a gradient.
  const ESM_COMPUTE = [
    "import * as tf from 'gradtape';",
    'const x = new tf.Variable(3.6);',
    'const tape = new tf.GradientTape();',
    'const y = tape.record(() => x.mul(x));',
    'console.log(tf.constant([1, 2, 3]).toString());',
    "console.log(tf.constant([1, 2, 3], 'int32').toString());",
    'console.log(String(tape.gradient(y, x)));',
  ].join('\n');
  const CJS_COMPUTE = ESM_COMPUTE.replace("import * as tf from 'gradtape';", "const tf = require('gradtape');");
  const EXPECTED_COMPUTE = [
    'tf.Tensor([1. 2. 3.], shape=(3,), dtype=float32)',
    'tf.Tensor([1 2 3], shape=(3,), dtype=int32)',
    'tf.Tensor(7.2, shape=(), dtype=float32)',
  ];
  const runInline = (code: string, type: 'module' | 'commonjs', cwd: string) =>
    execFileSync(process.execPath, [`--input-type=${type}`, '-e', code], { cwd, encoding: 'utf8', timeout: 60_000 })
      .trim()
      .split('\n');

  it('ESM child process (no await): prints tf.constant([1,2,3]) and the gradient 7.2', () => {
    expect(ESM_COMPUTE).not.toMatch(/\bawait\b/);
    expect(runInline(ESM_COMPUTE, 'module', root)).toEqual(EXPECTED_COMPUTE);
    expect(runInline(ESM_COMPUTE, 'module', consumer)).toEqual(EXPECTED_COMPUTE);
  });

  it('CJS child process (require, no await): prints tf.constant([1,2,3]) and the gradient 7.2', () => {
    expect(CJS_COMPUTE).not.toMatch(/\bawait\b|\bimport\b/);
    expect(runInline(CJS_COMPUTE, 'commonjs', root)).toEqual(EXPECTED_COMPUTE);
    expect(runInline(CJS_COMPUTE, 'commonjs', consumer)).toEqual(EXPECTED_COMPUTE);
  });

  it('the smoke fixtures print the float32 text of tf.constant([1,2,3])', () => {
    const esm = runNode(join(fixtures, 'esm-smoke.mjs'), root);
    const cjs = runNode(join(fixtures, 'cjs-smoke.cjs'), root);
    expect(esm.constant).toBe('tf.Tensor([1. 2. 3.], shape=(3,), dtype=float32)');
    expect(cjs.constant).toBe(esm.constant);
  });

  it('Node: `import` and `require` of "gradtape" in one process share one copy (one Tensor class, one wasm instance)', () => {
    const code = [
      "import { createRequire } from 'node:module';",
      "import * as esm from 'gradtape';",
      "const cjs = createRequire(import.meta.url)('gradtape');",
      'console.log(esm.Tensor === cjs.Tensor, esm.constant === cjs.constant);',
      'const v = new esm.Variable(3);',
      'const tape = new cjs.GradientTape();',
      'const y = tape.record(() => esm.mul(v, v));',
      'console.log(String(cjs.add(esm.constant([1, 2]), 1)));',
      'console.log(String(tape.gradient(y, v)));',
    ].join('\n');
    expect(runInline(code, 'module', consumer)).toEqual([
      'true true',
      'tf.Tensor([2. 3.], shape=(2,), dtype=float32)',
      'tf.Tensor(6.0, shape=(), dtype=float32)',
    ]);
  });

  it('two copies in one process (the ESM and CJS bundles loaded by path): a tensor of one used by the other is an error naming the dual-package cause', () => {
    const code = [
      "import { createRequire } from 'node:module';",
      // By path: the package's "exports" map gives Node one copy for both.
      "import * as esm from './node_modules/gradtape/dist/index.mjs';",
      "const cjs = createRequire(import.meta.url)('./node_modules/gradtape/dist/index.cjs');",
      'const a = esm.constant([1, 2]);',
      'for (const f of [() => cjs.add(a, 1), () => new cjs.GradientTape().watch(a)]) {',
      '  try { f(); console.log("no error"); } catch (e) { console.log(e.constructor.name + ": " + e.message); }',
      '}',
    ].join('\n');
    const lines = runInline(code, 'module', consumer);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatch(/^Error: .*another copy of gradtape .*ESM and CommonJS builds.*import gradtape one way only/);
    }
  });

  it('the ESM and browser bundles carry no Node-only imports and no top-level await', () => {
    for (const f of ['dist/index.mjs', 'dist/gradtape.global.js']) {
      const src = readFileSync(join(root, f), 'utf8');
      expect(src, f).not.toMatch(/\bfrom\s*["']node:/);
      expect(src, f).not.toMatch(/\brequire\(\s*["'](node:)?(fs|path|url|module|child_process)["']\s*\)/);
      expect(src, f).not.toMatch(/^await\s/m);
    }
  });
});
