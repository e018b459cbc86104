//! Statement signatures: what each construct of the library takes.
//!
//! They live in `macros/statements.toml` beside the templates they drive, so
//! a board tree that overrides the library with `-I` can add statements too.

use crate::vocab::vocabulary;
use std::sync::OnceLock;
#[path = "signature_raw.rs"]
mod raw;
pub use raw::{ConstructKind, DefaultValue};
use raw::{RawParam, RawSignature};

/// Symbol tables and the like keep their order; Fx hashing is several times
/// cheaper than SipHash on these short keys (no input is adversarial).
type IndexMap<K, V> = indexmap::IndexMap<K, V, rustc_hash::FxBuildHasher>;

/// The kind of value a parameter takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamKind {
    Int,
    /// An integer that is part of names (a DAI index): checked as an
    /// integer, kept as written (`0x102` stays `0x102`, as M4 pastes it).
    Index,
    /// Any scalar, used as text.
    Text,
    /// A widget or PCM name; a NAME_CASE word there must name a symbol.
    Ref,
    /// The library path of a pipeline template.
    Pipeline,
    /// One of a fixed set of words.
    OneOf(Vec<String>),
    /// A nested call to one of these constructs.
    Record(Vec<String>),
    Any,
}

/// A parameter kind `statements.toml` spells that is none of the known ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown parameter kind `{0}`")]
pub struct UnknownParamKind(pub String);

/// Why a `statements.toml` is refused.
#[derive(Debug, thiserror::Error)]
pub enum SignatureError {
    #[error(transparent)]
    Toml(Box<toml::de::Error>),
    #[error("{construct}.{param}: {kind}")]
    UnknownKind {
        construct: String,
        param: String,
        kind: UnknownParamKind,
    },
    #[error("{construct}: a template construct needs `template`")]
    NoTemplate { construct: String },
    #[error("{construct}: a function construct needs `expr`")]
    NoExpr { construct: String },
    /// The built-in file did not parse when `build.rs` read it (a test
    /// says so first): TOML's message.
    #[error("{0}")]
    Builtin(&'static str),
}

impl From<toml::de::Error> for SignatureError {
    fn from(e: toml::de::Error) -> Self {
        SignatureError::Toml(Box::new(e))
    }
}

impl SignatureError {
    /// What is wrong, without TOML's own drawing of the place.
    pub fn message(&self) -> String {
        match self {
            SignatureError::Toml(e) => e.message().to_string(),
            e => e.to_string(),
        }
    }

    /// Where in the file's `text` the error is: TOML's span, else the
    /// construct's table (its parameter's kind, for an unknown kind).
    pub fn span_in(&self, text: &str) -> Option<std::ops::Range<usize>> {
        let construct = match self {
            SignatureError::Toml(e) => return e.span(),
            SignatureError::Builtin(_) => return None,
            SignatureError::UnknownKind { construct, .. }
            | SignatureError::NoTemplate { construct }
            | SignatureError::NoExpr { construct } => construct,
        };
        let header = format!("[{construct}]");
        let start = text
            .match_indices(&header)
            .map(|(i, _)| i)
            .find(|&i| i == 0 || text[..i].ends_with('\n'))?;
        let table = start..start + header.len();
        if let SignatureError::UnknownKind { kind, .. } = self {
            let spelled = format!("\"{}\"", kind.0);
            let end = text[table.end..]
                .find("\n[")
                .map_or(text.len(), |i| table.end + i);
            if let Some(i) = text[table.end..end].find(&spelled) {
                let at = table.end + i;
                return Some(at..at + spelled.len());
            }
        }
        Some(table)
    }
}

impl ParamKind {
    pub fn parse(s: &str) -> Result<Self, UnknownParamKind> {
        Ok(match s {
            "int" => ParamKind::Int,
            "index" => ParamKind::Index,
            "text" => ParamKind::Text,
            "ref" => ParamKind::Ref,
            "pipeline" => ParamKind::Pipeline,
            "any" => ParamKind::Any,
            "format" => ParamKind::OneOf(vocabulary().formats.keys().cloned().collect()),
            "bool" => ParamKind::OneOf(["true", "false"].map(String::from).to_vec()),
            _ => {
                if let Some(list) = s.strip_prefix("one_of:") {
                    ParamKind::OneOf(list.split('|').map(String::from).collect())
                } else if let Some(list) = s.strip_prefix("record:") {
                    ParamKind::Record(list.split('|').map(String::from).collect())
                } else {
                    return Err(UnknownParamKind(s.to_string()));
                }
            }
        })
    }

    /// How the kind reads in a message: "an integer", "one of s16le, …".
    pub fn describe(&self) -> String {
        match self {
            ParamKind::Int | ParamKind::Index => "an integer".into(),
            ParamKind::Text => "a word or a string".into(),
            ParamKind::Ref => "a widget or PCM name".into(),
            ParamKind::Pipeline => "a pipeline name such as `sof/pipe-volume-playback`".into(),
            ParamKind::OneOf(v) => format!("one of {}", v.join(", ")),
            ParamKind::Record(v) => {
                let calls: Vec<String> = v.iter().map(|n| format!("{n}(…)")).collect();
                format!("a call to {}", calls.join(" or "))
            }
            ParamKind::Any => "a value".into(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
    /// `None` and not optional: the parameter is required.
    pub default: Option<DefaultValue>,
    /// May be omitted; the template sees `none`.
    pub optional: bool,
    /// Takes all remaining positional arguments as a list.
    pub variadic: bool,
    pub doc: Option<String>,
    /// The kind as `statements.toml` spells it (`format`, `one_of:a|b`).
    pub kind_spelled: String,
    /// The symbol the template sees holding this argument while it renders
    /// (as SOF's PIPELINE_PCM_DAI_ADD defines DAI_PERIODS for its pipeline).
    pub defines: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Signature {
    pub name: String,
    pub kind: ConstructKind,
    pub params: Vec<Param>,
    /// The template to render (`template` constructs) or the expression to
    /// evaluate (`function` constructs).
    pub template: Option<String>,
    pub expr: Option<String>,
    pub summary: Option<String>,
}

impl Signature {
    pub(crate) fn required(&self) -> usize {
        self.params
            .iter()
            .filter(|p| p.default.is_none() && !p.optional && !p.variadic)
            .count()
    }

    pub(crate) fn max(&self) -> Option<usize> {
        if self.params.iter().any(|p| p.variadic) {
            None
        } else {
            Some(self.params.len())
        }
    }

    pub(crate) fn param(&self, name: &str) -> Option<(usize, &Param)> {
        self.params.iter().enumerate().find(|(_, p)| p.name == name)
    }

    /// `NAME(a, b, [c = 1], …)` as shown in help texts.
    pub fn display(&self) -> String {
        let ps: Vec<String> = self
            .params
            .iter()
            .map(|p| {
                if p.variadic {
                    format!("{}…", p.name)
                } else if let Some(d) = &p.default {
                    let d = match d {
                        DefaultValue::Int(i) => i.to_string(),
                        DefaultValue::Text(t) => t.clone(),
                    };
                    format!("[{} = {}]", p.name, d)
                } else if p.optional {
                    format!("[{}]", p.name)
                } else {
                    p.name.clone()
                }
            })
            .collect();
        format!("{}({})", self.name, ps.join(", "))
    }

    /// The construct's entry in the statement reference (docs/language.md):
    /// its signature, kind and summary, then a table of its parameters.
    pub fn reference(&self) -> String {
        let kind = match self.kind {
            ConstructKind::Pipeline => "statement (pipeline)",
            ConstructKind::Template => "statement (template)",
            ConstructKind::Value => "value",
            ConstructKind::Function => "function",
        };
        let mut s = format!("`{}` — {kind}.", self.display());
        if let Some(summary) = &self.summary {
            s.push(' ');
            s.push_str(summary);
        }
        s.push('\n');
        if self.params.is_empty() {
            return s;
        }
        s.push_str("\n| # | Parameter | Kind | Default | Meaning |\n");
        s.push_str("|---|-----------|------|---------|---------|\n");
        for (i, p) in self.params.iter().enumerate() {
            let n = format!("{}{}", i + 1, if p.variadic { "…" } else { "" });
            let default = match &p.default {
                Some(DefaultValue::Int(v)) => format!("`{v}`"),
                Some(DefaultValue::Text(v)) => format!("`{v}`"),
                None if p.optional => "optional".into(),
                None => "required".into(),
            };
            let doc = p.doc.as_deref().unwrap_or("");
            s.push_str(&format!(
                "| {n} | `{}` | {} | {default} | {doc} |\n",
                p.name,
                p.kind_markdown()
            ));
        }
        s
    }
}

impl Param {
    /// The parameter's kind as the reference shows it.
    fn kind_markdown(&self) -> String {
        let spelled = &self.kind_spelled;
        if let Some(list) = spelled.strip_prefix("one_of:") {
            let words: Vec<String> = list.split('|').map(|w| format!("`{w}`")).collect();
            return format!("one of {}", words.join(", "));
        }
        if let Some(list) = spelled.strip_prefix("record:") {
            let calls: Vec<String> = list.split('|').map(|c| format!("`{c}(…)`")).collect();
            return match calls.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                None => String::new(),
            };
        }
        format!("`{spelled}`")
    }
}

/// A signature of the built-in `statements.toml`, as `build.rs` writes it.
struct BuiltinSignature {
    name: &'static str,
    kind: ConstructKind,
    template: Option<&'static str>,
    expr: Option<&'static str>,
    summary: Option<&'static str>,
    params: &'static [BuiltinParam],
}

struct BuiltinParam {
    name: &'static str,
    kind: &'static str,
    default: Option<BuiltinDefault>,
    optional: bool,
    variadic: bool,
    doc: Option<&'static str>,
    defines: Option<&'static str>,
}

enum BuiltinDefault {
    Int(i64),
    Text(&'static str),
}

include!(concat!(env!("OUT_DIR"), "/statements.rs"));

impl BuiltinSignature {
    fn to_raw(&self) -> RawSignature {
        let own = |s: Option<&str>| s.map(str::to_string);
        RawSignature {
            kind: self.kind,
            template: own(self.template),
            expr: own(self.expr),
            summary: own(self.summary),
            params: self
                .params
                .iter()
                .map(|p| RawParam {
                    name: p.name.to_string(),
                    kind: p.kind.to_string(),
                    default: p.default.as_ref().map(|d| match d {
                        BuiltinDefault::Int(n) => DefaultValue::Int(*n),
                        BuiltinDefault::Text(t) => DefaultValue::Text(t.to_string()),
                    }),
                    optional: p.optional,
                    variadic: p.variadic,
                    doc: own(p.doc),
                    defines: own(p.defines),
                })
                .collect(),
        }
    }
}

/// All signatures, by construct name. The built-in ones are made from
/// `build.rs`'s data when first asked for: a build uses a few dozen of them.
#[derive(Debug, Clone, Default)]
pub struct Signatures {
    map: IndexMap<String, Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    builtin: Option<&'static BuiltinSignature>,
    made: OnceLock<Signature>,
}

impl std::fmt::Debug for BuiltinSignature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "builtin {}", self.name)
    }
}

impl Signatures {
    /// Parses a `statements.toml`. Errors name the construct at fault.
    pub fn parse(text: &str) -> Result<Self, SignatureError> {
        let raw: IndexMap<String, RawSignature> = toml::from_str(text)?;
        let mut map = IndexMap::default();
        for (name, r) in raw {
            let sig = Self::convert(name.clone(), r)?;
            map.insert(
                name,
                Entry {
                    builtin: None,
                    made: OnceLock::from(sig),
                },
            );
        }
        Ok(Signatures { map })
    }

    /// The library's own `macros/statements.toml`, as `build.rs` read (and
    /// checked) it.
    pub(crate) fn builtin() -> Result<Self, SignatureError> {
        let sigs = BUILTIN.map_err(SignatureError::Builtin)?;
        let map = sigs
            .iter()
            .map(|s| {
                let entry = Entry {
                    builtin: Some(s),
                    made: OnceLock::new(),
                };
                (s.name.to_string(), entry)
            })
            .collect();
        Ok(Signatures { map })
    }

    fn convert(name: String, r: RawSignature) -> Result<Signature, SignatureError> {
        let mut params = Vec::new();
        for p in r.params {
            let kind = ParamKind::parse(&p.kind).map_err(|kind| SignatureError::UnknownKind {
                construct: name.clone(),
                param: p.name.clone(),
                kind,
            })?;
            params.push(Param {
                name: p.name,
                kind,
                kind_spelled: p.kind,
                default: p.default,
                optional: p.optional,
                variadic: p.variadic,
                doc: p.doc,
                defines: p.defines,
            });
        }
        if r.kind == ConstructKind::Template && r.template.is_none() {
            return Err(SignatureError::NoTemplate { construct: name });
        }
        if r.kind == ConstructKind::Function && r.expr.is_none() {
            return Err(SignatureError::NoExpr { construct: name });
        }
        Ok(Signature {
            name,
            kind: r.kind,
            params,
            template: r.template,
            expr: r.expr,
            summary: r.summary,
        })
    }

    /// Adds (or replaces) the signatures of another file.
    pub(crate) fn extend(&mut self, other: Signatures) {
        self.map.extend(other.map);
    }

    pub fn get(&self, name: &str) -> Option<&Signature> {
        let e = self.map.get(name)?;
        Some(e.made.get_or_init(|| {
            let b = e
                .builtin
                .expect("a signature of a file is made when it is read");
            // build.rs checked what could fail here (and a test makes them all)
            Self::convert(b.name.to_string(), b.to_raw())
                .unwrap_or_else(|e| panic!("macros/statements.toml: {e}"))
        }))
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_signatures_parse() {
        let text = crate::library::builtin("statements.toml").expect("statements.toml is embedded");
        let sigs = Signatures::parse(text).unwrap();
        let p = sigs.get("PIPELINE_PCM_ADD").unwrap();
        assert_eq!(p.kind, ConstructKind::Pipeline);
        assert_eq!(p.required(), 11);
        assert_eq!(p.max(), Some(14));
        let d = sigs.get("DAI_ADD").unwrap();
        assert_eq!(
            d.required(),
            11,
            "time_domain may be left out, as SOF's DAI_ADD allows"
        );
    }

    /// A statement's arguments are variables of its template, and a
    /// variable hides a global of the same name: an argument named
    /// `native` would hide the library's native functions.
    #[test]
    fn no_parameter_hides_the_native_functions() {
        let sigs = Signatures::builtin().unwrap();
        for name in sigs.names() {
            for p in &sigs.get(name).unwrap().params {
                assert_ne!(
                    p.name,
                    crate::expand::NATIVE_NAMESPACE,
                    "{name}'s parameter `{}` hides the library's native functions",
                    p.name
                );
                assert!(
                    !crate::expand::NATIVE_NAMES.contains(&p.name.as_str()),
                    "{name}'s parameter `{}` hides the native function of that name",
                    p.name
                );
            }
        }
    }

    #[test]
    fn the_signatures_build_rs_wrote_are_the_files() {
        let text = crate::library::builtin("statements.toml").expect("statements.toml is embedded");
        let parsed = Signatures::parse(text).unwrap();
        let built = Signatures::builtin().unwrap();
        let names: Vec<&str> = built.names().collect();
        assert_eq!(names, parsed.names().collect::<Vec<_>>());
        assert!(names.len() > 50);
        for n in names {
            let (b, p) = (built.get(n).unwrap(), parsed.get(n).unwrap());
            assert_eq!(format!("{b:?}"), format!("{p:?}"));
        }
    }

    #[test]
    fn unknown_kind_is_rejected() {
        let e = Signatures::parse(
            "[X]\nkind = \"value\"\nparams = [{ name = \"a\", kind = \"integer\" }]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("X.a"), "{e}");
    }
}
