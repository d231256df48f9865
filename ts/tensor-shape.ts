// TensorFlow's tf.TensorShape (tensor_shape.py): a possibly partial shape, with `null` for a
// dimension of unknown length and no dimension list at all for an unknown rank. gradtape's
// tensors always know their shape (`tensor.shape` is a plain array); TensorShape is for code that
// reasons about shapes as TensorFlow programs do (specs, checks, merging).

import { describe } from './describe';
import { valueError } from './debugging';

/** What converts to a TensorShape: one, an array of lengths (`null`: unknown), a single length,
 * or null/undefined for an unknown rank. */
export type TensorShapeLike = TensorShape | readonly (number | null)[] | number | null | undefined;

/** TensorFlow's `as_dimension(d).value`: a non-negative integer, or null. */
function dimension(d: unknown): number | null {
  if (d === null || d === undefined) return null;
  if (typeof d !== 'number' || !Number.isInteger(d)) {
    throw new TypeError(`TensorShape: Dimension value must be integer or None, got value ${describe(d)}.`);
  }
  if (d < 0) throw valueError(`Dimension ${d} must be >= 0`);
  return d;
}

/**
 * TensorFlow's `tf.TensorShape`: a shape whose rank (`dims` null when unknown) and dimensions
 * (`null` when unknown) may be partly known. Its methods are TensorFlow's, and raise its
 * ValueErrors (errors named `ValueError`) with its messages.
 *
 * @example
 * ```ts
 * const s = new tf.TensorShape([2, null]);
 * console.log(s.toString(), s.rank, s.isFullyDefined());    // (2, None) 2 false
 * console.log(s.mergeWith([null, 3]).asList());            // [ 2, 3 ]
 * console.log(new tf.TensorShape(null).toString());        // <unknown>
 * ```
 */
export class TensorShape {
  /** The dimensions (`null` for an unknown length), or null for an unknown rank. */
  readonly dims: readonly (number | null)[] | null;

  /**
   * @param dims An array of lengths (`null` for unknown ones), a single length (a shape of rank 1,
   * as TensorFlow reads an integer), another TensorShape, or null/undefined for an unknown rank.
   */
  constructor(dims?: TensorShapeLike) {
    if (dims === null || dims === undefined) this.dims = null;
    else if (dims instanceof TensorShape) this.dims = dims.dims;
    else if (Array.isArray(dims)) this.dims = Object.freeze(dims.map(dimension));
    else if (typeof dims === 'number') this.dims = Object.freeze([dimension(dims)]);
    else throw new TypeError(`TensorShape: expected an array of dimensions, a number or null, got ${describe(dims)}.`);
  }

  /** The number of dimensions, or null when unknown. */
  get rank(): number | null {
    return this.dims === null ? null : this.dims.length;
  }

  /** TensorFlow's deprecated name of `rank`. */
  get ndims(): number | null {
    return this.rank;
  }

  /** The dimensions as an array (`null` for unknown lengths); an unknown rank is a ValueError. */
  asList(): (number | null)[] {
    if (this.dims === null) throw valueError('as_list() is not defined on an unknown TensorShape.');
    return this.dims.slice();
  }

  /** The number of elements (1 for a scalar) when every dimension is known, else null. */
  numElements(): number | null {
    return this.isFullyDefined() ? (this.dims as number[]).reduce((a, b) => a * b, 1) : null;
  }

  /** Whether the rank and every dimension are known. */
  isFullyDefined(): boolean {
    return this.dims !== null && this.dims.every((d) => d !== null);
  }

  /** Whether a tensor of shape `other` could have this shape too: unknown ranks and unknown
   * dimensions match anything, known ones must be equal. */
  isCompatibleWith(other: TensorShapeLike): boolean {
    const o = asShape(other);
    if (this.dims === null || o.dims === null) return true;
    if (this.dims.length !== o.dims.length) return false;
    return this.dims.every((d, i) => d === null || o.dims![i] === null || d === o.dims![i]);
  }

  /** Throws a ValueError unless `isCompatibleWith(other)`. */
  assertIsCompatibleWith(other: TensorShapeLike): void {
    if (!this.isCompatibleWith(other)) throw valueError(`Shapes ${this} and ${asShape(other)} are incompatible`);
  }

  /** Throws a ValueError unless the ranks are equal (or one is unknown). */
  assertSameRank(other: TensorShapeLike): void {
    const o = asShape(other);
    if (this.rank !== null && o.rank !== null && this.rank !== o.rank) throw valueError(`Shapes ${this} and ${o} must have the same rank`);
  }

  /** Throws a ValueError unless the rank is `rank` (or unknown). */
  assertHasRank(rank: number): void {
    if (this.rank !== null && this.rank !== rank) throw valueError(`Shape ${this} must have rank ${rank}`);
  }

  /** The shape that combines what both know (a ValueError when they are not compatible). */
  mergeWith(other: TensorShapeLike): TensorShape {
    const o = asShape(other);
    if (this.dims === null) return o;
    if (o.dims === null) return this;
    if (!this.isCompatibleWith(o)) throw valueError(`Shapes ${this} and ${o} are not compatible`);
    return new TensorShape(this.dims.map((d, i) => d ?? o.dims![i]!));
  }

  /** This shape with rank `rank` (its dimensions unknown when the rank was); a ValueError when it has another rank. */
  withRank(rank: number): TensorShape {
    checkRank(rank, 'withRank');
    if (this.rank !== null && this.rank !== rank) throw valueError(`Shape ${this} must have rank ${rank}`);
    return this.mergeWith(new Array<null>(rank).fill(null));
  }

  /** This shape, which must have at least `rank` dimensions (or an unknown rank). */
  withRankAtLeast(rank: number): TensorShape {
    checkRank(rank, 'withRankAtLeast');
    if (this.rank !== null && this.rank < rank) throw valueError(`Shape ${this} must have rank at least ${rank}`);
    return this;
  }

  /** This shape, which must have at most `rank` dimensions (or an unknown rank). */
  withRankAtMost(rank: number): TensorShape {
    checkRank(rank, 'withRankAtMost');
    if (this.rank !== null && this.rank > rank) throw valueError(`Shape ${this} must have rank at most ${rank}`);
    return this;
  }

  /** This shape's dimensions followed by `other`'s (an unknown rank when either's is). */
  concatenate(other: TensorShapeLike): TensorShape {
    const o = asShape(other);
    return this.dims === null || o.dims === null ? new TensorShape(null) : new TensorShape([...this.dims, ...o.dims]);
  }

  /** The most specific shape both shapes are compatible with: the dimensions they agree on, null
   * elsewhere (an unknown rank when the ranks differ or either is unknown). */
  mostSpecificCompatibleShape(other: TensorShapeLike): TensorShape {
    const o = asShape(other);
    if (this.dims === null || o.dims === null || this.dims.length !== o.dims.length) return new TensorShape(null);
    return new TensorShape(this.dims.map((d, i) => (d !== null && d === o.dims![i] ? d : null)));
  }

  /** Whether `other` has the same rank and dimensions (unknown ones equal unknown ones; two unknown ranks are equal). */
  equals(other: TensorShapeLike): boolean {
    const o = asShape(other);
    if (this.dims === null || o.dims === null) return this.dims === o.dims;
    return this.dims.length === o.dims.length && this.dims.every((d, i) => d === o.dims![i]);
  }

  /** TensorFlow's text: `(2, None)`, `(3,)`, `()`, or `<unknown>` for an unknown rank. */
  toString(): string {
    if (this.dims === null) return '<unknown>';
    const text = this.dims.map((d) => (d === null ? 'None' : String(d)));
    return this.dims.length === 1 ? `(${text[0]},)` : `(${text.join(', ')})`;
  }
}

/** TensorFlow's `as_shape`: `s` when it is a TensorShape, else a new one from it. */
export const asShape = (s: TensorShapeLike): TensorShape => (s instanceof TensorShape ? s : new TensorShape(s));

function checkRank(rank: unknown, method: string): void {
  if (!Number.isInteger(rank) || (rank as number) < 0) throw new Error(`TensorShape.${method}: rank must be a non-negative integer, got ${describe(rank)}.`);
}
