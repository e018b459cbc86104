//! Diagnostics, at the bottom of the crate.
//!
//! - [`Finding`], the one diagnostic type: code, severity, message, the
//!   primary label on a span with its file id, more labels in that file,
//!   help, related places, and the trace (the macro expansions and includes
//!   that led to it). Checks make findings; each stage keeps its own typed
//!   error enum with real fields (`EvalError`, `ParseError`, `ConfError`,
//!   `MigrateError`, the binary writer's findings) and turns it into a
//!   finding at the boundary (`to_finding`, or [`Finding::of_diagnostic`]
//!   for an error deriving miette's `Diagnostic` for its code and help).
//! - The one renderer: [`Finding::report`] over the [`Sources`] gives miette
//!   a diagnostic, and [`render`] draws it in a [`Style`] (colour, width)
//!   the caller picks for where the text goes; `lint::format` gives the
//!   other formats (gcc, json, github, sarif) of the same findings. build,
//!   lint, graph, info and migrate print findings only this way (a
//!   malformed binary, which has no text to point into, is drawn by
//!   [`render`] as it is).
//! - [`allow`]: `# tplg: allow(CODE)` comments and `--allow`/`--deny`.
//!
//! This module imports no stage.
//!
//! [`Sources`]: crate::source::Sources

pub(crate) mod allow;
mod finding;

pub(crate) use finding::{Finding, Severity};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

/// How diagnostics are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Style {
    /// ANSI colours.
    pub color: bool,
    /// Columns to wrap at.
    pub width: usize,
}

impl Style {
    /// Colours when `stream` is a terminal and `NO_COLOR` is unset; plain
    /// otherwise, so CI logs and tests see the same text. 80 columns.
    pub(crate) fn for_stream(stream: &impl std::io::IsTerminal) -> Style {
        Style {
            color: stream.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            width: 80,
        }
    }

    /// Plain text, 80 columns.
    pub(crate) const PLAIN: Style = Style {
        color: false,
        width: 80,
    };
}

/// A line longer than this is not drawn as a snippet (miette cannot draw a
/// label past column 65,535, would draw the whole line, and a line that
/// long is no use to read): the label is given as `file:line:col` instead.
const MAX_SNIPPET_LINE: usize = 400;

/// Renders a diagnostic with its source snippet, labels and help; a
/// diagnostic whose labels sit far along a very long line is rendered
/// without the snippet, each label as `file:line:col: label`.
pub(crate) fn render(d: &dyn Diagnostic, style: Style) -> String {
    if let Some(places) = far_labels(d) {
        return render_compact(d, &places);
    }
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut s = String::new();
    if handler.render_report(&mut s, d).is_err() {
        s = format!("error: {d}\n");
    }
    s
}

/// The labels as `file:line:col: label`, if any of them is on a line
/// longer than [`MAX_SNIPPET_LINE`].
fn far_labels(d: &dyn Diagnostic) -> Option<Vec<String>> {
    let src = d.source_code()?;
    let mut far = false;
    let mut places = Vec::new();
    for l in d.labels()? {
        let Ok(at) = src.read_span(l.inner(), 0, 0) else {
            continue;
        };
        // long before the label, or no line end soon after its start
        let after = miette::SourceSpan::from((l.offset(), MAX_SNIPPET_LINE + 1));
        let runs_on = src
            .read_span(&after, 0, 0)
            .is_ok_and(|c| !c.data().contains(&b'\n'));
        far |= at.column() > MAX_SNIPPET_LINE || runs_on;
        places.push(format!(
            "{}:{}:{}{}",
            at.name().unwrap_or("<input>"),
            at.line() + 1,
            at.column() + 1,
            l.label().map(|t| format!(": {t}")).unwrap_or_default()
        ));
    }
    far.then_some(places)
}

fn render_compact(d: &dyn Diagnostic, places: &[String]) -> String {
    let mut s = String::new();
    if let Some(code) = d.code() {
        s.push_str(&format!("{code}\n\n"));
    }
    let mark = match d.severity() {
        Some(miette::Severity::Warning) => '⚠',
        Some(miette::Severity::Advice) => '☞',
        _ => '×',
    };
    s.push_str(&format!("  {mark} {d}\n"));
    for p in places {
        s.push_str(&format!("   at {p} (line too long to show)\n"));
    }
    if let Some(help) = d.help() {
        s.push_str(&format!("  help: {help}\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error, miette::Diagnostic)]
    #[error("bad key")]
    #[diagnostic(code(tplg::test), help("fix it"))]
    struct Far {
        #[source_code]
        src: miette::NamedSource<String>,
        #[label("here")]
        at: miette::SourceSpan,
    }

    #[test]
    fn a_label_far_along_a_long_line_is_rendered_without_the_snippet() {
        let line = format!("{}key", "b".repeat(70_000));
        let d = Far {
            src: miette::NamedSource::new("long.conf", format!("x\n{line}\n")),
            at: (2 + 70_000, 3).into(),
        };
        let text = render(&d, Style::PLAIN);
        assert!(text.contains("long.conf:2:70001: here"), "{text}");
        assert!(text.contains("help: fix it"), "{text}");
        assert!(text.len() < 1000);
        // near the start of a line, the snippet is drawn as usual
        let d = Far {
            src: miette::NamedSource::new("short.conf", "x\nkey\n".to_string()),
            at: (2, 3).into(),
        };
        assert!(render(&d, Style::PLAIN).contains("2 │ key"));
    }
}
