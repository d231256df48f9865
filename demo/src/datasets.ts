// The classifier panel's preset data sets, drawn from seeded generators so that they are the same
// on every load (and in the tests).
import { CLASSES, type LabelledPoint } from './messages';
import { seededNormal } from './models';

/** scikit-learn's make_moons: two interleaved half circles, centred on the view. */
export function twoMoons(perClass: number, noise: number, seed: number): LabelledPoint[] {
  const normal = seededNormal(seed);
  const points: LabelledPoint[] = [];
  for (let i = 0; i < perClass; i++) {
    const t = (Math.PI * i) / (perClass - 1);
    points.push({ x: 1.1 * (Math.cos(t) - 0.5) + noise * normal(), y: 1.1 * (Math.sin(t) - 0.25) + noise * normal(), label: 0 });
    points.push({ x: 1.1 * (1 - Math.cos(t) - 0.5) + noise * normal(), y: 1.1 * (0.25 - Math.sin(t)) + noise * normal(), label: 1 });
  }
  return points;
}

/** Three interleaved spiral arms, each turning 1.25 times around the centre as it moves out. */
export function spiral(perClass: number, noise: number, seed: number): LabelledPoint[] {
  const normal = seededNormal(seed);
  const points: LabelledPoint[] = [];
  for (let k = 0; k < CLASSES; k++) {
    for (let i = 0; i < perClass; i++) {
      const along = (i + 1) / perClass;
      const r = 1.8 * along;
      const t = (2 * Math.PI * k) / CLASSES + 2.5 * Math.PI * along + noise * normal();
      points.push({ x: r * Math.cos(t), y: r * Math.sin(t), label: k });
    }
  }
  return points;
}
