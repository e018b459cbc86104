//! Why a piece of M4 cannot be converted (a refusal), or converts with a
//! caveat (a warning). Each points at the M4 source, and is reported as a
//! [`Finding`].

use crate::diag::{Finding, Severity};
use crate::source::Span;
use miette::Diagnostic;
use std::fmt;
use thiserror::Error;

#[derive(Debug, Error, Diagnostic)]
pub(crate) enum MigrateErrorKind {
    #[error("quote never closed")]
    #[diagnostic(
        code(tplg::migrate::unterminated_quote),
        help("M4 stops with \"end of file in string\"; close the quote with `'`")
    )]
    UnterminatedQuote,

    #[error("argument list of `{name}` never closed")]
    #[diagnostic(
        code(tplg::migrate::unterminated_call),
        help("M4 stops with \"end of file in argument list\"; close it with `)`")
    )]
    UnterminatedCall { name: String },

    #[error("text outside a statement")]
    #[diagnostic(
        code(tplg::migrate::stray_text),
        help(
            "M4 copies this text into the topology as it is; tplg has no statement for it. {hint}"
        )
    )]
    StrayText { hint: String },

    #[error("the body of `{name}` builds text, not statements")]
    #[diagnostic(
        code(tplg::migrate::text_macro),
        help("tplg macros are groups of statements; a macro that pastes text into a value (as SOF's library macros do) has no equivalent. Write it as a library template, or expand it by hand")
    )]
    TextMacro { name: String },

    #[error("`{call}(…)` in the body of `{name}` runs where `{name}` is defined")]
    #[diagnostic(
        code(tplg::migrate::eager_body),
        help("M4 expands an unquoted call in a macro body once, when the macro is defined, and pastes its text into the body; a tplg macro runs its statements each time it is used. Quote the body (`…') if that is what you mean")
    )]
    EagerBody { name: String, call: String },

    #[error("M4 expands the unquoted name `{name}` before {action} it")]
    #[diagnostic(
        code(tplg::migrate::unquoted_name),
        help("{why}; quote the name (`{name}') if you mean `{name}` itself")
    )]
    UnquotedName {
        name: String,
        action: &'static str,
        why: String,
    },

    #[error("`{name}` reads `{late}`, which changes after this definition")]
    #[diagnostic(
        code(tplg::migrate::late_binding),
        help("the quoted body of `{name}` is read where `{name}` is used; tplg evaluates `define` where it stands. {why}")
    )]
    LateBinding {
        name: String,
        late: String,
        why: String,
    },

    #[error("the name `{pattern}` is computed")]
    #[diagnostic(
        code(tplg::migrate::computed_name),
        help("M4 reads the pasted text again as a name ({examples}); tplg cannot refer to a symbol by a computed name")
    )]
    ComputedName { pattern: String, examples: String },

    #[error("`{name}` stands for a call and is not NAME_CASE")]
    #[diagnostic(
        code(tplg::migrate::lower_case_macro),
        help("tplg replaces only NAME_CASE words by their values, and interpolates only text into strings; rename the macro (e.g. `{upper}`) in the M4 source and use it as a whole argument, then migrate again")
    )]
    LowerCaseMacro { name: String, upper: String },

    #[error("`{name}` has no tplg equivalent")]
    #[diagnostic(code(tplg::migrate::unsupported), help("{help}"))]
    Unsupported { name: String, help: String },

    #[error("{message}")]
    #[diagnostic(code(tplg::migrate::eval))]
    Eval {
        message: String,
        #[help]
        help: Option<String>,
    },

    #[error("the value of `{name}` contains a comma")]
    #[diagnostic(
        code(tplg::migrate::comma_in_value),
        help("where `{name}` is used as an argument, M4 splits its value into several arguments; tplg keeps a value whole. Pass the parts separately")
    )]
    CommaInValue { name: String },

    #[error("statement inside `divert(-1)`")]
    #[diagnostic(
        code(tplg::migrate::diverted),
        help(
            "M4 throws away the text this statement writes; drop it or move it after `divert(0)`"
        )
    )]
    Diverted,

    #[error("unquoted statement inside `{builtin}`")]
    #[diagnostic(
        code(tplg::migrate::unquoted_statement),
        help("M4 runs it while collecting the arguments of `{builtin}`, so it takes effect whichever branch is chosen; quote the branch (`…') to make it conditional")
    )]
    UnquotedStatement { builtin: String },

    #[error("`{name}` gives a value that cannot be pasted into text")]
    #[diagnostic(
        code(tplg::migrate::paste),
        help("tplg can interpolate names into a string (\"${{NAME}}\"), not the result of a call or an expression")
    )]
    Paste { name: String },

    #[error("macro `{name}` used inside a raw section")]
    #[diagnostic(
        code(tplg::migrate::raw_macro),
        help("a raw section can use symbols only inside strings (\"${{{name}}}\") and `dapm(a, b)`; {hint}")
    )]
    RawMacro { name: String, hint: String },

    #[error("`{builtin}` takes {}, found {found}", arguments(*min, *max))]
    #[diagnostic(code(tplg::migrate::arg_count))]
    ArgCount {
        builtin: &'static str,
        min: usize,
        max: usize,
        found: usize,
    },

    #[error("`ifelse` takes 1, 3, 4 or more (a, b, then, …, else) arguments, found {found}")]
    #[diagnostic(code(tplg::migrate::arg_count))]
    IfelseArgCount { found: usize },

    #[error("`{name}` is not a name tplg can define")]
    #[diagnostic(
        code(tplg::migrate::bad_name),
        help("names are letters, digits and `_`, not starting with a digit")
    )]
    BadName { name: String },

    #[error("{count} combinations of conditional arguments")]
    #[diagnostic(
        code(tplg::migrate::too_many_branches),
        help("each `ifdef`/`ifelse` inside the arguments doubles the statement in the converted file; define the varying values first and use them here")
    )]
    TooManyBranches { count: usize },

    #[error("this is part of SOF's macro library, not a topology")]
    #[diagnostic(
        code(tplg::migrate::library_file),
        help("{why}. tplg has its own library built in (statements such as SSP_CONFIG, and pipeline templates), so this file has nothing to convert; `tplg migrate DIR` skips such files, and converted topologies drop their includes")
    )]
    LibraryFile { why: String },

    #[error("tplg migrate wrote text it cannot parse: {message}")]
    #[diagnostic(
        code(tplg::migrate::internal),
        help("this is a bug in tplg migrate; please report it with this M4 file")
    )]
    Internal { message: String },

    // ---- warnings --------------------------------------------------------
    #[error("`errprint` becomes a build failure")]
    #[diagnostic(
        code(tplg::migrate::errprint),
        severity(Warning),
        help("M4 prints the message and goes on; tplg stops the build with it (FATAL_ERROR)")
    )]
    Errprint,

    #[error("`{name}` is kept as text")]
    #[diagnostic(
        code(tplg::migrate::kept_as_text),
        severity(Warning),
        help("nothing this file reads defines `{name}`, so M4 leaves it as it is here; if the build defines it (m4 -D{name}=…), migrate with -D {name} to convert it as a reference")
    )]
    KeptAsText { name: String },

    #[error("cannot find `{path}` on the include path")]
    #[diagnostic(
        code(tplg::migrate::include_not_found),
        severity(Warning),
        help("M4 looks in {searched}; the names `{path}` defines are unknown to the conversion, so a NAME_CASE word only it defines is written as text after this line, and the include is kept (`tplg build` will look for it). Convert with -I DIR where the file is, or fix the name")
    )]
    IncludeNotFound { path: String, searched: String },

    #[error("M4 expands the unquoted name `{name}` {what}")]
    #[diagnostic(
        code(tplg::migrate::unquoted_name_expanded),
        severity(Warning),
        help("this is what M4 does with the name unquoted; if you mean `{name}` itself, quote it in the M4 source (`{name}') and migrate again")
    )]
    UnquotedNameExpanded { name: String, what: String },

    #[error("text outside a statement, in a conditional branch")]
    #[diagnostic(
        code(tplg::migrate::stray_text_fails),
        severity(Warning),
        help("when this branch is taken, M4 writes `{text}` into the topology outside any section, and alsatplg refuses the file; converted to FATAL_ERROR in that branch. If the text was meant as a value, define it (`define(`NAME', `{text}')`)")
    )]
    StrayTextFails { text: String },

    #[error("`{name}` holds an argument list, {how}")]
    #[diagnostic(
        code(tplg::migrate::argument_list_use),
        help("M4 splits the value at its commas where `{name}` is read; tplg keeps a value whole, and converts such a name only when every read of it in the tree is the sole argument of one call (`F({name})`), as `define {name} = F(…)`. Define the whole call instead (``define(`{name}', `F(…)')``) and write `{name}` where `F({name})` was, then migrate again")
    )]
    ArgumentListUse { name: String, how: ArgListUse },

    #[error("`{name}` holds an argument list")]
    #[diagnostic(
        code(tplg::migrate::argument_list),
        severity(Warning),
        help("M4 splits the value at its commas where `{name}` is an argument (`F({name})` calls F with {count} arguments); tplg keeps a value whole, so it is converted as one text. Define the whole call instead (`define {name} = F(…)`) and pass `{name}` where `F({name})` was")
    )]
    ArgumentList { name: String, count: usize },

    #[error("`{name}` is not defined where the first pipeline is added")]
    #[diagnostic(
        code(tplg::migrate::mem_caps_undefined),
        severity(Warning),
        help("SOF's pipelines write the platform's memory capabilities (PLATFORM_DAI_MEM_CAP, _HOST_, _PASS_, _COMP_) into their buffers; nothing this file reads defines `{name}`, so M4 writes the name itself, which alsatplg reads as 0. Converted as `default {name} = 0`; define the capabilities in the platform file (or include a built-in platform) to say what the buffers need")
    )]
    MemCapsUndefined { name: String },

    #[error("`{name}` takes {takes} arguments: M4 drops `{dropped}`")]
    #[diagnostic(
        code(tplg::migrate::extra_arguments),
        severity(Warning),
        help("SOF's `{name}` uses only its first {takes} arguments, so M4 writes nothing of the others; converted as M4 does. If you meant the whole text, nest the call (`{name}({name}(a, b), c)`) and migrate again")
    )]
    ExtraArguments {
        name: String,
        takes: usize,
        dropped: String,
    },
}

/// How a tree reads a name defined as an argument list, when not always
/// as the sole argument of one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ArgListUse {
    /// Somewhere not as the sole argument of a call.
    NotSole,
    /// As the sole argument of these calls.
    SeveralCalls(Vec<String>),
}

impl fmt::Display for ArgListUse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgListUse::NotSole => f.write_str("read where it is not the sole argument of a call"),
            ArgListUse::SeveralCalls(calls) => {
                let list: Vec<String> = calls.iter().map(|c| format!("`{c}`")).collect();
                write!(
                    f,
                    "read as the sole argument of several calls ({})",
                    list.join(", ")
                )
            }
        }
    }
}

/// `1 argument`, `13 arguments`, `2 or 3 arguments`.
fn arguments(min: usize, max: usize) -> String {
    match (min, max) {
        (1, 1) => "1 argument".to_string(),
        (n, m) if n == m => format!("{n} arguments"),
        (n, m) => format!("{n} or {m} arguments"),
    }
}

impl MigrateErrorKind {
    pub(crate) fn is_warning(&self) -> bool {
        matches!(
            self,
            MigrateErrorKind::Errprint
                | MigrateErrorKind::KeptAsText { .. }
                | MigrateErrorKind::MemCapsUndefined { .. }
                | MigrateErrorKind::IncludeNotFound { .. }
                | MigrateErrorKind::UnquotedNameExpanded { .. }
                | MigrateErrorKind::ArgumentList { .. }
                | MigrateErrorKind::StrayTextFails { .. }
                | MigrateErrorKind::ExtraArguments { .. }
        )
    }
}

/// A refusal or warning at a place in an M4 file (in the
/// [`super::Outcome`]'s sources).
#[derive(Debug)]
pub(crate) struct MigrateError {
    pub kind: MigrateErrorKind,
    pub label: String,
    pub span: Span,
}

impl fmt::Display for MigrateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl std::error::Error for MigrateError {}

impl MigrateError {
    /// The refusal or warning as it is reported.
    pub(crate) fn to_finding(&self) -> Finding {
        let severity = if self.kind.is_warning() {
            Severity::Warning
        } else {
            Severity::Error
        };
        let code = self
            .kind
            .code()
            .map_or_else(|| "tplg::migrate".to_string(), |c| c.to_string());
        let mut f = Finding::new(code, severity, self.span, self.kind.to_string())
            .label(self.label.clone());
        f.help = self.kind.help().map(|h| h.to_string());
        f
    }
}
