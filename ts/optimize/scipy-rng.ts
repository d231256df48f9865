// The random source of differentialEvolution and basinhopping from their `rng` and `seed`
// options, as scipy 1.17's _transition_to_rng decorator and check_random_state make it: rng=int
// is numpy.random.default_rng(int), PCG64 (numpy-random.ts); seed=int is passed on as the old
// argument, and check_random_state makes it numpy.random.RandomState(int), MT19937
// (numpy-random-state.ts); both at once is an error. scipy's seed=None draws from numpy's global
// RandomState, an MT19937 seeded from the OS: seed: null draws from a RandomState with a random
// seed, the same generator and the same legacy draws, unrepeatable as scipy's. Without rng or seed
// the run draws from a PCG64 Generator with a random seed.

import { describe } from '../describe';
import { NumpyGenerator, type NumpyRandomSource } from './numpy-random';
import { NumpyRandomState } from './numpy-random-state';

/** The source of the run's draws. `op` prefixes messages; `scipyName` is the scipy function's name in scipy's own message. */
export function scipyRandomSource(op: string, scipyName: string, rng: unknown, seed: unknown): NumpyRandomSource {
  if (rng !== undefined && seed !== undefined) {
    throw new Error(`${op}: ${scipyName}() got multiple values for argument now known as \`rng\`. Specify one of \`rng\` or \`seed\`.`);
  }
  if (seed !== undefined) return new NumpyRandomState(checkSeed(op, seed));
  if (rng !== undefined && (typeof rng !== 'number' || !Number.isSafeInteger(rng) || rng < 0)) {
    throw new Error(`${op}: rng must be a non-negative integer (numpy: expected non-negative integer), got ${describe(rng)}.`);
  }
  return new NumpyGenerator((rng as number | undefined) ?? Math.floor(Math.random() * 2 ** 32) * 2 ** 20 + Math.floor(Math.random() * 2 ** 20));
}

/** seed as numpy's RandomState takes it from scipy: an integer in [0, 2³² - 1], or null for a random one. */
function checkSeed(op: string, seed: unknown): number {
  if (seed === null) return Math.floor(Math.random() * 2 ** 32);
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    const shown = typeof seed === 'number' ? String(seed) : describe(seed);
    throw new Error(`${op}: '${shown}' cannot be used to seed a numpy.random.RandomState instance (seed must be an integer in [0, 2**32 - 1]).`);
  }
  if (seed < 0 || seed > 0xffffffff) throw new Error(`${op}: Seed must be between 0 and 2**32 - 1 (seed is ${seed}).`);
  return seed;
}
