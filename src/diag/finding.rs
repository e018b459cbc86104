//! The one diagnostic type: what a check reports and what a stage's error
//! becomes at the boundary, and how it reaches a person or a CI system.

use crate::source::{FileId, Sources, Span};
use miette::{Diagnostic, LabeledSpan, SourceSpan};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem found in a topology, or a stage's error (evaluation,
/// alsaconf, migration, binary writer) as it is reported.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Stable, e.g. `tplg::route::dangling`.
    pub code: Cow<'static, str>,
    pub severity: Severity,
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// The primary place, in the file of its file id.
    pub span: Span,
    /// The primary label (none when empty).
    pub label: String,
    /// More labelled places in the file of `span`, drawn in the same
    /// snippet (the bracket a syntax error leaves open).
    pub labels: Vec<(String, Span)>,
    /// Other places that explain it (the other duplicate, the statement
    /// that expanded to this section, …).
    pub related: Vec<(String, Span)>,
    /// The way to it, innermost first: each macro expansion and include
    /// that led to `span` (drawn after `related`, each "from here").
    pub trace: Vec<(String, Span)>,
    /// The user's statement the finding was traced to, when it points into
    /// text that statement wrote (allow comments on the statement apply).
    pub statement: Option<Span>,
}

impl Finding {
    pub fn new(
        code: impl Into<Cow<'static, str>>,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            code: code.into(),
            severity,
            message: message.into(),
            help: None,
            span,
            label: String::new(),
            labels: Vec::new(),
            related: Vec::new(),
            trace: Vec::new(),
            statement: None,
        }
    }

    pub fn error(
        code: impl Into<Cow<'static, str>>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Self::new(code, Severity::Error, span, message)
    }

    pub fn warning(
        code: impl Into<Cow<'static, str>>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Self::new(code, Severity::Warning, span, message)
    }

    pub fn help(mut self, h: impl Into<String>) -> Self {
        self.help = Some(h.into());
        self
    }

    pub fn label(mut self, l: impl Into<String>) -> Self {
        self.label = l.into();
        self
    }

    /// Another label in the snippet of the primary span (same file).
    pub fn also(mut self, label: impl Into<String>, span: Span) -> Self {
        debug_assert_eq!(span.file, self.span.file);
        self.labels.push((label.into(), span));
        self
    }

    pub fn related(mut self, what: impl Into<String>, span: Span) -> Self {
        self.related.push((what.into(), span));
        self
    }

    /// One step of the way to it (a macro call, an include), outermost last.
    pub fn traced(mut self, what: impl Into<String>, span: Span) -> Self {
        self.trace.push((what.into(), span));
        self
    }

    /// The finding a stage's error deriving miette's `Diagnostic` (for its
    /// code, help and labels) becomes, its spans in `file`: the first label
    /// is the primary one, any others are more labels beside it.
    pub(crate) fn of_diagnostic(d: &dyn Diagnostic, file: FileId, severity: Severity) -> Finding {
        let code = d
            .code()
            .map_or_else(|| "tplg".to_string(), |c| c.to_string());
        let mut labels = d.labels().into_iter().flatten().map(|l| {
            let span = Span::new(file, l.offset(), l.offset() + l.len());
            (l.label().unwrap_or_default().to_string(), span)
        });
        let (label, span) = labels
            .next()
            .unwrap_or_else(|| (String::new(), Span::new(file, 0, 0)));
        let mut f = Finding::new(code, severity, span, d.to_string()).label(label);
        f.labels = labels.collect();
        f.help = d.help().map(|h| h.to_string());
        f
    }

    /// A miette report of this finding over `sources`.
    pub fn report(&self, sources: &Sources) -> FindingReport {
        FindingReport {
            code: self.code.clone(),
            severity: self.severity,
            message: self.message.clone(),
            help: self.help.clone(),
            label: self.label.clone(),
            src: sources.named(self.span.file),
            span: self.span.into(),
            labels: self
                .labels
                .iter()
                .map(|(l, s)| (l.clone(), (*s).into()))
                .collect(),
            related: self
                .related
                .iter()
                .map(|(what, s)| (what, s, None))
                .chain(
                    self.trace
                        .iter()
                        .map(|(what, s)| (what, s, Some(TRACE_LABEL))),
                )
                .map(|(what, s, label)| Related {
                    message: what.clone(),
                    src: sources.named(s.file),
                    span: (*s).into(),
                    label,
                })
                .collect(),
        }
    }
}

/// The label of each step of a finding's trace.
const TRACE_LABEL: &str = "from here";

/// A label as miette draws it: none for an empty text.
fn labeled(text: &str, span: SourceSpan) -> LabeledSpan {
    LabeledSpan::new_with_span((!text.is_empty()).then(|| text.to_string()), span)
}

/// A finding with its source text, for miette.
#[derive(Debug)]
pub struct FindingReport {
    code: Cow<'static, str>,
    severity: Severity,
    message: String,
    help: Option<String>,
    label: String,
    src: crate::source::Named,
    span: SourceSpan,
    labels: Vec<(String, SourceSpan)>,
    related: Vec<Related>,
}

impl fmt::Display for FindingReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingReport {}

impl Diagnostic for FindingReport {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(
            std::iter::once(labeled(&self.label, self.span))
                .chain(self.labels.iter().map(|(l, s)| labeled(l, *s))),
        ))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}

#[derive(Debug)]
struct Related {
    message: String,
    src: crate::source::Named,
    span: SourceSpan,
    label: Option<&'static str>,
}

impl fmt::Display for Related {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Related {}

impl Diagnostic for Related {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            self.label.map(str::to_string),
            self.span,
        ))))
    }
}
