//! `tplg lint`: check a tree of topologies, for CI.
//!
//! Files are found with walkdir (symlinks followed, loops skipped), linted in
//! parallel with rayon, and reported together in the format CI wants. The
//! exit code follows the worst finding: 0 clean, 1 findings, 2 usage or I/O.

pub(crate) mod format;

use crate::eval::Options;
use crate::eval::Session;
use crate::source::{Origin, Sources};
use crate::validate::{self, Finding, Severity};
pub(crate) use format::{Format, Linted};
use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What files `tplg lint` reads (a `.tplg` is decoded first).
pub(crate) const EXTENSIONS: &[&str] = &["topo", "conf", "tplg"];

/// Why the files to lint cannot be found.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error("`{}` does not exist", .0.display())]
    Missing(PathBuf),
    #[error("--exclude {pattern}: {error}")]
    Exclude {
        pattern: String,
        error: globset::Error,
    },
    #[error("{0}")]
    Globs(globset::Error),
}

/// Finds the files to lint under `paths`. Problems walking (unreadable
/// directories, symlink loops) are returned beside the files found.
pub fn collect(
    paths: &[PathBuf],
    exclude: &[String],
) -> Result<(Vec<PathBuf>, Vec<String>), CollectError> {
    let excludes = globs(exclude)?;
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for root in paths {
        if root.is_file() || crate::source::is_stdin(root) {
            files.push(root.clone());
            continue;
        }
        if !root.exists() {
            return Err(CollectError::Missing(root.clone()));
        }
        let walk = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        let walk = walk.filter_entry(|e| e.depth() == 0 || !excluded(&excludes, e.path()));
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let p = e.path();
                    if p.extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| EXTENSIONS.contains(&x))
                        && !excluded(&excludes, p)
                    {
                        files.push(p.to_path_buf());
                    }
                }
                Ok(_) => {}
                Err(e) => match e.loop_ancestor() {
                    Some(a) => problems.push(format!(
                        "skipped `{}`: a symlink back to `{}`",
                        e.path()
                            .map_or_else(String::new, |p| p.display().to_string()),
                        a.display()
                    )),
                    None => problems.push(format!("skipped: {e}")),
                },
            }
        }
    }
    files.sort();
    files.dedup();
    Ok((files, problems))
}

fn globs(patterns: &[String]) -> Result<GlobSet, CollectError> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p).map_err(|error| CollectError::Exclude {
            pattern: p.clone(),
            error,
        })?);
    }
    b.build().map_err(CollectError::Globs)
}

/// A path is excluded when a glob matches it whole or matches its last
/// components (`development/*` excludes `tools/topology/development/x.topo`,
/// `*.conf` any `.conf`), as a `.gitignore` pattern would.
fn excluded(set: &GlobSet, path: &Path) -> bool {
    let stripped = path.strip_prefix("./").unwrap_or(path);
    if set.is_match(stripped) {
        return true;
    }
    let parts: Vec<_> = stripped.components().collect();
    (1..parts.len()).any(|from| set.is_match(parts[from..].iter().collect::<PathBuf>()))
}

fn lint_file_with(
    session: &Session,
    path: &Path,
    opts: &Options,
    checks: &validate::Options,
) -> Linted {
    let mut sources = Sources::new();
    let name = crate::source::display_name(path);
    let text = match crate::source::read_text(path) {
        Ok(t) => t,
        Err(crate::source::ReadError::BinaryTopology) => return lint_binary(path),
        Err(e) => {
            // reported on the file, in the run's format, as any finding
            let id = sources.add(
                name.clone(),
                Origin::Disk(path.to_path_buf()),
                String::new(),
            );
            let mut f = Finding::error(
                e.code(),
                crate::source::Span::new(id, 0, 0),
                format!("cannot read `{name}`: {e}"),
            );
            if let Some(h) = e.help() {
                f = f.help(h);
            }
            return Linted {
                path: name,
                sources,
                findings: vec![f],
            };
        }
    };
    let origin = Origin::Disk(path.to_path_buf());
    lint_text_with(session, name, origin, text, opts, checks)
}

/// Lints a binary topology: its blocks decoded to alsaconf text (a source
/// named `FILE (decoded)`), checked as any alsaconf is; a malformed one is
/// one error, at the byte where it goes wrong.
fn lint_binary(path: &Path) -> Linted {
    let mut sources = Sources::new();
    let name = path.display().to_string();
    let decoded = crate::source::read_bytes(path)
        .map_err(|e| format!("cannot read `{name}`: {e}"))
        .and_then(|b| crate::binary::decode(&b).map_err(|e| format!("{name}: {e}")));
    match decoded {
        Ok((text, _)) => {
            let id = sources.add(format!("{name} (decoded)"), Origin::Synthetic, text);
            let findings = validate::validate_file(&sources, id, &validate::Options::default());
            Linted {
                path: name,
                sources,
                findings,
            }
        }
        Err(message) => {
            let id = sources.add(
                name.clone(),
                Origin::Disk(path.to_path_buf()),
                String::new(),
            );
            let f = Finding::error(
                "tplg::binary::malformed",
                crate::source::Span::new(id, 0, 0),
                message,
            );
            Linted {
                path: name,
                sources,
                findings: vec![f],
            }
        }
    }
}

/// Lints one text: alsaconf (a name ending in `.conf`) is checked as it
/// is; a `.topo` source is built first, then what it expands to is checked.
pub(crate) fn lint_text(
    session: &Session,
    name: String,
    origin: Origin,
    text: String,
    opts: &Options,
) -> Linted {
    lint_text_with(
        session,
        name,
        origin,
        text,
        opts,
        &validate::Options::default(),
    )
}

fn lint_text_with(
    session: &Session,
    name: String,
    origin: Origin,
    text: String,
    opts: &Options,
    checks: &validate::Options,
) -> Linted {
    let mut sources = Sources::new();
    let id = sources.add(name.clone(), origin, text);
    if name.ends_with(".conf") {
        let mut findings = validate::validate_file(&sources, id, checks);
        crate::driver::decide_conf(&sources, id, &checks.policy, &mut findings);
        return Linted {
            path: name,
            sources,
            findings,
        };
    }
    let findings = match crate::driver::build(session, &mut sources, id, opts, checks, &mut |_| {})
    {
        Ok(built) => built.findings().cloned().collect(),
        Err(e) => vec![e.to_finding()],
    };
    Linted {
        path: name,
        sources,
        findings,
    }
}

/// The outcome of a lint run.
pub struct Report {
    pub files: Vec<Linted>,
    pub problems: Vec<String>,
}

impl Report {
    pub(crate) fn count(&self, severity: Severity) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.findings)
            .filter(|x| x.severity == severity)
            .count()
    }
}

/// Lints every file, in parallel, with one session (each library template
/// is compiled once). I/O errors on a file, and a library that cannot be
/// loaded, are problems, not findings.
pub fn lint(files: &[PathBuf], opts: &Options) -> Report {
    lint_with(files, opts, &validate::Options::default())
}

/// [`lint`] with the checks' options (the run's `--allow` and `--deny`).
/// One build of a source to lint with its own `-D` set: a variant of a
/// tree (SOF's CMake `TPLGS` lines), which is how its `.topo` files are
/// built, so fragments are checked through the files that include them.
pub(crate) struct LintVariant {
    /// The `.topo` the variant builds.
    pub input: PathBuf,
    /// The options of that build (the run's, with the variant's `-D`s).
    pub opts: Options,
}

/// Lints each variant: its input built with its own options (one library
/// for all: they share the run's -I directories).
pub(crate) fn lint_variants(variants: &[LintVariant], checks: &validate::Options) -> Report {
    match variants.first() {
        Some(first) => lint_jobs(
            &first.opts.include_dirs,
            variants
                .iter()
                .map(|v| (v.input.as_path(), &v.opts))
                .collect(),
            checks,
        ),
        None => Report {
            files: Vec::new(),
            problems: Vec::new(),
        },
    }
}

pub(crate) fn lint_with(files: &[PathBuf], opts: &Options, checks: &validate::Options) -> Report {
    let jobs = files.iter().map(|f| (f.as_path(), opts)).collect();
    lint_jobs(&opts.include_dirs, jobs, checks)
}

/// Lints each file with its options, in parallel, in one library session.
fn lint_jobs(
    include_dirs: &[PathBuf],
    jobs: Vec<(&Path, &Options)>,
    checks: &validate::Options,
) -> Report {
    let mut report = Report {
        files: Vec::new(),
        problems: Vec::new(),
    };
    let session = match Session::new(include_dirs) {
        Ok(s) => s,
        Err(e) => {
            report
                .problems
                .push(format!("cannot load the library: {e}"));
            return report;
        }
    };
    report.files = jobs
        .par_iter()
        .map(|(p, opts)| lint_file_with(&session, p, opts, checks))
        .collect();
    report
}
