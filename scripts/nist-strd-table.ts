// Prints the NIST StRD table for tf.optimize.curveFit with default options: for each problem and
// starting point, the smallest LRE over the parameters and over the standard errors, the
// iterations and the status. Run: npx tsx scripts/nist-strd-table.ts (after npm run build).
import { NIST_NAMES, fitNist, lre, parseNist } from '../test/helpers/nist-strd';

console.log('| problem | start | min LRE params | min LRE std errors | iterations | evaluations | status | ms |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const name of NIST_NAMES) {
  const problem = parseNist(name);
  for (const start of [0, 1] as const) {
    const t0 = performance.now();
    let row: string;
    try {
      const r = fitNist(problem, start);
      const ms = performance.now() - t0;
      const paramLre = Math.min(...r.params.map((p, j) => lre(p, problem.certifiedValues[j]!)));
      const seLre = Math.min(...r.standardErrors.map((s, j) => lre(s, problem.certifiedStandardErrors[j]!)));
      row = `| ${name} | ${start + 1} | ${paramLre.toFixed(1)} | ${seLre.toFixed(1)} | ${r.iterations} | ${r.evaluations} | ${r.status} | ${ms.toFixed(1)} |`;
    } catch (e) {
      row = `| ${name} | ${start + 1} | error: ${(e as Error).message} | | | | | |`;
    }
    console.log(row);
  }
}
