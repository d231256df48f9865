//! The allocator on a simulated memory: disjoint blocks that keep their contents, alignment, memory
//! that comes back whole after being filled and freed (with small and large blocks interleaved),
//! the reserve for infallible allocations when memory is full, and slabs that go back when empty.

use super::memory::{Memory, PAGE};
use super::slabs::{class_of, class_size, slab_pages, ALIGN, CLASSES, MAX_SMALL, SPARE_PAGES};
use super::{GlobalHeap, Heap, RESERVE_PAGES};
use core::alloc::{GlobalAlloc, Layout};
use std::collections::BTreeMap;

const KIB: usize = 1 << 10;
const MIB: usize = 1 << 20;

/// A block of address space that grows by pages up to a limit, like wasm memory. The heap starts
/// partway into a page, as wasm's does after the stack and statics.
struct SimMemory {
    base: *mut u8,
    max_pages: usize,
    pages: usize,
}

const STATICS: usize = 3 * PAGE + 100;

impl SimMemory {
    fn new(initial_pages: usize, max_pages: usize) -> SimMemory {
        // SAFETY: a non-zero size, page-aligned layout; zeroed so untouched pages are never committed.
        let base = unsafe { std::alloc::alloc_zeroed(Self::layout(max_pages)) };
        assert!(!base.is_null());
        SimMemory { base, max_pages, pages: initial_pages }
    }

    fn layout(max_pages: usize) -> Layout {
        Layout::from_size_align(max_pages * PAGE, PAGE).unwrap()
    }

    fn base_page(&self) -> usize {
        self.base as usize / PAGE
    }
}

impl Drop for SimMemory {
    fn drop(&mut self) {
        // SAFETY: allocated in `new` with this layout.
        unsafe { std::alloc::dealloc(self.base, Self::layout(self.max_pages)) }
    }
}

impl Memory for SimMemory {
    fn heap_start(&self) -> usize {
        self.base as usize + STATICS
    }

    fn end_page(&self) -> usize {
        self.base_page() + self.pages
    }

    fn grow(&mut self, n: usize) -> Option<usize> {
        if self.pages + n > self.max_pages {
            return None;
        }
        self.pages += n;
        Some(self.base_page() + self.pages - n)
    }
}

fn heap(max_pages: usize) -> Heap<SimMemory> {
    Heap::new(SimMemory::new(5, max_pages), RESERVE_PAGES)
}

/// Pages the heap can ever have: from the first whole page above the statics to the limit.
fn heap_pages(h: &Heap<SimMemory>) -> usize {
    h.memory.max_pages - STATICS.div_ceil(PAGE)
}

/// xorshift64*: deterministic, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

/// A live block with the byte pattern written into it.
#[derive(Clone, Copy)]
struct Block {
    ptr: *mut u8,
    layout: Layout,
    seed: u8,
}

/// The offsets a pattern covers: every byte of a small block, a sample of a large one.
fn offsets(size: usize) -> impl Iterator<Item = usize> {
    let step = if size <= 8 * KIB { 1 } else { 997 };
    (0..size).step_by(step).chain(size.saturating_sub(8)..size)
}

fn pattern(seed: u8, offset: usize) -> u8 {
    seed ^ (offset as u8).wrapping_mul(31) ^ (offset >> 8) as u8
}

impl Block {
    fn fill(&self) {
        for i in offsets(self.layout.size()) {
            // SAFETY: i < size, inside the block.
            unsafe { self.ptr.add(i).write(pattern(self.seed, i)) }
        }
    }

    /// Checks the pattern `fill` wrote, in the first `upto` bytes.
    fn check(&self, upto: usize) {
        for i in offsets(self.layout.size()).filter(|&i| i < upto) {
            // SAFETY: i < size, inside the block.
            let got = unsafe { self.ptr.add(i).read() };
            assert_eq!(got, pattern(self.seed, i), "byte {i} of a {:?} block at {:p}", self.layout, self.ptr);
        }
    }
}

/// Live blocks by address; checks that each new block overlaps none.
#[derive(Default)]
struct Live {
    blocks: BTreeMap<usize, Block>,
    seed: u8,
}

impl Live {
    fn add(&mut self, ptr: *mut u8, layout: Layout) {
        assert!(!ptr.is_null());
        assert_eq!(ptr as usize % layout.align(), 0, "{layout:?} at {ptr:p}");
        let (start, end) = (ptr as usize, ptr as usize + layout.size());
        if let Some((_, below)) = self.blocks.range(..end).next_back() {
            let below_end = below.ptr as usize + below.layout.size().max(1);
            assert!(below_end <= start, "{layout:?} at {ptr:p} overlaps {:?} at {:p}", below.layout, below.ptr);
        }
        self.seed = self.seed.wrapping_add(1);
        let block = Block { ptr, layout, seed: self.seed };
        block.fill();
        self.blocks.insert(start, block);
    }

    fn remove_nth(&mut self, n: usize) -> Block {
        let key = *self.blocks.keys().nth(n).unwrap();
        self.blocks.remove(&key).unwrap()
    }

    fn remove_sized(&mut self, size: usize) -> Block {
        let key = *self.blocks.iter().find(|(_, b)| b.layout.size() == size).unwrap().0;
        self.blocks.remove(&key).unwrap()
    }

    fn bytes(&self) -> usize {
        self.blocks.values().map(|b| b.layout.size()).sum()
    }
}

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

fn random_layout(rng: &mut Rng) -> Layout {
    let size = match rng.below(20) {
        0..=9 => rng.range(1, 256),
        10..=14 => rng.range(257, 32 * KIB),
        15..=17 => rng.range(32 * KIB + 1, 512 * KIB),
        18 => rng.range(512 * KIB, 4 * MIB),
        _ => rng.range(1, 100 * KIB),
    };
    let align = if rng.below(8) == 0 { 1 << rng.below(19) } else { 1 << rng.below(5) };
    layout(size, align)
}

#[test]
fn every_small_size_gets_the_smallest_class_that_holds_it() {
    for size in 1..=MAX_SMALL {
        let class = class_of(size, ALIGN).unwrap();
        assert!(class_size(class) >= size && (class == 0 || class_size(class - 1) < size), "{size} B in class {class}");
        assert!(class_size(class) - size < size.max(256) / 4, "{size} B wastes a quarter or more");
    }
    assert_eq!(class_of(MAX_SMALL, ALIGN), Some(CLASSES - 1));
    assert_eq!(class_of(MAX_SMALL + 1, ALIGN), None);
    assert_eq!(class_of(64, 2 * ALIGN), None);
}

#[test]
fn random_allocations_are_disjoint_aligned_and_keep_their_contents() {
    let mut h = heap(4096);
    let mut live = Live::default();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for step in 0..30_000 {
        let action = rng.below(10);
        if live.blocks.is_empty() || (action < 5 && live.bytes() < 48 * MIB) {
            let l = random_layout(&mut rng);
            let fallible = rng.below(2) == 0;
            // SAFETY: the heap owns its simulated memory.
            let ptr = unsafe { h.alloc(l, fallible) };
            live.add(ptr, l);
        } else if action < 7 {
            let b = live.remove_nth(rng.below(live.blocks.len()));
            b.check(b.layout.size());
            let new_size = random_layout(&mut rng).size().max(b.layout.size() / 2);
            // SAFETY: `b` is live with this layout; it is not used after the call.
            let ptr = unsafe { h.realloc(b.ptr, b.layout, new_size, false) };
            Block { ptr, ..b }.check(new_size.min(b.layout.size()));
            live.add(ptr, layout(new_size, b.layout.align()));
        } else {
            let b = live.remove_nth(rng.below(live.blocks.len()));
            b.check(b.layout.size());
            // SAFETY: `b` is live with this layout and is not used again.
            unsafe { h.dealloc(b.ptr, b.layout) };
        }
        if step % 1000 == 0 {
            for b in live.blocks.values() {
                b.check(b.layout.size());
            }
        }
    }
    for b in std::mem::take(&mut live.blocks).into_values() {
        b.check(b.layout.size());
        // SAFETY: as above.
        unsafe { h.dealloc(b.ptr, b.layout) };
    }
    h.trim();
    let first = h.memory.heap_start().div_ceil(PAGE);
    assert_eq!(h.pages.free_count(), h.memory.end_page() - first, "every page is free again");
    assert_eq!(h.pages.largest_free_run(), h.pages.free_count(), "and they form one run");
}

#[test]
fn blocks_are_aligned_for_every_size_and_alignment() {
    let mut h = heap(4096);
    let mut live = Live::default();
    for align in [1, 2, 4, 8, 16, 32, 64, 128, 4096, PAGE, 2 * PAGE, 4 * PAGE] {
        for size in [1, 8, 24, 100, 256, 257, 1000, 8 * KIB, 20 * KIB, 32 * KIB, 40 * KIB, 100 * KIB, MIB] {
            for fallible in [false, true] {
                let l = layout(size, align);
                // SAFETY: the heap owns its simulated memory.
                live.add(unsafe { h.alloc(l, fallible) }, l);
            }
        }
    }
    for b in live.blocks.into_values() {
        b.check(b.layout.size());
        // SAFETY: live blocks, freed once.
        unsafe { h.dealloc(b.ptr, b.layout) };
    }
}

/// Allocates tensor-like data (fallible) of `sizes`, each size until it fails, with the small
/// infallible blocks every op makes (an Rc, a shape) in between. Returns the blocks.
fn fill(h: &mut Heap<SimMemory>, sizes: &[usize], rng: &mut Rng) -> (Live, Live) {
    let (mut data, mut meta) = (Live::default(), Live::default());
    for &size in sizes {
        loop {
            for _ in 0..rng.range(1, 3) {
                let l = layout(rng.range(8, 200), 8);
                // SAFETY: the heap owns its simulated memory.
                meta.add(unsafe { h.alloc(l, false) }, l);
            }
            let l = layout(size, 8);
            // SAFETY: as above.
            let ptr = unsafe { h.alloc(l, true) };
            if ptr.is_null() {
                break;
            }
            data.add(ptr, l);
        }
    }
    (data, meta)
}

/// Frees the blocks of `live` except those `keep` picks (by index and size); returns the pages
/// holding the kept ones.
fn free_except(h: &mut Heap<SimMemory>, live: Live, keep: impl Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut pinned = Vec::new();
    for (i, b) in live.blocks.into_values().enumerate() {
        b.check(b.layout.size());
        if keep(i, b.layout.size()) {
            pinned.push(b.ptr as usize / PAGE);
        } else {
            // SAFETY: live blocks, freed once.
            unsafe { h.dealloc(b.ptr, b.layout) };
        }
    }
    pinned
}

/// Makes (and frees) the largest fallible allocation the heap can ever make: all its pages but
/// the reserve.
fn assert_largest_allocation_fits(h: &mut Heap<SimMemory>) {
    let l = layout((heap_pages(h) - RESERVE_PAGES) * PAGE, 8);
    // SAFETY: the heap owns its simulated memory.
    let ptr = unsafe { h.alloc(l, true) };
    assert!(!ptr.is_null(), "{} MiB do not fit; largest free run {} pages", l.size() >> 20, h.pages.largest_free_run());
    // SAFETY: just allocated with this layout.
    unsafe { h.dealloc(ptr, l) };
}

#[test]
fn the_largest_allocation_fits_on_a_fresh_heap() {
    assert_largest_allocation_fits(&mut heap(1024));
}

#[test]
fn after_filling_memory_with_mixed_sizes_and_freeing_it_the_largest_allocation_fits_again() {
    let mut h = heap(1024);
    let mut rng = Rng(7);
    let (data, meta) = fill(&mut h, &[4 * MIB, MIB, 64 * KIB, 16 * KIB, KIB, 16], &mut rng);
    assert!(data.bytes() > 50 * MIB, "memory was filled: {} MiB", data.bytes() >> 20);
    free_except(&mut h, data, |_, _| false);
    free_except(&mut h, meta, |_, _| false);
    assert_largest_allocation_fits(&mut h);
}

#[test]
fn after_filling_memory_with_medium_blocks_and_freeing_it_the_largest_allocation_fits_again() {
    let mut h = heap(1024);
    let mut rng = Rng(11);
    let (data, meta) = fill(&mut h, &[20 * KIB, 33 * KIB, 100], &mut rng);
    assert!(data.bytes() > 50 * MIB, "memory was filled: {} MiB", data.bytes() >> 20);
    free_except(&mut h, data, |_, _| false);
    free_except(&mut h, meta, |_, _| false);
    assert_largest_allocation_fits(&mut h);
}

#[test]
fn small_blocks_that_stay_live_pin_pages_at_the_bottom_only() {
    let mut h = heap(1024);
    let mut rng = Rng(13);
    let (data, meta) = fill(&mut h, &[MIB, 20 * KIB, MIB, 100], &mut rng);
    // Leak some metadata and some small tensors, as a program that holds a few things would.
    let mut pinned = free_except(&mut h, meta, |i, _| i % 97 == 0);
    pinned.extend(free_except(&mut h, data, |i, size| size <= 20 * KIB && i % 89 == 0));
    h.trim();
    let top = pinned.iter().max().unwrap() + 1;
    let end = h.memory.end_page();
    // The bottom region is what the heap reserved at its start, before any tensor data.
    let bottom = STATICS.div_ceil(PAGE) + RESERVE_PAGES;
    assert!(top - h.memory.base_page() <= bottom, "pinned pages reach page {}", top - h.memory.base_page());
    assert_eq!(h.pages.largest_free_run(), end - top, "everything above the pinned pages is one run");
}

#[test]
fn when_memory_is_full_fallible_allocations_fail_and_infallible_ones_use_the_reserve() {
    let mut h = heap(1024);
    let mut rng = Rng(17);
    let (mut data, _meta) = fill(&mut h, &[MIB, 64 * KIB, 16], &mut rng);
    // The fill's own metadata may have dipped into the reserve.
    let free = h.pages.free_count();
    assert!(free > RESERVE_PAGES / 2 && free < RESERVE_PAGES + 16, "{free} pages free at the end of the fill");
    let try_alloc = |h: &mut Heap<SimMemory>, size: usize, fallible: bool| {
        let l = layout(size, 8);
        // SAFETY: the heap owns its simulated memory.
        let ptr = unsafe { h.alloc(l, fallible) };
        (!ptr.is_null()).then_some((ptr, l))
    };
    // Metadata of many ops, then a grown table: 1.5 MiB of the 4 MiB reserve. (The reserve is a
    // count of free pages, not one run: a large infallible block needs a run that fits.)
    let mut meta = Live::default();
    for i in 0..10_000 {
        let size = [48, 16, 100, 24][i % 4];
        let (ptr, l) = try_alloc(&mut h, size, false).expect("small infallible allocations succeed");
        meta.add(ptr, l);
    }
    let (ptr, l) = try_alloc(&mut h, MIB, false).expect("a large infallible allocation succeeds");
    meta.add(ptr, l);
    // Even the small ones whose class has free blocks (the metadata's slabs have room for 16 B).
    for size in [16, 100, 16 * KIB, 40 * KIB, MIB] {
        assert!(try_alloc(&mut h, size, true).is_none(), "fallible {size} B fails while the reserve is short");
    }
    // Freeing 1 MiB of data does not make up for what the reserve lost...
    let b = data.remove_sized(MIB);
    // SAFETY: a live block, freed once.
    unsafe { h.dealloc(b.ptr, b.layout) };
    assert!(try_alloc(&mut h, 40 * KIB, true).is_none(), "the reserve refills before fallible allocations succeed");
    // ...freeing the metadata and another 1 MiB of data (the fill's own metadata took some too) does.
    free_except(&mut h, meta, |_, _| false);
    let b = data.remove_sized(MIB);
    // SAFETY: a live block, freed once.
    unsafe { h.dealloc(b.ptr, b.layout) };
    assert!(try_alloc(&mut h, 40 * KIB, true).is_some(), "with the reserve refilled, fallible allocations succeed again");
}

#[test]
fn empty_slabs_go_back_to_the_page_allocator() {
    let mut h = heap(4096);
    let l = layout(16 * KIB, 8);
    let mut end = 0;
    for round in 0..5 {
        // SAFETY: the heap owns its simulated memory; every block is freed once.
        let blocks: Vec<_> = (0..2000).map(|_| unsafe { h.alloc(l, true) }).collect();
        assert!(blocks.iter().all(|p| !p.is_null()));
        for p in blocks {
            unsafe { h.dealloc(p, l) };
        }
        if round == 0 {
            end = h.memory.end_page();
        }
        assert_eq!(h.memory.end_page(), end, "round {round}: memory did not grow again");
        let first = h.memory.heap_start().div_ceil(PAGE);
        // The class's last slab and the spare ones stay for reuse.
        let kept = slab_pages(class_of(l.size(), l.align()).unwrap()) + SPARE_PAGES;
        assert!(h.pages.free_count() + kept >= end - first, "round {round}: {} of {} pages free", h.pages.free_count(), end - first);
    }
}

#[test]
fn the_global_adapter_zeroes_reused_memory_and_follows_the_allocation_mode() {
    let g = GlobalHeap::new(SimMemory::new(5, 1024), RESERVE_PAGES);
    for size in [24, 3000, 100 * KIB] {
        let l = layout(size, 8);
        // SAFETY: blocks are used within their layout and freed once.
        unsafe {
            let dirty = g.alloc(l);
            dirty.write_bytes(0xAB, size);
            g.dealloc(dirty, l);
            let zeroed = g.alloc_zeroed(l);
            assert_eq!(zeroed, dirty, "the same block is reused");
            assert!(std::slice::from_raw_parts(zeroed, size).iter().all(|&b| b == 0));
            let grown = g.realloc(zeroed, l, 3 * size);
            assert!(std::slice::from_raw_parts(grown, size).iter().all(|&b| b == 0));
            g.dealloc(grown, layout(3 * size, 8));
        }
    }
    // Fill memory with fallible (tensor) allocations; then only infallible ones succeed.
    // SAFETY: as above; the filled blocks are leaked with the simulated memory.
    unsafe {
        for size in [MIB, 64 * KIB] {
            while !gradtape_core::alloc_mode::fallible(|| g.alloc(layout(size, 8))).is_null() {}
        }
        assert!(gradtape_core::alloc_mode::fallible(|| g.alloc(layout(64 * KIB, 8))).is_null());
        assert!(!g.alloc(layout(64 * KIB, 8)).is_null());
    }
}

