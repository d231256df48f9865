//! Where the allocator's pages come from: the `Memory` trait, and wasm linear memory behind it.
//! Native tests implement the trait over a simulated memory.

/// Bytes in a page: the unit wasm memory grows by, and the unit of the page allocator.
pub const PAGE: usize = 1 << 16;

/// Memory that grows at its end by whole pages. Page numbers are absolute: page `p` spans the
/// addresses `[p * PAGE, (p + 1) * PAGE)` (its end is never computed: on wasm32 the last page
/// ends at 2^32, past `usize`).
pub trait Memory {
    /// The first address the allocator may use (everything below is the stack and statics).
    fn heap_start(&self) -> usize;
    /// The number of the first page past the end of memory.
    fn end_page(&self) -> usize;
    /// Adds `n` pages at the end; returns the number of the first new page, or None when memory
    /// cannot grow that much (nothing is added then).
    fn grow(&mut self, n: usize) -> Option<usize>;
}

/// The module's linear memory (memory 0).
#[cfg(target_arch = "wasm32")]
pub struct WasmMemory;

#[cfg(target_arch = "wasm32")]
impl Memory for WasmMemory {
    fn heap_start(&self) -> usize {
        extern "C" {
            /// Defined by the linker after the stack and the statics.
            static __heap_base: u8;
        }
        // Only the symbol's address is taken (safe for an extern static); it is never read.
        core::ptr::addr_of!(__heap_base) as usize
    }

    fn end_page(&self) -> usize {
        core::arch::wasm32::memory_size(0)
    }

    fn grow(&mut self, n: usize) -> Option<usize> {
        let previous_end = core::arch::wasm32::memory_grow(0, n);
        (previous_end != usize::MAX).then_some(previous_end)
    }
}
