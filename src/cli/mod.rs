//! The command line: `tplg build`, `compile`, `decode`, `diff`, `lint`,
//! `migrate`, `graph` and `info`, and
//! how results and diagnostics reach the user.

use crate::eval::{self, Abi, Options};
use crate::source::{FileId, Origin, Sources};
use clap::{Args, Parser, Subcommand};
use miette::Diagnostic;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

mod build;
mod compile;
mod expanded;
mod inspect;
mod lint;
mod migrate;
mod output;
mod report;
mod shell;
mod variants;

use build::BuildArgs;
use inspect::{GraphArgs, InfoArgs};
use lint::LintArgs;
use migrate::MigrateArgs;
pub(crate) use output::write_output;
use output::{not_an_input, not_inside_input, stage_output};

/// Exit codes: 0 clean, 1 findings or errors in the topology, 2 usage or I/O.
pub(crate) const EXIT_OK: i32 = 0;
pub(crate) const EXIT_ERRORS: i32 = 1;
pub(crate) const EXIT_USAGE: i32 = 2;

#[derive(Parser, Debug)]
#[command(name = "tplg", version, about = "Build, check and draw Sound Open Firmware topologies", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    report: report::ReportArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Expand a .topo file to ALSA topology text (alsaconf), or with -o
    /// X.tplg (or --emit tplg) to the binary topology alsatplg would make.
    ///
    /// With -D GRAPH or -D INFO (as SOF's M4 build had them), standard error
    /// also gets the topology's graph (what `tplg graph` draws) or its info
    /// tables (what `tplg info` prints): one dot file, the graph first and
    /// everything else after it as `//` comments.
    Build(Deferred<BuildArgs>),
    /// Compile alsaconf text (.conf) to a binary topology (.tplg), byte for
    /// byte what `alsatplg -c` writes.
    Compile(Deferred<compile::ConfCompileArgs>),
    /// Decode a binary topology (.tplg) to alsaconf text that compiles back
    /// to the same bytes.
    Decode(Deferred<compile::DecodeArgs>),
    /// Compare two topologies (.topo, .conf or .tplg, in any mix) element by
    /// element: widgets, controls, routes, PCMs, links, tuples.
    Diff(Deferred<compile::DiffArgs>),
    /// Check topology files or trees, for CI (exit 1 on findings).
    Lint(Deferred<LintArgs>),
    /// Convert SOF M4 topology sources (a file, or a tree) to .topo.
    Migrate(Deferred<MigrateArgs>),
    /// Draw a topology's pipelines, PCMs and DAI links as a Graphviz graph.
    Graph(Deferred<GraphArgs>),
    /// Tabulate a topology's pipelines, PCMs, DAIs and links; check DAI
    /// indexes and IDs.
    ///
    /// The checks: DAI indexes against the platform's DAI counts, PCM IDs
    /// unique, BE link IDs unique among numbered links (exit 1 on errors).
    Info(Deferred<InfoArgs>),
    /// Write a completion script for a shell (bash, zsh, fish, elvish,
    /// powershell) to standard output.
    Completions(Deferred<shell::CompletionsArgs>),
    /// Write tplg's man page (or, with -o DIR, a page per subcommand).
    Man(Deferred<shell::ManArgs>),
}

/// A subcommand's arguments, added to its clap command only when that
/// subcommand is the one given (`Command::defer`): building every
/// subcommand's arguments was a tenth of a small build's start.
#[derive(Debug)]
struct Deferred<T>(T);

impl<T: Args> Args for Deferred<T> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.defer(deferred_args::<T>)
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(deferred_args::<T>)
    }

    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}

/// `T`'s arguments added to `cmd` when clap builds it, as if they had
/// been added at once: by then `cmd` has its about text, which `T`'s own
/// doc comment must not replace. (Help lists the arguments in the same
/// order; a completion script offers the global ones first.)
fn deferred_args<T: Args>(cmd: clap::Command) -> clap::Command {
    let about = cmd.get_about().cloned();
    let long_about = cmd.get_long_about().cloned();
    let mut cmd = T::augment_args(cmd);
    if let Some(about) = about {
        cmd = cmd.about(about);
    }
    if let Some(long_about) = long_about {
        cmd = cmd.long_about(long_about);
    }
    cmd
}

impl<T: clap::FromArgMatches> clap::FromArgMatches for Deferred<T> {
    fn from_arg_matches(m: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(m).map(Deferred)
    }

    fn from_arg_matches_mut(m: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(m).map(Deferred)
    }

    fn update_from_arg_matches(&mut self, m: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(m)
    }

    fn update_from_arg_matches_mut(&mut self, m: &mut clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(m)
    }
}

/// What every command that evaluates topologies takes.
#[derive(Args, Debug)]
struct LibraryArgs {
    /// Define NAME (as empty) or NAME=VALUE before the file is read; also -DNAME=VALUE.
    #[arg(short = 'D', long = "define", value_name = "NAME[=VALUE]")]
    defines: Vec<String>,
    /// Search DIR for includes and library files before the built-in library.
    #[arg(short = 'I', long = "include", value_name = "DIR")]
    include_dirs: Vec<PathBuf>,
    /// SOF ABI version of the manifest.
    #[arg(long, value_name = "X.Y.Z", default_value_t = Abi::default())]
    abi: Abi,
}

/// Runs tplg with these arguments and returns the exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    // as `Cli::try_parse_from`, keeping the command: a run is one command,
    // and freeing clap's description of every option and subcommand is
    // work nothing needs
    let mut cmd = <Cli as clap::CommandFactory>::command();
    let parsed = cmd.try_get_matches_from_mut(args).and_then(|mut m| {
        <Cli as clap::FromArgMatches>::from_arg_matches_mut(&mut m).map_err(|e| e.format(&mut cmd))
    });
    std::mem::forget(cmd);
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    report::set(cli.report);
    match cli.command {
        Command::Build(Deferred(a)) => build::build(a),
        Command::Compile(Deferred(a)) => compile::compile(a),
        Command::Decode(Deferred(a)) => compile::decode(a),
        Command::Diff(Deferred(a)) => compile::diff(a),
        Command::Lint(Deferred(a)) => lint::lint(a),
        Command::Migrate(Deferred(a)) => migrate::migrate(a),
        Command::Graph(Deferred(a)) => inspect::graph(a),
        Command::Info(Deferred(a)) => inspect::info(a),
        Command::Completions(Deferred(a)) => shell::completions(a),
        Command::Man(Deferred(a)) => shell::man(a),
    }
}

/// A `-D` the command line cannot take.
#[derive(Debug, thiserror::Error)]
enum DefineError {
    #[error("-D {define}: {error}")]
    Quote {
        define: String,
        error: UnclosedQuote,
    },
    #[error("-D {define}: `{name}` is not a name (letters, digits and `_`)")]
    NotAName { define: String, name: String },
}

fn options(a: &LibraryArgs) -> Result<Options, DefineError> {
    let mut defines = Vec::new();
    for d in &a.defines {
        let (name, value) = match d.split_once('=') {
            Some((n, v)) => {
                let v = m4_unquote(v).map_err(|error| DefineError::Quote {
                    define: d.clone(),
                    error,
                })?;
                (n, Some(v))
            }
            None => (d.as_str(), None),
        };
        // M4 takes names starting with a digit (SOF passes -D2CH_2WAY); a
        // topology can only test those with defined("2CH_2WAY")
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(DefineError::NotAName {
                define: d.clone(),
                name: name.to_string(),
            });
        }
        defines.push((name.to_string(), value));
    }
    Ok(Options {
        defines,
        include_dirs: a.include_dirs.clone(),
        abi: a.abi,
    })
}

/// An M4 quote in a `-D` value that is never closed.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("the M4 quote `` ` `` opened in `{0}` is not closed with `'`")]
struct UnclosedQuote(String);

/// A `-D` value as M4 reads it: each quoted piece (`` `DTS' ``) loses one
/// level of quotes, so SOF's CMake lists (``-DDTS=`DTS'``) pass unchanged.
fn m4_unquote(v: &str) -> Result<String, UnclosedQuote> {
    let mut out = String::with_capacity(v.len());
    let mut depth = 0usize;
    for ch in v.chars() {
        match ch {
            '`' => {
                if depth > 0 {
                    out.push(ch);
                }
                depth += 1;
            }
            '\'' if depth > 0 => {
                depth -= 1;
                if depth > 0 {
                    out.push(ch);
                }
            }
            _ => out.push(ch),
        }
    }
    if depth > 0 {
        return Err(UnclosedQuote(v.to_string()));
    }
    Ok(out)
}

/// Loads the entry file (`-`: standard input, read as a `.topo` source);
/// I/O problems are usage errors (exit 2).
fn load(
    sources: &mut Sources,
    path: &Path,
) -> Result<crate::source::FileId, crate::source::Unreadable> {
    let text = crate::source::read_text(path).map_err(|error| crate::source::Unreadable {
        path: path.to_path_buf(),
        error,
    })?;
    Ok(sources.add(
        crate::source::display_name(path),
        Origin::Disk(path.to_path_buf()),
        text,
    ))
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn usage(msg: impl std::fmt::Display) -> i32 {
    eprintln!("error: {msg}");
    EXIT_USAGE
}

/// Renders a finding for standard error (colours as `--color` says);
/// nothing for a warning under `--quiet`.
fn render(f: &crate::diag::Finding, sources: &Sources) -> String {
    if report::quiet() && f.severity == crate::diag::Severity::Warning {
        return String::new();
    }
    crate::diag::render(&f.report(sources), report::style(&std::io::stderr()))
}

/// Renders a diagnostic that has no place in a source (a malformed
/// binary, at a byte offset) for standard error.
fn render_unplaced(d: &dyn Diagnostic) -> String {
    if report::quiet() && d.severity() == Some(miette::Severity::Warning) {
        return String::new();
    }
    crate::diag::render(d, report::style(&std::io::stderr()))
}

#[cfg(test)]
mod tests {
    use super::m4_unquote;

    #[test]
    fn define_values_lose_one_level_of_m4_quotes() {
        assert_eq!(m4_unquote("`DTS'").as_deref(), Ok("DTS"));
        assert_eq!(m4_unquote("48000").as_deref(), Ok("48000"));
        assert_eq!(m4_unquote("a`b'c").as_deref(), Ok("abc"));
        assert_eq!(m4_unquote("``x''").as_deref(), Ok("`x'"));
        // a lone closing quote is text to M4
        assert_eq!(m4_unquote("it's").as_deref(), Ok("it's"));
        assert!(m4_unquote("`open").is_err());
    }
}
