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
//! [`migrate`] converts SOF's M4 sources to `.topo` (it reads M4 itself and
//! writes text the [`parse`] stage checks). [`cli`] puts a command line on
//! top; `main.rs` only calls [`cli::run`].

pub mod cli;
// Errors carry their source for miette; boxing each would only move the bytes.
#[allow(clippy::result_large_err)]
pub mod eval;
pub mod expand;
pub mod library;
pub mod migrate;
#[allow(clippy::result_large_err)]
pub mod parse;
pub mod source;
