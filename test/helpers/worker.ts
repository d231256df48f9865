// Workers: test/memory-worker/*.mjs, each run in its own Node process (its own wasm instance,
// heap and RSS), importing the built package as 'gradtape' and printing one JSON line last.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const workers = join(root, 'test', 'memory-worker');

/** A named check a worker recorded. */
export interface Check { name: string; ok: boolean; detail: string }

export interface WorkerOptions {
  /** Arguments after the script. */
  args?: string[];
  /** Node options before the script (e.g. --expose-gc). */
  nodeArgs?: string[];
  timeoutMs?: number;
}

/**
 * Runs `node [nodeArgs] test/memory-worker/<script> [args]` from the repo root and parses the last
 * line of its stdout. A worker that exits with an error fails the run, unless its JSON line has
 * failed checks that say why (the test then reports those).
 */
export function runWorker<T>(script: string, { args = [], nodeArgs = [], timeoutMs = 900_000 }: WorkerOptions = {}): Promise<T> {
  const what = [script, ...args].join(' ');
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      [...nodeArgs, join(workers, script), ...args],
      { cwd: root, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 2 ** 20 },
      (err, stdout, stderr) => {
        const line = stdout.trim().split('\n').pop() ?? '';
        let parsed: (T & { checks?: Check[] }) | undefined;
        try {
          parsed = JSON.parse(line) as T & { checks?: Check[] };
        } catch {
          /* reported below */
        }
        const explained = parsed?.checks?.some((c) => !c.ok) ?? false;
        if (!parsed || (err && !explained)) {
          reject(
            new Error(
              `${what} ${err ? `failed (${err.message})` : 'printed no JSON result'}\n--- stderr ---\n${stderr.slice(-4000)}\n` +
                `--- stdout (tail) ---\n${stdout.slice(-4000)}`,
            ),
          );
          return;
        }
        resolvePromise(parsed);
      },
    );
  });
}

/** Fails with every failed check of a worker, not just the first; at least `minChecks` ran. */
export function expectAllChecks(checks: Check[], minChecks = 1): void {
  expect(checks.length).toBeGreaterThanOrEqual(minChecks);
  const failed = checks.filter((c) => !c.ok).map((c) => `${c.name}${c.detail ? `: ${c.detail.slice(0, 600)}` : ''}`);
  expect(failed).toEqual([]);
}
