//! Generated code for small fused chains: a chain whose every instruction has a WebAssembly form
//! that gives the interpreted pass's bits becomes one function, straight-line over four rows at a
//! time, with its values in locals. The host (JavaScript) compiles the program's functions into a
//! module on gradtape's memory and puts them in the function table (protocol item 13); a run of
//! the chain then calls its function instead of interpreting the instructions chunk by chunk,
//! which in V8's baseline tiers (a training loop's first thousands of steps) costs a fraction.
//!
//! A generated function reads one argument: the address of an array of u32 addresses, in the order
//! `for_each_slot` gives (the data of each operand from outside the chain, and each written value's
//! buffer), which `run_typed` fills at every run. It computes what `run_typed`'s pass computes, in
//! the same order, so its results are the same bits:
//! - add, subtract, multiply, divide, negate, abs, square (x·x), sqrt and the squared difference are
//!   IEEE operations in both; relu, step, sign, maximum and minimum are comparisons and selections,
//!   in the lane forms' order (a NaN operand gives a NaN, whose payload may differ, as between the
//!   kernels' vector body and scalar tail);
//! - a row dot of rows shorter than a vector adds its products in order from +0
//!   (`gemv_rows_in_scalars`); of rows of one to four vectors and a tail (`gemv_short_rows_of`),
//!   each lane adds its products vector by vector from the first product, the lanes are summed as
//!   `Simd::sum_lanes` does ((l0 + l1) + (l2 + l3) for float32), and the tail's products, added in
//!   order from +0, are added to that, on every row when there is a tail and on the last rows (the
//!   rows after the last whole group of lanes, as the kernel's) always;
//! - a row sum adds x_i·row i in order from +0 (`gemv_columns_in_scalars`, `axpy`), or, where k is
//!   a multiple of the lanes and at most four vectors (`gemv_columns_in_registers`), in groups of four
//!   rows, acc + ((p0 + p1) + (p2 + p3)), counted from the first row, the last rows one by one; then
//!   that sum is added to a zero result, as `add_block_sum` adds a block's. A generated chain is
//!   never longer than one block (`kernels::SUM_BLOCK`);
//! - rows (of either product) of four vectors or more are not generated: a row dot's kernel sums
//!   them in another order (`dot`, four accumulators), and the code grows with each column.
//!
//! Any other instruction keeps the chain interpreted.

use super::{Fusion, Instruction, Source};
use crate::dtype::DType;
use crate::kernels::{simd::Simd, Element};
use crate::op::{BinaryKind, UnaryKind};
use crate::trace::wasm_module::{Body, Float, ValType, SELECT};
use crate::trace::Operand;

/// Chains of at most this many elements get generated code: beyond it a pass's arithmetic dwarfs
/// the interpreter's bookkeeping, and long chains run in blocks threads may share.
pub(in crate::trace) const GENERATED_MAX: usize = 4096;
const _: () = assert!(GENERATED_MAX <= crate::kernels::SUM_BLOCK, "a generated row sum is one block's");

/// Rows a generated function computes per iteration of its loop: a row sum's group.
const UNROLL: u32 = 4;
const _: () = assert!(UNROLL as usize == crate::kernels::COLUMN_GROUP);

/// An address the generated function reads from its argument array.
pub(in crate::trace) enum Slot<'a> {
    /// The data of an operand from outside the chain.
    Data(&'a Operand),
    /// The buffer instruction k writes.
    Output(usize),
}

/// What a slot holds for its instruction.
#[derive(Clone, Copy)]
pub(in crate::trace) enum Role {
    /// An operand from outside the chain, whole or broadcast.
    Source,
    /// A row product's matrix.
    Matrix,
    /// A row dot's vector.
    Vector,
    /// The buffer the instruction writes.
    Output,
}

/// Visits the addresses a generated function of `fusion` reads, in their order in its argument
/// array: for each instruction, its operands from outside the chain, then its buffer if it writes
/// one. `run_typed` writes the array in this order, and `body` reads it in this order.
pub(in crate::trace) fn for_each_slot<'a>(fusion: &'a Fusion, mut visit: impl FnMut(usize, Role, Slot<'a>)) {
    for (k, instruction) in fusion.instructions.iter().enumerate() {
        // (The matrix first, then the operands from outside the chain.)
        let operands: [Option<&'a Source>; 2] = match instruction {
            Instruction::Unary(_, x) | Instruction::Fill(x) => [Some(x), None],
            Instruction::Binary(_, a, b) => [Some(a), Some(b)],
            Instruction::RowDot { matrix, vector, .. } => {
                visit(k, Role::Matrix, Slot::Data(matrix));
                visit(k, Role::Vector, Slot::Data(vector));
                [None, None]
            }
            Instruction::RowSum { matrix, x, .. } => {
                visit(k, Role::Matrix, Slot::Data(matrix));
                [Some(x), None]
            }
        };
        for s in operands.into_iter().flatten() {
            if let Source::Whole(o) | Source::Broadcast(o) = s {
                visit(k, Role::Source, Slot::Data(o));
            }
        }
        if fusion.written.contains(&k) {
            visit(k, Role::Output, Slot::Output(k));
        }
    }
}

/// A chain's generated function, installed (`Program::set_generated`), and what its argument
/// array holds, entry by entry in `for_each_slot`'s order: worked out once, so that a run only
/// looks up each entry's address. (A clone of the program shares its constants, whose addresses
/// it holds.)
#[derive(Clone)]
pub(in crate::trace) struct Generated {
    /// The function's table index.
    pub(in crate::trace) index: u32,
    pub(in crate::trace) slots: Vec<ArgSlot>,
}

/// One entry of a generated chain's argument array.
#[derive(Clone, Copy)]
pub(in crate::trace) enum ArgSlot {
    /// The data of value v of the replay (an input, or a node's value outside the chain).
    Value(usize),
    /// The data of a constant of the chain, at this address (the program holds it, unchanged).
    Address(usize),
    /// The buffer instruction k writes.
    Output(usize),
}

impl Generated {
    pub(in crate::trace) fn new(fusion: &Fusion, index: u32) -> Generated {
        Generated { index, slots: arg_slots(fusion) }
    }
}

/// The entries of `fusion`'s argument array, in `for_each_slot`'s order.
pub(in crate::trace) fn arg_slots(fusion: &Fusion) -> Vec<ArgSlot> {
    let mut slots = Vec::new();
    for_each_slot(fusion, |_, _, slot| {
        slots.push(match slot {
            Slot::Data(Operand::Value(v)) => ArgSlot::Value(*v),
            Slot::Data(Operand::Constant(t)) => ArgSlot::Address(t.buf.as_ptr() as usize),
            Slot::Output(k) => ArgSlot::Output(k),
        })
    });
    slots
}

/// Where one instruction's operands and result are among the slots.
#[derive(Default)]
struct Uses {
    /// The slots of its operands from outside the chain (whole or broadcast), in operand order.
    sources: Vec<usize>,
    matrix: Option<usize>,
    vector: Option<usize>,
    output: Option<usize>,
}

/// How many slots `fusion`'s function reads, and where each instruction's are.
fn layout(fusion: &Fusion) -> (usize, Vec<Uses>) {
    let mut uses: Vec<Uses> = fusion.instructions.iter().map(|_| Uses::default()).collect();
    let mut count = 0;
    for_each_slot(fusion, |k, role, _| {
        let u = &mut uses[k];
        match role {
            Role::Source => u.sources.push(count),
            Role::Matrix => u.matrix = Some(count),
            Role::Vector => u.vector = Some(count),
            Role::Output => u.output = Some(count),
        }
        count += 1;
    });
    (count, uses)
}

/// Lanes of the kernels' vectors for `dtype` (which paths they take depends on it).
fn lanes(dtype: DType) -> usize {
    match dtype {
        DType::F32 => <<f32 as Element>::Lanes as Simd>::LANES,
        _ => <<f64 as Element>::Lanes as Simd>::LANES,
    }
}

/// Whether every instruction of `fusion` has a generated form (see the module documentation).
fn supported(fusion: &Fusion) -> bool {
    let size = crate::shape::size_of(&fusion.shape);
    if !(2..=GENERATED_MAX).contains(&size) || !matches!(fusion.dtype, DType::F32 | DType::F64) {
        return false;
    }
    let lanes = lanes(fusion.dtype);
    if ![1, 2, 4].contains(&lanes) {
        return false; // (the lanes' sums are written out for these widths)
    }
    fusion.instructions.iter().all(|i| match i {
        Instruction::Unary(kind, _) => matches!(
            kind,
            UnaryKind::Neg | UnaryKind::Abs | UnaryKind::Square | UnaryKind::Sqrt | UnaryKind::Relu | UnaryKind::Step | UnaryKind::Sign
        ),
        Instruction::Binary(kind, ..) => matches!(
            kind,
            BinaryKind::Add | BinaryKind::Sub | BinaryKind::Mul | BinaryKind::Div | BinaryKind::Maximum | BinaryKind::Minimum | BinaryKind::SquaredDifference
        ),
        Instruction::Fill(x) => matches!(x, Source::Broadcast(_)),
        Instruction::RowDot { k, .. } => *k < 4 * lanes,
        Instruction::RowSum { k, .. } => *k < 4 * lanes,
    })
}

/// The function body for `fusion`, or None when some instruction has no generated form.
pub(in crate::trace) fn body(fusion: &Fusion) -> Option<Body> {
    if !supported(fusion) {
        return None;
    }
    let f = Float::of(fusion.dtype);
    let size = crate::shape::size_of(&fusion.shape) as u32;
    let width = lanes(fusion.dtype) as u32; // the kernels' vector width
    let (count, uses) = layout(fusion);
    let mut b = Body::new();
    // Each slot's address (advanced row by row for data read per row), and each broadcast value.
    let cursor: Vec<u32> = (0..count).map(|_| b.local(ValType::I32)).collect();
    let mut row_bytes = vec![0u32; count]; // how far a slot's cursor moves per row
    let mut broadcast = vec![None; count];
    for (s, &c) in cursor.iter().enumerate() {
        b.get(0).i32_load(4 * s as u32).set(c);
    }
    for (instruction, uses) in fusion.instructions.iter().zip(&uses) {
        let operands: &[&Source] = match instruction {
            Instruction::Unary(_, x) | Instruction::Fill(x) | Instruction::RowSum { x, .. } => &[x],
            Instruction::Binary(_, x, y) => &[x, y],
            Instruction::RowDot { .. } => &[],
        };
        let mut next = uses.sources.iter();
        for s in operands {
            match s {
                Source::Whole(_) => row_bytes[*next.next().expect("a slot per operand")] = f.bytes,
                Source::Broadcast(_) => {
                    let slot = *next.next().expect("a slot per operand");
                    let value = b.local(f.t);
                    b.get(cursor[slot]).memory(f.load, f.align, 0).set(value);
                    broadcast[slot] = Some(value);
                }
                Source::Register(_) => {}
            }
        }
        if let Instruction::RowDot { k: cols, .. } | Instruction::RowSum { k: cols, .. } = instruction {
            row_bytes[uses.matrix.expect("a row product's matrix")] = *cols as u32 * f.bytes;
        }
        if let (Some(out), false) = (uses.output, matches!(instruction, Instruction::RowSum { .. })) {
            row_bytes[out] = f.bytes;
        }
    }
    // Registers, one per instruction; each row dot's vector, loaded once; each row sum's
    // accumulators (and, grouped, the products of a group's four rows).
    let register: Vec<u32> = fusion.instructions.iter().map(|_| b.local(f.t)).collect();
    let (scratch, other) = (b.local(f.t), b.local(f.t));
    let mut vectors: Vec<Vec<u32>> = vec![Vec::new(); fusion.instructions.len()];
    struct Sum {
        k: usize,
        cols: usize,
        grouped: bool,
        acc: Vec<u32>,
        products: Vec<Vec<u32>>,
    }
    let mut sums = Vec::new();
    for (k, (instruction, uses)) in fusion.instructions.iter().zip(&uses).enumerate() {
        match instruction {
            Instruction::RowDot { k: cols, .. } => {
                let vector = cursor[uses.vector.expect("a vector")];
                for c in 0..*cols as u32 {
                    let x = b.local(f.t);
                    b.get(vector).memory(f.load, f.align, c * f.bytes).set(x);
                    vectors[k].push(x);
                }
            }
            Instruction::RowSum { k: cols, .. } => {
                let grouped = (*cols as u32).is_multiple_of(width) && *cols as u32 <= 4 * width;
                let acc: Vec<u32> = (0..*cols).map(|_| b.local(f.t)).collect();
                for &a in &acc {
                    f.zero(&mut b);
                    b.set(a);
                }
                let products = if grouped { (0..UNROLL).map(|_| (0..*cols).map(|_| b.local(f.t)).collect()).collect() } else { Vec::new() };
                sums.push(Sum { k, cols: *cols, grouped, acc, products });
            }
            _ => {}
        }
    }

    // One row's instructions: row `t` from the cursors. `grouped`: in the loop over groups of four
    // rows (a grouped row sum keeps the products for the group's sum); `last`: one of the rows after
    // the last whole group of lanes.
    let row = |b: &mut Body, t: u32, grouped: bool, last: bool| {
        for (k, (instruction, uses)) in fusion.instructions.iter().zip(&uses).enumerate() {
            let mut next = uses.sources.iter();
            let mut value = |s: &Source, b: &mut Body| match s {
                Source::Register(r) => {
                    b.get(register[*r]);
                }
                Source::Whole(_) => {
                    let slot = *next.next().expect("a slot per operand");
                    b.get(cursor[slot]).memory(f.load, f.align, t * f.bytes);
                }
                Source::Broadcast(_) => {
                    let slot = *next.next().expect("a slot per operand");
                    b.get(broadcast[slot].expect("loaded before the loop"));
                }
            };
            match instruction {
                Instruction::Unary(kind, x) => {
                    value(x, b);
                    let v = scratch;
                    match kind {
                        UnaryKind::Neg => b.plain(f.neg),
                        UnaryKind::Abs => b.plain(f.abs),
                        UnaryKind::Sqrt => b.plain(f.sqrt),
                        // x < 0 ? 0 : x
                        UnaryKind::Relu => {
                            b.set(v);
                            f.zero(b);
                            b.get(v).get(v);
                            f.zero(b);
                            b.plain(f.lt).plain(SELECT)
                        }
                        // x > 0 ? 1 : 0
                        UnaryKind::Step => {
                            b.set(v);
                            f.constant(b, 1.0);
                            f.zero(b);
                            b.get(v);
                            f.zero(b);
                            b.plain(f.gt).plain(SELECT)
                        }
                        // x > 0 ? 1 : (x < 0 ? -1 : x)
                        UnaryKind::Sign => {
                            b.set(v);
                            f.constant(b, 1.0);
                            f.constant(b, -1.0);
                            b.get(v).get(v);
                            f.zero(b);
                            b.plain(f.lt).plain(SELECT).get(v);
                            f.zero(b);
                            b.plain(f.gt).plain(SELECT)
                        }
                        // x·x
                        UnaryKind::Square => b.set(v).get(v).get(v).plain(f.mul),
                        _ => unreachable!("`supported` admits no other unary kind"),
                    };
                }
                Instruction::Binary(kind, x, y) => {
                    value(x, b);
                    value(y, b);
                    let (p, q) = (scratch, other);
                    match kind {
                        BinaryKind::Add => b.plain(f.add),
                        BinaryKind::Sub => b.plain(f.sub),
                        BinaryKind::Mul => b.plain(f.mul),
                        BinaryKind::Div => b.plain(f.div),
                        // (a - b)·(a - b)
                        BinaryKind::SquaredDifference => b.plain(f.sub).set(p).get(p).get(p).plain(f.mul),
                        // As the lanes: q == q ? (p < q ? q : p) : q, and (q < p ? q : p) for the minimum.
                        BinaryKind::Maximum | BinaryKind::Minimum => {
                            b.set(q).set(p);
                            if *kind == BinaryKind::Maximum {
                                b.get(q).get(p).get(p).get(q);
                            } else {
                                b.get(q).get(p).get(q).get(p);
                            }
                            b.plain(f.lt).plain(SELECT).get(q).get(q).get(q).plain(f.eq).plain(SELECT)
                        }
                        _ => unreachable!("`supported` admits no other binary kind"),
                    };
                }
                Instruction::Fill(x) => value(x, b),
                Instruction::RowDot { k: cols, .. } => {
                    let (matrix, x) = (cursor[uses.matrix.expect("a matrix")], &vectors[k]);
                    let cols = *cols as u32;
                    // a[i][c]·x[c]
                    let product = |b: &mut Body, c: u32| {
                        b.get(matrix).memory(f.load, f.align, (t * cols + c) * f.bytes).get(x[c as usize]).plain(f.mul);
                    };
                    let whole = cols - cols % width; // the columns in whole vectors
                    if whole > 0 {
                        // Lane l: a[l]·x[l] + a[L + l]·x[L + l] + ...; then the lanes' sum.
                        let lane = |b: &mut Body, l: u32| {
                            product(b, l);
                            for v in (width..whole).step_by(width as usize) {
                                product(b, v + l);
                                b.plain(f.add);
                            }
                        };
                        match width {
                            1 => lane(b, 0),
                            2 => {
                                lane(b, 0);
                                lane(b, 1);
                                b.plain(f.add);
                            }
                            _ => {
                                // (l0 + l1) + (l2 + l3)
                                lane(b, 0);
                                lane(b, 1);
                                b.plain(f.add);
                                lane(b, 2);
                                lane(b, 3);
                                b.plain(f.add).plain(f.add);
                            }
                        }
                    }
                    if whole == 0 || whole < cols || last {
                        // The tail: ((0 + a_t·x_t) + ...), added to the lanes' sum.
                        f.zero(b);
                        for c in whole..cols {
                            product(b, c);
                            b.plain(f.add);
                        }
                        if whole > 0 {
                            b.plain(f.add);
                        }
                    }
                }
                Instruction::RowSum { x, .. } => {
                    let sum = sums.iter().find(|s| s.k == k).expect("a row sum's accumulators");
                    let matrix = cursor[uses.matrix.expect("a matrix")];
                    value(x, b);
                    b.set(scratch);
                    for (j, &acc) in sum.acc.iter().enumerate() {
                        // x_i · a[i][j], kept for the group's sum, or added: acc + x_i · a[i][j]
                        let product = |b: &mut Body| {
                            b.get(scratch).get(matrix).memory(f.load, f.align, (t * sum.cols as u32 + j as u32) * f.bytes).plain(f.mul);
                        };
                        if grouped && sum.grouped {
                            product(b);
                            b.set(sum.products[t as usize][j]);
                        } else {
                            b.get(acc);
                            product(b);
                            b.plain(f.add).set(acc);
                        }
                    }
                    continue;
                }
            }
            b.set(register[k]);
            if let Some(out) = uses.output {
                b.get(cursor[out]).get(register[k]).memory(f.store, f.align, t * f.bytes);
            }
        }
    };
    let advance = |b: &mut Body, rows: u32| {
        for (s, &c) in cursor.iter().enumerate() {
            if row_bytes[s] != 0 {
                b.get(c).i32_const((rows * row_bytes[s]) as i32).i32_add().set(c);
            }
        }
    };

    let groups = size / UNROLL;
    if groups > 0 {
        let count = b.local(ValType::I32);
        b.i32_const(0).set(count);
        b.loop_start();
        for t in 0..UNROLL {
            row(&mut b, t, true, false);
        }
        for sum in sums.iter().filter(|s| s.grouped) {
            for (j, &acc) in sum.acc.iter().enumerate() {
                // acc + ((p0 + p1) + (p2 + p3))
                let p = |t: usize| sum.products[t][j];
                b.get(acc);
                b.get(p(0)).get(p(1)).plain(f.add);
                b.get(p(2)).get(p(3)).plain(f.add);
                b.plain(f.add).plain(f.add).set(acc);
            }
        }
        advance(&mut b, UNROLL);
        b.get(count).i32_const(1).i32_add().set(count);
        b.get(count).i32_const(groups as i32).i32_lt_u();
        b.loop_end_if();
    }
    let tail = size % UNROLL;
    for t in 0..tail {
        row(&mut b, t, false, t >= tail - size % width); // the last rows
    }
    // Each row sum: its block's sum added to a zero result.
    for sum in &sums {
        let out = cursor[uses[sum.k].output.expect("a row sum is written")];
        for j in 0..sum.cols {
            b.get(out);
            f.zero(&mut b);
            b.get(sum.acc[j]).plain(f.add).memory(f.store, f.align, j as u32 * f.bytes);
        }
    }
    Some(b)
}

/// Calls the generated function at function-table index `index` on the argument array at `args`.
///
/// SAFETY: the caller checked that `index` holds a function of this chain's generated module
/// (`Program::set_generated`), and `args` holds an address for each of its slots, each with the
/// data the slot needs.
#[cfg(target_arch = "wasm32")]
pub(in crate::trace) unsafe fn call(index: u32, args: *const u32) {
    // On wasm32 a function pointer is its table index.
    let function: extern "C" fn(*const u32) = core::mem::transmute(index as usize);
    function(args)
}

#[cfg(not(target_arch = "wasm32"))]
pub(in crate::trace) unsafe fn call(_: u32, _: *const u32) {
    unreachable!("generated functions run only in wasm, where the host installs them")
}
