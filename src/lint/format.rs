//! Output formats of `tplg lint`: for people (miette), compilers' `gcc`
//! style, JSON, GitHub workflow annotations and SARIF.

use crate::source::{Sources, Span};
use crate::validate::{Finding, Severity};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    Human,
    /// One line per finding: `file:line:col: severity[code]: message`.
    #[value(alias = "short")]
    Gcc,
    Json,
    Github,
    Sarif,
}

/// The findings of one linted file, with the sources they point into.
pub struct Linted {
    pub path: String,
    pub sources: Sources,
    pub findings: Vec<Finding>,
}

/// Where a span is, as people count: file, 1-based line and column, end.
#[derive(Debug, Serialize)]
pub(crate) struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

pub(crate) fn locate(sources: &Sources, span: Span) -> Location {
    let (line, column) = sources.line_col(span.file, span.start());
    let (end_line, end_column) = sources.line_col(span.file, span.end());
    Location {
        file: sources.get(span.file).name.clone(),
        line,
        column,
        end_line,
        end_column,
    }
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    #[serde(flatten)]
    location: Location,
    severity: Severity,
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

/// How findings are rendered, beyond the format.
#[derive(Debug, Clone)]
pub(crate) struct RenderOptions {
    /// How `human` findings are drawn (the caller knows where they go).
    pub style: crate::diag::Style,
    /// `github`: annotations of each level (GitHub shows 10 errors and 10
    /// warnings per step); the rest are plain log lines, counted in the
    /// summary.
    pub annotations: usize,
    /// `sarif`: the directory URIs are relative to (`SRCROOT`); absolute.
    /// `None`: the current directory.
    pub sarif_base: Option<std::path::PathBuf>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            style: crate::diag::Style::PLAIN,
            annotations: 10,
            sarif_base: None,
        }
    }
}

/// Renders every finding of every file in `format`.
/// `style`: how `human` findings are drawn (the caller knows where they go).
pub(crate) fn render(files: &[Linted], format: Format, style: crate::diag::Style) -> String {
    render_with(
        files,
        format,
        &RenderOptions {
            style,
            ..Default::default()
        },
    )
}

/// Makes, in parallel, the line index of each file a finding points into
/// (made once per file, the first time a place in it is asked for), so that
/// rendering in order does not make them one by one.
fn index_lines(files: &[Linted]) {
    files.par_iter().for_each(|f| {
        for x in &f.findings {
            f.sources.line_col(x.span.file, 0);
        }
    });
}

/// Renders every finding of every file in `format`, with `options`.
pub(crate) fn render_with(files: &[Linted], format: Format, options: &RenderOptions) -> String {
    let style = options.style;
    // each file's findings are drawn, or its line index made, in parallel
    match format {
        Format::Human => {
            let drawn: Vec<String> = files
                .par_iter()
                .map(|f| {
                    let mut out = String::new();
                    for finding in &f.findings {
                        out.push_str(&crate::diag::render(&finding.report(&f.sources), style));
                        out.push('\n');
                    }
                    out
                })
                .collect();
            drawn.concat()
        }
        Format::Gcc => {
            let lines: Vec<String> = files
                .par_iter()
                .map(|f| {
                    let mut out = String::new();
                    for x in &f.findings {
                        let l = locate(&f.sources, x.span);
                        let _ = writeln!(
                            out,
                            "{}:{}:{}: {}[{}]: {}",
                            l.file, l.line, l.column, x.severity, x.code, x.message
                        );
                    }
                    out
                })
                .collect();
            lines.concat()
        }
        Format::Github => {
            index_lines(files);
            github(files, options.annotations)
        }
        Format::Json => {
            index_lines(files);
            let all: Vec<JsonFinding> = files
                .iter()
                .flat_map(|f| {
                    f.findings.iter().map(|x| JsonFinding {
                        location: locate(&f.sources, x.span),
                        severity: x.severity,
                        code: &x.code,
                        message: &x.message,
                        help: x.help.as_deref(),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&all).expect("findings serialize") + "\n"
        }
        Format::Sarif => {
            index_lines(files);
            let base = options
                .sarif_base
                .clone()
                .or_else(|| std::env::current_dir().ok())
                .unwrap_or_default();
            serde_json::to_string_pretty(&sarif(files, &base)).expect("SARIF serializes") + "\n"
        }
    }
}

/// GitHub workflow commands escape `%`, CR and LF in data, and also `:` and `,` in properties.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub workflow commands: errors first, then warnings, the first
/// `cap` of each level as annotations (with the help, and the code as the
/// title), the rest as plain lines; then a summary notice.
fn github(files: &[Linted], cap: usize) -> String {
    let mut out = String::new();
    let all: Vec<(&Linted, &Finding)> = files
        .iter()
        .flat_map(|f| f.findings.iter().map(move |x| (f, x)))
        .collect();
    let mut left = Vec::new();
    for severity in [Severity::Error, Severity::Warning] {
        let of_level = all.iter().filter(|(_, x)| x.severity == severity);
        for (n, (f, x)) in of_level.enumerate() {
            let l = locate(&f.sources, x.span);
            if n >= cap {
                left.push((severity, l, x));
                continue;
            }
            let mut text = x.message.clone();
            if let Some(h) = &x.help {
                text.push_str("\n\nhelp: ");
                text.push_str(h);
            }
            out.push_str(&format!(
                "::{severity} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                gh_property(l.file.strip_prefix("./").unwrap_or(&l.file)),
                l.line,
                l.column,
                l.end_line,
                l.end_column,
                gh_property(&x.code),
                gh_data(&text)
            ));
        }
    }
    for (severity, l, x) in &left {
        out.push_str(&format!(
            "{}:{}:{}: {severity}[{}]: {}\n",
            l.file, l.line, l.column, x.code, x.message
        ));
    }
    let count = |s: Severity| all.iter().filter(|(_, x)| x.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let mut summary = format!(
        "{}: {}, {}",
        plural(files.len(), "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if !left.is_empty() {
        summary.push_str(&format!(
            "; the first {cap} of each are annotated, {} more are listed in the log",
            left.len()
        ));
    }
    out.push_str(&format!("::notice title=tplg::{}\n", gh_data(&summary)));
    out
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// A file's location for SARIF: relative to `base` (under `SRCROOT`) when
/// it is under it, else an absolute `file://` URI; `None` for text that is
/// on no disk (the built-in library, the command line, expanded text).
fn artifact(sources: &Sources, span: Span, base: &std::path::Path) -> Option<serde_json::Value> {
    use serde_json::json;
    let crate::source::Origin::Disk(path) = &sources.get(span.file).origin else {
        return None;
    };
    // paths as given are relative to the current directory
    let absolute = if path.is_absolute() {
        path.clone()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let absolute = normalize(&absolute);
    Some(match absolute.strip_prefix(base) {
        Ok(rel) => json!({ "uri": uri_path(rel), "uriBaseId": "SRCROOT" }),
        Err(_) => json!({ "uri": format!("file://{}", uri_path(&absolute)) }),
    })
}

/// `a/./b/../c` as `a/c`, without touching the disk.
fn normalize(p: &std::path::Path) -> std::path::PathBuf {
    use std::path::Component;
    let mut out = std::path::PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A path as a URI path: `/`-separated, percent-encoding what a URI
/// cannot hold as it is.
fn uri_path(p: &std::path::Path) -> String {
    let text = p.to_string_lossy().replace('\\', "/");
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'+'
            | b','
            | b'='
            | b'@' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Where the docs of a check live, for SARIF's `helpUri`: the repository's
/// docs/checks.md, at the check's anchor.
fn help_uri(code: &str) -> Option<String> {
    let repo = env!("CARGO_PKG_REPOSITORY");
    (!repo.is_empty()).then(|| {
        format!(
            "{}/blob/main/docs/checks.md#{}",
            repo.trim_end_matches('/'),
            crate::validate::checks::anchor(code)
        )
    })
}

/// SARIF 2.1.0, as code-scanning services read it: one rule per code that
/// has findings (with the check's summary, help and docs link), results
/// pointing at it by index, URIs relative to `base` as `SRCROOT`.
fn sarif(files: &[Linted], base: &std::path::Path) -> serde_json::Value {
    use serde_json::json;
    let mut rules: BTreeMap<&str, serde_json::Value> = BTreeMap::new();
    for f in files {
        for x in &f.findings {
            rules.entry(&x.code).or_insert_with(|| {
                let check = crate::validate::checks::by_code(&x.code);
                let summary = check.map_or_else(|| x.code.to_string(), |c| c.summary.to_string());
                let mut rule = json!({
                    "id": x.code,
                    "name": x.code.trim_start_matches("tplg::").replace("::", "/"),
                    "shortDescription": { "text": summary },
                    "fullDescription": { "text": summary },
                    "defaultConfiguration": {
                        "level": if x.severity == Severity::Error { "error" } else { "warning" }
                    },
                });
                if let Some(c) = check {
                    rule["help"] = json!({ "text": c.help });
                }
                if let Some(uri) = help_uri(&x.code).filter(|_| check.is_some()) {
                    rule["helpUri"] = json!(uri);
                }
                rule
            });
        }
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let mut results = Vec::new();
    for f in files {
        for x in &f.findings {
            let l = locate(&f.sources, x.span);
            let mut text = x.message.clone();
            if let Some(h) = &x.help {
                text.push_str(&format!(" (help: {h})"));
            }
            let mut result = json!({
                "ruleId": x.code,
                "ruleIndex": index[x.code.as_ref()],
                "level": if x.severity == Severity::Error { "error" } else { "warning" },
                "message": { "text": text },
            });
            if let Some(artifact) = artifact(&f.sources, x.span, base) {
                result["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {
                            "startLine": l.line, "startColumn": l.column,
                            "endLine": l.end_line, "endColumn": l.end_column
                        }
                    }
                }]);
            }
            results.push(result);
        }
    }
    let mut base_uri = format!("file://{}", uri_path(base));
    if !base_uri.ends_with('/') {
        base_uri.push('/');
    }
    let repo = env!("CARGO_PKG_REPOSITORY");
    let mut log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "tplg",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.into_values().collect::<Vec<_>>()
            }},
            "originalUriBaseIds": { "SRCROOT": { "uri": base_uri } },
            "results": results
        }]
    });
    if !repo.is_empty() {
        log["runs"][0]["tool"]["driver"]["informationUri"] = json!(repo);
    }
    log
}
