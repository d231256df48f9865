//! The TypeScript wrappers are generated from the op table: `ts/generated/{table,ops}.ts` are rendered
//! here from `gradtape_core::op::specs()`. This test fails when the checked-in file is stale;
//! `npm run gen` (which sets GRADTAPE_WRITE_GENERATED=1) rewrites it.

use gradtape_core::op::{specs, Arity, OpSpec, OutDType};
use std::fmt::Write;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ts/generated");

/// The TypeScript signature (after the tensor) and the call, per family; None for ops whose
/// public wrapper is written by hand (family `custom`) or that are internal (no TF name).
fn wrapper(s: &OpSpec) -> Option<(String, String, String)> {
    let js = s.js;
    let (params, args, call) = match s.family {
        "unary" => ("".to_string(), "".to_string(), format!("unaryOp(OP.{js}, x)")),
        "binary" | "compare" => ("y: TensorLike".to_string(), "y".to_string(), format!("binaryOp(OP.{js}, x, y)")),
        "reduce" => (
            "axis?: Axes, keepdims = false".to_string(),
            "axis, keepdims".to_string(),
            format!("reduceOp(OP.{js}, x, axis, keepdims)"),
        ),
        "argReduce" => ("axis = 0".to_string(), "axis".to_string(), format!("argReduceOp(OP.{js}, x, axis)")),
        "cumulative" => (
            "axis = 0, exclusive = false, reverse = false".to_string(),
            "axis, exclusive, reverse".to_string(),
            format!("cumulativeOp(OP.{js}, x, axis, exclusive, reverse)"),
        ),
        _ => return None,
    };
    if s.tf.is_empty() {
        return None;
    }
    Some((params, args, call))
}

/// The method form's parameter list: the same as the function's, minus defaults' values when
/// TypeScript needs optional markers instead.
fn method_params(params: &str) -> String {
    params
        .split(", ")
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once(" = ") {
            Some((name, default)) => {
                let ty = if default == "false" { "boolean" } else { "number" };
                format!("{name}?: {ty}")
            }
            None => p.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The dtypes an op takes, in words.
fn dtypes_text(s: &OpSpec) -> &'static str {
    match s.dtypes.name() {
        "float" => "float32 and float64 tensors",
        "numeric" => "float32, float64 and int32 tensors",
        "bool" => "bool tensors",
        _ => "tensors of any dtype",
    }
}

/// The doc comment of a generated wrapper, from the table's metadata (what editors show on hover
/// and the API reference prints): TensorFlow's name, what the op takes and gives, and its method form.
fn doc(s: &OpSpec, method_args: &str) -> String {
    let (tf, js, dtypes) = (s.tf, s.js, dtypes_text(s));
    let result = match s.out {
        OutDType::Bool => "a bool tensor",
        OutDType::Int32 => "an int32 tensor (TensorFlow's int64 does not fit a JS number)",
        _ => "a tensor of the input's dtype",
    };
    let body = match s.family {
        "unary" => match s.out {
            OutDType::Bool => format!("`{tf}`, elementwise. Takes {dtypes}; returns a bool tensor of the same shape."),
            _ => format!("`{tf}`, elementwise. Takes {dtypes}; returns a tensor of the same dtype and shape."),
        },
        "binary" | "compare" => format!(
            "`{tf}`, elementwise with NumPy broadcasting. Takes {dtypes}; returns {}\n * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.",
            if matches!(s.out, OutDType::Bool) { "a bool tensor" } else { "a tensor" }
        ),
        "reduce" => format!(
            "`{tf}` over `axis` (a number or a list; all axes when omitted; negative axes count\n * from the end); `keepdims` keeps the reduced axes with length 1. Takes {dtypes}; returns {result}."
        ),
        "argReduce" => format!("`{tf}` along `axis` (default 0; negative counts from the end). Takes {dtypes};\n * returns {result}."),
        "cumulative" => format!(
            "`{tf}` along `axis` (default 0): with `exclusive`, each entry leaves out its own\n * element; with `reverse`, it runs from the end. Takes {dtypes}; returns {result}."
        ),
        _ => format!("`{tf}`."),
    };
    format!("/**\n * {body}\n * Also a Tensor method: `x.{js}({method_args})`.\n */")
}

const HEADER: &str = "// Generated from the op table (crates/gradtape-core/src/op.rs) by `npm run gen`. Do not edit:\n\
// `cargo test --test generated_ts` fails when this file and the table differ.\n\n";

/** `table.ts`: the codes and what each op takes and gives (no imports: the runtime reads it). */
fn render_table() -> String {
    let specs = specs();
    let mut out = String::from(HEADER);
    out += "/** Op codes: the rows of the op table. */\nexport const OP = {\n";
    for s in &specs {
        writeln!(out, "  {}: {},", s.js, s.code).unwrap();
    }
    out += "} as const;\n\n";

    out += "/** Per code: the JavaScript name, the dtypes the op takes, its result dtype and its input count (-1: any). */\n";
    out += "export const OP_INFO: readonly (readonly [name: string, dtypes: 'float' | 'numeric' | 'bool' | 'any', out: 'same' | 'bool' | 'int32' | 'param', inputs: number])[] = [\n";
    for s in &specs {
        let out_dtype = match s.out {
            OutDType::Same => "same",
            OutDType::Bool => "bool",
            OutDType::Int32 => "int32",
            OutDType::Param => "param",
        };
        let inputs = match s.arity {
            Arity::Fixed(n) => n as i64,
            Arity::Variadic => -1,
        };
        writeln!(out, "  ['{}', '{}', '{out_dtype}', {inputs}],", s.js, s.dtypes.name()).unwrap();
    }
    out += "];\n";
    out
}

/** `ops.ts`: a function and a Tensor method per public op of the generated families. */
fn render_ops() -> String {
    let specs = specs();
    let mut out = String::from(HEADER);
    out += "import { type Axes, argReduceOp, binaryOp, cumulativeOp, reduceOp, unaryOp } from '../call';\n";
    out += "import type { Tensor, TensorLike } from '../tensor';\n";
    out += "import { OP } from './table';\n\n";

    let mut methods = String::new();
    let mut impls = String::new();
    for s in &specs {
        let Some((params, args, call)) = wrapper(s) else { continue };
        let sep = if params.is_empty() { "" } else { ", " };
        writeln!(out, "{}\nexport function {}(x: TensorLike{sep}{params}): Tensor {{\n  return {call};\n}}\n", doc(s, &args), s.js).unwrap();
        let mparams = method_params(&params);
        writeln!(methods, "  /** `{}` with this tensor first. */\n  {}({mparams}): Tensor;", s.tf, s.js).unwrap();
        // Elementwise methods call the family's helper themselves (one frame less per op, which
        // counts while V8 runs a loop's first steps unoptimized); the others call the function,
        // whose defaults fill the arguments the method leaves out.
        let body = match s.family {
            "unary" | "binary" | "compare" => call.replacen(", x", ", this", 1),
            _ => format!("{}(this{}{args})", s.js, if args.is_empty() { "" } else { ", " }),
        };
        writeln!(impls, "  {}(this: Tensor{sep}{mparams}): Tensor {{\n    return {body};\n  }},", s.js).unwrap();
    }
    out += "/** The table's ops as Tensor methods (`x.sigmoid()`, `x.reduceMax(1)`). */\nexport interface TensorOps {\n";
    out += &methods;
    out += "}\n\n";
    out += "/** @internal Installed on Tensor.prototype at start-up (not part of the API). */\nexport const tensorOps: { [K in keyof TensorOps]: (this: Tensor, ...args: never[]) => Tensor } = {\n";
    out += &impls;
    out += "};\n";
    out
}

#[test]
fn generated_typescript_is_fresh() {
    for (file, want) in [("table.ts", render_table()), ("ops.ts", render_ops())] {
        let path = format!("{DIR}/{file}");
        if std::env::var("GRADTAPE_WRITE_GENERATED").is_ok() {
            std::fs::create_dir_all(DIR).unwrap();
            std::fs::write(&path, &want).unwrap();
            continue;
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(have == want, "ts/generated/{file} is stale: the op table changed. Run `npm run gen` and commit the result.");
    }
}
