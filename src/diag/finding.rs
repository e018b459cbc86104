//! What a check reports, and how it reaches a person or a CI system.

use crate::source::{Sources, Span};
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

/// One problem found in a topology.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Stable, e.g. `tplg::route::dangling`.
    pub code: Cow<'static, str>,
    pub severity: Severity,
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    pub span: Span,
    pub label: String,
    /// Other places that explain it (the other duplicate, the statement
    /// that expanded to this section, …).
    pub related: Vec<(String, Span)>,
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
            related: Vec::new(),
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

    pub fn related(mut self, what: impl Into<String>, span: Span) -> Self {
        self.related.push((what.into(), span));
        self
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
            related: self
                .related
                .iter()
                .map(|(what, s)| Related {
                    message: what.clone(),
                    src: sources.named(s.file),
                    span: (*s).into(),
                })
                .collect(),
        }
    }
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
        let label = (!self.label.is_empty()).then(|| self.label.clone());
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            label, self.span,
        ))))
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
            None, self.span,
        ))))
    }
}
