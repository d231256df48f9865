// tf.train.Checkpoint: training resumed from a checkpoint (in this process and in a new one)
// continues bit for bit as if never stopped, for every optimizer; mismatched structures and
// damaged bytes are errors that change nothing; files are written atomically.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const scratch = mkdtempSync(join(tmpdir(), 'gradtape-checkpoint-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A small regression model: w [3, 2], b [2], trained on fixed data. */
function model(dtype: 'float32' | 'float64' = 'float32') {
  const w = new tf.Variable(tf.constant([[0.1, -0.2], [0.3, 0.05], [-0.1, 0.2]], dtype), { name: 'w' });
  const b = new tf.Variable(tf.constant([0.01, -0.02], dtype), { name: 'b' });
  const x = tf.constant([[1, 2, 3], [4, 5, 6], [-1, 0.5, 2], [0.3, -2, 1]], dtype);
  const y = tf.constant([[1, 0], [0, 1], [0.5, 0.5], [-1, 2]], dtype);
  const loss = () => tf.reduceMean(tf.square(tf.matmul(x, w).add(b).sub(y)));
  return { w, b, loss };
}
const bits = (v: tf.Tensor) => Array.from(new Uint8Array((v.dataSync() as Float32Array).slice().buffer));

const OPTIMIZERS: [string, () => tf.keras.optimizers.Optimizer][] = [
  ['SGD with momentum', () => new tf.keras.optimizers.SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true })],
  ['Adam (amsgrad)', () => new tf.keras.optimizers.Adam({ learningRate: 0.05, amsgrad: true })],
  ['AdamW', () => new tf.keras.optimizers.AdamW({ learningRate: 0.05, weightDecay: 0.01 })],
  ['Nadam (its momentum product)', () => new tf.keras.optimizers.Nadam({ learningRate: 0.05 })],
  ['RMSprop (centered, momentum)', () => new tf.keras.optimizers.RMSprop({ learningRate: 0.01, centered: true, momentum: 0.5 })],
  ['Adagrad', () => new tf.keras.optimizers.Adagrad({ learningRate: 0.1 })],
  ['Adadelta', () => new tf.keras.optimizers.Adadelta({ learningRate: 1 })],
  ['Adamax', () => new tf.keras.optimizers.Adamax({ learningRate: 0.05 })],
  ['Lion', () => new tf.keras.optimizers.Lion({ learningRate: 0.01 })],
  ['Ftrl', () => new tf.keras.optimizers.Ftrl({ learningRate: 0.1, l1RegularizationStrength: 0.01 })],
  ['Lamb', () => new tf.keras.optimizers.Lamb({ learningRate: 0.05 })],
  ['Adafactor', () => new tf.keras.optimizers.Adafactor({ learningRate: 0.05 })],
  ['Adam with useEma, gradientAccumulationSteps and a schedule', () => new tf.keras.optimizers.Adam({
    learningRate: new tf.keras.optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.05, decaySteps: 3, decayRate: 0.5 }),
    useEma: true, emaOverwriteFrequency: 4, gradientAccumulationSteps: 2,
  })],
];

describe('a checkpoint resumes training bit for bit', () => {
  for (const [name, make] of OPTIMIZERS) {
    it(name, () => {
      // Uninterrupted: 14 steps.
      const a = model();
      const optimizerA = make();
      for (let i = 0; i < 14; i++) optimizerA.minimize(a.loss, [a.w, a.b]);

      // Interrupted after 7 steps, restored into fresh objects, 7 more steps.
      const b = model();
      const optimizerB = make();
      for (let i = 0; i < 7; i++) optimizerB.minimize(b.loss, [b.w, b.b]);
      const bytes = new tf.train.Checkpoint({ model: { w: b.w, b: b.b }, optimizer: optimizerB }).toBytes();
      const c = model();
      c.w.assign(tf.zerosLike(c.w)); // whatever the fresh objects hold is overwritten
      const optimizerC = make();
      optimizerC.minimize(c.loss, [c.w, c.b]); // slots built and moved: the restore replaces them
      new tf.train.Checkpoint({ model: { w: c.w, b: c.b }, optimizer: optimizerC }).fromBytes(bytes);
      expect(optimizerC.iterations).toBe(optimizerB.iterations);
      for (let i = 0; i < 7; i++) optimizerC.minimize(c.loss, [c.w, c.b]);

      expect(bits(c.w)).toEqual(bits(a.w));
      expect(bits(c.b)).toEqual(bits(a.b));
      expect(optimizerC.iterations).toBe(optimizerA.iterations);
      if (optimizerA.useEma) {
        optimizerA.finalizeVariableValues([a.w, a.b]);
        optimizerC.finalizeVariableValues([c.w, c.b]);
        expect(bits(c.w)).toEqual(bits(a.w));
      }
    });
  }

  it('float64 variables, nested arrays of variables, and an optimizer that has not stepped yet', () => {
    const a = model('float64');
    const optimizer = new tf.keras.optimizers.Adam();
    const bytes = new tf.train.Checkpoint({ layers: [{ w: a.w }, { b: a.b }], optimizer }).toBytes();
    const c = model('float64');
    const trained = new tf.keras.optimizers.Adam();
    for (let i = 0; i < 3; i++) trained.minimize(c.loss, [c.w, c.b]);
    c.w.assign(tf.zerosLike(c.w));
    new tf.train.Checkpoint({ layers: [{ w: c.w }, { b: c.b }], optimizer: trained }).fromBytes(bytes);
    expect(trained.iterations).toBe(0);
    expect(Array.from(c.w.dataSync())).toEqual(Array.from(a.w.dataSync()));
    // From here the restored optimizer steps exactly as the fresh one does.
    for (let i = 0; i < 3; i++) {
      optimizer.minimize(a.loss, [a.w, a.b]);
      trained.minimize(c.loss, [c.w, c.b]);
    }
    expect(Array.from(c.w.dataSync())).toEqual(Array.from(a.w.dataSync()));
  });
});

describe('the learning rate in a checkpoint', () => {
  it('a number set on the optimizer is restored; a schedule on the restoring optimizer stays', () => {
    const m = model();
    const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.1 });
    optimizer.minimize(m.loss, [m.w, m.b]);
    optimizer.learningRate = 0.025;
    const bytes = new tf.train.Checkpoint({ w: m.w, b: m.b, optimizer }).toBytes();
    const fresh = new tf.keras.optimizers.Adam({ learningRate: 0.1 });
    new tf.train.Checkpoint({ w: m.w, b: m.b, optimizer: fresh }).fromBytes(bytes);
    expect(fresh.learningRate).toBe(0.025);
    const schedule = new tf.keras.optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.5, decaySteps: 1, decayRate: 0.5 });
    const scheduled = new tf.keras.optimizers.Adam({ learningRate: schedule });
    new tf.train.Checkpoint({ w: m.w, b: m.b, optimizer: scheduled }).fromBytes(bytes);
    expect(scheduled.iterations).toBe(1);
    expect(scheduled.learningRate).toBe(0.25); // the schedule at the restored step 1
  });
});

describe('a checkpoint resumes training in a new process', () => {
  it('save at step 10 in one process, restore and finish in another: the same bits as one uninterrupted run', () => {
    const script = join(scratch, 'train.mjs');
    writeFileSync(script, `
import * as tf from 'gradtape';
const [mode, path] = process.argv.slice(2);
tf.random.setSeed(5);
const w = new tf.Variable(tf.random.normal([4, 3]), { name: 'w' });
const b = new tf.Variable(tf.zeros([3]), { name: 'b' });
const x = tf.random.normal([16, 4]), y = tf.random.normal([16, 3]);
const optimizer = new tf.keras.optimizers.AdamW({ learningRate: 0.01, weightDecay: 0.004 });
const checkpoint = new tf.train.Checkpoint({ w, b, optimizer });
const step = () => optimizer.minimize(() => tf.reduceMean(tf.square(tf.matmul(x, w).add(b).sub(y))), [w, b]);
if (mode === 'resume') checkpoint.restore(path);
const [from, to] = mode === 'whole' ? [0, 20] : mode === 'first' ? [0, 10] : [10, 20];
for (let i = from; i < to; i++) step();
if (mode === 'first') console.log(checkpoint.save(path));
console.log(Buffer.from(w.dataSync().buffer).toString('hex') + Buffer.from(b.dataSync().buffer).toString('hex'));
`);
    // The script imports the package by name: run it from a folder inside the repo.
    const inRepo = mkdtempSync(join(root, 'test', '.checkpoint-'));
    try {
      const copy = join(inRepo, 'train.mjs');
      writeFileSync(copy, readFileSync(script));
      const run = (...args: string[]) => execFileSync(process.execPath, [copy, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 }).trim().split('\n');
      const prefix = join(scratch, 'run', 'ckpt');
      const [saved] = run('first', prefix);
      expect(saved).toBe(`${prefix}-1`);
      const [resumed] = run('resume', saved!);
      const [whole] = run('whole', '');
      expect(resumed).toBe(whole);
    } finally {
      rmSync(inRepo, { recursive: true, force: true });
    }
  });
});

describe('a restore that does not fit changes nothing', () => {
  function trainedPair() {
    const m = model();
    const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.05 });
    for (let i = 0; i < 3; i++) optimizer.minimize(m.loss, [m.w, m.b]);
    return { ...m, optimizer };
  }
  const source = trainedPair();
  const bytes = new tf.train.Checkpoint({ w: source.w, b: source.b, optimizer: source.optimizer }).toBytes();

  function expectUnchanged(attempt: (t: ReturnType<typeof trainedPair>) => void, message: RegExp) {
    const target = trainedPair();
    target.w.assign(tf.onesLike(target.w));
    const before = { w: bits(target.w), b: bits(target.b), iterations: target.optimizer.iterations };
    expect(() => attempt(target)).toThrow(message);
    expect(bits(target.w)).toEqual(before.w);
    expect(bits(target.b)).toEqual(before.b);
    expect(target.optimizer.iterations).toBe(before.iterations);
    // And it still trains as an untouched twin does.
    const twin = trainedPair();
    twin.w.assign(tf.onesLike(twin.w));
    target.optimizer.minimize(target.loss, [target.w, target.b]);
    twin.optimizer.minimize(twin.loss, [twin.w, twin.b]);
    expect(bits(target.w)).toEqual(bits(twin.w));
  }

  it('a variable missing here, or extra here', () => {
    expectUnchanged((t) => new tf.train.Checkpoint({ w: t.w, optimizer: t.optimizer }).fromBytes(bytes),
      /nothing was restored: .*the checkpoint's variable 'b' is not tracked here/);
    const extra = new tf.Variable(tf.zeros([2]));
    expectUnchanged((t) => new tf.train.Checkpoint({ w: t.w, b: t.b, extra, optimizer: t.optimizer }).fromBytes(bytes),
      /variable 'extra' is not in the checkpoint/);
  });

  it('another shape or dtype', () => {
    const wide = new tf.Variable(tf.zeros([3, 3]));
    expectUnchanged((t) => new tf.train.Checkpoint({ w: wide, b: t.b, optimizer: t.optimizer }).fromBytes(bytes),
      /variable 'w' has shape \[3, 3\], the checkpoint's \[3, 2\]/);
    const double = new tf.Variable(tf.zeros([2], 'float64'));
    expectUnchanged((t) => new tf.train.Checkpoint({ w: t.w, b: double, optimizer: t.optimizer }).fromBytes(bytes),
      /variable 'b' is float64, the checkpoint's is float32/);
  });

  it('another optimizer class, or other slot options, or no optimizer', () => {
    expectUnchanged((t) => new tf.train.Checkpoint({ w: t.w, b: t.b, optimizer: new tf.keras.optimizers.Nadam() }).fromBytes(bytes),
      /optimizer 'optimizer' is a Nadam, the checkpoint's a Adam/);
    expectUnchanged((t) => new tf.train.Checkpoint({ w: t.w, b: t.b, optimizer: new tf.keras.optimizers.Adam({ useEma: true }) }).fromBytes(bytes),
      /optimizer 'optimizer''s slots for 'w' differ from the checkpoint's/);
    expectUnchanged((t) => new tf.train.Checkpoint({ w: t.w, b: t.b }).fromBytes(bytes),
      /the checkpoint's optimizer 'optimizer' is not tracked here/);
  });

  it('damaged bytes: one flipped bit, a truncation, another signature or version', () => {
    const flipped = bytes.slice();
    flipped[Math.floor(bytes.length / 2)]! ^= 0x10;
    expectUnchanged((t) => new tf.train.Checkpoint({ w: t.w, b: t.b, optimizer: t.optimizer }).fromBytes(flipped),
      /not a usable gradtape checkpoint \(its checksum does not match: the file is truncated or corrupted\); nothing was restored/);
    expectUnchanged((t) => new tf.train.Checkpoint({ w: t.w, b: t.b, optimizer: t.optimizer }).fromBytes(bytes.slice(0, bytes.length - 9)),
      /checksum does not match/);
    const other = bytes.slice();
    other[0] = 0x50;
    expectUnchanged((t) => new tf.train.Checkpoint({ w: t.w, b: t.b, optimizer: t.optimizer }).fromBytes(other), /does not start with the checkpoint signature/);
    const future = bytes.slice();
    future[4] = 2;
    expectUnchanged((t) => new tf.train.Checkpoint({ w: t.w, b: t.b, optimizer: t.optimizer }).fromBytes(future), /format version 2; this gradtape reads version 1/);
    expectUnchanged((t) => new tf.train.Checkpoint({ w: t.w, b: t.b }).fromBytes(new Uint8Array(0)), /does not start with the checkpoint signature/);
  });
});

describe('random generators in a checkpoint', () => {
  it('a restored generator draws on as the saved one did, with the variables beside it', () => {
    const g = tf.random.Generator.fromSeed(7);
    const w = new tf.Variable(g.normal([3]));
    const checkpoint = new tf.train.Checkpoint({ w, noise: { g } });
    const bytes = checkpoint.toBytes();
    const next = bits(g.normal([4]));
    g.normal([5]); // the state moves on
    w.assign(tf.zeros([3]));
    checkpoint.fromBytes(bytes);
    expect(g.state).toEqual([7n + 3n * 256n, 0n, 0n]);
    expect(bits(g.normal([4]))).toEqual(next);
    expect(w.arraySync()).not.toEqual([0, 0, 0]);
    // Words past 2^53 and negative ones keep every bit.
    const wide = tf.random.Generator.fromState([-5n, (1n << 63n) + 3n, 123456789012345678n]);
    const copy = tf.random.Generator.fromSeed(0);
    new tf.train.Checkpoint({ g: copy }).fromBytes(new tf.train.Checkpoint({ g: wide }).toBytes());
    expect(copy.state).toEqual(wide.state);
  });

  it('a generator missing here or extra here, or a damaged state, changes nothing', () => {
    const g = tf.random.Generator.fromSeed(3);
    const w = new tf.Variable([1, 2]);
    const bytes = new tf.train.Checkpoint({ w, g }).toBytes();
    const h = tf.random.Generator.fromSeed(9);
    w.assign([5, 6]);
    expect(() => new tf.train.Checkpoint({ w }).fromBytes(bytes)).toThrow(/the checkpoint's random generator 'g' is not tracked here/);
    expect(() => new tf.train.Checkpoint({ w, g, h }).fromBytes(bytes)).toThrow(/random generator 'h' is not in the checkpoint/);
    expect(w.arraySync()).toEqual([5, 6]);
    expect(h.state).toEqual([9n, 0n, 0n]);
    // A header whose state is not three integers (re-checksummed, so only the header is wrong).
    const damaged = bytes.slice();
    const at = Buffer.from(damaged).indexOf('"state":["3"') + '"state":["'.length;
    expect(at).toBeGreaterThan(10);
    damaged[at] = 'x'.charCodeAt(0);
    const view = new DataView(damaged.buffer);
    view.setUint32(damaged.length - 4, (zlib as unknown as { crc32(b: Uint8Array): number }).crc32(damaged.subarray(0, damaged.length - 4)), true);
    expect(() => new tf.train.Checkpoint({ w, g }).fromBytes(damaged)).toThrow(/random generator's state is not three integers/);
    expect(() => new tf.train.Checkpoint({ a: g, b: g })).toThrow(/the same random generator is tracked at 'a' and at 'b'/);
  });
});

describe('checkpoint files', () => {
  it('save numbers its files, restores the save counter, and leaves no temporary file', () => {
    const m = model();
    const checkpoint = new tf.train.Checkpoint({ w: m.w, b: m.b });
    const prefix = join(scratch, 'numbered', 'ckpt');
    expect(checkpoint.save(prefix)).toBe(`${prefix}-1`);
    m.w.assign(tf.onesLike(m.w));
    expect(checkpoint.save(prefix)).toBe(`${prefix}-2`);
    expect(readdirSync(join(scratch, 'numbered')).sort()).toEqual(['ckpt-1', 'ckpt-2']);
    checkpoint.restore(`${prefix}-1`);
    expect(checkpoint.saveCounter).toBe(1);
    expect(Array.from(m.w.dataSync())).toEqual(Array.from(model().w.dataSync()));
    // write() puts the bytes at exactly the path; read() is restore's other name.
    const exact = join(scratch, 'exact.ckpt');
    expect(checkpoint.write(exact)).toBe(exact);
    expect(new Uint8Array(readFileSync(exact))).toEqual(checkpoint.toBytes());
    checkpoint.read(exact);
  });

  it('a write that fails leaves the old file as it was and no temporary file', () => {
    const m = model();
    const checkpoint = new tf.train.Checkpoint({ w: m.w });
    const folder = join(scratch, 'failing');
    mkdirSync(join(folder, 'occupied'), { recursive: true });
    // The target is a non-empty folder: the rename fails after the temporary file was written.
    writeFileSync(join(folder, 'occupied', 'keep'), 'x');
    expect(() => checkpoint.write(join(folder, 'occupied'))).toThrow();
    expect(readdirSync(folder)).toEqual(['occupied']);
    expect(existsSync(join(folder, 'occupied', 'keep'))).toBe(true);
    expect(() => checkpoint.restore(join(folder, 'missing'))).toThrow(/ENOENT/);
  });

  it('what a checkpoint can track', () => {
    const m = model();
    expect(() => new tf.train.Checkpoint({ t: tf.constant(1) as never })).toThrow(/'t' is a Tensor, which is a value, not state; track tf.Variable objects/);
    expect(() => new tf.train.Checkpoint({ n: 3 as never })).toThrow(/'n' is 3; a checkpoint tracks tf.Variable objects, optimizers, tf.random.Generator objects and tf.Module objects/);
    expect(() => new tf.train.Checkpoint({ a: m.w, b: [m.w] })).toThrow(/the same Variable is tracked at 'a' and at 'b\/0'/);
    expect(() => new tf.train.Checkpoint({ 'a/b': m.w })).toThrow(/contains '\/'/);
    const optimizer = new tf.keras.optimizers.SGD({ momentum: 0.9 });
    optimizer.minimize(m.loss, [m.w, m.b]);
    expect(() => new tf.train.Checkpoint({ w: m.w, optimizer }).toBytes())
      .toThrow(/the optimizer at 'optimizer' has slots for variable 'b', which this checkpoint does not track/);
  });
});
