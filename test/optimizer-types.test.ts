// The optimizer classes typecheck as types and values from the built package's declarations
// (dist/index.d.ts): tsc compiles test/types/optimizer-types.ts, which also holds
// `@ts-expect-error` lines that must stay errors.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

it('tf.keras.optimizers.X, tf.optimizers.X and `import type { X }` are types as well as values', () => {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(
    process.execPath,
    [
      tsc, '--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler',
      '--lib', 'es2022,esnext.disposable,dom', '--types', 'node', join(root, 'test', 'types', 'optimizer-types.ts'),
    ],
    { cwd: root, encoding: 'utf8', timeout: 120_000 },
  );
  expect(`${r.stdout}${r.stderr}`).toBe('');
  expect(r.status).toBe(0);
});
