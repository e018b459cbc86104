// The macro library is embedded with include_dir!, which cargo cannot track:
// rebuild whenever a library file changes.
//
// The built-in `statements.toml` and `vocabulary.toml` become Rust data here
// (`$OUT_DIR/statements.rs`, read by `Signatures::builtin`;
// `$OUT_DIR/vocabulary.rs`, read by `vocab::vocabulary`): no build parses
// TOML for them. statements.toml is read with the very types the program
// reads an `-I` directory's `statements.toml` with.

#[path = "src/eval/signature_raw.rs"]
#[allow(dead_code, unreachable_pub)]
mod raw;

use indexmap::IndexMap;
use raw::{ConstructKind, DefaultValue, RawSignature};
use std::fmt::Write;

fn main() {
    println!("cargo:rerun-if-changed=macros");
    println!("cargo:rerun-if-changed=platforms");
    println!("cargo:rerun-if-changed=grammar");
    println!("cargo:rerun-if-changed=src/eval/signature_raw.rs");
    // `cargo build-static` links with it (.cargo/config.toml)
    println!("cargo:rerun-if-changed=bench/symbol-order.txt");
    link_without_pie();
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
    vocabulary();
    library_index();
}

/// Every file of `macros/` and `platforms/` (the latter as `platform/…`),
/// embedded, sorted by library path (`$OUT_DIR/library.rs`, read by
/// `library::builtin`): a lookup is a binary search, with nothing to index
/// when tplg starts.
fn library_index() {
    fn walk(dir: &std::path::Path, prefix: &str, out: &mut Vec<(String, std::path::PathBuf)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if p.is_dir() {
                walk(&p, &format!("{prefix}{name}/"), out);
            } else {
                out.push((format!("{prefix}{name}"), p.canonicalize().unwrap()));
            }
        }
    }
    let root = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut files = Vec::new();
    walk(&root.join("macros"), "", &mut files);
    walk(&root.join("platforms"), "platform/", &mut files);
    files.sort();
    let mut s = String::from("static INDEX: &[(&str, &[u8])] = &[\n");
    for (name, path) in &files {
        let _ = writeln!(
            s,
            "    ({name:?}, include_bytes!({:?})),",
            path.display().to_string()
        );
    }
    s.push_str("];\n");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("library.rs");
    std::fs::write(out, s).unwrap();
}

/// `macros/vocabulary.toml` as Rust data (`$OUT_DIR/vocabulary.rs`, read by
/// `vocab::vocabulary`), with the fields `Vocabulary` reads and no others.
fn vocabulary() {
    let text = std::fs::read_to_string("macros/vocabulary.toml").expect("macros/vocabulary.toml");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("vocabulary.rs");
    // in file order (a toml::Table is sorted)
    type Entries = IndexMap<String, IndexMap<String, toml::Value>>;
    let doc: IndexMap<String, Entries> = match toml::from_str(&text) {
        Ok(t) => t,
        // reported by the test that parses the file as the program would
        Err(_) => IndexMap::new(),
    };
    let table = |name: &str, fields: &[&str]| -> Vec<(String, IndexMap<String, toml::Value>)> {
        let Some(t) = doc.get(name) else {
            return Vec::new();
        };
        t.iter()
            .map(|(k, v)| {
                let v = v.clone();
                for f in v.keys() {
                    assert!(
                        fields.contains(&f.as_str()),
                        "macros/vocabulary.toml: {name}.{k}: unknown field `{f}`"
                    );
                }
                (k.clone(), v)
            })
            .collect()
    };
    let st = |t: &IndexMap<String, toml::Value>, f: &str| {
        format!(
            "{:?}",
            t.get(f).and_then(|v| v.as_str()).unwrap_or_default()
        )
    };
    let bo = |t: &IndexMap<String, toml::Value>, f: &str| {
        t.get(f).and_then(toml::Value::as_bool).unwrap_or_default()
    };
    let mut s = String::from("static WIDGET_TYPES: &[(&str, bool, &str, &str, &str)] = &[\n");
    for (k, t) in table("widget_types", &["component", "shape", "fill", "doc"]) {
        let _ = writeln!(
            s,
            "    ({k:?}, {}, {}, {}, {}),",
            bo(&t, "component"),
            st(&t, "shape"),
            st(&t, "fill"),
            st(&t, "doc")
        );
    }
    s.push_str("];\nstatic DAI_TYPES: &[(&str, bool, &str)] = &[\n");
    for (k, t) in table("dai_types", &["counted", "doc"]) {
        let _ = writeln!(s, "    ({k:?}, {}, {}),", bo(&t, "counted"), st(&t, "doc"));
    }
    s.push_str("];\nstatic FORMATS: &[(&str, u32, &str)] = &[\n");
    for (k, t) in table("formats", &["bytes", "alsa"]) {
        let bytes = t
            .get("bytes")
            .and_then(toml::Value::as_integer)
            .unwrap_or_default();
        let _ = writeln!(s, "    ({k:?}, {bytes}, {}),", st(&t, "alsa"));
    }
    s.push_str("];\n");
    std::fs::write(out, s).unwrap();
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

/// The `tplg` binary is linked at a fixed address on Linux (`-no-pie`): a
/// position-independent executable has some 8,500 relocations the dynamic
/// loader applies at every start, and each start is most of what a small
/// build costs. (The library stays position-independent; only the
/// executable's link changes.)
fn link_without_pie() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
