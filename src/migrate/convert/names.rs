//! Names and scope: what is known about each name while walking the file
//! ([`State`]: defined, maybe defined, undefined; value, call, macro or
//! pasted name), how branches merge, and whether M4 would replace a name.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Known {
    Yes,
    Maybe,
    /// Defined by one of the files a computed include may name: a macro
    /// where it is pasted into text, but no proof that it is defined.
    Guess,
    No,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Text or a number.
    Value,
    /// A construct (a call such as `SSP_CLOCK(…)`), which is not text.
    Record,
    Macro,
    /// The name of a symbol, pasted together (`concat(`PIPELINE_SOURCE_',
    /// ID)`): M4 reads it again where the value is used, so every use is
    /// `symbol(NAME)`.
    Name,
    Other,
}

#[derive(Debug, Clone, Default)]
pub(super) struct State {
    pub(super) names: HashMap<String, (Known, Kind)>,
    /// The conditions of the branches being converted.
    pub(super) path: Vec<Value>,
    /// The conditions under which each name was last defined: one list of
    /// conditions per branch that may have defined it.
    pub(super) def_paths: HashMap<String, Vec<Vec<Value>>>,
    /// Pipeline IDs added so far (their endpoints are macros from then on).
    pub(super) pipelines: HashSet<i64>,
    /// A platform file (`platform/…`) has been included.
    pub(super) platform_read: bool,
    pub(super) diverted: bool,
    /// The literal texts a name may hold here (one per branch that defined
    /// it), when every definition of it is known: what M4 expands an
    /// unquoted name to before `define`, `undefine` or `ifdef` sees it.
    pub(super) values: HashMap<String, Vec<String>>,
}

impl State {
    pub(super) fn set(&mut self, name: &str, known: Known, kind: Kind) {
        self.values.remove(name);
        self.names.insert(name.to_string(), (known, kind));
        if known == Known::Guess {
            self.def_paths.remove(name);
        } else {
            self.def_paths
                .insert(name.to_string(), vec![self.path.clone()]);
        }
    }

    /// The state after one of several branches ran (each from `entry`).
    pub(super) fn merge(entry: &State, states: Vec<State>) -> State {
        let Some(first) = states.first() else {
            return entry.clone();
        };
        let mut out = first.clone();
        let keys: HashSet<String> = states
            .iter()
            .flat_map(|s| s.names.keys().cloned())
            .collect();
        for k in keys {
            let all: Vec<Option<(Known, Kind)>> =
                states.iter().map(|s| s.names.get(&k).copied()).collect();
            let kind = all
                .iter()
                .flatten()
                .map(|x| x.1)
                .next()
                .unwrap_or(Kind::Other);
            let knowns: Vec<Option<Known>> = all.iter().map(|x| x.map(|x| x.0)).collect();
            let merged = if knowns.iter().all(|k| *k == knowns[0]) {
                knowns[0]
            } else if knowns.iter().all(|k| matches!(k, None | Some(Known::No))) {
                // undefined or untouched on every branch: as before
                None
            } else if knowns
                .iter()
                .flatten()
                .all(|k| matches!(k, Known::Guess | Known::No))
            {
                Some(Known::Guess)
            } else {
                Some(Known::Maybe)
            };
            // the conditions of the branches that defined it
            let mut paths: Vec<Vec<Value>> = Vec::new();
            for s in &states {
                if matches!(s.names.get(&k), Some((Known::Yes | Known::Maybe, _))) {
                    for p in s.def_paths.get(&k).into_iter().flatten() {
                        if !paths.contains(p) {
                            paths.push(p.clone());
                        }
                    }
                }
            }
            // the texts it may hold: known only if it is defined, with a
            // known text, on every branch
            let mut values: Option<Vec<String>> = Some(Vec::new());
            for s in &states {
                if !matches!(s.names.get(&k), Some((Known::Yes | Known::Maybe, _))) {
                    values = None;
                    break;
                }
                match (s.values.get(&k), values.as_mut()) {
                    (Some(vs), Some(acc)) => {
                        for v in vs {
                            if !acc.contains(v) {
                                acc.push(v.clone());
                            }
                        }
                    }
                    _ => values = None,
                }
            }
            match merged {
                Some(known) => {
                    out.names.insert(k.clone(), (known, kind));
                    out.def_paths.insert(k.clone(), paths);
                    match values {
                        Some(v) if !v.is_empty() => {
                            out.values.insert(k, v);
                        }
                        _ => {
                            out.values.remove(&k);
                        }
                    }
                }
                None => {
                    out.names.remove(&k);
                    out.def_paths.remove(&k);
                    out.values.remove(&k);
                }
            }
        }
        for s in &states[1..] {
            out.pipelines.extend(s.pipelines.iter().copied());
            out.diverted |= s.diverted;
        }
        out.path = entry.path.clone();
        out
    }

    /// Entering a branch taken when `cond` holds.
    pub(super) fn enter(&self, cond: Option<Value>) -> State {
        let mut s = self.clone();
        s.path.extend(cond);
        s
    }

    /// Whether `name`, maybe defined, cannot be here: it was defined only
    /// under a condition that excludes one of the current branch's, such as
    /// `CODEC == wm8960` against `CODEC == wm8962`.
    fn excluded(&self, name: &str) -> bool {
        let Some(alternatives) = self.def_paths.get(name) else {
            return false;
        };
        !alternatives.is_empty()
            && alternatives.iter().all(|def| {
                def.iter()
                    .any(|d| self.path.iter().any(|p| exclusive(d, p)))
            })
    }
}

/// Two conditions that cannot both hold.
fn exclusive(a: &Value, b: &Value) -> bool {
    let literal = |v: &Value| match v {
        Value::Num(_) => true,
        Value::Str(p) => p.iter().all(|p| matches!(p, Piece::Text(_))),
        Value::Words(w) => !w.split(' ').any(is_name_case),
        _ => false,
    };
    match (a, b) {
        (Value::Binary(BinOp::Eq, l1, r1), Value::Binary(BinOp::Eq, l2, r2)) => {
            l1 == l2 && literal(r1) && literal(r2) && r1 != r2
        }
        (Value::Defined(x), Value::Unary(UnaryOp::Not, y))
        | (Value::Unary(UnaryOp::Not, y), Value::Defined(x)) => {
            matches!(&**y, Value::Defined(n) if n == x)
        }
        _ => false,
    }
}

/// Inside a parameterised define being converted to a `macro`.
#[derive(Debug, Clone)]
pub(super) struct MacroCtx {
    pub(super) params: Vec<String>,
}

/// `PIPELINE_SOURCE_3` and the like: names pipelines publish, with the ID.
pub(super) fn published(name: &str) -> Option<i64> {
    let rest = name.strip_prefix("PIPELINE_")?;
    let (kind, id) = rest.rsplit_once('_')?;
    if kind.is_empty() || !kind.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') {
        return None;
    }
    id.parse().ok()
}

/// `N_AEC_REF_BUF` and the like: SOF's global connection points, which
/// the library's pipelines publish without an ID.
pub(super) fn published_global(name: &str) -> bool {
    name.starts_with("N_") && is_name_case(name)
}

/// A NAME_CASE name without digits, as macros are named (`CODEC`,
/// `PIPE_NAME`), unlike the parts of link and widget names (`SSP5`, `PIN2`).
pub(super) fn looks_like_macro(name: &str) -> bool {
    is_name_case(name) && name.len() >= 4 && !name.bytes().any(|b| b.is_ascii_digit())
}

impl Converter<'_> {
    /// Whether M4 would replace `name` here (as far as this file shows).
    pub(super) fn is_macro(&self, name: &str) -> bool {
        if let Some(ctx) = &self.ctx {
            if ctx.params.iter().any(|p| p == name) {
                return false;
            }
        }
        match self.state.names.get(name) {
            Some((Known::Yes | Known::Maybe | Known::Guess, _)) => true,
            Some((Known::No, _)) => false,
            None => {
                self.facts.tested.contains(name)
                    || self.build.inputs.contains(name)
                    || published(name).is_some()
                    || published_global(name)
                    || crate::migrate::prelude_names().iter().any(|n| n == name)
            }
        }
    }

    /// Whether `name` might be defined here: by this file, an include, or
    /// from outside (a name the file tests is an input).
    pub(super) fn maybe_defined(&self, name: &str) -> bool {
        match self.state.names.get(name) {
            Some((Known::Yes, _)) => true,
            Some((Known::Maybe, _)) => !self.state.excluded(name),
            Some((Known::No | Known::Guess, _)) => false,
            None => self.facts.is_input(name),
        }
    }

    pub(super) fn kind_of(&self, name: &str) -> Option<Kind> {
        self.state.names.get(name).and_then(|(k, kind)| match k {
            Known::No => None,
            _ => Some(*kind),
        })
    }

    /// Names defined so far that the glob `prefix*suffix` matches, where
    /// the pasted part is a number (what SOF pastes: indexes and IDs).
    pub(super) fn pasted_matches(&self, prefix: &str, suffix: &str) -> Vec<String> {
        let fits = |n: &str| {
            n.len() > prefix.len() + suffix.len()
                && n.starts_with(prefix)
                && n.ends_with(suffix)
                && n[prefix.len()..n.len() - suffix.len()]
                    .bytes()
                    .all(|b| b.is_ascii_digit())
        };
        let mut out: Vec<String> = self
            .state
            .names
            .iter()
            .filter(|(_, (k, _))| *k != Known::No)
            .map(|(n, _)| n.clone())
            .chain(self.facts.tested.iter().cloned())
            .filter(|n| fits(n))
            .collect();
        let example = format!("{prefix}1{suffix}");
        if published(&example).is_some() {
            out.push(example);
        }
        out.sort();
        out.dedup();
        out
    }
}
