// The memory requirements of DESIGN.md ("Memory: the decision that matters most"), each checked
// in a SEPARATE Node process (test/memory-worker/*.mjs import the built package as 'gradtape' and
// print one JSON line), so that one loop's heap, wasm memory and RSS cannot affect another's,
// and so that RSS measures the loop alone. The workers run WITHOUT --expose-gc: the requirement
// is that memory stays bounded without the user calling gc, dispose or tidy.
//
//   a. tutorial loop (puzzle: four scalar Variables, Nadam, a new tape per step), 100,000 steps
//   b. MLP loop with 1 MiB of gradients per step (Adam), 4,000 steps
//   c. tensors the user holds are never invalidated, however many evictions happen
//   d. dispose(), tf.tidy, tf.keep and Symbol.dispose release memory early and deterministically
//
// The measured peaks are printed (console.log) so they can be reported.
import { describe, expect, it } from 'vitest';
import { type Check, expectAllChecks, runWorker } from './helpers/worker';

const MiB = 1024 * 1024;

interface Sample {
  step: number | string;
  wasmMemoryBytes: number;
  numTensors: number;
  numBytes: number;
  residentBytes: number;
  budgetBytes: number;
  numEvicted: number;
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  ms?: number;
}


const mb = (b: number) => `${(b / MiB).toFixed(1)} MiB`;
const maxOf = (xs: Sample[], key: keyof Sample) => Math.max(...xs.map((s) => s[key] as number));
const between = (xs: Sample[], lo: number, hi: number) => xs.filter((s) => typeof s.step === 'number' && s.step >= lo && s.step <= hi);
const at = (xs: Sample[], step: number) => {
  const s = xs.find((x) => x.step === step);
  if (!s) throw new Error(`no sample at step ${step}`);
  return s;
};

function table(title: string, rows: Sample[]): string {
  const lines = rows.map(
    (s) =>
      `  step ${String(s.step).padStart(7)}: wasm ${mb(s.wasmMemoryBytes).padStart(10)}  rss ${mb(s.rss).padStart(10)}  ` +
      `heapUsed ${mb(s.heapUsed).padStart(10)}  numTensors ${String(s.numTensors).padStart(8)}  numBytes ${mb(s.numBytes).padStart(10)}  ` +
      `evicted ${String(s.numEvicted).padStart(8)}${s.ms !== undefined ? `  t=${(s.ms / 1000).toFixed(1)}s` : ''}`,
  );
  return `${title}\n${lines.join('\n')}`;
}


describe('memory stays bounded without dispose, tidy or gc (each loop in its own process)', () => {
  it('a. tutorial loop: 100,000 steps of the puzzle (new tape per step, Nadam, no dispose/tidy, no yielding)', async () => {
    const r = await runWorker<{
      steps: number;
      ms: number;
      usPerStep: number;
      samples: Sample[];
      peak: { wasmMemoryBytes: number; numTensors: number; numBytes: number; rss: number };
      residuals: number[];
    }>('puzzle-loop.mjs', { args: ['100000'] });
    const s = r.samples;
    console.log(
      table(
        `[memory a] puzzle loop, ${r.steps} steps in ${(r.ms / 1000).toFixed(1)} s (${r.usPerStep.toFixed(1)} µs/step)`,
        s.filter((x) => typeof x.step === 'number' && (x.step <= 1000 || x.step % 10_000 === 0)),
      ) +
        `\n  peaks: wasm ${mb(r.peak.wasmMemoryBytes)}, rss ${mb(r.peak.rss)}, numTensors ${r.peak.numTensors}, numBytes ${mb(r.peak.numBytes)}`,
    );
    expect(r.steps).toBe(100_000);
    // The loop did its job.
    for (const e of r.residuals) expect(Math.abs(e)).toBeLessThan(1e-3);

    const s20 = at(s, 20_000);
    const s100 = at(s, 100_000);
    const early = between(s, 10_000, 20_000); // sampled every 1,000 steps by the worker
    const late = between(s, 80_000, 100_000);
    expect(early.length).toBeGreaterThanOrEqual(10);
    expect(late.length).toBeGreaterThanOrEqual(20);
    // Wasm memory reaches its working set early and stays there: at 100k it is equal to, or
    // barely above, what it was at 20k, and nowhere in the last 20k steps above the early peak.
    expect(s100.wasmMemoryBytes, 'wasm memory at 100k vs 20k').toBeLessThanOrEqual(s20.wasmMemoryBytes + 4 * MiB);
    expect(maxOf(late, 'wasmMemoryBytes'), 'wasm memory peak, steps 80k-100k vs 10k-20k').toBeLessThanOrEqual(maxOf(early, 'wasmMemoryBytes') + 4 * MiB);
    // Live wasm tensors and bytes do not keep growing either.
    expect(maxOf(late, 'numTensors'), 'numTensors peak, 80k-100k vs 10k-20k').toBeLessThanOrEqual(maxOf(early, 'numTensors') * 1.25 + 1000);
    expect(maxOf(late, 'numBytes'), 'numBytes peak, 80k-100k vs 10k-20k').toBeLessThanOrEqual(maxOf(early, 'numBytes') * 1.25 + 64 * 1024);
    // The process: RSS at 100k (and in the whole last 20k steps) below RSS at 20k + 64 MiB.
    expect(s100.rss, 'rss at 100k vs 20k').toBeLessThan(s20.rss + 64 * MiB);
    expect(maxOf(late, 'rss'), 'rss peak, 80k-100k vs 10k-20k').toBeLessThan(maxOf(early, 'rss') + 64 * MiB);
  }, 900_000);

  it('b. large gradients: 4,000 MLP steps with 1 MiB of gradients each (Adam, no dispose/tidy)', async () => {
    const r = await runWorker<{ steps: number; gradBytes: number; ms: number; msPerStep: number; samples: Sample[]; losses: number[] }>(
      'mlp-loop.mjs',
      { args: ['4000'] },
    );
    const s = r.samples;
    console.log(
      table(
        `[memory b] MLP loop, ${r.steps} steps, ${mb(r.gradBytes)} of gradients per step, ${(r.ms / 1000).toFixed(1)} s (${r.msPerStep.toFixed(2)} ms/step); ` +
          `loss ${r.losses[0]!.toExponential(3)} -> ${r.losses[1]!.toExponential(3)}`,
        s.filter((x) => typeof x.step === 'number' && (x.step === 0 || x.step % 250 === 0)),
      ) +
        `\n  peaks: wasm ${mb(maxOf(s, 'wasmMemoryBytes'))}, rss ${mb(maxOf(s, 'rss'))}, numTensors ${maxOf(s, 'numTensors')}, numBytes ${mb(maxOf(s, 'numBytes'))}`,
    );
    expect(r.steps).toBe(4_000);
    expect(r.gradBytes).toBeGreaterThanOrEqual(MiB);
    expect(r.losses[1]!).toBeLessThan(r.losses[0]!); // it trains

    // 4,000 steps x 1 MiB of gradients = 4 GiB allocated in all; what stays must be bounded.
    const early = between(s, 200, 1000); // sampled every 50 steps
    const late = between(s, 3000, 4000);
    const s500 = at(s, 500);
    const s4000 = at(s, 4000);
    expect(s4000.wasmMemoryBytes, 'wasm memory at 4000 vs 500').toBeLessThanOrEqual(s500.wasmMemoryBytes + 4 * MiB);
    expect(maxOf(late, 'wasmMemoryBytes'), 'wasm memory peak, 3000-4000 vs 200-1000').toBeLessThanOrEqual(maxOf(early, 'wasmMemoryBytes') + 4 * MiB);
    // Tensor bytes in wasm saw-tooth under the resident budget (one sweep per ~budget of dead
    // gradients), so two sample windows may catch different phases; the bound that matters is
    // the budget itself plus the few tensors of the step in progress.
    const budget = s500.budgetBytes;
    expect(budget).toBeGreaterThan(0);
    expect(maxOf(s, 'numBytes'), 'numBytes peak over the whole run vs the resident budget').toBeLessThanOrEqual(budget + 16 * MiB);
    expect(maxOf(late, 'numTensors'), 'numTensors peak, 3000-4000 vs 200-1000').toBeLessThanOrEqual(maxOf(early, 'numTensors') * 1.5 + 100);
    // RSS: every dead 1 MiB gradient is copied out to a JS ArrayBuffer when evicted (the library
    // cannot know the user dropped it) and collected later. RSS then moves in steps of ~65 MiB
    // (the native allocator's heaps behind those buffers) with garbage-collection timing, between
    // ~250, ~320 and ~385 MiB, and levels off there (measured over repeated 4,000-step runs; one
    // run sat at 250 MiB until step 2,000 and then rose two steps at once). So the test compares
    // windows, not single samples, with room for two such steps. A leak of 10% of the gradients
    // would add ~300 MiB between the windows' middles and ~350 MiB between their ends.
    const median = (xs: Sample[]) => xs.map((x) => x.rss).sort((a, b) => a - b)[xs.length >> 1]!;
    expect(median(late), 'rss median, 3000-4000 vs 200-1000').toBeLessThan(median(early) + 160 * MiB);
    expect(maxOf(late, 'rss'), 'rss peak, 3000-4000 vs 200-1000').toBeLessThan(maxOf(early, 'rss') + 192 * MiB);
  }, 900_000);
});

describe('memory semantics (each in its own process)', () => {
  it('c. a tensor the user still holds is never invalidated, however many evictions happen', async () => {
    const r = await runWorker<{ checks: Check[]; memory: Record<string, Sample & { loopSteps?: number }> }>('held-tensors.mjs');
    const m = r.memory;
    console.log(
      `[memory c] ${r.checks.filter((c) => c.ok).length}/${r.checks.length} checks passed; ` +
        `eviction loop: ${m.afterLoop!.loopSteps} steps, numEvicted ${m.before!.numEvicted} -> ${m.afterLoop!.numEvicted} -> ${m.afterZero!.numEvicted} (budget 0); ` +
        `wasm ${mb(m.afterLoop!.wasmMemoryBytes)}, rss ${mb(m.afterLoop!.rss)}`,
    );
    expectAllChecks(r.checks);
  }, 600_000);

  it('d. dispose(), tf.tidy, tf.keep and Symbol.dispose release memory early and deterministically', async () => {
    const r = await runWorker<{ checks: Check[]; numbers: Record<string, unknown> }>('release.mjs');
    console.log(`[memory d] ${r.checks.filter((c) => c.ok).length}/${r.checks.length} checks passed; ${JSON.stringify(r.numbers)}`);
    expectAllChecks(r.checks);
  }, 300_000);

  it('f. under the default budget, a working set larger than it is reported once, with the fix', async () => {
    for (const mode of ['default', 'chosen', 'fits']) {
      const r = await runWorker<{ checks: Check[]; numEvicted: number }>('budget-warning.mjs', { args: [mode] });
      console.log(`[memory f] ${mode}: ${r.checks.filter((c) => c.ok).length}/${r.checks.length} checks passed; numEvicted ${r.numEvicted}`);
      expectAllChecks(r.checks);
    }
  }, 300_000);

  it('e. running out of wasm memory is an OutOfMemory error, not a dead module', async () => {
    const r = await runWorker<{ checks: Check[] }>('out-of-memory.mjs');
    expect(r.checks.length).toBe(6);
    expectAllChecks(r.checks);
  }, 300_000);
});
