//! The binary topology (`.tplg`) the kernel loads, written from the alsaconf
//! IR, byte for byte what `alsatplg -c` (alsa-utils 1.2.8) writes.
//!
//! Three steps, as alsatplg takes them:
//! - `elems` (with `controls` and `private`): each section of the (merged, see [`crate::conf::merged`])
//!   IR becomes an element with its fixed-size structure
//!   ([`layout`]: the kernel uapi `snd_soc_tplg_*`), in per-kind lists
//!   ordered by `index`;
//! - `build`: references are resolved: vendor tuples become private data,
//!   private data is appended to the element that names it, TLVs and texts
//!   are copied into controls, controls into their widgets, capabilities
//!   into PCMs and DAIs, HW configs into links;
//! - `write`: the manifest, then one block per run of elements with the
//!   same index, kind after kind.
//!
//! [`read`](mod@read) and [`decode()`] go the other way: a `.tplg` (checked at every
//! byte) back to alsaconf text that compiles to the same bytes.
//!
//! Where alsatplg would refuse the input, the result is an error at the
//! conf line; where it silently truncates (a name past 43 bytes), skips or
//! guesses, a warning.

mod build;
mod controls;
pub(crate) mod decode;
pub(crate) mod diff;
mod elems;
pub(crate) mod layout;
mod private;
pub(crate) mod read;
mod write;

use crate::conf::ConfTopology;
use crate::diag::{Finding, Severity};
use crate::source::Span;

/// What [`compile`] gives: the bytes (none when there is an error) and
/// every finding, in the order found.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub bytes: Option<Vec<u8>>,
    pub findings: Vec<Finding>,
}

impl Compiled {
    #[cfg(test)]
    pub(crate) fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }
}

/// Compiles a topology read with [`crate::conf::parse_merged`] (one section
/// per name, as alsa-lib loads it) to the binary alsatplg writes. The
/// findings start with the IR's own errors and warnings (values alsatplg
/// rejects or misreads); any error means no bytes.
pub(crate) fn compile(conf: &ConfTopology) -> Compiled {
    let mut d = Diags::default();
    for (list, severity) in [
        (&conf.errors, Severity::Error),
        (&conf.warnings, Severity::Warning),
    ] {
        for e in list {
            d.findings.push(e.to_finding(severity));
        }
    }
    if d.has_errors() {
        return Compiled {
            bytes: None,
            findings: d.findings,
        };
    }
    let mut topo = elems::Topology::read(conf, &mut d);
    if d.has_errors() {
        return Compiled {
            bytes: None,
            findings: d.findings,
        };
    }
    build::build(&mut topo, &mut d);
    if d.has_errors() {
        return Compiled {
            bytes: None,
            findings: d.findings,
        };
    }
    let bytes = write::write(&topo, &mut d);
    Compiled {
        bytes: if d.has_errors() { None } else { bytes },
        findings: d.findings,
    }
}

/// The alsaconf text of a binary topology (which compiles back to the same
/// bytes), and what it could not give back exactly; an error at the byte
/// offset where the binary is malformed.
pub(crate) fn decode(bytes: &[u8]) -> Result<(String, Vec<decode::Note>), read::ReadError> {
    let bin = read::read(bytes)?;
    let (text, mut notes) = decode::to_conf(&bin);
    // the text is checked: compiled, it must give the bytes back
    let mut sources = crate::source::Sources::new();
    let id = sources.add(
        "decoded.conf",
        crate::source::Origin::Synthetic,
        text.clone(),
    );
    let back = crate::conf::parse_merged(&sources, id)
        .ok()
        .and_then(|conf| compile(&conf).bytes);
    match back {
        Some(b) if b == bytes => {}
        Some(b) => {
            let at = b
                .iter()
                .zip(bytes)
                .position(|(x, y)| x != y)
                .unwrap_or(b.len().min(bytes.len()));
            notes.push(decode::Note {
                offset: at,
                message: format!(
                    "the decoded text compiles to other bytes ({} for {}), the first different one here",
                    b.len(),
                    bytes.len()
                ),
            });
        }
        None => notes.push(decode::Note {
            offset: 0,
            message: "the decoded text does not compile".into(),
        }),
    }
    Ok((text, notes))
}

/// Whether `bytes` start like a binary topology: the block header magic.
pub(crate) fn is_binary(bytes: &[u8]) -> bool {
    bytes.len() >= 4 && layout::get_u32(bytes, 0) == layout::MAGIC
}

/// The findings of one compilation.
#[derive(Debug, Default)]
pub(crate) struct Diags {
    findings: Vec<Finding>,
}

impl Diags {
    fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    fn error(
        &mut self,
        code: &'static str,
        span: Span,
        message: String,
        label: &str,
    ) -> &mut Finding {
        self.add(Finding::error(code, span, message).label(label))
    }

    fn warn(
        &mut self,
        code: &'static str,
        span: Span,
        message: String,
        label: &str,
    ) -> &mut Finding {
        self.add(Finding::warning(code, span, message).label(label))
    }

    /// Keeps `f`, for the caller to add to.
    fn add(&mut self, f: Finding) -> &mut Finding {
        self.findings.push(f);
        self.findings.last_mut().expect("just pushed")
    }

    /// A name as alsa-lib stores it (at most 43 bytes), warning when that
    /// cuts it.
    fn name(&mut self, what: &str, text: &str, span: Span) -> Vec<u8> {
        let b = text.as_bytes();
        let max = layout::NAME_LEN - 1;
        if b.len() > max {
            let kept = String::from_utf8_lossy(&b[..max]).into_owned();
            let f = self.warn(
                "tplg::binary::truncated",
                span,
                format!(
                    "alsatplg cuts this {what} of {} bytes to {max}: `{kept}`",
                    b.len()
                ),
                "too long",
            );
            f.help = Some(format!(
                "a name field holds {max} bytes and a NUL; shorten it, or names that share the first {max} bytes become one"
            ));
            return b[..max].to_vec();
        }
        b.to_vec()
    }
}

#[cfg(test)]
mod tests;
