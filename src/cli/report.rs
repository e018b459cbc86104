//! What every subcommand shares about reporting: `--quiet`, `--color`,
//! `--allow CODE` / `--deny CODE` (global options, given before or after the
//! subcommand), and the findings format of `build` and `lint` (`--format`).

use super::*;
use crate::diag::allow::RunPolicy;
use std::sync::OnceLock;

/// When to colour diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(super) enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    Always,
    Never,
}

/// The reporting options of every subcommand.
#[derive(Args, Debug, Clone, Default)]
pub(super) struct ReportArgs {
    /// Print errors only: no warnings, no summary line.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Colour diagnostics: auto (on a terminal, unless NO_COLOR is set),
    /// always, never.
    #[arg(long, value_enum, value_name = "WHEN", global = true, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Drop the findings with this code (`tplg::dai::no_link`, `dai::no_link`,
    /// or an area: `route`) in this run; repeatable. Comments in a topology
    /// do the same for a statement or a file: `# tplg: allow(CODE)`.
    #[arg(long = "allow", value_name = "CODE", global = true)]
    allow: Vec<String>,
    /// Make the findings with this code errors (they fail the run); repeatable.
    #[arg(long = "deny", value_name = "CODE", global = true)]
    deny: Vec<String>,
}

static SETTINGS: OnceLock<ReportArgs> = OnceLock::new();

/// Records the run's reporting options (once, when the command line is read).
pub(super) fn set(args: ReportArgs) {
    let _ = SETTINGS.set(args);
}

fn settings() -> &'static ReportArgs {
    SETTINGS.get_or_init(ReportArgs::default)
}

/// Whether only errors are printed.
pub(super) fn quiet() -> bool {
    settings().quiet
}

/// How to draw diagnostics on `stream`.
pub(super) fn style(stream: &impl std::io::IsTerminal) -> crate::diag::Style {
    let auto = crate::diag::Style::for_stream(stream);
    crate::diag::Style {
        color: match settings().color {
            ColorChoice::Auto => auto.color,
            ColorChoice::Always => true,
            ColorChoice::Never => false,
        },
        ..auto
    }
}

/// The run's `--allow` and `--deny`, for the checks.
pub(super) fn policy() -> RunPolicy {
    let s = settings();
    RunPolicy {
        allow: s.allow.clone(),
        deny: s.deny.clone(),
    }
}

/// The checks' options of this run.
pub(super) fn checks() -> crate::validate::Options {
    crate::validate::Options {
        policy: policy(),
        ..Default::default()
    }
}

/// How `build` and `lint` print findings.
#[derive(Args, Debug, Clone)]
pub(super) struct FormatArgs {
    /// How to print findings: human (with the source), gcc (alias short: one
    /// line each, `file:line:col: severity[code]: message`), json, github
    /// (workflow annotations), sarif.
    #[arg(long, value_enum, default_value_t = crate::lint::Format::Human)]
    pub(super) format: crate::lint::Format,
    /// github: annotate the first N errors and the first N warnings (GitHub
    /// shows 10 of each per step); the others are listed as plain lines.
    #[arg(long, value_name = "N", default_value_t = 10)]
    annotations: usize,
    /// sarif: the directory artifact URIs are relative to (SRCROOT in
    /// `originalUriBaseIds`); the current directory by default.
    #[arg(long, value_name = "DIR")]
    sarif_base: Option<PathBuf>,
}

impl FormatArgs {
    /// How to render findings for `stream`.
    pub(super) fn options(
        &self,
        stream: &impl std::io::IsTerminal,
    ) -> crate::lint::format::RenderOptions {
        let cwd = std::env::current_dir().unwrap_or_default();
        crate::lint::format::RenderOptions {
            style: style(stream),
            annotations: self.annotations,
            sarif_base: Some(match &self.sarif_base {
                Some(b) => std::fs::canonicalize(b).unwrap_or_else(|_| cwd.join(b)),
                None => cwd,
            }),
        }
    }
}

/// Prints one file's findings in `format` through `print` (standard error,
/// or dot comments), warnings left out when quiet.
pub(super) fn print_findings(
    format: &FormatArgs,
    sources: Sources,
    path: String,
    findings: Vec<crate::diag::Finding>,
    print: impl Fn(&str),
) {
    let findings: Vec<_> = findings
        .into_iter()
        .filter(|f| !quiet() || f.severity == crate::validate::Severity::Error)
        .collect();
    if findings.is_empty() && format.format != crate::lint::Format::Sarif {
        return;
    }
    let linted = [crate::lint::Linted {
        path,
        sources,
        findings,
    }];
    let options = format.options(&std::io::stderr());
    print(&crate::lint::format::render_with(
        &linted,
        format.format,
        &options,
    ));
}
