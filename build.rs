// The macro library is embedded with include_dir!, which cargo cannot track:
// rebuild whenever a library file changes.
//
// The built-in `statements.toml` becomes Rust data here
// (`$OUT_DIR/statements.rs`, read by `Signatures::builtin`): no build
// parses TOML for it. The file is read with the very types the program
// reads an `-I` directory's `statements.toml` with.

#[path = "src/eval/signature_raw.rs"]
#[allow(dead_code)]
mod raw;

use indexmap::IndexMap;
use raw::{ConstructKind, DefaultValue, RawSignature};
use std::fmt::Write;

fn main() {
    println!("cargo:rerun-if-changed=macros");
    println!("cargo:rerun-if-changed=platforms");
    println!("cargo:rerun-if-changed=grammar");
    println!("cargo:rerun-if-changed=src/eval/signature_raw.rs");
    let text = std::fs::read_to_string("macros/statements.toml").expect("macros/statements.toml");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("statements.rs");
    // A file that does not parse is reported by the program, as for any
    // statements.toml (the test `builtin_signatures_parse` fails).
    let code = match toml::from_str::<IndexMap<String, RawSignature>>(&text) {
        Ok(sigs) => {
            check(&sigs);
            rust_data(&sigs)
        }
        Err(e) => format!(
            "static BUILTIN: Result<&[BuiltinSignature], &str> = Err({:?});\n",
            e.to_string()
        ),
    };
    std::fs::write(out, code).unwrap();
}

/// What the program would refuse in the file, refused here: the program
/// makes a built-in signature only when a build first uses it.
fn check(sigs: &IndexMap<String, RawSignature>) {
    for (name, sig) in sigs {
        match sig.kind {
            ConstructKind::Template if sig.template.is_none() => {
                panic!("macros/statements.toml: {name}: a template construct needs `template`")
            }
            ConstructKind::Function if sig.expr.is_none() => {
                panic!("macros/statements.toml: {name}: a function construct needs `expr`")
            }
            _ => {}
        }
        for p in &sig.params {
            let known = [
                "int", "index", "text", "ref", "pipeline", "any", "format", "bool",
            ]
            .contains(&p.kind.as_str())
                || p.kind.starts_with("one_of:")
                || p.kind.starts_with("record:");
            assert!(
                known,
                "macros/statements.toml: {name}.{}: unknown parameter kind `{}`",
                p.name, p.kind
            );
        }
    }
}

fn opt(v: &Option<String>) -> String {
    match v {
        Some(s) => format!("Some({s:?})"),
        None => "None".into(),
    }
}

fn rust_data(sigs: &IndexMap<String, RawSignature>) -> String {
    let mut s = String::from("static BUILTIN: Result<&[BuiltinSignature], &str> = Ok(&[\n");
    for (name, sig) in sigs {
        let kind = match sig.kind {
            ConstructKind::Pipeline => "Pipeline",
            ConstructKind::Template => "Template",
            ConstructKind::Value => "Value",
            ConstructKind::Function => "Function",
        };
        let _ = writeln!(
            s,
            "BuiltinSignature {{ name: {name:?}, kind: ConstructKind::{kind}, template: {}, expr: {}, summary: {}, params: &[",
            opt(&sig.template),
            opt(&sig.expr),
            opt(&sig.summary)
        );
        for p in &sig.params {
            let default = match &p.default {
                Some(DefaultValue::Int(n)) => format!("Some(BuiltinDefault::Int({n}))"),
                Some(DefaultValue::Text(t)) => format!("Some(BuiltinDefault::Text({t:?}))"),
                None => "None".into(),
            };
            let _ = writeln!(
                s,
                "  BuiltinParam {{ name: {:?}, kind: {:?}, default: {default}, optional: {}, variadic: {}, doc: {}, defines: {} }},",
                p.name,
                p.kind,
                p.optional,
                p.variadic,
                opt(&p.doc),
                opt(&p.defines)
            );
        }
        s.push_str("]},\n");
    }
    s.push_str("]);\n");
    s
}
