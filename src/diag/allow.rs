//! Which findings a topology's author, or a run, has decided about:
//! `# tplg: allow(CODE, …)` comments on a statement, `# tplg:
//! allow-file(CODE, …)` in a file's header, and the `--allow CODE` /
//! `--deny CODE` of a run.
//!
//! - `# tplg: allow(CODE)` drops the findings with that code that point at
//!   the line it is on, or at the statement it is on or right above (the
//!   comment lines directly above a statement belong to it).
//! - `# tplg: allow-file(CODE)` among the comments at the top of a file
//!   (before its first statement) drops the findings with that code in that
//!   file; in the file a build starts from, in everything the build reports.
//! - `--allow CODE` drops them in the whole run; `--deny CODE` makes them
//!   errors. A comment in the source wins over the run's setting.
//!
//! A CODE is written with or without `tplg::` (`dai::no_link`), and may name
//! an area (`route` is every `tplg::route::…`).

use super::{Finding, Severity};
use crate::source::{FileId, Sources, Span};
use crate::vocab::{closest_by, Near};

/// What a run decided: `--allow` and `--deny`, as given (with or without
/// `tplg::`).
#[derive(Debug, Clone, Default)]
pub(crate) struct RunPolicy {
    pub allow: Vec<String>,
    pub deny: Vec<String>,
}

/// `dai::no_link` as `tplg::dai::no_link`.
pub(crate) fn full_code(pattern: &str) -> String {
    let p = pattern.trim();
    if p.starts_with("tplg::") || p == "tplg" {
        p.to_string()
    } else {
        format!("tplg::{p}")
    }
}

/// Whether `pattern` (full form) names `code`: the code, or an area of it.
fn names(pattern: &str, code: &str) -> bool {
    code == pattern
        || code
            .strip_prefix(pattern)
            .is_some_and(|rest| rest.starts_with("::"))
}

/// An allow comment, where it is.
#[derive(Debug, Clone)]
struct Allow {
    /// 1-based line.
    line: usize,
    codes: Vec<(String, Span)>,
    file_level: bool,
}

/// The allow comments of one file.
#[derive(Debug, Default)]
struct FileAllows {
    allows: Vec<Allow>,
    /// Lines (1-based) that hold only a comment.
    comment_lines: Vec<bool>,
}

const MARK: &str = "tplg:";

fn scan(text: &str, file: FileId) -> FileAllows {
    let mut out = FileAllows {
        comment_lines: vec![false],
        ..Default::default()
    };
    let mut header = true;
    let mut offset = 0;
    for (i, line) in text.split('\n').enumerate() {
        let trimmed = line.trim_start();
        let comment_only = trimmed.starts_with('#');
        out.comment_lines.push(comment_only);
        if !comment_only && !trimmed.trim().is_empty() {
            header = false;
        }
        if let Some(hash) = line.find('#') {
            let comment = &line[hash + 1..];
            let body = comment.trim_start();
            if let Some(rest) = body.strip_prefix(MARK) {
                let rest_at = offset + line.len() - rest.len();
                let rest_trim = rest.trim_start();
                let lead = rest.len() - rest_trim.len();
                for (kw, file_level) in [("allow-file(", true), ("allow(", false)] {
                    let Some(args) = rest_trim.strip_prefix(kw) else {
                        continue;
                    };
                    let Some(close) = args.find(')') else {
                        break;
                    };
                    let mut codes = Vec::new();
                    let mut at = rest_at + lead + kw.len();
                    for part in args[..close].split(',') {
                        let t = part.trim();
                        if !t.is_empty() {
                            let start = at + (part.len() - part.trim_start().len());
                            codes.push((full_code(t), Span::new(file, start, start + t.len())));
                        }
                        at += part.len() + 1;
                    }
                    out.allows.push(Allow {
                        line: i + 1,
                        codes,
                        // a file-level allow below the header is a line allow
                        file_level: file_level && header,
                    });
                    break;
                }
            }
        }
        offset += line.len() + 1;
    }
    out
}

/// Every allow comment of a build's sources.
pub(crate) struct Allows {
    files: Vec<(FileId, FileAllows)>,
    /// The file the build started from: its file-level allows cover all.
    entry: Option<FileId>,
}

impl Allows {
    /// The allow comments of every file in `sources`; `entry`'s file-level
    /// ones apply to the whole build.
    pub(crate) fn scan(sources: &Sources, entry: Option<FileId>) -> Allows {
        let files = sources
            .ids()
            // (SIMD: this reads every file of the build, its expanded text too)
            .filter(|id| {
                crate::bytes::find_str(sources.text(*id).as_bytes(), MARK.as_bytes()).is_some()
            })
            .map(|id| (id, scan(sources.text(id), id)))
            .collect();
        Allows { files, entry }
    }

    fn of(&self, file: FileId) -> Option<&FileAllows> {
        self.files.iter().find(|(f, _)| *f == file).map(|(_, a)| a)
    }

    /// Whether a comment allows `f`.
    fn allowed(&self, sources: &Sources, f: &Finding) -> bool {
        let code = f.code.as_ref();
        let file_allows = |file: FileId| {
            self.of(file).is_some_and(|a| {
                a.allows
                    .iter()
                    .any(|x| x.file_level && x.codes.iter().any(|(p, _)| names(p, code)))
            })
        };
        if self.entry.is_some_and(file_allows) {
            return true;
        }
        for place in std::iter::once(f.span).chain(f.statement) {
            if file_allows(place.file) {
                return true;
            }
            let Some(a) = self.of(place.file) else {
                continue;
            };
            let (first, _) = sources.line_col(place.file, place.start());
            let (last, _) = sources.line_col(place.file, place.end().max(place.start()));
            // the comment lines right above belong to the statement
            let mut from = first;
            while from > 1 && a.comment_lines.get(from - 1).copied().unwrap_or(false) {
                from -= 1;
            }
            if a.allows.iter().any(|x| {
                !x.file_level
                    && (from..=last).contains(&x.line)
                    && x.codes.iter().any(|(p, _)| names(p, code))
            }) {
                return true;
            }
        }
        false
    }

    /// Every code an allow comment names, where it names it.
    pub(crate) fn codes(&self) -> impl Iterator<Item = (&str, Span)> {
        self.files
            .iter()
            .flat_map(|(_, a)| &a.allows)
            .flat_map(|x| x.codes.iter().map(|(c, s)| (c.as_str(), *s)))
    }
}

/// Applies the allow comments and the run's policy to `findings`: allowed
/// ones are dropped, denied ones become errors.
pub(crate) fn apply(
    sources: &Sources,
    allows: &Allows,
    run: &RunPolicy,
    findings: &mut Vec<Finding>,
) {
    let allow: Vec<String> = run.allow.iter().map(|p| full_code(p)).collect();
    let deny: Vec<String> = run.deny.iter().map(|p| full_code(p)).collect();
    findings.retain(|f| !allows.allowed(sources, f) && !allow.iter().any(|p| names(p, &f.code)));
    for f in findings.iter_mut() {
        if deny.iter().any(|p| names(p, &f.code)) {
            f.severity = Severity::Error;
        }
    }
}

/// Warnings for allow comments and `--allow`/`--deny` codes that name no
/// known code: `known` lists the codes that exist; codes under an area in
/// `open_areas` (whose codes are not listed) are taken as they are.
pub(crate) fn unknown_codes<'a>(
    named: impl IntoIterator<Item = (&'a str, Option<Span>)>,
    known: &[&str],
    open_areas: &[&str],
) -> Vec<(String, Option<Span>, Option<String>)> {
    let mut out = Vec::new();
    for (pattern, span) in named {
        let pattern = full_code(pattern);
        let pattern = pattern.as_str();
        let ok = known.iter().any(|k| names(pattern, k))
            || open_areas
                .iter()
                .any(|a| names(a, pattern) || names(pattern, a));
        if !ok {
            let suggestion =
                closest_by(pattern, known.iter().copied(), Near::Code).map(str::to_string);
            out.push((pattern.to_string(), span, suggestion));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Origin;

    fn setup(text: &str) -> (Sources, FileId) {
        let mut s = Sources::new();
        let id = s.add("t.topo", Origin::Synthetic, text.to_string());
        (s, id)
    }

    fn finding(s: &Sources, id: FileId, at: &str, code: &'static str) -> Finding {
        let start = s.text(id).find(at).unwrap();
        Finding::warning(code, Span::new(id, start, start + at.len()), "x")
    }

    #[test]
    fn a_comment_allows_its_line_and_the_statement_below_it() {
        let text =
            "# header\n\nA(1) # tplg: allow(x::y)\n# tplg: allow(tplg::x::z)\nB(\n  2)\nC(3)\n";
        let (s, id) = setup(text);
        let allows = Allows::scan(&s, Some(id));
        let mut f = vec![
            finding(&s, id, "A(1)", "tplg::x::y"),
            finding(&s, id, "A(1)", "tplg::x::z"),
            finding(&s, id, "2)", "tplg::x::z"),
            finding(&s, id, "C(3)", "tplg::x::z"),
        ];
        // the second finding is on B's statement, found through its span
        f[2].statement = Some(Span::new(
            id,
            text.find("B(").unwrap(),
            text.find("2)").unwrap() + 2,
        ));
        apply(&s, &allows, &RunPolicy::default(), &mut f);
        let left: Vec<_> = f
            .iter()
            .map(|x| (s.slice(x.span).to_string(), x.code.to_string()))
            .collect();
        assert_eq!(
            left,
            [
                ("A(1)".to_string(), "tplg::x::z".to_string()),
                ("C(3)".to_string(), "tplg::x::z".to_string())
            ]
        );
    }

    #[test]
    fn a_file_allow_covers_the_file_only_from_its_header() {
        let (s, id) = setup("# tplg: allow-file(x)\nA(1)\nB(2)\n");
        let allows = Allows::scan(&s, None);
        let mut f = vec![
            finding(&s, id, "B(2)", "tplg::x::y"),
            finding(&s, id, "B(2)", "tplg::w::y"),
        ];
        apply(&s, &allows, &RunPolicy::default(), &mut f);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].code, "tplg::w::y");
        // below the first statement, allow-file is an allow of its line
        let (s, id) = setup("A(1)\n# tplg: allow-file(x)\nB(2)\nC(3)\n");
        let allows = Allows::scan(&s, None);
        let mut f = vec![
            finding(&s, id, "B(2)", "tplg::x::y"),
            finding(&s, id, "C(3)", "tplg::x::y"),
        ];
        apply(&s, &allows, &RunPolicy::default(), &mut f);
        assert_eq!(f.len(), 1);
        assert_eq!(s.slice(f[0].span), "C(3)");
    }

    #[test]
    fn the_run_allows_and_denies_and_comments_win() {
        let (s, id) = setup("A(1)\nB(2) # tplg: allow(x::y)\n");
        let allows = Allows::scan(&s, None);
        let run = RunPolicy {
            allow: vec!["w".into()],
            deny: vec!["tplg::x::y".into()],
        };
        let mut f = vec![
            finding(&s, id, "A(1)", "tplg::x::y"),
            finding(&s, id, "A(1)", "tplg::w::v"),
            finding(&s, id, "B(2)", "tplg::x::y"),
        ];
        apply(&s, &allows, &run, &mut f);
        assert_eq!(f.len(), 1);
        assert_eq!(s.slice(f[0].span), "A(1)");
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn codes_are_named_where_they_are_written() {
        let (s, id) = setup("A(1) #tplg: allow( dai::no_lnk , route)\n");
        let allows = Allows::scan(&s, None);
        let named: Vec<_> = allows
            .codes()
            .map(|(c, sp)| (c.to_string(), s.slice(sp).to_string()))
            .collect();
        assert_eq!(
            named,
            [
                ("tplg::dai::no_lnk".to_string(), "dai::no_lnk".to_string()),
                ("tplg::route".to_string(), "route".to_string())
            ]
        );
        let _ = id;
        let unknown = unknown_codes(
            allows.codes().map(|(c, sp)| (c, Some(sp))),
            &["tplg::dai::no_link", "tplg::route::cycle"],
            &["tplg::eval"],
        );
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].0, "tplg::dai::no_lnk");
        assert_eq!(unknown[0].2.as_deref(), Some("tplg::dai::no_link"));
    }
}
