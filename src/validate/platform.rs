//! What the checks know about the platform a topology is for: its DSP core
//! count and how many DAIs of each type its firmware has. A platform file
//! gives them as symbols (`PLATFORM_CORE_COUNT`, `PLATFORM_SSP_COUNT`, …);
//! the build driver reads those, and `--cores` / `--platform` give them for
//! a `.conf` file.

use crate::source::Span;
use std::collections::BTreeMap;

/// The symbol a platform file defines its DSP core count under.
pub(crate) const CORE_COUNT_SYMBOL: &str = "PLATFORM_CORE_COUNT";

/// The symbol a platform file defines a DAI count under.
pub(crate) fn count_symbol(dai_type: &str) -> String {
    format!("PLATFORM_{dai_type}_COUNT")
}

/// How many DAIs of a type the platform's firmware has.
#[derive(Debug, Clone)]
pub(crate) struct DaiCount {
    pub count: u32,
    /// `PLATFORM_SSP_COUNT`.
    pub symbol: String,
    /// Where the symbol was defined, when a file defined it.
    pub defined_at: Option<Span>,
}

/// The platform facts the checks use; each is `None`/empty when unknown.
#[derive(Debug, Clone, Default)]
pub(crate) struct Platform {
    /// DSP cores; when unknown, the largest core count of any SOF platform
    /// bounds core IDs.
    pub cores: Option<u32>,
    /// By DAI type (`SSP`); a type without a count is not checked.
    pub dai_counts: BTreeMap<String, DaiCount>,
}
