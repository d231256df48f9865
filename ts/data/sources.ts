// The datasets made from data (dataset_ops.py's from_tensor_slices, from_tensors, range, zip and
// from_generator): the pipelines the transformations start from.

import { constant, makeConstant } from '../creation';
import { describe } from '../describe';
import { TensorSpec } from '../function';
import { stridedSlice } from '../shape';
import { Tensor, type TensorLike } from '../tensor';
import { INFINITE, type Pipeline, UNKNOWN, pipeline } from './pipeline';
import { type SpecStructure, flattenSpec, mapSpec, specOf, specText, withShape } from './spec';
import { type StringValue, StringSpec, isRectangular, isStringValue, stringShape } from './strings';
import { type Element, normalize, packLike, valueColumns } from './structure';

/** Row `i` of `t` (its first axis dropped), one op. */
export const rowOf = (t: Tensor, i: number): Tensor => stridedSlice(t, [i], [i + 1], [1], { shrinkAxisMask: 1 });

/** The shape of a component of values (a tensor or a tf.string value). */
export const shapeOf = (v: Tensor | StringValue): readonly number[] => (v instanceof Tensor ? v.shape : stringShape(v));

/** The length of the first axis of a component of values (`undefined` for a scalar). */
export const rowsOf = (v: Tensor | StringValue): number | undefined => shapeOf(v)[0];

/** Row `i` of a component of values. */
export const valueRow = (v: Tensor | StringValue, i: number): Tensor | StringValue => (v instanceof Tensor ? rowOf(v, i) : (v as readonly StringValue[])[i]!);

/** The values of an element's components (a dataset component is an error). */
export function valuesOf(element: Element, op: string): (Tensor | StringValue)[] {
  return valueColumns([element], op).map((column) => column[0]!);
}

/** The elements of `structure` sliced along the first axis (all components must agree on its length). */
export function fromTensorSlices(structure: unknown, op: string): Pipeline {
  const element = normalize(structure, op, 'tensors');
  const components = valuesOf(element, op);
  if (components.length === 0) throw new Error(`${op}: tensors must hold at least one tensor, got ${describe(structure)}.`);
  for (const v of components) {
    if (rowsOf(v) === undefined) throw new Error(`${op}: Unbatching a tensor is only supported for rank >= 1`);
  }
  const n = rowsOf(components[0]!)!;
  for (const v of components.slice(1)) {
    // TensorFlow checks the batch dimensions with Dimension.assert_is_compatible_with.
    if (rowsOf(v) !== n) throw new Error(`${op}: Dimensions ${n} and ${rowsOf(v)} are not compatible`);
  }
  const spec = mapSpec(specOf(element), (s) => withShape(s, s.shape!.slice(1)));
  return pipeline(
    function* () {
      for (let i = 0; i < n; i++) yield packLike(element, components.map((v) => valueRow(v, i))) as Element;
    },
    n,
    () => spec,
  );
}

/** One element: `structure` whole. */
export function fromTensors(structure: unknown, op: string): Pipeline {
  const element = normalize(structure, op, 'tensors');
  return pipeline(
    function* () {
      yield element;
    },
    1,
    () => specOf(element),
  );
}

/** start, start + step, ... up to (not including) stop, as scalars of `dtype` (int32, TensorFlow's int64 here). */
export function range(start: number, stop: number, step: number, op: string, dtype: 'int32' | 'float32' | 'float64' = 'int32'): Pipeline {
  for (const [name, v] of [['start', start], ['stop', stop], ['step', step]] as const) {
    if (!Number.isInteger(v) || Math.abs(v) > 2 ** 31 - 1) throw new Error(`${op}: ${name} must be an integer (int32 here, int64 in TensorFlow), got ${describe(v)}.`);
  }
  if (step === 0) throw new Error(`${op}: step must be a non-zero integer.`);
  const count = Math.max(0, Math.ceil((stop - start) / step));
  return pipeline(
    function* () {
      for (let i = 0; i < count; i++) yield constant(start + i * step, dtype);
    },
    count,
    () => new TensorSpec([], dtype),
  );
}

/** The inputs' elements side by side, in the structure (tuple or dict) the inputs come in; as
 * long as the shortest input. */
export function zip(inputs: readonly Pipeline[], pack: (parts: Element[]) => Element): Pipeline {
  // TensorFlow's ZipDatasetOp: unknown if any is unknown, else the smallest finite count.
  let cardinality = INFINITE;
  for (const p of inputs) {
    if (p.cardinality === UNKNOWN) {
      cardinality = UNKNOWN;
      break;
    }
    if (p.cardinality !== INFINITE) cardinality = cardinality === INFINITE ? p.cardinality : Math.min(cardinality, p.cardinality);
  }
  return pipeline(
    function* () {
      const its = inputs.map((p) => p.iterate());
      try {
        for (;;) {
          const parts: Element[] = [];
          for (const it of its) {
            const r = it.next();
            if (r.done === true) return;
            parts.push(r.value);
          }
          yield pack(parts);
        }
      } finally {
        for (const it of its) it.return?.();
      }
    },
    cardinality,
    () => pack(inputs.map((p) => p.spec() as unknown as Element)) as unknown as SpecStructure,
  );
}

/** The elements a JS generator function yields, each checked against `signature` (and made
 * tensors of its dtypes). */
export function fromGenerator(generator: () => Iterable<unknown>, signature: SpecStructure, op: string): Pipeline {
  if (typeof generator !== 'function') throw new Error(`${op}: generator must be a function returning an iterable (a generator function), got ${describe(generator)}.`);
  // isSpecStructure let TensorSpecs and StringSpecs only through.
  const specs = flattenSpec(signature) as (TensorSpec | StringSpec)[];
  return pipeline(
    function* () {
      for (const value of generator()) {
        const element = normalizeToSpec(value, signature, op);
        valuesOf(element, op).forEach((v, i) => {
          const s = specs[i]!;
          const shape = shapeOf(v);
          const fits = s.shape === null || (shape.length === s.shape.length && s.shape.every((d, k) => d === null || d === shape[k]));
          if (!fits) throw new Error(`${op}: \`generator\` yielded an element of shape ${shapeText(shape)} where an element of shape ${shapeText(s.shape!)} was expected.`);
        });
        yield element;
      }
    },
    UNKNOWN,
    () => signature,
  );
}

/** TensorFlow's text of a shape: `(2, None)`. */
const shapeText = (shape: readonly (number | null)[]): string => `(${shape.map((d) => (d === null ? 'None' : d)).join(', ')}${shape.length === 1 ? ',' : ''})`;

/** Numbers, booleans, nested arrays of them or a typed array: what one tensor is made from. */
function isTensorData(v: unknown): boolean {
  if (typeof v === 'number' || typeof v === 'boolean' || ArrayBuffer.isView(v)) return true;
  return Array.isArray(v) && v.every(isTensorData);
}

/** `op`'s error for a yielded value that is not of the signature's structure. */
const structureMismatch = (op: string) => (value: unknown, signature: SpecStructure): Error =>
  new Error(`${op}: \`generator\` yielded an element that did not match the expected structure. The expected structure was ${specText(signature)}, but the yielded element was ${describe(value)}.`);

/** `value` as an element of `signature`'s structure, its numbers made tensors of the spec's dtype. */
function normalizeToSpec(value: unknown, signature: SpecStructure, op: string): Element {
  const mismatch = structureMismatch(op);
  if (signature instanceof StringSpec) {
    if (!isStringValue(value) || !isRectangular(value)) throw mismatch(value, signature);
    return value;
  }
  if (signature instanceof TensorSpec) {
    if (value instanceof Tensor) {
      if (value.dtype !== signature.dtype) {
        throw new Error(`${op}: \`generator\` yielded an element that could not be converted to the expected type. The expected type was ${signature.dtype}, but the yielded element was a ${value.dtype} tensor.`);
      }
      return value;
    }
    if (!isTensorData(value)) throw mismatch(value, signature);
    return makeConstant(value as TensorLike, signature.dtype, op);
  }
  if (Array.isArray(signature)) {
    if (!Array.isArray(value) || value.length !== signature.length) throw mismatch(value, signature);
    return (signature as SpecStructure[]).map((s, i) => normalizeToSpec(value[i], s, op));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw mismatch(value, signature);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(signature);
  if (Object.keys(record).length !== keys.length || keys.some((k) => !(k in record))) throw mismatch(value, signature);
  return Object.fromEntries(keys.map((k) => [k, normalizeToSpec(record[k], (signature as Record<string, SpecStructure>)[k]!, op)]));
}
