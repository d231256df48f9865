// The live demo (demo/, `npm run demo`) in headless Chromium: built and served by the same
// scripts/demo.mjs a user runs, under its strict Content Security Policy. The fit panel must fit
// pasted points of an exponential decay to the parameters Node's curveFit finds on the same points
// (and near the ones they were drawn from), a typed model must do the same, clicks and drags must
// add and move points, the three fit plots and the classifier's map must be drawn, the classifier's
// accuracy must rise as it trains, and nothing may throw or log an error. A screenshot goes to
// artifacts/demo.png (CI keeps it). Chromium is Debian's /usr/bin/chromium, as in browser.test.ts:
// the test fails, rather than skips, without it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { compileModel, parseExpression } from '../demo/src/expression';
import { BUILT_IN_MODELS, seededNormal } from '../demo/src/models';
import type { ClassifierPanel } from '../demo/src/classifier-panel';
import type { FitPanel } from '../demo/src/fit-panel';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = join(root, 'artifacts', 'demo.png');
/** Generous: the page, two workers and their WebAssembly start on a loaded 2-core machine. */
const WAIT = { timeout: 60_000, polling: 50 } as const;

type DemoWindow = Window & { gradtapeDemo: { fit: FitPanel; classifier: ClassifierPanel } };

// Points of 3·exp(-0.7·x) + 0.5 on [0, 8] with seeded noise of 0.02: the answer is known to be
// near (3, 0.7, 0.5), and exactly what Node's curveFit finds on the same points.
const TRUE_PARAMS = [3, 0.7, 0.5];
const noise = seededNormal(11);
const POINTS = Array.from({ length: 25 }, (_, i) => {
  const x = (8 * i) / 24;
  return { x, y: TRUE_PARAMS[0]! * Math.exp(-TRUE_PARAMS[1]! * x) + TRUE_PARAMS[2]! + 0.02 * noise() };
});

let browser: Browser | undefined;
let server: Server | undefined;
let page: Page;
let url = '';
const problems: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\` (CI installs it). This test fails rather than skips without it.`);
  }
  const demo = (await import(pathToFileURL(join(root, 'scripts', 'demo.mjs')).href)) as {
    buildDemo: (options: { quiet: boolean }) => Promise<void>;
    serveDemo: (port: number) => Promise<{ server: Server; url: string }>;
  };
  await demo.buildDemo({ quiet: true });
  ({ server, url } = await demo.serveDemo(0));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 120_000,
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.stack ?? e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  const response = await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval'/);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
});

/** Waits for a condition in the page, failing at once (with everything logged) if the page broke. */
async function waitFor(what: string, condition: (arg: number) => unknown, arg = 0): Promise<void> {
  const deadline = Date.now() + WAIT.timeout;
  while (Date.now() < deadline) {
    if (problems.length) throw new Error(`the page failed while waiting for ${what}:\n${problems.join('\n')}`);
    if (await page.evaluate(condition, arg)) return;
    await page.waitForTimeout(WAIT.polling);
  }
  throw new Error(`timed out waiting for ${what}; fit status: ${await page.textContent('#fit-status')}; classifier: ${await page.textContent('#classifier-status')}`);
}

const completedFits = () => page.evaluate(() => (window as unknown as DemoWindow).gradtapeDemo.fit.completedFits);

/** Waits until a fit newer than `before` has finished and no other is pending (an edit that
 * came before the last one may have finished a fit of older points first), and says how it ended. */
async function nextFit(before: number): Promise<string> {
  await waitFor('a fit to finish', (n) => {
    const fit = (window as unknown as DemoWindow).gradtapeDemo.fit;
    return fit.completedFits > n && fit.settled;
  }, before);
  return (await page.getAttribute('#fit-status', 'data-state'))!;
}

/** The parameters and standard errors as the page displays them in its table. */
async function displayedParams(): Promise<{ name: string; start: number; value: number; error: number }[]> {
  return page.$$eval('#params-body tr', (rows) => rows.map((row) => ({
    name: row.getAttribute('data-name')!,
    start: Number((row.querySelector('input.start') as HTMLInputElement).value),
    value: Number(row.querySelector('.value')!.textContent),
    error: Number(row.querySelector('.std-error')!.textContent!.replace('±', '')),
  })));
}

/** How many pixels of `canvas` are within 40 (per channel) of the colour `hex`. */
async function pixelsOfColour(canvasId: string, hex: string): Promise<number> {
  return page.evaluate(([id, color]) => {
    const canvas = document.getElementById(id!) as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const want = [1, 3, 5].map((i) => parseInt(color!.slice(i, i + 2), 16));
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3]! > 200 && want.every((c, k) => Math.abs(data[i + k]! - c) <= 40)) count++;
    }
    return count;
  }, [canvasId, hex]);
}

/** Node's curveFit on the same points, model and start. */
function nodeFit(expression: string, p0: number[]) {
  const model = compileModel(parseExpression(expression), tf);
  return tf.optimize.curveFit(model, POINTS.map((p) => p.x), POINTS.map((p) => p.y), p0);
}

function expectSameFit(shown: { value: number; error: number }[], node: { params: number[]; standardErrors: number[] }): void {
  expect(shown.length).toBe(node.params.length);
  shown.forEach((s, i) => {
    // The table shows 6 significant digits.
    expect(Math.abs(s.value - node.params[i]!), `param ${i}: ${s.value} vs ${node.params[i]}`).toBeLessThanOrEqual(1e-5 * Math.abs(node.params[i]!));
    expect(Math.abs(s.error - node.standardErrors[i]!), `error ${i}: ${s.error} vs ${node.standardErrors[i]}`).toBeLessThanOrEqual(1e-5 * node.standardErrors[i]!);
  });
}

describe('the live demo in headless Chromium', () => {
  it("starts with the exponential decay's sample data fitted, and draws the fit, residual and loss plots", async () => {
    await waitFor('the first fit', () => (window as unknown as DemoWindow).gradtapeDemo?.fit.completedFits > 0);
    expect(await page.getAttribute('#fit-status', 'data-state')).toBe('converged');
    const series = await page.evaluate(() => {
      const fit = (window as unknown as DemoWindow).gradtapeDemo.fit;
      return {
        points: fit.points.length,
        curve: fit.dataChart.data.datasets[1]!.data.length,
        residuals: fit.residualChart.data.datasets[0]!.data.length,
        loss: fit.lossChart.data.datasets[0]!.data.map((p) => p.y),
      };
    });
    expect(series.points).toBe(30);
    expect(series.curve).toBe(240);
    expect(series.residuals).toBe(30);
    expect(series.loss.length).toBeGreaterThan(2);
    expect(series.loss[series.loss.length - 1]!).toBeLessThan(series.loss[0]! / 10);
    // Drawn, not only computed: each plot has pixels of its series' colour.
    expect(await pixelsOfColour('fit-chart', '#d1495b'), 'the fitted curve').toBeGreaterThan(200);
    expect(await pixelsOfColour('fit-chart', '#1f5fa8'), 'the data points').toBeGreaterThan(200);
    expect(await pixelsOfColour('residual-chart', '#1f5fa8'), 'the residuals').toBeGreaterThan(100);
    expect(await pixelsOfColour('loss-chart', '#2e8540'), 'the loss curve').toBeGreaterThan(50);
  });

  it('fits pasted points of a known decay: the displayed parameters and errors are what Node computes, near the truth', async () => {
    await page.selectOption('#model-select', 'exponential');
    await page.click('#fit-panel details summary');
    await page.fill('#data-text', POINTS.map((p) => `${p.x}, ${p.y}`).join('\n'));
    const before = await completedFits();
    await page.click('#use-data');
    expect(await nextFit(before)).toBe('converged');
    const shown = await displayedParams();
    expect(shown.map((s) => s.name)).toEqual(['a', 'b', 'c']);
    const node = nodeFit('a * exp(-b * x) + c', shown.map((s) => s.start));
    expect(node.converged).toBe(true);
    expectSameFit(shown, node);
    shown.forEach((s, i) => expect(Math.abs(s.value - TRUE_PARAMS[i]!), `${s.name} = ${s.value} ± ${s.error}`).toBeLessThan(4 * s.error));
    expect(await page.textContent('#fit-status')).toMatch(/^converged after \d+ iterations/);
  });

  it('a typed model: errors are shown as you type, and a valid one fits to the same answer', async () => {
    await page.fill('#expression', 'A * exp(-k * x');
    await waitFor('the parse error', () => document.getElementById('expression-error')!.textContent !== '');
    expect(await page.textContent('#expression-error')).toMatch(/expected '\)' to close exp\(/);
    const before = await completedFits();
    await page.fill('#expression', 'A * exp(-k * x) + floor');
    expect(await nextFit(before)).toBe('converged');
    expect(await page.textContent('#expression-error')).toBe('');
    expect(await page.inputValue('#model-select')).toBe('custom');
    const shown = await displayedParams();
    expect(shown.map((s) => s.name)).toEqual(['A', 'k', 'floor']);
    expect(shown.map((s) => s.start)).toEqual([1, 1, 1]);
    expectSameFit(shown, nodeFit('a * exp(-b * x) + c', [1, 1, 1]));
  });

  it('a click adds a point, a drag moves it, and each change refits', async () => {
    await page.locator('#fit-chart').scrollIntoViewIfNeeded(); // mouse clicks land only inside the viewport
    const box = (await page.locator('#fit-chart').boundingBox())!;
    // A pixel in the plot area, and the data coordinates it stands for.
    const target = await page.evaluate(() => {
      const chart = (window as unknown as DemoWindow).gradtapeDemo.fit.dataChart;
      const { left, right, top, bottom } = chart.chartArea;
      const px = left + 0.6 * (right - left), py = top + 0.3 * (bottom - top), py2 = top + 0.5 * (bottom - top);
      return { px, py, py2, x: chart.scales.x!.getValueForPixel(px)!, y: chart.scales.y!.getValueForPixel(py)!, y2: chart.scales.y!.getValueForPixel(py2)! };
    });
    let before = await completedFits();
    await page.mouse.click(box.x + target.px, box.y + target.py);
    await nextFit(before);
    let points = await page.evaluate(() => (window as unknown as DemoWindow).gradtapeDemo.fit.points);
    expect(points.length).toBe(POINTS.length + 1);
    const added = points[points.length - 1]!;
    // Within about 3 pixels (the axes span about 10 and 4 units over 550 and 230 pixels).
    expect(Math.abs(added.x - target.x)).toBeLessThan(0.05);
    expect(Math.abs(added.y - target.y)).toBeLessThan(0.05);

    before = await completedFits();
    await page.mouse.move(box.x + target.px, box.y + target.py);
    await page.mouse.down();
    await page.mouse.move(box.x + target.px, box.y + target.py2, { steps: 5 });
    await page.mouse.up();
    await nextFit(before);
    points = await page.evaluate(() => (window as unknown as DemoWindow).gradtapeDemo.fit.points);
    expect(points.length).toBe(POINTS.length + 1);
    const moved = points[points.length - 1]!;
    expect(Math.abs(moved.x - target.x)).toBeLessThan(0.05);
    expect(Math.abs(moved.y - target.y2)).toBeLessThan(0.05);
    // The displayed fit is the fit of the points as they are now.
    const shown = await displayedParams();
    const model = compileModel(parseExpression('A * exp(-k * x) + floor'), tf);
    const node = tf.optimize.curveFit(model, points.map((p) => p.x), points.map((p) => p.y), shown.map((s) => s.start));
    expectSameFit(shown, node);
  });

  it('each built-in model fits its sample data from its guessed start, to the sample parameters within 4 standard errors', async () => {
    await page.uncheck('#auto-fit'); // one fit per model, started by the Fit button
    for (const m of BUILT_IN_MODELS) {
      await page.selectOption('#model-select', m.id);
      await page.click('#sample-data');
      const before = await completedFits();
      await page.click('#fit-button');
      expect(await nextFit(before), `${m.id}: ${await page.textContent('#fit-status')}`).toBe('converged');
      const shown = await displayedParams();
      expect(shown.map((s) => s.name)).toEqual(parseExpression(m.expression).parameters);
      shown.forEach((s, i) => expect(Math.abs(s.value - m.sample[i]!), `${m.id}: ${s.name} = ${s.value} ± ${s.error}`).toBeLessThan(4 * s.error));
    }
    await page.check('#auto-fit');
  });

  it('Stop ends a running fit (its worker is replaced) and the next fit runs in a new worker', async () => {
    await page.uncheck('#auto-fit');
    const before = await completedFits();
    // Both clicks in one task, so the fit is certainly still running when Stop comes.
    await page.evaluate(() => {
      document.getElementById('fit-button')!.click();
      document.getElementById('stop-button')!.click();
    });
    expect(await page.getAttribute('#fit-status', 'data-state')).toBe('stopped');
    await page.click('#fit-button');
    expect(await nextFit(before)).toBe('converged');
    // The stopped fit never reported: only the second one finished.
    expect(await completedFits()).toBe(before + 1);
    await page.check('#auto-fit');
  });

  it('the classifier learns the two moons: its accuracy rises as it trains, and the decision map is drawn', async () => {
    await waitFor('the classifier', () => (window as unknown as DemoWindow).gradtapeDemo.classifier.points.length > 0);
    await page.click('#train-button');
    await waitFor('300 training steps', () => (window as unknown as DemoWindow).gradtapeDemo.classifier.step >= 300);
    await page.click('#train-button'); // now "Stop"
    await waitFor('the classifier to stop', () => document.getElementById('classifier-status')!.dataset.state === 'idle');
    const history = await page.evaluate(() => (window as unknown as DemoWindow).gradtapeDemo.classifier.accuracyHistory);
    const first = history[0]!, last = history[history.length - 1]!;
    console.log(`[demo classifier] accuracy ${first.accuracy} at step ${first.step}, ${last.accuracy} at step ${last.step}`);
    expect(first.step).toBeLessThanOrEqual(20);
    expect(last.step).toBeGreaterThanOrEqual(300);
    expect(last.accuracy).toBeGreaterThan(first.accuracy);
    expect(last.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(await page.textContent('#classifier-status')).toMatch(/accuracy (9\d|100)\.\d%/);
    const plotted = await page.evaluate(() => (window as unknown as DemoWindow).gradtapeDemo.classifier.progressChart.data.datasets.map((d) => d.data.length));
    expect(plotted).toEqual([history.length, history.length]);
    expect(await pixelsOfColour('classifier-progress-chart', '#7b3fa0'), 'the accuracy curve').toBeGreaterThan(50);
    expect(await pixelsOfColour('classifier-progress-chart', '#2e8540'), 'the loss curve').toBeGreaterThan(50);
    // The map under the points: the plot area's corners are tinted by the class predicted there
    // (class 1 blue and class 2 orange mixed with white at 45%), not left white.
    const corners = await page.evaluate(() => {
      const chart = (window as unknown as DemoWindow).gradtapeDemo.classifier.chart;
      const { left, right, top, bottom } = chart.chartArea;
      const ratio = chart.canvas.width / chart.canvas.clientWidth;
      const ctx = chart.canvas.getContext('2d')!;
      return [[left + 3, top + 3], [right - 3, bottom - 3]].map(([x, y]) => Array.from(ctx.getImageData(Math.round(x! * ratio), Math.round(y! * ratio), 1, 1).data));
    });
    for (const [r, g, b] of corners) expect(Math.min(r!, g!, b!), `corner pixel ${[r, g, b]}`).toBeLessThan(200);
  });

  it('a click on the classifier adds a point of the chosen class, and the classifier sees it', async () => {
    const before = await page.evaluate(() => (window as unknown as DemoWindow).gradtapeDemo.classifier.points.length);
    await page.check('input[name="class"][value="2"]');
    await page.locator('#classifier-chart').scrollIntoViewIfNeeded(); // mouse clicks land only inside the viewport
    const box = (await page.locator('#classifier-chart').boundingBox())!;
    const target = await page.evaluate(() => {
      const chart = (window as unknown as DemoWindow).gradtapeDemo.classifier.chart;
      const { left, right, top, bottom } = chart.chartArea;
      const px = left + 0.1 * (right - left), py = top + 0.9 * (bottom - top);
      return { px, py, x: chart.scales.x!.getValueForPixel(px)!, y: chart.scales.y!.getValueForPixel(py)! };
    });
    await page.mouse.click(box.x + target.px, box.y + target.py);
    const after = await page.evaluate(() => {
      const classifier = (window as unknown as DemoWindow).gradtapeDemo.classifier;
      return { points: classifier.points, third: classifier.chart.data.datasets[2]!.data };
    });
    expect(after.points.length).toBe(before + 1);
    const added = after.points[after.points.length - 1]!;
    expect(added.label).toBe(2);
    expect(Math.abs(added.x - target.x)).toBeLessThan(0.05);
    expect(Math.abs(added.y - target.y)).toBeLessThan(0.05);
    expect(after.third).toEqual([{ x: added.x, y: added.y }]);
    // The worker trains on it: a few more steps report accuracy over one more point.
    const step = await page.evaluate(() => (window as unknown as DemoWindow).gradtapeDemo.classifier.step);
    await page.click('#train-button');
    await waitFor('more training steps', (s) => (window as unknown as DemoWindow).gradtapeDemo.classifier.step >= s + 50, step);
    await page.click('#train-button');
    await waitFor('the classifier to stop', () => document.getElementById('classifier-status')!.dataset.state === 'idle');
    const accuracy = await page.evaluate(() => (window as unknown as DemoWindow).gradtapeDemo.classifier.accuracyHistory.at(-1)!.accuracy);
    // Accuracies are counts over the points: k / (before + 1) for some whole k.
    const correct = accuracy * (before + 1);
    expect(Math.abs(correct - Math.round(correct))).toBeLessThan(1e-9);
  });

  it('the page typechecks, nothing threw or logged an error, and a screenshot is saved', async () => {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', join(root, 'demo')], { stdio: 'pipe' });
    expect(problems).toEqual([]);
    mkdirSync(join(root, 'artifacts'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
