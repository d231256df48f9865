// The README's examples are documentation that must run: each ```ts block is written to a file
// inside the repository (so 'gradtape' resolves to the built package) and run with tsx, and each
// ```js block runs with plain node, as an ES module or, when it calls require, as CommonJS.
// The ```html block (a page loading the CDN files) cannot run in Node: test/browser-docs.test.ts
// runs it in headless Chromium. The ```text block is a CSP header, whose effect
// test/browser.test.ts checks (without 'wasm-unsafe-eval' the module is refused, with it ops run).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { statedOutput } from './helpers/doc-examples';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const jsBlocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);

function run(code: string, kind: 'ts' | 'js' = 'ts'): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(root, 'test', '.readme-'));
  try {
    const file = join(dir, kind === 'ts' ? 'example.mts' : code.includes('require(') ? 'example.cjs' : 'example.mjs');
    writeFileSync(file, code);
    const command = kind === 'ts' ? join(root, 'node_modules', '.bin', 'tsx') : process.execPath;
    const r = spawnSync(command, [file], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('README examples', () => {
  it('has the examples this test runs', () => {
    expect(blocks.length).toBe(7);
    expect(jsBlocks.length).toBe(3);
  });

  it('the install examples run in Node as ESM and as CommonJS, and the bundler one too', () => {
    const [esm, cjs, bundler] = jsBlocks;
    expect(esm).toContain("import * as tf from 'gradtape'");
    expect(cjs).toContain("require('gradtape')");
    for (const code of [esm!, cjs!]) {
      const r = run(code, 'js');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('[ 2, 3, 4 ]\n');
    }
    const r = run(bundler!, 'js');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('the opening example fits the polynomial', () => {
    const r = run(blocks[0]!);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const numbers = r.stdout.match(/-?\d+\.\d*/g)!.map(Number);
    expect(numbers).toHaveLength(3);
    numbers.forEach((value, k) => expect(Math.abs(value - [1, 2, 3][k]!)).toBeLessThan(0.05));
  });

  it('the TensorFlow-to-gradtape translations run and print what their comments say', () => {
    const r = run(blocks[1]!);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(statedOutput(blocks[1]!));
  });

  it('the tour runs and prints what its comments say', () => {
    const r = run(blocks[2]!);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('[ 2, 2 ] float32 2 4');
    expect(r.stdout).toContain('tf.Tensor(\n[[1. 2.]\n [3. 4.]], shape=(2, 2), dtype=float32)');
    expect(r.stdout).toContain('754');
    expect(r.stdout).toContain('tf.Tensor(6.0, shape=(), dtype=float32)');
    expect(r.stdout).toMatch(/\n1 2\.99\d*\n/);
  });

  it('the op catalog example prints what its comments say', () => {
    const r = run(blocks[3]!);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      '[ 3, 4 ]',
      '[ [ true, false, true ], [ true, true, false ] ]',
      '[ [ 2, 0 ], [ 1, 0 ] ]',
      '[ 3, 2 ]',
      '[ [ 12, 0 ], [ 0, 3 ] ]',
      '4',
      '1',
    ]);
  });

  it('the fitting example prints what its comments say', () => {
    const r = run(blocks[4]!);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      "[ '2.503', '1.293', '0.503' ]",
      "[ '0.022', '0.029', '0.014' ]",
      'true 3',
      "[ '2.503', '5.007' ]",
      '[ 1, 1 ] 0',
    ]);
  });

  it('the layers and models example prints what its comments say', () => {
    const r = run(blocks[6]!);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(statedOutput(blocks[6]!));
  });

  it('the checkpoint example prints what its comments say', () => {
    const r = run(blocks[5]!);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(statedOutput(blocks[5]!));
  });
});
