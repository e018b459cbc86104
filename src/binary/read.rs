//! Reading a `.tplg`: blocks and their elements, every length checked
//! against the bytes there are. A malformed file gives a [`ReadError`] at
//! the byte offset where it goes wrong, never a panic.

use super::layout::{block, get_u32, size, MAGIC, NAME_LEN};

/// What is wrong with a binary topology, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[error("malformed binary topology at byte {offset} (0x{offset:x}): {message}")]
#[diagnostic(
    code(tplg::binary::malformed),
    help("a .tplg is a sequence of blocks, each a 36-byte header (magic \"CoSA\", ABI 5) and its payload; this one may be cut short, of another ABI, or not a topology")
)]
pub(crate) struct ReadError {
    pub offset: usize,
    pub message: String,
}

fn err<T>(offset: usize, message: impl Into<String>) -> Result<T, ReadError> {
    Err(ReadError {
        offset,
        message: message.into(),
    })
}

/// A view of the file that checks every read.
#[derive(Clone, Copy)]
pub(super) struct Bytes<'a> {
    pub(super) data: &'a [u8],
}

impl<'a> Bytes<'a> {
    pub(super) fn u32(&self, at: usize) -> Result<u32, ReadError> {
        if at.checked_add(4).is_none_or(|e| e > self.data.len()) {
            return err(at, "the file ends inside a field");
        }
        Ok(get_u32(self.data, at))
    }

    pub(super) fn slice(&self, at: usize, len: usize) -> Result<&'a [u8], ReadError> {
        match at.checked_add(len) {
            Some(end) if end <= self.data.len() => Ok(&self.data[at..end]),
            _ => err(
                at,
                format!(
                    "{len} bytes are needed here, the file has {}",
                    self.data.len().saturating_sub(at)
                ),
            ),
        }
    }
}

/// One element of a block: where it starts, its structure and private data,
/// and for a widget its embedded controls.
#[derive(Debug, Clone)]
pub(crate) struct Element<'a> {
    pub offset: usize,
    /// The fixed-size structure.
    pub fixed: &'a [u8],
    /// The private data after it.
    pub private: &'a [u8],
    /// A widget's controls: the control's block type and the element.
    pub controls: Vec<(u32, Element<'a>)>,
}

/// One block and its elements.
#[derive(Debug, Clone)]
#[allow(dead_code)] // the header as read, whole (offset, version, count)
pub(crate) struct Block<'a> {
    pub offset: usize,
    pub kind: u32,
    pub vendor_type: u32,
    pub version: u32,
    pub index: u32,
    pub count: u32,
    pub elements: Vec<Element<'a>>,
}

/// A whole binary topology.
#[derive(Debug, Clone)]
pub(crate) struct Binary<'a> {
    pub blocks: Vec<Block<'a>>,
}

/// The fixed size of an element of a block type.
fn fixed_size(kind: u32) -> Option<usize> {
    Some(match kind {
        block::MIXER => size::MIXER,
        block::ENUM => size::ENUM,
        block::BYTES => size::BYTES,
        block::DAPM_GRAPH => size::GRAPH_ELEM,
        block::DAPM_WIDGET => size::WIDGET,
        block::PCM => size::PCM,
        block::DAI => size::DAI,
        block::BACKEND_LINK | block::CODEC_LINK | block::DAI_LINK => size::LINK,
        block::MANIFEST => size::MANIFEST,
        _ => return None,
    })
}

pub(super) fn kind_name(kind: u32) -> &'static str {
    match kind {
        block::MIXER => "mixer",
        block::BYTES => "bytes",
        block::ENUM => "enum",
        block::DAPM_GRAPH => "graph",
        block::DAPM_WIDGET => "widget",
        block::DAI_LINK => "DAI link",
        block::PCM => "PCM",
        block::MANIFEST => "manifest",
        block::CODEC_LINK => "codec link",
        block::BACKEND_LINK => "back-end link",
        block::PDATA => "private data",
        block::DAI => "DAI",
        _ => "unknown",
    }
}

/// Reads one element with private data of block type `kind` at `at`
/// (not past `end`); returns it and where the next one starts.
fn element(
    b: Bytes<'_>,
    kind: u32,
    at: usize,
    end: usize,
) -> Result<(Element<'_>, usize), ReadError> {
    let fixed_len = fixed_size(kind).expect("a known block type");
    if at + fixed_len > end {
        return err(
            at,
            format!(
                "{} element takes {fixed_len} bytes, the block has {} left",
                a(kind_name(kind)),
                end - at
            ),
        );
    }
    let fixed = b.slice(at, fixed_len)?;
    if kind == block::DAPM_GRAPH {
        return Ok((
            Element {
                offset: at,
                fixed,
                private: &[],
                controls: Vec::new(),
            },
            at + fixed_len,
        ));
    }
    if matches!(kind, block::MIXER | block::ENUM | block::BYTES) {
        // a control starts with its header, whose size is 0 without ops
        let own = b.u32(at + size::CTL_HDR)? as usize;
        if own != fixed_len {
            return err(
                at + size::CTL_HDR,
                format!(
                    "{} control says it is {own} bytes; ABI 5 has {fixed_len}",
                    a(kind_name(kind))
                ),
            );
        }
        return element_at_ctl(b, kind, at, end);
    }
    let struct_size = b.u32(at)? as usize;
    if struct_size != fixed_len {
        return err(
            at,
            format!(
                "{} element says it is {struct_size} bytes; ABI 5 has {fixed_len}",
                a(kind_name(kind))
            ),
        );
    }
    let priv_len = b.u32(at + fixed_len - 4)? as usize;
    let priv_at = at + fixed_len;
    if priv_at.checked_add(priv_len).is_none_or(|e| e > end) {
        return err(
            at + fixed_len - 4,
            format!(
                "{priv_len} bytes of private data, the block has {} left",
                end - priv_at
            ),
        );
    }
    let private = b.slice(priv_at, priv_len)?;
    let mut next = priv_at + priv_len;
    let mut controls = Vec::new();
    if kind == block::DAPM_WIDGET {
        let n = get_u32(fixed, size::WIDGET - 8);
        for _ in 0..n {
            if next + 8 > end {
                return err(next, "the block ends before the widget's controls do");
            }
            let ctl_kind = match b.u32(next + 4)? {
                k @ (block::MIXER | block::ENUM | block::BYTES) => k,
                k => {
                    return err(
                        next + 4,
                        format!(
                            "a widget's control of type {k}: not a mixer, enum or bytes control"
                        ),
                    )
                }
            };
            let ctl_len = fixed_size(ctl_kind).expect("a control type");
            // the control's own size field, after the control header
            let own = b.u32(next + size::CTL_HDR)? as usize;
            if own != ctl_len {
                return err(
                    next + size::CTL_HDR,
                    format!(
                        "{} control says it is {own} bytes; ABI 5 has {ctl_len}",
                        a(kind_name(ctl_kind))
                    ),
                );
            }
            let (c, after) = element_at_ctl(b, ctl_kind, next, end)?;
            controls.push((ctl_kind, c));
            next = after;
        }
    }
    Ok((
        Element {
            offset: at,
            fixed,
            private,
            controls,
        },
        next,
    ))
}

/// A control: its structure starts with the control header, whose size
/// field may be 0 (no ops), so the control's own size is checked instead.
fn element_at_ctl(
    b: Bytes<'_>,
    kind: u32,
    at: usize,
    end: usize,
) -> Result<(Element<'_>, usize), ReadError> {
    let fixed_len = fixed_size(kind).expect("a control type");
    if at + fixed_len > end {
        return err(
            at,
            format!(
                "{} control takes {fixed_len} bytes, the block has {} left",
                a(kind_name(kind)),
                end - at
            ),
        );
    }
    let fixed = b.slice(at, fixed_len)?;
    let priv_len = b.u32(at + fixed_len - 4)? as usize;
    let priv_at = at + fixed_len;
    if priv_at.checked_add(priv_len).is_none_or(|e| e > end) {
        return err(
            at + fixed_len - 4,
            format!(
                "{priv_len} bytes of private data, the block has {} left",
                end - priv_at
            ),
        );
    }
    Ok((
        Element {
            offset: at,
            fixed,
            private: b.slice(priv_at, priv_len)?,
            controls: Vec::new(),
        },
        priv_at + priv_len,
    ))
}

/// Reads every block of a binary topology.
pub(crate) fn read(data: &[u8]) -> Result<Binary<'_>, ReadError> {
    let b = Bytes { data };
    let mut blocks = Vec::new();
    let mut at = 0;
    if data.is_empty() {
        return err(0, "the file is empty");
    }
    while at < data.len() {
        if data.len() - at < size::HDR {
            return err(
                at,
                format!("{} bytes left: not a block header", data.len() - at),
            );
        }
        let magic = b.u32(at)?;
        if magic != MAGIC {
            return err(
                at,
                format!("no block header here (magic 0x{magic:08x}, not \"CoSA\")"),
            );
        }
        let abi = b.u32(at + 4)?;
        if abi != super::layout::ABI_VERSION {
            return err(at + 4, format!("ABI {abi}: tplg reads ABI 5"));
        }
        let hsize = b.u32(at + 16)? as usize;
        if hsize != size::HDR {
            return err(
                at + 16,
                format!("a block header of {hsize} bytes; ABI 5 has 36"),
            );
        }
        let kind = b.u32(at + 12)?;
        let payload = b.u32(at + 24)? as usize;
        let start = at + size::HDR;
        let end = match start.checked_add(payload) {
            Some(e) if e <= data.len() => e,
            _ => {
                return err(
                    at + 24,
                    format!(
                        "the block says {payload} bytes follow, the file has {}",
                        data.len() - start
                    ),
                )
            }
        };
        let count = b.u32(at + 32)?;
        let mut elements = Vec::new();
        let mut p = start;
        match kind {
            block::PDATA => {
                while p < end {
                    let n = if end - p >= 4 { b.u32(p)? as usize } else { 0 };
                    let len = (4 + n).min(end - p);
                    elements.push(Element {
                        offset: p,
                        fixed: &[],
                        private: b.slice(p, len)?,
                        controls: Vec::new(),
                    });
                    p += len;
                }
            }
            k if fixed_size(k).is_some() => {
                while p < end {
                    let (e, next) = element(b, kind, p, end)?;
                    elements.push(e);
                    p = next;
                }
                if kind != block::MANIFEST && elements.len() != count as usize {
                    return err(
                        at + 32,
                        format!(
                            "the block says {count} elements, its payload holds {}",
                            elements.len()
                        ),
                    );
                }
            }
            k => return err(at + 12, format!("block type {k} is not one tplg knows")),
        }
        blocks.push(Block {
            offset: at,
            kind,
            vendor_type: b.u32(at + 20)?,
            version: b.u32(at + 8)?,
            index: b.u32(at + 28)?,
            count,
            elements,
        });
        at = end;
    }
    Ok(Binary { blocks })
}

/// A name with its article.
fn a(what: &str) -> String {
    let vowel = what.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']);
    format!("{} {what}", if vowel { "an" } else { "a" })
}

/// A name field: the bytes before the first NUL.
pub(super) fn name(field: &[u8]) -> &[u8] {
    let f = &field[..field.len().min(NAME_LEN)];
    &f[..f.iter().position(|&c| c == 0).unwrap_or(f.len())]
}
