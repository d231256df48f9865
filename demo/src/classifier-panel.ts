// The classifier panel: 2-D points of up to three classes (a preset, plus clicks), an MLP trained
// in classifier-worker.ts, and its decision map drawn under the scatter plot as an image layer
// (a Chart.js plugin draws the class probabilities, one pixel per grid cell, over the plot area).
import { type Chart, COLORS, lineSeries, pointSeries, scatterChart, type ScatterChart } from './charts';
import { CLASSES, CLASSIFIER_VIEW, type ClassifierMessage, type ClassifierRequest, type LabelledPoint } from './messages';
import { spiral, twoMoons } from './datasets';

const TRAIN_STEPS = 3000;
const LEARNING_RATE = 0.03;
/** How strongly the decision map tints the plot (the points stay readable over it). */
const MAP_OPACITY = 0.45;

export type ClassifierState = 'idle' | 'training' | 'error';

const byId = <T extends HTMLElement>(id: string) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no element #${id}`);
  return element as T;
};

const PRESETS: Record<string, () => LabelledPoint[]> = {
  moons: () => twoMoons(80, 0.12, 7),
  spiral: () => spiral(70, 0.2, 7),
  empty: () => [],
};

export class ClassifierPanel {
  readonly chart: ScatterChart;
  /** Accuracy and loss per reported step. */
  readonly progressChart: ScatterChart;
  points: LabelledPoint[] = [];
  state: ClassifierState = 'idle';
  step = 0;
  /** The accuracy on the points after each report, for the page's readers (and its test). */
  readonly accuracyHistory: { step: number; accuracy: number }[] = [];

  private readonly worker: Worker;
  private readonly map = document.createElement('canvas');
  private readonly status = byId('classifier-status');
  private readonly trainButton = byId<HTMLButtonElement>('train-button');
  private readonly presetSelect = byId<HTMLSelectElement>('preset-select');
  private mapPainted = false;
  private seed = 1;

  constructor(workerUrl: URL) {
    this.map.width = this.map.height = CLASSIFIER_VIEW.gridSize;
    const { xMin, xMax, yMin, yMax } = CLASSIFIER_VIEW;
    this.chart = scatterChart(
      byId<HTMLCanvasElement>('classifier-chart'),
      COLORS.classes.map((color, k) => ({ ...pointSeries(`class ${k + 1}`, color, [], 3.5), borderColor: '#ffffff', borderWidth: 1 })),
      { title: 'x₁', min: xMin, max: xMax }, { title: 'x₂', min: yMin, max: yMax },
      { plugins: [{ id: 'decision-map', beforeDatasetsDraw: (chart) => this.drawMap(chart) }] },
    );

    this.progressChart = scatterChart(
      byId<HTMLCanvasElement>('classifier-progress-chart'),
      [lineSeries('accuracy', COLORS.accuracy), lineSeries('loss', COLORS.loss)],
      { title: 'step', min: 0 }, { title: 'accuracy, loss', min: 0 },
    );

    this.worker = new Worker(workerUrl, { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<ClassifierMessage>) => this.receive(event.data);
    this.worker.onerror = (event) => this.setStatus('error', `the classifier worker failed: ${event.message || `could not load ${workerUrl.href}`}`);

    this.presetSelect.addEventListener('change', () => this.loadPreset(this.presetSelect.value));
    this.trainButton.addEventListener('click', () => (this.state === 'training' ? this.stop() : this.train()));
    byId('reset-weights').addEventListener('click', () => this.resetWeights());
    this.listenToClicks(byId<HTMLCanvasElement>('classifier-chart'));
    this.loadPreset('moons');
  }

  loadPreset(name: string): void {
    const preset = PRESETS[name];
    if (!preset) throw new Error(`unknown data set '${name}' (known: ${Object.keys(PRESETS).join(', ')})`);
    this.presetSelect.value = name;
    this.setPoints(preset());
    this.resetWeights();
  }

  train(steps = TRAIN_STEPS): void {
    if (this.points.length === 0) return this.setStatus('idle', 'add points first: click the chart');
    this.setStatus('training', 'training…');
    this.send({ type: 'train', steps, learningRate: LEARNING_RATE });
  }

  stop(): void {
    this.send({ type: 'stop' });
  }

  resetWeights(): void {
    this.accuracyHistory.length = 0;
    for (const series of this.progressChart.data.datasets) series.data = [];
    this.progressChart.update('none');
    this.send({ type: 'reset', seed: this.seed++ });
  }

  private setPoints(points: LabelledPoint[]): void {
    this.points = points;
    this.chart.data.datasets.forEach((d, k) => (d.data = points.filter((p) => p.label === k).map((p) => ({ x: p.x, y: p.y }))));
    this.chart.update('none');
    this.send({ type: 'points', points });
  }

  private send(request: ClassifierRequest): void {
    this.worker.postMessage(request);
  }

  private receive(message: ClassifierMessage): void {
    if (message.type === 'error') return this.setStatus('error', message.message);
    this.step = message.step;
    // Reports of training steps (not the ones sent after new points or a reset, which have no loss).
    const last = this.accuracyHistory[this.accuracyHistory.length - 1];
    if (message.step > 0 && message.step !== last?.step && Number.isFinite(message.loss) && Number.isFinite(message.accuracy)) {
      this.accuracyHistory.push({ step: message.step, accuracy: message.accuracy });
      const [accuracy, loss] = this.progressChart.data.datasets;
      accuracy!.data.push({ x: message.step, y: message.accuracy });
      loss!.data.push({ x: message.step, y: message.loss });
      this.progressChart.update('none');
    }
    this.paintMap(message.probabilities);
    this.chart.update('none');
    const accuracy = Number.isFinite(message.accuracy) ? `${(100 * message.accuracy).toFixed(1)}%` : '–';
    const loss = Number.isFinite(message.loss) ? message.loss.toFixed(4) : '–';
    this.setStatus(message.running ? 'training' : 'idle', `step ${message.step}, loss ${loss}, accuracy ${accuracy}`);
    this.trainButton.textContent = message.running ? 'Stop' : 'Train';
  }

  /** Colours each grid cell by its class probabilities, mixing the classes' colours. */
  private paintMap(probabilities: Float32Array): void {
    const size = CLASSIFIER_VIEW.gridSize;
    const rgb = COLORS.classes.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
    const image = new ImageData(size, size);
    for (let cell = 0; cell < size * size; cell++) {
      for (let channel = 0; channel < 3; channel++) {
        let value = 0;
        for (let k = 0; k < CLASSES; k++) value += probabilities[cell * CLASSES + k]! * rgb[k]![channel]!;
        image.data[4 * cell + channel] = value;
      }
      image.data[4 * cell + 3] = 255;
    }
    this.map.getContext('2d')!.putImageData(image, 0, 0);
    this.mapPainted = true;
  }

  private drawMap(chart: Chart<'scatter'>): void {
    if (!this.mapPainted) return;
    const { left, top, width, height } = chart.chartArea;
    const ctx = chart.ctx;
    ctx.save();
    ctx.globalAlpha = MAP_OPACITY;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.map, left, top, width, height);
    ctx.restore();
  }

  private setStatus(state: ClassifierState, text: string): void {
    this.state = state;
    this.status.dataset.state = state;
    this.status.textContent = text;
  }

  /** Click adds a point of the chosen class; shift-click removes the point under the cursor. */
  private listenToClicks(canvas: HTMLCanvasElement): void {
    canvas.addEventListener('pointerdown', (event) => {
      const chart = this.chart;
      if (event.shiftKey) {
        const hit = chart.getElementsAtEventForMode(event, 'nearest', { intersect: true }, false)[0];
        if (!hit) return;
        const target = chart.data.datasets[hit.datasetIndex]!.data[hit.index]!;
        this.setPoints(this.points.filter((p) => !(p.label === hit.datasetIndex && p.x === target.x && p.y === target.y)));
        return;
      }
      const rect = canvas.getBoundingClientRect();
      const px = event.clientX - rect.left, py = event.clientY - rect.top;
      const area = chart.chartArea;
      if (px < area.left || px > area.right || py < area.top || py > area.bottom) return;
      const label = Number((document.querySelector('input[name="class"]:checked') as HTMLInputElement | null)?.value ?? 0);
      this.setPoints([...this.points, { x: chart.scales.x!.getValueForPixel(px)!, y: chart.scales.y!.getValueForPixel(py)!, label }]);
    });
  }
}
