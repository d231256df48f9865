//! `Heap` as a `GlobalAlloc`: the allocation mode comes from `gradtape_core::alloc_mode`.

use super::memory::Memory;
use super::Heap;
use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use gradtape_core::alloc_mode::is_fallible;

/// A `Heap` behind a shared reference, as `GlobalAlloc` wants it.
pub struct GlobalHeap<M: Memory>(UnsafeCell<Heap<M>>);

impl<M: Memory> GlobalHeap<M> {
    pub const fn new(memory: M, reserve_pages: usize) -> GlobalHeap<M> {
        GlobalHeap(UnsafeCell::new(Heap::new(memory, reserve_pages)))
    }
}

// SAFETY: wasm32 without atomics has one thread, and the heap calls nothing that allocates, so
// no two references to it are ever live at once.
#[cfg(target_arch = "wasm32")]
unsafe impl Sync for GlobalHeap<super::WasmMemory> {}

// SAFETY: `Heap` hands out disjoint blocks of at least the layout's size and alignment that stay
// valid until freed (checked by the native tests). `GlobalHeap` is not `Sync` (except on wasm32,
// above), so its methods never run concurrently.
unsafe impl<M: Memory> GlobalAlloc for GlobalHeap<M> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: no other reference to the heap is live (see above); the caller's contract is
        // `Heap::alloc`'s.
        unsafe { (*self.0.get()).alloc(layout, is_fallible()) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { (*self.0.get()).dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `alloc`.
        unsafe { (*self.0.get()).realloc(ptr, layout, new_size, is_fallible()) }
    }
}
