// Running properties: fixed seeds (so a failure reproduces), a count of generated cases per
// property printed to the console, and fast-check's report (with the shrunk counterexample) as the
// failure message.
//
// GRADTAPE_PROPERTY_SCALE=10 multiplies every property's number of runs (deeper, slower runs);
// GRADTAPE_PROPERTY_SEED=n replaces the fixed seeds (to explore other cases).

import fc from 'fast-check';
import * as tf from 'gradtape';

const SCALE = Number(process.env.GRADTAPE_PROPERTY_SCALE ?? 1) || 1;
const SEED_OVERRIDE = process.env.GRADTAPE_PROPERTY_SEED === undefined ? undefined : Number(process.env.GRADTAPE_PROPERTY_SEED);

export interface Tally {
  properties: number;
  cases: number;
  failed: string[];
}
export const tally: Tally = { properties: 0, cases: 0, failed: [] };

/** Runs `property` with a fixed seed and `numRuns` cases; logs the number of generated cases;
 * throws fast-check's report (shrunk counterexample, seed and path) if it fails. */
export function checkProperty<Ts extends [unknown, ...unknown[]]>(
  name: string,
  property: fc.IProperty<Ts>,
  params: { seed: number; numRuns: number; examples?: Ts[] },
  extra?: () => string,
): void {
  const started = performance.now();
  const details = fc.check(property, {
    seed: SEED_OVERRIDE ?? params.seed,
    numRuns: Math.max(1, Math.round(params.numRuns * SCALE)),
    examples: params.examples,
    endOnFailure: false,
  });
  const ms = performance.now() - started;
  tally.properties++;
  tally.cases += details.numRuns;
  const note = extra ? `; ${extra()}` : '';
  const skipped = details.numSkips ? `, ${details.numSkips} discarded` : '';
  if (details.failed) {
    tally.failed.push(name);
    console.log(`[property] ${name}: FAILED after ${details.numRuns} generated cases${skipped} (${details.numShrinks} shrinks, ${ms.toFixed(0)} ms)${note}`);
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${name}\n${fc.defaultReportMessage(details)}\n--- failure of the shrunk counterexample:\n${cause}`);
  }
  console.log(`[property] ${name}: ${details.numRuns} generated cases${skipped}, passed (${ms.toFixed(0)} ms)${note}`);
}

export function logTally(file: string): void {
  console.log(
    `[property] ${file}: ${tally.properties} properties, ${tally.cases} generated cases in total` +
      (tally.failed.length ? `; failing: ${tally.failed.join(' | ')}` : '; all passed'),
  );
}

/** Message of any thrown value. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.constructor.name}${e.name !== e.constructor.name ? ` (${e.name})` : ''}: ${e.message}`;
  return `non-Error thrown: ${String(e)}`;
}

let baselineTapes: number | null = null;

/**
 * A small training run: a Variable, a GradientTape, one SGD step and one Adam step, with the
 * expected numbers; and tf.memory() sane (no tape left open, no runaway tensor count). Returns
 * a description of what went wrong, or null when the library is fine.
 */
export function trainingRunProblem(): string | null {
  try {
    const before = tf.memory();
    baselineTapes ??= before.numTapes;
    // f(w) = Σ (w·x - y)² with x = [1, 2], y = [3, 5], w = 1: residuals [-2, -3], df/dw = 2·(-2·1 - 3·2) = -16
    const w = new tf.Variable(1, { dtype: 'float32' });
    const x = tf.constant([1, 2]);
    const y = tf.constant([3, 5]);
    const tape = new tf.GradientTape();
    const loss = tape.record(() => tf.reduceSum(tf.square(tf.sub(tf.mul(w, x), y))));
    const g = tape.gradient(loss, w);
    if (loss.item() !== 13) return `training run: loss ${loss.item()}, expected 13`;
    if (g === null || g.item() !== -16) return `training run: gradient ${g === null ? 'null' : g.item()}, expected -16`;
    new tf.optimizers.SGD({ learningRate: 0.1 }).applyGradients([[g, w]]);
    if (Math.abs(w.item() - 2.6) > 1e-6) return `training run: SGD step gave w = ${w.item()}, expected 2.6`;
    const w2 = new tf.Variable(1, { dtype: 'float32' });
    const adam = new tf.optimizers.Adam({ learningRate: 0.5 });
    const tape2 = new tf.GradientTape();
    const loss2 = tape2.record(() => tf.reduceSum(tf.square(tf.sub(tf.mul(w2, x), y))));
    adam.applyGradients([[tape2.gradient(loss2, w2), w2]]);
    // Adam's first step moves by lr·sign(g) (up to epsilon): g = -16 < 0, so w2 = 1.5
    if (Math.abs(w2.item() - 1.5) > 1e-5) return `training run: Adam step gave w = ${w2.item()}, expected 1.5`;
    w2.dispose();
    adam.dispose();
    w.dispose();
    const after = tf.memory();
    if (after.numTapes > baselineTapes) return `tf.memory(): ${after.numTapes} live tapes after the training run (was ${baselineTapes}): a tape was left behind`;
    if (after.numTapeNodes !== 0 && after.numTapes === 0) return `tf.memory(): ${after.numTapeNodes} tape nodes but no tapes`;
    if (!(after.numTensors >= 0 && after.numTensors < 100_000)) return `tf.memory(): numTensors ${after.numTensors}`;
    if (!(after.numBytes >= 0 && after.numBytes < 512 * 2 ** 20)) return `tf.memory(): numBytes ${after.numBytes}`;
    // a plain op outside any tape must not be recorded anywhere (no tape left recording)
    const nodes = after.numTapeNodes;
    tf.add(tf.constant([1, 2]), 1);
    if (tf.memory().numTapeNodes !== nodes) return 'an op outside any tape was recorded: a tape was left recording';
    return null;
  } catch (e) {
    return `training run threw ${describeError(e)}`;
  }
}
