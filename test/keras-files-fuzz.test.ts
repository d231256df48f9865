// Damaged Keras files: bytes of the fixture archives and weight files changed or cut off at
// random (a fixed seed), then read. A file gradtape cannot read must fail with an Error naming
// the call and saying what is wrong, never a TypeError or RangeError from inside a reader, and
// never hang (each read is timed).
import * as tf from 'gradtape';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { readZip } from '../ts/io/zip';
import { writeZip } from '../ts/io/zip-writer';

const dir = new URL('./fixtures/keras-files/', import.meta.url);
const bytesOf = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));

/** A linear congruential generator: the same damage on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** `bytes` cut short, or with a few bytes replaced or bit-flipped. */
function damaged(bytes: Uint8Array, next: () => number): Uint8Array {
  const mode = next();
  if (mode < 0.15) return bytes.slice(0, Math.floor(next() * bytes.length));
  const copy = Uint8Array.from(bytes);
  const count = 1 + Math.floor(next() * 8);
  for (let i = 0; i < count; i++) {
    const at = Math.floor(next() * copy.length);
    copy[at] = mode < 0.6 ? Math.floor(next() * 256) : copy[at]! ^ (1 << Math.floor(next() * 8));
  }
  return copy;
}

/** Runs `read` on 40 damaged copies of `bytes`; returns how many read without error. */
function readDamaged(bytes: Uint8Array, seed: number, read: (b: Uint8Array) => void, op: RegExp): number {
  const next = random(seed);
  let readable = 0;
  for (let i = 0; i < 40; i++) {
    const copy = damaged(bytes, next);
    const t0 = performance.now();
    try {
      read(copy);
      readable++;
    } catch (e) {
      expect(e, `copy ${i}`).toBeInstanceOf(Error);
      expect((e as Error).constructor, `copy ${i}: ${(e as Error).message}`).toBe(Error);
      expect((e as Error).message, `copy ${i}`).toMatch(op);
    }
    expect(performance.now() - t0, `copy ${i} took too long`).toBeLessThan(5000);
  }
  return readable;
}

describe('damaged Keras files', () => {
  it.each(['mlp.keras', 'rnn.keras', 'attention.keras'])('%s: every failure to load is a clear error', (name) => {
    readDamaged(bytesOf(name), name.length, (b) => tf.keras.models.fromBytes(b), /^keras\.models\.fromBytes: /);
  });

  it('a trained model\'s archive, its weights and optimizer state damaged inside a sound zip: every failure to load is a clear error', () => {
    const archive = new Uint8Array(readFileSync(new URL('./fixtures/keras-save/keras_adam_amsgrad.keras', import.meta.url)));
    const members = [...readZip(archive, null)].map(([name, m]): [string, Uint8Array] => [name, m.read()]);
    // (Damage to a stored member fails its CRC-32: zipped again, the damaged bytes reach the readers.)
    const rezipped = (weights: Uint8Array): Uint8Array => writeZip(members.map(([name, bytes]) => [name, name === 'model.weights.h5' ? weights : bytes]));
    const weights = members.find(([name]) => name === 'model.weights.h5')![1];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      readDamaged(weights, 11, (b) => tf.keras.models.fromBytes(rezipped(b)), /^keras\.models\.fromBytes: /);
    } finally {
      warn.mockRestore();
    }
  });

  it.each(['rnn.weights.h5', 'batchnorm.legacy.h5'])('%s: every failure to load weights is a clear error', (name) => {
    const model = tf.keras.models.fromBytes(bytesOf(name.startsWith('rnn') ? 'rnn.keras' : 'batchnorm.keras'));
    // Some damage lands in the weights' values only: those files read (HDF5 has no checksums there).
    const readable = readDamaged(bytesOf(name), 7 * name.length, (b) => model.weightsFromBytes(b), /^keras\.\w+\.weightsFromBytes: /);
    expect(readable).toBeLessThan(40);
  });
});
