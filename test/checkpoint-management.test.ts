// tf.train.CheckpointManager, latestCheckpoint, listVariables and loadVariable against TensorFlow
// 2.21's answers and state files (test/fixtures/checkpoint-state.json, written by
// scripts/checkpoint_state_fixtures.py): the numbering, the sweep, the recovery of an earlier
// run's list, checkpoint_interval, the `checkpoint` state file's format both ways, and the errors.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from 'gradtape';
import { afterAll, describe, expect, it, vi } from 'vitest';

const F = JSON.parse(readFileSync(new URL('./fixtures/checkpoint-state.json', import.meta.url), 'utf8')) as {
  keep2: { saved: string[]; latest: string; checkpoints: string[]; state_lines: string[]; state_paths: string[]; recovered: { latest: string; checkpoints: string[] } };
  tf_state_file: string;
  interval: { steps: number[]; saved: (string | null)[]; checkpoints: string[] };
  errors: Record<string, string>;
  list_variables: [string, number[]][];
  load_variable: number[];
  load_save_counter: number;
  restore_or_initialize_empty: { result: null; init_calls: number };
  latest_missing_dir: null;
};

const root = mkdtempSync(join(tmpdir(), 'gradtape-ckpt-manager-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(root, `d${dirs++}`);
const rel = (dir: string, paths: (string | null)[]) => paths.map((p) => (p === null ? null : p.slice(dir.length + 1)));
/** TF's message with its temporary directory replaced by ours. */
const tfMessage = (key: string, dir: string) => F.errors[key]!.replace(/^\w+: /, '').replace(/\/tmp\/tmp\w+/g, dir);

describe('CheckpointManager', () => {
  it('numbers saves by the save counter or checkpointNumber, keeps maxToKeep, and writes TensorFlow\'s state file', () => {
    const dir = freshDir();
    const v = new tf.Variable([1, 2, 3]);
    const ckpt = new tf.train.Checkpoint({ v });
    const manager: tf.train.CheckpointManager = new tf.train.CheckpointManager(ckpt, dir, 2);
    expect([manager.latestCheckpoint, manager.checkpoints, manager.directory, manager.checkpoint]).toEqual([null, [], dir, ckpt]);
    const saved = [manager.save(), manager.save(), manager.save(10), manager.save()];
    expect(rel(dir, saved)).toEqual(F.keep2.saved);
    expect(rel(dir, [manager.latestCheckpoint])).toEqual([F.keep2.latest]);
    expect(rel(dir, manager.checkpoints)).toEqual(F.keep2.checkpoints);
    expect(ckpt.saveCounter).toBe(4);
    // The swept files are gone; the kept ones and the state file are there.
    expect(readdirSync(dir).sort()).toEqual(['checkpoint', 'ckpt-10', 'ckpt-4']);
    const state = readFileSync(join(dir, 'checkpoint'), 'utf8');
    const lines = state.trim().split('\n');
    expect(lines.map((l) => l.split(':')[0])).toEqual(F.keep2.state_lines);
    expect(lines.filter((l) => l.includes('path'))).toEqual(F.keep2.state_paths);
    for (const l of lines.filter((x) => x.includes('timestamp'))) expect(Number(l.split(': ')[1])).toBeGreaterThan(1.7e9);
    // A new manager recovers the list, and restores the latest.
    v.assign([0, 0, 0]);
    const again = new tf.train.CheckpointManager(new tf.train.Checkpoint({ v }), dir, 2);
    expect(rel(dir, [again.latestCheckpoint])).toEqual([F.keep2.recovered.latest]);
    expect(rel(dir, again.checkpoints)).toEqual(F.keep2.recovered.checkpoints);
    expect(again.restoreOrInitialize()).toBe(manager.latestCheckpoint);
    expect(v.arraySync()).toEqual([1, 2, 3]);
    expect(again.checkpoint.saveCounter).toBe(4);
    // Its next save continues the count and sweeps the oldest.
    expect(rel(dir, [again.save()])).toEqual(['ckpt-5']);
    expect(rel(dir, again.checkpoints)).toEqual(['ckpt-4', 'ckpt-5']);
    expect(existsSync(join(dir, 'ckpt-10'))).toBe(false);
  });

  it('checkpointInterval: saves only when the step counter has moved far enough, as TensorFlow', () => {
    const dir = freshDir();
    const step = new tf.Variable(0, { dtype: 'int32' });
    const manager = new tf.train.CheckpointManager(new tf.train.Checkpoint({ v: new tf.Variable([0]) }), dir, null, { stepCounter: step, checkpointInterval: 2 });
    expect(manager.checkpointInterval).toBe(2);
    const saved = F.interval.steps.map((s, i) => {
      step.assign(s);
      return i === F.interval.steps.length - 1 ? manager.save(null, false) : manager.save();
    });
    expect(rel(dir, saved)).toEqual(F.interval.saved);
    expect(rel(dir, manager.checkpoints)).toEqual(F.interval.checkpoints);
  });

  it('checkpointNumber may be a step variable; checkpointName names the files', () => {
    const dir = freshDir();
    const step = new tf.Variable(7, { dtype: 'int32' });
    const manager = new tf.train.CheckpointManager(new tf.train.Checkpoint({ v: new tf.Variable([0]) }), dir, 1, { checkpointName: 'model' });
    expect(rel(dir, [manager.save(step)])).toEqual(['model-7']);
    expect(() => manager.save(1.5)).toThrow(/checkpointNumber must be an integer/);
  });

  it('restoreOrInitialize with nothing saved calls initFn and returns null', () => {
    let calls = 0;
    const manager = new tf.train.CheckpointManager(new tf.train.Checkpoint({ v: new tf.Variable([0]) }), freshDir(), 1, { initFn: () => calls++ });
    expect([manager.restoreOrInitialize(), calls]).toEqual([F.restore_or_initialize_empty.result, F.restore_or_initialize_empty.init_calls]);
  });

  it('keepCheckpointEveryNHours preserves a swept checkpoint saved that long after the last preserved one', () => {
    const dir = freshDir();
    mkdirSync(dir);
    // An earlier run's state: two checkpoints, the first saved 3 hours after the last preserved time.
    const now = Date.now() / 1000;
    writeFileSync(join(dir, 'ckpt-1'), '');
    writeFileSync(join(dir, 'ckpt-2'), '');
    writeFileSync(join(dir, 'checkpoint'), `model_checkpoint_path: "ckpt-2"\nall_model_checkpoint_paths: "ckpt-1"\nall_model_checkpoint_paths: "ckpt-2"\nall_model_checkpoint_timestamps: ${now - 3600}\nall_model_checkpoint_timestamps: ${now - 60}\nlast_preserved_timestamp: ${now - 4 * 3600}\n`);
    const manager = new tf.train.CheckpointManager(new tf.train.Checkpoint({ v: new tf.Variable([0]) }), dir, 1, { keepCheckpointEveryNHours: 2 });
    expect(rel(dir, manager.checkpoints)).toEqual(['ckpt-1', 'ckpt-2']);
    manager.save(3);
    // ckpt-1 (3 h after the last preserved time) is kept for good; ckpt-2 is deleted.
    expect(rel(dir, manager.checkpoints)).toEqual(['ckpt-3']);
    expect([existsSync(join(dir, 'ckpt-1')), existsSync(join(dir, 'ckpt-2'))]).toEqual([true, false]);
    expect(Number(/last_preserved_timestamp: (.*)/.exec(readFileSync(join(dir, 'checkpoint'), 'utf8'))![1])).toBeCloseTo(now - 3600, 3);
  });

  it('refuses what TensorFlow refuses, with its messages', () => {
    const ckpt = new tf.train.Checkpoint({ v: new tf.Variable([0]) });
    expect(() => new tf.train.CheckpointManager(ckpt, freshDir(), 0)).toThrow(tfMessage('max_to_keep_0', ''));
    expect(() => new tf.train.CheckpointManager(ckpt, freshDir(), 1, { checkpointInterval: 2 })).toThrow(tfMessage('interval_without_step', '').replace(/\.$/, ''));
    expect(() => new tf.train.CheckpointManager({} as never, freshDir(), 1)).toThrow(/expected a tf.train.Checkpoint/);
    expect(() => new tf.train.CheckpointManager(ckpt, freshDir(), 1.5)).toThrow(/maxToKeep must be a positive integer or null/);
    expect(() => new tf.train.CheckpointManager(ckpt, freshDir(), 1, { bogus: 1 } as never)).toThrow(/unknown option 'bogus'/);
  });
});

describe('reading TensorFlow\'s state file', () => {
  it('latestCheckpoint and a manager read the file TensorFlow 2.21 wrote, its checkpoints found by their .index files', () => {
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(join(dir, 'checkpoint'), F.tf_state_file);
    expect(tf.train.latestCheckpoint(dir)).toBe(null); // the checkpoint it names is not there
    writeFileSync(join(dir, 'ckpt-4.index'), '');
    writeFileSync(join(dir, 'ckpt-4.data-00000-of-00001'), '');
    writeFileSync(join(dir, 'ckpt-10.index'), '');
    writeFileSync(join(dir, 'ckpt-10.data-00000-of-00001'), '');
    expect(tf.train.latestCheckpoint(dir)).toBe(join(dir, 'ckpt-4'));
    const manager = new tf.train.CheckpointManager(new tf.train.Checkpoint({ v: new tf.Variable([0]) }), dir, 1);
    expect(rel(dir, manager.checkpoints)).toEqual(F.keep2.checkpoints);
    // Its sweep deletes TensorFlow's files of a swept checkpoint, as TensorFlow's manager does.
    manager.save(11);
    expect(readdirSync(dir).sort()).toEqual(['checkpoint', 'ckpt-11']);
    expect(() => tf.train.listVariables(join(dir, 'ckpt-10'))).toThrow(/Failed to find any matching files/);
  });

  it('paths: absolute ones kept, escapes undone; another latestFilename; a file that is not a state proto is an error', () => {
    const dir = freshDir();
    mkdirSync(dir);
    const other = join(root, 'elsewhere \\ "q"');
    writeFileSync(other, '');
    const escaped = other.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    writeFileSync(join(dir, 'state'), `model_checkpoint_path: "${escaped}"\nall_model_checkpoint_paths: "${escaped}"\n`);
    expect(tf.train.latestCheckpoint(dir, 'state')).toBe(other);
    expect(tf.train.latestCheckpoint(dir)).toBe(null);
    writeFileSync(join(dir, 'checkpoint'), 'this is not a proto');
    expect(() => tf.train.latestCheckpoint(dir)).toThrow(/is not a CheckpointState text proto/);
    expect(tf.train.latestCheckpoint(join(root, 'none'))).toBe(F.latest_missing_dir ?? null);
  });
});

describe('listVariables and loadVariable', () => {
  it('list and load what tf.train.Checkpoint saved, by TensorFlow\'s keys or the paths', () => {
    const dir = freshDir();
    const ckpt = new tf.train.Checkpoint({ v: new tf.Variable([1, 2, 3]) });
    const manager = new tf.train.CheckpointManager(ckpt, dir, 2);
    for (let i = 0; i < 4; i++) manager.save();
    expect(tf.train.listVariables(dir)).toEqual(F.list_variables);
    expect(tf.train.loadVariable(dir, 'v/.ATTRIBUTES/VARIABLE_VALUE').arraySync()).toEqual(F.load_variable);
    expect(tf.train.loadVariable(dir, 'save_counter/.ATTRIBUTES/VARIABLE_VALUE').arraySync()).toBe(F.load_save_counter);
    const v = tf.train.loadVariable(manager.latestCheckpoint!, 'v');
    expect([v.dtype, v.shape]).toEqual(['float32', [3]]);
    expect(() => tf.train.loadVariable(dir, 'nope')).toThrow(tfMessage('load_missing_key', dir));
    expect(() => tf.train.loadVariable(dir, 'nope')).toThrow(expect.objectContaining({ name: 'NotFoundError' }));
  });

  it('nested paths, dtypes and a directory without checkpoints', () => {
    const dir = freshDir();
    const model = { dense: { kernel: new tf.Variable([[1.5, 2]], { dtype: 'float64' }), steps: new tf.Variable(3, { dtype: 'int32' }) } };
    const path = new tf.train.Checkpoint({ model }).save(join(dir, 'ckpt'));
    expect(tf.train.listVariables(path)).toEqual([
      ['model/dense/kernel/.ATTRIBUTES/VARIABLE_VALUE', [1, 2]],
      ['model/dense/steps/.ATTRIBUTES/VARIABLE_VALUE', []],
      ['save_counter/.ATTRIBUTES/VARIABLE_VALUE', []],
    ]);
    const kernel = tf.train.loadVariable(path, 'model/dense/kernel');
    expect([kernel.dtype, kernel.arraySync()]).toEqual(['float64', [[1.5, 2]]]);
    expect(tf.train.loadVariable(path, 'model/dense/steps:0').arraySync()).toBe(3);
    // The directory has no state file (Checkpoint.save writes none): TensorFlow's error.
    expect(() => tf.train.listVariables(dir)).toThrow(tfMessage('list_empty_dir', dir));
    expect(() => tf.train.listVariables(join(dir, 'none'))).toThrow(tfMessage('list_missing_file', dir));
    writeFileSync(join(dir, 'tf.index'), '');
    expect(() => tf.train.loadVariable(join(dir, 'tf'), 'v')).toThrow(/a TensorFlow checkpoint \(.index and .data files\), which gradtape does not read/);
  });
});

describe('without a file system (a browser)', () => {
  it('each says so, as Checkpoint.save does', () => {
    const ckpt = new tf.train.Checkpoint({ v: new tf.Variable([0]) });
    vi.stubGlobal('process', { ...process, getBuiltinModule: undefined });
    try {
      const message = /files need Node \(20\.16 or later\); in browsers and workers use the bytes instead/;
      expect(() => ckpt.save('x/ckpt')).toThrow(message);
      expect(() => new tf.train.CheckpointManager(ckpt, 'x', 1)).toThrow(message);
      expect(() => tf.train.latestCheckpoint('x')).toThrow(message);
      expect(() => tf.train.listVariables('x')).toThrow(message);
      expect(() => tf.train.loadVariable('x', 'v')).toThrow(message);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
