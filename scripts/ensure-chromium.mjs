#!/usr/bin/env node
// The browser tests (test/browser.test.ts) drive Debian's Chromium at /usr/bin/chromium (or
// CHROMIUM_PATH). `npm test` runs this first: when Chromium is missing it is installed with apt
// when running as root, the way scripts/build-wasm.mjs installs the wasm toolchain; otherwise it
// says what to run and exits 1 (the browser tests then fail with the same instruction).
//
// Usage: node scripts/ensure-chromium.mjs
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HOW_TO = 'sudo apt-get update && sudo apt-get install -y chromium';
const log = (msg) => console.log(`[ensure-chromium] ${msg}`);

function fail(msg) {
  console.error(`[ensure-chromium] ${msg}\nThe browser tests need it: run \`${HOW_TO}\` (or set CHROMIUM_PATH to a Chromium binary), then npm test again.`);
  process.exit(1);
}

if (existsSync(CHROMIUM)) process.exit(0);
if (process.env.CHROMIUM_PATH) fail(`CHROMIUM_PATH is set to ${CHROMIUM}, which does not exist.`);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
if (!isRoot || !hasApt) fail(`Chromium is not installed at ${CHROMIUM}` + (hasApt ? ' (not root, so not installing it myself).' : ' (no apt-get here).'));

log(`Chromium is not installed at ${CHROMIUM}; installing Debian's: apt-get update && apt-get install -y chromium`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const argv of [['update'], ['install', '-y', 'chromium']]) {
  const r = spawnSync('apt-get', argv, { stdio: 'inherit', env });
  if (r.error || r.status !== 0) fail(`apt-get ${argv.join(' ')} failed.`);
}
if (!existsSync(CHROMIUM)) fail(`apt-get install chromium finished but ${CHROMIUM} is still missing.`);
log(`installed ${CHROMIUM}`);
