// keras.callbacks.ProgbarLogger (keras/src/callbacks/progbar_logger.py, keras/src/utils/progbar.py):
// what `fit`, `evaluate` and `predict` print with `verbose` 1 (a progress bar per epoch) or 2 (one
// line per epoch). On a terminal the bar is redrawn after each batch, as Keras draws it; elsewhere
// (a pipe, a log file, a browser console) each epoch prints its finished bar once.

import { Callback, type CallbackParams } from './callbacks';
import type { Logs } from './history';
import { pythonExponential } from './python-format';

/** Keras' bar width, in characters. */
const WIDTH = 20;

/** The logs in the order Keras prints them: sorted by name, as Keras 3's `pythonify_logs` sorts
 * the logs its trainers hand the callbacks ("accuracy: 0.8806 - loss: 0.3384"). */
const sortedLogs = (logs: Logs): [string, number][] => Object.entries(logs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Where the lines go: a terminal's stdout (the bar redrawn in place), or whole lines to console.log
 * (or the given function). */
interface Output {
  readonly dynamic: boolean;
  /** A finished line. */
  line(text: string): void;
  /** The bar so far, drawn over the previous one (dynamic only). */
  redraw(text: string): void;
}

function outputTo(write: ((text: string) => void) | undefined): Output {
  const stdout = (globalThis as { process?: { stdout?: { isTTY?: boolean; write?: (s: string) => boolean } } }).process?.stdout;
  if (write === undefined && stdout?.isTTY === true && typeof stdout.write === 'function') {
    return { dynamic: true, line: (s) => void stdout.write!(`${s}\n`), redraw: (s) => void stdout.write!(`\r${s}`) };
  }
  const print = write ?? ((s: string) => console.log(s));
  return { dynamic: false, line: print, redraw: () => {} };
}

/** Keras' `_format_time`: the time per step in s, ms or us. */
function perStep(seconds: number): string {
  if (seconds >= 1 || seconds === 0) return ` ${seconds.toFixed(0)}s/step`;
  if (seconds >= 1e-3) return ` ${(seconds * 1e3).toFixed(0)}ms/step`;
  return ` ${(seconds * 1e6).toFixed(0)}us/step`;
}

/** A logged value as Progbar prints it: 4 decimals, or scientific when small (`bigEnough`). */
const valueText = (v: number, bigEnough: boolean): string => (bigEnough ? v.toFixed(4) : pythonExponential(v, 4));

/**
 * keras.callbacks.ProgbarLogger: prints training progress, as `fit`, `evaluate` and `predict` do
 * with `verbose: 1` (a bar) or `verbose: 2` (a line per epoch); they add one themselves, so it is
 * rarely made by hand.
 *
 * @example
 * ```ts
 * const model = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1, { kernelInitializer: 'zeros' })]);
 * model.compile({ optimizer: 'sgd', loss: 'mse' });
 * const lines: string[] = [];
 * const progbar = new tf.keras.callbacks.ProgbarLogger({ write: (s) => lines.push(s) });
 * model.fit([[1]], [[2]], { epochs: 1, verbose: 1, callbacks: [progbar] });
 * console.log(lines.map((l) => l.replace(/ \d+[mu]?s\/step/, ' _/step'))); // [ '1/1 ━━━━━━━━━━━━━━━━━━━━ 0s _/step - loss: 4.0000' ]
 * ```
 */
export class ProgbarLogger extends Callback {
  #output: Output;
  #verbose = 1;
  #epochs = 1;
  #target: number | null = null;
  #seen = 0;
  #start = 0;
  #calledInFit = false;
  #previousWidth = 0;

  /** @param options `write`: where each line goes (default: a terminal's stdout, the bar redrawn after each batch; else console.log). */
  constructor(options: { write?: (text: string) => void } = {}) {
    super();
    this.#output = outputTo(options.write);
    if (this.#output.dynamic) {
      // Redrawn after each batch: only then do the loops read each batch's results back.
      const update = (batch: number, logs: Logs = {}) => this.update(batch + 1, logs, false);
      Object.defineProperty(this, 'onTrainBatchEnd', { value: update });
      Object.defineProperty(this, 'onTestBatchEnd', { value: (batch: number, logs?: Logs) => !this.#calledInFit && update(batch, logs) });
      Object.defineProperty(this, 'onPredictBatchEnd', { value: (batch: number) => update(batch, {}) });
    }
  }

  /** Takes the verbosity (1 or 2), the epochs and the steps per epoch from the loop. */
  override setParams(params: CallbackParams): void {
    super.setParams(params);
    this.#verbose = params.verbose;
    this.#epochs = params.epochs;
    this.#target = params.steps;
  }

  override onTrainBegin(): void {
    this.#calledInFit = true;
  }

  override onTestBegin(): void {
    if (!this.#calledInFit) this.reset();
  }

  override onPredictBegin(): void {
    this.reset();
  }

  override onEpochBegin(epoch: number): void {
    this.reset();
    if (this.#epochs > 1) this.#output.line(`Epoch ${epoch + 1}/${this.#epochs}`);
  }

  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    this.update(this.#target ?? this.#seen, logs, true);
  }

  override onTestEnd(logs: Logs = {}): void {
    if (!this.#calledInFit) this.update(this.#target ?? this.#seen, logs, true);
  }

  override onPredictEnd(): void {
    this.update(this.#target ?? this.#seen, {}, true);
  }

  override onTrainEnd(): void {
    this.#calledInFit = false;
  }

  private reset(): void {
    this.#seen = 0;
    this.#start = performance.now();
    this.#previousWidth = 0;
  }

  /** Keras' Progbar.update: the bar (verbose 1) or the epoch's line (verbose 2, when finished). */
  private update(current: number, logs: Logs, finalize: boolean): void {
    this.#seen = current;
    if (this.#verbose === 0) return;
    const elapsed = (performance.now() - this.#start) / 1000;
    const time = perStep(current > 0 ? elapsed / current : 0);
    const target = this.#target;
    const digits = target !== null && target > 0 ? String(target).length : 0;
    const count = target !== null && target > 0 ? `${String(current).padStart(digits)}/${target}` : `${String(current).padStart(7)}/Unknown`;
    if (this.#verbose === 2) {
      if (!finalize) return;
      const values = sortedLogs(logs).map(([k, v]) => ` - ${k}: ${valueText(v, v > 1e-3)}`).join('');
      this.#output.line(`${count} - ${elapsed.toFixed(0)}s -${time}${values}`);
      return;
    }
    if (!finalize && !this.#output.dynamic) return;
    const color = this.#output.dynamic;
    const [bold, green, grey, plain] = color ? ['\x1b[1m', '\x1b[32m', '\x1b[37m', '\x1b[0m'] : ['', '', '', ''];
    let bar = `${bold}${count}${plain} `;
    if (target !== null && target > 0) {
      const done = Math.floor((WIDTH * current) / target);
      if (done > 0) bar += `${green}${'━'.repeat(done)}${plain}`;
      bar += `${grey}${'━'.repeat(WIDTH - done)}${plain}`;
    }
    let info: string;
    if (target !== null && target > 0 && !finalize) {
      const eta = (elapsed / Math.max(current, 1)) * (target - current);
      info = ` ${bold}${eta > 3600 ? `${Math.floor(eta / 3600)}:${pad2(Math.floor((eta % 3600) / 60))}:${pad2(Math.floor(eta % 60))}` : eta > 60 ? `${Math.floor(eta / 60)}:${pad2(Math.floor(eta % 60))}` : `${Math.floor(eta)}s`}${plain}`;
    } else info = ` ${bold}${elapsed.toFixed(0)}s${plain}`;
    info += time;
    for (const [k, v] of sortedLogs(logs)) info += ` - ${k}: ${valueText(v, Math.abs(v) > 1e-3)}`;
    const line = bar + info;
    const width = line.replace(/\x1b\[\d+m/g, '').length;
    const padding = this.#previousWidth > width ? ' '.repeat(this.#previousWidth - width) : '';
    this.#previousWidth = width;
    if (finalize) this.#output.line(color ? `\r${line}${padding}` : line);
    else this.#output.redraw(`${line}${padding}`);
  }
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
