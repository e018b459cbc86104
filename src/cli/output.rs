//! Where outputs go: never onto an input (same file, symlink, other spelling)
//! or into the input tree, and always whole or not at all.

use super::*;

/// Why an output is not written.
#[derive(Debug, thiserror::Error)]
pub(crate) enum OutputError {
    #[error("the output `{}` is the input `{}`: writing it would replace the input; choose another {option}", output.display(), input.display())]
    IsInput {
        output: PathBuf,
        input: PathBuf,
        /// The option that named it: `-o`, `--depfile`.
        option: &'static str,
    },
    #[error("the output directory `{}` is the tree being converted: choose another -o", .0.display())]
    IsTree(PathBuf),
    #[error("the output directory `{}` is inside the tree being converted and not empty: choose an empty or outside -o", .0.display())]
    InsideTree(PathBuf),
    #[error("--emit-expanded `{}` is the input `{}`: writing it would replace the input; choose another file", path.display(), input.display())]
    ExpandedIsInput { path: PathBuf, input: PathBuf },
    #[error("--emit-expanded `{}` is also the output (-o): give them different files", .0.display())]
    ExpandedIsOutput(PathBuf),
    #[error("--emit-expanded `{}` is `{read}`, which the build reads: writing it would replace it; choose another file", path.display())]
    ExpandedIsRead { path: PathBuf, read: String },
    #[error("cannot write output: {0}")]
    Stdout(std::io::Error),
    #[error("cannot write `{}`: {error}", path.display())]
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
}

/// Refuses an output (named by `option`) that is the input file (the same
/// path, another spelling, a symlink or a hard link to it): the input
/// would be lost.
pub(super) fn not_an_input(
    output: Option<&Path>,
    input: &Path,
    option: &'static str,
) -> Result<(), OutputError> {
    let Some(output) = output else {
        return Ok(());
    };
    if same_file(output, input) {
        return Err(OutputError::IsInput {
            output: output.to_path_buf(),
            input: input.to_path_buf(),
            option,
        });
    }
    Ok(())
}

/// Whether `a` and `b` name the same existing file.
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
        false
    }
    #[cfg(not(unix))]
    {
        matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
    }
}

/// Refuses an output directory that is the input tree, or a directory
/// inside it that already holds files: converted files would mix with (or
/// replace) the tree's own.
pub(super) fn not_inside_input(out_dir: &Path, root: &Path) -> Result<(), OutputError> {
    let (Ok(root_c), Some(out_c)) = (std::fs::canonicalize(root), canonical_dir(out_dir)) else {
        return Ok(());
    };
    if out_c == root_c {
        return Err(OutputError::IsTree(out_dir.to_path_buf()));
    }
    let empty = std::fs::read_dir(&out_c).map_or(true, |mut d| d.next().is_none());
    if out_c.starts_with(&root_c) && !empty {
        return Err(OutputError::InsideTree(out_dir.to_path_buf()));
    }
    Ok(())
}

/// A directory's canonical path; for one that does not exist yet, its
/// nearest existing ancestor's, with the rest appended.
pub(super) fn canonical_dir(dir: &Path) -> Option<PathBuf> {
    let mut rest = Vec::new();
    let mut cur = dir.to_path_buf();
    loop {
        if let Ok(c) = std::fs::canonicalize(&cur) {
            return Some(
                rest.iter()
                    .rev()
                    .fold(c, |p, r: &std::ffi::OsString| p.join(r)),
            );
        }
        rest.push(cur.file_name()?.to_os_string());
        cur = match cur.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
    }
}

/// Writes to `path` through a temporary file in the same directory, so a
/// reader never sees half a topology; or to standard output.
pub(crate) fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<(), OutputError> {
    let Some(path) = path else {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(bytes)
            .and_then(|()| out.flush())
            .map_err(OutputError::Stdout);
    };
    let cannot = |error: std::io::Error| OutputError::Write {
        path: path.to_path_buf(),
        error,
    };
    // Devices and pipes (`-o /dev/null`) are written in place: renaming a
    // file over them would replace the device with that file. A symlink
    // keeps pointing where it did: the file it names is replaced. (One
    // `lstat` for the usual case, a new or a plain file: a build of many
    // variants writes hundreds.)
    let here = std::fs::symlink_metadata(path).ok();
    let (path, existing) = match here {
        Some(m) if m.file_type().is_symlink() => {
            let resolved = std::fs::canonicalize(path).ok();
            let existing = std::fs::metadata(path).ok();
            (resolved.unwrap_or_else(|| path.to_path_buf()), existing)
        }
        m => (path.to_path_buf(), m),
    };
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .map_err(cannot)?;
        return f.write_all(bytes).map_err(cannot);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(cannot)?;
    tmp.write_all(bytes).map_err(cannot)?;
    // A temporary file is private (0600); an output is an ordinary file,
    // or keeps the mode of the file it replaces.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = existing.map_or(0o644, |m| m.permissions().mode() & 0o777);
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode));
    }
    tmp.persist(&path).map_err(|e| OutputError::Write {
        path: path.clone(),
        error: e.error,
    })?;
    Ok(())
}
