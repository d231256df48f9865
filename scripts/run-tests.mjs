#!/usr/bin/env node
// `npm test`: the whole test suite, in order
//   1. cargo test --workspace       (native, rustup's cargo; /usr/bin/cargo if there is no other)
//   2. build if needed              (scripts/build-wasm.mjs, then tsup when dist/ is older than its inputs),
//      and Chromium for the browser tests (scripts/ensure-chromium.mjs: apt-get as root)
//   3. vitest run                   (test/**/*.test.ts against the BUILT package in dist/)
// A failing cargo test does not stop the JS tests (so one run reports everything); the exit
// code is non-zero if any step failed.
//
// Usage: node scripts/run-tests.mjs [--rust-only | --js-only] [vitest args...]
//   e.g. npm test -- test/tape.test.ts        npm test -- --reporter=verbose
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distIsStale } from './dist-stale.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'node_modules', '.bin');
const log = (msg) => console.log(`[run-tests] ${msg}`);

let rust = true;
let js = true;
const vitestArgs = [];
for (const a of process.argv.slice(2)) {
  if (a === '--rust-only') js = false;
  else if (a === '--js-only') rust = false;
  else if (a === '--') continue;
  else vitestArgs.push(a);
}

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { stdio: 'inherit', cwd: ROOT, ...opts });
  if (r.error) {
    console.error(`[run-tests] could not start ${cmd}: ${r.error.message}`);
    return 127;
  }
  return r.status ?? 1;
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

const failures = [];

// 1. Rust tests, natively.
if (rust) {
  const cargo = which('cargo') ?? (existsSync('/usr/bin/cargo') ? '/usr/bin/cargo' : null);
  if (!cargo) {
    console.error('[run-tests] no cargo found: install Rust (rustup) or `apt-get install -y cargo-web rustc-web`.');
    failures.push('cargo test (no cargo)');
  } else {
    log(`${cargo} test --workspace`);
    const env = { ...process.env };
    if (cargo === '/usr/bin/cargo') env.RUSTC = '/usr/bin/rustc';
    if (run(cargo, ['test', '--workspace'], { env }) !== 0) failures.push('cargo test');
  }
}

// 2 + 3. Build if needed, then the JS tests against dist/.
if (js) {
  log('node scripts/build-wasm.mjs');
  if (run(process.execPath, [join(ROOT, 'scripts', 'build-wasm.mjs')]) !== 0) {
    failures.push('wasm build');
  } else {
    const stale = distIsStale(ROOT);
    let built = true;
    if (stale) {
      log('tsup (dist/ is older than ts/)');
      if (run(join(BIN, 'tsup'), []) !== 0) {
        failures.push('tsup build');
        built = false;
      }
    } else {
      log('dist/ is up to date');
    }
    // The browser tests need Chromium: installed here with apt when missing and running as root.
    // Its failure is not counted: the browser tests then fail with the instruction.
    const files = vitestArgs.filter((a) => !a.startsWith('-'));
    if (built && (files.length === 0 || files.some((f) => f.includes('browser')))) {
      run(process.execPath, [join(ROOT, 'scripts', 'ensure-chromium.mjs')]);
    }
    if (built) {
      log(`vitest run ${vitestArgs.join(' ')}`.trim());
      if (run(join(BIN, 'vitest'), ['run', ...vitestArgs]) !== 0) failures.push('vitest');
    }
  }
}

if (failures.length) {
  console.error(`[run-tests] FAILED: ${failures.join(', ')}`);
  process.exit(1);
}
log('all passed');
