// TensorFlow's gtl::TopN (tensorflow/core/lib/gtl/top_n.h) over libstdc++'s heap and sort
// algorithms (std::make_heap, push_heap, pop_heap, sort_heap and the introsort of std::sort),
// ported step for step: the beam search of tf.nn.ctcBeamSearchDecoder keeps its beam in a TopN,
// and which of two equally scored beams survives, or comes first, is decided by these exact
// element moves. `greater(a, b)` is TopN's comparator: true when a ranks above b.

type Greater<T> = (a: T, b: T) => boolean;

// -- libstdc++ <bits/stl_heap.h>: a heap whose top is the lowest ranked element under `greater`.

function pushHeap<T>(a: T[], from: number, hole: number, top: number, value: T, greater: Greater<T>): void {
  let parent = Math.floor((hole - 1) / 2);
  while (hole > top && greater(a[from + parent]!, value)) {
    a[from + hole] = a[from + parent]!;
    hole = parent;
    parent = Math.floor((hole - 1) / 2);
  }
  a[from + hole] = value;
}

function adjustHeap<T>(a: T[], from: number, hole: number, len: number, value: T, greater: Greater<T>): void {
  const top = hole;
  let second = hole;
  while (second < Math.floor((len - 1) / 2)) {
    second = 2 * (second + 1);
    if (greater(a[from + second]!, a[from + second - 1]!)) second--;
    a[from + hole] = a[from + second]!;
    hole = second;
  }
  if ((len & 1) === 0 && second === Math.floor((len - 2) / 2)) {
    second = 2 * (second + 1);
    a[from + hole] = a[from + second - 1]!;
    hole = second - 1;
  }
  pushHeap(a, from, hole, top, value, greater);
}

function makeHeap<T>(a: T[], from: number, to: number, greater: Greater<T>): void {
  const len = to - from;
  if (len < 2) return;
  for (let parent = Math.floor((len - 2) / 2); ; parent--) {
    adjustHeap(a, from, parent, len, a[from + parent]!, greater);
    if (parent === 0) return;
  }
}

/** std::__pop_heap(first, last, result): the top goes to `result`, a[result]'s value into the heap. */
function popHeapInto<T>(a: T[], from: number, to: number, result: number, greater: Greater<T>): void {
  const value = a[result]!;
  a[result] = a[from]!;
  adjustHeap(a, from, 0, to - from, value, greater);
}

function popHeap<T>(a: T[], from: number, to: number, greater: Greater<T>): void {
  if (to - from > 1) popHeapInto(a, from, to - 1, to - 1, greater);
}

function sortHeap<T>(a: T[], from: number, to: number, greater: Greater<T>): void {
  while (to - from > 1) {
    to--;
    popHeapInto(a, from, to, to, greater);
  }
}

// -- libstdc++ <bits/stl_algo.h>: std::sort (introsort, then a final insertion sort).

const THRESHOLD = 16;

function swap<T>(a: T[], i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

function moveMedianToFirst<T>(a: T[], result: number, x: number, y: number, z: number, greater: Greater<T>): void {
  if (greater(a[x]!, a[y]!)) {
    if (greater(a[y]!, a[z]!)) swap(a, result, y);
    else if (greater(a[x]!, a[z]!)) swap(a, result, z);
    else swap(a, result, x);
  } else if (greater(a[x]!, a[z]!)) swap(a, result, x);
  else if (greater(a[y]!, a[z]!)) swap(a, result, z);
  else swap(a, result, y);
}

function unguardedPartition<T>(a: T[], first: number, last: number, pivot: number, greater: Greater<T>): number {
  for (;;) {
    while (greater(a[first]!, a[pivot]!)) first++;
    last--;
    while (greater(a[pivot]!, a[last]!)) last--;
    if (!(first < last)) return first;
    swap(a, first, last);
    first++;
  }
}

function introsortLoop<T>(a: T[], first: number, last: number, depth: number, greater: Greater<T>): void {
  while (last - first > THRESHOLD) {
    if (depth === 0) {
      // std::__partial_sort(first, last, last): heap select over the whole range, then sort_heap.
      makeHeap(a, first, last, greater);
      sortHeap(a, first, last, greater);
      return;
    }
    depth--;
    moveMedianToFirst(a, first, first + 1, first + Math.floor((last - first) / 2), last - 1, greater);
    const cut = unguardedPartition(a, first + 1, last, first, greater);
    introsortLoop(a, cut, last, depth, greater);
    last = cut;
  }
}

function unguardedLinearInsert<T>(a: T[], last: number, greater: Greater<T>): void {
  const value = a[last]!;
  let next = last - 1;
  while (greater(value, a[next]!)) {
    a[last] = a[next]!;
    last = next;
    next--;
  }
  a[last] = value;
}

function insertionSort<T>(a: T[], first: number, last: number, greater: Greater<T>): void {
  if (first === last) return;
  for (let i = first + 1; i !== last; i++) {
    if (greater(a[i]!, a[first]!)) {
      const value = a[i]!;
      for (let k = i; k > first; k--) a[k] = a[k - 1]!;
      a[first] = value;
    } else {
      unguardedLinearInsert(a, i, greater);
    }
  }
}

/** std::sort(a.begin(), a.end(), greater) as libstdc++ runs it. */
export function stdSort<T>(a: T[], greater: Greater<T>): void {
  const n = a.length;
  if (n === 0) return;
  introsortLoop(a, 0, n, 2 * Math.floor(Math.log2(n)), greater);
  if (n > THRESHOLD) {
    insertionSort(a, 0, THRESHOLD, greater);
    for (let i = THRESHOLD; i < n; i++) unguardedLinearInsert(a, i, greater);
  } else {
    insertionSort(a, 0, n, greater);
  }
}

// -- gtl::TopN: the `limit` highest ranked of the pushed elements.

const enum State { Unordered, BottomKnown, HeapSorted }

export class TopN<T> {
  private elements: T[] = [];
  private state = State.Unordered;

  constructor(readonly limit: number, private readonly greater: Greater<T>) {}

  get size(): number {
    return this.elements.length;
  }

  push(v: T): void {
    const e = this.elements, greater = this.greater;
    if (this.limit === 0) return;
    if (this.state !== State.HeapSorted) {
      e.push(v);
      if (e.length === this.limit + 1) {
        makeHeap(e, 0, e.length, greater);
        popHeap(e, 0, e.length, greater);
        e.pop();
        this.state = State.HeapSorted;
      } else if (this.state === State.Unordered || greater(e[e.length - 1]!, e[0]!)) {
        // Nothing to do: the bottom, when known, stays in front.
      } else {
        swap(e, 0, e.length - 1);
      }
    } else if (greater(v, e[0]!)) {
      popHeap(e, 0, e.length, greater);
      e[e.length - 1] = v;
      pushHeap(e, 0, e.length - 1, 0, e[e.length - 1]!, greater);
    }
  }

  /** The lowest ranked element (it is moved to the front, as TopN does). */
  peekBottom(): T {
    const e = this.elements;
    if (this.state === State.Unordered) {
      let min = 0;
      for (let i = 1; i < e.length; i++) if (this.greater(e[min]!, e[i]!)) min = i;
      if (min !== 0) swap(e, 0, min);
      this.state = State.BottomKnown;
    }
    return e[0]!;
  }

  /** The elements in their storage order (TopN's unsorted_begin..unsorted_end). */
  unsorted(): readonly T[] {
    return this.elements;
  }

  /** The elements highest ranked first; the TopN is left empty (Extract then Reset). */
  extract(): T[] {
    const out = this.elements;
    if (this.state !== State.HeapSorted) stdSort(out, this.greater);
    else sortHeap(out, 0, out.length, this.greater);
    this.elements = [];
    this.state = State.Unordered;
    return out;
  }
}
