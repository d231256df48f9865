//! Protocol item 15: worker threads, where memory is shared.
//!
//! JavaScript calls [`gt_set_threads`] only when it instantiated the module on a shared memory
//! and can start workers; until then kernels run on the calling thread. The first kernel large
//! enough to share asks for the workers it lacks through the import `env.gt_host_start_worker`
//! (index, stack top, TLS block), after allocating each worker's stack and thread-local block
//! here, on the calling thread: a worker never allocates (the allocator is not thread-safe, and
//! kernels' tasks take their scratch from the caller). The host starts a worker that
//! instantiates this module on the same memory, sets `__stack_pointer` to the stack top, calls
//! `__wasm_init_tls` with the block and then [`gt_worker_main`], which never returns.

use gradtape_core::kernels::parallel;

/// A worker's stack: kernels' tasks keep a few tiles on it.
const WORKER_STACK: usize = 256 * 1024;
/// A worker's thread-local block; the description (`workerTls`) gives its size and alignment,
/// and JavaScript starts workers only when `__tls_size` and `__tls_align` fit them.
pub const WORKER_TLS: usize = 4096;
/// The alignment of that block (it is allocated as u128s).
pub const WORKER_TLS_ALIGN: usize = core::mem::align_of::<u128>();

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "env")]
extern "C" {
    /// Starts worker `index` (asynchronously) with its stack top and thread-local block.
    fn gt_host_start_worker(index: u32, stack_top: u32, tls: u32);
}

/// Allocates worker `index`'s stack and thread-local block (for the module's life) and asks
/// the host to start it.
fn start_worker(index: usize) {
    let block: &'static mut [u128] = Box::leak(vec![0u128; (WORKER_TLS + WORKER_STACK) / 16].into_boxed_slice());
    let tls = block.as_mut_ptr() as usize;
    // The stack grows down from the block's end; the TLS block sits at its start.
    let stack_top = tls + WORKER_TLS + WORKER_STACK;
    #[cfg(target_arch = "wasm32")]
    // SAFETY: the host only starts a worker; it does not call back into the module.
    unsafe {
        gt_host_start_worker(index as u32, stack_top as u32, tls as u32)
    };
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (index, stack_top);
}

/// Sets how many threads kernels use, the calling one included (1: no workers), and from then
/// on lets kernels ask the host for workers. Returns the number set (at least 1, at most 255).
#[no_mangle]
pub extern "C" fn gt_set_threads(n: u32) -> u32 {
    parallel::set_worker_starter(start_worker);
    parallel::set_threads((n as usize).min(parallel::MAX_THREADS)) as u32
}

/// The address of the u32 a worker's host sets to 1 when the worker trapped, so the thread
/// waiting for its task stops (with a trap) instead of waiting forever.
#[no_mangle]
pub extern "C" fn gt_worker_poisoned_ptr() -> u32 {
    parallel::POISONED.as_ptr() as u32
}

/// Worker `index`'s loop (called by the host on the worker, after its stack and thread-local
/// block are set); never returns.
#[no_mangle]
pub extern "C" fn gt_worker_main(index: u32) {
    parallel::worker_main(index as usize)
}

