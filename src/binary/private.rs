//! Private data as alsa-lib reads it: `SectionData` hex lists (counted
//! and parsed its way) and vendor tuples of every type.

use super::elems::{
    index_of, refs, DataElem, Elem, ElemRef, RefKind, TupleSet, TupleVal, TuplesElem,
};
use super::layout;
use super::Diags;
use crate::conf::ir::*;
use crate::conf::TupleValueError;
/// C's `strtoul(s, NULL, base)`: a prefix is enough; `None` on overflow.
pub(super) fn strtoul_prefix(s: &str, base: u32) -> Option<u64> {
    let s = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let has_hex = (rest.starts_with("0x") || rest.starts_with("0X"))
        && rest[2..].starts_with(|c: char| c.is_ascii_hexdigit());
    let (digits, radix) = match base {
        16 if has_hex => (&rest[2..], 16),
        0 if has_hex => (&rest[2..], 16),
        0 if rest.starts_with('0') => (rest, 8),
        0 => (rest, 10),
        b => (rest, b),
    };
    let mut v: u64 = 0;
    for c in digits.chars() {
        let Some(dg) = c.to_digit(radix) else { break };
        v = v
            .checked_mul(u64::from(radix))?
            .checked_add(u64::from(dg))?;
    }
    Some(if neg { v.wrapping_neg() } else { v })
}

/// `get_uuid`: 16 hex bytes separated by `:` (fewer are zero-filled), or
/// 16 numbers separated by `,`.
pub(super) fn uuid(text: &str) -> Result<[u8; 16], TupleValueError> {
    let mut out = [0u8; 16];
    let (sep, base) = if text.contains(':') {
        (':', 16)
    } else {
        (',', 0)
    };
    let mut n = 0;
    for part in text.split(sep).filter(|p| !p.is_empty()) {
        match strtoul_prefix(part, base) {
            Some(v) if v <= 0xff => out[n] = v as u8,
            _ => return Err(TupleValueError::NotAByte(part.trim().to_string())),
        }
        n += 1;
        if n == 16 {
            break;
        }
    }
    if sep == ',' && n < 16 {
        return Err(TupleValueError::UuidLength(n));
    }
    Ok(out)
}

pub(super) fn tuples(d: &mut Diags, x: &VendorTuples) -> TuplesElem {
    let mut sets = Vec::new();
    for g in &x.groups {
        let kind = match g.kind {
            TupleType::Uuid => layout::tuple::UUID,
            TupleType::String => layout::tuple::STRING,
            TupleType::Bool => layout::tuple::BOOL,
            TupleType::Byte => layout::tuple::BYTE,
            TupleType::Short => layout::tuple::SHORT,
            TupleType::Word => layout::tuple::WORD,
        };
        if g.tuples.is_empty() {
            // alsa-lib overlooks an empty set
            continue;
        }
        let mut set = TupleSet {
            kind,
            tuples: Vec::new(),
        };
        for t in &g.tuples {
            let token = d.name("token name", &t.token.value, t.token.span);
            let text = t.value.value.as_str();
            let v = match g.kind {
                TupleType::Uuid => match uuid(text) {
                    Ok(u) => TupleVal::Uuid(u),
                    Err(e) => {
                        d.error(
                            "tplg::binary::tuple",
                            t.value.span,
                            format!("uuid tuple `{}`: {e}", t.token.value),
                            "not a UUID",
                        );
                        continue;
                    }
                },
                TupleType::String => TupleVal::Str(d.name("tuple string", text, t.value.span)),
                TupleType::Bool => {
                    let b = match t.integer {
                        Some(0) => Some(false),
                        Some(1) => Some(true),
                        Some(_) => None,
                        None => bool_ascii(text),
                    };
                    match b {
                        Some(b) => TupleVal::Int(u32::from(b)),
                        None => {
                            d.warn(
                                "tplg::binary::tuple_skipped",
                                t.value.span,
                                format!(
                                    "alsatplg skips bool tuple `{}`: `{text}` is not a boolean",
                                    t.token.value
                                ),
                                "not a boolean",
                            );
                            continue;
                        }
                    }
                }
                TupleType::Byte | TupleType::Short | TupleType::Word => match tuple_int(t) {
                    Some(v) => {
                        let max = match g.kind {
                            TupleType::Byte => 0xff,
                            TupleType::Short => 0xffff,
                            _ => u32::MAX,
                        };
                        if v > max {
                            d.error(
                                "tplg::binary::tuple",
                                t.value.span,
                                format!(
                                    "{} tuple `{}`: {v} does not fit (at most {max})",
                                    g.kind.name(),
                                    t.token.value
                                ),
                                "too large",
                            );
                            continue;
                        }
                        if t.integer.is_none()
                            && crate::conf::tree::strtol_full(text.trim_end(), 0).is_none()
                        {
                            d.warn(
                                "tplg::binary::tuple_guess",
                                t.value.span,
                                format!(
                                    "alsatplg reads {} tuple `{}` `{text}` as {v}",
                                    g.kind.name(),
                                    t.token.value
                                ),
                                "not a number",
                            );
                        }
                        TupleVal::Int(v)
                    }
                    None => {
                        d.error(
                                "tplg::binary::tuple",
                                t.value.span,
                                format!(
                                    "{} tuple `{}`: `{text}` is out of range",
                                    g.kind.name(),
                                    t.token.value
                                ),
                                "out of range",
                            )
                            .help = Some(match t.integer {
                                Some(_) => "a tuple value is 0 to 4294967295, or -2147483648 to -1 (stored unsigned)".into(),
                                None => "a quoted tuple value is 0 to 4294967295; write a negative one unquoted (-1 is stored as 4294967295)".into(),
                            });
                        continue;
                    }
                },
            };
            set.tuples.push((token, t.token.span, v));
        }
        sets.push(set);
    }
    TuplesElem {
        id: d.name("tuples name", &x.name.value, x.name.span),
        span: x.name.span,
        index: index_of(x),
        tokens: x.tokens.as_ref().map(|r| ElemRef {
            kind: RefKind::Tuples,
            id: d.name("reference", &r.value, r.span),
            span: r.span,
        }),
        sets,
    }
}

/// `tplg_get_unsigned`: a bare integer wraps when negative; a string is
/// read by `strtoul` (a prefix is enough).
fn tuple_int(t: &Tuple) -> Option<u32> {
    let v: i64 = match t.integer {
        Some(i) => {
            if (i64::from(i32::MIN)..0).contains(&i) {
                i + (1i64 << 32)
            } else {
                i
            }
        }
        None => {
            let u = strtoul_prefix(&t.value.value, 0)?;
            i64::try_from(u).ok()?
        }
    };
    u32::try_from(v).ok()
}

/// `get_hex_num`: how many values a `bytes`/`shorts`/`words` string holds,
/// or `None` when alsa-lib finds it malformed.
pub(super) fn hex_count(s: &[u8]) -> Option<usize> {
    let nib = |i: usize| s.get(i).is_some_and(u8::is_ascii_hexdigit);
    let (mut values, mut delims) = (0i64, 0i64);
    let mut i = 0;
    let mut format2 = false;
    while i < s.len() {
        let c = s[i];
        if c.is_ascii_whitespace() || c == 0x0b {
            i += 1;
            continue;
        }
        if c == b':' {
            delims += 1;
            i += 1;
            continue;
        }
        if nib(i) && nib(i + 1) {
            values += 1;
        } else {
            format2 = true;
            break;
        }
        i += 2;
    }
    if format2 {
        values = 0;
        delims = 0;
        i = 0;
        while i < s.len() {
            let c = s[i];
            if c.is_ascii_whitespace() || c == 0x0b {
                i += 1;
                continue;
            }
            if c == b',' {
                delims += 1;
                i += 1;
                continue;
            }
            if c == b'0' && i + 2 <= s.len() && s.get(i + 1) == Some(&b'x') && nib(i + 2) {
                if nib(i + 3) {
                    i += 1;
                }
                values += 1;
                i += 2;
            }
            i += 1;
        }
    }
    (values - 1 == delims && values > 0).then_some(values as usize)
}

pub(super) fn data(d: &mut Diags, x: &Data) -> Option<DataElem> {
    let mut e = Elem::new(
        d.name("data name", &x.name.value, x.name.span),
        x.name.span,
        index_of(x),
        Vec::new(),
    );
    if let Some(f) = &x.file {
        d.error(
            "tplg::binary::data_file",
            f.span,
            "tplg compile does not read private data from files".into(),
            "a file",
        )
        .help = Some("write the data as `bytes \"0x01,0x02\"` or tuples".into());
        return None;
    }
    let mut hex: Vec<(&List, usize)> = [(&x.bytes, 1), (&x.shorts, 2), (&x.words, 4)]
        .into_iter()
        .filter_map(|(l, w)| l.as_ref().map(|l| (l, w)))
        .collect();
    hex.sort_by_key(|(l, _)| l.span.start());
    let mut payload = Vec::new();
    let mut ok = true;
    for (l, width) in hex {
        let Some(num) = hex_count(l.text.as_bytes()) else {
            d.error(
                "tplg::binary::hex",
                l.span,
                format!(
                    "alsatplg cannot read `{}` as a list of hexadecimal values",
                    l.text
                ),
                "malformed",
            )
            .help = Some(
                "write `0x01,0x02,…` (or `01:02:…` for bytes), one comma fewer than values".into(),
            );
            ok = false;
            continue;
        };
        if payload.len() + num * width > layout::MAX_PRIV_SIZE {
            d.error(
                "tplg::binary::too_big",
                l.span,
                format!(
                    "private data over {} bytes: alsatplg refuses it",
                    layout::MAX_PRIV_SIZE
                ),
                "too big",
            );
            ok = false;
            continue;
        }
        let tokens: Vec<&Spanned<String>> = l.items.iter().collect();
        if tokens.len() != num {
            d.error(
                "tplg::binary::hex",
                l.span,
                format!(
                    "alsatplg counts {num} values in `{}` but reads {}",
                    l.text,
                    tokens.len()
                ),
                "malformed",
            );
            ok = false;
            continue;
        }
        for tok in tokens {
            match crate::conf::tree::strtol_full(&tok.value, 16) {
                Some(v) => payload.extend_from_slice(&(v as u64).to_le_bytes()[..width]),
                None => {
                    d.error(
                        "tplg::binary::hex",
                        tok.span,
                        format!("`{}` is not a hexadecimal value", tok.value),
                        "not hexadecimal",
                    );
                    ok = false;
                }
            }
        }
    }
    refs(d, &mut e, RefKind::Tuples, &x.tuples);
    if let Some(t) = &x.data_type {
        e.vendor_type = t.value as u32;
    }
    let size = if payload.is_empty() {
        0
    } else {
        4 + payload.len()
    };
    ok.then_some(DataElem {
        elem: e,
        payload,
        size,
    })
}
