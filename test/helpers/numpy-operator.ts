// A matrix as the linear operator scipy's LinearOperator(A) is, for the lsmr and lsq_linear
// tests: its products are numpy's A.dot(x) and A.T.dot(y), in OpenBLAS's order, so that runs on
// it can equal scipy's bit for bit.
import { numpyMatrixVectorProduct, numpyTransposedMatrixVectorProduct } from '../../ts/optimize/numpy-dense-products';

/** A (an array of rows) as a linear operator whose products are numpy's. */
export function numpyOperator(A: number[][]) {
  const m = A.length, n = A[0]!.length;
  const rowMajor = Float64Array.from(A.flat());
  return {
    shape: [m, n] as const,
    matvec: (x: Float64Array) => numpyMatrixVectorProduct(rowMajor, m, n, x),
    rmatvec: (y: Float64Array) => numpyTransposedMatrixVectorProduct(rowMajor, m, n, y),
  };
}
