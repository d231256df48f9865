//! A scalar program's whole step as one generated function: the variables' reads, the program's
//! arithmetic in locals, and its optimizer step's Adam update of the variables and their slots in
//! place, with no interpreter, register file, gathered copies or calls between them. The host
//! (JavaScript) compiles it on gradtape's memory and puts it in the function table (protocol item
//! 13), as it does a program's generated chains; a replay whose optimizer step is an Adam update
//! the function has the form of (gradtape-wasm checks the plan at every call) calls it instead of
//! `ScalarPlan::run`; any other replay interprets the program.
//!
//! The function reads one argument, the address of an array of 8-byte entries ([`StepLayout`]):
//! the address of each input's element, of each read variable's element, then of each updated variable's element and of
//! its momentum and velocity, then Adam's four constants of the call as f64 (each holding the
//! value the rule computes in the variables' dtype, so a float32 one converts exactly); it writes
//! the program's outputs over the entries after those, in the program's dtype.
//!
//! It computes what `ScalarPlan::run_typed` and the optimizer compute, in the same order:
//! - reads, negation, add, subtract, multiply and divide are the IEEE operations the scalar forms
//!   are (`Arith`); constants are the registers' values (`T::from_f64`);
//! - the update is `adam_update`'s: `m += (g - m)·(1 - b1)`, `v += (g² - v)·(1 - b2)`,
//!   `w -= (m·alpha)/(sqrt(v) + eps)`, each product, sum and quotient rounded in the dtype.
//!
//! Other unary kinds (their scalar forms are kernels: exp, tanh, ...), other binary kinds, an
//! assignment, more than one optimizer step, or anything after it, keep the program interpreted.

use super::{Instruction, ScalarPlan};
use crate::dtype::DType;
use crate::op::{BinaryKind, UnaryKind};
use crate::trace::adam_code;
use crate::trace::wasm_module::{Body, Float, ValType};

/// Where a generated step's argument array holds what, in 8-byte entries.
#[derive(Clone, Debug, PartialEq)]
pub struct StepLayout {
    /// The dtype of every value (f32 or f64).
    pub dtype: DType,
    /// The inputs' traced shapes and dtypes: one entry each first, their element's address.
    pub inputs: Vec<crate::ops::Meta>,
    /// The captured variables the program reads, one entry each after the inputs' (their
    /// element's address), in order: the capture's index and the traced shape and dtype it must still have.
    pub reads: Vec<(usize, crate::ops::Meta)>,
    /// How many variables the optimizer step updates (its gradients, in its plan's order): three
    /// entries each after the reads', the addresses of the variable's element, its momentum's and
    /// its velocity's.
    pub updated: usize,
    /// The outputs' shapes and dtypes: the function writes output k, in the dtype, at entry
    /// `outputs_at() + k`.
    pub outputs: Vec<crate::ops::Meta>,
}

impl StepLayout {
    /// The entry of Adam's constants: alpha, 1 - beta1, 1 - beta2 and epsilon, each as the rule
    /// rounds it to the dtype (held in an f64).
    pub fn constants_at(&self) -> usize {
        self.inputs.len() + self.reads.len() + 3 * self.updated
    }

    /// The entry of the first output.
    pub fn outputs_at(&self) -> usize {
        self.constants_at() + 4
    }

    /// How many entries the argument array has.
    pub fn entries(&self) -> usize {
        self.outputs_at() + self.outputs.len()
    }
}

/// The step of `plan` (whose inputs are `inputs`) as one function, and its argument array's
/// layout; None when the program has another form (see the module's documentation).
pub(in crate::trace) fn step(plan: &ScalarPlan, inputs: &[crate::ops::Meta]) -> Option<(StepLayout, Body)> {
    // Reads and arithmetic, then one optimizer step, last.
    let (host, before) = plan.instructions.split_last()?;
    let Instruction::Host { operands: gradients, .. } = host else { return None };
    let supported = before.iter().all(|i| match i {
        Instruction::Read { .. } => true,
        Instruction::Unary { kind, .. } => *kind == UnaryKind::Neg,
        Instruction::Binary { kind, .. } => matches!(kind, BinaryKind::Add | BinaryKind::Sub | BinaryKind::Mul | BinaryKind::Div),
        Instruction::Write { .. } | Instruction::Host { .. } => false,
    });
    if !supported || gradients.is_empty() {
        return None;
    }
    let layout = StepLayout {
        dtype: plan.dtype,
        inputs: inputs.to_vec(),
        reads: before.iter().filter_map(|i| if let Instruction::Read { capture, meta, .. } = i { Some((*capture, meta.clone())) } else { None }).collect(),
        updated: gradients.len(),
        outputs: plan.outputs.iter().map(|(_, meta)| meta.clone()).collect(),
    };
    let f = Float::of(plan.dtype);
    let mut b = Body::new();
    let register: Vec<u32> = (0..plan.registers).map(|_| b.local(f.t)).collect();
    // An entry's offset (an address entry's i32 is in its low bytes).
    let entry = |k: usize| 8 * k as u32;
    for &(k, value) in &plan.constants {
        f.constant(&mut b, value);
        b.set(register[k]);
    }
    for k in 0..plan.inputs {
        b.get(0).i32_load(entry(k)).memory(f.load, f.align, 0).set(register[k]);
    }
    let mut reads = plan.inputs;
    for instruction in before {
        match instruction {
            Instruction::Read { to, .. } => {
                b.get(0).i32_load(entry(reads)).memory(f.load, f.align, 0).set(register[*to]);
                reads += 1;
            }
            Instruction::Unary { x, to, .. } => {
                b.get(register[*x]).plain(f.neg).set(register[*to]);
            }
            Instruction::Binary { kind, a, b: y, to } => {
                let op = match kind {
                    BinaryKind::Add => f.add,
                    BinaryKind::Sub => f.sub,
                    BinaryKind::Mul => f.mul,
                    BinaryKind::Div => f.div,
                    _ => unreachable!("checked above"),
                };
                b.get(register[*a]).get(register[*y]).plain(op).set(register[*to]);
            }
            Instruction::Write { .. } | Instruction::Host { .. } => unreachable!("checked above"),
        }
    }
    // Adam, variable by variable, in the plan's order (each element's update is its own).
    let constants = adam_code::constants(&mut b, &f, plan.dtype, entry(layout.constants_at()));
    let places = [0, 1, 2].map(|_| b.local(ValType::I32));
    let values = [0, 1].map(|_| b.local(f.t));
    for (i, &g) in gradients.iter().enumerate() {
        let first = plan.inputs + layout.reads.len() + 3 * i;
        for (j, &place) in places.iter().enumerate() {
            b.get(0).i32_load(entry(first + j)).set(place);
        }
        adam_code::update_element(&mut b, &f, &constants, register[g], places, values);
    }
    for (k, (r, _)) in plan.outputs.iter().enumerate() {
        b.get(0).get(register[*r]).memory(f.store, f.align, entry(layout.outputs_at() + k));
    }
    Some((layout, b))
}
