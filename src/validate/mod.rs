//! Validation: checks over a topology's sections and graph.

mod finding;

pub use finding::{Finding, FindingReport, Severity};
