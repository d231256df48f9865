//! A program's whole step as one generated function, when the program is the variables' reads, one
//! fused chain with generated code (`generated`) and one last optimizer step on values the chain
//! writes (the tutorial's regression step): the chain's function, followed by Adam's update of each
//! variable and its momentum and velocity in place, element by element, from the gradient the
//! chain wrote. The host installs it beside the chain's own function (protocol item 13); a call
//! whose optimizer step is an Adam update of that form (gradtape-wasm checks the plan at every
//! call) runs it with no replay, and any other call replays the program, the chain generated.
//!
//! The function reads one argument, the address of an array of u32 entries ([`ChainStepLayout`]):
//! the chain's entries in `for_each_slot`'s order, then the addresses of each updated variable's
//! data and of its momentum's and velocity's, then (at an 8-byte boundary) Adam's four constants
//! of the call as f64, as in the scalar step (`scalar::generated`). The update is `adam_update`'s,
//! operation by operation, so the results are the replay's bits.

use super::generated::{arg_slots, ArgSlot};
use super::{Fusion, Instruction};
use crate::dtype::DType;
use crate::ops::Meta;
use crate::trace::adam_code;
use crate::trace::wasm_module::{Body, Float, ValType};
use crate::trace::{Operand, ProgramNode, Step};

/// What one of the chain's entries holds, for the host that fills the array.
#[derive(Clone, Debug, PartialEq)]
pub enum ChainArg {
    /// The data of input k, which must have this shape and dtype.
    Input(usize, Meta),
    /// The data of captured variable k, which must still have this shape and dtype.
    Read(usize, Meta),
    /// The data of a constant of the program, at this address (the program holds it, unchanged).
    Constant(usize),
    /// A buffer of this many elements that the chain writes (all of them: a row sum's too, which
    /// it stores as `0 + sum`, whatever the buffer held).
    Buffer { elements: usize },
}

/// Where a generated chain step's argument array holds what.
#[derive(Clone, Debug, PartialEq)]
pub struct ChainStepLayout {
    /// The dtype of every value (f32 or f64).
    pub dtype: DType,
    /// The chain's entries, one u32 each.
    pub args: Vec<ChainArg>,
    /// How many elements each updated variable has, in the plan's order: three u32 entries each
    /// after the chain's (the addresses of its data, its momentum's and its velocity's).
    pub updated: Vec<usize>,
}

impl ChainStepLayout {
    /// The u32 entry of Adam's four f64 constants (alpha, 1 - beta1, 1 - beta2, epsilon, each
    /// rounded to the dtype): the first even entry after the variables' addresses.
    pub fn constants_at(&self) -> usize {
        (self.args.len() + 3 * self.updated.len()).next_multiple_of(2)
    }

    /// How many u32 entries the array has.
    pub fn words(&self) -> usize {
        self.constants_at() + 8
    }
}

/// The step of a program of `inputs` and `nodes` (fused into `fused`, one chain whose generated
/// body is `chain_body`; `n_outputs` results) as one function, and its layout; None when it has
/// another form (see the module's documentation).
pub(in crate::trace) fn step(inputs: &[Meta], nodes: &[ProgramNode], fused: &[Option<Fusion>], chain_body: &Body, n_outputs: usize) -> Option<(ChainStepLayout, Body)> {
    if n_outputs != 0 {
        return None;
    }
    let mut chains = fused.iter().flatten();
    let (chain, None) = (chains.next()?, chains.next()) else { return None };
    // Reads, the chain's nodes (none deferred), and the optimizer step, last.
    let (host, before) = nodes.split_last()?;
    let Step::Host { value: None, .. } = host.step else { return None };
    let in_chain = |i: usize| chain.nodes.binary_search(&i).is_ok();
    if !chain.deferred.is_empty() || !before.iter().enumerate().all(|(i, n)| matches!(n.step, Step::Read(..)) || in_chain(i)) {
        return None;
    }
    // Each gradient is a value the chain writes (and so stores).
    let n_inputs = inputs.len();
    let written = |o: &Operand| match o {
        Operand::Value(v) if *v >= n_inputs => chain.nodes.iter().position(|&node| node == v - n_inputs).filter(|k| chain.written.contains(k)),
        _ => None,
    };
    let gradients: Vec<usize> = host.operands.iter().map(written).collect::<Option<_>>()?;
    let mut b = chain_body.clone();
    let size = crate::shape::size_of(&chain.shape);
    let slots = arg_slots(chain);
    let mut output_entry = vec![None; chain.instructions.len()];
    // (A value from outside the chain that is neither an input nor a read has no entry here.)
    let args: Vec<ChainArg> = slots.iter().enumerate().map(|(entry, slot)| match *slot {
        ArgSlot::Address(at) => Some(ChainArg::Constant(at)),
        ArgSlot::Value(v) if v < n_inputs => Some(ChainArg::Input(v, inputs[v].clone())),
        ArgSlot::Value(v) => match &nodes[v - n_inputs].step {
            Step::Read(capture, meta) => Some(ChainArg::Read(*capture, meta.clone())),
            _ => None,
        },
        ArgSlot::Output(k) => {
            output_entry[k] = Some(entry);
            Some(match chain.instructions[k] {
                Instruction::RowSum { k: cols, .. } => ChainArg::Buffer { elements: cols },
                _ => ChainArg::Buffer { elements: size },
            })
        }
    }).collect::<Option<_>>()?;
    let updated: Vec<usize> = gradients.iter().map(|&k| match args[output_entry[k].expect("a written value has a buffer")] {
        ChainArg::Buffer { elements, .. } => elements,
        _ => unreachable!("an output entry is a buffer"),
    }).collect();
    let layout = ChainStepLayout { dtype: chain.dtype, args, updated };

    // Adam, variable by variable, element by element, after the chain.
    let f = Float::of(chain.dtype);
    let constants = adam_code::constants(&mut b, &f, chain.dtype, 4 * layout.constants_at() as u32);
    let [w, m, v, g, end] = [0, 1, 2, 3, 4].map(|_| b.local(ValType::I32));
    let (gv, mv, vv) = (b.local(f.t), b.local(f.t), b.local(f.t));
    for (i, (&k, &elements)) in gradients.iter().zip(&layout.updated).enumerate() {
        let first = layout.args.len() + 3 * i;
        for (local, entry) in [(w, first), (m, first + 1), (v, first + 2), (g, output_entry[k].expect("a buffer"))] {
            b.get(0).i32_load(4 * entry as u32).set(local);
        }
        b.get(w).i32_const((elements as u32 * f.bytes) as i32).i32_add().set(end);
        b.loop_start();
        b.get(g).memory(f.load, f.align, 0).set(gv);
        adam_code::update_element(&mut b, &f, &constants, gv, [w, m, v], [mv, vv]);
        for local in [w, m, v, g] {
            b.get(local).i32_const(f.bytes as i32).i32_add().set(local);
        }
        b.get(w).get(end).i32_lt_u().loop_end_if();
    }
    Some((layout, b))
}
