//! Includes: what the converter asks of the file system ([`Includes`]),
//! and `include` of a literal or computed path, with what the included
//! file defines and undefines.

use super::*;

/// What the converter needs from the file system: which includes exist
/// beside the file, and which names an included file defines.
pub(crate) trait Includes {
    /// Where an included file is: the user's own (found on the include
    /// path, outside SOF's library directories), SOF's library, a platform
    /// file tplg ships, or nowhere.
    fn locate(&mut self, path: &str) -> crate::migrate::Located;
    /// The prefix (`../`) that takes the converted file to the tree's root,
    /// for a computed include whose fixed directory `dir` is there and not
    /// beside the file.
    fn root_prefix(&mut self, dir: &str) -> Option<String>;
    /// Names the included file defines, and names it undefines
    /// (transitively), if it can be found.
    fn names(&mut self, path: &str) -> (Vec<String>, Vec<String>);
    /// The literal texts of the names the included file certainly defines
    /// with one.
    fn texts(&mut self, path: &str) -> Vec<(String, String)>;
    /// Names any file `dir/prefix*suffix` defines (for a computed include
    /// such as `platform/intel/'PLATFORM`.m4').
    fn names_like(&mut self, dir: &str, prefix: &str, suffix: &str) -> Vec<String>;
}

impl Converter<'_> {
    pub(super) fn include(&mut self, c: &Call) -> R<Vec<Stmt>> {
        if c.args.len() != 1 {
            return refuse(
                K::ArgCount {
                    builtin: "include",
                    min: 1,
                    max: 1,
                    found: c.args.len(),
                },
                c.span,
                "here",
            );
        }
        let a = &c.args[0];
        let (h, p) = self.arg_pieces(a)?;
        let Choice::Leaf(mut pieces) = p else {
            return refuse(
                K::Unsupported {
                    name: "include".into(),
                    help: "an include whose file depends on a condition; put the include inside `ifdef`".into(),
                },
                a.span,
                "conditional file name",
            );
        };
        if !h.is_empty() {
            return refuse(
                K::UnquotedStatement {
                    builtin: "include".into(),
                },
                a.span,
                "here",
            );
        }
        strip_m4_suffix(&mut pieces);
        if let Some(path) = literal_text(&pieces) {
            // the file as M4 looks for it, and its name in .topo
            let m4 = path.trim().to_string();
            let path = m4.strip_suffix(".m4").unwrap_or(&m4).to_string();
            let located = self.includes.locate(&m4);
            let library = match &located {
                crate::migrate::Located::Library => true,
                crate::migrate::Located::Builtin => !path.contains('/'),
                crate::migrate::Located::Local(_) | crate::migrate::Located::Missing(_) => false,
            };
            let topo_path = match &located {
                crate::migrate::Located::Local(Some(p)) => p.clone(),
                _ => path.clone(),
            };
            if let crate::migrate::Located::Missing(searched) = located {
                self.warn(
                    K::IncludeNotFound {
                        path: self
                            .text(a.span)
                            .trim()
                            .trim_matches(['`', '\''])
                            .to_string(),
                        searched,
                    },
                    a.span,
                    "not found",
                );
            }
            let (defined, undefined) = self.includes.names(&m4);
            if m4.starts_with("platform/") {
                self.state.platform_read = true;
            }
            let (line, _) = crate::source::line_col(self.src, c.span.start);
            for (w, def, sp) in &self.lazy_reads {
                if defined.contains(w) {
                    return refuse(
                        K::LateBinding {
                            name: def.clone(),
                            late: w.clone(),
                            why: format!("The include at line {line} defines `{w}`"),
                        },
                        *sp,
                        "read later",
                    );
                }
            }
            for n in undefined {
                self.state.set(&n, Known::No, Kind::Other);
            }
            for n in defined {
                if !matches!(self.state.names.get(&n), Some((Known::Yes, _))) {
                    self.state.set(&n, Known::Maybe, Kind::Other);
                }
            }
            for (n, t) in self.includes.texts(&m4) {
                self.state.values.insert(n, vec![t]);
            }
            if library {
                // SOF's library: tplg builds it in
                return Ok(vec![]);
            }
            return Ok(vec![Stmt::Include(Value::Str(vec![Piece::Text(
                topo_path,
            )]))]);
        }
        // a computed file name: any file it may name may define names
        let pieces = merge_text(pieces);
        if pieces.iter().filter(|p| matches!(p, P::Ref(..))).count() == 1 {
            let text_at = |k: usize| match pieces.get(k) {
                Some(P::Text(t)) => t.as_str(),
                _ => "",
            };
            let head = text_at(0);
            let tail = if pieces.len() > 1 {
                text_at(pieces.len() - 1)
            } else {
                ""
            };
            let (dir, prefix) = head.rsplit_once('/').unwrap_or(("", head));
            for n in self.includes.names_like(dir, prefix, &format!("{tail}.m4")) {
                if !self.state.names.contains_key(&n) {
                    self.state.set(&n, Known::Guess, Kind::Other);
                }
            }
        }
        let mut pieces = pieces;
        let v = self.finish_text(&mut pieces, a.span)?;
        let v = match v {
            Value::Words(w) if is_name_case(&w) => Value::Str(vec![Piece::Name(w)]),
            Value::Words(w) => Value::Str(vec![Piece::Text(w)]),
            v @ Value::Str(_) => v,
            _ => {
                return refuse(
                    K::Paste {
                        name: "include".into(),
                    },
                    a.span,
                    "not a file name",
                )
            }
        };
        // from below the tree's root, a directory of the root is named
        // relative to this file, as a literal include is
        let v = match v {
            Value::Str(mut pieces) => {
                if let Some(Piece::Text(t)) = pieces.first_mut() {
                    if let Some((dir, _)) = t.rsplit_once('/') {
                        if let Some(pre) = self.includes.root_prefix(dir) {
                            t.insert_str(0, &pre);
                        }
                    }
                }
                Value::Str(pieces)
            }
            v => v,
        };
        Ok(vec![Stmt::Include(v)])
    }
}
