//! A small syntax tree of M4 input: text, comments, quoted strings and
//! macro calls with their arguments. It records structure only; what a
//! call means is decided when it is converted (see `convert`).

/// A byte range of the M4 file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Sp {
    pub start: usize,
    pub end: usize,
}

impl Sp {
    pub(crate) fn new(start: usize, end: usize) -> Self {
        Sp { start, end }
    }

    pub(crate) fn to(self, other: Sp) -> Sp {
        Sp::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub(crate) fn text(self, src: &str) -> &str {
        &src[self.start..self.end]
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Node {
    /// Characters that are neither names nor M4 syntax.
    Text(Sp),
    /// Spaces and tabs.
    Space(Sp),
    Newline(Sp),
    /// `# …` (M4 copies it to the output).
    Comment(Sp),
    /// `dnl …` and the newline it deletes.
    Dnl(Sp),
    /// `` `…' ``: its contents are read again when M4 rescans them.
    Quoted(Quoted),
    /// A name not followed by `(`.
    Ident(Sp),
    Call(Call),
    /// `$1`, `$#`, `$@`, `$*` (only meaningful in a macro body).
    Param(Sp),
}

impl Node {
    pub(super) fn span(&self) -> Sp {
        match self {
            Node::Text(s)
            | Node::Space(s)
            | Node::Newline(s)
            | Node::Comment(s)
            | Node::Dnl(s)
            | Node::Ident(s)
            | Node::Param(s) => *s,
            Node::Quoted(q) => q.span,
            Node::Call(c) => c.span,
        }
    }

    pub(super) fn is_blank(&self) -> bool {
        matches!(self, Node::Space(_) | Node::Newline(_))
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Quoted {
    /// With the quote marks.
    pub span: Sp,
    /// Without them.
    pub inner: Sp,
}

/// `NAME(arg, …)`: the `(` follows the name immediately, as M4 requires.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub name: Sp,
    pub args: Vec<Arg>,
    /// From the name to the closing parenthesis (or the end of the text).
    pub span: Sp,
    /// `false` when the text ends before the closing parenthesis (which
    /// then has to come from text a macro writes, if M4 is to accept it).
    pub closed: bool,
}

impl Call {
    pub(super) fn name<'a>(&self, src: &'a str) -> &'a str {
        self.name.text(src)
    }
}

/// One argument: everything between its delimiters, leading blanks included.
#[derive(Debug, Clone)]
pub(crate) struct Arg {
    pub nodes: Vec<Node>,
    pub span: Sp,
}
