// Shared helpers for the memory workers (each worker is its own node process).
import * as tf from 'gradtape';

export const MB = 1024 * 1024;

/** One sample of the memory the process and the library use right now. */
export function sample(step, extra = {}) {
  const m = tf.memory();
  const u = process.memoryUsage();
  return {
    step,
    wasmMemoryBytes: m.wasmMemoryBytes,
    numTensors: m.numTensors,
    numBytes: m.numBytes,
    residentBytes: m.residentBytes,
    budgetBytes: m.budgetBytes,
    numEvicted: m.numEvicted,
    rss: u.rss,
    heapUsed: u.heapUsed,
    external: u.external,
    arrayBuffers: u.arrayBuffers,
    ...extra,
  };
}

/** Prints the single JSON result line the test parses (last line of stdout). */
export function report(result) {
  process.stdout.write('\n' + JSON.stringify(result) + '\n');
}
