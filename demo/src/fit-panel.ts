// The curve-fitting panel: the points (click to add, drag to move, shift-click to remove, or
// paste), the model (built in or typed), the fit in fit-worker.ts, and three charts: the data with
// the moving curve, the residuals, and the cost per iteration. The solver's steps are replayed a
// few per frame, so that even a ten-step fit is seen to move.
import { COLORS, lineSeries, pointSeries, scatterChart, type ScatterChart, type XY } from './charts';
import { evaluateAt, ExpressionError, type ParsedModel, parseExpression } from './expression';
import type { FitMessage, FitRequest } from './messages';
import { BUILT_IN_MODELS, builtInModel, type Point, seededNormal } from './models';

const CURVE_SAMPLES = 240;
const MAX_ITERATIONS = 2000;
/** While animating, one solver step is shown per tick; a long queue is thinned to keep up. */
const TICK_MS = 60;
const MAX_QUEUE = 40;
/** Edits within this time of each other (typing, a burst of clicks) start one fit. */
const REFIT_DELAY_MS = 250;
const SAMPLE_POINTS = 30;
const SAMPLE_NOISE = 0.15;
const CUSTOM = 'custom';

export type FitState = 'idle' | 'running' | 'converged' | 'stopped' | 'error';

export interface FitOutcome {
  params: number[];
  standardErrors: number[];
  cost: number;
  iterations: number;
  converged: boolean;
  message: string;
}

const byId = <T extends HTMLElement>(id: string) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no element #${id}`);
  return element as T;
};

export class FitPanel {
  readonly dataChart: ScatterChart;
  readonly residualChart: ScatterChart;
  readonly lossChart: ScatterChart;
  points: Point[] = [];
  model: ParsedModel | undefined;
  state: FitState = 'idle';
  outcome: FitOutcome | undefined;
  /** Fits that have finished (converged or not), so a reader can wait for the next one. */
  completedFits = 0;

  private starts = new Map<string, number>();
  private worker: Worker | undefined;
  private fitId = 0;
  private busy = false;
  private queue: FitMessage[] = [];
  private dragging: number | undefined;
  private refitTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly modelSelect = byId<HTMLSelectElement>('model-select');
  private readonly expressionInput = byId<HTMLInputElement>('expression');
  private readonly expressionError = byId('expression-error');
  private readonly paramsBody = byId<HTMLTableSectionElement>('params-body');
  private readonly status = byId('fit-status');
  private readonly autoFit = byId<HTMLInputElement>('auto-fit');
  private readonly animate = byId<HTMLInputElement>('animate');
  private readonly dataText = byId<HTMLTextAreaElement>('data-text');
  private readonly dataError = byId('data-error');

  constructor(private readonly workerUrl: URL) {
    this.dataChart = scatterChart(
      byId<HTMLCanvasElement>('fit-chart'),
      [pointSeries('data', COLORS.data), lineSeries('model', COLORS.fit)],
      { title: 'x', min: 0, max: 10 }, { title: 'y', min: -1, max: 6 },
    );
    this.residualChart = scatterChart(
      byId<HTMLCanvasElement>('residual-chart'),
      [pointSeries('residual y - f(x)', COLORS.data, [], 3), lineSeries('zero', COLORS.zero)],
      { title: 'x', min: 0, max: 10 }, { title: 'residual' }, { legend: false },
    );
    this.lossChart = scatterChart(
      byId<HTMLCanvasElement>('loss-chart'),
      [{ ...lineSeries('cost ½Σr²', COLORS.loss), pointRadius: 2 }],
      { title: 'iteration', min: 0 }, { title: 'cost ½Σr²', type: 'logarithmic' }, { legend: false },
    );

    for (const m of BUILT_IN_MODELS) this.modelSelect.add(new Option(m.label, m.id));
    this.modelSelect.add(new Option('Typed expression', CUSTOM));
    this.modelSelect.addEventListener('change', () => this.chooseModel(this.modelSelect.value));
    this.expressionInput.addEventListener('input', () => {
      this.modelSelect.value = CUSTOM;
      this.setExpression(this.expressionInput.value);
      this.scheduleFit();
    });
    byId('sample-data').addEventListener('click', () => this.loadSample());
    byId('clear-data').addEventListener('click', () => this.setPoints([], true));
    byId('fit-button').addEventListener('click', () => this.fit());
    byId('stop-button').addEventListener('click', () => this.stop());
    byId('guess-button').addEventListener('click', () => this.guessStarts());
    byId('use-data').addEventListener('click', () => this.useTypedData());
    this.listenToPointer(byId<HTMLCanvasElement>('fit-chart'));
    setInterval(() => this.pump(), TICK_MS);

    this.chooseModel('exponential');
    this.loadSample();
  }

  /** True when no fit is running, waiting to start or being replayed: what is shown is final. */
  get settled(): boolean {
    return this.refitTimer === undefined && !this.busy && this.queue.length === 0;
  }

  /** Picks a built-in model: its expression and a start guessed from the current points. */
  chooseModel(id: string): void {
    this.modelSelect.value = id;
    if (id === CUSTOM) return;
    this.expressionInput.value = builtInModel(id).expression;
    this.setExpression(this.expressionInput.value);
    this.guessStarts();
    this.scheduleFit();
  }

  /** Replaces the points (and rescales the axes to them when `rescale`). */
  setPoints(points: Point[], rescale: boolean): void {
    this.points = points.map((p) => ({ x: p.x, y: p.y }));
    if (rescale && points.length > 0) this.fitAxesTo(points);
    this.dataText.value = this.points.map((p) => `${round(p.x)}, ${round(p.y)}`).join('\n');
    this.redraw(this.outcome?.params);
    this.scheduleFit();
  }

  /** Runs the fit from the start values in the table; replaces a fit still running. */
  fit(): void {
    clearTimeout(this.refitTimer);
    this.refitTimer = undefined;
    const model = this.model;
    if (!model) return this.setStatus('error', 'fix the model expression first');
    if (this.points.length < model.parameters.length) {
      return this.setStatus('idle', `${model.parameters.length} parameters need at least ${model.parameters.length} points (${this.points.length} now): click the chart to add some`);
    }
    if (this.busy) this.stopWorker();
    this.worker ??= this.startWorker();
    const p0 = model.parameters.map((name) => this.starts.get(name) ?? 1);
    const request: FitRequest = {
      type: 'fit', id: ++this.fitId, expression: model.source, xs: this.points.map((p) => p.x), ys: this.points.map((p) => p.y),
      p0, maxIterations: MAX_ITERATIONS,
    };
    this.busy = true;
    this.queue = [];
    this.outcome = undefined;
    this.lossChart.data.datasets[0]!.data = [{ x: 0, y: positive(this.cost(p0)) }];
    this.redraw(p0);
    this.showParams(p0, undefined);
    this.setStatus('running', 'fitting…');
    this.worker.postMessage(request);
  }

  stop(): void {
    if (!this.busy) return;
    this.stopWorker();
    this.setStatus('stopped', 'stopped');
  }

  private startWorker(): Worker {
    const worker = new Worker(this.workerUrl, { type: 'module' });
    worker.onmessage = (event: MessageEvent<FitMessage>) => {
      if (event.data.id !== this.fitId) return; // from a fit that was replaced
      if (event.data.type !== 'progress') this.busy = false;
      this.queue.push(event.data);
    };
    worker.onerror = (event) => {
      this.busy = false;
      // A worker script that fails to load gives an event without a message.
      this.setStatus('error', `the fit worker failed: ${event.message || `could not load ${this.workerUrl.href}`}`);
    };
    return worker;
  }

  /** A synchronous fit cannot be interrupted: the worker is replaced. */
  private stopWorker(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.busy = false;
    this.queue = [];
  }

  private setExpression(source: string): void {
    try {
      this.model = parseExpression(source);
      this.expressionError.textContent = '';
      this.expressionInput.classList.remove('invalid');
    } catch (e) {
      this.model = undefined;
      this.expressionError.textContent = e instanceof ExpressionError ? e.message : String(e);
      this.expressionInput.classList.add('invalid');
      this.paramsBody.replaceChildren();
      this.redraw(undefined);
      return;
    }
    this.outcome = undefined;
    this.buildParamsTable();
    this.redraw(undefined);
  }

  private guessStarts(): void {
    if (!this.model) return;
    const id = this.modelSelect.value;
    const guess = id === CUSTOM ? this.model.parameters.map(() => 1) : builtInModel(id).guess(this.points);
    // Rounded as the table shows them, so that the start on screen is the start used.
    this.model.parameters.forEach((name, i) => this.starts.set(name, round(guess[i] ?? 1)));
    this.buildParamsTable();
  }

  private buildParamsTable(): void {
    const rows = (this.model?.parameters ?? []).map((name) => {
      const row = document.createElement('tr');
      row.dataset.name = name;
      const start = document.createElement('input');
      start.type = 'number';
      start.step = 'any';
      start.className = 'start';
      start.value = String(round(this.starts.get(name) ?? 1));
      start.addEventListener('change', () => {
        const value = Number(start.value);
        if (Number.isFinite(value)) this.starts.set(name, value);
        this.scheduleFit();
      });
      const cells = [name, start, '', ''].map((content, i) => {
        const cell = document.createElement(i === 0 ? 'th' : 'td');
        cell.className = ['name', 'start-cell', 'value', 'std-error'][i]!;
        cell.append(content);
        return cell;
      });
      row.append(...cells);
      return row;
    });
    this.paramsBody.replaceChildren(...rows);
  }

  private showParams(params: readonly number[], errors: readonly number[] | undefined): void {
    for (const row of this.paramsBody.rows) {
      const i = this.model?.parameters.indexOf(row.dataset.name ?? '') ?? -1;
      if (i < 0) continue;
      row.querySelector('.value')!.textContent = format(params[i]!);
      row.querySelector('.std-error')!.textContent = errors ? `± ${format(errors[i]!)}` : '';
    }
  }

  /** Applies queued worker messages: one step per tick when animating, else all at once. */
  private pump(): void {
    if (this.queue.length === 0) return;
    if (!this.animate.checked) {
      const final = this.queue.find((m) => m.type !== 'progress');
      const steps = this.queue.filter((m) => m.type === 'progress');
      this.queue = [];
      for (const m of steps) this.apply(m, false);
      if (final) this.apply(final, true);
      else if (steps.length) this.apply(steps[steps.length - 1]!, true);
      return;
    }
    // Thin a long backlog of steps, keeping the final message, so the replay never falls far behind.
    while (this.queue.length > MAX_QUEUE && this.queue[0]!.type === 'progress') this.apply(this.queue.shift()!, false);
    this.apply(this.queue.shift()!, true);
  }

  private apply(message: FitMessage, draw: boolean): void {
    const loss = this.lossChart.data.datasets[0]!.data;
    switch (message.type) {
      case 'progress':
        loss.push({ x: message.iteration, y: positive(message.cost) });
        if (!draw) return;
        this.showParams(message.params, undefined);
        this.redraw(message.params);
        this.setStatus('running', `iteration ${message.iteration}: cost ${message.cost.toExponential(4)}`);
        return;
      case 'done': {
        this.completedFits++;
        this.outcome = {
          params: message.params, standardErrors: message.standardErrors, cost: message.cost,
          iterations: message.iterations, converged: message.converged, message: message.message,
        };
        if (loss.length === 0 || loss[loss.length - 1]!.x !== message.iterations) loss.push({ x: message.iterations, y: positive(message.cost) });
        this.showParams(message.params, message.standardErrors);
        this.redraw(message.params);
        const summary = `${message.iterations} iterations, ${message.cost ? `cost ${message.cost.toExponential(4)}` : 'cost 0'}: ${message.message}`;
        this.setStatus(message.converged ? 'converged' : 'stopped', `${message.converged ? 'converged' : 'did not converge'} after ${summary}`);
        return;
      }
      case 'error':
        this.completedFits++;
        this.setStatus('error', message.message);
        return;
    }
  }

  /** Redraws the three charts for the given parameters (or just the data without them). */
  private redraw(params: readonly number[] | undefined): void {
    const model = this.model;
    this.dataChart.data.datasets[0]!.data = this.points.map((p) => ({ ...p }));
    const xScale = this.dataChart.options.scales!.x!;
    const xMin = Number(xScale.min), xMax = Number(xScale.max);
    const curve: XY[] = [], residuals: XY[] = [];
    if (model && params) {
      for (let i = 0; i < CURVE_SAMPLES; i++) {
        const x = xMin + ((xMax - xMin) * i) / (CURVE_SAMPLES - 1);
        curve.push({ x, y: evaluateAt(model, x, params) });
      }
      for (const p of this.points) residuals.push({ x: p.x, y: p.y - evaluateAt(model, p.x, params) });
    }
    this.dataChart.data.datasets[1]!.data = curve;
    this.residualChart.data.datasets[0]!.data = residuals;
    this.residualChart.data.datasets[1]!.data = [{ x: xMin, y: 0 }, { x: xMax, y: 0 }];
    Object.assign(this.residualChart.options.scales!.x!, { min: xMin, max: xMax });
    this.dataChart.update('none');
    this.residualChart.update('none');
    this.lossChart.update('none');
  }

  private cost(params: readonly number[]): number {
    const model = this.model!;
    return 0.5 * this.points.reduce((sum, p) => sum + (p.y - evaluateAt(model, p.x, params)) ** 2, 0);
  }

  private setStatus(state: FitState, text: string): void {
    this.state = state;
    this.status.dataset.state = state;
    this.status.textContent = text;
  }

  private scheduleFit(): void {
    if (!this.autoFit.checked) return;
    clearTimeout(this.refitTimer);
    this.refitTimer = setTimeout(() => this.fit(), REFIT_DELAY_MS);
  }

  private fitAxesTo(points: readonly Point[]): void {
    const pad = (lo: number, hi: number) => {
      const margin = (hi - lo || 1) * 0.1;
      return { min: lo - margin, max: hi + margin };
    };
    const xs = points.map((p) => p.x), ys = points.map((p) => p.y);
    Object.assign(this.dataChart.options.scales!.x!, pad(Math.min(...xs), Math.max(...xs)));
    Object.assign(this.dataChart.options.scales!.y!, pad(Math.min(...ys), Math.max(...ys)));
  }

  /** Noisy points from the selected built-in model's sample parameters (the same on every load). */
  private loadSample(): void {
    const id = this.modelSelect.value === CUSTOM ? 'exponential' : this.modelSelect.value;
    const builtIn = builtInModel(id);
    const model = parseExpression(builtIn.expression);
    const noise = seededNormal(42);
    const points = Array.from({ length: SAMPLE_POINTS }, (_, i) => {
      const x = (10 * i) / (SAMPLE_POINTS - 1);
      return { x, y: evaluateAt(model, x, builtIn.sample) + SAMPLE_NOISE * noise() };
    });
    this.setPoints(points, true);
    if (this.modelSelect.value !== CUSTOM) this.guessStarts();
  }

  private useTypedData(): void {
    const points: Point[] = [];
    const problems: string[] = [];
    this.dataText.value.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      const numbers = line.trim().split(/[\s,;]+/).map(Number);
      if (numbers.length !== 2 || !numbers.every(Number.isFinite)) problems.push(`line ${i + 1}: expected two numbers "x, y", got "${line.trim()}"`);
      else points.push({ x: numbers[0]!, y: numbers[1]! });
    });
    this.dataError.textContent = problems.slice(0, 3).join('; ');
    if (problems.length === 0) {
      this.setPoints(points, true);
      if (this.modelSelect.value !== CUSTOM) this.guessStarts();
    }
  }

  /** Click to add a point, drag to move one, shift-click to remove one. */
  private listenToPointer(canvas: HTMLCanvasElement): void {
    const chart = this.dataChart;
    const toData = (event: PointerEvent): Point | undefined => {
      const rect = canvas.getBoundingClientRect();
      const px = event.clientX - rect.left, py = event.clientY - rect.top;
      const area = chart.chartArea;
      if (px < area.left || px > area.right || py < area.top || py > area.bottom) return undefined;
      return { x: chart.scales.x!.getValueForPixel(px)!, y: chart.scales.y!.getValueForPixel(py)! };
    };
    canvas.addEventListener('pointerdown', (event) => {
      const hit = chart.getElementsAtEventForMode(event, 'nearest', { intersect: true }, false).find((e) => e.datasetIndex === 0);
      if (hit && event.shiftKey) {
        this.points.splice(hit.index, 1);
        this.redraw(this.outcome?.params);
        this.scheduleFit();
        return;
      }
      if (hit) {
        this.dragging = hit.index;
      } else {
        const point = toData(event);
        if (!point) return;
        this.dragging = this.points.push(point) - 1;
        this.redraw(this.outcome?.params);
      }
      canvas.setPointerCapture(event.pointerId);
    });
    canvas.addEventListener('pointermove', (event) => {
      if (this.dragging === undefined) return;
      const point = toData(event);
      if (!point) return;
      this.points[this.dragging] = point;
      this.redraw(this.outcome?.params);
    });
    const release = () => {
      if (this.dragging === undefined) return;
      this.dragging = undefined;
      this.dataText.value = this.points.map((p) => `${round(p.x)}, ${round(p.y)}`).join('\n');
      this.scheduleFit();
    };
    canvas.addEventListener('pointerup', release);
    canvas.addEventListener('pointercancel', release);
  }
}

/** The log-scale loss plot cannot show 0 (an exact fit): such a cost is drawn at 1e-20, far below a noisy fit's. */
const positive = (cost: number) => Math.max(cost, 1e-20);
const round = (v: number) => Number(v.toPrecision(6));
const format = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toPrecision(6) : v.toExponential(4)) : String(v));
