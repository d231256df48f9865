// What a user gets from npm: `npm pack` in the repo (its prepack/postpack lifecycle included),
// then `npm install <tarball>` in a clean project, offline (gradtape has no dependencies). The
// install must print no warning, the package must carry no repository-only fields, and it must
// import as ESM, require as CommonJS, and typecheck strictly without esnext.disposable under
// moduleResolution node16 and bundler. The tarball's size is printed.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const repoManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;

let work = '';
let consumer = '';
let tarball = '';
let installLog = '';

/** npm with a cache of its own (so nothing can come from, or go to, the user's) and no update check. */
function npm(args: string[], cwd: string): { status: number | null; stdout: string; output: string } {
  const r = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, npm_config_cache: join(work, 'npm-cache'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
  });
  return { status: r.status, stdout: r.stdout, output: `${r.stdout}${r.stderr}` };
}

beforeAll(() => {
  // Packing runs prepack, which rebuilds dist/ when it is stale: that must not happen while other
  // test files read dist/.
  const stale = execFileSync(process.execPath, ['--input-type=module', '-e',
    `import { distIsStale } from ${JSON.stringify(join(root, 'scripts', 'dist-stale.mjs'))}; process.stdout.write(String(distIsStale(${JSON.stringify(root)})));`,
  ], { encoding: 'utf8' });
  if (stale !== 'false') throw new Error('dist/ is older than its inputs: run `npm run build` before this test.');

  work = mkdtempSync(join(tmpdir(), 'gradtape-tarball-'));
  const packed = npm(['pack', '--json', '--pack-destination', work], root);
  if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.output}`);
  // stdout: the lifecycle scripts' banners, then the JSON report.
  const info = (JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[\n'))) as { filename: string; size: number; unpackedSize: number; entryCount: number }[])[0]!;
  tarball = join(work, info.filename);
  console.log(
    `[tarball] ${info.filename}: ${(info.size / 1e6).toFixed(2)} MB packed (${info.size} bytes), ` +
      `${(info.unpackedSize / 1e6).toFixed(2)} MB unpacked, ${info.entryCount} files`,
  );

  consumer = join(work, 'consumer');
  execFileSync('mkdir', ['-p', consumer]);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  const installed = npm(['install', '--offline', tarball], consumer);
  installLog = installed.output;
  if (installed.status !== 0) throw new Error(`npm install of the tarball failed:\n${installed.output}`);
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const runNode = (code: string, type: 'module' | 'commonjs') =>
  execFileSync(process.execPath, [`--input-type=${type}`, '-e', code], { cwd: consumer, encoding: 'utf8', timeout: 60_000 }).trim().split('\n');

describe('the packed tarball, installed with npm in a clean project', () => {
  it('packing leaves the repository as it was (package.json restored, no staging files)', () => {
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))).toEqual(repoManifest);
    expect(existsSync(join(root, 'package.json.repo'))).toBe(false);
    expect(existsSync(join(root, 'package.json.publish'))).toBe(false);
    expect(statSync(tarball).size).toBeGreaterThan(0);
  });

  it('installs offline without a single npm warning', () => {
    expect(installLog).toMatch(/added 1 package/);
    expect(installLog).not.toMatch(/npm warn|WARN/i);
  });

  it('ships package.json without scripts or devDependencies, with license, repository, homepage and keywords', () => {
    const shipped = JSON.parse(readFileSync(join(consumer, 'node_modules', 'gradtape', 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(shipped.scripts).toBeUndefined();
    expect(shipped.devDependencies).toBeUndefined();
    expect(shipped.dependencies).toBeUndefined();
    const { scripts: _s, devDependencies: _d, ...published } = repoManifest;
    expect(shipped).toEqual(published);
    expect(shipped).toMatchObject({ license: 'MIT', homepage: expect.any(String), repository: { type: 'git', url: expect.any(String) } });
    expect((shipped.keywords as string[]).length).toBeGreaterThan(0);
    for (const f of ['LICENSE', 'CHANGELOG.md', 'README.md', 'dist/index.mjs', 'dist/index.node.mjs', 'dist/index.node.cjs', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/gradtape.global.js']) {
      expect(existsSync(join(consumer, 'node_modules', 'gradtape', f)), f).toBe(true);
    }
  });

  it("Node's import reaches the CommonJS build through a shim that names no exports (no 6 MB parse for them)", () => {
    // Node parses a CommonJS file an ES module imports for its export names (cjs-module-lexer),
    // following `module.exports = require(..)`: on index.cjs that was 140 ms of a 240 ms import.
    const dir = join(consumer, 'node_modules', 'gradtape', 'dist');
    expect(readFileSync(join(dir, 'index.node.mjs'), 'utf8')).toMatch(/^import tf from '\.\/index\.node\.cjs';$/m);
    const shim = readFileSync(join(dir, 'index.node.cjs'), 'utf8');
    expect(shim.length).toBeLessThan(400);
    expect(shim).not.toMatch(/module\.exports\s*=\s*require/);
    expect(shim).toMatch(/require\('\.\/index\.cjs'\)/);
  });

  it('imports as ESM, requires as CommonJS, and both in one process share one copy', () => {
    const program = 'const v = new tf.Variable(3); const t = new tf.GradientTape(); const y = t.record(() => v.mul(v)); console.log(String(t.gradient(y, v)));';
    const expected = 'tf.Tensor(6.0, shape=(), dtype=float32)';
    expect(runNode(`import * as tf from 'gradtape'; ${program}`, 'module')).toEqual([expected]);
    expect(runNode(`const tf = require('gradtape'); ${program}`, 'commonjs')).toEqual([expected]);
    const both = runNode([
      "import { createRequire } from 'node:module';",
      "import * as esm from 'gradtape';",
      "const cjs = createRequire(import.meta.url)('gradtape');",
      'console.log(esm.Tensor === cjs.Tensor, String(cjs.add(esm.constant([1, 2]), 1)));',
    ].join('\n'), 'module');
    expect(both).toEqual(['true tf.Tensor([2. 3.], shape=(2,), dtype=float32)']);
  });

  it.each([
    { resolution: 'node16', module: 'node16', files: ['consumer.mts', 'consumer-require.cts'] },
    { resolution: 'bundler', module: 'esnext', files: ['consumer.ts'] },
    // The resolution that ignores package.json "exports" and reads "types".
    { resolution: 'node10', module: 'commonjs', files: ['consumer.ts'] },
  ])('typechecks strictly with lib es2022 + dom (no esnext.disposable), moduleResolution $resolution', ({ resolution, module, files }) => {
    const dir = join(consumer, `types-${resolution}`);
    execFileSync('mkdir', ['-p', dir]);
    copyFileSync(join(root, 'test', 'types', 'consumer.ts'), join(dir, files[0]!));
    if (files[1]) copyFileSync(join(root, 'test', 'types', 'consumer-require.cts'), join(dir, files[1]));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true, target: 'es2022', lib: ['es2022', 'dom'], types: [], module, moduleResolution: resolution,
        skipLibCheck: false, noEmit: true,
      },
      files,
    }));
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', dir], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  });
});
