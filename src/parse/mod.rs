//! Parsing: `.topo` text to a syntax tree (pest grammar in `grammar/topology.pest`).

// A parse error ends the parse, so its size costs nothing on the happy path.
#![allow(clippy::result_large_err)]

pub(crate) mod ast;
mod fast;

use crate::source::{FileId, Sources, Span};
use ast::*;
use miette::{Diagnostic, SourceSpan};
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use pest::Parser as _;
use std::sync::Arc;
use std::sync::OnceLock;
use thiserror::Error;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/topology.pest"]
struct TopologyParser;

/// Errors found while parsing one file.
#[derive(Debug, Error, Diagnostic)]
pub enum ParseError {
    #[error("syntax error: expected {expected}")]
    #[diagnostic(code(tplg::parse::syntax))]
    Syntax {
        expected: String,
        #[source_code]
        src: crate::source::Named,
        #[label("{found}")]
        span: SourceSpan,
        found: String,
        #[help]
        help: Option<String>,
    },

    #[error("malformed number `{text}`")]
    #[diagnostic(
        code(tplg::parse::number),
        help("numbers are decimal (`48000`) or hexadecimal (`0x1f`); quote the value if it is a name (\"{text}\")")
    )]
    MalformedNumber {
        text: String,
        #[source_code]
        src: crate::source::Named,
        #[label("{reason}")]
        span: SourceSpan,
        reason: String,
    },

    #[error("unknown escape `{text}` in string")]
    #[diagnostic(
        code(tplg::parse::escape),
        help("known escapes are \\\" \\\\ \\n \\t and \\$")
    )]
    BadEscape {
        text: String,
        #[source_code]
        src: crate::source::Named,
        #[label("here")]
        span: SourceSpan,
    },

    #[error("{what} deeper than {limit}")]
    #[diagnostic(
        code(tplg::parse::too_deep),
        help(
            "tplg reads at most {limit} {unit}; split the value into defines (`define PART = …`)"
        )
    )]
    TooDeep {
        what: &'static str,
        unit: &'static str,
        limit: usize,
        #[source_code]
        src: crate::source::Named,
        #[label("here")]
        span: SourceSpan,
    },
}

/// Parentheses nest at most this deep in a file (pest and the evaluator
/// recurse on them).
pub const MAX_NESTING: usize = 256;
/// One value holds at most this many operators (it is evaluated as a tree
/// as deep as its operators are many).
pub const MAX_OPERATORS: usize = 4096;

/// Where parentheses first nest deeper than [`MAX_NESTING`] (outside
/// strings and comments).
fn too_deep_at(text: &str) -> Option<usize> {
    let (mut depth, mut in_str, mut escaped, mut comment) = (0usize, false, false, false);
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'\n' => comment = false,
            _ if comment => {}
            _ if in_str => {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_str = false;
                }
            }
            b'"' => in_str = true,
            b'#' => comment = true,
            b'(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

impl ParseError {
    /// Where the error is: its span in the file it is in.
    pub fn at(&self) -> Span {
        match self {
            ParseError::Syntax { src, span, .. }
            | ParseError::MalformedNumber { src, span, .. }
            | ParseError::BadEscape { src, span, .. }
            | ParseError::TooDeep { src, span, .. } => src.span(*span),
        }
    }

    /// The error as it is reported.
    pub fn to_finding(&self) -> crate::diag::Finding {
        let file = self.at().file;
        crate::diag::Finding::of_diagnostic(self, file, crate::diag::Severity::Error)
    }
}

/// Parses one loaded file.
pub(crate) fn parse_file(sources: &Sources, file: FileId) -> Result<Vec<Stmt>, ParseError> {
    let text = sources.text(file);
    // fewer `(` than the limit cannot nest past it (the count is a fast
    // scan; most files have a few dozen)
    let too_deep = if crate::bytes::count(b'(', text.as_bytes()) > MAX_NESTING {
        too_deep_at(text)
    } else {
        None
    };
    if let Some(at) = too_deep {
        return Err(ParseError::TooDeep {
            what: "parentheses nest",
            unit: "levels of parentheses",
            limit: MAX_NESTING,
            src: sources.named(file),
            span: (at, 1).into(),
        });
    }
    if let Some(stmts) = fast::parse(text, file) {
        return Ok(stmts);
    }
    parse_with_pest(sources, file)
}

/// Parses one loaded file with pest (what [`fast`] gives up on: every
/// error, and only the errors, come from here).
fn parse_with_pest(sources: &Sources, file: FileId) -> Result<Vec<Stmt>, ParseError> {
    let text = sources.text(file);
    let mut pairs =
        TopologyParser::parse(Rule::file, text).map_err(|e| syntax_error(sources, file, e))?;
    let p = Builder { sources, file };
    let file_pair = pairs.next().expect("file rule always yields one pair");
    let mut stmts = Vec::new();
    for pair in file_pair.into_inner() {
        if pair.as_rule() == Rule::EOI {
            break;
        }
        stmts.push(p.stmt(pair)?);
    }
    Ok(stmts)
}

/// What a person reads for a grammar rule.
fn rule_name(rule: &Rule) -> &'static str {
    use Rule::*;
    match rule {
        EOI => "end of file",
        file | stmt | sep => "a statement or a newline",
        include | kw_include => "`include \"path\"`",
        define | kw_define => "`define NAME = value`",
        default | kw_default => "`default NAME = value`",
        undefine | kw_undefine => "`undefine NAME`",
        alias | kw_alias => "`alias NAME = OTHER`",
        if_stmt | kw_if => "`if`",
        else_if | else_clause | kw_else => "`else`",
        macro_def | kw_macro => "`macro`",
        param => "a parameter name",
        block => "`{`",
        call => "a call `NAME(…)`",
        arg | named_arg => "an argument",
        value | primary | prefix | neg | not => "a value",
        op_char | infix | or | and | eq | ne | shl | shr | le | ge | lt | gt | add | sub | mul
        | div | rem | bor | xor | band => "an operator",
        number => "a number",
        words | word | word_tail => "a word",
        name => "a name",
        string | interp | escape | str_chars => "a quoted string",
        raw_section | raw_head | raw_word | raw_block | raw_dapm | raw_comment | raw_text => {
            "a section body"
        }
        nl | ident_char | WHITESPACE | COMMENT => "a newline",
    }
}

fn syntax_error(sources: &Sources, file: FileId, e: pest::error::Error<Rule>) -> ParseError {
    use pest::error::{ErrorVariant, InputLocation};
    let text = sources.text(file);
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let mut expected: Vec<&str> = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.iter().map(rule_name).collect(),
        ErrorVariant::CustomError { .. } => vec![],
    };
    expected.sort_unstable();
    expected.dedup();
    // After a complete value, pest only knows that an operator could follow;
    // what the author missed is almost always the separator.
    if expected == ["an operator"] {
        let open = text[..pos].matches('(').count() > text[..pos].matches(')').count();
        expected = vec![if open {
            "`,` or `)`"
        } else {
            "an operator or the end of the line"
        }];
    }
    let expected = match expected.len() {
        0 => "something else".to_string(),
        1 => expected[0].to_string(),
        n => format!("{} or {}", expected[..n - 1].join(", "), expected[n - 1]),
    };
    let rest = &text[pos..];
    let found_char = rest.chars().next();
    let (found, len) = match found_char {
        None => ("unexpected end of file".to_string(), 0),
        Some('\n' | '\r') => ("unexpected end of line".to_string(), 1),
        Some(c) => (format!("unexpected `{c}`"), c.len_utf8()),
    };
    let help = syntax_help(text, pos);
    ParseError::Syntax {
        expected,
        src: sources.named(file),
        span: SourceSpan::new(pos.into(), len),
        found,
        help,
    }
}

/// A hint for the syntax mistakes M4 authors make most.
fn syntax_help(text: &str, pos: usize) -> Option<String> {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..];
    let line = line.split('\n').next().unwrap_or("");
    if line.contains('`') || line.contains("dnl") {
        return Some("this looks like M4: tplg needs no quoting (`...'), and comments start with `#`; `tplg migrate` converts M4 files".into());
    }
    let open = text[..pos].matches('(').count();
    let close = text[..pos].matches(')').count();
    if open > close && text[pos..].trim_start().is_empty() {
        return Some("a `(` is never closed".into());
    }
    if open > close {
        return Some("arguments are separated by `,`; a value with a comma or parenthesis in it must be quoted".into());
    }
    None
}

static PRATT: OnceLock<PrattParser<Rule>> = OnceLock::new();

fn pratt() -> &'static PrattParser<Rule> {
    PRATT.get_or_init(|| {
        PrattParser::new()
            .op(Op::infix(Rule::or, Assoc::Left))
            .op(Op::infix(Rule::and, Assoc::Left))
            .op(Op::infix(Rule::eq, Assoc::Left) | Op::infix(Rule::ne, Assoc::Left))
            .op(Op::infix(Rule::lt, Assoc::Left)
                | Op::infix(Rule::le, Assoc::Left)
                | Op::infix(Rule::gt, Assoc::Left)
                | Op::infix(Rule::ge, Assoc::Left))
            .op(Op::infix(Rule::bor, Assoc::Left))
            .op(Op::infix(Rule::xor, Assoc::Left))
            .op(Op::infix(Rule::band, Assoc::Left))
            .op(Op::infix(Rule::shl, Assoc::Left) | Op::infix(Rule::shr, Assoc::Left))
            .op(Op::infix(Rule::add, Assoc::Left) | Op::infix(Rule::sub, Assoc::Left))
            .op(Op::infix(Rule::mul, Assoc::Left)
                | Op::infix(Rule::div, Assoc::Left)
                | Op::infix(Rule::rem, Assoc::Left))
            .op(Op::prefix(Rule::neg) | Op::prefix(Rule::not))
    })
}

struct Builder<'a> {
    sources: &'a Sources,
    file: FileId,
}

impl Builder<'_> {
    fn span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, s.start(), s.end())
    }

    fn ident(&self, pair: Pair<Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_string(),
            span: self.span(&pair),
        }
    }

    fn stmt(&self, pair: Pair<Rule>) -> Result<Stmt, ParseError> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        Ok(match rule {
            Rule::include => {
                inner.next(); // keyword
                Stmt::Include {
                    path: self.string(inner.next().unwrap())?,
                    span,
                }
            }
            Rule::define | Rule::default => {
                inner.next();
                let (name, computed) = self.def_name(inner.next().unwrap())?;
                let value = self.value(inner.next().unwrap())?;
                Stmt::Define {
                    name,
                    computed,
                    value,
                    only_if_undefined: rule == Rule::default,
                    span,
                }
            }
            Rule::alias => {
                inner.next();
                let name = self.ident(inner.next().unwrap());
                let target = self.ident(inner.next().unwrap());
                Stmt::Alias { name, target, span }
            }
            Rule::undefine => {
                inner.next();
                let (name, computed) = self.def_name(inner.next().unwrap())?;
                Stmt::Undefine {
                    name,
                    computed,
                    span,
                }
            }
            Rule::if_stmt => {
                inner.next();
                let cond = self.value(inner.next().unwrap())?;
                let body = self.block(inner.next().unwrap())?;
                let mut branches = vec![(cond, body)];
                let mut otherwise = None;
                for p in inner {
                    match p.as_rule() {
                        Rule::else_if => {
                            let mut i = p.into_inner();
                            i.next();
                            i.next();
                            let cond = self.value(i.next().unwrap())?;
                            let body = self.block(i.next().unwrap())?;
                            branches.push((cond, body));
                        }
                        Rule::else_clause => {
                            let mut i = p.into_inner();
                            i.next();
                            otherwise = Some(self.block(i.next().unwrap())?);
                        }
                        r => unreachable!("unexpected {r:?} in if_stmt"),
                    }
                }
                Stmt::If {
                    branches,
                    otherwise,
                    span,
                }
            }
            Rule::macro_def => {
                inner.next();
                let name = self.ident(inner.next().unwrap());
                let mut params = Vec::new();
                let mut body = Vec::new();
                for p in inner {
                    match p.as_rule() {
                        Rule::param => {
                            let mut i = p.into_inner();
                            let name = self.ident(i.next().unwrap());
                            let default = i.next().map(|v| self.value(v)).transpose()?;
                            params.push(MacroParam { name, default });
                        }
                        Rule::block => body = self.block(p)?,
                        r => unreachable!("unexpected {r:?} in macro_def"),
                    }
                }
                Stmt::Macro(Arc::new(MacroDef {
                    name,
                    params,
                    body,
                    span,
                }))
            }
            Rule::call => Stmt::Call(self.call_from(span, inner)?),
            Rule::raw_section => Stmt::Raw(self.raw_section(span, inner)?),
            r => unreachable!("unexpected {r:?} in stmt"),
        })
    }

    fn block(&self, pair: Pair<Rule>) -> Result<Vec<Stmt>, ParseError> {
        pair.into_inner().map(|p| self.stmt(p)).collect()
    }

    fn call_from(
        &self,
        span: Span,
        mut inner: pest::iterators::Pairs<Rule>,
    ) -> Result<Call, ParseError> {
        let name = self.ident(inner.next().unwrap());
        let mut args = Vec::new();
        for p in inner {
            let aspan = self.span(&p);
            match p.as_rule() {
                Rule::named_arg => {
                    let mut i = p.into_inner();
                    let n = self.ident(i.next().unwrap());
                    let value = self.value(i.next().unwrap())?;
                    args.push(Arg {
                        name: Some(n),
                        value,
                        span: aspan,
                    });
                }
                Rule::value => args.push(Arg {
                    name: None,
                    value: self.value(p)?,
                    span: aspan,
                }),
                r => unreachable!("unexpected {r:?} in call"),
            }
        }
        let args_span = Span::new(self.file, name.span.end(), span.end());
        Ok(Call {
            name,
            args,
            span,
            args_span,
        })
    }

    fn value(&self, pair: Pair<Rule>) -> Result<Expr, ParseError> {
        debug_assert_eq!(pair.as_rule(), Rule::value);
        // operands and operators alternate: a chain of n operators is an
        // expression tree n deep
        if pair.clone().into_inner().count() > 2 * MAX_OPERATORS + 1 {
            return Err(ParseError::TooDeep {
                what: "an expression with operators",
                unit: "operators in one value",
                limit: MAX_OPERATORS,
                src: self.sources.named(self.file),
                span: {
                    let sp = pair.as_span();
                    (sp.start(), sp.end() - sp.start()).into()
                },
            });
        }
        pratt()
            .map_primary(|p| self.primary(p))
            .map_prefix(|op, rhs| {
                let rhs = rhs?;
                let span = self.span(&op).to(rhs.span);
                let op = match op.as_rule() {
                    Rule::neg => UnaryOp::Neg,
                    Rule::not => UnaryOp::Not,
                    r => unreachable!("unexpected {r:?} in prefix"),
                };
                Ok(Expr {
                    kind: ExprKind::Unary(op, Box::new(rhs)),
                    span,
                })
            })
            .map_infix(|lhs, op, rhs| {
                let (lhs, rhs) = (lhs?, rhs?);
                let op = match op.as_rule() {
                    Rule::or => BinOp::Or,
                    Rule::and => BinOp::And,
                    Rule::eq => BinOp::Eq,
                    Rule::ne => BinOp::Ne,
                    Rule::lt => BinOp::Lt,
                    Rule::le => BinOp::Le,
                    Rule::gt => BinOp::Gt,
                    Rule::ge => BinOp::Ge,
                    Rule::bor => BinOp::BitOr,
                    Rule::xor => BinOp::BitXor,
                    Rule::band => BinOp::BitAnd,
                    Rule::shl => BinOp::Shl,
                    Rule::shr => BinOp::Shr,
                    Rule::add => BinOp::Add,
                    Rule::sub => BinOp::Sub,
                    Rule::mul => BinOp::Mul,
                    Rule::div => BinOp::Div,
                    Rule::rem => BinOp::Rem,
                    r => unreachable!("unexpected {r:?} in infix"),
                };
                let span = lhs.span.to(rhs.span);
                Ok(Expr {
                    kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)),
                    span,
                })
            })
            .parse(pair.into_inner())
    }

    fn primary(&self, pair: Pair<Rule>) -> Result<Expr, ParseError> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::number => {
                let v = self.number(&pair)?;
                let text = pair.as_str();
                if text.starts_with("0x") || text.starts_with("0X") {
                    ExprKind::Hex(text.to_string())
                } else {
                    ExprKind::Int(v)
                }
            }
            Rule::words => ExprKind::Words(pair.into_inner().map(|w| self.ident(w)).collect()),
            Rule::string => ExprKind::Str(self.string(pair)?),
            Rule::call => {
                let inner = pair.into_inner();
                ExprKind::Call(self.call_from(span, inner)?)
            }
            Rule::value => return self.value(pair),
            r => unreachable!("unexpected {r:?} in primary"),
        };
        Ok(Expr { kind, span })
    }

    fn number(&self, pair: &Pair<Rule>) -> Result<i64, ParseError> {
        let text = pair.as_str();
        let (digits, radix) = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
            Some(h) => (h, 16),
            None => (text, 10),
        };
        let malformed = |reason: String| ParseError::MalformedNumber {
            text: text.to_string(),
            src: self.sources.named(self.file),
            span: self.span(pair).into(),
            reason,
        };
        if digits.is_empty() {
            return Err(malformed("no digits after `0x`".into()));
        }
        if let Some(bad) = digits.chars().find(|c| !c.is_digit(radix)) {
            let what = if radix == 16 {
                "a hexadecimal"
            } else {
                "a decimal"
            };
            return Err(malformed(format!("`{bad}` is not {what} digit")));
        }
        i64::from_str_radix(digits, radix).map_err(|_| malformed("too large for 64 bits".into()))
    }

    /// The name of `define`, `default` or `undefine`: a name, or a string
    /// that computes it (the name as written is kept for messages).
    fn def_name(&self, pair: Pair<Rule>) -> Result<(Ident, Option<StrLit>), ParseError> {
        if pair.as_rule() == Rule::string {
            let id = Ident {
                name: pair.as_str().to_string(),
                span: self.span(&pair),
            };
            return Ok((id, Some(self.string(pair)?)));
        }
        Ok((self.ident(pair), None))
    }

    fn string(&self, pair: Pair<Rule>) -> Result<StrLit, ParseError> {
        let span = self.span(&pair);
        let mut parts: Vec<StrPart> = Vec::new();
        let push_text = |parts: &mut Vec<StrPart>, s: &str| match parts.last_mut() {
            Some(StrPart::Text(t)) => t.push_str(s),
            _ => parts.push(StrPart::Text(s.to_string())),
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::str_chars => push_text(&mut parts, p.as_str()),
                Rule::escape => {
                    let c = match &p.as_str()[1..] {
                        "\"" => "\"",
                        "\\" => "\\",
                        "n" => "\n",
                        "t" => "\t",
                        "$" => "$",
                        _ => {
                            return Err(ParseError::BadEscape {
                                text: p.as_str().to_string(),
                                src: self.sources.named(self.file),
                                span: self.span(&p).into(),
                            })
                        }
                    };
                    push_text(&mut parts, c);
                }
                Rule::interp => {
                    parts.push(StrPart::Interp(self.ident(p.into_inner().next().unwrap())));
                }
                r => unreachable!("unexpected {r:?} in string"),
            }
        }
        Ok(StrLit { parts, span })
    }

    fn raw_section(
        &self,
        span: Span,
        inner: pest::iterators::Pairs<Rule>,
    ) -> Result<RawSection, ParseError> {
        let text = &self.sources.text(self.file)[span.start()..span.end()];
        let mut parts = Vec::new();
        // "SectionXxx" up to the head
        let mut cursor = span.start();
        for p in inner {
            self.raw_parts(p, &mut parts, &mut cursor)?;
        }
        debug_assert!(cursor <= span.end());
        let _ = text;
        Ok(RawSection { parts, span })
    }

    /// Flattens a raw section into text, strings and dapm calls, keeping all
    /// text between them verbatim.
    fn raw_parts(
        &self,
        pair: Pair<Rule>,
        parts: &mut Vec<RawPart>,
        cursor: &mut usize,
    ) -> Result<(), ParseError> {
        let file_text = self.sources.text(self.file);
        let s = pair.as_span();
        match pair.as_rule() {
            Rule::raw_head | Rule::raw_block => {
                for p in pair.into_inner() {
                    self.raw_parts(p, parts, cursor)?;
                }
                // the closing brace and anything after the last child
                self.raw_text(&file_text[*cursor..s.end()], parts);
                *cursor = s.end();
            }
            Rule::string => {
                self.raw_text(&file_text[*cursor..s.start()], parts);
                parts.push(RawPart::Str(self.string(pair)?));
                *cursor = s.end();
            }
            Rule::raw_dapm => {
                self.raw_text(&file_text[*cursor..s.start()], parts);
                let span = self.span(&pair);
                let mut i = pair.into_inner();
                let a = self.value(i.next().unwrap())?;
                let b = self.value(i.next().unwrap())?;
                parts.push(RawPart::Dapm(Box::new(a), Box::new(b), span));
                *cursor = s.end();
            }
            Rule::raw_word | Rule::raw_comment | Rule::raw_text => {}
            r => unreachable!("unexpected {r:?} in raw_section"),
        }
        Ok(())
    }

    fn raw_text(&self, s: &str, parts: &mut Vec<RawPart>) {
        if s.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(RawPart::Text(t)) => t.push_str(s),
            _ => parts.push(RawPart::Text(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Origin;

    fn parse(text: &str) -> Result<Vec<Stmt>, ParseError> {
        let mut s = Sources::new();
        let id = s.add("t.topo", Origin::Synthetic, text.to_string());
        parse_file(&s, id)
    }

    /// Asserts a parse error at byte `offset` whose message contains `msg`.
    macro_rules! parse_error {
        ($name:ident, $input:expr, offset: $off:expr, contains: $msg:expr) => {
            #[test]
            fn $name() {
                let err = parse($input).expect_err("input should fail to parse");
                let (span, text) = match &err {
                    ParseError::Syntax { span, .. }
                    | ParseError::MalformedNumber { span, .. }
                    | ParseError::BadEscape { span, .. }
                    | ParseError::TooDeep { span, .. } => (*span, err.to_string()),
                };
                assert_eq!(span.offset(), $off, "{text}");
                assert!(text.contains($msg), "`{text}` lacks `{}`", $msg);
            }
        };
    }

    #[test]
    fn calls_with_words_numbers_and_named_args() {
        let stmts =
            parse("FOO(Master Playback Volume, 0x10, SSP5-Codec,\n  # note\n  rate = 48000)\n")
                .unwrap();
        let Stmt::Call(c) = &stmts[0] else { panic!() };
        assert_eq!(c.name.name, "FOO");
        assert_eq!(c.args.len(), 4);
        match &c.args[0].value.kind {
            ExprKind::Words(w) => assert_eq!(
                w.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(),
                ["Master", "Playback", "Volume"]
            ),
            k => panic!("{k:?}"),
        }
        assert!(matches!(&c.args[1].value.kind, ExprKind::Hex(h) if h == "0x10"));
        assert!(matches!(&c.args[2].value.kind, ExprKind::Words(w) if w[0].name == "SSP5-Codec"));
        assert_eq!(c.args[3].name.as_ref().unwrap().name, "rate");
    }

    #[test]
    fn precedence() {
        let stmts = parse("define X = 1 + 2 * 3 << 1\n").unwrap();
        let Stmt::Define { value, .. } = &stmts[0] else {
            panic!()
        };
        // (1 + (2 * 3)) << 1
        let ExprKind::Binary(BinOp::Shl, l, _) = &value.kind else {
            panic!("{value:?}")
        };
        assert!(matches!(l.kind, ExprKind::Binary(BinOp::Add, _, _)));
    }

    #[test]
    fn if_else_chain_and_macro() {
        let stmts = parse("if defined(A) {\n X(1)\n} else if B == 2 {\n}\nelse { Y() }\nmacro M(a, b = 2) { X(a) }\n").unwrap();
        let Stmt::If {
            branches,
            otherwise,
            ..
        } = &stmts[0]
        else {
            panic!()
        };
        assert_eq!(branches.len(), 2);
        assert!(otherwise.is_some());
        let Stmt::Macro(m) = &stmts[1] else { panic!() };
        assert_eq!(m.params.len(), 2);
        assert!(m.params[1].default.is_some());
    }

    #[test]
    fn raw_section_keeps_text_and_finds_dapm() {
        let stmts =
            parse("SectionGraph.\"g ${N}\" {\n\tlines [\n\t\tdapm(A, B)\n\t]\n}\n").unwrap();
        let Stmt::Raw(r) = &stmts[0] else { panic!() };
        let dapms = r
            .parts
            .iter()
            .filter(|p| matches!(p, RawPart::Dapm(..)))
            .count();
        assert_eq!(dapms, 1);
        let text: String = r
            .parts
            .iter()
            .map(|p| match p {
                RawPart::Text(t) => t.clone(),
                RawPart::Str(_) => "S".into(),
                RawPart::Dapm(..) => "D".into(),
            })
            .collect();
        assert_eq!(text, "SectionGraph.S {\n\tlines [\n\t\tD\n\t]\n}");
    }

    #[test]
    fn computed_names_of_define_and_undefine() {
        let stmts = parse("define \"${A}x\" = 1\nundefine \"${A}\"\ndefine B = 2\n").unwrap();
        let Stmt::Define { computed, .. } = &stmts[0] else {
            panic!()
        };
        assert!(
            matches!(&computed.as_ref().unwrap().parts[..], [StrPart::Interp(_), StrPart::Text(t)] if t == "x")
        );
        assert!(matches!(
            &stmts[1],
            Stmt::Undefine {
                computed: Some(_),
                ..
            }
        ));
        assert!(matches!(&stmts[2], Stmt::Define { computed: None, .. }));
    }

    #[test]
    fn string_interpolation() {
        let stmts = parse("define X = \"a ${B} c\\n\"\n").unwrap();
        let Stmt::Define { value, .. } = &stmts[0] else {
            panic!()
        };
        let ExprKind::Str(s) = &value.kind else {
            panic!()
        };
        assert_eq!(s.parts.len(), 3);
    }

    parse_error!(unclosed_call, "FOO(1, 2\n", offset: 9, contains: "expected");
    parse_error!(nested_too_deep, &format!("X({}1{})\n", "(".repeat(300), ")".repeat(300)), offset: 257, contains: "parentheses nest deeper than 256");
    parse_error!(malformed_hex, "FOO(0x1G)\n", offset: 4, contains: "malformed number `0x1G`");
    parse_error!(malformed_decimal, "FOO(48k)\n", offset: 4, contains: "malformed number");
    parse_error!(bad_escape, "define X = \"a\\q\"\n", offset: 13, contains: "unknown escape");
    parse_error!(two_statements_one_line, "FOO(1) BAR(2)\n", offset: 7, contains: "expected");
}

#[cfg(test)]
mod fast_tests;
