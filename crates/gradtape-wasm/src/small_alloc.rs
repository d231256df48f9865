//! The global allocator for the wasm build: small blocks come from per-size free lists in front
//! of the system allocator (dlmalloc). Every op allocates a few small objects (the `Rc`, the data
//! of a scalar, a shape) and frees as many; dlmalloc's bookkeeping made those the largest cost of
//! a scalar op. Freed small blocks are kept for reuse, never returned, so the memory they hold is
//! bounded by the peak number of live small objects.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::UnsafeCell;

const GRANULE: usize = 16;
const CLASSES: usize = 16; // 16, 32, ..., 256 bytes
const MAX_SMALL: usize = GRANULE * CLASSES;

pub struct SmallAlloc {
    /// Head of each size class's free list; a free block stores the next pointer in its first word.
    free: UnsafeCell<[*mut u8; CLASSES]>,
}

// SAFETY: wasm32 without atomics has one thread.
unsafe impl Sync for SmallAlloc {}

impl SmallAlloc {
    pub const fn new() -> SmallAlloc {
        SmallAlloc { free: UnsafeCell::new([std::ptr::null_mut(); CLASSES]) }
    }
}

fn class_of(layout: Layout) -> Option<usize> {
    (layout.size() <= MAX_SMALL && layout.align() <= GRANULE).then(|| layout.size().max(1).div_ceil(GRANULE) - 1)
}

fn class_layout(class: usize) -> Layout {
    // SAFETY: non-zero multiple of the alignment, far below isize::MAX.
    unsafe { Layout::from_size_align_unchecked((class + 1) * GRANULE, GRANULE) }
}

unsafe impl GlobalAlloc for SmallAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match class_of(layout) {
            Some(class) => {
                let head = &mut (*self.free.get())[class];
                if head.is_null() {
                    System.alloc(class_layout(class))
                } else {
                    let block = *head;
                    *head = *(block as *mut *mut u8);
                    block
                }
            }
            None => System.alloc(layout),
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        match class_of(layout) {
            Some(class) => {
                let head = &mut (*self.free.get())[class];
                *(ptr as *mut *mut u8) = *head;
                *head = ptr;
            }
            None => System.dealloc(ptr, layout),
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        match class_of(layout) {
            Some(_) => {
                let ptr = self.alloc(layout);
                if !ptr.is_null() {
                    ptr.write_bytes(0, layout.size());
                }
                ptr
            }
            None => System.alloc_zeroed(layout),
        }
    }
}
