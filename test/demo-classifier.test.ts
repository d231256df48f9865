// The demo's classifier (demo/src/mlp.ts, the network its worker trains) and its preset data
// sets (demo/src/datasets.ts), in Node on the built package: the presets are what they say, and
// the network learns each of them from its seeded start.
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { spiral, twoMoons } from '../demo/src/datasets';
import { CLASSES } from '../demo/src/messages';
import { Mlp } from '../demo/src/mlp';

describe('the classifier presets', () => {
  it('two moons: two classes of the given size, inside the view, the same for the same seed', () => {
    const points = twoMoons(80, 0.12, 7);
    expect(points.length).toBe(160);
    expect(points.filter((p) => p.label === 0).length).toBe(80);
    expect(points.filter((p) => p.label === 1).length).toBe(80);
    expect(points.every((p) => Math.abs(p.x) < 2 && Math.abs(p.y) < 2)).toBe(true);
    expect(twoMoons(80, 0.12, 7)).toEqual(points);
    expect(twoMoons(80, 0.12, 8)).not.toEqual(points);
    // The upper moon lies above the lower one on average.
    const meanY = (label: number) => points.filter((p) => p.label === label).reduce((s, p) => s + p.y, 0) / 80;
    expect(meanY(0)).toBeGreaterThan(meanY(1));
  });

  it('spiral: three arms whose radius grows along each arm', () => {
    const points = spiral(70, 0.2, 7);
    expect(points.length).toBe(70 * CLASSES);
    for (let k = 0; k < CLASSES; k++) {
      const arm = points.filter((p) => p.label === k);
      expect(arm.length).toBe(70);
      const radii = arm.map((p) => Math.hypot(p.x, p.y));
      radii.slice(1).forEach((r, i) => expect(r).toBeGreaterThan(radii[i]!));
      expect(radii[69]!).toBeCloseTo(1.8, 10);
    }
  });
});

describe('the MLP the classifier worker trains', () => {
  it('learns the two moons: accuracy rises from its start to at least 95% in 300 steps', () => {
    const points = twoMoons(80, 0.12, 7);
    const net = new Mlp(tf, 1, 0.03);
    const before = net.accuracy(points);
    net.train(points, 10);
    const early = net.accuracy(points);
    const loss = net.train(points, 290);
    expect(net.step).toBe(300);
    const after = net.accuracy(points);
    console.log(`[demo mlp] two moons: accuracy ${before} at step 0, ${early} at 10, ${after} at 300 (loss ${loss.toFixed(4)})`);
    expect(after).toBeGreaterThan(early);
    expect(after).toBeGreaterThanOrEqual(0.95);
    expect(loss).toBeLessThan(0.1);
  });

  it('learns the spiral, which no straight boundaries separate, to at least 95% in 300 steps', () => {
    const points = spiral(70, 0.2, 7);
    const net = new Mlp(tf, 1, 0.03);
    expect(net.accuracy(points)).toBeLessThan(0.6);
    net.train(points, 300);
    expect(net.accuracy(points)).toBeGreaterThanOrEqual(0.95);
  });

  it('gives probabilities that sum to 1 at each grid point, and resets to the same start for the same seed', () => {
    const net = new Mlp(tf, 3, 0.03);
    const grid = new Float32Array([0, 0, 1, -1, -1.5, 1.5]);
    const start = net.probabilities(grid);
    expect(start.length).toBe(3 * CLASSES);
    for (let i = 0; i < 3; i++) expect(start[3 * i]! + start[3 * i + 1]! + start[3 * i + 2]!).toBeCloseTo(1, 6);
    net.train(twoMoons(20, 0.1, 1), 20);
    expect(Array.from(net.probabilities(grid))).not.toEqual(Array.from(start));
    net.reset(3);
    expect(net.step).toBe(0);
    expect(Array.from(net.probabilities(grid))).toEqual(Array.from(start));
    expect(net.accuracy([])).toBeNaN();
  });
});
