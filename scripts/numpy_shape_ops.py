#!/usr/bin/env python3
"""Ground truth for test/shape-ops.test.ts: NumPy's values for the shape and indexing ops.

Prints a JSON object {case name: {inputs: [{shape, values}], shape, values}} to stdout:

    python3 scripts/numpy_shape_ops.py > test/fixtures/shape-ops-numpy.json

Each case is the NumPy equivalent of one gradtape call (named in the comment next to it);
the test builds the inputs from `inputs` and compares the call's result with `shape` and
`values` (flat, C order). TensorFlow-only ops are written out with NumPy: gather with
batch_dims as a stack of per-batch takes, scatter_nd as np.add.at, one_hot as rows of eye.
"""
import json

import numpy as np

x = np.arange(24.0).reshape(2, 3, 4)
m = np.arange(12.0).reshape(3, 4)
a3 = (np.arange(24.0).reshape(2, 3, 4) - 10) / 7
b3 = (np.arange(60.0).reshape(4, 3, 5) % 7 - 3) / 5
p = np.array([[1.5, -2.0, 0.5], [3.0, 0.25, -1.0]])
q = np.array([[0.5, 1.0, -1.5, 2.0], [-0.5, 0.75, 1.25, -2.0], [1.0, -1.0, 0.5, 0.25]])
s = np.array([[2.0, -1.0, 0.5], [0.25, 3.0, -2.0], [1.5, 0.5, -0.75]])
cases = {}


def case(name, result, *inputs):
    r = np.asarray(result, dtype=np.float64)
    cases[name] = {
        'inputs': [{'shape': list(np.shape(i)), 'values': np.ravel(i).astype(float).tolist()} for i in inputs],
        'shape': list(r.shape),
        'values': r.ravel().tolist(),
    }


def replaced(a, indices, updates):
    """tensor_scatter_nd_update: the entries or slices at `indices` set to `updates`."""
    out = a.copy()
    for index, update in zip(indices, updates):
        out[tuple(index)] = update
    return out


def scatter_add(shape, indices, updates):
    out = np.zeros(shape)
    np.add.at(out, tuple(np.asarray(indices).T), updates)
    return out


case('slice', x[0:, 1:3, 1:3], x)                           # slice(x, [0, 1, 1], [-1, 2, 2])
case('stridedSlice reversed and stepped', x[:, ::-1, 1::2], x)
case('stridedSlice ellipsis and shrink', x[1, ..., -1], x)
case('stridedSlice new axis and shrink', x[:, np.newaxis, 2, 1:], x)
case('stridedSlice trailing new axis', x[..., np.newaxis], x)
case('stridedSlice negative strides clamp', m[-1:-3:-1, 5:-10:-2], m)
case('stridedSlice out-of-range ends clamp', m[1:100, -100:2], m)
case('gather axis 1', np.take(x, [2, 0, 2], axis=1), x)
case('gather 2-D indices axis -1', np.take(x, [[0, 1], [2, 2]], axis=2), x)
case('gather batchDims 1', np.stack([x[b][[[2, 0], [1, 1]][b]] for b in range(2)]), x)
case('gatherNd elements', m[[2, 0], [1, 3]], m)
case('gatherNd slices', x[[1, 0]], x)
case('gatherNd batchDims 1', np.array([[x[0, 1, 2]], [x[1, 0, 3]]]), x)
case('scatterNd duplicates add', scatter_add([8], [[4], [3], [1], [7], [1]], [9, 10, 11, 12, 13]))
case('scatterNd rows', scatter_add([4, 4], [[0], [2]], [[5, 5, 5, 5], [6, 6, 6, 6]]))
case('tensorScatterUpdate elements', replaced(m, [[0, 0], [2, 3]], [-1, -2]), m)
case('tensorScatterUpdate row', replaced(m, [[1]], [[-1, -2, -3, -4]]), m)
case('tile 2-D', np.tile(m, [2, 1]), m)
case('tile 3-D', np.tile(x, [1, 2, 1]), x)
case('pad REFLECT', np.pad(m, [[1, 1], [2, 2]], mode='reflect'), m)
case('pad SYMMETRIC', np.pad(m, [[1, 1], [2, 2]], mode='symmetric'), m)
case('pad CONSTANT 5', np.pad(m, [[1, 1], [2, 2]], constant_values=5), m)
case('reverse axis 1', x[:, ::-1], x)
case('reverse axes 0 and 2', x[::-1, :, ::-1], x)
case('reverse axis -1', x[..., ::-1], x)
hot = np.eye(3)[[0, 2, 0, 1]]
hot[2] = 0  # index -1 is outside [0, 3): a row of off values
case('oneHot', hot)                                      # oneHot([0, 2, -1, 1], 3)
case('oneHot axis 0', hot.T)
case('oneHot on 5 off -1', np.where(hot == 1, 5, -1))
# range(0, 1, 0.1) in float32 as TensorFlow's kernel computes it: start + i * delta.
case('range float32', np.float32(0) + np.arange(10).astype(np.float32) * np.float32(0.1))
case('linspace 0..1', np.linspace(0, 1, 5))
case('linspace -1..2', np.linspace(-1, 2, 7))
case('linspace tensors axis 1', np.linspace([0.0, 10.0], [1.0, 20.0], 3, axis=1))
xs, ys = np.meshgrid([1.0, 2.0, 3.0], [4.0, 5.0])
case('meshgrid xy 0', xs)
case('meshgrid xy 1', ys)
xs, _, zs = np.meshgrid([1.0, 2.0, 3.0], [4.0, 5.0], [6.0, 7.0, 8.0, 9.0], indexing='ij')
case('meshgrid ij 0', xs)
case('meshgrid ij 2', zs)
case('tensordot axis pairs', np.tensordot(a3, b3, axes=[[1, 2], [1, 0]]), a3, b3)
case('tensordot 1', np.tensordot(p, q, axes=1), p, q)
case('tensordot 0', np.tensordot(p, p[0], axes=0), p, p[0])
for equation, operands in [
    ('ij,jk->ik', [p, q]),
    ('ii->', [s]),
    ('ii->i', [s]),
    ('ij->ji', [p]),
    ('ij->', [p]),
    ('ij->i', [p]),
    ('bij,bjk->bik', [a3, np.transpose(a3, (0, 2, 1))]),
    ('...ij,...jk->...ik', [(np.arange(12.0).reshape(2, 1, 2, 3) - 5) / 4, (np.arange(36.0).reshape(3, 3, 4) % 5 - 2) / 3]),
    ('ij,ij->ij', [p, p * 2 - 1]),
    ('i,j->ij', [p[0], q[0]]),
    ('i,i->', [p[0], p[1]]),
    ('ijk->kji', [a3]),
    ('ij,jk', [p, q]),
    ('ba', [p]),
    ('iij->j', [np.arange(18.0).reshape(3, 3, 2)]),
    ('bii->bi', [np.arange(18.0).reshape(2, 3, 3)]),
    ('ij,jk,kl->il', [p, q, q.T]),
    ('bij,jk->bk', [a3, np.arange(12.0).reshape(4, 3) / 5]),
    ('bij,jk->bik', [(np.arange(30.0).reshape(2, 3, 5) - 12) / 9, np.arange(10.0).reshape(5, 2) / 3]),
]:
    case(f'einsum {equation}', np.einsum(equation, *operands), *operands)

print(json.dumps(cases, indent=1))
