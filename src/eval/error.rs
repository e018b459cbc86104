//! Evaluation errors.
//!
//! [`EvalErrorKind`] says what went wrong, with what it is about as real
//! fields (the texts are made by `Display` and the help); [`EvalError`]
//! adds where: the span in the file the user wrote, and the chain of macro
//! expansions and includes that led there. It is reported as a finding
//! ([`EvalError::to_finding`]), the chain as the finding's trace.

use super::signature::{ParamKind, SignatureError};
use crate::diag::Finding;
use crate::source::Span;
use miette::Diagnostic;
use std::fmt;

use thiserror::Error;

fn did_you_mean(s: &Option<String>) -> String {
    match s {
        Some(s) => format!("did you mean `{s}`?"),
        None => String::new(),
    }
}

#[derive(Debug, Error, Diagnostic)]
pub enum EvalErrorKind {
    #[error("unknown statement `{name}`")]
    #[diagnostic(
        code(tplg::eval::unknown_statement),
        help("{}", unknown_help(suggestion))
    )]
    UnknownStatement {
        name: String,
        suggestion: Option<String>,
    },

    #[error("`{name}` is a value, not a statement")]
    #[diagnostic(
        code(tplg::eval::not_a_statement),
        help("use it as an argument, e.g. inside DAI_CONFIG(…)")
    )]
    NotAStatement { name: String },

    #[error("`{name}` cannot be used as a value")]
    #[diagnostic(code(tplg::eval::not_a_value), help("only value constructs (such as SSP_CLOCK) and `defined(NAME)` can be nested in arguments"))]
    NotAValue { name: String },

    #[error("{statement} takes {takes}, found {found}")]
    #[diagnostic(
        code(tplg::eval::arg_count),
        help("{}the signature is {signature}", missing.as_deref().map(Missing::to_string).unwrap_or_default())
    )]
    ArgCount {
        statement: String,
        takes: Arity,
        found: usize,
        signature: String,
        /// For too few arguments: which are missing.
        missing: Option<Box<Missing>>,
    },

    #[error("missing argument `{param}` of {statement}")]
    #[diagnostic(code(tplg::eval::missing_arg), help("the signature is {signature}"))]
    MissingArg {
        statement: String,
        param: String,
        signature: String,
    },

    #[error("{statement} has no parameter `{name}`")]
    #[diagnostic(code(tplg::eval::unknown_named_arg), help("{}{}its parameters are {}", did_you_mean(suggestion), if suggestion.is_some() { " " } else { "" }, params.join(", ")))]
    UnknownNamedArg {
        statement: String,
        name: String,
        suggestion: Option<String>,
        params: Vec<String>,
    },

    #[error("`{param}` of {statement} is given twice")]
    #[diagnostic(code(tplg::eval::duplicate_arg))]
    DuplicateArg { statement: String, param: String },

    #[error("positional argument after a named one")]
    #[diagnostic(
        code(tplg::eval::positional_after_named),
        help("give the remaining arguments by name too")
    )]
    PositionalAfterNamed,

    #[error("{statement} is called with the old argument list that had `frames`")]
    #[diagnostic(code(tplg::eval::legacy_frames), help("{explanation}"))]
    LegacyFrames {
        statement: String,
        explanation: String,
    },

    #[error("`{name}` is not defined")]
    #[diagnostic(
        code(tplg::eval::undefined),
        help("{}", undefined_help(name, suggestion, published, defined_in))
    )]
    Undefined {
        name: String,
        suggestion: Option<String>,
        /// For a `PIPELINE_<WHAT>_<id>`: what pipeline `id` does publish.
        published: Vec<String>,
        /// Library files that define it, not included.
        defined_in: Vec<String>,
    },

    #[error("`{name}` is not defined: pipeline {id} is a {direction} pipeline, whose DAI side is `{other}`")]
    #[diagnostic(
        code(tplg::route::dangling),
        help("a route to `{name}` would name no widget, and leave the DAI unconnected. If this DAI belongs to pipeline {id}, write `{other}`; if not, name the pipeline it belongs to (a playback pipeline's DAI side is its PIPELINE_SOURCE, a capture pipeline's its PIPELINE_SINK)")
    )]
    OtherDirectionEndpoint {
        name: String,
        id: String,
        direction: &'static str,
        other: String,
    },

    #[error("`{name}` stands for `{target}`, which is not defined")]
    #[diagnostic(
        code(tplg::eval::undefined),
        help("`alias {name} = {target}` reads `{target}` where `{name}` is used; define `{target}` before this line")
    )]
    AliasUndefined { name: String, target: String },

    #[error("`{first}` and `{second}` of {statement} are swapped")]
    #[diagnostic(
        code(tplg::eval::swapped_arguments),
        help("each is of the kind the other takes: write `{swapped}`")
    )]
    SwappedArguments {
        statement: String,
        first: String,
        second: String,
        swapped: String,
    },

    #[error("`time_domain` and `sched_comp` of {statement} are swapped")]
    #[diagnostic(
        code(tplg::pipeline::sched_comp),
        help("the time domain (SCHEDULE_TIME_DOMAIN_…) comes first, then the component that schedules the pipeline: write `{swapped}`")
    )]
    SchedCompSwapped { statement: String, swapped: String },

    #[error("`alias {name}` names itself")]
    #[diagnostic(
        code(tplg::eval::alias_cycle),
        help("an alias stands for another symbol")
    )]
    AliasOfItself { name: String },

    #[error("`{name}` is not expanded in a raw section")]
    #[diagnostic(
        code(tplg::eval::raw_unexpanded),
        help("raw `Section` blocks copy unquoted text as it is, so this writes the name `{name}`, not its value; write \"${{{name}}}\" to write the value")
    )]
    RawUnexpanded { name: String },

    #[error("`{name}` is not defined")]
    #[diagnostic(code(tplg::eval::undefined_in_condition), help("{}to test whether it is set, write `defined({name})`", suggestion.as_ref().map(|s| format!("did you mean `{s}`? ")).unwrap_or_default()))]
    UndefinedInCondition {
        name: String,
        suggestion: Option<String>,
    },

    #[error("expected {} for `{param}`, found {found}", expected.describe())]
    #[diagnostic(code(tplg::eval::wrong_kind))]
    WrongKind {
        param: String,
        expected: ParamKind,
        /// What the value is (`Value::describe`).
        found: String,
    },

    #[error("`{value}` is not a valid `{param}`")]
    #[diagnostic(code(tplg::eval::not_one_of), help("{}{}expected one of {}", did_you_mean(suggestion), if suggestion.is_some() { " " } else { "" }, allowed.join(", ")))]
    NotOneOf {
        param: String,
        value: String,
        allowed: Vec<String>,
        suggestion: Option<String>,
    },

    #[error("no pipeline `{name}` in the library")]
    #[diagnostic(
        code(tplg::eval::unknown_pipeline),
        help("{}", unknown_pipeline_help(suggestion))
    )]
    UnknownPipeline {
        name: String,
        suggestion: Option<String>,
    },

    #[error("cannot shift by {by}")]
    #[diagnostic(code(tplg::eval::arithmetic))]
    ShiftOutOfRange { by: i64 },

    #[error("division by zero")]
    #[diagnostic(code(tplg::eval::arithmetic))]
    DivisionByZero,

    #[error("`{op}` needs integers, found {found}")]
    #[diagnostic(code(tplg::eval::arithmetic))]
    NotAnInteger {
        op: &'static str,
        /// What the operand is (`Value::describe`).
        found: String,
    },

    #[error("cannot find include `{path}`")]
    #[diagnostic(code(tplg::eval::include_not_found), help("{help}"))]
    IncludeNotFound { path: String, help: String },

    #[error("include cycle: {}", chain.join(" → "))]
    #[diagnostic(
        code(tplg::eval::include_cycle),
        help("a file may not include itself, directly or through other files")
    )]
    IncludeCycle { chain: Vec<String> },

    #[error("cannot read `{path}`: {reason}")]
    #[diagnostic(code(tplg::eval::io))]
    Io { path: String, reason: String },

    #[error("`{name}` is already a library statement")]
    #[diagnostic(
        code(tplg::eval::macro_shadows),
        help("pick another name for the macro")
    )]
    MacroShadows { name: String },

    #[error("the build runs past {steps} statements or {megabytes} MB of output")]
    #[diagnostic(
        code(tplg::eval::rejected),
        help("a macro expands more often than any topology needs: see the chain of calls; a macro that calls another twice at each level doubles the work per level")
    )]
    RunsAway { steps: u64, megabytes: usize },

    #[error("macro `{name}` expands itself without end")]
    #[diagnostic(
        code(tplg::eval::rejected),
        help("a macro may call itself only inside an `if` that ends the recursion")
    )]
    EndlessMacro { name: String },

    #[error("expected an integer for `{param}`, found the word `{word}`")]
    #[diagnostic(
        code(tplg::eval::rejected),
        help("`-` and `/` are part of words such as `SSP5-Codec`: put spaces around an operator, `{}`", word.replace('/', " / ").replace('-', " - "))
    )]
    IntegerWord { param: String, word: String },

    #[error(
        "pipeline `{pipeline}` needs {}, which {statement} does not give",
        backticked(needs)
    )]
    #[diagnostic(code(tplg::eval::rejected))]
    PipelineNeeds {
        pipeline: String,
        /// The template's inputs the statement has no parameter for.
        needs: Vec<String>,
        statement: String,
        /// The pipeline statements that have them all.
        #[help]
        use_with: Option<UseWith>,
    },

    /// A template failed on purpose (a fragment's FATAL_ERROR): its message.
    #[error("{message}")]
    #[diagnostic(code(tplg::eval::rejected))]
    TemplateRaised { message: String },

    #[error("template `{template}` failed: {message}")]
    #[diagnostic(code(tplg::expand::template), help("this is a fault in the macro library (or an `-I` override of it), at {template}{}", line.map(|l| format!(" line {l}")).unwrap_or_default()))]
    Template {
        template: String,
        line: Option<usize>,
        message: String,
    },

    /// A `statements.toml` that does not load (the error is at its place
    /// in the file).
    #[error("macro library: {}", error.message())]
    #[diagnostic(code(tplg::eval::library))]
    Library { error: SignatureError },
}

/// How many arguments a construct takes, as an [`EvalErrorKind::ArgCount`]
/// says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    Exactly(usize),
    Between(usize, usize),
    AtLeast(usize),
    AtMost(usize),
}

impl Arity {
    /// What a call with `found` arguments is told a construct taking `min`
    /// to `max` (no limit: `None`) takes.
    pub fn of(min: usize, max: Option<usize>, found: usize) -> Arity {
        match max {
            Some(max) if max == min => Arity::Exactly(min),
            Some(max) if found > max => Arity::AtMost(max),
            Some(max) => Arity::Between(min, max),
            None => Arity::AtLeast(min),
        }
    }
}

impl fmt::Display for Arity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let arguments = |n: usize| if n == 1 { "argument" } else { "arguments" };
        match *self {
            Arity::Exactly(n) => write!(f, "{n} {}", arguments(n)),
            Arity::Between(min, max) => write!(f, "{min} to {max} arguments"),
            Arity::AtLeast(n) => write!(f, "at least {n} {}", arguments(n)),
            Arity::AtMost(n) => write!(f, "at most {n} {}", arguments(n)),
        }
    }
}

/// The arguments a call with too few leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The required parameters not given.
    pub params: Vec<String>,
    /// The parameters the arguments given fill, in order.
    pub given: Vec<String>,
}

impl fmt::Display for Missing {
    /// Which are missing, and why (`` one argument is missing: the one
    /// given is `a`, so `b` is not given; ``).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.params.as_slice() {
            [] => Ok(()),
            [one] => {
                let found = self.given.len();
                let given = match self.given.as_slice() {
                    [] => "none is given".to_string(),
                    [a] => format!("the one given is `{a}`"),
                    [a, b] => format!("the two given are `{a}` and `{b}`"),
                    [a, .., z] => format!("the {found} given are `{a}` to `{z}`"),
                };
                write!(
                    f,
                    "one argument is missing: {given}, so `{one}` is not given; "
                )
            }
            more => write!(
                f,
                "{} arguments are missing: {}; ",
                more.len(),
                backticked(more)
            ),
        }
    }
}

/// The statements to use a pipeline with: `use it with A or B`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UseWith(pub Vec<String>);

impl fmt::Display for UseWith {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "use it with {}", self.0.join(" or "))
    }
}

/// `` `a`, `b` ``.
fn backticked(names: &[String]) -> String {
    let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    list.join(", ")
}

fn unknown_help(s: &Option<String>) -> String {
    match s {
        Some(s) => format!("did you mean `{s}`?"),
        None => "statements are those of SOF's M4 library (PIPELINE_PCM_ADD, DAI_ADD, PCM_PLAYBACK_ADD, DAI_CONFIG, …) and your own macros".into(),
    }
}

fn unknown_pipeline_help(s: &Option<String>) -> String {
    match s {
        Some(s) => format!("did you mean `{s}`?"),
        None => "pipelines live in the library as `sof/pipe-….j2`; add one with -I DIR".into(),
    }
}

fn undefined_help(
    name: &str,
    s: &Option<String>,
    published: &[String],
    defined_in: &[String],
) -> String {
    match defined_in {
        [] => {}
        [one] => {
            return format!(
                "`{one}` of the library defines it: add `include \"{one}\"` before this line"
            )
        }
        several => {
            let list: Vec<String> = several.iter().take(4).map(|f| format!("`{f}`")).collect();
            return format!(
                "the library defines it in {}{}: include the one for this board before this line",
                list.join(", "),
                if several.len() > 4 { ", …" } else { "" }
            );
        }
    }
    let mut h = did_you_mean(s);
    if let Some(rest) = name.strip_prefix("PIPELINE_") {
        if let Some((_, id)) = rest.rsplit_once('_') {
            if !published.is_empty() {
                let list: Vec<String> = published.iter().map(|p| format!("`{p}`")).collect();
                let note = format!(
                    "pipeline {id} publishes {} only: a playback pipeline's DAI side is its PIPELINE_SOURCE, a capture pipeline's its PIPELINE_SINK; check that the pipeline is the one this DAI belongs to",
                    list.join(", ")
                );
                h = if h.is_empty() {
                    note
                } else {
                    format!("{h} ({note})")
                };
            } else if id.bytes().all(|b| b.is_ascii_digit()) {
                let note = format!("no pipeline {id} publishes it: pipelines publish their endpoints when they are added, so add pipeline {id} before this line");
                h = if h.is_empty() {
                    note
                } else {
                    format!("{h} ({note})")
                };
            }
        }
    }
    if h.is_empty() {
        h = "define it with `define`, `default` or `-D` before it is used".into();
    }
    h
}

/// An evaluation error at a place in the user's sources.
#[derive(Debug)]
pub struct EvalError {
    pub kind: EvalErrorKind,
    pub label: String,
    pub span: Span,
    /// Innermost first: the macro calls and includes that led here.
    pub chain: Vec<(String, Span)>,
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl std::error::Error for EvalError {}

impl EvalError {
    /// The error as it is reported: the kind's code, message and help, the
    /// label at its span, and the chain of calls as the finding's trace.
    pub fn to_finding(&self) -> Finding {
        let code = self
            .kind
            .code()
            .map_or_else(|| "tplg::eval".to_string(), |c| c.to_string());
        let mut f =
            Finding::error(code, self.span, self.kind.to_string()).label(self.label.clone());
        f.help = self.kind.help().map(|h| h.to_string());
        f.trace = self.chain.clone();
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arity_reads_as_the_signature_says() {
        assert_eq!(Arity::of(3, Some(3), 4).to_string(), "3 arguments");
        assert_eq!(Arity::of(1, Some(1), 0).to_string(), "1 argument");
        assert_eq!(
            Arity::of(11, Some(14), 10).to_string(),
            "11 to 14 arguments"
        );
        assert_eq!(
            Arity::of(11, Some(14), 15).to_string(),
            "at most 14 arguments"
        );
        assert_eq!(Arity::of(2, None, 1).to_string(), "at least 2 arguments");
        let m = |params: &[&str], given: &[&str]| Missing {
            params: params
                .iter()
                .map(std::string::ToString::to_string)
                .collect(),
            given: given.iter().map(std::string::ToString::to_string).collect(),
        };
        assert_eq!(
            m(&["c"], &["a", "b"]).to_string(),
            "one argument is missing: the two given are `a` and `b`, so `c` is not given; "
        );
        assert_eq!(
            m(&["d"], &["a", "b", "c"]).to_string(),
            "one argument is missing: the 3 given are `a` to `c`, so `d` is not given; "
        );
        assert_eq!(
            m(&["b", "c"], &["a"]).to_string(),
            "2 arguments are missing: `b`, `c`; "
        );
    }
}
