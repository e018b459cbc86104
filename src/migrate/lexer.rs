//! M4 tokens, with M4's default lexical rules: quotes are `` ` `` and `'`
//! and nest; `#` starts a comment to the end of the line (outside quotes
//! only); `dnl` deletes to and including the next newline; names are
//! `[A-Za-z_][A-Za-z0-9_]*`; every other character stands for itself.
//!
//! The lexer works on a byte range of the whole file, so the contents of a
//! quoted string can be lexed again (as M4 rescans them) with positions
//! that still point into the file.

use super::builtin::M4Builtin;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A name: a macro call if a macro of that name exists.
    Ident,
    /// `` `…' `` with nested quotes; the token covers both quote marks.
    Quoted,
    /// `# …` up to (not including) the newline.
    Comment,
    /// `dnl …` up to and including the newline.
    Dnl,
    /// `$1`, `$12`, `$#`, `$*`, `$@`: parameters in a macro body.
    Param,
    LParen,
    RParen,
    Comma,
    /// Spaces and tabs.
    Space,
    Newline,
    /// Anything else, one run of it.
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: Tok,
    pub start: usize,
    pub end: usize,
}

/// A quote that is never closed: M4 fails with "end of file in string".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UnterminatedQuote {
    pub open: usize,
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Lexes `src[range]`; token positions are offsets into `src`.
pub(crate) fn lex(src: &str, range: Range<usize>) -> Result<Vec<Token>, UnterminatedQuote> {
    let bytes = src.as_bytes();
    let end = range.end;
    let mut i = range.start;
    let mut out = Vec::new();
    let push = |out: &mut Vec<Token>, kind, start, end| out.push(Token { kind, start, end });
    while i < end {
        let start = i;
        let b = bytes[i];
        match b {
            b'`' => {
                let mut depth = 0usize;
                loop {
                    if i >= end {
                        return Err(UnterminatedQuote { open: start });
                    }
                    match bytes[i] {
                        b'`' => depth += 1,
                        b'\'' => {
                            depth -= 1;
                            if depth == 0 {
                                i += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                push(&mut out, Tok::Quoted, start, i);
            }
            b'#' => {
                while i < end && bytes[i] != b'\n' {
                    i += 1;
                }
                // a `\r` before the newline is part of the line break
                let stop = if i > start && bytes[i - 1] == b'\r' {
                    i - 1
                } else {
                    i
                };
                push(&mut out, Tok::Comment, start, stop.max(start + 1));
                i = stop.max(start + 1);
            }
            b'$' if i + 1 < end
                && (bytes[i + 1].is_ascii_digit()
                    || matches!(bytes[i + 1], b'#' | b'*' | b'@')) =>
            {
                i += 1;
                if bytes[i].is_ascii_digit() {
                    while i < end && bytes[i].is_ascii_digit() {
                        i += 1;
                    }
                } else {
                    i += 1;
                }
                push(&mut out, Tok::Param, start, i);
            }
            b'(' => {
                i += 1;
                push(&mut out, Tok::LParen, start, i);
            }
            b')' => {
                i += 1;
                push(&mut out, Tok::RParen, start, i);
            }
            b',' => {
                i += 1;
                push(&mut out, Tok::Comma, start, i);
            }
            b' ' | b'\t' => {
                while i < end && matches!(bytes[i], b' ' | b'\t') {
                    i += 1;
                }
                push(&mut out, Tok::Space, start, i);
            }
            b'\n' => {
                i += 1;
                push(&mut out, Tok::Newline, start, i);
            }
            b'\r' if i + 1 < end && bytes[i + 1] == b'\n' => {
                i += 2;
                push(&mut out, Tok::Newline, start, i);
            }
            _ if is_name_start(b) => {
                while i < end && is_name_char(bytes[i]) {
                    i += 1;
                }
                if M4Builtin::parse(&src[start..i]) == Some(M4Builtin::Dnl) {
                    while i < end && bytes[i] != b'\n' {
                        i += 1;
                    }
                    if i < end {
                        i += 1;
                    }
                    push(&mut out, Tok::Dnl, start, i);
                } else {
                    push(&mut out, Tok::Ident, start, i);
                }
            }
            _ => {
                // one run of characters that start no other token
                i += src[i..].chars().next().map_or(1, char::len_utf8);
                while i < end {
                    let c = bytes[i];
                    if is_name_start(c)
                        || matches!(
                            c,
                            b'`' | b'#' | b'$' | b'(' | b')' | b',' | b' ' | b'\t' | b'\n' | b'\r'
                        )
                    {
                        break;
                    }
                    i += src[i..].chars().next().map_or(1, char::len_utf8);
                }
                push(&mut out, Tok::Text, start, i);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(Tok, &str)> {
        lex(src, 0..src.len())
            .unwrap()
            .into_iter()
            .map(|t| (t.kind, &src[t.start..t.end]))
            .collect()
    }

    #[test]
    fn names_quotes_and_punctuation() {
        assert_eq!(
            kinds("define(`A', `b')"),
            [
                (Tok::Ident, "define"),
                (Tok::LParen, "("),
                (Tok::Quoted, "`A'"),
                (Tok::Comma, ","),
                (Tok::Space, " "),
                (Tok::Quoted, "`b'"),
                (Tok::RParen, ")"),
            ]
        );
    }

    #[test]
    fn quotes_nest() {
        let src = "`a `b' c' d";
        let toks = lex(src, 0..src.len()).unwrap();
        assert_eq!(toks[0].kind, Tok::Quoted);
        assert_eq!(&src[toks[0].start + 1..toks[0].end - 1], "a `b' c");
    }

    #[test]
    fn comment_is_not_quoted_and_quote_hides_comment() {
        assert_eq!(
            kinds("# it's `x\n`# no'"),
            [
                (Tok::Comment, "# it's `x"),
                (Tok::Newline, "\n"),
                (Tok::Quoted, "`# no'"),
            ]
        );
    }

    #[test]
    fn dnl_eats_the_newline() {
        assert_eq!(
            kinds("a dnl x, (y\nb"),
            [
                (Tok::Ident, "a"),
                (Tok::Space, " "),
                (Tok::Dnl, "dnl x, (y\n"),
                (Tok::Ident, "b"),
            ]
        );
        // `dnlx` is another name
        assert_eq!(kinds("dnlx")[0], (Tok::Ident, "dnlx"));
    }

    #[test]
    fn digits_do_not_start_names() {
        assert_eq!(
            kinds("2CH_2WAY 0x1f"),
            [
                (Tok::Text, "2"),
                (Tok::Ident, "CH_2WAY"),
                (Tok::Space, " "),
                (Tok::Text, "0"),
                (Tok::Ident, "x1f"),
            ]
        );
    }

    #[test]
    fn params() {
        assert_eq!(
            kinds("$1$12 $# $@ $x"),
            [
                (Tok::Param, "$1"),
                (Tok::Param, "$12"),
                (Tok::Space, " "),
                (Tok::Param, "$#"),
                (Tok::Space, " "),
                (Tok::Param, "$@"),
                (Tok::Space, " "),
                (Tok::Text, "$"),
                (Tok::Ident, "x"),
            ]
        );
    }

    #[test]
    fn sub_range_positions_point_into_the_file() {
        let src = "xx`FOO(1)'";
        let toks = lex(src, 3..9).unwrap();
        assert_eq!(toks[0].kind, Tok::Ident);
        assert_eq!((toks[0].start, toks[0].end), (3, 6));
    }

    #[test]
    fn unterminated_quote() {
        assert_eq!(
            lex("a `b", 0..4).unwrap_err(),
            UnterminatedQuote { open: 2 }
        );
    }

    #[test]
    fn crlf_and_utf8_text() {
        assert_eq!(kinds("é+\r\n"), [(Tok::Text, "é+"), (Tok::Newline, "\r\n")]);
    }
}
