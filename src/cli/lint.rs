//! `tplg lint`: check files and trees for CI, in the human, gcc, GitHub or
//! SARIF format.

use super::*;

#[derive(Args, Debug)]
pub(super) struct LintArgs {
    /// Files or directories (walked for .topo and .conf files).
    #[arg(required_unless_present_any = ["list_checks", "variants"], value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Build each variant FILE lists (`input;output;-DNAME=VALUE…` a line,
    /// as for `tplg build --variants`) with its own -D set, and check it: a
    /// tree's `.topo` files are checked as they are built, fragments through
    /// the files that include them. `.topo` files of PATHs are then left to
    /// the variants; their `.conf` files are checked as usual.
    #[arg(long, value_name = "FILE")]
    variants: Option<PathBuf>,
    /// Print the code and summary of every check, then exit (with
    /// `--format json`: code, summary, help and docs anchor of each).
    #[arg(long)]
    list_checks: bool,
    /// Skip paths matching this glob (the whole path, or its last components:
    /// `development/*`, `*.conf`); repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    #[command(flatten)]
    report: super::report::FormatArgs,
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
        let checks = crate::validate::checks::ALL;
        if a.report.format == Format::Json {
            let list: Vec<_> = checks
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "code": c.code, "summary": c.summary, "help": c.help,
                        "doc": format!("docs/checks.md#{}", c.anchor()),
                    })
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&list).expect("serializes")
            );
        } else {
            for c in checks {
                println!("{:<36} {}", c.code, c.summary);
            }
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
    let mut report = match a.variants.as_deref() {
        None => lint::lint_with(&files, &opts, &super::report::checks()),
        Some(list) => {
            let variants = match lint_variants_of(list, &a.library) {
                Ok(v) => v,
                Err(code) => return code,
            };
            let confs: Vec<PathBuf> = files
                .into_iter()
                .filter(|f| f.extension().is_some_and(|x| x != "topo"))
                .collect();
            let mut r = lint::lint_variants(&variants, &super::report::checks());
            let more = lint::lint_with(&confs, &opts, &super::report::checks());
            r.files.extend(more.files);
            r.problems.extend(more.problems);
            r
        }
    };
    let format = a.report.format;
    // counted before --quiet leaves warnings out of the output
    let (errors, warnings) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
    );
    if super::report::quiet() {
        for f in &mut report.files {
            f.findings.retain(|x| x.severity == Severity::Error);
        }
    }
    let options = a.report.options(&std::io::stdout());
    print!(
        "{}",
        lint::format::render_with(&report.files, format, &options)
    );
    for p in &walk_problems {
        eprintln!("warning: {p}");
    }
    // what stops the run (the library does not load)
    for p in &report.problems {
        eprintln!("error: {p}");
    }
    if format == Format::Human && !super::report::quiet() {
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

/// The variants FILE lists, each with the run's options and its own `-D`s
/// (after the command line's, as SOF's CMake passes them).
fn lint_variants_of(
    list: &Path,
    library: &LibraryArgs,
) -> Result<Vec<crate::lint::LintVariant>, i32> {
    let text = crate::source::read_text(list).map_err(|e| usage(e.describe(list)))?;
    let variants = super::variants::parse_variants(list, &text).map_err(|problems| {
        for p in &problems {
            eprintln!("error: {p}");
        }
        EXIT_USAGE
    })?;
    variants
        .into_iter()
        .map(|v| {
            let mut args = LibraryArgs {
                defines: library.defines.clone(),
                include_dirs: library.include_dirs.clone(),
                abi: library.abi,
            };
            args.defines.extend(v.defines);
            let opts = options(&args).map_err(|e| usage(format!("{}: {e}", v.at)))?;
            Ok(crate::lint::LintVariant {
                input: v.input,
                opts,
            })
        })
        .collect()
}
