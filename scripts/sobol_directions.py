#!/usr/bin/env python3
"""Writes ts/sobol-directions.ts: the Sobol direction numbers of tf.math.sobol_sample.

    python3 scripts/sobol_directions.py     (needs SciPy, whose table is the one TensorFlow uses)

TensorFlow's SobolSample takes Joe and Kuo's "new-joe-kuo-6.21201" direction numbers
(S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better two-dimensional projections",
SIAM J. Sci. Comput. 30, 2008), the table SciPy ships as stats/_sobol_direction_numbers.npz
(test/sobol.test.ts checks TensorFlow's points). gradtape ships its first MAX_DIM dimensions:
the whole table is about 400 KB of incompressible numbers, and the first 1,111 are Joe and Kuo's
own smaller set.

Encoding, one bit stream (least significant bit first) written as base64. Dimension 1 is the
van der Corput sequence and has no entry. For each dimension j = 2 .. MAX_DIM:
  - s, the degree of its primitive polynomial, in 5 bits;
  - the polynomial's inner coefficients a_1 .. a_{s-1}, one bit each (the polynomial is
    x^s + a_1 x^(s-1) + ... + a_{s-1} x + 1);
  - its initial direction integers m_1 .. m_s: m_k is odd and below 2^k, so (m_k - 1) / 2 in
    k - 1 bits.
"""
import base64
import os

import numpy as np
import scipy

MAX_DIM = 1111
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'ts', 'sobol-directions.ts')

table = np.load(os.path.join(os.path.dirname(scipy.__file__), 'stats', '_sobol_direction_numbers.npz'))
poly, vinit = table['poly'], table['vinit']

bits = []


def put(value, width):
    for i in range(width):
        bits.append((value >> i) & 1)


for j in range(1, MAX_DIM):
    p = int(poly[j])
    s = p.bit_length() - 1
    assert 1 <= s < 32 and p & 1 == 1, (j, p)
    put(s, 5)
    for l in range(1, s):
        put((p >> (s - l)) & 1, 1)
    for k in range(1, s + 1):
        m = int(vinit[j, k - 1])
        assert m & 1 == 1 and m < 1 << k, (j, k, m)
        put(m >> 1, k - 1)

bits += [0] * (-len(bits) % 8)
data = bytes(sum(bits[i + b] << b for b in range(8)) for i in range(0, len(bits), 8))
encoded = base64.b64encode(data).decode()
lines = [encoded[i:i + 100] for i in range(0, len(encoded), 100)]
with open(OUT, 'w') as f:
    f.write('// Written by scripts/sobol_directions.py (Joe and Kuo\'s new-joe-kuo-6.21201 direction numbers,\n')
    f.write('// as TensorFlow\'s SobolSample uses them; the first dimensions only). Encoding: see the script.\n\n')
    f.write(f'/** How many dimensions the table holds (TensorFlow\'s has 21,200). */\n')
    f.write(f'export const SOBOL_MAX_DIM = {MAX_DIM};\n\n')
    f.write('/** The bit stream, base64. */\n')
    f.write('export const SOBOL_DIRECTIONS =\n')
    f.write(' +\n'.join(f"  '{line}'" for line in lines) + ';\n')
print(f'{OUT}: {MAX_DIM} dimensions, {len(data)} bytes')
