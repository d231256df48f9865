//! Small allocations (up to 32 KiB): size classes carved from slabs. A slab is a run of 1 to 8
//! pages aligned to its own size, holding blocks of one class behind a header, so a block's
//! slab is its address with the low bits cleared. Each slab keeps its own free list and count of
//! live blocks: a slab whose last block is freed goes back to the page allocator, so a loop of
//! short-lived blocks cannot turn memory into slabs for good. A few empty slabs are kept for
//! reuse (the only one a class has left to allocate from, and up to `SPARE_PAGES` more), so
//! blocks freed and allocated again do not take and give back pages each time.

use super::memory::PAGE;

/// The largest small allocation; larger ones take page runs.
pub const MAX_SMALL: usize = 32 << 10;
/// Every block is aligned to this (and a larger alignment takes a page run).
pub const ALIGN: usize = 16;
/// 16 classes every 16 bytes up to 256, then 4 per doubling up to 32 KiB (at most 25% waste).
pub const CLASSES: usize = 16 + 7 * 4;
/// Bytes at the start of each slab for its `Slab`; a multiple of `ALIGN`, so blocks stay aligned.
const HEADER: usize = 64;
/// Pages of empty slabs kept for reuse besides each class's last one (1 MiB).
pub const SPARE_PAGES: usize = 16;

/// The block size of `class`.
pub const fn class_size(class: usize) -> usize {
    if class < 16 {
        (class + 1) * 16
    } else {
        let (doubling, step) = ((class - 16) / 4, (class - 16) % 4);
        (5 + step) << (6 + doubling)
    }
}

/// Pages per slab: a power of two that holds at least 15 blocks after the header, so the header
/// and the tail waste at most 1/16 (with room for only 7, a 16 KiB class would lose one block of 8).
const fn class_slab_pages(class: usize) -> usize {
    let mut pages = 1;
    while pages * PAGE < HEADER + 15 * class_size(class) {
        pages *= 2;
    }
    pages
}

/// Per class: the block size and the slab's pages, looked up on every allocation and free.
const SIZE: [usize; CLASSES] = {
    let mut t = [0; CLASSES];
    let mut c = 0;
    while c < CLASSES {
        t[c] = class_size(c);
        c += 1;
    }
    t
};
const SLAB_PAGES: [usize; CLASSES] = {
    let mut t = [0; CLASSES];
    let mut c = 0;
    while c < CLASSES {
        t[c] = class_slab_pages(c);
        c += 1;
    }
    t
};

const _: () = assert!(size_of::<Slab>() <= HEADER && HEADER.is_multiple_of(ALIGN));
const _: () = assert!(class_size(CLASSES - 1) == MAX_SMALL);

/// The class of a small allocation, or None for one that takes a page run.
#[inline(always)]
pub fn class_of(size: usize, align: usize) -> Option<usize> {
    if size <= 256 && align <= ALIGN {
        Some(size.max(1).div_ceil(16) - 1)
    } else if size <= MAX_SMALL && align <= ALIGN {
        // size - 1 lies in [2^k, 2^(k+1)) with 8 <= k <= 14; its next two bits pick the quarter.
        let k = (usize::BITS - 1 - (size - 1).leading_zeros()) as usize;
        Some(16 + (k - 8) * 4 + (((size - 1) >> (k - 2)) & 3))
    } else {
        None
    }
}

/// Pages a slab of `class` spans (also its alignment in pages).
pub fn slab_pages(class: usize) -> usize {
    SLAB_PAGES[class]
}

/// The header at the start of every slab.
#[repr(C)]
struct Slab {
    /// Freed blocks; each holds the address of the next in its first word.
    free: *mut u8,
    /// The next of `fresh_left` blocks never handed out (carved on demand, so a new slab costs no
    /// pass over its blocks). A count, not an end address: a slab may end where wasm32's 4 GiB
    /// do, at an address `usize` cannot hold.
    fresh: usize,
    fresh_left: usize,
    live: usize,
    /// Neighbours in the class's list, when `listed`; for a spare slab, `next` is the next spare.
    next: *mut Slab,
    prev: *mut Slab,
    listed: bool,
}

/// The slabs of every class that may have a block to hand out.
pub struct Slabs {
    /// Per class, a list of slabs: every slab with a free block is in it (a full one may linger
    /// at the head until an allocation finds it full). The head is allocated from first.
    lists: [*mut Slab; CLASSES],
    /// Per class, empty slabs kept for reuse, outside `lists`.
    spares: [*mut Slab; CLASSES],
    /// Pages the spare slabs hold: at most `SPARE_PAGES`.
    spare_pages: usize,
}

impl Slabs {
    pub const fn new() -> Slabs {
        Slabs { lists: [core::ptr::null_mut(); CLASSES], spares: [core::ptr::null_mut(); CLASSES], spare_pages: 0 }
    }

    /// A freed block of `class` from the head of its list, or null: then `alloc_fresh`.
    ///
    /// # Safety
    /// `class < CLASSES`, and every slab in the lists is live (see `add_slab`).
    #[inline(always)]
    pub unsafe fn pop(&mut self, class: usize) -> *mut u8 {
        let slab = self.lists[class];
        if slab.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: a listed slab is live memory holding its header (caller's contract); a free
        // block is inside its slab and stores the next free block.
        unsafe {
            let block = (*slab).free;
            if !block.is_null() {
                (*slab).free = *(block as *mut *mut u8);
                (*slab).live += 1;
            }
            block
        }
    }

    /// A block of `class` from any listed or spare slab: freed, or carved from never-used space
    /// (full slabs leave the list on the way). Null when no slab has room: then give `add_slab`
    /// a new slab.
    ///
    /// # Safety
    /// As for `pop`.
    pub unsafe fn alloc_fresh(&mut self, class: usize) -> *mut u8 {
        loop {
            let slab = self.lists[class];
            if slab.is_null() {
                let spare = self.spares[class];
                if spare.is_null() {
                    return core::ptr::null_mut();
                }
                // SAFETY: spare slabs are live slabs of `class`.
                unsafe {
                    self.spares[class] = (*spare).next;
                    self.spare_pages -= slab_pages(class);
                    self.link(class, spare);
                }
                continue;
            }
            // SAFETY: listed slabs are live; free and fresh blocks lie inside the slab.
            unsafe {
                let s = &mut *slab;
                if !s.free.is_null() {
                    let block = s.free;
                    s.free = *(block as *mut *mut u8);
                    s.live += 1;
                    return block;
                }
                if s.fresh_left > 0 {
                    let block = s.fresh as *mut u8;
                    s.fresh = s.fresh.wrapping_add(SIZE[class]);
                    s.fresh_left -= 1;
                    s.live += 1;
                    return block;
                }
                self.unlink(class, slab);
            }
        }
    }

    /// Makes the `slab_pages(class)` pages at `base` a slab of `class` and returns its first block.
    ///
    /// # Safety
    /// `base` is aligned to `slab_pages(class)` pages, and those pages are writable, unused,
    /// and stay so until `dealloc` or `trim` hands them back.
    pub unsafe fn add_slab(&mut self, class: usize, base: *mut u8) -> *mut u8 {
        let slab = base as *mut Slab;
        let first = base as usize + HEADER;
        let blocks = (slab_pages(class) * PAGE - HEADER) / SIZE[class];
        // SAFETY: the caller gives us these pages; the header fits before the first block.
        unsafe {
            slab.write(Slab {
                free: core::ptr::null_mut(),
                fresh: first + SIZE[class],
                fresh_left: blocks - 1,
                live: 1,
                next: core::ptr::null_mut(),
                prev: core::ptr::null_mut(),
                listed: false,
            });
            self.link(class, slab);
        }
        first as *mut u8
    }

    /// Frees a block; returns the slab's pages `(base, count)` when they go back to the page
    /// allocator.
    ///
    /// # Safety
    /// `ptr` came from `alloc` or `add_slab` with the same `class` and is not used again.
    #[inline(always)]
    pub unsafe fn dealloc(&mut self, class: usize, ptr: *mut u8) -> Option<(usize, usize)> {
        let slab = (ptr as usize & !(slab_pages(class) * PAGE - 1)) as *mut Slab;
        // SAFETY: slabs are aligned to their size, so `slab` is the header of `ptr`'s slab.
        unsafe {
            *(ptr as *mut *mut u8) = (*slab).free;
            (*slab).free = ptr;
            (*slab).live -= 1;
            // An empty slab at the head of its list stays without a call: the next allocation of
            // the class pops from it (a block allocated and freed over and over, every op's case).
            if !(*slab).listed || ((*slab).live == 0 && self.lists[class] != slab) {
                return self.dealloc_slow(class, slab);
            }
        }
        None
    }

    #[cold]
    unsafe fn dealloc_slow(&mut self, class: usize, slab: *mut Slab) -> Option<(usize, usize)> {
        // SAFETY: `slab` is a live slab of `class` (from `dealloc`).
        unsafe {
            if !(*slab).listed {
                // A full slab got room back and goes to the head. The old head may be empty (the
                // fast path keeps an empty head): it is no longer where blocks come from, so it
                // goes now. (`slab` itself was full a moment ago, so it is not empty.)
                let head = self.lists[class];
                self.link(class, slab);
                if !head.is_null() && (*head).live == 0 {
                    return self.retire(class, head);
                }
                return None;
            }
            // The only slab left to allocate from stays, so a block allocated and freed over and
            // over costs no more than a list operation.
            let only = self.lists[class] == slab && (*slab).next.is_null();
            if (*slab).live > 0 || only {
                return None;
            }
            self.retire(class, slab)
        }
    }

    /// Takes an empty listed slab out of its list: into the spares while they have room, else its
    /// pages go back (returned to the caller).
    unsafe fn retire(&mut self, class: usize, slab: *mut Slab) -> Option<(usize, usize)> {
        // SAFETY: `slab` is an empty listed slab of `class` (caller's contract).
        unsafe {
            self.unlink(class, slab);
            if self.spare_pages + slab_pages(class) <= SPARE_PAGES {
                (*slab).next = self.spares[class];
                self.spares[class] = slab;
                self.spare_pages += slab_pages(class);
                return None;
            }
        }
        Some((slab as usize, slab_pages(class)))
    }

    /// Hands the pages of every empty slab (listed or spare) to `release`: the slabs kept for
    /// reuse must not split a free run that a page-run allocation needs.
    ///
    /// # Safety
    /// As for `alloc`.
    pub unsafe fn trim(&mut self, mut release: impl FnMut(usize, usize)) {
        for class in 0..CLASSES {
            let mut spare = core::mem::replace(&mut self.spares[class], core::ptr::null_mut());
            while !spare.is_null() {
                // SAFETY: spare slabs are live; `next` is read before the slab is released.
                let next = unsafe { (*spare).next };
                release(spare as usize, slab_pages(class));
                spare = next;
            }
            let mut slab = self.lists[class];
            while !slab.is_null() {
                // SAFETY: as above, for listed slabs.
                unsafe {
                    let next = (*slab).next;
                    if (*slab).live == 0 {
                        self.unlink(class, slab);
                        release(slab as usize, slab_pages(class));
                    }
                    slab = next;
                }
            }
        }
        self.spare_pages = 0;
    }

    unsafe fn link(&mut self, class: usize, slab: *mut Slab) {
        let head = self.lists[class];
        // SAFETY: `slab` and the head (if any) are live slabs of `class`.
        unsafe {
            (*slab).prev = core::ptr::null_mut();
            (*slab).next = head;
            (*slab).listed = true;
            if !head.is_null() {
                (*head).prev = slab;
            }
        }
        self.lists[class] = slab;
    }

    unsafe fn unlink(&mut self, class: usize, slab: *mut Slab) {
        // SAFETY: `slab` is a listed slab of `class`, so its neighbours are live slabs too.
        unsafe {
            let (prev, next) = ((*slab).prev, (*slab).next);
            if prev.is_null() {
                self.lists[class] = next;
            } else {
                (*prev).next = next;
            }
            if !next.is_null() {
                (*next).prev = prev;
            }
            (*slab).listed = false;
        }
    }
}
