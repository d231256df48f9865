//! A minimal WebAssembly module writer for generated code: functions of one type `(i32) -> ()`
//! over an imported memory (`env.memory`, limits 0 to 65,536 pages, which every gradtape memory
//! fits; the host marks the import shared when the memory is). Only what `generated` emits: locals,
//! loads and stores at static offsets, float arithmetic, and counted loops.

/// The value types of locals.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum ValType {
    I32,
    F32,
    F64,
}

impl ValType {
    fn code(self) -> u8 {
        match self {
            ValType::I32 => 0x7f,
            ValType::F32 => 0x7d,
            ValType::F64 => 0x7c,
        }
    }
}

fn unsigned(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn signed(out: &mut Vec<u8>, mut n: i64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        let done = (n == 0 && byte & 0x40 == 0) || (n == -1 && byte & 0x40 != 0);
        out.push(if done { byte } else { byte | 0x80 });
        if done {
            return;
        }
    }
}

fn name(out: &mut Vec<u8>, s: &str) {
    unsigned(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn section(out: &mut Vec<u8>, id: u8, body: &[u8]) {
    out.push(id);
    unsigned(out, body.len() as u64);
    out.extend_from_slice(body);
}

/// The opcodes of one float type.
pub(super) struct Float {
    pub(super) t: ValType,
    pub(super) bytes: u32,
    pub(super) align: u8,
    pub(super) load: u8,
    pub(super) store: u8,
    pub(super) add: u8,
    pub(super) sub: u8,
    pub(super) mul: u8,
    pub(super) div: u8,
    pub(super) neg: u8,
    pub(super) abs: u8,
    pub(super) sqrt: u8,
    pub(super) eq: u8,
    pub(super) lt: u8,
    pub(super) gt: u8,
}

#[rustfmt::skip]
const F32: Float = Float { t: ValType::F32, bytes: 4, align: 2, load: 0x2a, store: 0x38, add: 0x92, sub: 0x93, mul: 0x94, div: 0x95, neg: 0x8c, abs: 0x8b, sqrt: 0x91, eq: 0x5b, lt: 0x5d, gt: 0x5e };
#[rustfmt::skip]
const F64: Float = Float { t: ValType::F64, bytes: 8, align: 3, load: 0x2b, store: 0x39, add: 0xa0, sub: 0xa1, mul: 0xa2, div: 0xa3, neg: 0x9a, abs: 0x99, sqrt: 0x9f, eq: 0x61, lt: 0x63, gt: 0x64 };

/// `select`: the first operand where the condition (the third) is not zero, else the second.
pub(super) const SELECT: u8 = 0x1b;

impl Float {
    /// The opcodes of `dtype` (a float dtype).
    pub(super) fn of(dtype: crate::dtype::DType) -> Float {
        if dtype == crate::dtype::DType::F32 { F32 } else { F64 }
    }


    pub(super) fn constant(&self, b: &mut Body, value: f64) {
        if self.bytes == 4 {
            b.f32_const(value as f32);
        } else {
            b.f64_const(value);
        }
    }

    pub(super) fn zero(&self, b: &mut Body) {
        self.constant(b, 0.0);
    }
}

/// One function's body: its locals (after the one i32 parameter, local 0) and its code.
#[derive(Clone)]
pub(super) struct Body {
    locals: Vec<ValType>,
    code: Vec<u8>,
}

impl Body {
    pub(super) fn new() -> Body {
        Body { locals: Vec::new(), code: Vec::new() }
    }

    /// A new local of type `t`; its index.
    pub(super) fn local(&mut self, t: ValType) -> u32 {
        self.locals.push(t);
        self.locals.len() as u32 // (local 0 is the parameter)
    }

    fn op(&mut self, code: u8) -> &mut Self {
        self.code.push(code);
        self
    }

    pub(super) fn get(&mut self, local: u32) -> &mut Self {
        self.code.push(0x20);
        unsigned(&mut self.code, local.into());
        self
    }

    pub(super) fn set(&mut self, local: u32) -> &mut Self {
        self.code.push(0x21);
        unsigned(&mut self.code, local.into());
        self
    }

    pub(super) fn i32_const(&mut self, value: i32) -> &mut Self {
        self.code.push(0x41);
        signed(&mut self.code, value.into());
        self
    }

    pub(super) fn i32_add(&mut self) -> &mut Self {
        self.op(0x6a)
    }

    pub(super) fn i32_lt_u(&mut self) -> &mut Self {
        self.op(0x49)
    }

    /// i32.load at the address on the stack plus `offset`.
    pub(super) fn i32_load(&mut self, offset: u32) -> &mut Self {
        self.memory(0x28, 2, offset)
    }

    /// A float load (0x2a f32, 0x2b f64) or store (0x38, 0x39) at the address on the stack plus `offset`.
    pub(super) fn memory(&mut self, code: u8, align: u8, offset: u32) -> &mut Self {
        self.code.extend_from_slice(&[code, align]);
        unsigned(&mut self.code, offset.into());
        self
    }

    pub(super) fn f32_const(&mut self, value: f32) -> &mut Self {
        self.code.push(0x43);
        self.code.extend_from_slice(&value.to_le_bytes());
        self
    }

    pub(super) fn f64_const(&mut self, value: f64) -> &mut Self {
        self.code.push(0x44);
        self.code.extend_from_slice(&value.to_le_bytes());
        self
    }

    /// An instruction without immediates (a float op).
    pub(super) fn plain(&mut self, code: u8) -> &mut Self {
        self.op(code)
    }

    /// `block` (void) `loop` (void): the start of a loop that `br_if 0` repeats.
    pub(super) fn loop_start(&mut self) -> &mut Self {
        self.code.extend_from_slice(&[0x02, 0x40, 0x03, 0x40]);
        self
    }

    /// Repeats the loop while the i32 on the stack is not zero, and closes it.
    pub(super) fn loop_end_if(&mut self) -> &mut Self {
        self.code.extend_from_slice(&[0x0d, 0x00, 0x0b, 0x0b]);
        self
    }

    fn encode(&self, out: &mut Vec<u8>) {
        let mut body = Vec::new();
        // Locals in runs of one type.
        let mut runs: Vec<(u32, ValType)> = Vec::new();
        for &t in &self.locals {
            match runs.last_mut() {
                Some((count, last)) if *last == t => *count += 1,
                _ => runs.push((1, t)),
            }
        }
        unsigned(&mut body, runs.len() as u64);
        for (count, t) in runs {
            unsigned(&mut body, count.into());
            body.push(t.code());
        }
        body.extend_from_slice(&self.code);
        body.push(0x0b); // end
        unsigned(out, body.len() as u64);
        out.extend_from_slice(&body);
    }
}

/// The module of `bodies`, exported as "0", "1", ... in order.
pub(super) fn module(bodies: &[Body]) -> Vec<u8> {
    let mut out = vec![0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    section(&mut out, 1, &[0x01, 0x60, 0x01, 0x7f, 0x00]); // one type: (i32) -> ()
    let mut imports = vec![0x01];
    name(&mut imports, "env");
    name(&mut imports, "memory");
    imports.extend_from_slice(&[0x02, 0x01, 0x00]); // memory, limits with a maximum, minimum 0
    unsigned(&mut imports, 65536);
    section(&mut out, 2, &imports);
    let mut functions = Vec::new();
    unsigned(&mut functions, bodies.len() as u64);
    functions.extend(std::iter::repeat_n(0x00, bodies.len()));
    section(&mut out, 3, &functions);
    let mut exports = Vec::new();
    unsigned(&mut exports, bodies.len() as u64);
    for i in 0..bodies.len() {
        name(&mut exports, &i.to_string());
        exports.push(0x00);
        unsigned(&mut exports, i as u64);
    }
    section(&mut out, 7, &exports);
    let mut code = Vec::new();
    unsigned(&mut code, bodies.len() as u64);
    for body in bodies {
        body.encode(&mut code);
    }
    section(&mut out, 10, &code);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn leb128_encodes_as_the_specification_gives() {
        let enc = |n: u64| {
            let mut v = Vec::new();
            super::unsigned(&mut v, n);
            v
        };
        assert_eq!(enc(0), [0]);
        assert_eq!(enc(127), [0x7f]);
        assert_eq!(enc(128), [0x80, 0x01]);
        assert_eq!(enc(65536), [0x80, 0x80, 0x04]);
        let senc = |n: i64| {
            let mut v = Vec::new();
            super::signed(&mut v, n);
            v
        };
        assert_eq!(senc(0), [0]);
        assert_eq!(senc(63), [0x3f]);
        assert_eq!(senc(64), [0xc0, 0x00]);
        assert_eq!(senc(-1), [0x7f]);
        assert_eq!(senc(-65), [0xbf, 0x7f]);
    }

    #[test]
    fn an_empty_function_makes_a_well_formed_module() {
        let bytes = super::module(&[super::Body::new()]);
        assert_eq!(&bytes[..8], b"\0asm\x01\0\0\0");
        // type, import, function, export and code sections, in order
        let mut at = 8;
        let mut ids = Vec::new();
        while at < bytes.len() {
            ids.push(bytes[at]);
            let (mut len, mut shift) = (0usize, 0);
            at += 1;
            loop {
                let b = bytes[at];
                at += 1;
                len |= ((b & 0x7f) as usize) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            at += len;
        }
        assert_eq!(ids, [1, 2, 3, 7, 10]);
        assert_eq!(at, bytes.len());
    }
}
