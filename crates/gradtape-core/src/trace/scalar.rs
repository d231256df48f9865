//! Scalar programs: a traced program whose every value is one float of one dtype (the tutorial's
//! puzzle step, a calibration of a few scalar parameters) replays on a register file, one
//! register per value, instead of as tensors.
//!
//! Each op runs in the scalar form that eager rank-0 arithmetic and a fused chain of one element
//! run (`fusion::scalar_pass`): a binary op's `scalar`, a unary kernel on one value. So a scalar
//! replay gives the interpreter's bits. A reshape, a broadcast of one value to one value, a stop
//! of the gradient and an assignment's value are their operand's register. Nothing is allocated,
//! looked up or released between nodes; only the variables the program reads and assigns, its
//! optimizer steps and its results go through the caller ([`ScalarIo`]).

use super::{Operand, ProgramNode, Step};
use crate::dtype::{DType, Typed};
use crate::error::Result;
use crate::kernels::{self, Arith, Element};
use crate::op::{BinaryKind, Op, OutDType, UnaryKind};
use crate::ops::Meta;
use crate::tensor::Tensor;
use core::mem::MaybeUninit;

mod generated;
pub use generated::StepLayout;

/// One node of a scalar program, on registers.
#[derive(Clone)]
enum Instruction {
    /// Register `to` = captured variable k's value, which must still have the traced shape and dtype.
    Read { capture: usize, meta: Meta, to: usize },
    /// Assigns register `from` to captured variable k (of that value's shape).
    Write { capture: usize, from: usize, meta: Meta },
    Unary { kind: UnaryKind, x: usize, to: usize },
    Binary { kind: BinaryKind, a: usize, b: usize, to: usize },
    /// Host step `id` (an optimizer step) on the values of `operands`, of shapes and dtype `metas`.
    Host { id: u32, operands: Vec<usize>, metas: Vec<Meta> },
}

/// A program of one-element float values of one dtype, on registers: the inputs first, then
/// one per node that computes, then the constants.
#[derive(Clone)]
pub(super) struct ScalarPlan {
    dtype: DType,
    inputs: usize,
    instructions: Vec<Instruction>,
    /// The constants' registers and values.
    constants: Vec<(usize, f64)>,
    registers: usize,
    /// Each output's register and its shape and dtype.
    outputs: Vec<(usize, Meta)>,
}

/// How a scalar replay reads and assigns the variables its program captured, and runs its
/// optimizer steps (values in f64, which holds a float32 value exactly).
pub trait ScalarIo {
    /// Captured variable k (the replay checks its shape and dtype, and reads its one value).
    fn read(&mut self, k: usize) -> Result<&Tensor>;
    /// Assigns `value` (of shape and dtype `meta`) to captured variable k.
    fn write(&mut self, k: usize, value: f64, meta: &Meta) -> Result<()>;
    /// Runs host step `id` (an optimizer step) on `operands`, of shapes and dtype `metas`.
    fn host(&mut self, id: u32, operands: &[f64], metas: &[Meta]) -> Result<()>;
}

/// The registers of a scalar replay, kept from call to call.
#[derive(Default)]
pub struct ScalarRegisters {
    f32: Vec<f32>,
    f64: Vec<f64>,
    /// A host step's operands, gathered.
    operands: Vec<f64>,
    /// The last run's outputs, one value each (f64 holds a float32 value exactly).
    outputs: Vec<f64>,
}

impl ScalarRegisters {
    /// The values of the outputs of the last run that succeeded.
    pub fn outputs(&self) -> &[f64] {
        &self.outputs
    }
}

impl ScalarPlan {
    /// The plan of a program's nodes (pruned, before fusion takes its chains' operands), or None
    /// when some value is not one float of the program's dtype or some node is not a read, an
    /// assignment, an elementwise op of that dtype, a view or an optimizer step.
    #[inline(never)]
    pub(super) fn of(inputs: &[Meta], nodes: &[ProgramNode], outputs: &[Operand]) -> Option<ScalarPlan> {
        let dtype = inputs.first().map(|m| m.dtype).or_else(|| nodes.iter().find_map(|n| node_meta(n).map(|m| m.dtype)))?;
        if !matches!(dtype, DType::F32 | DType::F64) {
            return None;
        }
        let one = |m: &Meta| m.dtype == dtype && crate::shape::size_of(&m.shape) == 1;
        if !inputs.iter().all(one) {
            return None;
        }
        // The register and the shape of each value (None: a host step's, which no node reads).
        let mut register: Vec<Option<usize>> = (0..inputs.len()).map(Some).collect();
        let mut metas: Vec<Option<Meta>> = inputs.iter().cloned().map(Some).collect();
        let mut constants: Vec<(usize, f64)> = Vec::new();
        let mut plan = ScalarPlan { dtype, inputs: inputs.len(), instructions: Vec::new(), constants: Vec::new(), registers: inputs.len(), outputs: Vec::new() };
        let mut operand = |o: &Operand, register: &[Option<usize>], metas: &[Option<Meta>], next: &mut usize| -> Option<(usize, Meta)> {
            match o {
                Operand::Value(v) => Some((register[*v]?, metas[*v].clone()?)),
                Operand::Constant(t) => {
                    let meta = Meta { shape: t.shape.clone(), dtype: t.dtype() };
                    if !one(&meta) {
                        return None;
                    }
                    constants.push((*next, t.buf.get_f64(0)));
                    *next += 1;
                    Some((*next - 1, meta))
                }
            }
        };
        for node in nodes {
            let next = &mut plan.registers;
            let (to, meta) = match &node.step {
                Step::Read(capture, meta) if one(meta) => {
                    plan.instructions.push(Instruction::Read { capture: *capture, meta: meta.clone(), to: *next });
                    *next += 1;
                    (Some(*next - 1), Some(meta.clone()))
                }
                Step::Write(capture) => {
                    let (from, meta) = operand(&node.operands[0], &register, &metas, next)?;
                    plan.instructions.push(Instruction::Write { capture: *capture, from, meta: meta.clone() });
                    (Some(from), Some(meta))
                }
                Step::StopGradient => {
                    let (from, meta) = operand(&node.operands[0], &register, &metas, next)?;
                    (Some(from), Some(meta))
                }
                Step::Host { id, value: None } => {
                    let (operands, operand_metas) = node.operands.iter().map(|o| operand(o, &register, &metas, next)).collect::<Option<(Vec<_>, Vec<_>)>>()?;
                    plan.instructions.push(Instruction::Host { id: *id, operands, metas: operand_metas });
                    (None, None)
                }
                Step::Apply(op, meta) if one(meta) => {
                    let instruction = match op {
                        Op::Unary { kind } if kind.spec_row().3 == OutDType::Same => {
                            let (x, _) = operand(&node.operands[0], &register, &metas, next)?;
                            Some(Instruction::Unary { kind: *kind, x, to: *next })
                        }
                        Op::Binary { kind } if kind.spec_row().3 == OutDType::Same => {
                            let (a, _) = operand(&node.operands[0], &register, &metas, next)?;
                            let (b, _) = operand(&node.operands[1], &register, &metas, next)?;
                            Some(Instruction::Binary { kind: *kind, a, b, to: *next })
                        }
                        // One value viewed or spread as one value: the same register.
                        Op::Reshape { .. } | Op::BroadcastTo { .. } => None,
                        _ => return None,
                    };
                    match instruction {
                        Some(i) => {
                            plan.instructions.push(i);
                            *next += 1;
                            (Some(*next - 1), Some(meta.clone()))
                        }
                        None => (Some(operand(&node.operands[0], &register, &metas, next)?.0), Some(meta.clone())),
                    }
                }
                Step::Read(..) | Step::Host { value: Some(_), .. } | Step::Apply(..) => return None,
            };
            register.push(to);
            metas.push(meta);
        }
        for o in outputs {
            let (r, meta) = operand(o, &register, &metas, &mut plan.registers)?;
            plan.outputs.push((r, meta));
        }
        plan.constants = constants;
        Some(plan)
    }

    /// The plan's whole step as one generated function, when it has that form (`generated`);
    /// `inputs` are the program's.
    pub(super) fn generated_step(&self, inputs: &[Meta]) -> Option<(StepLayout, crate::trace::wasm_module::Body)> {
        generated::step(self, inputs)
    }

    /// Runs the plan on `inputs` (one-element tensors of the traced shapes and dtypes, checked by
    /// the caller), leaving its outputs' values in `registers.outputs`.
    pub(super) fn run(&self, registers: &mut ScalarRegisters, inputs: &[Tensor], io: &mut dyn ScalarIo) -> Result<()> {
        let ScalarRegisters { f32, f64, operands, outputs } = registers;
        outputs.clear();
        match self.dtype {
            DType::F32 => self.run_typed(f32, operands, outputs, inputs, io),
            DType::F64 => self.run_typed(f64, operands, outputs, inputs, io),
            DType::I32 | DType::Bool => crate::fail!(Internal, "a scalar program of {} values", self.dtype.name()),
        }
    }

    /// The outputs as tensors, of their traced shapes (one element each), from their `values`.
    pub(super) fn output_tensors(&self, values: &[f64]) -> Vec<Tensor> {
        self.outputs.iter().zip(values).map(|((_, meta), &v)| Tensor::new(meta.shape.clone(), crate::with_dtype!(self.dtype, T => T::wrap(vec![T::from_f64(v)])))).collect()
    }

    /// (One function per dtype: a replay runs one, and V8 then optimizes only that one.)
    #[inline(never)]
    fn run_typed<T: Element + Typed + core::ops::Neg<Output = T>>(&self, r: &mut Vec<T>, operands: &mut Vec<f64>, outputs: &mut Vec<f64>, inputs: &[Tensor], io: &mut dyn ScalarIo) -> Result<()> {
        if r.len() != self.registers {
            r.clear();
            r.resize(self.registers, T::ZERO);
            for &(k, value) in &self.constants {
                r[k] = T::from_f64(value);
            }
        }
        for (k, input) in inputs.iter().enumerate().take(self.inputs) {
            r[k] = T::slice(&input.buf).and_then(|v| v.first().copied()).ok_or_else(|| crate::error::Error::new(crate::error::ErrorCode::ShapeMismatch, "a scalar program's input is not one value of its dtype"))?;
        }
        // Every register an instruction names is below `self.registers` (`of` numbers them so),
        // and `r` holds that many: the accesses need no bounds check.
        let r = &mut r[..self.registers];
        let at = |r: &[T], k: usize| -> T {
            debug_assert!(k < r.len());
            // SAFETY: k < self.registers == r.len() (above).
            unsafe { *r.get_unchecked(k) }
        };
        let set = |r: &mut [T], k: usize, value: T| {
            debug_assert!(k < r.len());
            // SAFETY: as for `at`.
            unsafe { *r.get_unchecked_mut(k) = value }
        };
        for instruction in &self.instructions {
            match instruction {
                Instruction::Read { capture, meta, to } => {
                    let variable = io.read(*capture)?;
                    super::check_read(meta, variable)?;
                    set(r, *to, T::from_f64(variable.buf.get_f64(0)));
                }
                Instruction::Write { capture, from, meta } => io.write(*capture, at(r, *from).to_f64(), meta)?,
                // The sign flip (the gradient of a difference's right side; the bits of the neg
                // kernel) and the four arithmetic ops here (their scalar forms are these
                // primitives), the others out of line: every kind's form inlined made this
                // function 7 KB of wasm, whose optimizing compile took 47 ms of a fresh process's
                // compiler threads while its first steps ran in the baseline tier.
                Instruction::Unary { kind, x, to } => {
                    let x = at(r, *x);
                    let value = match kind {
                        UnaryKind::Neg => -x,
                        other => unary(*other, x),
                    };
                    set(r, *to, value);
                }
                Instruction::Binary { kind, a, b, to } => {
                    let (x, y) = (at(r, *a), at(r, *b));
                    let value = match kind {
                        BinaryKind::Add => Arith::add(x, y),
                        BinaryKind::Sub => Arith::sub(x, y),
                        BinaryKind::Mul => Arith::mul(x, y),
                        BinaryKind::Div => Arith::div(x, y),
                        other => binary(*other, x, y),
                    };
                    set(r, *to, value);
                }
                Instruction::Host { id, operands: from, metas } => {
                    operands.clear();
                    operands.extend(from.iter().map(|&k| at(r, k).to_f64()));
                    io.host(*id, operands, metas)?;
                }
            }
        }
        outputs.extend(self.outputs.iter().map(|&(k, _)| at(r, k).to_f64()));
        Ok(())
    }
}

/// A unary op on one value: its kernel on one element (out of line, as `binary`).
#[inline(never)]
fn unary<T: Element>(kind: UnaryKind, x: T) -> T {
    let mut out = [MaybeUninit::uninit()];
    kernels::unary_into(kind, &[x], &mut out);
    // SAFETY: the kernel writes every element of its output.
    unsafe { out[0].assume_init() }
}

/// A binary op's scalar form, out of line (see `ScalarPlan::run_typed`).
#[inline(never)]
fn binary<T: Element>(kind: BinaryKind, a: T, b: T) -> T {
    kind.scalar(a, b)
}

/// The shape and dtype of the value a node makes, where the node itself says it.
fn node_meta(node: &ProgramNode) -> Option<&Meta> {
    match &node.step {
        Step::Apply(_, meta) | Step::Read(_, meta) => Some(meta),
        Step::Host { value, .. } => value.as_ref(),
        Step::StopGradient | Step::Write(_) => None,
    }
}
