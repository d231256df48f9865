//! The global allocator of the wasm build. It owns all of linear memory above the heap start and
//! grows memory itself; nothing else allocates.
//!
//! Two requirements shape it:
//! - **Memory comes back whole.** After tensors fill memory and are freed, one large run is free
//!   again. Large allocations (over 32 KiB) take whole 64 KiB pages and give them back on free
//!   (`pages`); small ones come from slabs (`slabs`), which go back to the pages when empty.
//!   Slabs and other infallible runs take the lowest run that fits, so the small objects that
//!   live long stay together at the bottom instead of pinning holes between tensor buffers; tensor
//!   data takes the smallest run that fits, from its high end.
//! - **Nothing traps when memory is full.** Rust aborts (a wasm trap) when an infallible
//!   allocation fails, and every op makes a few (an `Rc`, a shape, an error message). Tensor data
//!   is allocated fallibly (`gradtape_core::alloc_mode`), and a fallible allocation fails rather
//!   than leave fewer than a reserve of free pages, so infallible ones still succeed when memory
//!   is full. The reserve refills as memory is freed (or grows), before fallible ones succeed again.
//!
//! The logic is generic over `Memory`, so native tests run it on a simulated memory.

mod global;
mod memory;
mod pages;
mod slabs;
#[cfg(test)]
mod tests;

pub use global::GlobalHeap;
#[cfg(target_arch = "wasm32")]
pub use memory::WasmMemory;

use core::alloc::Layout;
use memory::{Memory, PAGE};
use pages::{Pages, Place};
use slabs::{class_of, slab_pages, Slabs};

/// Pages that fallible allocations leave free for infallible ones: 4 MiB, room for the metadata
/// of thousands of ops (and the handle table's growth) after tensor data has filled memory.
pub const RESERVE_PAGES: usize = 64;

/// Pages of a page-run allocation.
fn run_pages(layout: Layout) -> usize {
    layout.size().div_ceil(PAGE).max(1)
}

/// The allocator over a `Memory`.
pub struct Heap<M: Memory> {
    memory: M,
    pages: Pages,
    slabs: Slabs,
    /// Pages fallible allocations leave free.
    reserve: usize,
    started: bool,
}

impl<M: Memory> Heap<M> {
    pub const fn new(memory: M, reserve: usize) -> Heap<M> {
        Heap { memory, pages: Pages::new(), slabs: Slabs::new(), reserve, started: false }
    }

    /// A block for `layout`, or null. A `fallible` allocation also fails when fewer than the
    /// reserve of pages are free (and memory cannot grow to refill it), or would be after it:
    /// even a small one that its slab has room for, since otherwise the blocks infallible
    /// allocations put into slabs with the reserve's pages would feed fallible ones too.
    ///
    /// # Safety
    /// As `GlobalAlloc::alloc`; the heap's memory is used by nothing else.
    #[inline(always)]
    pub unsafe fn alloc(&mut self, layout: Layout, fallible: bool) -> *mut u8 {
        // The path of nearly every allocation: a pop from a free list, inlined into the caller.
        if let Some(class) = class_of(layout.size(), layout.align()) {
            if !fallible || self.pages.free_count() >= self.reserve {
                // SAFETY: the slabs hold only pages this heap gave them.
                let block = unsafe { self.slabs.pop(class) };
                if !block.is_null() {
                    return block;
                }
            }
        }
        self.alloc_slow(layout, fallible)
    }

    #[inline(never)]
    fn alloc_slow(&mut self, layout: Layout, fallible: bool) -> *mut u8 {
        if fallible && self.pages.free_count() < self.reserve && !self.refill() {
            return core::ptr::null_mut();
        }
        let Some(class) = class_of(layout.size(), layout.align()) else {
            let (n, align) = (run_pages(layout), (layout.align() / PAGE).max(1));
            let place = if fallible { Place::BestFit } else { Place::Lowest };
            return self.take(n, align, place, fallible).map_or(core::ptr::null_mut(), |page| (page * PAGE) as *mut u8);
        };
        // SAFETY: the slabs hold only pages this heap gave them.
        let block = unsafe { self.slabs.alloc_fresh(class) };
        if !block.is_null() {
            return block;
        }
        let n = slab_pages(class);
        match self.take(n, n, Place::Lowest, fallible) {
            // SAFETY: the pages were just taken, aligned to the slab's size, and are ours.
            Some(page) => unsafe { self.slabs.add_slab(class, (page * PAGE) as *mut u8) },
            None => core::ptr::null_mut(),
        }
    }

    /// # Safety
    /// As `GlobalAlloc::dealloc`: `ptr` came from this heap with this `layout`.
    #[inline(always)]
    pub unsafe fn dealloc(&mut self, ptr: *mut u8, layout: Layout) {
        match class_of(layout.size(), layout.align()) {
            Some(class) => {
                // SAFETY: `ptr` is a block of `class` (caller's contract).
                if let Some((base, n)) = unsafe { self.slabs.dealloc(class, ptr) } {
                    self.give(base, n);
                }
            }
            None => self.give(ptr as usize, run_pages(layout)),
        }
    }

    /// Frees the `n` pages at address `base`.
    #[inline(never)]
    fn give(&mut self, base: usize, n: usize) {
        self.pages.give(base / PAGE, n);
    }

    /// Keeps the block when the new size needs the same one (same class, or as many pages).
    ///
    /// # Safety
    /// As `GlobalAlloc::realloc`.
    pub unsafe fn realloc(&mut self, ptr: *mut u8, layout: Layout, new_size: usize, fallible: bool) -> *mut u8 {
        // SAFETY: the caller guarantees that `new_size`, rounded up to the alignment, fits isize.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        let same = match (class_of(layout.size(), layout.align()), class_of(new_size, layout.align())) {
            (Some(old), Some(new)) => old == new,
            (None, None) => run_pages(layout) == run_pages(new_layout),
            _ => false,
        };
        if same {
            return ptr;
        }
        // SAFETY: as for `alloc` and `dealloc`; the two blocks are distinct, so they do not overlap.
        unsafe {
            let new = self.alloc(new_layout, fallible);
            if !new.is_null() {
                core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }

    /// Takes `n` pages aligned to `align` pages, growing memory when no free run fits.
    fn take(&mut self, n: usize, align: usize, place: Place, fallible: bool) -> Option<usize> {
        self.start();
        let keep = if fallible { self.reserve } else { 0 };
        // `n` pages plus what fallible allocations leave free: grow (or trim) until that many are.
        if self.pages.free_count() < n + keep {
            let short = n + keep - self.pages.free_count();
            if !self.grow(short) {
                self.trim();
                if self.pages.free_count() < n + keep {
                    return None;
                }
            }
        }
        if let Some(page) = self.pages.take(n, align, place) {
            return Some(page);
        }
        // Empty slabs kept for reuse may be what splits the free space; then growth is not needed.
        self.trim();
        if let Some(page) = self.pages.take(n, align, place) {
            return Some(page);
        }
        // Growth joins the free run at the end of memory (if any); the start may need `align - 1` more.
        let need = (n + align - 1).saturating_sub(self.pages.free_at_end());
        if !self.grow(need) {
            return None;
        }
        self.pages.take(n, align, place)
    }

    /// Brings the free pages back up to the reserve; false if memory cannot grow that much.
    #[cold]
    fn refill(&mut self) -> bool {
        self.start();
        let short = self.reserve.saturating_sub(self.pages.free_count());
        if short == 0 || self.grow(short) {
            return true;
        }
        self.trim();
        self.pages.free_count() >= self.reserve
    }

    /// Grows memory by exactly `n` pages (wasm memory never shrinks, so it grows no more than
    /// needed); false if it cannot.
    fn grow(&mut self, n: usize) -> bool {
        match self.memory.grow(n) {
            Some(first) => {
                self.pages.add(first, n);
                true
            }
            None => false,
        }
    }

    fn trim(&mut self) {
        let pages = &mut self.pages;
        // SAFETY: the slabs hold only pages this heap gave them.
        unsafe { self.slabs.trim(|base, n| pages.give(base / PAGE, n)) }
    }

    /// On the first page request: the pages memory already has above the heap start become free,
    /// and memory grows to hold the reserve, so the reserve starts out at the bottom.
    fn start(&mut self) {
        if self.started {
            return;
        }
        self.started = true;
        let first = self.memory.heap_start().div_ceil(PAGE);
        self.pages.start_at(first);
        let end = self.memory.end_page();
        if end > first {
            self.pages.add(first, end - first);
        }
        let short = self.reserve.saturating_sub(self.pages.free_count());
        if short > 0 {
            self.grow(short);
        }
    }
}
