//! Traced programs: a function of some tensors (its inputs), recorded op by op while it runs, and
//! replayed later on new input values without JavaScript in between.
//!
//! While a trace is open, every op that reads a traced tensor (an input, or the output of an
//! earlier traced op) becomes a node of the program; an operand that is not traced is a constant
//! of the program, its value kept as it was. An op that reads no traced tensor does not depend on
//! the inputs, so its result is a constant too (constant folding for free).
//!
//! A program has two stages. The first computes the function's result: the trace is *marked*
//! when the function returns. The second computes what the caller derives from it while the
//! trace stays open, typically its Jacobian or gradient: the derivative ops the tape's sweeps run
//! are recorded like any others, so a replay needs neither a tape nor a sweep. A caller that
//! does not need the second stage (a rejected trial step) runs the first alone.
//!
//! A function compiled by `tf.function` has one stage, and it may also read and assign variables
//! (captured by the caller, who reads and writes them during a replay through [`ReplayIo`]) and
//! run *host steps*: work the caller does itself at that point of every replay (an optimizer's
//! step, which the wasm layer runs on its plan, or random numbers drawn in JavaScript), where the
//! replay pauses and hands over the step's operands.
//!
//! A program keeps only the nodes its outputs, assignments and host steps need (the loss of a
//! training step that returns nothing is not computed). A replay runs elementwise nodes, with the
//! matrix-vector products around them, as one fused pass (`fusion`); a program whose every value is
//! one float of one dtype replays on registers instead (`scalar`, [`Program::scalar_run`]). Small
//! passes, and whole steps of the simplest forms (a scalar program's, or reads, one pass and an
//! optimizer step), also have generated WebAssembly ([`Program::generated_module`]), which the
//! host installs and the replay, or the host itself, calls instead.
//!
//! Planning a program costs more than tracing it. A trace that repeats one made lately, op for
//! op with the same constants (a step traced again by a new `tf.function`, as each of several
//! fits in a row makes), takes that program instead ([`ProgramCache`]).
//!
//! A replay equals the traced run only if the function computed its result from the inputs by ops
//! alone. The wasm layer and JavaScript report what breaks that (reading a traced tensor's values
//! before the mark, which could steer JavaScript control flow; random numbers; variables; custom
//! gradients; assignments) with [`Engine::trace_spoil`], and such a trace gives no program.

use crate::engine::{Engine, IdMap};
use crate::error::Result;
use crate::op::{BinaryKind, Op};
use crate::ops::Meta;
use crate::tensor::Tensor;
use std::cell::OnceCell;
use std::rc::Rc;

mod adam_code;
mod fusion;
mod scalar;
mod wasm_module;

pub use fusion::step::{ChainArg, ChainStepLayout};
pub use scalar::{ScalarIo, ScalarRegisters, StepLayout};

/// Where a node's operand comes from.
#[derive(Clone)]
enum Operand {
    /// Value `i` of the replay: input i, or the output of node `i - inputs`.
    Value(usize),
    /// A tensor that does not depend on the inputs, kept with its data.
    Constant(Tensor),
}

#[derive(Clone)]
enum Step {
    /// The op, and its output's shape and dtype (inferred once, when traced: a replay's inputs
    /// have the traced shapes and dtypes, so every node's do too).
    Apply(Op, Meta),
    /// `tf.stopGradient`: the value passes, the gradient does not.
    StopGradient,
    /// The current value of captured variable k (of this shape and dtype), read from the caller.
    Read(usize, Meta),
    /// Assigns the operand to captured variable k (its value is the operand's).
    Write(usize),
    /// Host step `id`: the replay pauses and the caller runs it on the operands. When `value`
    /// gives a shape and dtype, the step makes a value of them (random numbers drawn in
    /// JavaScript), which the caller supplies before going on; otherwise it has no value (no
    /// node reads one).
    Host { id: u32, value: Option<Meta> },
}

#[derive(Clone)]
struct ProgramNode {
    step: Step,
    /// Empty for a node of a fused chain, once the program is made (see `Program::new`).
    operands: Vec<Operand>,
}

/// A recorded function of `inputs` tensors and what was derived from it (see the module
/// documentation).
#[derive(Clone)]
pub struct Program {
    /// The inputs' shapes and dtypes.
    inputs: Vec<Meta>,
    nodes: Vec<ProgramNode>,
    /// Nodes `..first_stage` compute the function's result.
    first_stage: usize,
    /// The values returned: the function's result, then those of the second stage (which may
    /// not depend on the inputs: the derivative of a linear term is a constant).
    outputs: Vec<Operand>,
    /// For each node, the values no later node reads and no output is, released once it ran: a
    /// replay holds only live values (and a variable read earlier no longer shares its storage
    /// when a host step updates it in place).
    releases: Vec<Vec<usize>>,
    /// The fused elementwise chains, each at its first node (see `fusion`).
    fused: Vec<Option<fusion::Fusion>>,
    /// For each value, whether a chain stores it: a replay keeps such a value's buffer when it is
    /// released (if small and no longer shared), for the next replay's chain to write again.
    chain_stored: Vec<bool>,
    /// How many chains `fused` holds.
    chains: usize,
    /// The program on registers, when every value is one float of one dtype (see `scalar`).
    scalar: Option<scalar::ScalarPlan>,
    /// Its generated functions, once installed (`set_generated`): set once, through a shared
    /// reference, so that every function sharing the program (`ProgramCache`, a rebound copy)
    /// calls them.
    installed: OnceCell<Installed>,
}

/// A program's generated functions, installed at function-table indices `first..first + count`.
#[derive(Clone)]
struct Installed {
    first: u32,
    count: u32,
    /// For each chain (by ordinal), its generated function (see `fusion::generated`).
    chains: Vec<Option<fusion::generated::Generated>>,
    /// A scalar program's whole step as a generated function: its argument array's layout and
    /// its function-table index (see `scalar::generated`).
    scalar_step: Option<(StepLayout, u32)>,
    /// A program of reads, one chain and an optimizer step, as one generated function: its
    /// argument array's layout and its function-table index (see `fusion::step`).
    chain_step: Option<(ChainStepLayout, u32)>,
}

/// A program's module of generated functions (`Program::generated_module`) and what they serve.
pub struct GeneratedModule {
    /// The module, which imports `env.memory` (not shared: a host whose memory is shared marks
    /// the import so) and exports its functions as "0", "1", ...
    pub bytes: Vec<u8>,
    serves: Serves,
}

enum Serves {
    /// Function i is chain `chains[i]`'s (by ordinal); with a step, the function after them is
    /// the program's whole step (`fusion::step`).
    Chains(Vec<usize>, Option<ChainStepLayout>),
    /// Function 0 is a scalar program's whole step, with this argument layout.
    Step(StepLayout),
}

impl GeneratedModule {
    /// How many functions the module exports.
    pub fn functions(&self) -> usize {
        match &self.serves {
            Serves::Chains(chains, step) => chains.len() + usize::from(step.is_some()),
            Serves::Step(_) => 1,
        }
    }
}

/// Drops the nodes whose values nothing needs: no output, and no node that is kept, reads them,
/// and they only compute (host steps and assignments stay). Returns the nodes kept, with their
/// operands, `first_stage` and the outputs renumbered.
fn prune(n_inputs: usize, nodes: Vec<ProgramNode>, first_stage: usize, outputs: Vec<Operand>) -> (Vec<ProgramNode>, usize, Vec<Operand>) {
    let mut needed = vec![false; n_inputs + nodes.len()];
    let mark = |needed: &mut [bool], operands: &[Operand]| {
        for o in operands {
            if let Operand::Value(v) = o {
                needed[*v] = true;
            }
        }
    };
    mark(&mut needed, &outputs);
    for (i, node) in nodes.iter().enumerate().rev() {
        if matches!(node.step, Step::Write(_) | Step::Host { .. }) {
            needed[n_inputs + i] = true;
        }
        if needed[n_inputs + i] {
            mark(&mut needed, &node.operands);
        }
    }
    // The new index of each value that stays.
    let mut renumbered: Vec<usize> = (0..n_inputs).collect();
    let mut kept = Vec::with_capacity(nodes.len());
    let mut kept_first_stage = 0;
    for (i, mut node) in nodes.into_iter().enumerate() {
        if !needed[n_inputs + i] {
            renumbered.push(usize::MAX);
            continue;
        }
        for o in &mut node.operands {
            if let Operand::Value(v) = o {
                *v = renumbered[*v];
            }
        }
        renumbered.push(n_inputs + kept.len());
        kept.push(node);
        if i < first_stage {
            kept_first_stage += 1;
        }
    }
    let outputs = outputs
        .into_iter()
        .map(|o| match o {
            Operand::Value(v) => Operand::Value(renumbered[v]),
            constant => constant,
        })
        .collect();
    (kept, kept_first_stage, outputs)
}

/// What a program is made from: a finished trace (`Engine::trace_take`).
pub struct ProgramSource {
    inputs: Vec<Meta>,
    nodes: Vec<ProgramNode>,
    first_stage: usize,
    outputs: Vec<Operand>,
}

/// The longest key a source has (`ProgramSource::key`): a larger program (its constants take 8
/// bytes an element, its nodes some 40 to 100 each) is planned anew each time rather than kept.
const MAX_KEY_BYTES: usize = 256 * 1024;

impl ProgramSource {
    /// Plans the program (`Program::new`).
    pub fn into_program(self) -> Program {
        Program::new(self.inputs, self.nodes, self.first_stage, self.outputs)
    }

    /// Bytes that name the source exactly: the inputs' shapes and dtypes, each node's step (an
    /// op with its parameters bit for bit, a read, an assignment, a host step), its operands
    /// (constants by dtype, shape and elements, bit for bit), and the outputs. Two sources with
    /// the same key make the same program. None when it would be longer than `MAX_KEY_BYTES`.
    pub fn key(&self) -> Option<Vec<u8>> {
        let mut key = Key { bytes: Vec::with_capacity(64 * (self.nodes.len() + 1)), params: Vec::new() };
        key.number(self.inputs.len() as u64);
        for meta in &self.inputs {
            key.meta(meta);
        }
        key.number(self.nodes.len() as u64);
        for node in &self.nodes {
            match &node.step {
                Step::Apply(op, meta) => {
                    key.number(0);
                    key.op(op);
                    key.meta(meta);
                }
                Step::StopGradient => key.number(1),
                Step::Read(k, meta) => {
                    key.number(2);
                    key.number(*k as u64);
                    key.meta(meta);
                }
                Step::Write(k) => {
                    key.number(3);
                    key.number(*k as u64);
                }
                Step::Host { id, value } => {
                    key.number(4);
                    key.number(u64::from(*id));
                    match value {
                        Some(meta) => {
                            key.number(1);
                            key.meta(meta);
                        }
                        None => key.number(0),
                    }
                }
            }
            key.operands(&node.operands)?;
        }
        key.number(self.first_stage as u64);
        key.operands(&self.outputs)?;
        Some(key.bytes)
    }
}

/// A source's key as it is written (`ProgramSource::key`).
struct Key {
    bytes: Vec<u8>,
    /// An op's parameters (`Op::encode`), reused from op to op.
    params: Vec<f64>,
}

impl Key {
    fn number(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    fn meta(&mut self, meta: &Meta) {
        self.number(meta.dtype as u64);
        self.number(meta.shape.len() as u64);
        for &d in meta.shape.iter() {
            self.number(d as u64);
        }
    }

    fn op(&mut self, op: &Op) {
        let mut params = std::mem::take(&mut self.params);
        params.clear();
        self.number(u64::from(op.encode(&mut params)));
        self.number(params.len() as u64);
        for &p in &params {
            self.number(p.to_bits());
        }
        self.params = params;
    }

    fn operands(&mut self, operands: &[Operand]) -> Option<()> {
        self.number(operands.len() as u64);
        for operand in operands {
            match operand {
                Operand::Value(v) => {
                    self.number(0);
                    self.number(*v as u64);
                }
                Operand::Constant(t) => {
                    self.number(1);
                    self.meta(&meta(t));
                    let len = t.buf.len();
                    if self.bytes.len() + 8 * len > MAX_KEY_BYTES {
                        return None;
                    }
                    for i in 0..len {
                        self.number(t.buf.get_f64(i).to_bits());
                    }
                }
            }
        }
        (self.bytes.len() <= MAX_KEY_BYTES).then_some(())
    }
}

/// The programs planned lately, by their sources' keys (`ProgramSource::key`), newest first: a
/// source that repeats one takes its program, shared, instead of planning it again. Its
/// generated functions, once installed, serve every sharer (`Program::set_generated`). A kept
/// program outlives the functions that used it until eight others come: at most eight programs,
/// each with a key of at most `MAX_KEY_BYTES` (its constants' elements among them).
#[derive(Default)]
pub struct ProgramCache {
    entries: Vec<(Vec<u8>, Rc<Program>)>,
}

/// How many programs a `ProgramCache` keeps.
const CACHED_PROGRAMS: usize = 8;

impl ProgramCache {
    /// The program of `source`: one kept, or planned now (and kept, when it has a key).
    pub fn program_of(&mut self, source: ProgramSource) -> Rc<Program> {
        let Some(key) = source.key() else { return Rc::new(source.into_program()) };
        if let Some(at) = self.entries.iter().position(|(kept, _)| *kept == key) {
            let entry = self.entries.remove(at);
            let program = Rc::clone(&entry.1);
            self.entries.insert(0, entry);
            return program;
        }
        let program = Rc::new(source.into_program());
        self.entries.truncate(CACHED_PROGRAMS - 1);
        self.entries.insert(0, (key, Rc::clone(&program)));
        program
    }
}

impl Program {
    fn new(inputs: Vec<Meta>, nodes: Vec<ProgramNode>, first_stage: usize, outputs: Vec<Operand>) -> Program {
        let (nodes, first_stage, outputs) = prune(inputs.len(), nodes, first_stage, outputs);
        let scalar = scalar::ScalarPlan::of(&inputs, &nodes, &outputs);
        // The last node that reads each value (usize::MAX: an output, never released).
        let mut last_use = vec![None; inputs.len() + nodes.len()];
        for (i, node) in nodes.iter().enumerate() {
            for o in &node.operands {
                if let Operand::Value(v) = o {
                    last_use[*v] = Some(i);
                }
            }
        }
        for o in &outputs {
            if let Operand::Value(v) = o {
                last_use[*v] = Some(usize::MAX);
            }
        }
        let mut releases = vec![Vec::new(); nodes.len()];
        for (v, last) in last_use.iter().enumerate() {
            match *last {
                Some(usize::MAX) => {}
                Some(i) => releases[i].push(v),
                // Never read: released right after the node that made it (inputs stay).
                None if v >= inputs.len() => releases[v - inputs.len()].push(v),
                None => {}
            }
        }
        let fused = fusion::plan(&inputs, &nodes, first_stage, &outputs);
        // A chain's nodes run only as the chain, whose instructions hold what they read (a constant
        // of one value repeated as that value): their own operands go, or a large such constant (a
        // mean's gradient spread over a batch, 4 MB at a million rows) would stay with the program.
        let mut nodes = nodes;
        for chain in fused.iter().flatten() {
            for &node in &chain.nodes {
                nodes[node].operands = Vec::new();
            }
        }
        let mut chain_stored = vec![false; inputs.len() + nodes.len()];
        for (start, chain) in fused.iter().enumerate().filter_map(|(i, f)| Some((i, f.as_ref()?))) {
            for (&node, &stored) in chain.nodes.iter().zip(&chain.stored) {
                chain_stored[inputs.len() + node] = stored;
            }
            // A chain's range releases its values at once, after the chain ran: one list at its
            // first node, without the values the chain keeps in registers (a replay never holds them).
            let in_registers: Vec<usize> = chain.register_nodes().map(|node| inputs.len() + node).collect(); // (ascending)
            let mut all: Vec<usize> = releases[start..chain.end()].iter_mut().flat_map(std::mem::take).collect();
            all.retain(|v| in_registers.binary_search(v).is_err());
            releases[start] = all;
        }
        let chains = fused.iter().flatten().count();
        Program { inputs, nodes, first_stage, outputs, releases, fused, chain_stored, chains, scalar, installed: OnceCell::new() }
    }

    /// A WebAssembly module of generated functions: for a scalar program (`is_scalar`), its
    /// whole step when it has that form (`scalar::generated`); for another, one function for each
    /// small chain whose every instruction has a generated form (`fusion::generated`), and after
    /// them the whole step of a program of reads, one such chain and an optimizer step
    /// (`fusion::step`). None when nothing has one.
    ///
    /// (A scalar program's chains are of one element, which have no generated form: the chain
    /// generator is not asked. Asking made V8 count it, a large function, as hot in a run of fresh
    /// scalar functions, and its optimizing compile delayed that of the replay's JavaScript.)
    pub fn generated_module(&self) -> Option<GeneratedModule> {
        if let Some(plan) = &self.scalar {
            let (layout, body) = plan.generated_step(&self.inputs)?;
            return Some(GeneratedModule { bytes: wasm_module::module(&[body]), serves: Serves::Step(layout) });
        }
        let (bodies, chains): (Vec<_>, Vec<_>) =
            self.fused.iter().flatten().filter_map(|chain| Some((fusion::generated::body(chain)?, chain.ordinal))).unzip();
        if chains.is_empty() {
            return None;
        }
        let mut bodies = bodies;
        // (With one chain, its body is the step's beginning.)
        let step = match &bodies[..] {
            [chain] => fusion::step::step(&self.inputs, &self.nodes, &self.fused, chain, self.outputs.len()),
            _ => None,
        };
        let step = step.map(|(layout, body)| {
            bodies.push(body);
            layout
        });
        Some(GeneratedModule { bytes: wasm_module::module(&bodies), serves: Serves::Chains(chains, step) })
    }

    /// From now on the functions of `module` (this program's `generated_module()`) are at
    /// function-table indices `first`, `first + 1`, ...: replays call them for their chains, and
    /// the host calls a whole step (`scalar_step`, `chain_step`) for the calls it can run. Fails
    /// when the program's functions were installed before (`installed_functions`).
    ///
    /// # Safety
    /// Each of those table entries must hold the module's function of that number, instantiated
    /// on this module's memory.
    pub unsafe fn set_generated(&self, module: GeneratedModule, first: u32) -> Result<()> {
        if first == 0 {
            crate::fail!(InvalidArgument, "set_generated: table index 0");
        }
        let count = module.functions() as u32;
        let mut installed = Installed { first, count, chains: vec![None; self.chains], scalar_step: None, chain_step: None };
        match module.serves {
            Serves::Chains(chains, step) => {
                if chains.iter().any(|&c| c >= self.chains) {
                    crate::fail!(InvalidArgument, "set_generated: no such chain");
                }
                for (i, &chain) in chains.iter().enumerate() {
                    let fusion = self.fused.iter().flatten().find(|f| f.ordinal == chain).expect("each chain has an ordinal");
                    installed.chains[chain] = Some(fusion::generated::Generated::new(fusion, first + i as u32));
                }
                installed.chain_step = step.map(|layout| (layout, first + chains.len() as u32));
            }
            Serves::Step(layout) => installed.scalar_step = Some((layout, first)),
        }
        if self.installed.set(installed).is_err() {
            crate::fail!(InvalidArgument, "set_generated: the program's functions are installed already");
        }
        Ok(())
    }

    /// Where the program's generated functions are, once installed (`set_generated`): the
    /// table index of the first, and how many.
    pub fn installed_functions(&self) -> Option<(u32, u32)> {
        self.installed.get().map(|i| (i.first, i.count))
    }

    /// The generated whole step of a scalar program, once installed (`set_generated`): the layout
    /// of the argument array `run_scalar_step` takes.
    pub fn scalar_step(&self) -> Option<&StepLayout> {
        self.installed.get()?.scalar_step.as_ref().map(|(layout, _)| layout)
    }

    /// The generated whole step of a program of reads, one chain and an optimizer step, once
    /// installed (`set_generated`): the layout of the argument array `run_chain_step` takes.
    pub fn chain_step(&self) -> Option<&ChainStepLayout> {
        self.installed.get()?.chain_step.as_ref().map(|(layout, _)| layout)
    }

    /// Runs the generated chain step (`chain_step`) on `args`, its argument array.
    ///
    /// # Safety
    /// `args` holds `chain_step().words()` entries laid out as its `ChainStepLayout` says: each
    /// chain entry the address of data of the dtype, of the size and shape the layout gives (the
    /// buffers distinct from everything else), each updated variable's data,
    /// momentum and velocity (distinct, of its elements), and Adam's constants of the call.
    pub unsafe fn run_chain_step(&self, args: &mut [u32]) -> Result<()> {
        let Some((layout, index)) = self.installed.get().and_then(|i| i.chain_step.as_ref()) else {
            crate::fail!(InvalidArgument, "run_chain_step: no generated step")
        };
        if args.len() != layout.words() || (args.as_ptr() as usize) % 8 != 0 {
            crate::fail!(InvalidArgument, "run_chain_step: the argument array must be {} aligned words", layout.words());
        }
        // SAFETY: the table entry holds the step's function (set_generated's promise), which reads
        // and writes the array's entries and the addresses it holds (the caller's promise).
        unsafe { fusion::generated::call(*index, args.as_ptr()) };
        Ok(())
    }

    /// Runs the generated step (`scalar_step`) on `args`, its argument array.
    ///
    /// # Safety
    /// `args` holds `scalar_step().entries()` entries, laid out as its `StepLayout` says: the
    /// address of an element of the layout's dtype in each address entry (the updated ones
    /// distinct, and none of them the array's own), Adam's constants of the call after them.
    pub unsafe fn run_scalar_step(&self, args: &mut [u64]) -> Result<()> {
        let Some((layout, index)) = self.installed.get().and_then(|i| i.scalar_step.as_ref()) else {
            crate::fail!(InvalidArgument, "run_scalar_step: no generated step")
        };
        if args.len() != layout.entries() {
            crate::fail!(InvalidArgument, "run_scalar_step: the argument array has {} entries where {} are expected", args.len(), layout.entries());
        }
        // SAFETY: the table entry holds the step's function (set_generated's promise), which reads
        // and writes the array's entries and the addresses it holds (the caller's promise).
        unsafe { fusion::generated::call(*index, args.as_mut_ptr() as *const u32) };
        Ok(())
    }

    /// How many values the program returns (the function's result first).
    pub fn outputs(&self) -> usize {
        self.outputs.len()
    }

    /// Whether every value of the program is one float of one dtype: `scalar_run` replays it.
    pub fn is_scalar(&self) -> bool {
        self.scalar.is_some()
    }

    /// Replays a scalar program (`is_scalar`) on `inputs` (the traced shapes and dtypes) with its
    /// registers, reading and assigning variables and running optimizer steps through `io`, to
    /// its end; returns its outputs. The same bits as `replay_run`.
    pub fn scalar_run(&self, registers: &mut ScalarRegisters, inputs: &[Tensor], io: &mut dyn ScalarIo) -> Result<Vec<Tensor>> {
        let plan = self.scalar_plan(inputs)?;
        plan.run(registers, inputs, io)?;
        Ok(plan.output_tensors(registers.outputs()))
    }

    /// `scalar_run` that leaves the outputs as values (`registers.outputs()`, one per output, of
    /// the program's dtype) and makes no tensor of them.
    pub fn scalar_run_values(&self, registers: &mut ScalarRegisters, inputs: &[Tensor], io: &mut dyn ScalarIo) -> Result<()> {
        self.scalar_plan(inputs)?.run(registers, inputs, io)
    }

    fn scalar_plan(&self, inputs: &[Tensor]) -> Result<&scalar::ScalarPlan> {
        let Some(plan) = &self.scalar else { crate::fail!(InvalidArgument, "not a scalar program: replay it with replay_run") };
        if inputs.len() != self.inputs.len() || inputs.iter().zip(&self.inputs).any(|(t, traced)| !traced.fits(t)) {
            crate::fail!(ShapeMismatch, "the program's inputs must have the shapes and dtypes it was traced with");
        }
        Ok(plan)
    }
}

/// A program being replayed: the values computed so far (None for the others). A replay that is
/// restarted (a compiled function's, once per call) keeps what its chains need from one run to
/// the next, so that a small program's chains allocate nothing.
pub struct Replay {
    values: Vec<Option<Tensor>>,
    /// The next node to run.
    next: usize,
    stage: usize,
    /// Per chain (by `Fusion::ordinal`): its registers and tables.
    workspaces: Vec<fusion::Workspace>,
    /// Per value a chain stores: its buffer, given back when it was released (see `release`);
    /// empty until the first is.
    kept: Vec<Option<Tensor>>,
}

/// How a replay reads and assigns the variables its program captured (by capture index).
pub trait ReplayIo {
    fn read(&mut self, k: usize) -> Result<Tensor>;
    fn write(&mut self, k: usize, value: &Tensor) -> Result<()>;
}

/// The io of a program that captures no variables (the solvers' programs).
struct NoVariables;

impl ReplayIo for NoVariables {
    fn read(&mut self, _: usize) -> Result<Tensor> {
        crate::fail!(InvalidArgument, "this program reads variables: replay it with replay_run")
    }
    fn write(&mut self, _: usize, _: &Tensor) -> Result<()> {
        crate::fail!(InvalidArgument, "this program assigns variables: replay it with replay_run")
    }
}

/// Where `replay_run` stopped.
#[derive(Debug, PartialEq)]
pub enum Progress {
    /// The program ran to its end: every output is ready.
    Done,
    /// At host step `id`, node `node`: the caller runs it on `replay.host_operands(program, node)`
    /// (and supplies its value, for a step that `makes_value`), then calls `replay_run` again to go on.
    Host { id: u32, node: usize, makes_value: bool },
}

/// A trace being recorded.
pub(crate) struct Trace {
    inputs: Vec<Meta>,
    nodes: Vec<ProgramNode>,
    /// The value index of each traced tensor id (the latest tensor recorded under an id).
    values: IdMap<usize>,
    /// Why the trace cannot give a program, if something spoilt it.
    spoilt: Option<&'static str>,
    /// Set when the function returned: the first stage's node count and the result's value.
    mark: Option<(usize, usize)>,
    /// While a host step runs at trace time, what it does is its own: nothing is recorded and
    /// nothing spoils.
    paused: bool,
    /// The variables the function changed (assigned, or a host step updated), by tensor id: the
    /// storage their latest read saw, or None when not read since the change. A variable keeps its
    /// id when it changes, so a tensor under that id with other storage is a value from before
    /// the change (a tape's saved input), which a program cannot tell apart from the new one.
    changed: IdMap<Option<usize>>,
    /// Products by ones recorded as their other operand (see `times_one`), by the product's tensor
    /// id, with the op and operands that compute them: a product the function returns is
    /// recorded after all, since a result is a tensor of its own, as eager's is.
    aliases: IdMap<(Op, Vec<Operand>)>,
}

/// The address of a tensor's storage (which tensors sharing it share).
fn storage(t: &Tensor) -> usize {
    Rc::as_ptr(&t.buf) as usize
}

impl Trace {
    fn operands(&mut self, tensors: &[&Tensor]) -> Option<Vec<Operand>> {
        if !tensors.iter().any(|t| self.values.contains_key(&t.id)) {
            return None;
        }
        Some(tensors.iter().map(|t| self.operand(t)).collect())
    }

    fn operand(&mut self, t: &Tensor) -> Operand {
        if let Some(&seen) = self.changed.get(&t.id) {
            if seen != Some(storage(t)) && self.spoilt.is_none() {
                self.spoilt = Some("it uses a variable's value from before it changed (for example a gradient taken after an assignment or an optimizer step), which a replay cannot tell from the new value");
            }
        }
        self.values.get(&t.id).map_or_else(|| Operand::Constant(t.clone()), |&v| Operand::Value(v))
    }

    /// Variable `id` changed: its next read is a new node, and its old value is stale.
    fn variable_changed(&mut self, id: crate::tensor::TensorId) {
        self.values.remove(&id);
        self.changed.insert(id, None);
    }

    fn push(&mut self, step: Step, operands: Vec<Operand>, output: &Tensor) {
        self.values.insert(output.id, self.inputs.len() + self.nodes.len());
        self.nodes.push(ProgramNode { step, operands });
    }

    /// The open trace, unless a host step is running.
    fn recording(trace: &mut Option<Trace>) -> Option<&mut Trace> {
        trace.as_mut().filter(|t| !t.paused)
    }
}

/// A replay's inputs have the shapes and dtypes the program was traced with.
fn check_inputs(program: &Program, inputs: &[Tensor]) -> Result<()> {
    if inputs.len() != program.inputs.len() {
        crate::fail!(InvalidArgument, "the program takes {} inputs, got {}", program.inputs.len(), inputs.len());
    }
    if inputs.iter().zip(&program.inputs).any(|(t, traced)| !traced.fits(t)) {
        crate::fail!(ShapeMismatch, "the program's inputs must have the shapes and dtypes it was traced with");
    }
    Ok(())
}

/// A captured variable read at replay still has the shape and dtype it was traced with.
fn check_read(traced: &Meta, variable: &Tensor) -> Result<()> {
    if !traced.fits(variable) {
        crate::fail!(ShapeMismatch, "a variable the program reads changed shape or dtype since it was traced");
    }
    Ok(())
}

/// An operand's tensor among a replay's values.
fn operand_value<'a>(values: &'a [Option<Tensor>], o: &'a Operand) -> &'a Tensor {
    match o {
        // (The plan releases a value after its last reader, and a host step's empty value, or a
        // chain's value kept in registers, is read by no node.)
        Operand::Value(i) => values[*i].as_ref().expect("a replay reads a value it has"),
        Operand::Constant(t) => t,
    }
}

/// The traced value `x` when the op is `x·c` or `c·x` with `c` a constant of ones and the product
/// the same shape and float dtype as `x` (a gradient's seed of ones times a rule's factor, in
/// every training step): IEEE multiplication by one returns its operand, -0, infinities and NaN
/// included, so the product need not be computed.
fn times_one(op: &Op, operands: &[Operand], inputs: &[&Tensor], output: &Tensor) -> Option<usize> {
    if !matches!(op, Op::Binary { kind: BinaryKind::Mul }) || !output.dtype().is_float() {
        return None;
    }
    let is_ones = |t: &Tensor| (0..t.buf.len()).all(|i| t.buf.get_f64(i) == 1.0);
    match (operands, inputs) {
        ([Operand::Value(v), Operand::Constant(c)], [x, _]) | ([Operand::Constant(c), Operand::Value(v)], [_, x])
            if x.shape == output.shape && x.dtype() == output.dtype() && is_ones(c) =>
        {
            Some(*v)
        }
        _ => None,
    }
}

fn meta(t: &Tensor) -> Meta {
    Meta { shape: t.shape.clone(), dtype: t.dtype() }
}

impl Engine {
    /// Starts tracing a function of `inputs` (at most one trace at a time).
    pub fn trace_begin(&mut self, inputs: &[Tensor]) -> Result<()> {
        if self.trace.is_some() {
            crate::fail!(InvalidArgument, "a trace is already being recorded");
        }
        let mut values = IdMap::default();
        for (i, t) in inputs.iter().enumerate() {
            values.insert(t.id, i);
        }
        self.trace = Some(Trace {
            inputs: inputs.iter().map(meta).collect(),
            nodes: Vec::new(),
            values,
            spoilt: None,
            mark: None,
            paused: false,
            changed: IdMap::default(),
            aliases: IdMap::default(),
        });
        Ok(())
    }

    /// Marks the end of the traced function, which returned `result`: the first stage ends here,
    /// and from now on reading traced values is the caller's business (it no longer spoils).
    /// Err with the reason when the run cannot be replayed (the trace is then dropped).
    pub fn trace_mark(&mut self, result: &Tensor) -> std::result::Result<(), &'static str> {
        let trace = self.trace.as_mut().ok_or("no trace was being recorded")?;
        let failure = match (trace.spoilt, trace.values.get(&result.id)) {
            (Some(why), _) => Some(why),
            (None, None) => Some("the result does not depend on the inputs"),
            (None, Some(&value)) => {
                trace.mark = Some((trace.nodes.len(), value));
                None
            }
        };
        match failure {
            Some(why) => {
                self.trace = None;
                Err(why)
            }
            None => Ok(()),
        }
    }

    /// Ends a marked trace. The program computes the marked result and then `derived` (computed
    /// after the mark, or constants); Err with the reason when it cannot.
    pub fn trace_end(&mut self, derived: &[Tensor]) -> std::result::Result<Program, &'static str> {
        let mut trace = self.trace.take().ok_or("no trace was being recorded")?;
        let (first_stage, result) = trace.mark.ok_or("the trace was not marked")?;
        let mut outputs = vec![Operand::Value(result)];
        outputs.extend(derived.iter().map(|t| trace.operand(t)));
        Ok(Program::new(trace.inputs, trace.nodes, first_stage, outputs))
    }

    /// Ends an unmarked trace (a compiled function, one stage) that returned `outputs`. Err with
    /// the reason when the run cannot be replayed.
    pub fn trace_finish(&mut self, outputs: &[Tensor]) -> std::result::Result<Program, &'static str> {
        self.trace_take(outputs).map(ProgramSource::into_program)
    }

    /// `trace_finish` without the planning: what the program is made from, for a caller that
    /// may have it already (`ProgramCache`).
    pub fn trace_take(&mut self, outputs: &[Tensor]) -> std::result::Result<ProgramSource, &'static str> {
        let mut trace = self.trace.take().ok_or("no trace was being recorded")?;
        if trace.mark.is_some() || trace.paused {
            return Err("the trace was marked, or a host step is still running");
        }
        for t in outputs {
            if let Some((op, operands)) = trace.aliases.remove(&t.id) {
                trace.push(Step::Apply(op, meta(t)), operands, t);
            }
        }
        let outputs = outputs.iter().map(|t| trace.operand(t)).collect();
        if let Some(why) = trace.spoilt {
            return Err(why);
        }
        let first_stage = trace.nodes.len();
        Ok(ProgramSource { inputs: trace.inputs, nodes: trace.nodes, first_stage, outputs })
    }

    /// Drops the trace being recorded, if any (the traced function failed).
    pub fn trace_abort(&mut self) {
        self.trace = None;
    }

    /// Marks the open trace as not replayable, with the reason, when `t` is traced (or, for
    /// `None`, whatever the tensor): its values were read, or it was used in a way a replay cannot
    /// repeat. After the mark the function has returned, and nothing spoils it.
    pub fn trace_spoil(&mut self, t: Option<&Tensor>, why: &'static str) {
        if let Some(trace) = Trace::recording(&mut self.trace) {
            if trace.mark.is_none() && trace.spoilt.is_none() && t.is_none_or(|t| trace.values.contains_key(&t.id)) {
                trace.spoilt = Some(why);
            }
        }
    }

    /// Whether reading `t`'s values now would read a traced value before the function returned
    /// (a spoilt trace is never replayed: its function runs as written, and may read anything).
    pub fn trace_reads_traced(&self, t: &Tensor) -> bool {
        self.trace.as_ref().is_some_and(|trace| {
            !trace.paused && trace.mark.is_none() && trace.spoilt.is_none() && trace.values.contains_key(&t.id)
        })
    }

    /// The function reads captured variable `k`, whose tensor is `variable`: the first read since
    /// the trace began (or since the variable last changed) is a node that reads it at replay.
    pub fn trace_read(&mut self, k: usize, variable: &Tensor) {
        if let Some(trace) = Trace::recording(&mut self.trace) {
            if !trace.values.contains_key(&variable.id) {
                trace.push(Step::Read(k, meta(variable)), Vec::new(), variable);
                if let Some(seen) = trace.changed.get_mut(&variable.id) {
                    *seen = Some(storage(variable));
                }
            }
        }
    }

    /// The function assigns `value` to captured variable `k` (tensor id `variable`): a node that
    /// assigns it at replay. Later reads read the variable again.
    pub fn trace_write(&mut self, k: usize, variable: crate::tensor::TensorId, value: &Tensor) {
        if let Some(trace) = Trace::recording(&mut self.trace) {
            let operand = trace.operand(value);
            trace.nodes.push(ProgramNode { step: Step::Write(k), operands: vec![operand] });
            trace.variable_changed(variable);
        }
    }

    /// The function runs host step `id` on `operands`, which may change the variables with tensor
    /// ids `changes` (later reads read them again). Recording pauses until `trace_pause(false)`.
    pub fn trace_host(&mut self, id: u32, operands: &[Tensor], changes: &[crate::tensor::TensorId]) -> Result<()> {
        let Some(trace) = Trace::recording(&mut self.trace) else {
            crate::fail!(InvalidArgument, "no trace is recording a function");
        };
        let operands = operands.iter().map(|t| trace.operand(t)).collect();
        trace.nodes.push(ProgramNode { step: Step::Host { id, value: None }, operands });
        for &id in changes {
            trace.variable_changed(id);
        }
        trace.paused = true;
        Ok(())
    }

    /// The function made `value` from `operands` in a host step `id` of its own (random numbers
    /// drawn in JavaScript): at replay the caller makes it again from the replay's operands and
    /// supplies it (`Replay::supply`).
    pub fn trace_host_value(&mut self, id: u32, operands: &[Tensor], value: &Tensor) {
        if let Some(trace) = Trace::recording(&mut self.trace) {
            let operands = operands.iter().map(|t| trace.operand(t)).collect();
            trace.push(Step::Host { id, value: Some(meta(value)) }, operands, value);
        }
    }

    /// Pauses recording (a host step runs: what it does is its own, neither recorded nor
    /// spoiling), or resumes it; `trace_host` pauses too.
    pub fn trace_pause(&mut self, paused: bool) {
        if let Some(trace) = &mut self.trace {
            trace.paused = paused;
        }
    }

    /// Called by `apply` after every op: a node when the op read a traced tensor.
    pub(crate) fn trace_op(&mut self, op: &Op, inputs: &[&Tensor], output: &Tensor) {
        if let Some(trace) = Trace::recording(&mut self.trace) {
            if let Some(operands) = trace.operands(inputs) {
                if let Some(v) = times_one(op, &operands, inputs, output) {
                    // x·1 is x, bit for bit: the output is x's value, and no node computes it.
                    trace.values.insert(output.id, v);
                    trace.aliases.insert(output.id, (op.clone(), operands));
                    return;
                }
                trace.push(Step::Apply(op.clone(), meta(output)), operands, output);
            }
        }
    }

    /// `stop_gradient` while tracing.
    pub(crate) fn trace_stop_gradient(&mut self, input: &Tensor, output: &Tensor) {
        if let Some(trace) = Trace::recording(&mut self.trace) {
            if let Some(operands) = trace.operands(&[input]) {
                trace.push(Step::StopGradient, operands, output);
            }
        }
    }

    /// Runs the first stage of `program` on `inputs` (the traced inputs' shapes and dtypes): the
    /// function's result is `replay.output(program, 0)`. For the solvers' programs, which neither
    /// capture variables nor pause.
    pub fn replay_start(&mut self, program: &Program, inputs: Vec<Tensor>) -> Result<Replay> {
        let mut replay = Replay::new(program, &inputs)?;
        self.replay_to(program, &mut replay, program.first_stage, &mut NoVariables)?;
        replay.stage = 1;
        Ok(replay)
    }

    /// Runs the second stage after `replay_start`: every output is then ready.
    pub fn replay_finish(&mut self, program: &Program, replay: &mut Replay) -> Result<()> {
        if replay.stage != 1 {
            crate::fail!(InvalidArgument, "the program's second stage runs once, after the first");
        }
        self.replay_to(program, replay, program.nodes.len(), &mut NoVariables)?;
        replay.stage = 2;
        Ok(())
    }

    /// Runs a compiled function's program from where `replay` stands (begun by `Replay::new`) to
    /// its end or its next host step, reading and assigning variables through `io`.
    pub fn replay_run(&mut self, program: &Program, replay: &mut Replay, io: &mut dyn ReplayIo) -> Result<Progress> {
        self.replay_to(program, replay, program.nodes.len(), io)
    }

    /// Runs all of a program that neither captures variables nor pauses (a planned gradient).
    pub(crate) fn replay_whole(&mut self, program: &Program, replay: &mut Replay) -> Result<()> {
        self.replay_to(program, replay, program.nodes.len(), &mut NoVariables).map(|_| ())
    }

    fn replay_to(&mut self, program: &Program, replay: &mut Replay, end: usize, io: &mut dyn ReplayIo) -> Result<Progress> {
        let start = replay.next;
        if start > 0 && matches!(program.nodes[start - 1].step, Step::Host { .. }) {
            replay.release(program, &program.releases[start - 1]); // the host step ran: its operands may go
        }
        let mut index = start;
        while index < end {
            if let Some(chain) = &program.fused[index] {
                let generated = program.installed.get().and_then(|i| i.chains[chain.ordinal].as_ref());
                fusion::run(chain, &mut replay.values, program.inputs.len(), &mut replay.workspaces[chain.ordinal], &mut replay.kept, generated)?;
                for &node in &chain.deferred {
                    self.replay_node(program, replay, node, io)?;
                }
                replay.release(program, &program.releases[index]); // (the whole chain's: see Program::new)
                index = chain.end();
                continue;
            }
            if let Step::Host { id, value } = &program.nodes[index].step {
                replay.next = index + 1;
                return Ok(Progress::Host { id: *id, node: index, makes_value: value.is_some() });
            }
            self.replay_node(program, replay, index, io)?;
            replay.release(program, &program.releases[index]);
            index += 1;
        }
        replay.next = index;
        Ok(Progress::Done)
    }

    /// Runs node `index` (not a host step) and keeps its value.
    fn replay_node(&mut self, program: &Program, replay: &mut Replay, index: usize, io: &mut dyn ReplayIo) -> Result<()> {
        let node = &program.nodes[index];
        let values = &replay.values;
        let operand = |o| operand_value(values, o);
        let out = match &node.step {
            Step::Read(k, traced) => {
                let value = io.read(*k)?;
                check_read(traced, &value)?;
                value
            }
            Step::Host { .. } => crate::fail!(Internal, "a host step runs in the caller"),
            Step::Write(k) => {
                let value = operand(&node.operands[0]);
                io.write(*k, value)?;
                value.clone()
            }
            Step::Apply(..) | Step::StopGradient => {
                // Up to four operands (every op but concat) in an array: no allocation per node.
                let first = operand(&node.operands[0]);
                let mut few: [&Tensor; 4] = [first; 4];
                let many: Vec<&Tensor>;
                let operands: &[&Tensor] = if node.operands.len() <= 4 {
                    for (slot, o) in few.iter_mut().zip(&node.operands).skip(1) {
                        *slot = operand(o);
                    }
                    &few[..node.operands.len()]
                } else {
                    many = node.operands.iter().map(operand).collect();
                    &many
                };
                match &node.step {
                    Step::Apply(op, out) => self.apply_inferred(op, operands, out.clone())?,
                    _ => self.stop_gradient(operands[0]),
                }
            }
        };
        replay.values[program.inputs.len() + index] = Some(out);
        Ok(())
    }
}

impl Replay {
    /// Drops the values at `indices`. The buffer of a small value a chain stores is kept instead,
    /// when nothing else shares it (the caller was not given it, no variable was assigned it), for
    /// the chain to write next time.
    fn release(&mut self, program: &Program, indices: &[usize]) {
        let count = self.values.len();
        for &v in indices {
            if self.values[v].is_none() {
                continue; // a chain's value kept in registers (checked first: `take` moves the whole slot)
            }
            let Some(value) = self.values[v].take() else { continue };
            let buf = &value.buf;
            if program.chain_stored[v] && Rc::strong_count(buf) == 1 && Rc::weak_count(buf) == 0 && buf.len() * buf.dtype().byte_size() <= fusion::KEPT_MAX_BYTES {
                if self.kept.len() < count {
                    self.kept.resize_with(count, || None); // (a replay that keeps nothing allocates nothing)
                }
                self.kept[v] = Some(value);
            }
        }
    }

    /// A replay of `program` on `inputs` (the traced inputs' shapes and dtypes), not yet run.
    pub fn new(program: &Program, inputs: &[Tensor]) -> Result<Replay> {
        let mut replay = Replay { values: Vec::new(), next: 0, stage: 0, workspaces: Vec::new(), kept: Vec::new() };
        replay.restart(program, inputs)?;
        Ok(replay)
    }

    /// Starts this replay again, on `inputs`, keeping its storage (a compiled function replays
    /// once per call).
    pub fn restart(&mut self, program: &Program, inputs: &[Tensor]) -> Result<()> {
        check_inputs(program, inputs)?;
        self.values.clear();
        self.values.extend(inputs.iter().cloned().map(Some));
        self.restarted(program);
        Ok(())
    }

    /// `restart` on inputs it takes (`inputs` is left empty).
    pub(crate) fn restart_taking(&mut self, program: &Program, inputs: &mut Vec<Tensor>) -> Result<()> {
        check_inputs(program, inputs)?;
        self.values.clear();
        self.values.extend(inputs.drain(..).map(Some));
        self.restarted(program);
        Ok(())
    }

    /// The rest of a restart on new inputs: a place for every node's value, a workspace per chain.
    fn restarted(&mut self, program: &Program) {
        self.values.resize_with(program.inputs.len() + program.nodes.len(), || None);
        self.workspaces.resize_with(program.chains, Default::default);
        self.next = 0;
        self.stage = 0;
    }

    /// Drops the values this replay holds (keeping its storage for `restart`).
    pub fn clear(&mut self) {
        self.values.clear();
    }

    /// Gives the value host step `node` (where `replay_run` paused) made.
    pub fn supply(&mut self, program: &Program, node: usize, value: Tensor) -> Result<()> {
        match &program.nodes[node].step {
            Step::Host { value: Some(traced), .. } if traced.fits(&value) => {
                self.values[program.inputs.len() + node] = Some(value);
                Ok(())
            }
            _ => crate::fail!(InvalidArgument, "host step {node} makes no value of this shape and dtype"),
        }
    }

    /// The operands of the host step at `node` (where `replay_run` paused).
    pub fn host_operands<'a>(&'a self, program: &'a Program, node: usize) -> impl ExactSizeIterator<Item = &'a Tensor> + Clone + 'a {
        program.nodes[node].operands.iter().map(|o| operand_value(&self.values, o))
    }

    /// Output `k` of `program` (0: the function's result; the others after `replay_finish`).
    pub fn output<'a>(&'a self, program: &'a Program, k: usize) -> &'a Tensor {
        operand_value(&self.values, &program.outputs[k])
    }
}

#[cfg(test)]
mod tests {
    use crate::dtype::{Buffer, DType};
    use crate::{Engine, Tensor};

    #[test]
    fn a_replay_computes_what_the_traced_ops_computed_in_two_stages() {
        let mut e = Engine::new();
        let a = e.scalar(DType::F64, 2.0);
        let x = Tensor::new(vec![3], Buffer::F64(vec![1.0, 2.0, 3.0]));
        e.trace_begin(std::slice::from_ref(&a)).unwrap();
        let c = e.scalar(DType::F64, 10.0);
        let ten_x = e.mul(&x, &c).unwrap(); // no traced operand: a constant of the program
        let ax = e.mul(&a, &ten_x).unwrap();
        let stopped = e.stop_gradient(&ax);
        let y = e.add(&stopped, &a).unwrap();
        e.trace_mark(&y).unwrap();
        let twice = e.add(&y, &y).unwrap(); // the second stage
        let program = e.trace_end(std::slice::from_ref(&twice)).unwrap_or_else(|why| panic!("not replayable: {why}"));
        assert_eq!(program.outputs(), 2);
        let b = e.scalar(DType::F64, -1.0);
        let mut replay = e.replay_start(&program, vec![b]).unwrap();
        assert_eq!(replay.output(&program, 0).to_f64_vec(), vec![-11.0, -21.0, -31.0]);
        e.replay_finish(&program, &mut replay).unwrap();
        assert_eq!(replay.output(&program, 1).to_f64_vec(), vec![-22.0, -42.0, -62.0]);
        assert!(e.replay_finish(&program, &mut replay).is_err(), "the second stage runs once");
    }

    #[test]
    fn a_product_with_a_constant_of_ones_of_the_same_shape_is_its_other_operand_and_no_node() {
        use super::{Operand, Program, Step};
        let products = |p: &Program| p.nodes.iter().filter(|n| matches!(n.step, Step::Apply(..))).count();
        let bits = |t: &Tensor| t.to_f64_vec().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        let x = Tensor::new(vec![3], Buffer::F32(vec![-0.0, f32::INFINITY, 2.5]));
        let y = Tensor::new(vec![3], Buffer::F32(vec![-0.0, f32::NAN, -7.0]));
        let ones = Tensor::new(vec![3], Buffer::F32(vec![1.0; 3]));
        let wider = Tensor::new(vec![2, 3], Buffer::F32(vec![1.0; 6]));
        let mut e = Engine::new();
        e.trace_begin(std::slice::from_ref(&x)).unwrap();
        let one = e.scalar(DType::F32, 1.0);
        let a = e.mul(&ones, &x).unwrap(); // the seed's ones times a factor, as in a gradient
        let b = e.mul(&a, &one).unwrap();
        let c = e.mul(&b, &wider).unwrap(); // broadcast to [2, 3]: a node
        let twos = e.scalar(DType::F32, 2.0);
        let d = e.mul(&b, &twos).unwrap(); // not ones: a node, which reads x itself
        let program = e.trace_finish(&[c, d]).unwrap();
        assert_eq!(products(&program), 2, "x·ones and x·1 are x; x·ones[2, 3] and x·2 are computed");
        assert!(program.nodes.iter().all(|n| matches!(n.operands[0], Operand::Value(0))), "both read x");
        let mut replay = super::Replay::new(&program, std::slice::from_ref(&y)).unwrap();
        e.replay_run(&program, &mut replay, &mut super::NoVariables).unwrap();
        assert_eq!(replay.output(&program, 0).shape, vec![2, 3]);
        assert_eq!(bits(replay.output(&program, 1))[2], (-14.0f64).to_bits());
        // A product by ones that the function returns is computed: a result is a tensor of its
        // own (a new id for tapes), as eager's is, not the input under another name.
        e.trace_begin(std::slice::from_ref(&x)).unwrap();
        let a = e.mul(&x, &ones).unwrap();
        let program = e.trace_finish(std::slice::from_ref(&a)).unwrap();
        assert_eq!(products(&program), 1);
        assert!(matches!(program.outputs[0], Operand::Value(1)), "the product's node");
        let mut replay = super::Replay::new(&program, std::slice::from_ref(&y)).unwrap();
        e.replay_run(&program, &mut replay, &mut super::NoVariables).unwrap();
        assert_eq!(bits(replay.output(&program, 0)), bits(&y));
        assert_ne!(replay.output(&program, 0).id, y.id);
    }

    /// Variables in a map by capture index, as the wasm layer keeps them in its handle table.
    struct Vars(Vec<Tensor>);

    impl super::ReplayIo for Vars {
        fn read(&mut self, k: usize) -> crate::Result<Tensor> {
            Ok(self.0[k].clone())
        }
        fn write(&mut self, k: usize, value: &Tensor) -> crate::Result<()> {
            self.0[k].buf = value.buf.clone();
            Ok(())
        }
    }

    #[test]
    fn a_function_reads_and_assigns_variables_live_and_pauses_at_host_steps() {
        use super::{Progress, Replay};
        let mut e = Engine::new();
        let x = e.scalar(DType::F64, 3.0);
        let v = e.scalar(DType::F64, 10.0);
        e.trace_begin(std::slice::from_ref(&x)).unwrap();
        // y = x * v; v := v + y; host step on y (may change v); z = v - x
        e.trace_read(0, &v);
        let y = e.mul(&x, &v).unwrap();
        e.trace_read(0, &v); // a second read is the same node
        let sum = e.add(&v, &y).unwrap();
        e.trace_write(0, v.id, &sum);
        e.trace_host(7, std::slice::from_ref(&y), &[v.id]).unwrap();
        let ignored = e.neg(&y).unwrap(); // the host step's own work is not recorded
        e.trace_pause(false);
        e.trace_read(0, &v);
        let z = e.sub(&v, &x).unwrap();
        let drawn = e.scalar(DType::F64, 0.5); // "random numbers": made by the host at every replay
        e.trace_host_value(8, &[], &drawn);
        let noisy = e.add(&z, &drawn).unwrap();
        let program = e.trace_finish(&[y.clone(), noisy, ignored]).unwrap_or_else(|why| panic!("not replayable: {why}"));

        let mut vars = Vars(vec![Tensor::scalar(DType::F64, 2.0)]);
        let mut replay = Replay::new(&program, &[e.scalar(DType::F64, 5.0)]).unwrap();
        let Progress::Host { id, node, .. } = e.replay_run(&program, &mut replay, &mut vars).unwrap() else { panic!("no pause") };
        assert_eq!(id, 7);
        assert_eq!(replay.host_operands(&program, node).next().unwrap().to_f64_vec(), vec![10.0]);
        assert_eq!(vars.0[0].to_f64_vec(), vec![12.0], "assigned before the host step");
        vars.0[0] = Tensor::scalar(DType::F64, 100.0); // what the host step did
        let Progress::Host { id, node, .. } = e.replay_run(&program, &mut replay, &mut vars).unwrap() else { panic!("no pause") };
        assert_eq!(id, 8);
        assert!(replay.supply(&program, node, Tensor::new(vec![1], crate::dtype::Buffer::F64(vec![0.25]))).is_err(), "the traced shape");
        replay.supply(&program, node, e.scalar(DType::F64, 0.25)).unwrap();
        assert_eq!(e.replay_run(&program, &mut replay, &mut vars).unwrap(), Progress::Done);
        assert_eq!(replay.output(&program, 0).to_f64_vec(), vec![10.0]);
        assert_eq!(replay.output(&program, 1).to_f64_vec(), vec![95.25], "v read again after the host step, plus the supplied value");
        assert_eq!(replay.output(&program, 2).to_f64_vec(), vec![-30.0], "a constant: the host's work");
    }

    /// `Vars` as a scalar replay reads and assigns them; its host step (id 7) adds the sum of its
    /// operands to variable 0 in place, as an optimizer step would, and counts itself.
    struct ScalarVars(Vars, usize);

    impl super::ScalarIo for ScalarVars {
        fn read(&mut self, k: usize) -> crate::Result<&Tensor> {
            Ok(&self.0 .0[k])
        }
        fn write(&mut self, k: usize, value: f64, meta: &crate::ops::Meta) -> crate::Result<()> {
            self.0 .0[k] = Tensor::scalar(meta.dtype, value);
            Ok(())
        }
        fn host(&mut self, id: u32, operands: &[f64], metas: &[crate::ops::Meta]) -> crate::Result<()> {
            assert_eq!((id, operands.len(), metas.len()), (7, 2, 2));
            let v = &mut self.0 .0[0];
            *v = Tensor::scalar(v.dtype(), v.buf.get_f64(0) + operands[0] + operands[1]);
            self.1 += 1;
            Ok(())
        }
    }

    #[test]
    fn a_scalar_program_replays_on_registers_with_the_interpreters_bits() {
        use super::{Progress, Replay, ScalarRegisters};
        use crate::op::{Op, UnaryKind};
        for dtype in [DType::F32, DType::F64] {
            let mut e = Engine::new();
            let x = e.scalar(dtype, 0.3);
            let v = e.scalar(dtype, 1.7);
            e.trace_begin(std::slice::from_ref(&x)).unwrap();
            // y = tanh(x / v) * 3 - x; v := v + y (reshaped); host step on (y, x); z = exp(v) - y
            e.trace_read(0, &v);
            let q = e.div(&x, &v).unwrap();
            let t = e.unary(UnaryKind::Tanh, &q).unwrap();
            let three = e.scalar(dtype, 3.0);
            let y = e.mul(&t, &three).unwrap();
            let y = e.sub(&y, &x).unwrap();
            let sum = e.add(&v, &y).unwrap();
            let sum = e.apply(Op::Reshape { shape: vec![1] }, &[&sum]).unwrap();
            let sum = e.apply(Op::Reshape { shape: vec![] }, &[&sum]).unwrap();
            e.trace_write(0, v.id, &sum);
            e.trace_host(7, &[y.clone(), x.clone()], &[v.id]).unwrap();
            e.trace_pause(false);
            e.trace_read(0, &v);
            let ev = e.unary(UnaryKind::Exp, &v).unwrap();
            let z = e.sub(&ev, &y).unwrap();
            let program = e.trace_finish(&[y.clone(), z, three.clone()]).unwrap_or_else(|why| panic!("not replayable: {why}"));
            assert!(program.is_scalar(), "{dtype:?}");

            let input = e.scalar(dtype, -1.25);
            let start = || Vars(vec![Tensor::scalar(dtype, 0.75)]);
            // The interpreter, running the host step as ScalarVars does.
            let mut vars = start();
            let mut replay = Replay::new(&program, std::slice::from_ref(&input)).unwrap();
            let Progress::Host { node, .. } = e.replay_run(&program, &mut replay, &mut vars).unwrap() else { panic!("no pause") };
            let operands: Vec<f64> = replay.host_operands(&program, node).map(|t| t.buf.get_f64(0)).collect();
            let mut io = ScalarVars(vars, 0);
            super::ScalarIo::host(&mut io, 7, &operands, &vec![crate::ops::Meta { shape: Default::default(), dtype }; 2]).unwrap();
            let mut vars = io.0;
            assert_eq!(e.replay_run(&program, &mut replay, &mut vars).unwrap(), Progress::Done);
            let expected: Vec<Vec<u64>> = (0..3).map(|k| replay.output(&program, k).to_f64_vec().iter().map(|v| v.to_bits()).collect()).collect();
            // On registers, twice (the second call reuses them).
            let mut registers = ScalarRegisters::default();
            for call in 0..2 {
                let mut io = ScalarVars(start(), 0);
                let outputs = program.scalar_run(&mut registers, std::slice::from_ref(&input), &mut io).unwrap();
                let got: Vec<Vec<u64>> = outputs.iter().map(|t| t.to_f64_vec().iter().map(|v| v.to_bits()).collect()).collect();
                assert_eq!(got, expected, "{dtype:?}, call {call}");
                assert_eq!(outputs[0].shape, y.shape);
                assert_eq!(io.1, 1, "the host step ran once");
                assert_eq!(io.0 .0[0].buf.get_f64(0).to_bits(), vars.0[0].buf.get_f64(0).to_bits(), "the variable as the interpreter left it");
            }
            assert!(program.scalar_run(&mut registers, &[e.scalar(DType::I32, 1.0)], &mut ScalarVars(start(), 0)).is_err(), "the traced dtype");
        }
    }

    #[test]
    fn a_program_with_a_value_of_more_than_one_element_or_another_dtype_is_not_scalar() {
        use crate::dtype::Buffer;
        use crate::op::Op;
        let mut e = Engine::new();
        let x = e.scalar(DType::F32, 2.0);
        let pair = Tensor::new(vec![2], Buffer::F32(vec![1.0, 2.0]));
        e.trace_begin(std::slice::from_ref(&x)).unwrap();
        let y = e.mul(&x, &pair).unwrap();
        assert!(!e.trace_finish(&[y]).unwrap().is_scalar(), "a value of two elements");
        e.trace_begin(std::slice::from_ref(&x)).unwrap();
        let wide = e.scalar(DType::F64, 2.0);
        let three = e.scalar(DType::F32, 3.0);
        let y = e.mul(&x, &three).unwrap();
        let z = e.apply(Op::Cast { dtype: DType::F64 }, &[&y]).unwrap();
        let z = e.mul(&z, &wide).unwrap();
        assert!(!e.trace_finish(&[z]).unwrap().is_scalar(), "a float64 value in a float32 program");
        e.trace_begin(std::slice::from_ref(&x)).unwrap();
        let y = e.mul(&x, &x).unwrap();
        let program = e.trace_finish(&[y]).unwrap();
        assert!(program.is_scalar());
        let mut registers = super::ScalarRegisters::default();
        let out = program.scalar_run(&mut registers, &[e.scalar(DType::F32, -3.0)], &mut ScalarVars(Vars(vec![]), 0)).unwrap();
        assert_eq!(out[0].to_f64_vec(), vec![9.0]);
    }

    #[test]
    fn a_restarted_replay_writes_its_chains_into_the_buffers_it_kept_and_never_into_one_shared() {
        use super::{Program, Progress, Replay};
        use crate::op::{ReduceKind, UnaryKind};
        use std::rc::Rc;
        let data = |seed: f64| Tensor::new(vec![5], Buffer::F32((0..5).map(|i| (i as f32 + 1.0) * seed as f32).collect()));
        // a = x/2, b = exp(a) (stored: the sum reads it), c = b - x (stored: returned), w := b + v
        // (stored: assigned); the total is a node of its own.
        let f = |e: &mut Engine, x: &Tensor, v: &Tensor| {
            let half = e.scalar(DType::F32, 0.5);
            let a = e.mul(x, &half).unwrap();
            let b = e.unary(UnaryKind::Exp, &a).unwrap();
            let c = e.sub(&b, x).unwrap();
            let total = e.reduce(ReduceKind::Sum, &b, &[0], false).unwrap();
            let assigned = e.add(&b, v).unwrap();
            (c, total, assigned)
        };
        let mut e = Engine::new();
        let v0 = data(0.25);
        let x = data(1.0);
        e.trace_begin(std::slice::from_ref(&x)).unwrap();
        e.trace_read(0, &v0);
        let (c, total, assigned) = f(&mut e, &x, &v0);
        e.trace_write(0, v0.id, &assigned);
        let program = e.trace_finish(&[c, total]).unwrap();
        let chain = program.fused.iter().flatten().next().expect("a chain");
        let stored = |program: &Program| -> Vec<usize> {
            program.chain_stored.iter().enumerate().filter(|(_, &s)| s).map(|(v, _)| v).collect()
        };
        assert_eq!(stored(&program).len(), 3, "b, c and b + v are stored");
        assert!(chain.nodes.len() >= 4);

        let mut vars = Vars(vec![v0.clone()]);
        let mut replay = Replay::new(&program, &[data(1.0)]).unwrap();
        let mut held = Vec::new(); // each call's outputs and assigned value, as a caller holds them
        let mut kept_at = None;
        for call in 0..4 {
            let x = data(1.0 + call as f64);
            let before = vars.0[0].clone();
            replay.restart(&program, std::slice::from_ref(&x)).unwrap();
            assert_eq!(e.replay_run(&program, &mut replay, &mut vars).unwrap(), Progress::Done);
            let (c, total, assigned) = f(&mut e, &x, &before);
            let bits = |t: &Tensor| t.to_f64_vec().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(replay.output(&program, 0)), bits(&c), "call {call}: c");
            assert_eq!(bits(replay.output(&program, 1)), bits(&total), "call {call}: the total");
            assert_eq!(bits(&vars.0[0]), bits(&assigned), "call {call}: the assignment");
            held.push((replay.output(&program, 0).clone(), vars.0[0].clone(), c, assigned));
            // The replay holds only what it returns: the chain released its range's values at once.
            assert_eq!(replay.values.iter().flatten().count(), 2, "call {call}: values held");
            // Only b comes back: the caller holds c, and the variable holds b + v.
            let kept: Vec<usize> = (0..replay.kept.len()).filter(|&v| replay.kept[v].is_some()).collect();
            assert_eq!(kept.len(), 1, "call {call}: kept {kept:?}");
            let at = Rc::as_ptr(&replay.kept[kept[0]].as_ref().unwrap().buf);
            assert!(kept_at.is_none_or(|k| k == at), "call {call}: b is written where it was the last time");
            kept_at = Some(at);
            replay.clear();
        }
        for (call, (c, assigned, expected_c, expected_assigned)) in held.iter().enumerate() {
            assert_eq!(c.to_f64_vec(), expected_c.to_f64_vec(), "call {call}'s c, after the later calls");
            assert_eq!(assigned.to_f64_vec(), expected_assigned.to_f64_vec(), "call {call}'s assignment, after the later calls");
        }
    }

    #[test]
    fn a_spoilt_trace_or_an_unconnected_result_gives_no_program() {
        let mut e = Engine::new();
        let a = e.scalar(DType::F64, 2.0);
        e.trace_begin(std::slice::from_ref(&a)).unwrap();
        let y = e.neg(&a).unwrap();
        assert!(e.trace_reads_traced(&y));
        e.trace_spoil(Some(&y), "read");
        // A spoilt trace is never replayed: its values may be read.
        assert!(!e.trace_reads_traced(&y));
        assert_eq!(e.trace_mark(&y).err(), Some("read"));
        e.trace_begin(std::slice::from_ref(&a)).unwrap();
        let other = e.scalar(DType::F64, 1.0);
        let z = e.neg(&other).unwrap();
        e.trace_spoil(Some(&z), "an untraced read does not spoil");
        assert_eq!(e.trace_mark(&z).err(), Some("the result does not depend on the inputs"));
        // After the mark, reads are the caller's.
        e.trace_begin(std::slice::from_ref(&a)).unwrap();
        let y = e.neg(&a).unwrap();
        e.trace_mark(&y).unwrap();
        e.trace_spoil(Some(&y), "read after the mark");
        assert!(e.trace_end(&[]).is_ok());
        assert!(e.trace_begin(std::slice::from_ref(&a)).is_ok());
        assert!(e.trace_begin(std::slice::from_ref(&a)).is_err(), "one trace at a time");
    }
}

#[cfg(test)]
mod fusion_tests {
    use crate::dtype::{Buffer, DType};
    use crate::op::{Op, ReduceKind, UnaryKind};
    use crate::trace::{Operand, Program, Replay};
    use std::rc::Rc;
    use crate::{Engine, Tensor};

    /// The chain lengths of a program, by first node.
    fn chains(program: &Program) -> Vec<(usize, usize)> {
        program.fused.iter().enumerate().filter_map(|(i, f)| f.as_ref().map(|f| (i, f.nodes.len()))).collect()
    }

    #[test]
    fn a_chain_of_one_element_equals_the_ops_one_by_one() {
        // Scalars and [1]: the pass without chunks (`fusion::scalar_pass`), with transcendental
        // unary kernels, binary ops, a fill, a stored value read after the chain, and NaN.
        for dtype in [DType::F32, DType::F64] {
            for shape in [vec![], vec![1]] {
                let one = |v: f64| Tensor::new(shape.clone(), if dtype == DType::F32 { Buffer::F32(vec![v as f32]) } else { Buffer::F64(vec![v]) });
                let f = |e: &mut Engine, x: &Tensor| -> Vec<Tensor> {
                    let t = e.unary(UnaryKind::Tanh, x).unwrap();
                    let third = e.scalar(dtype, 1.0 / 3.0);
                    let a = e.mul(&t, &third).unwrap();
                    let b = e.unary(UnaryKind::Exp, &a).unwrap();
                    let c = e.sub(&b, x).unwrap();
                    let d = e.unary(UnaryKind::Sqrt, &c).unwrap(); // NaN where c < 0
                    let spread = e.apply(Op::BroadcastTo { shape: shape.clone() }, &[&d]).unwrap();
                    let g = e.mul(&spread, &b).unwrap();
                    let total = e.reduce(ReduceKind::Sum, &g, &(0..shape.len()).collect::<Vec<_>>(), false).unwrap();
                    vec![g, total, b]
                };
                let mut e = Engine::new();
                let x0 = one(0.5);
                e.trace_begin(std::slice::from_ref(&x0)).unwrap();
                let traced = f(&mut e, &x0);
                let program = e.trace_finish(&traced).unwrap();
                assert!(!chains(&program).is_empty(), "{dtype:?} {shape:?}: a chain");
                let mut replay = Replay::new(&program, &[one(0.5)]).unwrap();
                for x in [0.5, -2.25, 3.0e-3, 7.5] {
                    replay.restart(&program, &[one(x)]).unwrap();
                    e.replay_run(&program, &mut replay, &mut super::NoVariables).unwrap();
                    for (k, expected) in f(&mut e, &one(x)).iter().enumerate() {
                        let bits = |t: &Tensor| t.to_f64_vec().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
                        assert_eq!(bits(replay.output(&program, k)), bits(expected), "{dtype:?} {shape:?}, x = {x}: output {k}");
                    }
                    replay.clear();
                }
            }
        }
    }

    #[test]
    fn a_fused_chain_equals_the_ops_one_by_one_across_chunks_and_broadcasts() {
        for dtype in [DType::F32, DType::F64] {
            // 1,037 elements: two whole chunks and a tail that is not a whole SIMD vector.
            let n = 1037;
            let values = |k: f64| {
                let v = (0..n).map(|i| ((i as f64) * 0.37 + k).sin());
                let buf = match dtype {
                    DType::F32 => Buffer::F32(v.map(|x| x as f32).collect()),
                    _ => Buffer::F64(v.collect()),
                };
                Tensor::new(vec![n], buf)
            };
            let (x, c) = (values(0.0), values(1.0));
            let mut e = Engine::new();
            let f = |e: &mut Engine, x: &Tensor| -> Vec<Tensor> {
                let half = e.scalar(dtype, 0.5);
                let a = e.mul(x, &half).unwrap(); // a broadcast constant
                let b = e.unary(UnaryKind::Tanh, &a).unwrap();
                let d = e.sub(&b, &c).unwrap(); // a whole constant
                let g = e.unary(UnaryKind::Exp, &d).unwrap();
                let total = e.reduce(ReduceKind::Sum, &g, &[0], false).unwrap(); // ends the chain
                let spread = e.apply(Op::BroadcastTo { shape: vec![n] }, &[&total]).unwrap(); // a fill
                let h = e.mul(&spread, &b).unwrap();
                let k = e.add(&h, x).unwrap();
                vec![b, k, total]
            };
            e.trace_begin(std::slice::from_ref(&x)).unwrap();
            let traced = f(&mut e, &x);
            let program = e.trace_finish(&traced).unwrap();
            assert_eq!(chains(&program), vec![(0, 4), (5, 3)], "two chains around the sum");
            let y = values(2.0);
            let mut replay = Replay::new(&program, std::slice::from_ref(&y)).unwrap();
            e.replay_run(&program, &mut replay, &mut super::NoVariables).unwrap();
            let eager = f(&mut e, &y);
            for (k, expected) in eager.iter().enumerate() {
                let got = replay.output(&program, k);
                assert_eq!((&got.shape, got.to_f64_vec()), (&expected.shape, expected.to_f64_vec()), "output {k} in {dtype:?}");
            }
        }
    }

    #[test]
    fn values_read_after_a_chain_are_stored_and_the_others_are_not() {
        let mut e = Engine::new();
        let a = e.scalar(DType::F32, 1.0);
        let b = e.scalar(DType::F32, 2.0);
        e.trace_begin(&[a.clone(), b.clone()]).unwrap();
        let c = e.scalar(DType::F32, 10.0);
        let s1 = e.add(&a, &b).unwrap();
        let s2 = e.add(&s1, &c).unwrap();
        let s3 = e.add(&s2, &b).unwrap();
        let z = e.neg(&s3).unwrap();
        let program = e.trace_finish(&[z, s3]).unwrap();
        assert_eq!(chains(&program), vec![(0, 4)]);
        assert_eq!(program.fused[0].as_ref().unwrap().stored, vec![false, false, true, true]);
        let mut replay = Replay::new(&program, &[e.scalar(DType::F32, 100.0), b]).unwrap();
        e.replay_run(&program, &mut replay, &mut super::NoVariables).unwrap();
        assert_eq!(replay.output(&program, 0).to_f64_vec(), vec![-114.0]);
        assert_eq!(replay.output(&program, 1).to_f64_vec(), vec![114.0]);
    }

    #[test]
    fn a_least_squares_gradient_fuses_its_elementwise_ops_and_chains_stop_at_the_stage_mark() {
        let mut e = Engine::new();
        let w = Tensor::new(vec![2, 1], Buffer::F32(vec![0.5, -1.0]));
        let x = Tensor::new(vec![6, 2], Buffer::F32((0..12).map(|i| i as f32).collect()));
        let y = Tensor::new(vec![6, 1], Buffer::F32((0..6).map(|i| i as f32).collect()));
        e.trace_begin(std::slice::from_ref(&w)).unwrap();
        let tape = e.new_tape(false).unwrap();
        e.push_tape(tape).unwrap();
        e.watch(tape, &w).unwrap();
        let p = e.apply(Op::MatMul { transpose_a: false, transpose_b: false }, &[&x, &w]).unwrap();
        let r = e.sub(&p, &y).unwrap();
        let sq = e.mul(&r, &r).unwrap();
        let loss = e.reduce(ReduceKind::Sum, &sq, &[0, 1], false).unwrap();
        e.trace_mark(&loss).unwrap();
        let grads = e.gradient(tape, std::slice::from_ref(&loss), &[w], &[]).unwrap();
        let program = e.trace_end(&[grads[0].clone().unwrap()]).unwrap();
        // [x·w, sub, mul], sum | the mark | [add, xᵀ·g] (g·r and r·g are r: g is the seed's ones)
        assert_eq!(program.first_stage, 4);
        assert_eq!(chains(&program), vec![(0, 3), (4, 2)]);
    }

    /// One compiled least-squares step, as `tf.function` records it: the loss (returned) and its
    /// gradient with respect to w, from x [m, k] and y [m, 1].
    fn least_squares_step(e: &mut Engine, x: &Tensor, y: &Tensor, w: &Tensor) -> Vec<Tensor> {
        let tape = e.new_tape(false).unwrap();
        e.push_tape(tape).unwrap();
        e.watch(tape, w).unwrap();
        let p = e.apply(Op::MatMul { transpose_a: false, transpose_b: false }, &[x, w]).unwrap();
        let r = e.sub(&p, y).unwrap();
        let sq = e.unary(UnaryKind::Square, &r).unwrap();
        let total = e.reduce(ReduceKind::Sum, &sq, &[0, 1], false).unwrap();
        let count = e.scalar(w.dtype(), x.shape[0] as f64);
        let loss = e.div(&total, &count).unwrap();
        e.pop_tape(tape).unwrap();
        let grads = e.gradient(tape, std::slice::from_ref(&loss), std::slice::from_ref(w), &[]).unwrap();
        vec![loss, grads[0].clone().unwrap()]
    }

    /// The chains a module of generated chains serves.
    fn served(module: &super::GeneratedModule) -> Vec<usize> {
        match &module.serves {
            super::Serves::Chains(chains, _) => chains.clone(),
            super::Serves::Step(_) => panic!("a scalar program's step, not chains"),
        }
    }

    #[test]
    fn a_scalar_program_of_arithmetic_and_a_last_optimizer_step_gets_a_generated_step() {
        // (The step runs only in wasm: test/function-generated.test.ts checks its bits.)
        // d = v - x, negated or exp'd; loss = d·d (returned); an optimizer step on d; then,
        // optionally, an assignment or another read after it.
        let program = |exp: bool, assign: bool, after: bool| {
            let mut e = Engine::new();
            let x = e.scalar(DType::F32, 0.5);
            let v = e.scalar(DType::F32, 1.5);
            e.trace_begin(std::slice::from_ref(&x)).unwrap();
            e.trace_read(0, &v);
            let d = e.sub(&v, &x).unwrap();
            let d = e.unary(if exp { UnaryKind::Exp } else { UnaryKind::Neg }, &d).unwrap();
            let loss = e.mul(&d, &d).unwrap();
            if assign {
                e.trace_write(0, v.id, &loss);
            }
            e.trace_host(7, std::slice::from_ref(&d), &[v.id]).unwrap();
            e.trace_pause(false);
            let out = if after {
                e.trace_read(0, &v);
                e.add(&v, &loss).unwrap()
            } else {
                loss
            };
            let program = e.trace_finish(&[out]).unwrap();
            assert!(program.is_scalar());
            program
        };
        let module = program(false, false, false).generated_module().expect("a generated step");
        assert_eq!((&module.bytes[..4], module.functions()), (&b"\0asm"[..], 1));
        let super::Serves::Step(layout) = &module.serves else { panic!("a step") };
        let one = super::Meta { shape: Default::default(), dtype: DType::F32 };
        assert_eq!((&layout.inputs, &layout.reads, layout.updated, &layout.outputs), (&vec![one.clone()], &vec![(0, one.clone())], 1, &vec![one]));
        // Entries: the input, the read, w m v, the four constants, the output.
        assert_eq!((layout.constants_at(), layout.outputs_at(), layout.entries()), (5, 9, 10));
        assert!(program(true, false, false).generated_module().is_none(), "exp's scalar form is a kernel");
        assert!(program(false, true, false).generated_module().is_none(), "an assignment");
        assert!(program(false, false, true).generated_module().is_none(), "a read after the optimizer step");
    }

    #[test]
    fn reads_one_chain_and_a_last_optimizer_step_get_a_generated_step() {
        // (The step runs only in wasm: test/function-generated-step.test.ts checks its bits.)
        // The tutorial's step: w read, the chain of the loss's gradient, the optimizer step on it;
        // returning the loss, or a second step's value after it, keeps only the chain generated.
        let (m, k) = (20, 3);
        let x = Tensor::new(vec![m, k], Buffer::F32((0..m * k).map(|i| (i as f32 * 0.37).sin()).collect()));
        let y = Tensor::new(vec![m, 1], Buffer::F32((0..m).map(|i| (i as f32 * 0.11).cos()).collect()));
        let w = Tensor::new(vec![k, 1], Buffer::F32(vec![0.5, -0.25, 1.0]));
        let program = |returns_loss: bool| {
            let mut e = Engine::new();
            e.trace_begin(&[]).unwrap();
            e.trace_read(0, &w);
            let tape = e.new_tape(false).unwrap();
            e.push_tape(tape).unwrap();
            e.watch(tape, &w).unwrap();
            let p = e.apply(Op::MatMul { transpose_a: false, transpose_b: false }, &[&x, &w]).unwrap();
            let r = e.sub(&y, &p).unwrap();
            let sq = e.unary(UnaryKind::Square, &r).unwrap();
            let loss = e.reduce(ReduceKind::Sum, &sq, &[0, 1], false).unwrap();
            e.pop_tape(tape).unwrap();
            let grads = e.gradient(tape, std::slice::from_ref(&loss), std::slice::from_ref(&w), &[]).unwrap();
            e.trace_host(7, &[grads[0].clone().unwrap()], &[w.id]).unwrap();
            e.trace_pause(false);
            e.trace_finish(if returns_loss { std::slice::from_ref(&loss) } else { &[] }).unwrap()
        };
        let module = program(false).generated_module().expect("a module");
        let super::Serves::Chains(chains, Some(layout)) = &module.serves else { panic!("the chain and a step") };
        assert_eq!((chains.len(), module.functions()), (1, 2));
        let meta = super::Meta { shape: vec![k, 1].into(), dtype: DType::F32 };
        let reads: Vec<&super::ChainArg> = layout.args.iter().filter(|a| matches!(a, super::ChainArg::Read(..))).collect();
        assert_eq!(reads, vec![&super::ChainArg::Read(0, meta)]);
        assert!(layout.args.iter().any(|a| *a == super::ChainArg::Constant(x.buf.as_ptr() as usize)), "x, read where the program holds it");
        assert_eq!(layout.args.last(), Some(&super::ChainArg::Buffer { elements: k }), "the gradient, the chain's row sum");
        assert_eq!(layout.updated, vec![k]);
        assert_eq!(layout.constants_at() % 2, 0);
        assert_eq!(layout.words(), layout.constants_at() + 8);
        let module = program(true).generated_module().expect("a module");
        assert!(matches!(&module.serves, super::Serves::Chains(chains, None) if chains.len() == 1), "a program with a result");
    }

    #[test]
    fn small_chains_of_exact_instructions_get_a_generated_module_and_others_do_not() {
        // (The generated functions run only in wasm: test/function-generated.test.ts checks their bits.)
        let program_of = |dtype: DType, m: usize, k: usize| {
            let filled = |shape: Vec<usize>| {
                let n = crate::shape::size_of(&shape);
                match dtype {
                    DType::F32 => Tensor::new(shape, Buffer::F32((0..n).map(|i| (i as f32 * 0.37).sin()).collect())),
                    _ => Tensor::new(shape, Buffer::F64((0..n).map(|i| (i as f64 * 0.37).sin()).collect())),
                }
            };
            let (x, y, w) = (filled(vec![m, k]), filled(vec![m, 1]), filled(vec![k, 1]));
            let mut e = Engine::new();
            e.trace_begin(std::slice::from_ref(&w)).unwrap();
            let outputs = least_squares_step(&mut e, &x, &y, &w);
            e.trace_finish(&outputs).unwrap()
        };
        // A row product is generated where its rows are shorter than four of the kernels' vectors
        // (16 float32 values in wasm, 8 float64; natively the kernels have one lane).
        use crate::kernels::{simd::Simd, Element};
        let f32_lanes = <<f32 as Element>::Lanes as Simd>::LANES;
        let f64_lanes = <<f64 as Element>::Lanes as Simd>::LANES;
        for (dtype, m, k, lanes) in [(DType::F32, 20, 3, f32_lanes), (DType::F32, 20, 16, f32_lanes), (DType::F64, 20, 3, f64_lanes), (DType::F64, 20, 8, f64_lanes)] {
            let module = program_of(dtype, m, k).generated_module();
            assert_eq!(module.is_some(), k < 4 * lanes, "{dtype:?} {m}×{k}");
            if let Some(module) = module {
                assert_eq!((&module.bytes[..4], served(&module)), (&b"\0asm"[..], vec![0]));
            }
        }
        assert!(program_of(DType::F32, 5000, 1).generated_module().is_none(), "too many rows");
        // Elementwise chains: generated with exact instructions, not with exp (a polynomial, not
        // one IEEE operation), nor over 4,096 elements.
        let elementwise = |n: usize, exp: bool| {
            let mut e = Engine::new();
            let v = Tensor::new(vec![n], Buffer::F32((0..n).map(|i| i as f32 - 2.5).collect()));
            e.trace_begin(std::slice::from_ref(&v)).unwrap();
            let c = e.scalar(DType::F32, 2.0);
            let a = if exp { e.unary(UnaryKind::Exp, &v).unwrap() } else { e.unary(UnaryKind::Square, &v).unwrap() };
            let out = e.mul(&a, &c).unwrap();
            let program = e.trace_finish(std::slice::from_ref(&out)).unwrap();
            assert_eq!(chains(&program).len(), 1);
            program.generated_module().as_ref().map(served)
        };
        assert_eq!(elementwise(6, false), Some(vec![0]));
        assert_eq!(elementwise(6, true), None);
        assert_eq!(elementwise(5000, false), None);
    }

    #[test]
    fn a_program_keeps_no_constant_of_one_repeated_value_whole() {
        // The gradient of a sum over m rows spreads one value over [m, 1]: a constant of the
        // program, which its chain reads as that one value. Only x and y stay whole.
        let (m, k) = (10_000, 3);
        let x = Tensor::new(vec![m, k], Buffer::F32((0..m * k).map(|i| (i as f32 * 0.37).sin()).collect()));
        let y = Tensor::new(vec![m, 1], Buffer::F32((0..m).map(|i| (i as f32 * 0.11).cos()).collect()));
        let w = Tensor::new(vec![k, 1], Buffer::F32(vec![0.5, -0.25, 1.0]));
        let mut e = Engine::new();
        e.trace_begin(std::slice::from_ref(&w)).unwrap();
        let outputs = least_squares_step(&mut e, &x, &y, &w);
        let program = e.trace_finish(&outputs).unwrap();
        let in_nodes = program.nodes.iter().flat_map(|n| &n.operands).filter_map(|o| match o {
            Operand::Constant(t) => Some(t),
            Operand::Value(_) => None,
        });
        let in_chains = program.fused.iter().flatten().flat_map(|f| f.constants());
        let large: Vec<&Tensor> = in_nodes.chain(in_chains).filter(|t| t.buf.len() >= m).collect();
        assert!(!large.is_empty(), "the chain reads x and y");
        for t in large {
            assert!(Rc::ptr_eq(&t.buf, &x.buf) || Rc::ptr_eq(&t.buf, &y.buf), "a constant of shape {:?} stays whole", t.shape);
        }
    }

    #[test]
    fn a_least_squares_step_reads_its_matrix_in_one_fused_pass_and_equals_the_ops_one_by_one() {
        // 1,037 rows: two whole chunks and a tail that is not a whole group of four rows; 40,003:
        // two whole blocks of the transposed product's sum (SUM_BLOCK rows) and a partial one.
        // k = 1 (no row sum: its transposed product is a dot product), 3 and 20 (scalar tails,
        // other product kernels) and 8 (vectors only).
        for dtype in [DType::F32, DType::F64] {
            for (k, m) in [1, 3, 8, 20].into_iter().flat_map(|k| [(k, 1037), (k, 40_003)]) {
                let filled = |shape: Vec<usize>, seed: f64| {
                    let v = (0..crate::shape::size_of(&shape)).map(|i| ((i as f64) * 0.731 + seed).sin());
                    let buf = match dtype {
                        DType::F32 => Buffer::F32(v.map(|x| x as f32).collect()),
                        _ => Buffer::F64(v.collect()),
                    };
                    Tensor::new(shape, buf)
                };
                let (x, y) = (filled(vec![m, k], 0.0), filled(vec![m, 1], 1.0));
                let mut e = Engine::new();
                let w0 = filled(vec![k, 1], 2.0);
                e.trace_begin(std::slice::from_ref(&w0)).unwrap();
                let traced = least_squares_step(&mut e, &x, &y, &w0);
                let program = e.trace_finish(&traced).unwrap();
                if k == 8 {
                    // x·w, sub, square, [sum, div deferred], 2·r, c·(2r), xᵀ·g: one chain.
                    let chain = program.fused[0].as_ref().expect("a chain at the product");
                    assert_eq!((chain.nodes.clone(), chain.deferred.clone()), (vec![0, 1, 2, 5, 6, 7], vec![3, 4]));
                    assert_eq!(chain.stored, vec![false, false, true, false, false, true], "the squares (the sum reads them) and xᵀ·g");
                }
                let w = filled(vec![k, 1], 3.0);
                let mut replay = Replay::new(&program, std::slice::from_ref(&w)).unwrap();
                e.replay_run(&program, &mut replay, &mut super::NoVariables).unwrap();
                // Only the outputs stay: the chain released its range's values (a row sum's too).
                assert_eq!(replay.values.iter().flatten().count(), traced.len(), "values held, k = {k}");
                let eager = least_squares_step(&mut e, &x, &y, &w);
                for (i, expected) in eager.iter().enumerate() {
                    let got = replay.output(&program, i);
                    let bits = |t: &Tensor| t.to_f64_vec().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
                    assert_eq!((&got.shape, bits(got)), (&expected.shape, bits(expected)), "output {i}, k = {k}, {dtype:?}");
                }
            }
        }
    }

    #[test]
    fn nodes_nothing_needs_are_not_replayed() {
        let mut e = Engine::new();
        let a = e.scalar(DType::F64, 2.0);
        e.trace_begin(std::slice::from_ref(&a)).unwrap();
        let unused = e.unary(UnaryKind::Exp, &a).unwrap();
        let _also_unused = e.neg(&unused).unwrap();
        let y = e.mul(&a, &a).unwrap();
        let program = e.trace_finish(&[y]).unwrap();
        assert_eq!(program.nodes.len(), 1, "only the product stays");
        let mut replay = Replay::new(&program, &[e.scalar(DType::F64, 3.0)]).unwrap();
        e.replay_run(&program, &mut replay, &mut super::NoVariables).unwrap();
        assert_eq!(replay.output(&program, 0).to_f64_vec(), vec![9.0]);
    }

    /// A trace that repeats one op for op, with the same constants bit for bit, shares its
    /// program; a trace that differs in anything a program keeps (a constant's value or sign of
    /// zero, an op or its parameter, a shape) gets a program of its own, as does a trace whose
    /// constants are too large to keep in a key.
    #[test]
    fn a_repeated_trace_shares_its_program_and_any_difference_plans_anew() {
        use super::ProgramCache;
        use crate::op::{Op, PadMode, UnaryKind};
        use std::rc::Rc;
        // x · c then an op, on an input of `n` elements, as a compiled function's trace.
        let source = |e: &mut Engine, n: usize, c: &Tensor, op: Op| {
            let x = Tensor::new(vec![n], Buffer::F64(vec![1.5; n]));
            e.trace_begin(std::slice::from_ref(&x)).unwrap();
            let y = e.mul(&x, c).unwrap();
            let z = e.apply(op, &[&y]).unwrap();
            e.trace_take(std::slice::from_ref(&z)).unwrap()
        };
        let pad = |value: f64| Op::PadNd { paddings: vec![1, 1], mode: PadMode::Constant, constant_value: value };
        let mut e = Engine::new();
        let mut cache = ProgramCache::default();
        let two = e.scalar(DType::F64, 2.0);
        let square = Op::Unary { kind: UnaryKind::Square };
        let first = cache.program_of(source(&mut e, 3, &two, square.clone()));
        let two_again = e.scalar(DType::F64, 2.0);
        let again = cache.program_of(source(&mut e, 3, &two_again, square.clone()));
        assert!(Rc::ptr_eq(&first, &again), "the same trace (an equal constant made anew) shares the program");
        let three = e.scalar(DType::F64, 3.0);
        let others = [
            cache.program_of(source(&mut e, 3, &three, square.clone())),
            cache.program_of(source(&mut e, 4, &two, square.clone())),
            cache.program_of(source(&mut e, 3, &two, Op::Unary { kind: UnaryKind::Exp })),
            cache.program_of(source(&mut e, 3, &two, pad(0.0))),
        ];
        for (i, other) in others.iter().enumerate() {
            assert!(!Rc::ptr_eq(&first, other), "difference {i} shares the first program");
        }
        assert!(Rc::ptr_eq(&others[3], &cache.program_of(source(&mut e, 3, &two, pad(0.0)))));
        assert!(!Rc::ptr_eq(&others[3], &cache.program_of(source(&mut e, 3, &two, pad(-0.0)))), "pad with 0 and with -0");
        let (zero, negative_zero) = (e.scalar(DType::F64, 0.0), e.scalar(DType::F64, -0.0));
        let by_zero = cache.program_of(source(&mut e, 3, &zero, square.clone()));
        let by_negative_zero = cache.program_of(source(&mut e, 3, &negative_zero, square.clone()));
        assert!(!Rc::ptr_eq(&by_zero, &by_negative_zero), "0 and -0 are different constants");
        // A shared program's replay computes what a program planned anew computes.
        let planned = source(&mut e, 3, &two, square.clone()).into_program();
        let x = Tensor::new(vec![3], Buffer::F64(vec![0.5, -1.0, 4.0]));
        let mut outputs = Vec::new();
        for program in [&*first, &planned] {
            let mut replay = e.replay_start(program, vec![x.clone()]).unwrap();
            e.replay_run(program, &mut replay, &mut super::NoVariables).unwrap();
            outputs.push(replay.output(program, 0).to_f64_vec());
        }
        assert_eq!(outputs[0], vec![1.0, 4.0, 64.0]);
        assert_eq!(outputs[0], outputs[1]);
        // A program whose key would pass 256 KiB (here a constant of 40,000 elements) is planned
        // each time; one of 20,000 is kept.
        for (n, kept) in [(20_000, true), (40_000, false)] {
            let big = Tensor::new(vec![n], Buffer::F64(vec![2.0; n]));
            let a = cache.program_of(source(&mut e, n, &big, square.clone()));
            let b = cache.program_of(source(&mut e, n, &big, square.clone()));
            assert_eq!(Rc::ptr_eq(&a, &b), kept, "{n} elements");
        }
        // Eight programs are kept, the least recently used leaving first: after eight others,
        // the first trace is planned again.
        for n in 10..18 {
            cache.program_of(source(&mut e, n, &two, square.clone()));
        }
        assert!(!Rc::ptr_eq(&first, &cache.program_of(source(&mut e, 3, &two, square))));
    }
}
