//! tplg: a topology compiler for Sound Open Firmware.
//!
//! A `.topo` file goes through these stages, one module each:
//!
//! 1. [`source`]: files and spans (and reading an input, bounded);
//! 2. [`parse`]: pest grammar (`grammar/topology.pest`) to a syntax tree;
//! 3. [`eval`]: symbols, `-D`, conditionals, includes, user macros, and the
//!    library statements with their signatures, in an [`eval::Session`]
//!    that owns the library, signatures and templates;
//! 4. [`expand`]: each statement renders its minijinja template from the
//!    macro [`library`] into ALSA topology text (alsaconf) for `alsatplg`;
//!    the building blocks nearly every template calls (widget names, vendor
//!    tuples, `SectionWidget`, format arithmetic) are native functions
//!    (`expand::native`), tested against the macros they replaced.
//!
//! At the bottom, [`diag`] has the one diagnostic, `Finding` (code,
//! severity, message, labelled spans with their file, help, related places,
//! the macro and include trace), and the one renderer; each stage keeps its
//! own typed error enum and turns it into a `Finding` at the boundary.
//! [`vocab`] holds the vocabulary the library declares (widget and DAI
//! kinds as enums, formats), the naming convention and the one "did you
//! mean" function. [`driver`] sits above the stages and runs "build, read
//! back, check" once for every command.
//!
//! Beside the pipeline, [`conf`] reads alsaconf text (ours or SOF's M4
//! output) back into a typed IR with spans, for validation and graphs;
//! [`binary`] writes that IR as the `.tplg` alsatplg writes, byte for byte,
//! and decodes a `.tplg` back to alsaconf;
//! [`validate`] runs every check over one graph model (`validate::model`,
//! with the summary and platform facts `info` and `graph` read too); [`lint`] checks trees
//! of topologies for CI; [`migrate`] converts SOF's M4 sources to `.topo`
//! (it reads M4 itself and writes text the [`parse`] stage checks).
//! [`graph`] draws a topology for Graphviz and [`info`] tabulates it, both
//! over the validation model. [`cli`] puts a command line on top;
//! `main.rs` only calls [`cli::run`]. Each module uses only those below it
//! (`tests/architecture.rs`).
//!
//! The public API is what the binary, the benches, the tests and the fuzz
//! targets use; everything else is `pub(crate)`.

#![warn(unreachable_pub)]

pub mod alloc;
pub(crate) mod binary;
pub(crate) mod bytes;
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
pub(crate) mod mem;
pub(crate) mod migrate;
pub mod parse;
pub mod source;
pub mod validate;
pub(crate) mod vocab;

/// Entry points for the fuzz targets (`fuzz/`): whole stages on one text,
/// every diagnostic rendered, as a user would see them.
#[doc(hidden)]
pub mod fuzzing {
    use crate::diag::{Finding, Severity};
    use crate::source::{Origin, Sources};
    use std::sync::OnceLock;

    /// A finding as a user sees it, without colours.
    fn render(f: &Finding, sources: &Sources) -> String {
        crate::diag::render(&f.report(sources), crate::diag::Style::PLAIN)
    }

    /// One session for every run of a target (the built-in library).
    pub fn session() -> &'static crate::eval::Session {
        static S: OnceLock<crate::eval::Session> = OnceLock::new();
        S.get_or_init(|| crate::eval::Session::new(&[]).expect("the built-in library loads"))
    }

    /// Lints `text` as the file `name` (`.conf`: alsaconf; else a `.topo`
    /// source) and renders every finding.
    pub fn lint(session: &crate::eval::Session, name: &str, text: &str) -> String {
        let linted = crate::lint::lint_text(
            session,
            name.to_string(),
            Origin::Synthetic,
            text.to_string(),
            &crate::eval::Options::default(),
        );
        crate::lint::format::render(
            &[linted],
            crate::lint::format::Format::Human,
            crate::diag::Style::PLAIN,
        )
    }

    /// Compiles `text` as alsaconf to a binary and renders every finding.
    pub fn compile_conf(text: &str) -> String {
        let mut sources = crate::source::Sources::new();
        let id = sources.add("fuzz.conf", Origin::Synthetic, text.to_string());
        let conf = match crate::conf::parse_merged(&sources, id) {
            Ok(c) => c,
            Err(e) => return render(&e.to_finding(Severity::Error), &sources),
        };
        let out = crate::binary::compile(&conf);
        let mut s = String::new();
        for f in &out.findings {
            s.push_str(&render(f, &sources));
        }
        s
    }

    /// Decodes `bytes` as a binary topology and, when that works, compiles
    /// the text back (which must give the same bytes) and renders every
    /// finding.
    pub fn decode_compile(bytes: &[u8]) -> String {
        let (text, _) = match crate::binary::decode(bytes) {
            Ok(t) => t,
            Err(e) => return crate::diag::render(&e, crate::diag::Style::PLAIN),
        };
        let mut sources = crate::source::Sources::new();
        let id = sources.add("fuzz.conf", Origin::Synthetic, text.clone());
        let conf = match crate::conf::parse_merged(&sources, id) {
            Ok(c) => c,
            Err(e) => return render(&e.to_finding(Severity::Error), &sources),
        };
        let out = crate::binary::compile(&conf);
        let mut s = text;
        for f in &out.findings {
            s.push_str(&render(f, &sources));
        }
        s
    }

    /// Migrates `text` as an M4 file and renders its refusals and warnings.
    pub fn migrate(text: &str) -> String {
        let out = crate::migrate::migrate("fuzz.m4", text, &Default::default());
        let mut s = out.text.unwrap_or_default();
        for e in out.errors.iter().chain(&out.warnings) {
            s.push_str(&render(&e.to_finding(), &out.sources));
        }
        s
    }
}
