//! The tree alsa-lib actually builds from a file: repeated keys merged.
//!
//! The generic [`ConfTree`] keeps every definition as written, so checks can
//! point at each one. alsa-lib's loader (`snd_config_load`) does not: a key
//! defined again merges into the first definition, in its place. A compound
//! (or array) merges its children, an array appends its items, a scalar
//! replaces the value (which must keep its type: integer, real or string).
//! The key modes change that: `?key` keeps an existing definition, `!key`
//! replaces it (the new one goes last), `-key` must merge into one.
//!
//! [`merged`] gives that tree, so the sections read from it
//! ([`super::read_tree`]) are the ones alsatplg compiles: one section per
//! name, in the order of its first definition.

use super::tree::{Array, Compound, ConfTree, KeyMode, Node, ScalarKind, Value};
use super::{ConfError, Source};
use crate::source::Sources;
use std::sync::Arc;

/// A tree merged, with what the merge refused and what it changed.
pub(crate) struct Merged {
    pub tree: ConfTree,
    /// Definitions alsa-lib refuses to merge (a scalar over a compound, a
    /// string over an integer, `-key` with nothing to merge into).
    pub errors: Vec<ConfError>,
    /// Values a later definition silently replaces with a different one.
    pub warnings: Vec<ConfError>,
}

/// `tree` with repeated keys merged as alsa-lib merges them.
pub(crate) fn merged(sources: &Sources, tree: &ConfTree) -> Merged {
    let mut m = Merger {
        sources,
        src: Arc::new(sources.named(tree.file)),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let mut nodes = Vec::new();
    for n in &tree.nodes {
        m.insert(&mut nodes, n);
    }
    let out = ConfTree {
        file: tree.file,
        nodes,
        includes: tree.includes.clone(),
    };
    Merged {
        tree: out,
        errors: m.errors,
        warnings: m.warnings,
    }
}

struct Merger<'s> {
    sources: &'s Sources,
    src: Source,
    errors: Vec<ConfError>,
    warnings: Vec<ConfError>,
}

/// The type class alsa-lib checks when a scalar is defined again.
fn class(v: &Value) -> Option<u8> {
    match v {
        Value::Scalar(s) => Some(match s.kind() {
            ScalarKind::Integer(_) => 0,
            ScalarKind::Real(_) => 1,
            ScalarKind::String => 2,
        }),
        _ => None,
    }
}

impl Merger<'_> {
    fn error(&mut self, e: ConfError) {
        self.errors.push(e);
    }

    /// Adds the definition `n` to `nodes` as alsa-lib would.
    fn insert(&mut self, nodes: &mut Vec<Node>, n: &Node) {
        let mode = n.key.mode.unwrap_or(KeyMode::MergeCreate);
        let at = nodes.iter().position(|e| e.key.name == n.key.name);
        match (at, mode) {
            (Some(_), KeyMode::DontOverride) => {}
            (Some(i), KeyMode::Override) => {
                nodes.remove(i);
                let fresh = self.fresh(n);
                nodes.push(fresh);
            }
            (None, KeyMode::Merge) => self.error(ConfError::MergeIntoNothing {
                key: n.key.name.as_str().to_owned(),
                src: self.src.clone(),
                span: n.key.span.into(),
            }),
            (None, _) => {
                let fresh = self.fresh(n);
                nodes.push(fresh);
            }
            (Some(i), _) => self.merge_into(&mut nodes[i], n),
        }
    }

    /// A definition with its own repeated keys merged.
    fn fresh(&mut self, n: &Node) -> Node {
        Node {
            key: n.key.clone(),
            value: self.fresh_value(&n.value),
            span: n.span,
        }
    }

    fn fresh_value(&mut self, v: &Value) -> Value {
        match v {
            Value::Scalar(_) => v.clone(),
            Value::Compound(c) => {
                let mut nodes = Vec::new();
                for child in &c.nodes {
                    self.insert(&mut nodes, child);
                }
                Value::Compound(Compound {
                    nodes,
                    span: c.span,
                    dotted: c.dotted,
                })
            }
            Value::Array(a) => Value::Array(Array {
                items: a.items.iter().map(|i| self.fresh_value(i)).collect(),
                span: a.span,
            }),
        }
    }

    /// Merges the definition `n` into the existing node `old` of its name.
    fn merge_into(&mut self, old: &mut Node, n: &Node) {
        match (&mut old.value, &n.value) {
            (Value::Scalar(_), Value::Scalar(_)) => {
                if class(&old.value) != class(&n.value) {
                    self.error(ConfError::TypeChanged {
                        key: n.key.name.as_str().to_owned(),
                        was: old.value.describe(),
                        now: n.value.describe(),
                        src: self.src.clone(),
                        span: n.key.span.into(),
                    });
                    return;
                }
                // in place: the first definition's position, the last value
                if old.value.as_str() != n.value.as_str() {
                    let at = old.value.span();
                    self.warnings.push(ConfError::Redefined {
                        key: n.key.name.as_str().to_owned(),
                        kept: n.value.as_str().unwrap_or_default().to_string(),
                        dropped: old.value.as_str().unwrap_or_default().to_string(),
                        earlier: self.sources.line_col(at.file, at.start()),
                        src: self.src.clone(),
                        span: n.value.span().into(),
                    });
                }
                old.value = n.value.clone();
                old.span = n.span;
            }
            (Value::Scalar(_), _) | (_, Value::Scalar(_)) => {
                self.error(ConfError::CannotMerge {
                    key: n.key.name.as_str().to_owned(),
                    was: old.value.describe(),
                    now: n.value.describe(),
                    src: self.src.clone(),
                    span: n.key.span.into(),
                });
            }
            (Value::Array(a), Value::Array(b)) => {
                for item in &b.items {
                    let v = self.fresh_value(item);
                    a.items.push(v);
                }
            }
            (Value::Compound(c), Value::Compound(d)) => {
                for child in &d.nodes {
                    self.insert(&mut c.nodes, child);
                }
            }
            (Value::Compound(c), Value::Array(b)) => {
                // alsa-lib names array items "0", "1", …: the first free ones
                let mut idx = 0usize;
                for item in &b.items {
                    while c.nodes.iter().any(|x| x.key.name == idx.to_string()) {
                        idx += 1;
                    }
                    let span = item.span();
                    let key = super::tree::Key {
                        name: idx.to_string().into(),
                        span,
                        quoted: false,
                        mode: None,
                    };
                    let value = self.fresh_value(item);
                    c.nodes.push(Node { key, value, span });
                    idx += 1;
                }
            }
            (Value::Array(a), Value::Compound(d)) => {
                // the array becomes the compound alsa-lib always had
                let mut nodes: Vec<Node> = a
                    .items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let span = v.span();
                        Node {
                            key: super::tree::Key {
                                name: i.to_string().into(),
                                span,
                                quoted: false,
                                mode: None,
                            },
                            value: v.clone(),
                            span,
                        }
                    })
                    .collect();
                for child in &d.nodes {
                    self.insert(&mut nodes, child);
                }
                let span = a.span;
                old.value = Value::Compound(Compound {
                    nodes,
                    span,
                    dotted: false,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::source::{Origin, Sources};

    fn load(text: &str) -> crate::conf::ConfTopology {
        let mut s = Sources::new();
        let id = s.add("t.conf", Origin::Synthetic, text.to_string());
        crate::conf::parse_merged(&s, id).unwrap()
    }

    #[test]
    fn repeated_sections_merge_in_place() {
        let t = load(
            "SectionWidget.\"a\" { type \"pga\" }\nSectionWidget.\"b\" { type \"pga\" }\nSectionWidget.\"a\" { index \"3\" mixer [ \"m\" ] }\nSectionWidget.\"a\".mixer [ \"n\" ]\n",
        );
        assert_eq!(t.widgets.len(), 2);
        assert_eq!(t.widgets[0].name.value, "a");
        assert_eq!(t.widgets[0].index.as_ref().unwrap().value, 3);
        let m: Vec<&str> = t.widgets[0]
            .mixers
            .iter()
            .map(super::super::ir::Spanned::as_str)
            .collect();
        assert_eq!(m, ["m", "n"]);
        assert!(t.errors.is_empty() && t.warnings.is_empty());
    }

    #[test]
    fn modes_and_type_changes_as_alsa_lib() {
        // ? keeps, ! replaces
        let t = load("SectionWidget.\"w\" { type \"pga\" ?type \"mixer\" }\n");
        assert_eq!(t.widgets[0].widget_type.as_ref().unwrap().value, "pga");
        let t = load("SectionWidget.\"w\" { type \"pga\" !type \"mixer\" }\n");
        assert_eq!(t.widgets[0].widget_type.as_ref().unwrap().value, "mixer");
        // a string redefined as a number, or merged into nothing
        assert!(!load("SectionWidget.\"w\" { type \"pga\" type 5 }\n")
            .errors
            .is_empty());
        assert!(!load("SectionWidget.\"w\" { -stream_name \"x\" }\n")
            .errors
            .is_empty());
        // another value replaces, with a warning
        let t = load("SectionWidget.\"w\" { type \"pga\" type \"mixer\" }\n");
        assert_eq!(t.widgets[0].widget_type.as_ref().unwrap().value, "mixer");
        assert_eq!(t.warnings.len(), 1);
    }
}
