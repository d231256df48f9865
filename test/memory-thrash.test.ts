// The warning for a working set larger than the default eviction budget (tensor.ts, noteThrash):
// printed once when large tensors the budget's sweeps evict are needed again after sweep upon
// sweep (every round of a loop copies them out and back in), and not for a held set read again
// once, long after a sweep evicted part of it. Each case runs in a fresh Node process: the
// warning is printed once per process, and only while no budget was chosen.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/index.mjs', import.meta.url));

/** Runs `body` (with `tf` in scope) in a fresh process; its stderr and the lines it printed. */
function run(body: string): { warnings: number; stdout: string[] } {
  const code = `const tf = await import(${JSON.stringify(dist)});\n${body}`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return { warnings: r.stderr.split('were needed again right away').length - 1, stdout: r.stdout.trim().split('\n') };
}

/** `count` float32 tensors of `mib` MiB from host data, read in turn for `rounds` rounds. */
const cycle = (count: number, mib: number, rounds: number) => `
  const held = Array.from({ length: ${count} }, (_, i) => tf.constant(new Float32Array(${mib} * 2 ** 18).fill(i + 1)));
  let total = 0;
  for (let r = 0; r < ${rounds}; r++) for (const t of held) total += tf.reduceMax(t).item();
  console.log(total, tf.memory().numEvicted > 0);
`;

describe("the default budget's warning about a working set larger than it", () => {
  it('is printed once when a loop reads more than the budget holds, round after round', () => {
    // 7 × 46 MiB = 320 MiB read in turn under the 256 MiB budget: each round copies them back in.
    const r = run(cycle(7, 46, 8));
    expect(r.warnings).toBe(1);
    expect(r.stdout).toEqual([`${8 * (1 + 2 + 3 + 4 + 5 + 6 + 7)} true`]);
  });

  it('is not printed when tf.setMemoryBudget chose the budget', () => {
    const r = run(`tf.setMemoryBudget(256 * 2 ** 20);\n${cycle(7, 46, 8)}`);
    expect(r.warnings).toBe(0);
    expect(r.stdout).toEqual([`${8 * (1 + 2 + 3 + 4 + 5 + 6 + 7)} true`]);
  });

  it('is not printed for a held set read again once, after a sweep evicted part of it', () => {
    // 300 tensors of 1 MiB read once each (the sweeps evict the oldest), then ten of the first
    // read again: ten copies back in, once, not at every sweep.
    const r = run(`${cycle(300, 1, 1)}
      for (let i = 0; i < 10; i++) total += tf.reduceMax(held[i]).item();
      console.log(total);`);
    expect(r.warnings).toBe(0);
    expect(r.stdout).toEqual([`${(300 * 301) / 2} true`, String((300 * 301) / 2 + 55)]);
  });
});
