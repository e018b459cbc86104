//! `tplg lint`: check files and trees for CI, in the human, gcc, GitHub or
//! SARIF format.

use super::*;

#[derive(Args, Debug)]
pub(super) struct LintArgs {
    /// Files or directories (walked for .topo and .conf files).
    #[arg(required_unless_present = "list_checks", value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Print the code and summary of every check, then exit.
    #[arg(long)]
    list_checks: bool,
    /// Skip paths matching this glob (the whole path, or its last components:
    /// `development/*`, `*.conf`); repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// How to report findings.
    #[arg(long, value_enum, default_value_t = crate::lint::Format::Human)]
    format: crate::lint::Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    #[command(flatten)]
    library: LibraryArgs,
}

pub(super) fn lint(a: LintArgs) -> i32 {
    use crate::lint::{self, Format};
    use crate::validate::Severity;
    if a.list_checks {
        for c in crate::validate::checks::ALL {
            println!("{:<36} {}", c.code, c.summary);
        }
        return EXIT_OK;
    }
    let opts = match options(&a.library) {
        Ok(o) => o,
        Err(e) => return usage(&e),
    };
    let (files, walk_problems) = match lint::collect(&a.paths, &a.exclude) {
        Ok(f) => f,
        Err(e) => return usage(&e),
    };
    let report = lint::lint(&files, &opts);
    print!(
        "{}",
        lint::format::render(
            &report.files,
            a.format,
            crate::diag::Style::for_stream(&std::io::stdout())
        )
    );
    for p in &walk_problems {
        eprintln!("warning: {p}");
    }
    // what stops the run (the library does not load)
    for p in &report.problems {
        eprintln!("error: {p}");
    }
    let (errors, warnings) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
    );
    if a.format == Format::Human {
        eprintln!(
            "{} files, {errors} errors, {warnings} warnings",
            report.files.len()
        );
    }
    if !report.problems.is_empty() {
        EXIT_USAGE
    } else if errors > 0 || (a.deny_warnings && warnings > 0) {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}
