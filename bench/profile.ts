// Runs one gradtape case long enough to profile it:
//   node --import tsx bench/profile.ts regression /tmp/regression.cpuprofile   (profiles the timed loop only)
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile.ts regression   (whole process)
// index.ts runs the first form for every case whose target is missed and summarises the profile
// (summarizeProfile below): the functions with the most self time.

import { readFileSync } from 'node:fs';
import { gtLeastSquares, gtMatmul, gtMlp, gtPuzzle, gtRegression, gtScalarAdd, type Prepared } from './cases';

const CASES: Record<string, { make: () => Prepared; n: number }> = {
  regression: { make: () => gtRegression('float32'), n: 20_000 },
  puzzle: { make: () => gtPuzzle(), n: 20_000 },
  regressionCompiled: { make: () => gtRegression('float32', 'compiled'), n: 200_000 },
  puzzleCompiled: { make: () => gtPuzzle('compiled'), n: 200_000 },
  scalarAdd: { make: () => gtScalarAdd('eager'), n: 3_000_000 },
  leastSquares: { make: () => gtLeastSquares('float32', false), n: 40 },
  leastSquaresTidy: { make: () => gtLeastSquares('float32', true), n: 40 },
  matmul: { make: () => gtMatmul('plain'), n: 60 },
  mlp: { make: () => gtMlp('eager'), n: 200 },
  mlpCompiled: { make: () => gtMlp('compiled'), n: 200 },
};

export const PROFILE_CASES = Object.keys(CASES);

export interface ProfileEntry {
  fn: string;
  where: string;
  selfMs: number;
  selfPct: number;
}

/** Readable name for a Rust v0-mangled wasm symbol: `_RNv...13gradtape_core6engine...8gradient` -> `gradtape_core::engine::…::gradient`. */
export function demangle(mangled: string): string {
  if (!mangled.startsWith('_R')) return mangled;
  // Drop crate hashes and disambiguators (`Cs<hash>_`, `Ms0_`, `Nvs1_`), then read `<len><ident>` tokens.
  const name = mangled.replace(/C(s[0-9A-Za-z]*_)/g, 'C').replace(/(M|N[A-Za-z]|X|Y)s[0-9A-Za-z]*_/g, '$1');
  const parts: string[] = [];
  for (let i = 2; i < name.length; ) {
    const m = /^(\d+)_?/.exec(name.slice(i));
    if (!m || /[0-9]/.test(name[i - 1]!)) {
      i++;
      continue;
    }
    const len = Number(m[1]);
    const start = i + m[0].length;
    const ident = name.slice(start, start + len);
    if (len > 1 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(ident)) {
      parts.push(ident);
      i = start + len;
    } else i += m[0].length;
  }
  return parts.length ? parts.join('::') : mangled;
}

/** Top self-time functions of a V8 .cpuprofile (module loading at start-up left out). */
export function summarizeProfile(path: string, top = 12): { totalMs: number; entries: ProfileEntry[] } {
  const prof = JSON.parse(readFileSync(path, 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  // The samples under the inspector's own calls (`post`, whose native `dispatch` takes the last
  // sample's whole delta when the profile is stopped) are the profiler's, not the loop's.
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const underInspector = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) if (byId.get(at)?.callFrame.url === 'node:inspector') return true;
    return false;
  };
  const self = new Map<string, { fn: string; where: string; us: number }>();
  let total = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const node = byId.get(prof.samples[i]!);
    const dt = prof.timeDeltas[i] ?? 0;
    if (!node || underInspector(node.id)) continue;
    const cf = node.callFrame;
    if (cf.url.startsWith('node:internal/modules') || cf.url.includes('/tsx/dist/')) continue;
    total += dt;
    const fn = demangle(cf.functionName || '(anonymous)');
    const url = cf.url.replace(/^file:\/\//, '').replace(/^.*\/work\/main\//, '');
    const where = url.startsWith('wasm://') ? 'wasm' : url ? `${url}:${cf.lineNumber + 1}` : '';
    const key = `${fn}@${where}`;
    const e = self.get(key) ?? { fn, where, us: 0 };
    e.us += dt;
    self.set(key, e);
  }
  const entries = [...self.values()]
    .filter((e) => e.fn !== '(idle)')
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((e) => ({ fn: e.fn, where: e.where, selfMs: e.us / 1000, selfPct: (100 * e.us) / Math.max(total, 1) }));
  return { totalMs: total / 1000, entries };
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!);
if (isMain) {
  const name = process.argv[2] ?? '';
  const c = CASES[name];
  if (!c) {
    console.error(`profile.ts: unknown case '${name}'; one of ${PROFILE_CASES.join(', ')}`);
    process.exit(2);
  }
  const out = process.argv[3];
  const p = c.make();
  const t = p.trial();
  t.run(Math.max(1, Math.floor(c.n / 10))); // warm-up
  if (out) {
    // Profile only the loop (not start-up or data preparation), in the .cpuprofile format of --cpu-prof.
    const { Session } = await import('node:inspector/promises');
    const { writeFileSync } = await import('node:fs');
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    t.run(c.n);
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(out, JSON.stringify(profile));
    session.disconnect();
  } else {
    t.run(c.n);
  }
  t.done?.();
  p.release?.();
}
