//! Checks on vendor tuples: token names and values as alsatplg reads them.
//!
//! alsa-lib reads a `byte`, `short` or `word` tuple with `strtoul`: a quoted
//! value that does not start with digits is read as 0, one that starts with
//! digits as those digits, and a value beyond 32 bits (or a quoted negative
//! one) is refused. `uuid` and `bool` values it refuses or drops when they
//! are malformed. These checks say which of that happens to each value.

use super::Check;
use crate::conf::{ConfTopology, Tuple, TupleGroup, TupleType, VendorTuples};
use crate::source::Sources;
use crate::validate::{Context, Finding};
use crate::vocab::closest;
use crate::vocab::is_name_case;
use rustc_hash::FxHashSet as HashSet;

pub(super) const UNKNOWN_TOKEN: Check = Check {
    code: "tplg::tuple::unknown_token",
    summary: "a tuple's token is not in the SectionVendorTokens its tuples name",
    help: "fix the token name or the token list",
    run: unknown_token,
};

pub(super) const BAD_VALUE: Check = Check {
    code: "tplg::tuple::bad_value",
    summary: "a tuple value alsatplg refuses, drops or misreads for its type",
    help: "write the number",
    run: bad_value,
};

pub(super) const UNEXPANDED: Check = Check {
    code: "tplg::tuple::unexpanded",
    summary: "a number tuple holds a macro name or nothing (alsatplg writes 0)",
    help: "define the macro, or write the value",
    run: unexpanded,
};

/// How alsa-lib reads the value of a `byte`, `short` or `word` tuple
/// (`tplg_get_unsigned`, then the type's range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum WordRead {
    /// A whole number in range.
    Number(u32),
    /// alsatplg stops with an error; the reason.
    Refused(String),
    /// Digits followed by other text: alsatplg keeps the number the digits
    /// make and ignores the rest.
    Prefix(u32),
    /// Nothing (or only spaces): alsatplg writes 0.
    Empty,
    /// No leading digits: alsatplg writes 0.
    NotNumber,
}

/// `text` as a number when it is 1 to 9 decimal digits without a leading
/// `0` (or is `0`): what `strtoul(text, NULL, 0)` and alsa-lib's integer
/// nodes both read as that decimal number.
fn plain_decimal(text: &str) -> Option<u64> {
    let b = text.as_bytes();
    if b.is_empty() || b.len() > 9 || (b[0] == b'0' && b.len() > 1) {
        return None;
    }
    b.iter().try_fold(0u64, |v, &c| {
        c.is_ascii_digit().then(|| v * 10 + u64::from(c - b'0'))
    })
}

/// Reads `text` as alsa-lib reads a number tuple of type `kind`. `quoted`:
/// the value was written in quotes (alsa-lib's config parser makes an
/// unquoted number an integer node, read without `strtoul`).
pub(super) fn read_word(text: &str, quoted: bool, kind: TupleType) -> WordRead {
    let max: u64 = match kind {
        TupleType::Byte => 0xff,
        TupleType::Short => 0xffff,
        _ => 0xffff_ffff,
    };
    let range = |v: u64| {
        if v > max {
            WordRead::Refused(format!("{v} does not fit in a {}", kind.name()))
        } else {
            WordRead::Number(v as u32)
        }
    };
    // most values: a few decimal digits, read the same quoted or not
    if let Some(v) = plain_decimal(text) {
        return range(v);
    }
    let unquoted_number = !quoted && text.starts_with(|c: char| c.is_ascii_digit() || c == '-');
    if unquoted_number {
        if let Some(i) = crate::conf::tree::strtoll_full(text) {
            // An integer node: small negatives wrap to unsigned.
            let v = if (i64::from(i32::MIN)..0).contains(&i) {
                i + (1 << 32)
            } else {
                i
            };
            if !(0..=0xffff_ffff).contains(&v) {
                return WordRead::Refused(format!("{i} does not fit in 32 bits"));
            }
            return range(v as u64);
        }
        if text.parse::<f64>().is_ok() {
            return WordRead::Refused(format!("`{text}` is a real number, not an integer"));
        }
    }
    // strtoul(text, NULL, 0)
    let s = text.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    if s.is_empty() {
        return WordRead::Empty;
    }
    let (neg, s) = match s.as_bytes()[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let b = s.as_bytes();
    let (radix, start) = if b.len() > 2
        && b[0] == b'0'
        && (b[1] | 0x20) == b'x'
        && (b[2] as char).is_ascii_hexdigit()
    {
        (16, 2)
    } else if b.first() == Some(&b'0') {
        (8, 0)
    } else {
        (10, 0)
    };
    let digits: &str = {
        let rest = &s[start..];
        let n = rest
            .char_indices()
            .find(|&(_, c)| !c.is_digit(radix))
            .map_or(rest.len(), |(i, _)| i);
        &rest[..n]
    };
    if digits.is_empty() {
        return WordRead::NotNumber;
    }
    let tail = &s[start + digits.len()..];
    let Ok(mag) = u64::from_str_radix(digits, radix) else {
        return WordRead::Refused(format!("`{text}` does not fit in 32 bits"));
    };
    let v = if neg { mag.wrapping_neg() } else { mag };
    if v > 0xffff_ffff {
        return WordRead::Refused(if neg && mag != 0 {
            format!("alsatplg refuses the negative number `{text}` in quotes")
        } else {
            format!("`{text}` does not fit in 32 bits")
        });
    }
    match range(v) {
        WordRead::Number(n) if !tail.trim().is_empty() => WordRead::Prefix(n),
        r => r,
    }
}

/// A tuple's value with quotes noted, read for its group's type.
pub(super) fn read_tuple(sources: &Sources, group: &TupleGroup, tuple: &Tuple) -> Option<WordRead> {
    match group.kind {
        TupleType::Byte | TupleType::Short | TupleType::Word => Some(read_word(
            &tuple.value.value,
            is_quoted(sources, tuple),
            group.kind,
        )),
        _ => None,
    }
}

/// The tuple's value was written in quotes.
fn is_quoted(sources: &Sources, tuple: &Tuple) -> bool {
    sources.slice(tuple.value.span).starts_with(['"', '\''])
}

/// A number tuple's value, if alsatplg reads it as that number.
pub(super) fn tuple_number(sources: &Sources, group: &TupleGroup, tuple: &Tuple) -> Option<u32> {
    match read_tuple(sources, group, tuple)? {
        WordRead::Number(v) => Some(v),
        _ => None,
    }
}

/// The first tuple with `token` among a section's `data`, and the number
/// alsatplg reads from it (`None` when it is not a plain number).
pub(super) fn token_number<'a>(
    cx: &Context<'a>,
    data: &'a [crate::conf::Ref],
    token: &str,
) -> Option<(u32, &'a Tuple)> {
    let t = cx.model.token(data, token)?;
    Some((tuple_number(cx.sources, t.group, t.tuple)?, t.tuple))
}

/// Every tuple of every `SectionVendorTuples`, with its section and group.
pub(super) fn all_tuples(
    conf: &ConfTopology,
) -> impl Iterator<Item = (&VendorTuples, &TupleGroup, &Tuple)> {
    conf.tuples.iter().flat_map(|s| {
        s.groups
            .iter()
            .flat_map(move |g| g.tuples.iter().map(move |t| (s, g, t)))
    })
}

fn unknown_token(cx: &Context, out: &mut Vec<Finding>) {
    // alsatplg looks token names up when it builds the data that uses the
    // tuples; tuples no data references are never looked at.
    let used: HashSet<&str> = cx
        .conf
        .data
        .iter()
        .flat_map(|d| d.tuples.iter().map(crate::conf::ir::Spanned::as_str))
        .collect();
    for s in &cx.conf.tuples {
        if !used.contains(s.name.as_str()) {
            continue;
        }
        let Some(tokens_ref) = &s.tokens else {
            continue;
        };
        // A missing token section is the reference check's finding.
        let Some(tokens) = cx.model.names.tokens.get(tokens_ref.as_str()) else {
            continue;
        };
        for g in &s.groups {
            for t in &g.tuples {
                let name = t.token.as_str();
                if tokens.tokens.iter().any(|k| k.name.as_str() == name) {
                    continue;
                }
                // The token may live in another token section.
                let elsewhere = cx
                    .conf
                    .tokens
                    .iter()
                    .find(|o| o.tokens.iter().any(|k| k.name.as_str() == name));
                let mut f = Finding::error(
                    UNKNOWN_TOKEN.code,
                    t.token.span,
                    format!(
                        "token `{name}` is not in `{}`, the token list of tuples `{}`",
                        tokens_ref.value, s.name.value
                    ),
                )
                .label("alsatplg stops here: cannot find token id")
                .related(
                    format!("`{}` is named here", tokens_ref.value),
                    tokens_ref.span,
                );
                f = match (elsewhere, closest(name, tokens.tokens.iter().map(|k| k.name.as_str()))) {
                    (Some(o), _) => f.help(format!(
                        "`{name}` is defined in `{}`: move this tuple to a SectionVendorTuples whose `tokens` is \"{}\"",
                        o.name.value, o.name.value
                    )),
                    (None, Some(near)) => f.help(format!("did you mean `{near}`?")),
                    (None, None) => f.help(format!(
                        "add `{name}` with its ID to SectionVendorTokens.\"{}\", or fix the token name",
                        tokens_ref.value
                    )),
                };
                out.push(f);
            }
        }
    }
}

fn bad_value(cx: &Context, out: &mut Vec<Finding>) {
    for (s, g, t) in all_tuples(cx.conf) {
        let token = t.token.as_str();
        let value = t.value.as_str();
        let (message, label, help) = match g.kind {
            TupleType::String => continue,
            TupleType::Bool => match g.kind.check(value) {
                Ok(_) => continue,
                Err(why) => (
                    format!("bool tuple `{token}` has the value `{value}`: {why}"),
                    "alsatplg drops this tuple".to_string(),
                    "write true or false; without the tuple the kernel uses the token's default"
                        .to_string(),
                ),
            },
            TupleType::Uuid => match g.kind.check(value) {
                Ok(_) => continue,
                Err(why) => (
                    format!("uuid tuple `{token}` is not a UUID: {why}"),
                    "not 16 bytes".to_string(),
                    "write 16 hexadecimal bytes separated by `:`; alsatplg fills a short UUID with zeros (or stops), and the firmware finds no component with a wrong UUID"
                        .to_string(),
                ),
            },
            TupleType::Byte | TupleType::Short | TupleType::Word => {
                let kind = g.kind.name();
                match read_tuple(cx.sources, g, t) {
                    Some(WordRead::Refused(why)) => (
                        format!("{kind} tuple `{token}` = `{value}`: {why}"),
                        "alsatplg refuses this value".to_string(),
                        range_help(g.kind),
                    ),
                    Some(WordRead::Prefix(n)) => (
                        format!("{kind} tuple `{token}` = `{value}` is not a number"),
                        format!("alsatplg reads {n} and ignores the rest"),
                        "write the number alone (decimal, or hexadecimal with 0x)".to_string(),
                    ),
                    Some(WordRead::NotNumber) if !is_name_case(value) => (
                        format!("{kind} tuple `{token}` = `{value}` is not a number"),
                        "alsatplg writes 0 for this".to_string(),
                        "write a number (decimal, or hexadecimal with 0x)".to_string(),
                    ),
                    _ => continue,
                }
            }
        };
        out.push(
            Finding::error(BAD_VALUE.code, t.value.span, message)
                .label(label)
                .help(help)
                .related(format!("in tuples `{}`", s.name.value), g.key.span),
        );
    }
}

fn range_help(kind: TupleType) -> String {
    let max = match kind {
        TupleType::Byte => "255",
        TupleType::Short => "65535",
        _ => "4294967295",
    };
    format!(
        "a {} tuple holds 0 to {max}; use a wider group (`tuples.\"word\"`) or a smaller value",
        kind.name()
    )
}

fn unexpanded(cx: &Context, out: &mut Vec<Finding>) {
    for (s, g, t) in all_tuples(cx.conf) {
        let token = t.token.as_str();
        let value = t.value.as_str();
        let kind = g.kind.name();
        let f = match read_tuple(cx.sources, g, t) {
            Some(WordRead::NotNumber) if is_name_case(value) => Finding::warning(
                UNEXPANDED.code,
                t.value.span,
                format!("{kind} tuple `{token}` holds the name `{value}`, not a number"),
            )
            .label("alsatplg writes 0 here: the DSP gets 0")
            .help(format!(
                "`{value}` looks like a macro that was never defined, so M4 wrote its name; define it (or pass it with -D) so a number is written"
            )),
            Some(WordRead::Empty) => Finding::warning(
                UNEXPANDED.code,
                t.value.span,
                format!("{kind} tuple `{token}` is empty"),
            )
            .label("alsatplg writes 0 here: the DSP gets 0")
            .help("a macro argument that expanded to nothing writes an empty value; give the number, or leave the tuple out"),
            _ => continue,
        };
        out.push(f.related(format!("in tuples `{}`", s.name.value), g.key.span));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str, quoted: bool) -> WordRead {
        read_word(text, quoted, TupleType::Word)
    }

    #[test]
    fn plain_decimals_read_as_the_long_way_reads_them() {
        // a leading space is not a plain decimal: strtoul skips it and reads
        // the same number the long way
        for text in [
            "0",
            "1",
            "9",
            "10",
            "255",
            "256",
            "48000",
            "65535",
            "65536",
            "999999999",
        ] {
            assert!(plain_decimal(text).is_some(), "{text}");
            for kind in [TupleType::Byte, TupleType::Short, TupleType::Word] {
                for quoted in [true, false] {
                    assert_eq!(
                        read_word(text, quoted, kind),
                        read_word(&format!(" {text}"), quoted, kind),
                        "{text} {quoted}"
                    );
                }
            }
        }
        for text in ["", "01", "0x10", "1234567890", "-1", "12a", " 1"] {
            assert_eq!(plain_decimal(text), None, "{text}");
        }
    }

    #[test]
    fn reads_words_as_alsa_lib() {
        assert_eq!(w("48000", true), WordRead::Number(48000));
        assert_eq!(w("0x10", true), WordRead::Number(16));
        assert_eq!(w("010", true), WordRead::Number(8));
        assert_eq!(w("  7", true), WordRead::Number(7));
        assert_eq!(w("7 ", true), WordRead::Number(7));
        assert_eq!(w("4294967295", true), WordRead::Number(u32::MAX));
        assert!(matches!(w("4294967296", true), WordRead::Refused(_)));
        assert!(matches!(w("0x100000000", true), WordRead::Refused(_)));
        assert!(matches!(w("-5", true), WordRead::Refused(_)));
        assert_eq!(w("-0", true), WordRead::Number(0));
        // unquoted, an integer node: small negatives wrap
        assert_eq!(w("-1", false), WordRead::Number(u32::MAX));
        assert!(matches!(w("1.5", false), WordRead::Refused(_)));
        assert_eq!(w("12abc", true), WordRead::Prefix(12));
        assert_eq!(w("0x", true), WordRead::Prefix(0));
        assert_eq!(w("abc", true), WordRead::NotNumber);
        assert_eq!(w("PLATFORM_COMP_MEM_CAP", false), WordRead::NotNumber);
        assert_eq!(w("", true), WordRead::Empty);
        assert_eq!(w("  ", true), WordRead::Empty);
        assert!(matches!(
            read_word("256", true, TupleType::Byte),
            WordRead::Refused(_)
        ));
        assert_eq!(
            read_word("65535", true, TupleType::Short),
            WordRead::Number(65535)
        );
    }

    const TOKENS: &str = r#"
SectionVendorTokens."tk" {
	SOF_TKN_A "100"
	SOF_TKN_B "101"
}
SectionVendorTokens."other" {
	SOF_TKN_C "200"
}
"#;

    fn run(check: &Check, body: &str) -> Vec<Finding> {
        crate::validate::checks::run_check(check, &format!("{TOKENS}{body}"), None)
    }

    fn tuples(groups: &str) -> String {
        format!(
            "SectionVendorTuples.\"tu\" {{\n\ttokens \"tk\"\n{groups}}}\nSectionData.\"d\" {{ tuples \"tu\" }}\n"
        )
    }

    #[test]
    fn unknown_token_near_misses() {
        // Known tokens are fine.
        assert!(run(
            &UNKNOWN_TOKEN,
            &tuples("\ttuples.\"word\" { SOF_TKN_A \"1\" SOF_TKN_B \"2\" }\n")
        )
        .is_empty());
        // Tuples no data uses are never looked up by alsatplg.
        let unused =
            "SectionVendorTuples.\"tu\" { tokens \"tk\" tuples.\"word\" { SOF_TKN_X \"1\" } }\n";
        assert!(run(&UNKNOWN_TOKEN, unused).is_empty());
        // A missing token section is the reference check's business.
        let missing = "SectionVendorTuples.\"tu\" { tokens \"nope\" tuples.\"word\" { SOF_TKN_X \"1\" } }\nSectionData.\"d\" { tuples \"tu\" }\n";
        assert!(run(&UNKNOWN_TOKEN, missing).is_empty());
    }

    #[test]
    fn unknown_token_points_at_the_right_list() {
        let f = run(
            &UNKNOWN_TOKEN,
            &tuples("\ttuples.\"word\" { SOF_TKN_C \"1\" }\n"),
        );
        assert_eq!(f.len(), 1);
        assert!(
            f[0].help.as_deref().unwrap().contains("`other`"),
            "{:?}",
            f[0].help
        );
        let f = run(
            &UNKNOWN_TOKEN,
            &tuples("\ttuples.\"word\" { SOF_TKN_AA \"1\" }\n"),
        );
        assert!(f[0].help.as_deref().unwrap().contains("SOF_TKN_A`"));
    }

    #[test]
    fn values_alsatplg_reads_are_fine() {
        let ok = tuples(concat!(
            "\ttuples.\"word\" { SOF_TKN_A \"48000\" SOF_TKN_B \"0x71\" }\n",
            "\ttuples.\"word.x\" { SOF_TKN_A -1 SOF_TKN_B \" 5\" }\n",
            "\ttuples.\"short\" { SOF_TKN_A \"65535\" }\n",
            "\ttuples.\"byte\" { SOF_TKN_A \"255\" }\n",
            "\ttuples.\"bool\" { SOF_TKN_A \"true\" SOF_TKN_B \"0\" }\n",
            "\ttuples.\"bool.x\" { SOF_TKN_A \"ON\" SOF_TKN_B 1 }\n",
            "\ttuples.\"string\" { SOF_TKN_A \"s32le\" }\n",
            "\ttuples.\"uuid\" { SOF_TKN_A \"0c:10:9d:8b:78:6d:8f:41:90:a3:e0:e8:05:d0:85:2b\n\" }\n",
            // macro names and empty values are the unexpanded check's
            "\ttuples.\"word.y\" { SOF_TKN_A \"PLATFORM_HOST_MEM_CAP\" SOF_TKN_B \"\" }\n",
        ));
        assert!(
            run(&BAD_VALUE, &ok).is_empty(),
            "{:?}",
            run(&BAD_VALUE, &ok)
        );
        assert!(run(&UNEXPANDED, &ok).len() == 2);
    }

    #[test]
    fn values_alsatplg_refuses_or_misreads() {
        for (group, value) in [
            ("word", "\"-5\""),
            ("word", "\"4294967296\""),
            ("word", "1.5"),
            ("word", "\"s16le\""),
            ("word", "\"12ab\""),
            ("short", "\"65536\""),
            ("byte", "\"256\""),
            ("bool", "\"maybe\""),
            ("bool", "2"),
            ("uuid", "\"1:2:3\""),
        ] {
            let t = tuples(&format!("\ttuples.\"{group}\" {{ SOF_TKN_A {value} }}\n"));
            assert_eq!(run(&BAD_VALUE, &t).len(), 1, "{group} {value}");
            assert!(run(&UNEXPANDED, &t).is_empty(), "{group} {value}");
        }
    }
}
