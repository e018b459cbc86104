//! Diagnostics, at the bottom of the crate: what every stage reports
//! ([`Finding`]: code, severity, message, a span with its file, help,
//! related places) and the one renderer that turns any `miette` diagnostic
//! into text ([`render`], in a [`Style`] the caller picks for where the text
//! goes). Stages keep their own typed error enums; this module imports no
//! stage.

mod finding;

pub use finding::{Finding, FindingReport, Severity};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

/// How diagnostics are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours.
    pub color: bool,
    /// Columns to wrap at.
    pub width: usize,
}

impl Style {
    /// Colours when `stream` is a terminal and `NO_COLOR` is unset; plain
    /// otherwise, so CI logs and tests see the same text. 80 columns.
    pub fn for_stream(stream: &impl std::io::IsTerminal) -> Style {
        Style {
            color: stream.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            width: 80,
        }
    }

    /// Plain text, 80 columns.
    pub const PLAIN: Style = Style {
        color: false,
        width: 80,
    };
}

/// Renders a diagnostic with its source snippet, labels and help.
pub fn render(d: &dyn Diagnostic, style: Style) -> String {
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
