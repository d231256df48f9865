//! Heap allocations of a small training step (the tutorial's: x @ w, y - p, square, sum, and the
//! gradient), eagerly and replayed from a trace, counted per thread by a counting global
//! allocator in this test binary. An allocation costs
//! about as much as a small kernel in wasm, so a change that adds some to every op or every
//! gradient should be a decision, not an accident. The bounds are today's counts.

use gradtape_core::dtype::Buffer;
use gradtape_core::kernels::parallel;
use gradtape_core::op::{ArgKind, BinaryKind, CumulativeKind, Op, ReduceKind, UnaryKind};
use gradtape_core::ops::ScalarOp;
use gradtape_core::trace::{Progress, Replay, ReplayIo};
use gradtape_core::{DType, Engine, Step, TapeId, Tensor, CONSTANT_ID};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

thread_local! {
    /// Allocations made by this thread (the tests of this binary run on threads of their own).
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    /// Whether this thread is a kernel worker (`kernels::parallel`).
    static WORKER: Cell<bool> = const { Cell::new(false) };
}

/// Allocations made by kernel workers.
static WORKER_ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

fn count_one() {
    ALLOCATIONS.with(|n| n.set(n.get() + 1));
    if WORKER.with(Cell::get) {
        WORKER_ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
    }
}

// SAFETY: System's allocator, with a count.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        count_one();
        unsafe { System.realloc(ptr, layout, size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// Allocations made by `f` on this thread.
fn counted<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let r = f();
    (r, ALLOCATIONS.with(Cell::get) - before)
}

/// The tutorial's data: x [20, 3], y [20, 1] and the weights w [3, 1].
fn tutorial_data() -> (Tensor, Tensor, Tensor) {
    let x = Tensor::new(vec![20, 3], Buffer::F32(vec![0.5; 60]));
    let y = Tensor::new(vec![20, 1], Buffer::F32(vec![0.25; 20]));
    let w = Tensor::new(vec![3, 1], Buffer::F32(vec![0.1; 3]));
    (x, y, w)
}

/// Records the tutorial's loss, sum((y - x @ w)²), on a new non-persistent tape watching w.
/// Returns the tape (no longer recording), the loss, and the allocations of each of its four ops.
fn record_loss(e: &mut Engine, x: &Tensor, y: &Tensor, w: &Tensor) -> (TapeId, Tensor, [usize; 4]) {
    let tape = e.new_tape(false).unwrap();
    e.push_tape(tape).unwrap();
    e.watch(tape, w).unwrap();
    let (p, matmul) = counted(|| e.apply(Op::MatMul { transpose_a: false, transpose_b: false }, &[x, w]).unwrap());
    let (d, sub) = counted(|| e.apply(Op::Binary { kind: BinaryKind::Sub }, &[y, &p]).unwrap());
    let (s, square) = counted(|| e.apply(Op::Unary { kind: UnaryKind::Square }, &[&d]).unwrap());
    let (loss, sum) = counted(|| e.apply(Op::Reduce { kind: ReduceKind::Sum, axes: vec![0, 1], keepdims: false }, &[&s]).unwrap());
    e.pop_tape(tape).unwrap();
    (tape, loss, [matmul, sub, square, sum])
}

#[test]
fn a_small_training_step_allocates_little() {
    let mut e = Engine::new();
    let (x, y, w) = tutorial_data();
    // The first step grows the engine's tables, the second traces the gradient's plan (see
    // `gradient_plans`) and the third makes its replay's storage; the bounds are for the steps
    // after them, whose gradients replay the plan.
    for step in 0..5 {
        let (tape, loss, [matmul, sub, square, sum]) = record_loss(&mut e, &x, &y, &w);
        let (grads, gradient) = counted(|| e.gradient(tape, std::slice::from_ref(&loss), std::slice::from_ref(&w), &[None]).unwrap());
        assert_eq!(grads[0].as_ref().map(|g| g.shape.to_vec()), Some(vec![3, 1]));
        e.free_tape(tape).unwrap();
        if step < 3 {
            continue;
        }
        // Each recorded op: its output's data and shared buffer, and its tape node's input list
        // (shapes up to rank 2 are held inline: the output's and the copies the node keeps cost
        // none); sum also copies its axes into its op, which the node then takes (the innermost
        // tape takes the op itself). The tape's node list and table of tracked ids are the last
        // used-up tape's, emptied (no growth). (Nodes holding two inputs inline made no list, but
        // the larger nodes made the steps 8-15% slower in wasm, where moving them is a
        // `memory.copy`.)
        assert!(matmul <= 3 && sub <= 3 && square <= 3, "step {step}: matmul {matmul}, sub {sub}, square {square} allocations");
        assert!(sum <= 5, "step {step}: sum {sum} allocations");
        // The replay: the gradient's data and shared buffer, and the list of gradients.
        assert!(gradient <= 3, "step {step}: gradient {gradient} allocations");
    }
}

#[test]
fn a_replayed_training_step_allocates_little() {
    let mut e = Engine::new();
    let (x, y, w) = tutorial_data();
    // The tutorial's loss and its gradient, traced as a program of w.
    e.trace_begin(std::slice::from_ref(&w)).unwrap();
    let (tape, loss, _) = record_loss(&mut e, &x, &y, &w);
    e.trace_mark(&loss).unwrap();
    let grads = e.gradient(tape, std::slice::from_ref(&loss), std::slice::from_ref(&w), &[None]).unwrap();
    let program = e.trace_end(&[grads[0].clone().unwrap()]).unwrap();
    for call in 0..3 {
        let ((), replayed) = counted(|| {
            let mut replay = e.replay_start(&program, vec![w.clone()]).unwrap();
            e.replay_finish(&program, &mut replay).unwrap();
        });
        // A replay still allocates each node's output (data, shared buffer) and a fused chain's
        // bookkeeping (its tables, kept by a replay that runs again, as tf.function's does); a
        // replay with buffers planned per program would make none.
        assert!(replayed <= 27, "call {call}: a replay made {replayed} allocations");
    }
}

/// The variable read by a compiled training step, as the wasm layer's handle table serves it.
struct Variable(Tensor);

impl ReplayIo for Variable {
    fn read(&mut self, _: usize) -> gradtape_core::Result<Tensor> {
        Ok(self.0.clone())
    }
    fn write(&mut self, _: usize, value: &Tensor) -> gradtape_core::Result<()> {
        self.0.buf = value.buf.clone();
        Ok(())
    }
}

#[test]
fn a_compiled_training_step_restarted_allocates_almost_nothing() {
    let mut e = Engine::new();
    let (x, y, w) = tutorial_data();
    // tf.function's tutorial step: read w, the loss and its gradient, and the optimizer's host
    // step on the gradient (the loss is not returned, so the program does not compute it).
    e.trace_begin(&[]).unwrap();
    e.trace_read(0, &w);
    let (tape, loss, _) = record_loss(&mut e, &x, &y, &w);
    let grads = e.gradient(tape, std::slice::from_ref(&loss), std::slice::from_ref(&w), &[None]).unwrap();
    e.trace_host(1, &[grads[0].clone().unwrap()], &[w.id]).unwrap();
    e.trace_pause(false);
    let program = e.trace_finish(&[]).unwrap();
    let mut variable = Variable(w.clone());
    let mut replay = Replay::new(&program, &[]).unwrap();
    for call in 0..4 {
        let ((), restarted) = counted(|| replay.restart(&program, &[]).unwrap());
        let (paused, to_host_step) = counted(|| e.replay_run(&program, &mut replay, &mut variable).unwrap());
        let Progress::Host { node, .. } = paused else { panic!("no host step") };
        assert_eq!(replay.host_operands(&program, node).next().unwrap().shape, vec![3, 1]);
        let (done, to_end) = counted(|| e.replay_run(&program, &mut replay, &mut variable).unwrap());
        assert_eq!(done, Progress::Done);
        replay.clear();
        // The first call makes the chain's workspace and the gradient's buffer; later calls write
        // the gradient into the buffer the last one gave back, and the read of w clones its
        // shape, held inline: nothing is allocated.
        if call > 0 {
            let replayed = restarted + to_host_step + to_end;
            assert_eq!(replayed, 0, "call {call}: a restarted replay made {replayed} allocations");
        }
    }
}

/// A kernel worker: a native thread marked as one.
fn start_worker(index: usize) {
    std::thread::spawn(move || {
        WORKER.with(|w| w.set(true));
        parallel::worker_main(index)
    });
}

#[test]
fn kernel_tasks_on_workers_allocate_nothing() {
    // The wasm allocator is not thread-safe: the tasks kernels give workers must not allocate.
    // Every kind of splitting kernel, on inputs large enough to split, over three threads.
    parallel::set_worker_starter(start_worker);
    parallel::set_threads(3);
    while parallel::workers() < 2 {
        drop(parallel::team(2, true));
        std::thread::yield_now();
    }
    let mut e = Engine::new();
    let filled = |shape: Vec<usize>| {
        let n = shape.iter().product::<usize>();
        Tensor::new(shape, Buffer::F64((0..n).map(|i| ((i * 7919 % 1009) as f64 - 504.0) / 97.0).collect()))
    };
    let (a, b) = (filled(vec![300, 400]), filled(vec![400, 300]));
    let long = filled(vec![400_000]);
    let rows = filled(vec![3_000, 100]);
    let cube = filled(vec![60, 70, 80]);
    let (x, v) = (filled(vec![70_001, 8]), filled(vec![8, 1]));
    let ops: Vec<(Op, Vec<&Tensor>)> = vec![
        (Op::MatMul { transpose_a: false, transpose_b: false }, vec![&a, &b]),
        (Op::MatMul { transpose_a: true, transpose_b: true }, vec![&a, &b]),
        (Op::Binary { kind: BinaryKind::Add }, vec![&long, &long]),
        (Op::Unary { kind: UnaryKind::Exp }, vec![&long]),
        (Op::Reduce { kind: ReduceKind::Sum, axes: vec![0], keepdims: false }, vec![&long]),
        (Op::Reduce { kind: ReduceKind::Max, axes: vec![0], keepdims: false }, vec![&long]),
        (Op::Reduce { kind: ReduceKind::Sum, axes: vec![0], keepdims: false }, vec![&rows]),
        (Op::Reduce { kind: ReduceKind::Max, axes: vec![1], keepdims: false }, vec![&rows]),
        (Op::ArgReduce { kind: ArgKind::Max, axis: 0 }, vec![&long]),
        (Op::ArgReduce { kind: ArgKind::Min, axis: 1 }, vec![&cube]),
        (Op::Cumulative { kind: CumulativeKind::Sum, axis: 0, exclusive: false, reverse: false }, vec![&rows]),
        (Op::Softmax { axis: 1 }, vec![&rows]),
        (Op::Softmax { axis: 0 }, vec![&rows]),
        (Op::LogSoftmax { axis: 1 }, vec![&cube]),
        (Op::Transpose { perm: vec![1, 0, 2] }, vec![&cube]),
        (Op::MatMul { transpose_a: false, transpose_b: false }, vec![&x, &v]),
    ];
    for (op, inputs) in ops {
        let before = WORKER_ALLOCATIONS.load(Ordering::Relaxed);
        let name = format!("{op:?}");
        e.apply(op, &inputs).unwrap();
        assert_eq!(WORKER_ALLOCATIONS.load(Ordering::Relaxed), before, "{name}: a task allocated on a worker");
    }
    // A fused chain with row sums (a least-squares loss and gradient, replayed), long enough to split.
    let y = filled(vec![70_001, 1]);
    e.trace_begin(std::slice::from_ref(&v)).unwrap();
    let (tape, loss, _) = record_loss(&mut e, &x, &y, &v);
    e.trace_mark(&loss).unwrap();
    let grads = e.gradient(tape, std::slice::from_ref(&loss), std::slice::from_ref(&v), &[None]).unwrap();
    let program = e.trace_end(&[grads[0].clone().unwrap()]).unwrap();
    let before = WORKER_ALLOCATIONS.load(Ordering::Relaxed);
    let mut replay = e.replay_start(&program, vec![v.clone()]).unwrap();
    e.replay_finish(&program, &mut replay).unwrap();
    assert_eq!(WORKER_ALLOCATIONS.load(Ordering::Relaxed), before, "a fused chain's task allocated on a worker");
    parallel::set_threads(1);
}

#[test]
fn a_reshape_to_rank_2_or_less_allocates_nothing_for_its_shape() {
    let mut e = Engine::new();
    let (x, _, _) = tutorial_data();
    for target in [vec![60], vec![3, 20], vec![60, 1]] {
        // A reshape shares the data, and its shape is held inline: what is left is the op's own
        // copy of its parameter.
        let (reshaped, made) = counted(|| e.reshape(&x, &target).unwrap());
        assert_eq!(reshaped.shape, target);
        assert!(made <= 1, "reshape [20, 3] -> {target:?} made {made} allocations");
    }
}

/// One op of a scalar tape as JavaScript records it (`gt_op_recorded_values`): operands are
/// variables (tensors), values JavaScript holds under a tape id, or constants; the result is a
/// value under a new id.
enum Scalar<'a> {
    Var(&'a Tensor),
    Held(u64, f64),
    Const(f64),
}

fn record_scalar(e: &mut Engine, kind: BinaryKind, a: Scalar, b: Scalar) -> Scalar<'static> {
    let operand = |s: Scalar| match s {
        Scalar::Var(t) => (t.id, t.buf.get_f64(0)),
        Scalar::Held(id, v) => (id, v),
        Scalar::Const(v) => (CONSTANT_ID, v),
    };
    let (x, y) = (operand(a), operand(b));
    let value = kind.scalar(x.1, y.1);
    Scalar::Held(e.record_scalar(ScalarOp::Binary(kind, kind.spec_row().2), DType::F64, &[x, y], value).unwrap(), value)
}

#[test]
fn a_scalar_training_step_allocates_little() {
    use BinaryKind::{Add, Mul, Sub};
    let mut e = Engine::new();
    let vars: Vec<Tensor> = [1.0, 2.0, 3.0, 4.0].iter().map(|&v| Tensor::scalar(DType::F64, v)).collect();
    for step in 0..3 {
        let tape = e.new_tape(false).unwrap();
        e.push_tape(tape).unwrap();
        for v in &vars {
            e.watch(tape, v).unwrap();
        }
        let [a, b, c, d] = [&vars[0], &vars[1], &vars[2], &vars[3]];
        // The tutorial's puzzle: (a + b - 9)² + (c - d - 1)² + (a + c - 8)² + (b - d - 2)².
        let (loss, record) = counted(|| {
            let mut squares = Vec::new();
            for (p, q, k, kind) in [(a, b, 9.0, Add), (c, d, 1.0, Sub), (a, c, 8.0, Add), (b, d, 2.0, Sub)] {
                let s = record_scalar(&mut e, kind, Scalar::Var(p), Scalar::Var(q));
                let Scalar::Held(id, v) = record_scalar(&mut e, Sub, s, Scalar::Const(k)) else { unreachable!() };
                squares.push(record_scalar(&mut e, Mul, Scalar::Held(id, v), Scalar::Held(id, v)));
            }
            let mut squares = squares.into_iter();
            let first = squares.next().unwrap();
            squares.fold(first, |total, s| record_scalar(&mut e, Add, total, s))
        });
        e.pop_tape(tape).unwrap();
        let Scalar::Held(loss_id, loss_value) = loss else { unreachable!() };
        let loss = Tensor::scalar_with_id(loss_id, DType::F64, loss_value);
        // (As JavaScript asks: `gradient_start`, whose values it holds as they are.)
        let (step_result, gradient) = counted(|| e.gradient_start(tape, std::slice::from_ref(&loss), &vars, &[None]).unwrap());
        let Step::Values(grads) = step_result else { panic!("a record of scalar nodes is swept on values") };
        assert_eq!(grads.iter().map(|g| g.unwrap().1).collect::<Vec<_>>(), [-20.0, -20.0, -12.0, 12.0]); // 2(y1 + y3), 2(y1 + y4), 2(y2 + y3), -2(y2 + y4)
        e.free_tape(tape).unwrap();
        if step == 0 {
            continue;
        }
        // Recording keeps values only (scalar nodes): this test's list of the squares is all
        // (the tape's lists and table are the last used-up tape's). The gradient sweeps on values
        // (its tables are the last sweep's) and makes the list of the results.
        assert!(record <= 1, "step {step}: recording 15 scalar ops made {record} allocations");
        assert!(gradient <= 1, "step {step}: the gradient made {gradient} allocations");
    }
}
