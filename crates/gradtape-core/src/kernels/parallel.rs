//! Data-parallel loops over a pool of worker threads.
//!
//! In the shared-memory wasm build, JavaScript starts workers (Node `worker_threads`, or Web
//! Workers where the page is cross-origin isolated) that instantiate this same module on the
//! same memory and sit in [`worker_main`]. A kernel splits its work into tasks whose results do
//! not depend on which thread runs them (disjoint parts of the output, each computed exactly as
//! the one-thread loop computes it), so every result is the same, bit for bit, for any number of
//! threads. Elsewhere (no workers, one thread wanted, a loop inside a task, or work too small to
//! gain) [`Team::for_each`] is a plain loop on the calling thread.
//!
//! The protocol, one coordinator (the thread that calls the module's exports) and any number of
//! workers:
//! 1. A kernel takes a [`Team`]: the threads wanted, or the calling thread alone. Per loop, the
//!    coordinator stores the address of the loop body in `JOB`, zeroes `DONE`, then publishes
//!    `CLAIM` = (generation, the team's slots, tasks) (release), bumps the futex word `WAKE` and
//!    wakes sleepers.
//! 2. Every thread with a slot in the team, the coordinator included, claims tasks by
//!    compare-and-swap on `CLAIM`, counting its low half down: claiming task t takes `CLAIM`
//!    from (g, s, t + 1) to (g, s, t).
//!    A claim that succeeds holds a task not yet done, so the coordinator is still waiting and the
//!    body behind `JOB` is alive: only then is `JOB` read. A stale claim (an old generation) fails.
//! 3. Each finished task adds one to `DONE`; the coordinator returns when `DONE` equals `tasks`.
//!
//! Tasks must not allocate (the wasm allocator is not thread-safe) and must not panic (the build
//! aborts on panic, so a trap in a worker would leave the coordinator waiting; the worker's
//! JavaScript then sets `POISONED`, and the coordinator stops).

use core::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering::*};

/// The body of a parallel loop: `(task, slot)`, where `slot` is 0 on the coordinator and 1 + the
/// worker's index on a worker, below the team's [`Team::slots`]: the index of the thread's
/// scratch, if any.
pub type Body<'a> = dyn Fn(usize, usize) + Sync + 'a;

/// Threads wanted, the coordinator included (`tf.setNumThreads`).
static THREADS: AtomicUsize = AtomicUsize::new(1);
/// Workers started (each then waits in [`worker_main`]).
static WORKERS: AtomicUsize = AtomicUsize::new(0);
/// Workers asked for (through the host), started or not.
static REQUESTED: AtomicUsize = AtomicUsize::new(0);
/// The host's function that starts worker `index` (set by the wasm crate; none natively).
static START_WORKER: AtomicUsize = AtomicUsize::new(0);
/// generation (24 bits) << 40 | the team's slots (8 bits) << 32 | tasks not yet claimed.
static CLAIM: AtomicU64 = AtomicU64::new(0);
/// Address of the current loop's `&Body`.
static JOB: AtomicUsize = AtomicUsize::new(0);
/// Tasks of the current loop finished.
static DONE: AtomicU32 = AtomicU32::new(0);
/// Bumped for every loop: the word sleeping workers wait on.
static WAKE: AtomicU32 = AtomicU32::new(0);
/// Workers waiting on `WAKE`.
static SLEEPERS: AtomicU32 = AtomicU32::new(0);
/// A loop is running: loops inside its tasks, and loops of any other caller, run on their own
/// thread (natively, the tests call kernels from many threads at once).
static RUNNING: AtomicBool = AtomicBool::new(false);

/// At most this many threads join a loop (the slot count has 8 bits in `CLAIM`).
pub const MAX_THREADS: usize = 255;
/// A worker trapped: the coordinator must not wait for it.
pub static POISONED: AtomicU32 = AtomicU32::new(0);

/// Spins a worker makes between loops before it sleeps (about a millisecond): the next loop of
/// a kernel (a matrix product's next slab, the next op of a step) usually comes sooner, and
/// waking a sleeping thread cost up to about 0.5 ms on the virtual machine measured (a 256³
/// product with two threads took 0.94 ms, as long as on one, with 20,000 spins; 0.52-0.65 ms
/// with 500,000), where the spare core is otherwise idle.
const SPINS_BEFORE_SLEEP: u32 = 500_000;

/// The threads that parallel loops may use, the calling one included.
pub fn threads() -> usize {
    THREADS.load(Relaxed)
}

/// Sets how many threads parallel loops use (at least 1, the calling thread); returns it.
pub fn set_threads(n: usize) -> usize {
    let n = n.max(1);
    THREADS.store(n, Relaxed);
    n
}

/// Workers that have started.
pub fn workers() -> usize {
    WORKERS.load(Acquire)
}

/// Installs the host's worker starter: `start(index)` begins starting worker `index` (0, 1, ...)
/// and returns at once; the worker then calls [`worker_main`] with that index.
pub fn set_worker_starter(start: fn(usize)) {
    START_WORKER.store(start as usize, Relaxed);
}

/// Asks the host for the workers `threads()` needs that were never asked for.
fn request_workers() {
    let starter = START_WORKER.load(Relaxed);
    if starter == 0 {
        return;
    }
    // SAFETY: only `set_worker_starter` stores a nonzero value, and it stores a `fn(usize)`.
    let start: fn(usize) = unsafe { core::mem::transmute::<usize, fn(usize)>(starter) };
    let wanted = threads() - 1;
    while REQUESTED.load(Relaxed) < wanted {
        let index = REQUESTED.fetch_add(1, Relaxed);
        start(index);
    }
}

/// Threads that a loop's `(task, slot)` body may be run on (slots 0..`slots`): what a kernel
/// sizes its per-thread scratch by. While a team of more than one is alive, this thread is the
/// pool's coordinator; a kernel called inside a task (or from another thread natively) gets a
/// team of one.
pub struct Team {
    slots: usize,
}

/// A team for loops of `tasks` tasks each: every thread wanted when `worth_it` (the kernel's
/// work is large enough to gain), there are at least two tasks and workers have started;
/// otherwise the calling thread alone.
pub fn team(tasks: usize, worth_it: bool) -> Team {
    let wanted = threads().min(MAX_THREADS);
    // (A loop already running: this is a task's kernel, maybe on a worker, which must not ask
    // the host for workers, since that allocates.)
    if !worth_it || tasks < 2 || wanted < 2 || RUNNING.load(Relaxed) {
        return Team { slots: 1 };
    }
    request_workers();
    if workers() == 0 || RUNNING.compare_exchange(false, true, Acquire, Relaxed).is_err() {
        return Team { slots: 1 };
    }
    Team { slots: wanted }
}

impl Team {
    /// How many per-thread scratch buffers the team's bodies may index (`slot < slots`).
    pub fn slots(&self) -> usize {
        self.slots
    }

    /// Runs `body(task, slot)` for every task in `0..tasks` and returns when all are done. The
    /// order of tasks, and which thread runs each, is unspecified; a thread runs one task at a
    /// time, so a slot's scratch is never used by two tasks at once.
    pub fn for_each(&self, tasks: usize, body: &Body) {
        if self.slots == 1 || tasks < 2 {
            for task in 0..tasks {
                body(task, 0);
            }
            return;
        }
        assert!(tasks as u64 <= u32::MAX as u64, "parallel::for_each: too many tasks");
        let job: &Body = body;
        JOB.store(&job as *const &Body as usize, Relaxed);
        DONE.store(0, Relaxed);
        let generation = (CLAIM.load(Relaxed) >> 40).wrapping_add(1) & 0xff_ffff;
        CLAIM.store(generation << 40 | (self.slots as u64) << 32 | tasks as u64, SeqCst);
        WAKE.fetch_add(1, SeqCst);
        if SLEEPERS.load(SeqCst) > 0 {
            wake_all(&WAKE);
        }
        run_claimed_tasks(0);
        while DONE.load(Acquire) < tasks as u32 {
            if POISONED.load(Relaxed) != 0 {
                panic!("parallel::for_each: a worker thread trapped");
            }
            core::hint::spin_loop();
        }
    }
}

impl Team {
    /// Runs `kernel(at, part)` for every part of `out` cut into runs of `part_len` elements (the
    /// last may be shorter), where `at` is the part's start in `out`. The parts are disjoint, so
    /// the team's threads may write them at once; as in `for_each`, the order is unspecified.
    pub fn for_each_part<O: Send>(&self, out: &mut [O], part_len: usize, kernel: &(dyn Fn(usize, &mut [O]) + Sync)) {
        assert!(part_len > 0, "parallel::for_each_part: parts of no elements");
        let len = out.len();
        let out = SharedMut(out.as_mut_ptr());
        self.for_each(len.div_ceil(part_len), &|part, _| {
            let at = part * part_len;
            // SAFETY: parts are disjoint ranges of `out`, each inside it.
            kernel(at, unsafe { core::slice::from_raw_parts_mut(out.ptr().add(at), part_len.min(len - at)) })
        });
    }
}

impl Drop for Team {
    fn drop(&mut self) {
        if self.slots > 1 {
            RUNNING.store(false, Release);
        }
    }
}

/// Claims and runs tasks of the current loop until none is left (or, on a worker, when the
/// loop's team has no slot for it).
fn run_claimed_tasks(slot: usize) {
    let mut claim = CLAIM.load(Acquire);
    loop {
        let left = claim & 0xffff_ffff;
        let slots = (claim >> 32) as usize & 0xff;
        if left == 0 || slot >= slots {
            return;
        }
        match CLAIM.compare_exchange_weak(claim, claim - 1, Acquire, Acquire) {
            Ok(_) => {
                // SAFETY: the claim succeeded on a task not yet done, so the coordinator is still
                // inside `for_each` and `JOB` points at its live `&Body` (published before CLAIM).
                let body: &Body = unsafe { *(JOB.load(Relaxed) as *const &Body) };
                body(left as usize - 1, slot);
                DONE.fetch_add(1, Release);
                claim = CLAIM.load(Acquire);
            }
            Err(now) => claim = now,
        }
    }
}

/// A worker's life: it registers, then runs the tasks of every loop whose team has its slot,
/// spinning a while between loops and then sleeping on `WAKE`.
pub fn worker_main(index: usize) -> ! {
    assert!(index + 1 < MAX_THREADS, "parallel::worker_main: worker index out of range");
    let slot = index + 1;
    WORKERS.fetch_add(1, Release);
    let mut seen = WAKE.load(Acquire);
    loop {
        run_claimed_tasks(slot);
        let mut spins = 0;
        while WAKE.load(Acquire) == seen {
            spins += 1;
            if spins < SPINS_BEFORE_SLEEP {
                core::hint::spin_loop();
                continue;
            }
            SLEEPERS.fetch_add(1, SeqCst);
            if WAKE.load(SeqCst) == seen {
                sleep_while_equal(&WAKE, seen);
            }
            SLEEPERS.fetch_sub(1, SeqCst);
        }
        seen = WAKE.load(Acquire);
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
fn sleep_while_equal(word: &AtomicU32, value: u32) {
    // SAFETY: the address is a live, aligned u32 in the shared memory.
    unsafe { core::arch::wasm32::memory_atomic_wait32(word.as_ptr() as *mut i32, value as i32, -1) };
}

#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
fn wake_all(word: &AtomicU32) {
    // SAFETY: as above.
    unsafe { core::arch::wasm32::memory_atomic_notify(word.as_ptr() as *mut i32, u32::MAX) };
}

// Natively (the tests' workers are std threads) a sleeper polls.
#[cfg(not(all(target_arch = "wasm32", target_feature = "atomics")))]
fn sleep_while_equal(word: &AtomicU32, value: u32) {
    while word.load(SeqCst) == value {
        std::thread::sleep(std::time::Duration::from_micros(100));
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "atomics")))]
fn wake_all(_: &AtomicU32) {}

/// A pointer that tasks on other threads may write through, each to its own disjoint part.
pub struct SharedMut<T>(pub *mut T);

// Not derived: a derive would ask T to be Copy too.
impl<T> Clone for SharedMut<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for SharedMut<T> {}

impl<T> SharedMut<T> {
    /// The pointer (a method, so that a closure captures the whole `SharedMut`, not its field).
    pub fn ptr(self) -> *mut T {
        self.0
    }
}
// SAFETY: the loops that use it write disjoint ranges from different tasks (each says why).
unsafe impl<T> Sync for SharedMut<T> {}
unsafe impl<T> Send for SharedMut<T> {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// The pool is global; tests that start workers run one at a time.
    static POOL: Mutex<()> = Mutex::new(());

    fn start_native_worker(index: usize) {
        std::thread::spawn(move || worker_main(index));
    }

    /// Test data: values from -5.2 to 5.2 in a scrambled order.
    fn test_value(i: usize) -> f64 {
        ((i * 7919 % 1009) as f64 - 504.0) / 97.0
    }

    /// Wants `threads` threads and waits until the workers for them have started (the first
    /// team asks for them).
    fn start_pool(threads: usize) {
        set_worker_starter(start_native_worker);
        set_threads(threads);
        while workers() < threads - 1 {
            drop(team(2, true));
            std::thread::yield_now();
        }
    }

    /// Runs `body` on a team for `tasks`, recording which task ran and on which slot.
    fn run_counted(tasks: usize) -> (Vec<u32>, Vec<u32>) {
        let team = full_team(tasks);
        let runs: Vec<AtomicU32> = (0..tasks).map(|_| AtomicU32::new(0)).collect();
        let slots: Vec<AtomicU32> = (0..team.slots()).map(|_| AtomicU32::new(0)).collect();
        team.for_each(tasks, &|task, slot| {
            runs[task].fetch_add(1, Relaxed);
            slots[slot].fetch_add(1, Relaxed);
            std::thread::sleep(std::time::Duration::from_micros(200));
        });
        let read = |v: Vec<AtomicU32>| v.into_iter().map(|a| a.into_inner()).collect();
        (read(runs), read(slots))
    }

    /// A team of every thread wanted: other tests' kernels may hold the pool for a moment.
    fn full_team(tasks: usize) -> Team {
        loop {
            let team = team(tasks, true);
            if team.slots() == threads() || tasks < 2 {
                return team;
            }
            drop(team);
            std::thread::yield_now();
        }
    }

    #[test]
    fn every_task_runs_once_on_the_teams_threads() {
        let _guard = POOL.lock().unwrap_or_else(|e| e.into_inner());
        start_pool(3);
        for tasks in [0, 1, 2, 3, 7, 100] {
            let (runs, _) = run_counted(tasks);
            assert!(runs.iter().all(|&r| r == 1), "{tasks} tasks: each runs once");
        }
        // A long loop spreads over all three threads. Each task waits (up to 10 s) until every
        // thread has taken one, so that a worker the OS wakes late on a loaded machine still
        // gets its share before the others have run every task.
        let (runs, _) = run_counted(64);
        assert!(runs.iter().all(|&r| r == 1));
        let spread = full_team(64);
        let slots: Vec<AtomicU32> = (0..spread.slots()).map(|_| AtomicU32::new(0)).collect();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        spread.for_each(64, &|_, slot| {
            slots[slot].fetch_add(1, Relaxed);
            while slots.iter().any(|s| s.load(Relaxed) == 0) && std::time::Instant::now() < deadline {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
        });
        drop(spread);
        let slots: Vec<u32> = slots.into_iter().map(|a| a.into_inner()).collect();
        assert_eq!(slots.len(), 3);
        assert!(slots.iter().all(|&s| s > 0), "every thread took a task: {slots:?}");
        // A kernel inside a task gets a team of one, with its own slot 0.
        let outer = full_team(4);
        assert_eq!(outer.slots(), 3);
        let inner_runs = AtomicU32::new(0);
        outer.for_each(4, &|_, _| {
            let inner = team(5, true);
            assert_eq!(inner.slots(), 1);
            inner.for_each(5, &|_, slot| {
                assert_eq!(slot, 0);
                inner_runs.fetch_add(1, Relaxed);
            });
        });
        assert_eq!(inner_runs.load(Relaxed), 20);
        drop(outer);
        // Fewer threads wanted: the worker left out takes no task.
        set_threads(2);
        let (_, slots) = run_counted(64);
        assert_eq!(slots.len(), 2);
        set_threads(1);
        assert_eq!(team(64, true).slots(), 1);
        assert_eq!(team(1, true).slots(), 1);
    }

    /// The matrix product over a team equals the one-thread product bit for bit.
    #[test]
    fn a_product_shared_among_threads_equals_the_one_thread_product() {
        let _guard = POOL.lock().unwrap_or_else(|e| e.into_inner());
        start_pool(3);
        for &(m, k, n, trans_a, trans_b) in
            &[(64, 64, 64, false, false), (200, 37, 130, true, false), (129, 600, 9, false, true), (513, 70, 2100, true, true)]
        {
            let a: Vec<f64> = (0..m * k).map(test_value).collect();
            let b: Vec<f64> = (0..k * n).map(|i| test_value(i + 13)).collect();
            let a32: Vec<f32> = a.iter().map(|&x| x as f32).collect();
            let b32: Vec<f32> = b.iter().map(|&x| x as f32).collect();
            let product = |threads: usize| {
                set_threads(threads);
                let mut out = vec![0.0f64; m * n];
                let mut out32 = vec![0.0f32; m * n];
                crate::kernels::matmul(&a, &b, &mut out, m, k, n, trans_a, trans_b);
                crate::kernels::matmul(&a32, &b32, &mut out32, m, k, n, trans_a, trans_b);
                (out.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), out32.iter().map(|x| x.to_bits()).collect::<Vec<_>>())
            };
            assert!(product(3) == product(1), "{m}x{k}x{n}: the bits differ with three threads");
        }
        set_threads(1);
    }

    /// Long elementwise ops and sums over a team equal their one-thread results bit for bit.
    #[test]
    fn elementwise_ops_and_sums_shared_among_threads_equal_the_one_thread_results() {
        let _guard = POOL.lock().unwrap_or_else(|e| e.into_inner());
        start_pool(3);
        for n in [(1 << 18) + 5, 1_000_003] {
            let x: Vec<f32> = (0..n).map(|i| test_value(i) as f32).collect();
            let run = |threads: usize| {
                set_threads(threads);
                let mut exp = vec![0.0f32; n];
                crate::kernels::unary(crate::kernels::UnaryKind::Exp, &x, &mut exp);
                let mut sum = [0.0f32];
                crate::kernels::reduce_sum(&x, &[n], &[0], &mut sum);
                (exp.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), sum[0].to_bits())
            };
            assert!(run(3) == run(1), "{n} values: the bits differ with three threads");
        }
        // Sums over the outer axis: one strip of columns split by rows, two strips split by rows
        // (32 tasks), many strips, and many strips of few rows.
        for (rows, cols) in [(100_000, 8), (40_000, 100), (300, 1000), (4, 100_000)] {
            let x: Vec<f32> = (0..rows * cols).map(|i| test_value(i) as f32).collect();
            let run = |threads: usize| {
                set_threads(threads);
                let mut sums = vec![0.0f32; cols];
                crate::kernels::reduce_sum(&x, &[rows, cols], &[0], &mut sums);
                sums.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
            };
            assert!(run(3) == run(1), "{rows}x{cols} summed over rows: the bits differ with three threads");
        }
        set_threads(1);
    }

    /// Row-wise folds (max, min, argmax, argmin, prod, all), softmax and log softmax over a team
    /// equal their one-thread results bit for bit: many short rows (row blocks), a few rows
    /// longer than a block, and long rows folded by chunks (one row, and three), with NaNs.
    #[test]
    fn row_kernels_shared_among_threads_equal_the_one_thread_results() {
        let _guard = POOL.lock().unwrap_or_else(|e| e.into_inner());
        start_pool(3);
        for (rows, n) in [(30_000, 10), (5, 70_001), (1, 1_000_003), (3, 300_007)] {
            let mut x: Vec<f32> = (0..rows * n).map(|i| test_value(i) as f32).collect();
            let mut with_nans = x.clone();
            for i in (n / 3..x.len()).step_by(n) {
                with_nans[i] = f32::NAN;
            }
            let run = |threads: usize, x: &[f32]| {
                set_threads(threads);
                let mut bits = Vec::new();
                for max in [true, false] {
                    let mut extremes = vec![0.0f32; rows];
                    crate::kernels::extreme_rows(x, n, &mut extremes, max);
                    let mut indices = vec![0i32; rows];
                    crate::kernels::arg_rows(x, n, &mut indices, max);
                    bits.extend(extremes.iter().map(|v| v.to_bits()));
                    bits.extend(indices.iter().map(|&i| i as u32));
                }
                let mut products = vec![0.0f32; rows];
                crate::kernels::reduce_rows(x, n, &mut products, 1.0, |a, b| a * b);
                bits.extend(products.iter().map(|v| v.to_bits()));
                for log in [false, true] {
                    let mut soft = vec![0.0f32; x.len()];
                    crate::kernels::softmax_rows(x, n, &mut soft, log);
                    bits.extend(soft.iter().map(|v| v.to_bits()));
                }
                bits
            };
            for x in [&x, &with_nans] {
                assert!(run(3, x) == run(1, x), "{rows} rows of {n}: the bits differ with three threads");
            }
            // The folds find what a plain scan finds.
            x[rows * n / 2] = 1e6;
            let (mut indices, mut extremes) = (vec![0i32; rows], vec![0.0f32; rows]);
            crate::kernels::arg_rows(&x, n, &mut indices, true);
            crate::kernels::extreme_rows(&x, n, &mut extremes, false);
            assert_eq!(indices[rows / 2] as usize, rows * n / 2 - rows / 2 * n, "{rows} rows of {n}: argmax");
            for (row, &min) in x.chunks_exact(n).zip(&extremes) {
                assert_eq!(min, row.iter().fold(f32::INFINITY, |m, &v| m.min(v)), "{rows} rows of {n}: min");
            }
            // Zeros of both signs in different chunks: -0 is below +0, whichever comes first.
            if n >= 1 << 18 {
                let mut zeros = vec![-1.0f32; n];
                (zeros[5], zeros[n - 5]) = (-0.0, 0.0);
                for order in [false, true] {
                    if order {
                        zeros.swap(5, n - 5);
                    }
                    let (mut top, mut bottom) = ([0.0f32], [0.0f32]);
                    crate::kernels::extreme_rows(&zeros, n, &mut top, true);
                    zeros.iter_mut().for_each(|v| if *v == -1.0 { *v = 1.0 });
                    crate::kernels::extreme_rows(&zeros, n, &mut bottom, false);
                    zeros.iter_mut().for_each(|v| if *v == 1.0 { *v = -1.0 });
                    assert_eq!((top[0].to_bits(), bottom[0].to_bits()), (0.0f32.to_bits(), (-0.0f32).to_bits()), "{n}: max and min of ±0");
                }
            }
        }
        set_threads(1);
    }

    /// The kernels along a middle axis ([outer, n, inner]: argmax and argmin, running sums and
    /// products, softmax) over a team equal the one-thread results bit for bit, and a plain walk
    /// of each lane.
    #[test]
    fn lane_kernels_shared_among_threads_equal_the_one_thread_results() {
        let _guard = POOL.lock().unwrap_or_else(|e| e.into_inner());
        start_pool(3);
        // Lanes of many slabs, lanes longer than a task's block, and one slab of long strided lanes.
        for (outer, n, inner) in [(70_000, 4, 1), (3, 100_003, 1), (1, 300, 1_001), (5, 7, 9_001)] {
            let mut x: Vec<f64> = (0..outer * n * inner).map(test_value).collect();
            x[outer * n * inner / 3] = f64::NAN;
            let run = |threads: usize| {
                set_threads(threads);
                let mut bits = Vec::new();
                for max in [true, false] {
                    let mut indices = vec![0i32; outer * inner];
                    crate::kernels::argreduce(&x, outer, n, inner, max, &mut indices);
                    bits.extend(indices.iter().map(|&i| i as u64));
                }
                for (product, exclusive, reverse) in [(false, false, false), (true, true, false), (false, true, true)] {
                    let mut running = vec![0.0; x.len()];
                    crate::kernels::cumulative(&x, outer, n, inner, product, exclusive, reverse, &mut running);
                    bits.extend(running.iter().map(|v| v.to_bits()));
                }
                let mut soft = vec![0.0; x.len()];
                crate::kernels::softmax_lanes(&x, outer, n, inner, &mut soft, false);
                bits.extend(soft.iter().map(|v| v.to_bits()));
                crate::kernels::softmax_lanes(&x, outer, n, inner, &mut soft, true);
                bits.extend(soft.iter().map(|v| v.to_bits()));
                bits
            };
            let one = run(1);
            assert!(run(3) == one, "[{outer}, {n}, {inner}]: the bits differ with three threads");
            // Lanes walked one by one, by hand (the kernels walk blocks of lanes side by side, on
            // three threads): the running sum, the argmax and the softmax.
            set_threads(3);
            let (mut running, mut soft, mut indices) = (vec![0.0; x.len()], vec![0.0; x.len()], vec![0i32; outer * inner]);
            crate::kernels::cumulative(&x, outer, n, inner, false, false, false, &mut running);
            crate::kernels::softmax_lanes(&x, outer, n, inner, &mut soft, false);
            crate::kernels::argreduce(&x, outer, n, inner, true, &mut indices);
            let nan_lane = outer * n * inner / 3 / (n * inner) * inner + outer * n * inner / 3 % inner;
            for lane in (0..outer * inner).step_by(97).chain([nan_lane]) {
                let at = |j: usize| lane / inner * n * inner + lane % inner + j * inner;
                let (mut sum, mut max, mut best) = (0.0, f64::NEG_INFINITY, 0);
                for j in 0..n {
                    sum += x[at(j)];
                    assert_eq!(running[at(j)].to_bits(), sum.to_bits(), "[{outer}, {n}, {inner}]: lane {lane}, running sum {j}");
                    if x[at(j)] > max || x[at(j)].is_nan() {
                        max = x[at(j)];
                    }
                    if !x[at(best)].is_nan() && (x[at(j)].is_nan() || x[at(j)] > x[at(best)]) {
                        best = j;
                    }
                }
                // (The kernel's exp is the lanes' polynomial, libm's here: a few ulps apart.)
                let total: f64 = (0..n).map(|j| (x[at(j)] - max).exp()).sum();
                for j in 0..n {
                    let expected = (x[at(j)] - max).exp() / total;
                    let (got, error) = (soft[at(j)], (soft[at(j)] - expected).abs());
                    assert!(got.to_bits() == expected.to_bits() || error <= 1e-14 * expected.abs(), "[{outer}, {n}, {inner}]: lane {lane}, softmax {j}: {got} vs {expected}");
                }
                assert_eq!(indices[lane] as usize, best, "[{outer}, {n}, {inner}]: lane {lane}, argmax");
            }
        }
        set_threads(1);
    }

    /// An elementwise optimizer's update of a large variable over a team equals the one-thread
    /// update bit for bit, for the variable and every slot.
    #[test]
    fn large_optimizer_updates_shared_among_threads_equal_the_one_thread_updates() {
        use crate::optim::{apply, BaseStep, GradientClip, Optimizer, StepConstants, StepInfo};
        let _guard = POOL.lock().unwrap_or_else(|e| e.into_inner());
        start_pool(3);
        let n = 300_007;
        // Adam with amsgrad (three slots), RMSprop with momentum and centered (three), SGD with
        // momentum (one), Ftrl (two, pow per element).
        let optimizers = [
            Optimizer::decode(1, &[0.9, 0.999, 1e-7, 1.0]).unwrap(),
            Optimizer::decode(3, &[0.9, 0.5, 1e-7, 1.0]).unwrap(),
            Optimizer::decode(0, &[0.9, 1.0]).unwrap(),
            Optimizer::decode(8, &[-0.5, 0.1, 0.01, 0.01, 0.0, 0.0]).unwrap(),
        ];
        for optimizer in &optimizers {
            let run = |threads: usize| {
                set_threads(threads);
                let mut w: Vec<f32> = (0..n).map(|i| test_value(i) as f32).collect();
                let g: Vec<f32> = (0..n).map(|i| test_value(i + 5) as f32).collect();
                let mut slots: Vec<Vec<f32>> = optimizer.slots().iter().map(|s| vec![s.initial as f32; n]).collect();
                for step in 1..=3 {
                    let mut views: Vec<&mut [f32]> = slots.iter_mut().map(|s| s.as_mut_slice()).collect();
                    let info = StepInfo { lr: 0.01, step: step as f64, shape: &[n], variant: 0, constants: &StepConstants::default() };
                    apply(optimizer, &optimizer.slots(), &mut w, &g, &mut views, info, BaseStep { clip: GradientClip::None, weight_decay: None }).unwrap();
                }
                let mut bits: Vec<u32> = w.iter().map(|v| v.to_bits()).collect();
                for s in &slots {
                    bits.extend(s.iter().map(|v| v.to_bits()));
                }
                bits
            };
            assert!(run(3) == run(1), "{}: the bits differ with three threads", optimizer.name());
        }
        set_threads(1);
    }

    /// Large transposes over a team equal their one-thread copies, and a plain index walk: a 2-D
    /// transpose, a 3-D one that merges to 2-D, and gathers with contiguous and strided runs.
    #[test]
    fn transposes_shared_among_threads_equal_the_one_thread_copies() {
        let _guard = POOL.lock().unwrap_or_else(|e| e.into_inner());
        start_pool(3);
        for (shape, perm) in [
            (vec![700, 600], vec![1, 0]),
            (vec![40, 50, 300], vec![2, 0, 1]),
            (vec![60, 70, 80], vec![1, 0, 2]),
            (vec![30, 40, 500], vec![2, 1, 0]),
        ] {
            let n: usize = shape.iter().product();
            let x: Vec<f32> = (0..n).map(|i| i as f32).collect();
            let run = |threads: usize| {
                set_threads(threads);
                let mut out = vec![0.0f32; n];
                crate::kernels::transpose(&x, &shape, &perm, &mut out);
                out
            };
            let (one, three) = (run(1), run(3));
            assert!(one == three, "{shape:?} by {perm:?}: the copies differ with three threads");
            // Output element (i0, i1, ...) over the permuted dims is input element i at perm.
            let out_shape: Vec<usize> = perm.iter().map(|&p| shape[p]).collect();
            for (flat, &v) in three.iter().enumerate().step_by(997) {
                let (mut rest, mut input) = (flat, vec![0; shape.len()]);
                for d in (0..out_shape.len()).rev() {
                    input[perm[d]] = rest % out_shape[d];
                    rest /= out_shape[d];
                }
                let at = input.iter().zip(&shape).fold(0, |a, (&i, &s)| a * s + i);
                assert_eq!(v, at as f32, "{shape:?} by {perm:?}: element {flat}");
            }
        }
        set_threads(1);
    }
}
