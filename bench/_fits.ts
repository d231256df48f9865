import { NIST_NAMES, parseNist, fitNist } from '../test/helpers/nist-strd';
const problems = NIST_NAMES.map(parseNist);
const pause = Number(process.env.PAUSE_MS ?? 0);
const spin = (ms: number) => { const t = performance.now(); while (performance.now() - t < ms); };
const times: number[][] = problems.flatMap(() => [[], []]);
for (let pass = 0; pass < 4; pass++) {
  problems.forEach((p, i) => ([0, 1] as const).forEach((s) => {
    if (pause) spin(pause);
    const t0 = performance.now(); fitNist(p, s); const ms = performance.now() - t0;
    if (pass > 0) times[2 * i + s]!.push(ms);
  }));
}
const med = (a: number[]) => { const b = [...a].sort((x, y) => x - y); return b[b.length >> 1]!; };
console.log(JSON.stringify(times.map(med)));
