//! `tplg migrate`: converts SOF's M4 topology sources to `.topo`.
//!
//! 1. [`lexer`]: M4 tokens (quotes, comments, `dnl`, names);
//! 2. [`reader`]: a small M4 syntax tree of calls and their arguments
//!    ([`ast`]);
//! 3. [`facts`]: what the whole file does with each name, and [`scope`]:
//!    which names may be defined when M4 reads it (from `-D` and from the
//!    files that include it);
//! 4. [`convert`]: the tree to `.topo` statements, refusing what would not
//!    mean the same (see there for its own map);
//! 5. [`writer`]: `.topo` text, which is parsed again as a check.
//!
//! Beside the stages: [`builtin`] ([`M4Builtin`], the M4 builtins by name),
//! [`expr`] (`eval` expressions), [`resolve`] (finding includes and what
//! they define), [`library`] (SOF's macro library and search path),
//! [`cmake`] (the `-D` flags of SOF's CMake lists) and [`error`].

mod ast;
mod builtin;
mod cmake;
mod convert;
pub(crate) mod error;
mod expr;
mod facts;
mod lexer;
mod library;
mod reader;
mod resolve;
pub(crate) mod scope;
mod writer;

pub(crate) use cmake::{cmake_values, cmake_variants, inputs_for, tplgs_entry};
pub(crate) use facts::{arg_lists, define_values, merge_arg_lists, unquoted_ifdefs};
pub(crate) use library::prelude_names;
pub(crate) use library::{library_dir, search_path};
pub(crate) use resolve::Located;
use resolve::Resolver;

use crate::eval::signature::Signatures;
use crate::source::{FileId, Origin, Sources, Span};
use ast::{Node, Sp};
use builtin::M4Builtin;
pub(crate) use error::{MigrateError, MigrateErrorKind};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// How to convert.
#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    /// Where included M4 files are looked for, in the order M4 searches:
    /// its current directory first, then each `-I` directory (M4 never
    /// looks beside the including file). See [`search_path`].
    pub include_dirs: Vec<PathBuf>,
    /// The root of the tree the file is in (where SOF's build runs m4), if
    /// known: an include found under one of its library directories (see
    /// [`library_dir`]) is SOF's macro library.
    pub root: Option<PathBuf>,
    /// Names that may be defined when the file is read: by the build
    /// (`m4 -DNAME`) or by the files that include it, before the include
    /// (see [`scope`]). Where one of them is read, it is a macro reference.
    pub inputs: Vec<String>,
    /// The values the build passes for those names (`-DNAME=VALUE`), as
    /// far as the CMake lists show; a name missing here has no known value.
    pub input_values: HashMap<String, BTreeSet<String>>,
    /// Names some file of the tree tests unquoted (`ifdef(NAME, …)`, see
    /// [`facts::unquoted_ifdefs`]): M4 tests the macro their value names.
    pub value_tested: HashSet<String>,
    /// Names some file of the tree defines as an argument list, and how
    /// the tree reads them (see [`facts::ArgLists`]).
    pub arg_lists: facts::ArgLists,
    /// The values the files of the tree define each name as (see
    /// [`facts::define_values`]); empty for a file on its own, whose
    /// includers are unknown.
    pub define_values: HashMap<String, BTreeSet<String>>,
}

/// The result of converting one file.
#[derive(Debug)]
pub(crate) struct Outcome {
    /// The `.topo` text; `None` when the file was refused.
    pub text: Option<String>,
    pub errors: Vec<MigrateError>,
    pub warnings: Vec<MigrateError>,
    /// The file is part of SOF's macro library (see [`library_dir`]):
    /// nothing to convert. `errors` then holds one `library_file`
    /// diagnostic that says why.
    pub library: bool,
    /// The M4 file, which the errors and warnings point into.
    pub sources: Sources,
}

/// Where a file reads `PIPELINE_ID` outside comments: a pipeline
/// template, which `PIPELINE_PCM_ADD` includes after setting it.
fn pipeline_template(text: &str) -> Option<usize> {
    let Ok(toks) = lexer::lex(text, 0..text.len()) else {
        return None;
    };
    toks.iter().find_map(|t| match t.kind {
        lexer::Tok::Ident if &text[t.start..t.end] == "PIPELINE_ID" => Some(t.start),
        lexer::Tok::Quoted => facts::names_in(&text[t.start..t.end], t.start)
            .into_iter()
            .find(|(n, _)| n == "PIPELINE_ID")
            .map(|(_, sp)| sp.start),
        _ => None,
    })
}

/// Whether the statements of a file only define macros (and include,
/// divert, test and comment).
fn only_definitions(src: &str, nodes: &[Node], depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    nodes.iter().all(|n| match n {
        Node::Space(_) | Node::Newline(_) | Node::Comment(_) | Node::Dnl(_) => true,
        Node::Text(t) => t.text(src).trim().is_empty(),
        Node::Quoted(q) => q.inner.text(src).trim().is_empty(),
        Node::Call(c) => match M4Builtin::parse(c.name(src)) {
            Some(
                M4Builtin::Define
                | M4Builtin::Undefine
                | M4Builtin::Pushdef
                | M4Builtin::Popdef
                | M4Builtin::Include
                | M4Builtin::Divert,
            ) => true,
            Some(M4Builtin::Ifdef | M4Builtin::Ifelse) => c.args.iter().skip(1).all(|a| {
                a.nodes.iter().all(|n| match n {
                    Node::Quoted(q) => reader::read_quoted(src, q)
                        .is_ok_and(|ch| only_definitions(src, &ch, depth + 1)),
                    n => only_definitions(src, std::slice::from_ref(n), depth + 1),
                })
            }),
            _ => false,
        },
        Node::Ident(_) | Node::Param(_) => false,
    })
}

fn library_outcome(err: MigrateError, sources: Sources) -> Outcome {
    Outcome {
        text: None,
        errors: vec![err],
        warnings: vec![],
        library: true,
        sources,
    }
}

/// Converts the M4 `text` (shown as `name`); its includes are looked for
/// on `opts.include_dirs`.
pub(crate) fn migrate(name: &str, text: &str, opts: &Options) -> Outcome {
    convert_file(name, text, opts, false)
}

/// [`migrate`]; `nested`: converting an include only to learn whether it
/// is SOF's macro library (its own includes are not classified again).
fn convert_file(name: &str, text: &str, opts: &Options, nested: bool) -> Outcome {
    let mut sources = Sources::new();
    let file = sources.add(name, Origin::Synthetic, text.to_string());
    let make = |r: convert::Refusal| to_error(text, file, r);
    let whole = Sp::new(0, text.len());
    let nodes = match reader::read(text, whole) {
        Ok(n) => n,
        Err(e) => {
            return Outcome {
                text: None,
                errors: vec![make(*Box::<convert::Refusal>::from(e))],
                warnings: vec![],
                library: false,
                sources,
            }
        }
    };
    if let Some(at) = pipeline_template(text) {
        return library_outcome(make(convert::Refusal {
            kind: MigrateErrorKind::LibraryFile {
                why: "it is a pipeline template: it reads `PIPELINE_ID`, which `PIPELINE_PCM_ADD` sets before it includes the template".into(),
            },
            span: Sp::new(at, at + "PIPELINE_ID".len()),
            label: "set by PIPELINE_PCM_ADD".into(),
        }), sources);
    }
    let sigs = crate::library::builtin("statements.toml")
        .and_then(|t| Signatures::parse(t).ok())
        .unwrap_or_default();
    let mut resolver = Resolver::new(opts);
    resolver.nested = nested;
    resolver.file_dir = Path::new(name).parent().map(|p| {
        if p.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            p.to_path_buf()
        }
    });

    let inputs: HashSet<String> = opts.inputs.iter().cloned().collect();
    let mut value_tested = opts.value_tested.clone();
    value_tested.extend(facts::unquoted_ifdefs(text));
    // the tree's (the file among them), or the file's own
    let arg_lists = if opts.arg_lists.is_empty() {
        facts::merge_arg_lists([facts::arg_lists(text)])
    } else {
        opts.arg_lists.clone()
    };
    let build = convert::Build {
        sigs: &sigs,
        inputs: &inputs,
        input_values: &opts.input_values,
        value_tested: &value_tested,
        arg_lists: &arg_lists,
        define_values: &opts.define_values,
    };
    let mut conv = convert::Converter::new(text, &nodes, build, &mut resolver);
    let stmts = conv.stmts(&nodes);
    let refusals = std::mem::take(&mut conv.refusals);
    let warnings: Vec<MigrateError> = std::mem::take(&mut conv.warnings)
        .into_iter()
        .map(make)
        .collect();
    // a file of macros that write text: SOF's macro library
    let text_macros: Vec<String> = refusals
        .iter()
        .filter_map(|r| match &r.kind {
            MigrateErrorKind::TextMacro { name } => Some(format!("`{name}`")),
            _ => None,
        })
        .collect();
    if !text_macros.is_empty() && only_definitions(text, &nodes, 0) {
        let first = refusals
            .iter()
            .find(|r| matches!(r.kind, MigrateErrorKind::TextMacro { .. }))
            .map_or(Sp::new(0, 0), |r| r.span);
        let shown = if text_macros.len() > 4 {
            format!("{}, …", text_macros[..4].join(", "))
        } else {
            text_macros.join(", ")
        };
        return library_outcome(make(convert::Refusal {
            kind: MigrateErrorKind::LibraryFile {
                why: format!(
                    "it only defines macros, and {shown} {} topology text, as SOF's library macros do",
                    if text_macros.len() == 1 { "writes" } else { "write" }
                ),
            },
            span: first,
            label: "writes topology text".into(),
        }), sources);
    }
    let mut errors: Vec<MigrateError> = refusals.into_iter().map(make).collect();
    errors.sort_by_key(|e| e.span.start());
    if !errors.is_empty() {
        return Outcome {
            text: None,
            errors,
            warnings,
            library: false,
            sources,
        };
    }
    let out = writer::render(&stmts);
    // the converter must write what tplg reads
    let id = sources.add(
        format!("{name} (converted)"),
        Origin::Synthetic,
        out.clone(),
    );
    if let Err(e) = crate::parse::parse_file(&sources, id) {
        let (l, c) = sources.line_col(id, e.at().start());
        let message = format!("{e} at line {l}, column {c} of the output");
        return Outcome {
            text: None,
            errors: vec![make(convert::Refusal {
                kind: MigrateErrorKind::Internal { message },
                span: Sp::new(0, 0),
                label: "in this file".into(),
            })],
            warnings,
            library: false,
            sources,
        };
    }
    Outcome {
        text: Some(out),
        errors: vec![],
        warnings,
        library: false,
        sources,
    }
}

fn to_error(text: &str, file: FileId, r: convert::Refusal) -> MigrateError {
    let mut kind = r.kind;
    if let MigrateErrorKind::UnterminatedCall { name: n } = &mut kind {
        if n.is_empty() {
            *n = text.get(r.span.start..r.span.end).unwrap_or("").to_string();
        }
    }
    MigrateError {
        kind,
        label: r.label,
        span: Span::new(file, r.span.start, r.span.end),
    }
}
