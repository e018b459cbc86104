//! Output formats of `tplg lint`: for people (miette), compilers' `gcc`
//! style, JSON, GitHub workflow annotations and SARIF.

use crate::source::{Sources, Span};
use crate::validate::{Finding, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
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
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

pub fn locate(sources: &Sources, span: Span) -> Location {
    let (line, column) = sources.line_col(span.file, span.start);
    let (end_line, end_column) = sources.line_col(span.file, span.end);
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
pub struct RenderOptions {
    /// How `human` findings are drawn (the caller knows where they go).
    pub style: crate::diag::Style,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            style: crate::diag::Style::PLAIN,
        }
    }
}

/// Renders every finding of every file in `format`.
/// `style`: how `human` findings are drawn (the caller knows where they go).
pub fn render(files: &[Linted], format: Format, style: crate::diag::Style) -> String {
    render_with(files, format, &RenderOptions { style })
}

/// Renders every finding of every file in `format`, with `options`.
pub fn render_with(files: &[Linted], format: Format, options: &RenderOptions) -> String {
    let style = options.style;
    let mut out = String::new();
    match format {
        Format::Human => {
            for f in files {
                for finding in &f.findings {
                    out.push_str(&crate::diag::render(&finding.report(&f.sources), style));
                    out.push('\n');
                }
            }
        }
        Format::Gcc => {
            for f in files {
                for x in &f.findings {
                    let l = locate(&f.sources, x.span);
                    out.push_str(&format!(
                        "{}:{}:{}: {}[{}]: {}\n",
                        l.file, l.line, l.column, x.severity, x.code, x.message
                    ));
                }
            }
        }
        Format::Github => {
            for f in files {
                for x in &f.findings {
                    let l = locate(&f.sources, x.span);
                    let level = if x.severity == Severity::Error {
                        "error"
                    } else {
                        "warning"
                    };
                    out.push_str(&format!(
                        "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                        gh_property(&l.file),
                        l.line,
                        l.column,
                        l.end_line,
                        l.end_column,
                        gh_property(&x.code),
                        gh_data(&x.message)
                    ));
                }
            }
        }
        Format::Json => {
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
            out = serde_json::to_string_pretty(&all).expect("findings serialize");
            out.push('\n');
        }
        Format::Sarif => {
            out = serde_json::to_string_pretty(&sarif(files)).expect("SARIF serializes");
            out.push('\n');
        }
    }
    out
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

/// SARIF 2.1.0, as code-scanning services read it.
fn sarif(files: &[Linted]) -> serde_json::Value {
    use serde_json::json;
    let mut rules: BTreeMap<&str, serde_json::Value> = BTreeMap::new();
    let mut results = Vec::new();
    for f in files {
        for x in &f.findings {
            rules
                .entry(&x.code)
                .or_insert_with(|| json!({ "id": x.code, "shortDescription": { "text": x.code } }));
            let l = locate(&f.sources, x.span);
            let mut text = x.message.clone();
            if let Some(h) = &x.help {
                text.push_str(&format!(" ({h})"));
            }
            results.push(json!({
                "ruleId": x.code,
                "level": if x.severity == Severity::Error { "error" } else { "warning" },
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": l.file },
                        "region": {
                            "startLine": l.line, "startColumn": l.column,
                            "endLine": l.end_line, "endColumn": l.end_column
                        }
                    }
                }]
            }));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "tplg",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.into_values().collect::<Vec<_>>()
            }},
            "results": results
        }]
    })
}
