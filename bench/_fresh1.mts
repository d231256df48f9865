const t00 = performance.now();
const { gtPuzzle, gtRegression } = await import('./cases');
const t01 = performance.now();
const mode = (process.argv[3] ?? 'eager') as 'eager' | 'compiled';
const p = process.argv[2] === 'regression' ? gtRegression('float32', mode) : gtPuzzle(mode);
const trial = p.trial();
const out: string[] = [];
for (let b = 0; b < 20; b++) {
  const t0 = performance.now();
  trial.run(100);
  out.push(((performance.now() - t0) * 10).toFixed(1));
}
console.log(`import ${(t01 - t00).toFixed(0)} ms; per-100 µs/step: ${out.join(' ')}`);
