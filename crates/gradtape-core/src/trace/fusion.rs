//! Fused elementwise chains: consecutive nodes of a program that apply unary or binary
//! elementwise ops to values of one shape and float dtype run as one pass over the data, a chunk
//! at a time, instead of one pass (and one new buffer) per op.
//!
//! A value that only other nodes of the chain read lives in a chunk-sized register and is never
//! stored whole; a value read after the chain, or returned, is written to a buffer of its own.
//! An operand from outside the chain is either whole (the chain's size) or one value broadcast
//! to all (size 1); any other broadcast ends the chain. `broadcastTo` of one value (the gradient
//! of a mean or a sum) joins a chain as a fill.
//!
//! Each op runs on each chunk with the same kernel as unfused, and the kernels compute every
//! element independently of its position (their SIMD body and tail run one algorithm), so fused
//! results equal unfused ones bit for bit.

use super::{Operand, ProgramNode, Step};
use crate::dtype::{Buffer, DType};
use crate::error::Result;
use crate::kernels::{self, Element};
use crate::op::{BinaryKind, Op, OutDType, UnaryKind};
use crate::ops::Meta;
use crate::tensor::Tensor;
use core::mem::MaybeUninit;
use std::rc::Rc;

/// Elements per chunk: registers of a long chain stay in the L1 and L2 caches.
const CHUNK: usize = 512;

/// Where an instruction's operand comes from.
#[derive(Clone)]
enum Source {
    /// The result of instruction k of the chain.
    Register(usize),
    /// A value from outside the chain, whole.
    Whole(Operand),
    /// A value from outside the chain of one element, broadcast.
    Broadcast(Operand),
}

#[derive(Clone)]
enum Instruction {
    Unary(UnaryKind, Source),
    Binary(BinaryKind, Source, Source),
    /// `broadcastTo` of one value (a mean's or sum's gradient spread over its input).
    Fill(Source),
}

/// A chain of `instructions.len()` consecutive nodes, the first at the node where it is kept.
#[derive(Clone)]
pub(super) struct Fusion {
    shape: Vec<usize>,
    dtype: DType,
    instructions: Vec<Instruction>,
    /// Whether each instruction's value is stored whole (read after the chain, or returned).
    pub(super) stored: Vec<bool>,
}

impl Fusion {
    /// How many nodes the chain replaces.
    pub(super) fn len(&self) -> usize {
        self.instructions.len()
    }
}

/// The shape and dtype of every value of a program (None: a host step's empty placeholder).
fn value_metas(inputs: &[Meta], nodes: &[ProgramNode]) -> Vec<Option<Meta>> {
    let mut metas: Vec<Option<Meta>> = inputs.iter().cloned().map(Some).collect();
    for node in nodes {
        let operand_meta = |metas: &[Option<Meta>], o: &Operand| match o {
            Operand::Value(v) => metas[*v].clone(),
            Operand::Constant(t) => Some(Meta { shape: t.shape.clone(), dtype: t.dtype() }),
        };
        let meta = match &node.step {
            Step::Apply(_, meta) | Step::Read(_, meta) => Some(meta.clone()),
            Step::Host { value, .. } => value.clone(),
            Step::StopGradient | Step::Write(_) => operand_meta(&metas, &node.operands[0]),
        };
        metas.push(meta);
    }
    metas
}

/// The chains worth fusing (two nodes or more), each at its first node. Chains never cross
/// `first_stage`, where a two-stage replay stops.
pub(super) fn plan(inputs: &[Meta], nodes: &[ProgramNode], first_stage: usize, outputs: &[Operand]) -> Vec<Option<Fusion>> {
    let metas = value_metas(inputs, nodes);
    // The last node reading each value, and whether the program returns it.
    let mut last_reader = vec![None; metas.len()];
    for (i, node) in nodes.iter().enumerate() {
        for o in &node.operands {
            if let Operand::Value(v) = o {
                last_reader[*v] = Some(i);
            }
        }
    }
    let mut returned = vec![false; metas.len()];
    for o in outputs {
        if let Operand::Value(v) = o {
            returned[*v] = true;
        }
    }
    let mut plans: Vec<Option<Fusion>> = vec![None; nodes.len()];
    let mut i = 0;
    while i < nodes.len() {
        let mut chain: Option<(usize, Fusion)> = None;
        let mut j = i;
        while j < nodes.len() && (j < first_stage) == (i < first_stage) {
            let Some(instruction) = instruction(&nodes[j], chain.as_ref(), inputs.len(), &metas) else { break };
            let fusion = &mut chain.get_or_insert_with(|| {
                let meta = metas[inputs.len() + j].clone().expect("an Apply node has a meta");
                (j, Fusion { shape: meta.shape, dtype: meta.dtype, instructions: Vec::new(), stored: Vec::new() })
            }).1;
            fusion.instructions.push(instruction);
            j += 1;
        }
        match chain {
            Some((start, mut fusion)) if fusion.len() >= 2 => {
                let end = start + fusion.len();
                fusion.stored = (start..end)
                    .map(|k| {
                        let v = inputs.len() + k;
                        returned[v] || last_reader[v].is_some_and(|r| r >= end)
                    })
                    .collect();
                plans[start] = Some(fusion);
                i = end;
            }
            _ => i = j.max(i + 1),
        }
    }
    plans
}

/// Node `node` as the next instruction of `chain` (or the first of a new one), if it fits.
fn instruction(node: &ProgramNode, chain: Option<&(usize, Fusion)>, n_inputs: usize, metas: &[Option<Meta>]) -> Option<Instruction> {
    let Step::Apply(op, out) = &node.step else { return None };
    if !matches!(out.dtype, DType::F32 | DType::F64) {
        return None;
    }
    if let Some((_, fusion)) = chain {
        if fusion.shape != out.shape || fusion.dtype != out.dtype {
            return None;
        }
    }
    let size = crate::shape::size_of(&out.shape);
    let start = chain.map(|(start, _)| *start);
    let source = |o: &Operand| -> Option<Source> {
        let (operand_meta, register) = match o {
            Operand::Value(v) => {
                let register = match start {
                    Some(start) if *v >= n_inputs + start => Some(*v - n_inputs - start),
                    _ => None,
                };
                (metas[*v].clone()?, register)
            }
            Operand::Constant(t) => (Meta { shape: t.shape.clone(), dtype: t.dtype() }, None),
        };
        if operand_meta.dtype != out.dtype {
            return None;
        }
        match (register, crate::shape::size_of(&operand_meta.shape)) {
            (Some(k), n) if n == size => Some(Source::Register(k)),
            (Some(_), _) => None,
            (None, n) if n == size => Some(Source::Whole(o.clone())),
            (None, 1) => Some(Source::Broadcast(o.clone())),
            (None, _) => None,
        }
    };
    match op {
        Op::Unary { kind } if kind.spec_row().3 == OutDType::Same => match source(&node.operands[0])? {
            Source::Broadcast(_) => None, // (a unary op's operand has its result's size)
            x => Some(Instruction::Unary(*kind, x)),
        },
        // (an operand of the result's size is one value only when the result has one element)
        Op::BroadcastTo { .. } => match source(&node.operands[0])? {
            x @ Source::Broadcast(_) => Some(Instruction::Fill(x)),
            x @ (Source::Register(_) | Source::Whole(_)) if size == 1 => Some(Instruction::Fill(x)),
            Source::Register(_) | Source::Whole(_) => None,
        },
        Op::Binary { kind } if kind.spec_row().3 == OutDType::Same => {
            Some(Instruction::Binary(*kind, source(&node.operands[0])?, source(&node.operands[1])?))
        }
        _ => None,
    }
}

/// Runs `fusion` on the values computed so far: one tensor per instruction (stored ones whole;
/// the others empty, as released values are).
pub(super) fn run(fusion: &Fusion, values: &[Tensor], empty: &Rc<Buffer>) -> Result<Vec<Tensor>> {
    let stored: Vec<Buffer> = match fusion.dtype {
        DType::F32 => run_typed::<f32>(fusion, values)?.into_iter().map(Buffer::F32).collect(),
        DType::F64 => run_typed::<f64>(fusion, values)?.into_iter().map(Buffer::F64).collect(),
        DType::I32 | DType::Bool => crate::fail!(Internal, "a fused chain of {} values", fusion.dtype.name()),
    };
    Ok(fusion
        .stored
        .iter()
        .zip(stored)
        .map(|(&whole, buffer)| match whole {
            true => Tensor::new(fusion.shape.clone(), buffer),
            false => Tensor { id: crate::tensor::fresh_id(), shape: Vec::new(), buf: Rc::clone(empty) },
        })
        .collect())
}

/// Where chunk `lo..lo + n` of each value of a chain is.
struct Chunk<'a, T> {
    stored: &'a [bool],
    outputs_at: &'a [*mut T],
    registers_at: *mut T,
    chunk: usize,
    lo: usize,
    n: usize,
}

impl<T: crate::dtype::Typed> Chunk<'_, T> {
    /// The chunk of an instruction's operand.
    fn read<'v>(&self, s: &'v Source, values: &'v [Tensor]) -> &'v [T] {
        match s {
            // SAFETY: a register or stored buffer of an earlier instruction, which this chunk's
            // pass has written, and which no instruction writes while another reads it.
            Source::Register(r) => unsafe {
                let at = if self.stored[*r] { self.outputs_at[*r].add(self.lo) } else { self.registers_at.add(r * self.chunk) };
                std::slice::from_raw_parts(at as *const T, self.n)
            },
            Source::Whole(o) => &operand_slice::<T>(o, values)[self.lo..self.lo + self.n],
            Source::Broadcast(o) => &operand_slice::<T>(o, values)[..1],
        }
    }
}

/// The data of an operand from outside the chain.
fn operand_slice<'a, T: crate::dtype::Typed>(o: &'a Operand, values: &'a [Tensor]) -> &'a [T] {
    let t = match o {
        Operand::Value(v) => &values[*v],
        Operand::Constant(t) => t,
    };
    T::slice(&t.buf).expect("the chain's plan checked the dtype")
}

/// One buffer per instruction: its value for a stored one, empty for the others.
fn run_typed<T: Element + crate::dtype::Typed>(fusion: &Fusion, values: &[Tensor]) -> Result<Vec<Vec<T>>> {
    let size = crate::shape::size_of(&fusion.shape);
    let chunk = size.clamp(1, CHUNK);
    let count = fusion.len();
    let mut stored: Vec<Vec<T>> = Vec::with_capacity(count);
    for &whole in &fusion.stored {
        stored.push(if whole { crate::dtype::try_with_capacity(size)? } else { Vec::new() });
    }
    // One chunk-sized register per value that is not stored.
    let mut registers: Vec<T> = crate::dtype::try_filled(chunk * count, T::ZERO)?;
    let registers_at = registers.as_mut_ptr();
    let outputs_at: Vec<*mut T> = stored.iter_mut().map(|v| v.as_mut_ptr()).collect();
    let mut lo = 0;
    while lo < size {
        let n = chunk.min(size - lo);
        for (k, instruction) in fusion.instructions.iter().enumerate() {
            // SAFETY: instruction k writes only its own register (or stored buffer) and reads
            // earlier ones, so the slices never alias; each stored buffer has capacity `size`,
            // each register `chunk` elements.
            let out: &mut [MaybeUninit<T>] = unsafe {
                let at = if fusion.stored[k] { outputs_at[k].add(lo) } else { registers_at.add(k * chunk) };
                std::slice::from_raw_parts_mut(at as *mut MaybeUninit<T>, n)
            };
            let at = Chunk { stored: &fusion.stored, outputs_at: &outputs_at, registers_at, chunk, lo, n };
            let read = |s| at.read(s, values);
            let whole = [n];
            let shape = |s: &Source| -> &[usize] {
                match s {
                    Source::Broadcast(_) => &[],
                    Source::Register(_) | Source::Whole(_) => &whole,
                }
            };
            match instruction {
                Instruction::Unary(kind, x) => kernels::unary_into(*kind, read(x), out),
                Instruction::Fill(x) => {
                    let value = read(x)[0];
                    for o in out.iter_mut() {
                        o.write(value);
                    }
                }
                // One element (a scalar program): the op's scalar form, as eager rank-0 arithmetic runs it.
                Instruction::Binary(kind, a, b) if n == 1 => {
                    out[0].write(kind.scalar(read(a)[0], read(b)[0]));
                }
                Instruction::Binary(kind, a, b) => kernels::binary_into::<T, BinaryKind>(*kind, read(a), shape(a), read(b), shape(b), out, &whole),
            }
        }
        lo += n;
    }
    // SAFETY: every chunk of every stored buffer was written above.
    for (v, &whole) in stored.iter_mut().zip(&fusion.stored) {
        if whole {
            unsafe { v.set_len(size) };
        }
    }
    Ok(stored)
}
