// Optimizers' default names against Keras 3.15.1's: the class name in snake case, numbered from the
// second one made in the session by the counter layers use too ('sgd', 'sgd_1'; 'adam_w';
// 'rm_sprop'); a given name counts nothing. Fixture: test/fixtures/keras-optimizer-names.json
// (KERAS_BACKEND=jax python scripts/keras_optimizer_names_fixtures.py), whose sessions this file
// repeats. Also: files gradtape wrote under the old default names ('SGD', 'adamw', 'rmsprop',
// 'lossscaleoptimizer') still load, the names they hold kept.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { type Hdf5Group, readHdf5 } from '../ts/io/hdf5';
import { readZip } from '../ts/io/zip';
import { writeZip } from '../ts/io/zip-writer';

const O = tf.keras.optimizers;
const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'keras-optimizer-names.json'), 'utf8')) as {
  keras: string;
  defaults: Record<string, { names: string[]; config: string[] }>;
  givenAmongDefaults: string[];
  fromStringsAndConfigs: { get: string[]; compiled: string; fromConfig: string; after: string };
  lossScale: { names: string[]; config: string };
  sharedCounter: string[];
  files: { weightsAttribute: string; archiveClass: string; archiveName: string };
};
beforeEach(() => tf.keras.backend.clearSession());

type OptimizerClass = new (options?: Record<string, unknown>) => tf.keras.optimizers.Optimizer;
const classOf = (name: string): OptimizerClass => (O as unknown as Record<string, OptimizerClass>)[name]!;

describe('default optimizer names, as Keras 3.15.1 gives them', () => {
  it('every class: the snake-case class name, then numbered; getConfig writes it', () => {
    expect(fixture.keras).toBe('3.15.1');
    for (const [cls, want] of Object.entries(fixture.defaults)) {
      tf.keras.backend.clearSession();
      const [a, b] = [new (classOf(cls))(), new (classOf(cls))()];
      expect([a.name, b.name], cls).toEqual(want.names);
      expect([a.getConfig().name, b.getConfig().name], cls).toEqual(want.config);
    }
  });

  it('a given name takes no number and counts nothing', () => {
    const names = [new O.Adam({ name: 'adam' }).name, new O.Adam({ name: 'x' }).name, new O.Adam().name, new O.Adam().name];
    expect(names).toEqual(fixture.givenAmongDefaults);
  });

  it('optimizers made from a string take default names; fromConfig keeps the config\'s', () => {
    const got = [O.get('adam').name, O.get('adam').name];
    const model = new tf.keras.Sequential([tf.keras.Input([2]), new tf.keras.layers.Dense(1)]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const compiled = model.optimizer!.name;
    const restored = O.Adam.fromConfig(new O.Adam({ name: 'mine' }).getConfig()).name;
    expect({ get: got, compiled, fromConfig: restored, after: new O.Adam().name }).toEqual(fixture.fromStringsAndConfigs);
  });

  it('a LossScaleOptimizer is loss_scale_optimizer, numbered as the others', () => {
    const a = new O.LossScaleOptimizer(new O.Adam());
    const b = new O.LossScaleOptimizer(new O.Adam());
    expect([a.name, a.innerOptimizer.name, b.name, b.innerOptimizer.name]).toEqual(fixture.lossScale.names);
    expect(a.getConfig().name).toBe(fixture.lossScale.config);
  });

  it('layers and optimizers count on one counter', () => {
    class Adam extends tf.keras.layers.Layer {}
    expect([new Adam().name, new O.Adam().name, new Adam().name]).toEqual(fixture.sharedCounter);
  });

  it('clearSession starts the numbers over', () => {
    expect([new O.SGD().name, new O.SGD().name]).toEqual(['sgd', 'sgd_1']);
    tf.keras.backend.clearSession();
    expect(new O.SGD().name).toBe('sgd');
  });
});

/** The script's model: Input(2) -> Dense(1), compiled with `optimizer`, one epoch of fit. */
function fitted(optimizer: tf.keras.optimizers.Optimizer): tf.keras.Model {
  const model = new tf.keras.Sequential([tf.keras.Input([2]), new tf.keras.layers.Dense(1)]);
  model.compile({ optimizer, loss: 'mse' });
  model.fit(tf.ones([2, 2]), tf.ones([2, 1]), { verbose: 0 });
  return model;
}
const members = (bytes: Uint8Array): Map<string, Uint8Array> => new Map([...readZip(bytes, null)].map(([name, m]) => [name, m.read()]));
const optimizerVarsName = (h5: Uint8Array): unknown =>
  ((readHdf5(h5).children.get('optimizer') as Hdf5Group).children.get('vars') as Hdf5Group).attributes.get('name');

describe('the name in the files', () => {
  it('the .weights.h5 and the .keras archive hold the name Keras writes', () => {
    new O.SGD();
    const model = fitted(new O.SGD({ learningRate: 0.1 }));
    expect(optimizerVarsName(model.weightsToBytes({ format: 'h5' }))).toBe(fixture.files.weightsAttribute);
    const config = JSON.parse(new TextDecoder().decode(members(model.toBytes({ format: 'keras' })).get('config.json'))) as {
      compile_config: { optimizer: { class_name: string; config: { name: string } } };
    };
    const { class_name, config: optimizer } = config.compile_config.optimizer;
    expect({ archiveClass: class_name, archiveName: optimizer.name }).toEqual({ archiveClass: fixture.files.archiveClass, archiveName: fixture.files.archiveName });
  });

  it('archives written under the old default names load, the names kept', () => {
    for (const [make, old] of [
      [() => new O.SGD({ learningRate: 0.1 }), 'SGD'],
      [() => new O.AdamW(), 'adamw'],
      [() => new O.RMSprop(), 'rmsprop'],
      [() => new O.LossScaleOptimizer(new O.Adam()), 'lossscaleoptimizer'],
    ] as const) {
      tf.keras.backend.clearSession();
      const model = fitted(make());
      // The archive as gradtape wrote it before: the same, but the optimizer's old default name.
      const archive = members(model.toBytes({ format: 'keras' }));
      const text = new TextDecoder().decode(archive.get('config.json'));
      const renamed = text.replace(`"name": "${model.optimizer!.name}"`, `"name": "${old}"`);
      expect(renamed, old).not.toBe(text);
      archive.set('config.json', new TextEncoder().encode(renamed));
      const loaded = tf.keras.models.fromBytes(writeZip([...archive]));
      expect(loaded.optimizer!.name).toBe(old);
      expect(loaded.optimizer!.constructor).toBe(model.optimizer!.constructor);
      expect(loaded.optimizer!.iterations).toBe(1);
      expect(loaded.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(model.getWeights().map((w) => Array.from(w.dataSync())));
    }
  });

  it('checkpoints of optimizers under the old default names restore', () => {
    // A checkpoint keys an optimizer by where it is tracked, not by its name: one saved by an
    // optimizer named 'SGD' restores into one named 'sgd'.
    const v = new tf.Variable([1, 2]);
    const old = new O.SGD({ learningRate: 0.1, momentum: 0.9, name: 'SGD' });
    old.applyGradients([[tf.constant([1, 1]), v]]);
    const bytes = new tf.train.Checkpoint({ v, optimizer: old }).toBytes();
    const w = new tf.Variable([0, 0]);
    const fresh = new O.SGD({ learningRate: 0.1, momentum: 0.9 });
    expect(fresh.name).toBe('sgd');
    new tf.train.Checkpoint({ v: w, optimizer: fresh }).fromBytes(bytes);
    expect(fresh.iterations).toBe(1);
    expect(Array.from(w.dataSync())).toEqual(Array.from(v.dataSync()));
  });
});
