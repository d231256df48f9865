#!/usr/bin/env node
// `npm pack` and `npm publish` ship the package.json on disk, and the repository's one carries
// what only a clone needs: `prepare` (npm install in the repo builds the wasm and dist/; in a
// tarball it makes npm warn about install scripts, and in a git install it needs Rust), the
// other scripts (their files are not shipped) and devDependencies. So, around packing:
//   prepack:   build what is stale (the wasm, then dist/), then swap in package.json without
//              `scripts` and `devDependencies`, keeping the original as package.json.repo;
//   postpack:  put the original back (same file, same mtime).
// Both swaps are renames, so a process reading package.json meanwhile sees one whole file.
//
// Usage (package.json scripts): node scripts/publish-manifest.mjs prepack|postpack
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distIsStale } from './dist-stale.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MANIFEST = join(ROOT, 'package.json');
const SAVED = join(ROOT, 'package.json.repo');
/** Fields that mean something only inside the repository. */
const DEV_ONLY = ['scripts', 'devDependencies'];

function fail(msg) {
  console.error(`[publish-manifest] ERROR: ${msg}`);
  process.exit(1);
}

function run(cmd, argv) {
  // Build output goes to stderr, so `npm pack --json` still prints only JSON on stdout.
  const r = spawnSync(cmd, argv, { stdio: [0, 2, 2], cwd: ROOT });
  if (r.error || r.status !== 0) fail(`${[cmd, ...argv].join(' ')} failed (${r.error ? r.error.message : `exit ${r.status}`})`);
}

/** package.json as published: the repository's, without its dev-only fields. */
function publishedManifest(manifest) {
  const out = { ...manifest };
  for (const key of DEV_ONLY) delete out[key];
  return out;
}

function prepack() {
  if (existsSync(SAVED)) {
    fail(
      'package.json.repo exists: an earlier `npm pack` stopped before postpack. Check that it is the ' +
        'repository\'s package.json, then `mv package.json.repo package.json` and pack again.',
    );
  }
  run(process.execPath, [join(ROOT, 'scripts', 'build-wasm.mjs'), '--quiet']);
  if (distIsStale(ROOT)) run(join(ROOT, 'node_modules', '.bin', 'tsup'), []);
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  const staged = `${MANIFEST}.publish`;
  writeFileSync(staged, `${JSON.stringify(publishedManifest(manifest), null, 2)}\n`);
  linkSync(MANIFEST, SAVED);
  renameSync(staged, MANIFEST);
}

function postpack() {
  if (!existsSync(SAVED)) fail('package.json.repo is missing: prepack did not run, nothing to restore.');
  renameSync(SAVED, MANIFEST);
}

const step = process.argv[2];
if (step === 'prepack') prepack();
else if (step === 'postpack') postpack();
else fail(`unknown step ${JSON.stringify(step)}: use prepack or postpack`);
