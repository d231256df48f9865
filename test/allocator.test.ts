// The wasm allocator's guarantees, each checked in a SEPARATE Node process (test/memory-worker/*.mjs
// import the built package as 'gradtape' and print one JSON line), since each fills or nearly
// fills the 4 GiB of wasm memory:
//
//   a. after memory is filled to OutOfMemory with mixed sizes and everything is disposed, the
//      largest accepted tensor fits again (freed memory comes back as one run)
//   b. with memory completely full, ops either work or throw OutOfMemory, never trap the module
//   c. the largest accepted size really is allocatable on a fresh instance; one element more is
//      refused up front
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const workers = join(root, 'test', 'memory-worker');

interface Check { name: string; ok: boolean; detail: string }
interface Result { checks: Check[]; numbers?: Record<string, unknown> }

/** Runs `node test/memory-worker/<script>` and parses the last line of its output. */
function runWorker(script: string): Promise<Result> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      [join(workers, script)],
      { cwd: root, encoding: 'utf8', timeout: 300_000, maxBuffer: 16 * 2 ** 20 },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`${script} failed (${err.message})\n--- stderr ---\n${stderr}\n--- stdout (tail) ---\n${stdout.slice(-4000)}`));
          return;
        }
        const line = stdout.trim().split('\n').pop() ?? '';
        try {
          resolvePromise(JSON.parse(line) as Result);
        } catch {
          reject(new Error(`${script}: the last line of stdout is not JSON: ${line.slice(0, 500)}\n--- stderr ---\n${stderr}`));
        }
      },
    );
  });
}

/** Fails with every failed check, not just the first. */
function expectAllChecks(r: Result, minChecks: number): void {
  expect(r.checks.length).toBeGreaterThanOrEqual(minChecks);
  expect(r.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`)).toEqual([]);
}

describe('the wasm allocator (each in its own process)', () => {
  it('a. after filling memory with mixed sizes and disposing everything, the largest tensor fits again', async () => {
    const r = await runWorker('fill-free-max.mjs');
    console.log(`[allocator a] ${JSON.stringify(r.numbers)}`);
    expectAllChecks(r, 9);
  }, 300_000);

  it('b. with memory completely full, ops work or throw OutOfMemory, never trap', async () => {
    const r = await runWorker('full-memory-ops.mjs');
    console.log(`[allocator b] ${JSON.stringify(r.numbers)}`);
    expectAllChecks(r, 11);
  }, 300_000);

  it('c. the largest accepted tensor is allocatable on a fresh instance, and one element more is refused', async () => {
    const r = await runWorker('max-size.mjs');
    expectAllChecks(r, 9);
  }, 300_000);
});
