// Whether dist/ must be rebuilt by tsup: a bundle is missing or older than one of its inputs.
// Shared by scripts/run-tests.mjs (`npm test`) and scripts/publish-manifest.mjs (`npm pack`).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const name of readdirSync(path)) t = Math.max(t, newest(join(path, name)));
  return t;
}

export function distIsStale(root) {
  const outputs = ['index.mjs', 'index.cjs', 'index.d.ts', 'index.d.cts', 'gradtape.global.js'].map((f) => join(root, 'dist', f));
  if (!outputs.every((f) => existsSync(f))) return true;
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  const inputs = ['ts', 'tsup.config.ts', 'package.json', 'tsconfig.json'].map((p) => join(root, p));
  return inputs.some((p) => newest(p) >= built);
}
