//! Reads M4 tokens into the syntax tree of [`super::ast`]: finds macro
//! calls and splits their arguments at top-level commas, as M4 collects
//! them (quotes and comments protect commas and parentheses; nested
//! parentheses must balance).

use super::ast::{Arg, Call, Node, Quoted, Sp};
use super::lexer::{lex, Tok, Token, UnterminatedQuote};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReadError {
    /// `` ` `` at this offset is never closed.
    UnterminatedQuote { open: Sp },
}

impl From<UnterminatedQuote> for ReadError {
    fn from(e: UnterminatedQuote) -> Self {
        ReadError::UnterminatedQuote {
            open: Sp::new(e.open, e.open + 1),
        }
    }
}

/// Reads `src[range]` as M4 input.
pub(crate) fn read(src: &str, range: Sp) -> Result<Vec<Node>, ReadError> {
    let toks = lex(src, range.start..range.end)?;
    let mut r = Reader {
        toks: &toks,
        pos: 0,
    };
    r.sequence(false).map(|(nodes, _)| nodes)
}

/// Reads the contents of a quoted string, as M4 does when it rescans them.
pub(crate) fn read_quoted(src: &str, q: &Quoted) -> Result<Vec<Node>, ReadError> {
    read(src, q.inner)
}

/// Reads `src[range]` as the rest of an argument list that some earlier
/// text opened: the arguments, and the `)` that closes it, which only blanks
/// and comments may follow. `None` if the text does not close the list so.
pub(crate) fn read_continuation(src: &str, range: Sp) -> Result<Option<(Vec<Arg>, Sp)>, ReadError> {
    let toks = lex(src, range.start..range.end)?;
    let mut r = Reader {
        toks: &toks,
        pos: 0,
    };
    let (args, close) = r.args(range.start)?;
    let Some(close) = close else {
        return Ok(None);
    };
    let rest_blank = toks[r.pos..]
        .iter()
        .all(|t| matches!(t.kind, Tok::Space | Tok::Newline | Tok::Comment | Tok::Dnl));
    Ok(rest_blank.then_some((args, close)))
}

/// Reads `src[range]` as the arguments M4 makes of it where it is read
/// inside an argument list (a comma starts the next one). `None` if a `)`
/// in it would close the list.
pub(crate) fn read_args(src: &str, range: Sp) -> Result<Option<Vec<Arg>>, ReadError> {
    let toks = lex(src, range.start..range.end)?;
    let mut r = Reader {
        toks: &toks,
        pos: 0,
    };
    let (args, close) = r.args(range.start)?;
    Ok(close.is_none().then_some(args))
}

/// Reads several quoted texts as the one text M4 makes of them when a
/// macro pastes them together (`LIST`'s items), with `sep` between them: a
/// call may open in one and close in a later one.
pub(crate) fn read_joined(
    src: &str,
    ranges: &[Sp],
    sep: Option<Tok>,
) -> Result<Vec<Node>, ReadError> {
    let seps: Vec<Option<Tok>> = vec![sep; ranges.len().saturating_sub(1)];
    read_joined_opt(src, ranges, &seps)
}

/// As [`read_joined`], with a blank of the given kind between each two.
pub(crate) fn read_joined_with(
    src: &str,
    ranges: &[Sp],
    seps: &[Tok],
) -> Result<Vec<Node>, ReadError> {
    let seps: Vec<Option<Tok>> = seps.iter().copied().map(Some).collect();
    read_joined_opt(src, ranges, &seps)
}

fn read_joined_opt(src: &str, ranges: &[Sp], seps: &[Option<Tok>]) -> Result<Vec<Node>, ReadError> {
    let mut toks = Vec::new();
    for (i, r) in ranges.iter().enumerate() {
        if i > 0 {
            // a zero-width blank: it separates tokens and writes nothing
            if let Some(kind) = seps.get(i - 1).copied().flatten() {
                toks.push(Token {
                    kind,
                    start: r.start,
                    end: r.start,
                });
            }
        }
        toks.extend(lex(src, r.start..r.end)?);
    }
    let mut rd = Reader {
        toks: &toks,
        pos: 0,
    };
    rd.sequence(false).map(|(nodes, _)| nodes)
}

struct Reader<'t> {
    toks: &'t [Token],
    pos: usize,
}

enum Stop {
    End,
    Comma,
    Close(Sp),
}

impl Reader<'_> {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.pos)
    }

    /// Reads nodes up to the end, or (inside an argument list) up to a
    /// top-level `,` or `)`, which it consumes and reports.
    fn sequence(&mut self, in_args: bool) -> Result<(Vec<Node>, Stop), ReadError> {
        let mut out = Vec::new();
        // parentheses opened inside this argument, which M4 balances
        let mut depth = 0usize;
        while let Some(&t) = self.peek() {
            self.pos += 1;
            let sp = Sp::new(t.start, t.end);
            match t.kind {
                Tok::Ident => {
                    let next = self.peek().copied();
                    match next {
                        Some(n) if n.kind == Tok::LParen && n.start == t.end => {
                            self.pos += 1;
                            out.push(Node::Call(self.call(sp)?));
                        }
                        _ => out.push(Node::Ident(sp)),
                    }
                }
                Tok::Quoted => out.push(Node::Quoted(Quoted {
                    span: sp,
                    inner: Sp::new(t.start + 1, t.end - 1),
                })),
                Tok::Comment => out.push(Node::Comment(sp)),
                Tok::Dnl => out.push(Node::Dnl(sp)),
                Tok::Param => out.push(Node::Param(sp)),
                Tok::Space => out.push(Node::Space(sp)),
                Tok::Newline => out.push(Node::Newline(sp)),
                Tok::Text => out.push(Node::Text(sp)),
                Tok::LParen => {
                    if in_args {
                        depth += 1;
                    }
                    out.push(Node::Text(sp));
                }
                Tok::RParen => {
                    if in_args {
                        if depth == 0 {
                            return Ok((out, Stop::Close(sp)));
                        }
                        depth -= 1;
                    }
                    out.push(Node::Text(sp));
                }
                Tok::Comma => {
                    if in_args && depth == 0 {
                        return Ok((out, Stop::Comma));
                    }
                    out.push(Node::Text(sp));
                }
            }
        }
        Ok((out, Stop::End))
    }

    /// After `NAME(`: the arguments up to the matching `)`.
    fn call(&mut self, name: Sp) -> Result<Call, ReadError> {
        let (args, close) = self.args(name.end + 1)?;
        Ok(match close {
            Some(close) => Call {
                name,
                args,
                span: name.to(close),
                closed: true,
            },
            None => Call {
                name,
                span: Sp::new(name.start, self.toks.last().map_or(name.end, |t| t.end)),
                args,
                closed: false,
            },
        })
    }

    /// Arguments from `arg_start` to the `)` that closes them (`None` when
    /// the text ends first; the last argument then runs to the end).
    fn args(&mut self, mut arg_start: usize) -> Result<(Vec<Arg>, Option<Sp>), ReadError> {
        let mut args = Vec::new();
        loop {
            let (nodes, stop) = self.sequence(true)?;
            let (end, close) = match stop {
                Stop::End => (
                    self.toks.last().map_or(arg_start, |t| t.end).max(arg_start),
                    None,
                ),
                Stop::Comma => (self.toks[self.pos - 1].start, None),
                Stop::Close(close) => (close.start, Some(close)),
            };
            args.push(Arg {
                nodes,
                span: Sp::new(arg_start, end),
            });
            match stop {
                Stop::Comma => arg_start = end + 1,
                _ => return Ok((args, close)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(src: &str) -> Vec<Node> {
        read(src, Sp::new(0, src.len())).unwrap()
    }

    fn arg_texts<'a>(src: &'a str, c: &Call) -> Vec<&'a str> {
        c.args.iter().map(|a| a.span.text(src)).collect()
    }

    #[test]
    fn call_with_nested_calls_and_quoted_commas() {
        let src = "FOO(a, `b, c', BAR(1, (2)), (x, y))";
        let nodes = read_all(src);
        let [Node::Call(c)] = nodes.as_slice() else {
            panic!("{nodes:?}")
        };
        assert_eq!(c.name(src), "FOO");
        assert_eq!(
            arg_texts(src, c),
            ["a", " `b, c'", " BAR(1, (2))", " (x, y)"]
        );
        assert!(matches!(c.args[2].nodes[1], Node::Call(_)));
    }

    #[test]
    fn name_then_space_is_not_a_call() {
        let src = "FOO (1)";
        let nodes = read_all(src);
        assert!(matches!(nodes[0], Node::Ident(_)));
        assert!(matches!(nodes[2], Node::Text(_)));
    }

    #[test]
    fn comment_protects_parentheses_in_arguments() {
        let src = "F(a,\n # x)\n b)";
        let nodes = read_all(src);
        let [Node::Call(c)] = nodes.as_slice() else {
            panic!("{nodes:?}")
        };
        assert_eq!(c.args.len(), 2);
        assert!(c.args[1]
            .nodes
            .iter()
            .any(|n| matches!(n, Node::Comment(_))));
    }

    #[test]
    fn empty_argument_list() {
        let src = "F()";
        let nodes = read_all(src);
        let [Node::Call(c)] = nodes.as_slice() else {
            panic!()
        };
        assert_eq!(c.args.len(), 1);
        assert!(c.args[0].nodes.is_empty());
    }

    #[test]
    fn unterminated_call_runs_to_the_end() {
        let src = "x F(1, 2\n";
        let nodes = read_all(src);
        let Node::Call(c) = &nodes[2] else {
            panic!("{nodes:?}")
        };
        assert!(!c.closed);
        assert_eq!(c.args.len(), 2);
        assert_eq!(c.span, Sp::new(2, src.len()));
    }

    #[test]
    fn continuation_reads_arguments_up_to_the_close() {
        let src = "`X, G(1)) '";
        let (args, close) = read_continuation(src, Sp::new(1, src.len() - 1))
            .unwrap()
            .unwrap();
        assert_eq!(args.len(), 2);
        assert_eq!(close.start, 8);
        assert!(read_continuation(src, Sp::new(1, 3)).unwrap().is_none());
    }

    #[test]
    fn quoted_contents_read_again() {
        let src = "`define(`A', 1)'";
        let nodes = read_all(src);
        let [Node::Quoted(q)] = nodes.as_slice() else {
            panic!()
        };
        let inner = read_quoted(src, q).unwrap();
        assert!(matches!(&inner[0], Node::Call(c) if c.name(src) == "define"));
    }
}
