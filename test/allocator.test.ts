// The wasm allocator's guarantees, each checked in a SEPARATE Node process (test/memory-worker/*.mjs
// import the built package as 'gradtape' and print one JSON line), since each fills or nearly
// fills the 4 GiB of wasm memory:
//
//   a. after memory is filled to OutOfMemory with mixed sizes and everything is disposed, the
//      largest accepted tensor fits again (freed memory comes back as one run)
//   b. with memory completely full, ops either work or throw OutOfMemory, never trap the module
//   c. the largest accepted size really is allocatable on a fresh instance; one element more is
//      refused up front
import { describe, it } from 'vitest';
import { type Check, expectAllChecks, runWorker as run } from './helpers/worker';

interface Result { checks: Check[]; numbers?: Record<string, unknown> }

const runWorker = (script: string) => run<Result>(script, { timeoutMs: 300_000 });

describe('the wasm allocator (each in its own process)', () => {
  it('a. after filling memory with mixed sizes and disposing everything, the largest tensor fits again', async () => {
    const r = await runWorker('fill-free-max.mjs');
    console.log(`[allocator a] ${JSON.stringify(r.numbers)}`);
    expectAllChecks(r.checks, 9);
  }, 300_000);

  it('b. with memory completely full, ops work or throw OutOfMemory, never trap', async () => {
    const r = await runWorker('full-memory-ops.mjs');
    console.log(`[allocator b] ${JSON.stringify(r.numbers)}`);
    expectAllChecks(r.checks, 11);
  }, 300_000);

  it('c. the largest accepted tensor is allocatable on a fresh instance, and one element more is refused', async () => {
    const r = await runWorker('max-size.mjs');
    expectAllChecks(r.checks, 9);
  }, 300_000);
});
