//! tplg: a topology compiler for Sound Open Firmware.
//!
//! A `.topo` file goes through these stages, one module each:
//!
//! 1. [`source`]: files and spans;
//! 2. [`parse`]: pest grammar (`grammar/topology.pest`) to a syntax tree;
//! 3. [`eval`]: symbols, `-D`, conditionals, includes, user macros, and the
//!    library statements with their signatures;
//! 4. [`expand`]: each statement renders its minijinja template from the
//!    macro [`library`] into ALSA topology text (alsaconf) for `alsatplg`.
//!
//! [`diag`] is at the bottom: the one finding type and renderer every stage
//! uses. [`driver`] sits above the stages and runs "build, read back,
//! check" once for every command.
//!
//! Beside the pipeline, [`conf`] reads alsaconf text (ours or SOF's M4
//! output) back into a typed IR with spans, for validation and graphs;
//! [`lint`] checks trees of topologies for CI; [`migrate`] converts SOF's M4
//! sources to `.topo` (it reads M4 itself and writes text the [`parse`] stage
//! checks). [`graph`] draws a topology for Graphviz and [`info`] tabulates
//! it, both over the validation model. [`cli`] puts a command line on top;
//! `main.rs` only calls [`cli::run`].

#![warn(unreachable_pub)]

pub mod cli;
pub mod conf;
pub(crate) mod diag;
pub(crate) mod driver;
pub mod eval;
pub(crate) mod expand;
pub(crate) mod graph;
pub mod info;
pub(crate) mod library;
pub mod lint;
pub(crate) mod migrate;
pub mod parse;
pub mod source;
pub(crate) mod validate;
pub mod vocab;
