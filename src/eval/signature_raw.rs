//! The data of `statements.toml` as it is written: read from the file at
//! run time (a `statements.toml` of an `-I` directory) and by `build.rs`,
//! which turns the built-in file into Rust data at build time
//! (`Signatures::builtin`), so no build parses it. This file uses nothing
//! but `serde` and `std`, for `build.rs` to include it.

use serde::Deserialize;

/// What a construct does when it is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConstructKind {
    /// Renders the pipeline template named by its `pipeline` argument and
    /// publishes what the template exports (`PIPELINE_SOURCE` → `PIPELINE_SOURCE_<id>`).
    Pipeline,
    /// Renders its template.
    Template,
    /// A nested value (e.g. `SSP_CLOCK(…)`): evaluates to a record of its arguments.
    Value,
    /// A nested value computed by an expression over its arguments.
    Function,
}

/// A default for an omitted parameter.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum DefaultValue {
    Int(i64),
    Text(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSignature {
    pub kind: ConstructKind,
    pub template: Option<String>,
    pub expr: Option<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub params: Vec<RawParam>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawParam {
    pub name: String,
    pub kind: String,
    pub default: Option<DefaultValue>,
    #[serde(default)]
    pub optional: bool,
    #[serde(default)]
    pub variadic: bool,
    pub doc: Option<String>,
    pub defines: Option<String>,
}
