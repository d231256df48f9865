// Before the WebAssembly module runs, every op goes through one readiness check with one message:
// never a TypeError from inside the library, never an op that works without the module. Plain
// Node child processes replace WebAssembly's compile functions before importing the built
// package, as a browser does when its Content Security Policy forbids WebAssembly, or when it
// refuses to compile synchronously on the main thread (only `await tf.ready()` works there).
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const entry = pathToFileURL(join(root, 'dist', 'index.mjs')).href;

// Chromium's messages for these two refusals.
const CSP_REFUSAL =
  "WebAssembly.Module(): Refused to compile or instantiate WebAssembly module because 'unsafe-eval' is not an allowed source of script in the following Content Security Policy directive: \"script-src 'self'\"";
const SYNC_REFUSAL = 'WebAssembly.Module(): Buffer size is larger than allowed on the main thread, use WebAssembly.compile, or compile on a worker thread.';

/** Every public way to reach the module, as the child process runs them. */
const USES = `[
  ['constant', () => tf.constant([1, 2])],
  ['add', () => tf.add(1, 2)],
  ['Tensor.add', () => tf.constant(1).add(1)],
  ['zeros', () => tf.zeros([2])],
  ['range', () => tf.range(3)],
  ['eye', () => tf.eye(2)],
  ['random.normal', () => tf.random.normal([2])],
  ['Variable', () => new tf.Variable(1)],
  ['GradientTape', () => new tf.GradientTape()],
  ['Adam', () => new tf.keras.optimizers.Adam()],
  ['memory', () => tf.memory()],
  ['matmul', () => tf.matmul([[1]], [[2]])],
  ['reduceSum', () => tf.reduceSum([1, 2])],
  ['reduceMean', () => tf.reduceMean([1, 2])],
  ['cast', () => tf.cast([1.5], 'int32')],
  ['concat', () => tf.concat([[1], [2]], 0)],
  ['sort', () => tf.sort([3, 1])],
  ['oneHot', () => tf.oneHot([0], 2)],
  ['linalg.inv', () => tf.linalg.inv([[2]])],
  ['losses.mse', () => tf.keras.losses.mse([1], [2])],
  ['tidy', () => tf.tidy(() => tf.square(3))],
  ['curveFit', () => tf.optimize.curveFit((x, a) => x.mul(a), [1, 2], [2, 4], [1])],
]`;

function runChild(
  refusal: { syncOnly: boolean; error: string; message: string; noSimd?: boolean } | null,
  afterReady: boolean,
  nodeFlags: string[] = [],
): string[] {
  const refuse = refusal
    ? `const refuse = () => { throw new WebAssembly.${refusal.error}(${JSON.stringify(refusal.message)}); };
    WebAssembly.Module = function Module() { refuse(); };
    WebAssembly.Instance = function Instance() { refuse(); };
    if (!${refusal.syncOnly}) { WebAssembly.instantiate = async () => refuse(); WebAssembly.compile = async () => refuse(); }
    if (${refusal.noSimd ?? false}) { const validate = WebAssembly.validate; WebAssembly.validate = (b) => !new Uint8Array(b).includes(0xfd) && validate(b); }`
    : '';
  const code = `
    ${refuse}
    const tf = await import(${JSON.stringify(entry)});
    const out = [];
    const attempt = (label, f) => {
      try { const r = f(); out.push(label + ' -> ok ' + (r && typeof r.toString === 'function' ? String(r).split('\\n')[0] : typeof r)); }
      catch (e) { out.push(label + ' -> ' + e.constructor.name + ': ' + e.message); }
    };
    for (const [label, f] of ${USES}) attempt(label, f);
    await tf.ready().then(() => out.push('ready -> ok'), (e) => out.push('ready -> ' + e.constructor.name + ': ' + e.message));
    if (${afterReady}) for (const [label, f] of ${USES}) attempt('after ready: ' + label, f);
    console.log(JSON.stringify(out));
  `;
  const stdout = execFileSync(process.execPath, [...nodeFlags, '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(stdout.trim().split('\n').pop()!) as string[];
}

describe('one readiness check before the WebAssembly module runs', () => {
  it("a Content Security Policy without 'wasm-unsafe-eval': every op, and ready(), name the cause and the directive to add", () => {
    const lines = runChild({ syncOnly: false, error: 'CompileError', message: CSP_REFUSAL }, false);
    const ops = lines.filter((l) => !l.startsWith('ready'));
    expect(ops).toHaveLength(22);
    const message =
      `Error: gradtape: could not start its WebAssembly module synchronously (${CSP_REFUSAL}). ` +
      "The page's Content Security Policy blocks WebAssembly: add 'wasm-unsafe-eval' to its script-src directive.";
    for (const line of ops) expect(line.slice(line.indexOf(' -> ') + 4), line).toBe(message);
    expect(lines.at(-1)).toBe(
      `ready -> Error: gradtape: could not start its WebAssembly module asynchronously (${CSP_REFUSAL}). ` +
        "The page's Content Security Policy blocks WebAssembly: add 'wasm-unsafe-eval' to its script-src directive.",
    );
  });

  it('synchronous compilation refused (a browser main thread): every op says to await tf.ready(); after it, every op runs', () => {
    const lines = runChild({ syncOnly: true, error: 'CompileError', message: SYNC_REFUSAL }, true);
    const before = lines.slice(0, 22);
    const message = `Error: gradtape: could not start its WebAssembly module synchronously (${SYNC_REFUSAL}). In a browser, call \`await tf.ready()\` once before using tensors.`;
    for (const line of before) expect(line.slice(line.indexOf(' -> ') + 4), line).toBe(message);
    expect(lines[22]).toBe('ready -> ok');
    const after = lines.slice(23);
    expect(after).toHaveLength(22);
    for (const line of after) expect(line, line).toMatch(/^after ready: [\w.]+ -> ok /);
    expect(after).toContain('after ready: add -> ok tf.Tensor(3.0, shape=(), dtype=float32)');
    expect(after).toContain('after ready: matmul -> ok tf.Tensor([[2.]], shape=(1, 1), dtype=float32)');
  });

  // Neither case is helped by tf.ready(), so neither message suggests it.
  it('an engine without WebAssembly (Node --jitless): every op, and ready(), say that WebAssembly is missing', () => {
    const lines = runChild(null, false, ['--jitless']);
    const advice = "This JavaScript engine runs without WebAssembly, which gradtape needs (modes without a JIT can remove it: Node's --jitless, iOS Lockdown Mode).";
    const ops = lines.filter((l) => !l.startsWith('ready'));
    expect(ops).toHaveLength(22);
    for (const line of ops) expect(line.slice(line.indexOf(' -> ') + 4), line).toBe(`Error: gradtape: could not start its WebAssembly module synchronously (WebAssembly is not defined). ${advice}`);
    expect(lines.at(-1)).toBe(`ready -> Error: gradtape: could not start its WebAssembly module asynchronously (WebAssembly is not defined). ${advice}`);
  });

  it('an engine without WebAssembly SIMD (Safari before 16.4): every op, and ready(), name SIMD and the versions that have it', () => {
    // Such an engine fails to compile the module and to validate any module with a SIMD opcode (0xfd).
    const refusal = 'WebAssembly.Module doesn\'t parse at byte 1234: invalid opcode 253, in function at index 12';
    const lines = runChild({ syncOnly: false, error: 'CompileError', message: refusal, noSimd: true }, false);
    const advice = 'This engine lacks WebAssembly SIMD, which gradtape needs: Chrome and Edge 91, Firefox 89, Safari 16.4 and Node 18 or later have it.';
    const ops = lines.filter((l) => !l.startsWith('ready'));
    expect(ops).toHaveLength(22);
    for (const line of ops) expect(line.slice(line.indexOf(' -> ') + 4), line).toBe(`Error: gradtape: could not start its WebAssembly module synchronously (${refusal}). ${advice}`);
    expect(lines.at(-1)).toBe(`ready -> Error: gradtape: could not start its WebAssembly module asynchronously (${refusal}). ${advice}`);
  });
});
