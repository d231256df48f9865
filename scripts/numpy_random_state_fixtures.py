"""Reference streams of numpy's legacy RandomState (MT19937), the generator scipy's
differential_evolution and basinhopping draw from when given seed=int (ts/optimize/numpy-random-state.ts):
for integer seeds from 0 to 2**32 - 1, random_sample (past the 624-word state's regenerations),
uniform, randint with dtype int64 as scipy's rng_integers calls it (highs from 1 to 2**32: the
masked rejection's masks and its full 32-bit path), permutation and shuffle; the draws continue one
stream per seed, in the order listed. Also numpy's message for a seed out of range.
Writes test/fixtures/numpy-random-state.json (run: python3 scripts/numpy_random_state_fixtures.py)."""
import json

import numpy as np

from lsq_fixture_common import ROOT

OUT = ROOT / 'test' / 'fixtures' / 'numpy-random-state.json'

SEEDS = [0, 1, 42, 123456789, 2 ** 31, 2 ** 32 - 1]
HIGHS = [1, 2, 3, 7, 10, 100, 1000, 2 ** 31 + 5, 2 ** 32 - 1, 2 ** 32]
PERMUTATION_SIZES = [1, 2, 5, 17, 100]


def stream(seed):
    rs = np.random.RandomState(seed)
    record = {'seed': seed}
    record['randomSample'] = [float(v) for v in rs.random_sample(700)]
    record['uniform'] = [float(v) for v in rs.uniform(-2.5, 3.0, size=7)]
    record['randint'] = [{'high': high, 'values': [int(rs.randint(high, dtype='int64')) for _ in range(6)]} for high in HIGHS]
    record['permutation'] = [{'n': n, 'values': [int(v) for v in rs.permutation(n)]} for n in PERMUTATION_SIZES]
    shuffled = np.arange(9)
    rs.shuffle(shuffled)
    record['shuffle'] = [int(v) for v in shuffled]
    record['after'] = float(rs.random_sample())
    return record


def error_message(seed):
    try:
        np.random.RandomState(seed)
    except ValueError as e:
        return str(e)
    raise AssertionError(f'no error for seed {seed}')


fixture = {
    'numpy': np.__version__,
    'streams': [stream(seed) for seed in SEEDS],
    'errors': [{'seed': seed, 'message': error_message(seed)} for seed in [2 ** 32, -1]],
}
OUT.write_text(json.dumps(fixture, indent=1) + '\n')
print(f'wrote {OUT}')
