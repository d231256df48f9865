// The tutorial's regression program (part 2) in headless Chromium, on the SAME built bundles that
// `npm publish` ships: dist/index.mjs imported by a <script type="module">, and
// dist/gradtape.global.js loaded by a classic <script> (global `gradtape`, tsup.config.ts's
// globalName). A local http server on 127.0.0.1 (random port) serves dist/ and test/browser/;
// playwright-core drives Debian's Chromium (/usr/bin/chromium). `npm test` installs it with apt
// when running as root (scripts/ensure-chromium.mjs); this test fails, rather than skips, when it
// is missing, saying what to run.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
// CHROMIUM_PATH overrides the path (CI uses the default).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SEED = 16; // (test/browser/regression.js: a seed whose fit gets within 5e-4 of [1, 2, 3], as in TensorFlow)
const EXPECTED_HEADER = "<tf.Variable 'Variable:0' shape=(3, 1) dtype=float32";

interface RegressionResult {
  weights: number[][];
  initialString: string;
  finalString: string;
  finalLoss: number;
  /** The same steps under tf.function: the weights, and how many passes ran as generated wasm. */
  compiled: { weights: number[][]; generatedChains: number; adam: { eager: number[][]; compiled: number[][] } };
  /** The puzzle's four values after 300 Adam steps, eager and compiled (its whole step generated). */
  puzzle: { eager: { values: number[]; generated: number }; compiled: { values: number[]; generated: number } };
  ms: number;
  memory: { numTensors: number; numBytes: number; wasmMemoryBytes: number };
  backend: { backend: string; simd: string; threads: number };
  userAgent: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Serves /dist/* and /test/browser/* from the repo, nothing else. */
function startServer(): Promise<{ server: Server; origin: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname);
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = normalize(join(root, decodeURIComponent(url.pathname)));
    const allowed = [join(root, 'dist') + sep, join(root, 'test', 'browser') + sep];
    if (!allowed.some((dir) => file.startsWith(dir)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${url.pathname}`);
      return;
    }
    const headers: Record<string, string> = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
    // ?csp=strict: a policy that allows scripts but not compiling WebAssembly; ?csp=wasm adds it.
    const csp = url.searchParams.get('csp');
    if (csp) headers['content-security-policy'] = `script-src 'self' 'unsafe-inline'${csp === 'wasm' ? " 'wasm-unsafe-eval'" : ''}`;
    // ?coi=1: a cross-origin isolated page (it may share memory with workers).
    if (url.searchParams.get('coi')) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
    }
    res.writeHead(200, headers);
    res.end(readFileSync(file));
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolvePromise({ server, origin: `http://127.0.0.1:${port}`, requests });
    });
  });
}

let browser: Browser | undefined;
let server: Server | undefined;
let origin = '';
let requests: string[] = [];
let setupError: Error | undefined;
let nodeResult: RegressionResult;

beforeAll(async () => {
  for (const f of ['dist/index.mjs', 'dist/gradtape.global.js']) {
    if (!existsSync(join(root, f))) throw new Error(`${f} is missing: run \`npm run build\` first.`);
  }
  // The same program, same seed, same bundle, in this Node process: the browser must agree.
  await import('./browser/regression.js');
  const run = (globalThis as unknown as { runRegression: (t: typeof tf, seed: number) => Promise<RegressionResult> }).runRegression;
  nodeResult = await run(tf, SEED);

  if (!existsSync(CHROMIUM)) {
    setupError = new Error(
      `Chromium is not installed at ${CHROMIUM}. The browser tests need Debian's Chromium: run ` +
        '`sudo apt-get update && sudo apt-get install -y chromium` (`npm test` does this itself when run as root, ' +
        'through scripts/ensure-chromium.mjs), or set CHROMIUM_PATH. These tests fail rather than skip when it is missing.',
    );
    return;
  }
  ({ server, origin, requests } = await startServer());
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 120_000,
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
});

/** Opens a page, waits for the regression, and returns its result plus everything that went wrong. */
async function runPage(path: string): Promise<{ result: RegressionResult; label: string; problems: string[]; logs: string[] }> {
  if (setupError) throw setupError;
  const page: Page = await browser!.newPage();
  const problems: string[] = [];
  const logs: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.stack ?? e.message}`));
  page.on('console', (m) => {
    logs.push(`${m.type()}: ${m.text()}`);
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  try {
    await page.goto(`${origin}${path}?seed=${SEED}`, { waitUntil: 'load', timeout: 120_000 });
    // Done, or failed early: an uncaught page error or an HTTP error (a module that fails to load
    // or a missing global would otherwise only show as a timeout).
    let stop = () => {};
    const failed = new Promise<never>((_, reject) => {
      const check = setInterval(() => {
        if (problems.some((p) => p.startsWith('pageerror') || p.startsWith('HTTP') || p.startsWith('request failed'))) {
          reject(new Error(`the page failed:\n${problems.join('\n')}\n--- console ---\n${logs.join('\n')}`));
        }
      }, 100);
      stop = () => clearInterval(check);
    });
    try {
      await Promise.race([
        page.waitForFunction(() => (window as unknown as { __done?: boolean }).__done === true, null, { timeout: 150_000, polling: 100 }),
        failed,
      ]);
    } finally {
      stop();
    }
    const { result, error, label, text } = await page.evaluate(() => {
      const w = window as unknown as { __result?: unknown; __error?: string; __label?: string };
      return { result: w.__result, error: w.__error, label: w.__label, text: document.getElementById('out')?.textContent };
    });
    if (error) throw new Error(`the page's regression threw:\n${error}\n--- console ---\n${logs.join('\n')}`);
    const r = result as RegressionResult;
    expect(text).toBe(r.finalString); // what the page printed into the DOM
    return { result: r, label: label ?? '', problems, logs };
  } finally {
    await page.close();
  }
}

function checkRegression(name: string, r: RegressionResult): void {
  const flat = r.weights.map((row) => row[0]!);
  console.log(
    `[browser ${name}] w = [${flat.map((v) => v.toFixed(5)).join(', ')}], loss ${r.finalLoss.toExponential(3)}, ` +
      `1000 steps in ${r.ms.toFixed(0)} ms; wasm ${(r.memory.wasmMemoryBytes / 2 ** 20).toFixed(1)} MiB; ${r.userAgent}`,
  );
  expect(r.weights.length).toBe(3);
  expect(flat[0]).toBeCloseTo(1, 1);
  expect(flat[1]).toBeCloseTo(2, 1);
  expect(flat[2]).toBeCloseTo(3, 1);
  for (const [i, want] of [1, 2, 3].entries()) expect(Math.abs(flat[i]! - want), `w[${i}]`).toBeLessThan(0.02);
  // Printing, as `print(w)` in the tutorial.
  expect(r.finalString.startsWith(EXPECTED_HEADER), r.finalString).toBe(true);
  expect(r.initialString.startsWith(EXPECTED_HEADER), r.initialString).toBe(true);
  expect(r.finalString).toMatch(/numpy=\narray\(\[\[[-\d. e+]+\],\n {7}\[[-\d. e+]+\],\n {7}\[[-\d. e+]+\]\], dtype=float32\)>$/);
  // Same wasm, same seed: the browser computes what Node computes.
  const fromNode = nodeResult.weights.map((row) => row[0]!);
  for (let i = 0; i < 3; i++) expect(Math.abs(flat[i]! - fromNode[i]!), `w[${i}] browser vs node`).toBeLessThanOrEqual(1e-5);
  expect(r.finalString).toBe(nodeResult.finalString);
  // The compiled steps: their pass and their whole step generated and compiled on the page (the
  // step runs for Adam; Nadam's steps replay the program, its pass generated), with the eager bits.
  expect(r.compiled.generatedChains).toBe(2);
  expect(r.compiled.adam.compiled).toEqual(r.compiled.adam.eager);
  expect(r.compiled.weights).toEqual(r.weights);
  expect(r.puzzle.compiled.generated).toBe(1);
  expect(r.puzzle.compiled.values).toEqual(r.puzzle.eager.values);
  for (const [i, want] of [4, 5, 4, 3].entries()) expect(Math.abs(r.puzzle.compiled.values[i]! - want), `puzzle ${i}`).toBeLessThan(0.05);
  // Chromium has relaxed SIMD (since 114): the matrix product's fused multiply-add kernels run.
  expect(r.backend).toEqual({ backend: 'wasm', simd: 'relaxed-simd', threads: 1 });
}

describe('headless Chromium runs the built bundles', () => {
  it('on a cross-origin isolated page, kernels run on Web Workers with the same bits as on one thread', async () => {
    if (setupError) throw setupError;
    const page: Page = await browser!.newPage();
    try {
      await page.goto(`${origin}/test/browser/threads.html?coi=1`, { waitUntil: 'load', timeout: 120_000 });
      await page.waitForFunction(() => (window as unknown as { __done?: boolean }).__done === true, null, { timeout: 120_000, polling: 100 });
      const { result, error } = await page.evaluate(() => {
        const w = window as unknown as { __result?: unknown; __error?: string };
        return { result: w.__result, error: w.__error };
      });
      expect(error).toBeUndefined();
      const r = result as { crossOriginIsolated: boolean; info: { threads: number; simd: string }; cores: number; same: boolean[] };
      expect(r.crossOriginIsolated).toBe(true);
      expect(r.info.threads).toBe(Math.min(8, r.cores));
      expect(r.info.threads).toBeGreaterThan(1); // this machine has two cores or more
      expect(r.same).toEqual([true, true, true, true, true, true]);
      // The workers the kernels asked for are the page's dedicated workers.
      expect(page.workers().length).toBe(r.info.threads - 1);
    } finally {
      await page.close();
    }
  });

  it('the regression (tutorial part 2) in Node, for reference', () => {
    const flat = nodeResult.weights.map((row) => row[0]!);
    console.log(`[node] w = [${flat.map((v) => v.toFixed(5)).join(', ')}], loss ${nodeResult.finalLoss.toExponential(3)}`);
    for (const [i, want] of [1, 2, 3].entries()) expect(Math.abs(flat[i]! - want)).toBeLessThan(0.02);
  });

  it('dist/index.mjs via <script type="module">: await tf.ready(), regression reaches [1, 2, 3], printing works', async () => {
    const { result, label, problems } = await runPage('/test/browser/module.html');
    expect(label).toBe('esm');
    expect(problems).toEqual([]);
    checkRegression('esm', result);
    expect(requests).toContain('/dist/index.mjs');
    // The wasm is embedded in the bundle: no separate .wasm fetch.
    expect(requests.filter((p) => p.endsWith('.wasm'))).toEqual([]);
  }, 300_000);

  it("under a Content Security Policy without 'wasm-unsafe-eval', ready() and ops say what to add; with it, ops run", async () => {
    if (setupError) throw setupError;
    const run = async (csp: string) => {
      const page = await browser!.newPage();
      try {
        await page.goto(`${origin}/test/browser/csp.html?csp=${csp}`, { waitUntil: 'load', timeout: 60_000 });
        await page.waitForFunction(() => (window as unknown as { __csp?: unknown }).__csp !== undefined, null, { timeout: 60_000 });
        return await page.evaluate(() => (window as unknown as { __csp: { readyError: string | null; opError: string | null; value: number[] | null; otherErrors: string[] } }).__csp);
      } finally {
        await page.close();
      }
    };
    const blocked = await run('strict');
    expect(blocked.readyError).toMatch(/^Error: gradtape: could not start its WebAssembly module .*'wasm-unsafe-eval'/);
    expect(blocked.opError).toMatch(/^Error: gradtape: could not start its WebAssembly module .*'wasm-unsafe-eval'/);
    expect(blocked.value).toBeNull();
    // One readiness check: every other kind of entry point fails the same way.
    expect(blocked.otherErrors).toEqual(Array(5).fill(blocked.opError));
    const allowed = await run('wasm');
    expect(allowed).toEqual({ readyError: null, opError: null, value: [2, 3], otherErrors: [] });
  }, 180_000);

  it('dist/gradtape.global.js via a classic <script>: global `gradtape` runs the same program', async () => {
    const { result, label, problems } = await runPage('/test/browser/global.html');
    expect(label).toBe('iife');
    expect(problems).toEqual([]);
    checkRegression('iife', result);
    expect(requests).toContain('/dist/gradtape.global.js');
    expect(requests.filter((p) => p.endsWith('.wasm'))).toEqual([]);
  }, 300_000);
});
