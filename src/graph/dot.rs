//! DOT text: quoted strings, labels, record fields, and the node IDs of a
//! drawing, unique against every widget name.

use crate::conf::Direction;
use crate::validate::model::{Model, Node};
use petgraph::graph::NodeIndex;
use std::collections::{BTreeSet, HashMap};

/// A DOT quoted string: `"` and `\` escaped, control characters as spaces.
/// In labels, `\n` written by this module breaks lines; a name's own
/// backslashes stay backslashes.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Label lines joined with DOT's centred line break.
pub(super) fn label(lines: &[String]) -> String {
    let quoted: Vec<String> = lines
        .iter()
        .map(|l| {
            let q = quote(l);
            q[1..q.len() - 1].to_string()
        })
        .collect();
    format!("\"{}\"", quoted.join("\\n"))
}

/// One field of a record label: an optional port, and lines.
pub(super) fn record_field(port: Option<&str>, lines: &[String]) -> String {
    let text: Vec<String> = lines.iter().map(|l| record_text(l)).collect();
    match port {
        Some(p) => format!("<{}> {}", record_text(p), text.join("\\n")),
        None => text.join("\\n"),
    }
}

/// Text for a record field inside a quoted label: `"` and `\` as in
/// [`quote`], and the characters records give a meaning (`{ } | < >`)
/// escaped.
fn record_text(s: &str) -> String {
    let q = quote(s);
    let mut out = String::new();
    for c in q[1..q.len() - 1].chars() {
        if "{}|<>".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Node IDs: a widget's is its name (as M4's graph had it); PCMs, links,
/// missing route ends and the legend's samples get prefixed names, made
/// unique against every widget name.
pub(super) struct Ids {
    taken: BTreeSet<String>,
    made: HashMap<String, String>,
}

impl Ids {
    pub(super) fn new(m: &Model) -> Ids {
        Ids {
            taken: m
                .widgets
                .keys()
                .map(std::string::ToString::to_string)
                .collect(),
            made: HashMap::new(),
        }
    }

    /// A unique ID for a non-widget node, the same for the same key.
    pub(super) fn unique(&mut self, key: String) -> String {
        if let Some(id) = self.made.get(&key) {
            return id.clone();
        }
        let mut id = key.clone();
        while self.taken.contains(&id) {
            id.push('\'');
        }
        self.taken.insert(id.clone());
        self.made.insert(key, id.clone());
        id
    }

    pub(super) fn pcm(&mut self, pcm: &crate::conf::Pcm) -> String {
        self.unique(format!("pcm:{}", pcm.name.value))
    }

    pub(super) fn missing(&mut self, name: &str) -> String {
        self.unique(format!("missing:{name}"))
    }

    /// A link's node; `None` for a later section of the same name (the
    /// same link).
    pub(super) fn link(&mut self, m: &Model, n: NodeIndex) -> Option<String> {
        match m.graph[n] {
            Node::Link(l) if m.links.get(l.name.as_str()) == Some(&n) => {
                Some(self.unique(format!("be:{}", l.name.value)))
            }
            _ => None,
        }
    }

    /// An edge's end: a node ID, and the port of a PCM's stream or of a
    /// link's direction (a link is a playback link's sink, a capture
    /// link's source).
    pub(super) fn end(&mut self, m: &Model, n: NodeIndex, sink: bool) -> Option<String> {
        let id = quote(&self.of(m, n)?);
        Some(match m.graph[n] {
            Node::Widget(_) => id,
            Node::Pcm { direction, .. } => format!("{id}:{}", direction.name()),
            Node::Link(_) => {
                let d = if sink {
                    Direction::Playback
                } else {
                    Direction::Capture
                };
                format!("{id}:{}", d.name())
            }
        })
    }

    /// The ID of any node; `None` for a widget or link that repeats a name.
    pub(super) fn of(&mut self, m: &Model, n: NodeIndex) -> Option<String> {
        match m.graph[n] {
            Node::Widget(w) => {
                (m.widgets.get(w.name.as_str()) == Some(&n)).then(|| w.name.value.clone())
            }
            Node::Pcm { pcm, .. } => Some(self.pcm(pcm)),
            Node::Link(_) => self.link(m, n),
        }
    }
}
