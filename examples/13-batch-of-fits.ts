// 10,000 small fits in one go: a fluorescence-lifetime image of 100×100 pixels, each pixel a decay
// a·exp(-t/τ) + c sampled in 32 time bins. tf.optimize.curveFit takes the pixels as a batch of
// datasets and fits them in lockstep: one call of the model per round for every pixel still
// fitting, each parameter a [pixels, 1] tensor. The batch goes in chunks of 1,000 pixels so that a
// progress bar can move between them.
import { pathToFileURL } from 'node:url';
import * as tf from 'gradtape';

export function main({ pixels = 10_000, chunk = 1_000 } = {}) {
  // A reproducible image: lifetimes from 0.5 to 3.5 ns across the image, amplitudes and
  // backgrounds varying per pixel, Gaussian noise of 2% of the amplitude (a small LCG and
  // Box-Muller, so the data are the same everywhere).
  let seed = 2024;
  const uniform = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const gaussian = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const bins = 32;
  const time = Float64Array.from({ length: bins }, (_, i) => (10 * i) / (bins - 1)); // ns
  const truth: number[][] = [];
  const data: Float64Array[] = [];
  for (let p = 0; p < pixels; p++) {
    const amplitude = 50 + 50 * uniform(), tau = 0.5 + (3 * p) / pixels, background = 5 * uniform();
    truth.push([amplitude, tau, background]);
    data.push(Float64Array.from(time, (t) => amplitude * Math.exp(-t / tau) + background + 0.02 * amplitude * gaussian()));
  }

  // The model for a batch: t is [32], each parameter [k, 1], the result [k, 32].
  const decay = (t: tf.Tensor, a: tf.Tensor, tau: tf.Tensor, c: tf.Tensor) => a.mul(tf.exp(t.neg().div(tau))).add(c);

  const started = performance.now();
  const fits: tf.CurveFitResult[] = [];
  const bar = (done: number) => {
    const width = 30, filled = Math.round((width * done) / pixels);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${pixels} fits, ${((performance.now() - started) / 1000).toFixed(1)} s`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}${done === pixels ? '\n' : ''}`);
    else console.log(line);
  };
  bar(0);
  for (let first = 0; first < pixels; first += chunk) {
    fits.push(...tf.optimize.curveFit(decay, time, data.slice(first, first + chunk), [50, 1, 0]));
    bar(fits.length);
  }
  const seconds = (performance.now() - started) / 1000;

  // How well the lifetimes came back: the error in units of each fit's own standard error.
  const converged = fits.filter((f) => f.converged).length;
  const zScores = fits.map((f, p) => (f.params[1]! - truth[p]![1]!) / f.standardErrors[1]!);
  const within2 = zScores.filter((z) => Math.abs(z) < 2).length / pixels;
  const relativeErrors = fits.map((f, p) => Math.abs(f.params[1]! - truth[p]![1]!) / truth[p]![1]!).sort((x, y) => x - y);
  const median = relativeErrors[Math.floor(pixels / 2)]!;
  console.log(`${converged} of ${pixels} fits converged in ${seconds.toFixed(2)} s (${(pixels / seconds).toFixed(0)} fits per second)`);
  console.log(`median relative error of the lifetime: ${(100 * median).toFixed(2)}%`);
  console.log(`lifetimes within 2 standard errors of the truth: ${(100 * within2).toFixed(1)}% (95.4% expected)`);
  return { fits, truth, converged, within2, median, seconds };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) main();
