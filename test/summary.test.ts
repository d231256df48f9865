// tf.summary: the same calls as TF 2.21's tf.summary made (scripts/summary_fixtures.py, which also
// loads gradtape's files with TensorBoard's EventAccumulator), their records read back by the
// independent reader of test/helpers/tfevents.ts and compared byte for byte with TF's but for the
// wall time (and the PNG bytes, which are libpng's in TF: their pixels are compared); then the
// writers' and the summary state's behaviour, and the errors.
import * as tf from 'gradtape';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { summaryEvent } from '../ts/io/tensorboard-events';
import { decodePng } from './helpers/png';
import { decodeEvent, readEventFile, readRecords, readRun } from './helpers/tfevents';

interface Call {
  op: 'scalar' | 'histogram' | 'text' | 'image' | 'audio';
  name: string;
  data: unknown;
  dtype?: 'float32' | 'float64' | 'int32';
  step?: number;
  description?: string;
  buckets?: number;
  max_outputs?: number;
  sample_rate?: number;
  scope?: string;
  record?: boolean;
  default_step?: number;
}
const TF = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'summary.json'), 'utf8')) as {
  calls: Call[];
  results: boolean[];
  file: string;
  records: { hex: string; wall_time: number; step: number; tag?: string; writer?: string; pngs?: string[]; pixels?: number[][][][] }[];
};
const newDir = () => mkdtempSync(join(tmpdir(), 'gradtape-summary-'));
const fromHex = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The fixture's calls made with gradtape's tf.summary, in one writer's file, as the script makes them with TF's. */
function replay(logdir: string): boolean[] {
  return tf.summary.createFileWriter(logdir).asDefault(() =>
    TF.calls.map((c) => {
      if (c.default_step !== undefined) tf.summary.experimental.setStep(c.default_step);
      const data = c.op === 'text' ? (c.data as string) : tf.constant(c.data as number[], c.dtype ?? 'float32');
      const call = () => {
        switch (c.op) {
          case 'scalar': return tf.summary.scalar(c.name, data as tf.Tensor, c.step, c.description);
          case 'histogram': return tf.summary.histogram(c.name, data as tf.Tensor, c.step, c.buckets, c.description);
          case 'text': return tf.summary.text(c.name, data as string, c.step, c.description);
          case 'image': return tf.summary.image(c.name, data as tf.Tensor, c.step, c.max_outputs ?? 3, c.description);
          case 'audio': return tf.summary.audio(c.name, data as tf.Tensor, c.sample_rate!, c.step, c.max_outputs ?? 3, null, c.description);
        }
      };
      const result = tf.nameScope(c.scope ?? '', () => tf.summary.recordIf(c.record ?? true, call));
      tf.summary.experimental.setStep(null);
      return result;
    }),
  );
}

describe("the same records as TF 2.21's tf.summary", () => {
  const logdir = newDir();
  const results = replay(logdir);
  const [file] = readdirSync(logdir);
  const ours = readRecords(new Uint8Array(readFileSync(join(logdir, file!))));
  const theirs = TF.records.map((r) => fromHex(r.hex));

  it('the same results, one file named as TF names it, the same number of records', () => {
    expect(results).toEqual(TF.results);
    expect(results.filter((r) => !r)).toHaveLength(1); // the record_if(false) call
    expect(readdirSync(logdir)).toHaveLength(1);
    expect(file).toMatch(new RegExp(`^events\\.out\\.tfevents\\.\\d{10}\\.${hostname().replace(/[.]/g, '\\.')}\\.${process.pid}\\.\\d+\\.v2$`));
    expect(TF.file).toMatch(/^events\.out\.tfevents\.\d{10}\.[^.]+\.\d+\.\d+\.v2$/);
    expect(ours).toHaveLength(theirs.length);
  });

  it('the first event: file version, whole seconds of the file name, the writer', () => {
    const first = decodeEvent(ours[0]!);
    expect(first).toMatchObject({ fileVersion: 'brain.Event:2', sourceWriter: 'gradtape.summary.create_file_writer', step: 0, values: [] });
    expect(first.wallTime).toBe(Number(file!.split('.')[3]));
    expect(decodeEvent(theirs[0]!)).toMatchObject({ fileVersion: 'brain.Event:2', sourceWriter: TF.records[0]!.writer, values: [] });
  });

  it('scalars, histograms, texts and audio: every byte but the wall time is TF\'s', () => {
    let compared = 0;
    TF.records.forEach((r, i) => {
      if (i === 0 || r.pngs !== undefined) return;
      // An Event's first field is wall_time (key 0x09, 8 bytes); the rest is the step and summary.
      expect([ours[i]![0], theirs[i]![0]]).toEqual([0x09, 0x09]);
      expect(hex(ours[i]!.subarray(9)), `${r.tag} at ${r.step}`).toBe(hex(theirs[i]!.subarray(9)));
      compared++;
    });
    expect(compared).toBe(20);
  });

  it("images: TF's tensor layout byte for byte (strings width, height, PNGs), and PNGs of TF's pixels", () => {
    const images = TF.records.map((r, i) => [r, i] as const).filter(([r]) => r.pngs !== undefined);
    expect(images.map(([r]) => r.tag)).toEqual(['rgb', 'gray', 'rgba', 'gray_alpha', 'int32', 'none', 'halves']);
    for (const [r, i] of images) {
      const mine = decodeEvent(ours[i]!);
      const tfs = decodeEvent(theirs[i]!);
      const [v, t] = [mine.values[0]!, tfs.values[0]!];
      expect([mine.step, v.tag, v.pluginName, v.pluginContent, v.dtype, v.shape]).toEqual([tfs.step, t.tag, 'images', '', 7, t.shape]);
      expect(v.strings.slice(0, 2)).toEqual(t.strings.slice(0, 2));
      // Each PNG decodes to TF's pixels (the decoder is checked on TF's own PNGs).
      expect(v.strings.length - 2).toBe(r.pixels!.length);
      r.pixels!.forEach((image, k) => {
        const expected = { width: image[0]!.length, height: image.length, channels: image[0]![0]!.length, pixels: image.flat(2) };
        expect(decodePng(fromHex(r.pngs![k]!))).toEqual(expected);
        expect(decodePng(v.strings[2 + k]!), `${r.tag}[${k}]`).toEqual(expected);
      });
      // The event around TF's PNGs, encoded here: TF's record.
      const value = { dtype: 'string' as const, shape: t.shape, strings: t.strings };
      expect(hex(summaryEvent(r.wall_time, r.step, { tag: t.tag, value, pluginName: 'images' }))).toBe(r.hex);
    }
  });
});

/** The summaries of a folder's files: [tag, step, plugin] each. */
const tagsIn = (dir: string) => readRun(dir).flatMap(({ events }) => events.flatMap((e) => e.values.map((v) => [v.tag, e.step, v.pluginName])));

describe('tf.summary writers and state', () => {
  it('without a default writer nothing is written and summaries return false (even without a step)', () => {
    expect(tf.summary.shouldRecordSummaries()).toBe(false);
    expect(tf.summary.scalar('a', 1)).toBe(false);
    expect(tf.summary.text('a', 'x', 0)).toBe(false);
    // TF makes images, histograms and audio only when it writes them: bad data is not looked at.
    expect(tf.summary.image('a', [1, 2], 0)).toBe(false);
    expect(tf.summary.histogram('a', [1], 0, 2.5)).toBe(false);
  });

  it("with a writer and no step: TF's ValueError text", () => {
    const writer = tf.summary.createFileWriter(newDir());
    expect(() => writer.asDefault(() => tf.summary.scalar('a', 1))).toThrow(
      'scalar: No step set. Please specify one either through the `step` argument or through tf.summary.experimental.set_step()',
    );
  });

  it('asDefault(step, fn): nested writers and steps as in TF\'s as_default example; restored afterwards, also after a throw', () => {
    const [a, b] = [newDir(), newDir()];
    const writerA = tf.summary.createFileWriter(a);
    const writerB = tf.summary.createFileWriter(b);
    const returned = writerA.asDefault(10, (w) => {
      expect(w).toBe(writerA);
      tf.summary.scalar('tag', 1);
      writerB.asDefault(20, () => tf.summary.scalar('tag', 2));
      tf.summary.scalar('tag', 3);
      return 'done';
    });
    expect(returned).toBe('done');
    expect(tagsIn(a)).toEqual([['tag', 10, 'scalars'], ['tag', 10, 'scalars']]);
    expect(tagsIn(b)).toEqual([['tag', 20, 'scalars']]);
    expect([tf.summary.experimental.getStep(), tf.summary.shouldRecordSummaries()]).toEqual([null, false]);
    expect(() => writerA.asDefault(3, () => { throw new Error('inside'); })).toThrow('inside');
    expect([tf.summary.experimental.getStep(), tf.summary.shouldRecordSummaries()]).toEqual([null, false]);
  });

  it('asDefault flushes on exit; until then summaries wait in the queue (maxQueue, default 10)', () => {
    const dir = newDir();
    const writer = tf.summary.createFileWriter(dir);
    writer.asDefault(() => {
      for (let i = 0; i < 10; i++) tf.summary.scalar('x', i, i);
      expect(tagsIn(dir)).toEqual([]);
      tf.summary.scalar('x', 10, 10); // the 11th: more than maxQueue, all written out
      expect(tagsIn(dir)).toHaveLength(11);
      tf.summary.scalar('x', 11, 11);
      expect(tagsIn(dir)).toHaveLength(11);
    });
    expect(tagsIn(dir)).toHaveLength(12);
    const small = newDir();
    tf.summary.createFileWriter(small, { maxQueue: 1 }).asDefault(() => {
      tf.summary.scalar('x', 0, 0);
      expect(tagsIn(small)).toHaveLength(0);
      tf.summary.scalar('x', 1, 1);
      expect(tagsIn(small)).toHaveLength(2);
    });
  });

  it('flushMillis: a summary added that long after the last write writes the file out', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const dir = newDir();
      tf.summary.createFileWriter(dir, { flushMillis: 1000 }).asDefault(() => {
        tf.summary.scalar('x', 0, 0);
        vi.advanceTimersByTime(1001);
        expect(tagsIn(dir)).toHaveLength(0);
        tf.summary.scalar('x', 1, 1);
        expect(tagsIn(dir)).toHaveLength(2);
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('setAsDefault(step), tf.summary.flush, close: a closed writer refuses to be the default; writing to it throws', () => {
    const dir = newDir();
    const writer = tf.summary.createFileWriter(dir);
    // (Inside another writer's asDefault, so that the default writer is restored afterwards.)
    tf.summary.createFileWriter(newDir()).asDefault(() => {
      writer.setAsDefault(7);
      expect(tf.summary.experimental.getStep()).toBe(7);
      expect(tf.summary.scalar('a', 1)).toBe(true);
      expect(tagsIn(dir)).toEqual([]);
      tf.summary.flush();
      expect(tagsIn(dir)).toEqual([['a', 7, 'scalars']]);
      tf.summary.scalar('b', 2);
      writer.close();
      expect(tagsIn(dir)).toEqual([['a', 7, 'scalars'], ['b', 7, 'scalars']]);
      expect(() => tf.summary.scalar('c', 3)).toThrow(/scalar: the default SummaryWriter is closed/);
      writer.close();
      writer.flush();
      tf.summary.flush(writer);
      expect(() => writer.asDefault(() => 0)).toThrow('asDefault: SummaryWriter is already closed.');
      expect(() => writer.setAsDefault()).toThrow('setAsDefault: SummaryWriter is already closed.');
      expect(() => writer.init()).toThrow('init: SummaryWriter is already closed.');
      tf.summary.experimental.setStep(null);
    });
    expect(() => tf.summary.flush(3 as never)).toThrow('flush: Invalid argument to flush(): 3');
  });

  it('a variable as the default step is read as each summary is written', () => {
    const dir = newDir();
    const step = new tf.Variable(0, { dtype: 'int32' });
    tf.summary.createFileWriter(dir).asDefault(step, () => {
      tf.summary.scalar('a', 1);
      step.assignAdd(3);
      tf.summary.scalar('a', 2);
    });
    expect(tagsIn(dir)).toEqual([['a', 0, 'scalars'], ['a', 3, 'scalars']]);
    expect(tf.summary.experimental.getStep()).toBe(null);
  });

  it('recordIf: a boolean, a bool tensor or a function called at each write; restored afterwards', () => {
    const dir = newDir();
    const written = tf.summary.createFileWriter(dir).asDefault(() => {
      const out = [0, 1, 2, 3].map((s) => tf.summary.recordIf(() => s % 2 === 0, () => tf.summary.scalar('even', s, s)));
      out.push(tf.summary.recordIf(tf.constant(false, 'bool'), () => tf.summary.scalar('never', 0, 0)));
      out.push(tf.summary.recordIf(false, () => tf.summary.recordIf(true, () => tf.summary.scalar('inner', 0, 0))));
      expect(tf.summary.shouldRecordSummaries()).toBe(true);
      return out;
    });
    expect(written).toEqual([true, false, true, false, false, true]);
    expect(tagsIn(dir)).toEqual([['even', 0, 'scalars'], ['even', 2, 'scalars'], ['inner', 0, 'scalars']]);
    expect(() => tf.summary.recordIf(1 as never, () => 0)).toThrow(/recordIf: the record_if condition must be true, false, a scalar bool tensor or a function giving one, got 1/);
  });

  it('createNoopWriter: writes nothing and leaves the default writer as it was', () => {
    const noop = tf.summary.createNoopWriter();
    expect(noop).toBeInstanceOf(tf.summary.SummaryWriter);
    expect(noop.asDefault(() => tf.summary.scalar('a', 1, 0))).toBe(false);
    noop.setAsDefault(3);
    expect([tf.summary.experimental.getStep(), tf.summary.shouldRecordSummaries()]).toEqual([null, false]);
    const dir = newDir();
    tf.summary.createFileWriter(dir).asDefault(() => noop.asDefault(() => tf.summary.scalar('a', 1, 0)));
    expect(tagsIn(dir)).toEqual([['a', 0, 'scalars']]);
    noop.init();
    noop.flush();
    noop.close();
  });

  it('file names: TF\'s filenameSuffix rule; the folder is made; each writer its own file', () => {
    const dir = join(newDir(), 'a', 'b');
    tf.summary.createFileWriter(dir, { filenameSuffix: 'abc' });
    tf.summary.createFileWriter(dir, { filenameSuffix: '.xyz' });
    tf.summary.createFileWriter(dir, { filenameSuffix: '' });
    tf.summary.createFileWriter(dir, { name: 'w', experimentalTrackable: true });
    const names = readdirSync(dir).sort((x, y) => Number(x.split('.')[6]) - Number(y.split('.')[6]));
    expect(names.map((n) => n.split('.').slice(7).join('.'))).toEqual(['abc', 'xyz', '', 'v2']);
    for (const n of names) expect(readEventFile(join(dir, n))).toHaveLength(1);
  });

  it('name scopes prefix tags; an empty name is TF\'s default name', () => {
    const dir = newDir();
    tf.summary.createFileWriter(dir).asDefault(0, () => {
      tf.nameScope('a', () => tf.nameScope('b', () => tf.summary.histogram('h', [1, 2])));
      tf.summary.text('', 'x');
      tf.summary.image('', [[[[0]]]]);
      tf.summary.audio('', [[[0]]], 8000);
    });
    expect(tagsIn(dir).map(([t]) => t)).toEqual(['a/b/h', 'text_summary', 'image_summary', 'audio_summary']);
  });
});

describe('tf.summary errors', () => {
  const inWriter = <T>(fn: () => T): T => tf.summary.createFileWriter(newDir()).asDefault(0, fn);

  it('steps: integers or int32 scalars, checked even without a writer (as TF checks an explicit step)', () => {
    expect(() => tf.summary.scalar('a', 1, 1.5)).toThrow("scalar: step must be an integer (TF's int64 step), got 1.5.");
    expect(() => tf.summary.scalar('a', 1, tf.constant([1, 2], 'int32'))).toThrow('scalar: Argument `step` must be a scalar. Received step with shape (2,).');
    expect(() => tf.summary.scalar('a', 1, tf.constant(1))).toThrow(/step must be an integer .*an int32 tensor or variable, got a float32 one/);
    expect(() => tf.summary.experimental.setStep('1' as never)).toThrow(/setStep: step must be an integer/);
    expect(tf.summary.scalar('a', 1, tf.constant(2, 'int32'))).toBe(false);
  });

  it('scalar: a scalar of numbers', () => {
    expect(() => tf.summary.scalar('a', [1, 2], 0)).toThrow('scalar: Expected scalar shape, saw shape: (2,).');
    expect(() => tf.summary.scalar('a', 'x' as never, 0)).toThrow(/scalar: data must be numbers .*strings go to tf.summary.text/);
    expect(() => tf.summary.scalar(3 as never, 1, 0)).toThrow('scalar: name must be a string, got 3.');
    expect(() => tf.summary.scalar('a', 1, 0, 5 as never)).toThrow('scalar: description must be a string (Markdown), got 5.');
  });

  it('histogram, text, image and audio: their data and arguments (checked as they are written)', () => {
    inWriter(() => {
      expect(() => tf.summary.histogram('h', [1], 0, 2.5)).toThrow("histogram: buckets must be an integer (TF's int32), got 2.5.");
      expect(() => tf.summary.text('t', 1 as never, 0)).toThrow("text: data must be a string or nested arrays of strings (TF's tf.string), got 1.");
      expect(() => tf.summary.text('t', [['a'], ['b', 'c']], 0)).toThrow(/text: data's nested arrays must be rectangular \(shape \(2, 1\)\)/);
      expect(() => tf.summary.image('i', tf.zeros([2, 2, 3]), 0)).toThrow('image: data must have rank 4 ([k, height, width, channels]), got rank 3, shape (2, 2, 3).');
      expect(() => tf.summary.image('i', tf.zeros([1, 2, 2, 5]), 0)).toThrow('image: image must have 1, 2, 3, or 4 channels, got 5.');
      expect(() => tf.summary.image('i', tf.zeros([1, 2, 2, 3], 'bool'), 0)).toThrow('image: image dtype must be either floating point or integer, got bool.');
      expect(() => tf.summary.image('i', tf.zeros([1, 2, 2, 3]), 0, -1)).toThrow('image: maxOutputs must be a non-negative integer, got -1.');
      expect(() => tf.summary.audio('a', tf.zeros([1, 2]), 8000, 0)).toThrow('audio: data must have rank 3 ([k, frames, channels]), got rank 2, shape (1, 2).');
      expect(() => tf.summary.audio('a', tf.zeros([1, 2, 1], 'int32'), 8000, 0)).toThrow('audio: data must be float samples in [-1, 1], got int32.');
      expect(() => tf.summary.audio('a', tf.zeros([1, 2, 1]), 44.1, 0)).toThrow('audio: sampleRate must be a positive integer (frames a second), got 44.1.');
    });
    expect(() => tf.summary.audio('a', tf.zeros([1, 2, 1]), 8000, 0, 3, 'mp3' as never)).toThrow(`audio: Unknown encoding: "mp3" (only 'wav').`);
  });

  it('createFileWriter: its arguments and options', () => {
    expect(() => tf.summary.createFileWriter(null as never)).toThrow('createFileWriter: Argument `logdir` cannot be None (null).');
    expect(() => tf.summary.createFileWriter('')).toThrow('createFileWriter: logdir must be a folder path, got "".');
    expect(() => tf.summary.createFileWriter(newDir(), { max_queue: 1 } as never)).toThrow(/createFileWriter: unknown option 'max_queue'; the options are maxQueue, flushMillis, filenameSuffix, name, experimentalTrackable, experimentalMesh/);
    expect(() => tf.summary.createFileWriter(newDir(), { maxQueue: 'x' as never })).toThrow('createFileWriter: maxQueue must be an integer (summaries kept before a write), got "x".');
    expect(() => tf.summary.createFileWriter(newDir(), { flushMillis: 0.5 })).toThrow('createFileWriter: flushMillis must be an integer (milliseconds between writes), got 0.5.');
    expect(() => tf.summary.createFileWriter(newDir(), { filenameSuffix: 'a/b' })).toThrow(/filenameSuffix must be a string with no path separator/);
    expect(() => tf.summary.createFileWriter(newDir(), { experimentalMesh: {} as never })).toThrow(/experimentalMesh \(a DTensor mesh\) is not supported/);
    expect(() => tf.summary.createFileWriter(newDir(), { experimentalTrackable: 1 as never })).toThrow('createFileWriter: experimentalTrackable must be true or false, got 1.');
    expect(() => tf.summary.createFileWriter(newDir()).asDefault(3 as never)).toThrow(/asDefault: expected a function to run with the writer as the default/);
    expect(() => tf.summary.recordIf(true, 3 as never)).toThrow(/recordIf: expected a function/);
  });

  it('async functions: refused with a pointer to setAsDefault (the state covers synchronous code)', () => {
    expect(() => tf.summary.createFileWriter(newDir()).asDefault(async () => 0)).toThrow(/asDefault: the function returned a Promise.*setAsDefault/);
    expect(tf.summary.shouldRecordSummaries()).toBe(false);
  });

  it('without a file system (a browser), createFileWriter says so', () => {
    vi.stubGlobal('process', { ...process, getBuiltinModule: undefined });
    try {
      expect(() => tf.summary.createFileWriter('logs')).toThrow(/createFileWriter: TensorBoard event files need a file system \(Node's node:fs/);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('at exit', () => {
  it("writes out the summaries still queued when the process ends, as TensorFlow's writers do", () => {
    const dir = newDir();
    const entry = pathToFileURL(join(__dirname, '..', 'dist', 'index.mjs')).href;
    // Three scalars stay queued (maxQueue 10, flushMillis 2 minutes); the script ends without flush or close.
    const script = `
      import * as tf from ${JSON.stringify(entry)};
      const writer = tf.summary.createFileWriter(${JSON.stringify(dir)});
      writer.setAsDefault();
      for (let step = 0; step < 3; step++) tf.summary.scalar('loss', 1 / (step + 1), step);
      const fs = await import('node:fs');
      console.log(fs.readdirSync(${JSON.stringify(dir)}).length);`;
    const printed = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(printed.trim()).toBe('1');
    const [run] = readRun(dir);
    const scalars = run!.events.filter((e) => e.values.length > 0);
    expect(scalars.map((e) => [e.step, e.values[0]!.tag, e.values[0]!.value])).toEqual([[0, 'loss', 1], [1, 'loss', 0.5], [2, 'loss', Math.fround(1 / 3)]]);
  });
});
