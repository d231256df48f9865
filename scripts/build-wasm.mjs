#!/usr/bin/env node
// Builds crates/gradtape-wasm for wasm32-unknown-unknown (release, simd128) and copies the
// result to ts/wasm/gradtape.wasm, and crates/gradtape-fma (relaxed SIMD, no_std: the matrix
// product's fused multiply-add kernels) to ts/wasm/gradtape-fma.wasm; tsup embeds both into the
// JS bundle.
//
// Toolchain:
//   1. rustup's cargo, when `rustup target list --installed` has wasm32-unknown-unknown and
//      `rustup component list --installed` has rust-src;
//   2. otherwise Debian's wasm toolchain (rustc-web cargo-web rust-web-src lld-22).
//   Either way std is built from source (-Zbuild-std, RUSTC_BOOTSTRAP=1), since the prebuilt
//   wasm32 std lacks atomics and cannot link into a module with shared memory. Missing
//      packages are installed with apt-get when running as root; otherwise we stop and say how.
//
// Usage: node scripts/build-wasm.mjs [--force] [--quiet]
//   Skips the build when both .wasm files are newer than every file under crates/, the
//   workspace Cargo.toml/Cargo.lock and this script. Set GRADTAPE_WASM_TOOLCHAIN=rustup|debian
//   to force a toolchain.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'ts', 'wasm', 'gradtape.wasm');
const TARGET = 'wasm32-unknown-unknown';
const CRATE = 'gradtape-wasm';
const ARTIFACT = 'gradtape_wasm.wasm';
const DEBIAN_CARGO = '/usr/bin/cargo';
const DEBIAN_RUSTC = '/usr/bin/rustc';
const DEBIAN_VENDOR = '/usr/lib/rustlib/src/rust/library/vendor';
const APT_PACKAGES = ['rustc-web', 'cargo-web', 'rust-web-src', 'lld-22'];
// The function table is exported and growable: JavaScript adds the relaxed-SIMD kernels to it
// (protocol item 14). Atomics, an imported shared memory and the exported stack pointer and TLS
// initialiser let workers run the same module on the same memory (item 15); where memory cannot
// be shared, JavaScript declares the import unshared and the module runs on one thread.
const THREADS_FLAGS =
  '-C target-feature=+atomics,+bulk-memory,+mutable-globals -C link-arg=--import-memory -C link-arg=--shared-memory ' +
  '-C link-arg=--max-memory=4294967296';
const SIMD_FLAGS =
  `-C target-feature=+simd128 ${THREADS_FLAGS} -C link-arg=--export-table -C link-arg=--growable-table ` +
  '-C link-arg=--export=__stack_pointer -C link-arg=--export=__wasm_init_tls -C link-arg=--export=__tls_size -C link-arg=--export=__tls_align';
// The relaxed-SIMD kernels (crates/gradtape-fma): the main module's memory, and a zero-sized
// stack at address 0, so a kernel that used a stack would trap instead of writing over the main
// module's data.
const FMA_CRATE = 'gradtape-fma';
const FMA_ARTIFACT = 'gradtape_fma.wasm';
const FMA_OUT = join(ROOT, 'ts', 'wasm', 'gradtape-fma.wasm');
const FMA_FLAGS = `-C target-feature=+simd128,+relaxed-simd ${THREADS_FLAGS} -C link-arg=--stack-first -C link-arg=-zstack-size=0`;

const args = new Set(process.argv.slice(2));
const force = args.has('--force');
const quiet = args.has('--quiet');
const log = (msg) => console.log(`[build-wasm] ${msg}`);

function fail(msg) {
  console.error(`[build-wasm] ERROR: ${msg}`);
  process.exit(1);
}

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { stdio: 'inherit', cwd: ROOT, ...opts });
  if (r.error) return { ok: false, error: r.error };
  return { ok: r.status === 0, status: r.status };
}

function capture(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: ROOT, encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  return r.stdout;
}

// ---- up-to-date check -------------------------------------------------------------------
function newestMtime(path) {
  let newest = 0;
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (st.isDirectory()) {
    for (const name of readdirSync(path)) {
      if (name === 'target' || name === 'node_modules' || name.startsWith('.git')) continue;
      newest = Math.max(newest, newestMtime(join(path, name)));
    }
    return Math.max(newest, st.mtimeMs);
  }
  return st.mtimeMs;
}

function isUpToDate() {
  if (!existsSync(OUT) || !existsSync(FMA_OUT)) return false;
  const out = Math.min(statSync(OUT).mtimeMs, statSync(FMA_OUT).mtimeMs);
  const inputs = [
    join(ROOT, 'crates'),
    join(ROOT, 'Cargo.toml'),
    join(ROOT, 'Cargo.lock'),
    join(ROOT, '.cargo'),
    fileURLToPath(import.meta.url),
  ];
  return inputs.every((p) => newestMtime(p) < out);
}

if (!force && isUpToDate()) {
  if (!quiet) log(`up to date: ${relative(ROOT, OUT)} (${statSync(OUT).size} bytes); use --force to rebuild`);
  process.exit(0);
}

// ---- toolchain choice -------------------------------------------------------------------
function rustupHasWasmTarget() {
  const targets = capture('rustup', ['target', 'list', '--installed']);
  const components = capture('rustup', ['component', 'list', '--installed']);
  return targets != null && targets.split(/\s+/).includes(TARGET) && components != null && /^rust-src\b/m.test(components);
}

function debianToolchainPresent() {
  return existsSync(DEBIAN_CARGO) && existsSync(DEBIAN_RUSTC) && existsSync(DEBIAN_VENDOR);
}

const HOW_TO =
  `Install a wasm32 Rust toolchain in one of these ways, then run \`npm run build\` again:\n` +
  `  rustup way:  rustup target add ${TARGET} && rustup component add rust-src\n` +
  `  Debian way:  sudo apt-get update && sudo apt-get install -y ${APT_PACKAGES.join(' ')}`;

function installDebianToolchain() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = capture('sh', ['-c', 'command -v apt-get']) != null;
  if (!isRoot || !hasApt) {
    fail(
      `no wasm32 toolchain found: rustup has no ${TARGET} target and Debian's ` +
        `${DEBIAN_CARGO} / ${DEBIAN_VENDOR} are missing` +
        (hasApt ? ' (not root, so not installing them myself)' : ' (no apt-get here)') +
        `.\n${HOW_TO}`,
    );
  }
  log(`no wasm32 toolchain found; installing Debian's: apt-get update && apt-get install -y ${APT_PACKAGES.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!run('apt-get', ['update'], { env }).ok) fail(`apt-get update failed.\n${HOW_TO}`);
  if (!run('apt-get', ['install', '-y', ...APT_PACKAGES], { env }).ok) fail(`apt-get install failed.\n${HOW_TO}`);
  if (!debianToolchainPresent()) fail(`apt-get install finished but ${DEBIAN_CARGO} or ${DEBIAN_VENDOR} is still missing.\n${HOW_TO}`);
}

let choice = process.env.GRADTAPE_WASM_TOOLCHAIN;
if (choice !== 'rustup' && choice !== 'debian') {
  choice = rustupHasWasmTarget() ? 'rustup' : 'debian';
}

const t0 = Date.now();
/** Builds `crate` with `flags` (std built from source for the Debian toolchain, or only core for
 * a no_std crate) and returns the path of its .wasm. */
function build(crate, artifact, flags, std) {
  if (choice === 'rustup') {
    log(`building ${crate} with rustup's cargo (${TARGET}, release)`);
    const env = { ...process.env, RUSTFLAGS: flags, RUSTC_BOOTSTRAP: '1' };
    const targetDir = join('target', `wasm-rustup-${crate}`);
    const argv = ['build', '--release', '--target', TARGET, '-p', crate, '--target-dir', targetDir, std ? '-Zbuild-std=std,panic_abort' : '-Zbuild-std=core'];
    log(`RUSTC_BOOTSTRAP=1 RUSTFLAGS="${flags}" cargo ${argv.join(' ')}`);
    const r = run('cargo', argv, { env });
    if (!r.ok) fail(`cargo build failed (${r.error ? r.error.message : `exit ${r.status}`})`);
    return join(ROOT, targetDir, TARGET, 'release', artifact);
  }
  if (!debianToolchainPresent()) installDebianToolchain();
  log(`building ${crate} with Debian's toolchain (${TARGET}, release, -Zbuild-std; the standard library itself is compiled on the first build only, about 1 min)`);
  // One target directory per crate: their flags differ, and sharing one would rebuild std each time.
  const targetDir = join('target', crate === CRATE ? 'wasm-debian' : `wasm-debian-${crate}`);
  // Clear rustup's overrides so /usr/bin/cargo drives /usr/bin/rustc and nothing else.
  const env = {
    ...process.env,
    RUSTC: DEBIAN_RUSTC,
    RUSTC_BOOTSTRAP: '1',
    RUSTFLAGS: flags,
  };
  delete env.RUSTUP_TOOLCHAIN;
  delete env.RUSTC_WRAPPER;
  delete env.CARGO_BUILD_RUSTC_WRAPPER;
  delete env.RUSTDOC;
  const argv = [
    'build', '--release', '--target', TARGET, '-p', crate,
    '--target-dir', targetDir,
    std ? '-Zbuild-std=std,panic_abort' : '-Zbuild-std=core',
    '--config', 'source.crates-io.replace-with="rust-src-vendor"',
    '--config', `source.rust-src-vendor.directory="${DEBIAN_VENDOR}"`,
  ];
  log(`RUSTC=${DEBIAN_RUSTC} RUSTC_BOOTSTRAP=1 RUSTFLAGS="${flags}" ${DEBIAN_CARGO} ${argv.join(' ')}`);
  const r = run(DEBIAN_CARGO, argv, { env });
  if (!r.ok) fail(`Debian cargo build failed (${r.error ? r.error.message : `exit ${r.status}`})`);
  return join(ROOT, targetDir, TARGET, 'release', artifact);
}

/** The ids of a wasm binary's sections (1 type, 2 import, ..., 11 data). */
function sectionIds(bytes) {
  const ids = [];
  let at = 8; // magic and version
  while (at < bytes.length) {
    const id = bytes[at++];
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[at++];
      size |= (b & 0x7f) << shift;
      if (b < 0x80) break;
    }
    ids.push(id);
    at += size;
  }
  return ids;
}

const fmaBuilt = build(FMA_CRATE, FMA_ARTIFACT, FMA_FLAGS, false);
if (!existsSync(fmaBuilt)) fail(`cargo reported success but ${fmaBuilt} does not exist`);
// The kernels share the main module's memory: a data section would be written over its data.
if (sectionIds(readFileSync(fmaBuilt)).includes(11)) fail(`${FMA_ARTIFACT} has a data section; its kernels must use no memory of their own`);
mkdirSync(dirname(FMA_OUT), { recursive: true });
copyFileSync(fmaBuilt, FMA_OUT);
const built = build(CRATE, ARTIFACT, SIMD_FLAGS, true);
if (!existsSync(built)) fail(`cargo reported success but ${built} does not exist (is crate-type "cdylib" still set?)`);
mkdirSync(dirname(OUT), { recursive: true });
copyFileSync(built, OUT);
const size = statSync(OUT).size;
log(`wrote ${relative(ROOT, OUT)}: ${size} bytes (${(size / 1024).toFixed(1)} KiB) and ${relative(ROOT, FMA_OUT)}: ${statSync(FMA_OUT).size} bytes in ${((Date.now() - t0) / 1000).toFixed(1)} s [${choice}]`);
