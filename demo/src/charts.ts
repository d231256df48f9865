// Chart.js set up for the demo: only the pieces it draws (scatter and line series on linear and
// logarithmic axes), registered once, and the options every chart shares. Animations are off:
// the charts are redrawn on every solver step, and an eased transition would lag behind it.
import {
  Chart, type ChartDataset, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement,
  type Plugin, ScatterController, Tooltip,
} from 'chart.js';

Chart.register(ScatterController, LineController, LinearScale, LogarithmicScale, PointElement, LineElement, Legend, Tooltip);

export { Chart };
export type XY = { x: number; y: number };
export type ScatterChart = Chart<'scatter', XY[]>;

export const COLORS = {
  data: '#1f5fa8',
  fit: '#d1495b',
  zero: '#888888',
  loss: '#2e8540',
  accuracy: '#7b3fa0',
  classes: ['#1f77b4', '#ff7f0e', '#2ca02c'] as const,
};

interface AxisOptions {
  title: string;
  min?: number;
  max?: number;
  type?: 'linear' | 'logarithmic';
}

/** A scatter chart (each series with its own x values) on `canvas`. */
export function scatterChart(
  canvas: HTMLCanvasElement, datasets: ChartDataset<'scatter', XY[]>[], x: AxisOptions, y: AxisOptions,
  extra: { legend?: boolean; plugins?: Plugin<'scatter'>[] } = {},
): ScatterChart {
  const axis = (a: AxisOptions) => ({ type: a.type ?? 'linear', min: a.min, max: a.max, title: { display: true, text: a.title } }) as const;
  return new Chart<'scatter', XY[]>(canvas, {
    type: 'scatter',
    data: { datasets },
    plugins: extra.plugins ?? [],
    options: {
      animation: false,
      maintainAspectRatio: false,
      responsive: true,
      scales: { x: axis(x), y: axis(y) },
      plugins: { legend: { display: extra.legend ?? true }, tooltip: { enabled: true } },
    },
  });
}

/** A line series (no point markers) for a scatter chart. */
export function lineSeries(label: string, color: string, data: XY[] = []): ChartDataset<'scatter', XY[]> {
  return { label, data, showLine: true, borderColor: color, backgroundColor: color, pointRadius: 0, borderWidth: 2 };
}

/** A point series for a scatter chart. */
export function pointSeries(label: string, color: string, data: XY[] = [], radius = 4): ChartDataset<'scatter', XY[]> {
  return { label, data, showLine: false, borderColor: color, backgroundColor: color, pointRadius: radius, pointHoverRadius: radius + 2 };
}
