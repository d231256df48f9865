// What a test's code prints.
import { format } from 'node:util';
import { vi } from 'vitest';

/** Captures what console.log would print while `fn` runs (one entry per call). */
export function captureLog<T>(fn: () => T): [T, string[]] {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(format(...args));
  });
  try {
    return [fn(), lines];
  } finally {
    spy.mockRestore();
  }
}
