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
/// reader never sees half a topology; or to standard output. The same as
/// [`stage_output`] and then [`Staged::commit`] at once.
pub(crate) fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<(), OutputError> {
    stage_output(path, bytes).commit(bytes)
}

/// An output on its way: written to disk where it can be without being in
/// place yet, and put in place by [`Staged::commit`]. Dropped instead
/// (a build whose checks fail), it leaves the output as it was and no
/// file behind.
///
/// `tplg build` stages a conf before it reads it back and checks it, so
/// that the disk writes the new file while the checks run; it commits once
/// they pass.
pub(crate) struct Staged {
    how: How,
}

enum How {
    /// Nothing done yet: standard output, a device or pipe written in
    /// place, or a file whose staging failed (the commit then does it all,
    /// and reports what fails).
    Later(Option<PathBuf>),
    /// The file already holds the bytes, open for its time to be set.
    Kept(std::fs::File, PathBuf),
    /// A new file with the bytes, to be renamed over `PathBuf`.
    New(tempfile::NamedTempFile, PathBuf),
}

/// Stages `bytes` for `path` (standard output when `None`).
///
/// A file that already holds exactly `bytes` is left as it is, but for its
/// modification time, set to now at the commit (as a rewrite would, so
/// that make sees the output newer than what it was built from): a rebuild
/// whose outputs do not change (most variants, after an edit to one
/// fragment) then creates and deletes no files. A new file and its rename
/// cost a disk far more than reading back a topology: ext4 looks past
/// every inode deleted in the last minutes for each new one.
///
/// Otherwise the bytes go to a new temporary file beside `path`, and the
/// disk is asked to start writing them out at once (`sync_file_range`,
/// without waiting): ext4 would otherwise hold them unallocated until the
/// rename over an existing file, which then allocates them and starts the
/// write itself (`auto_da_alloc`, so that a crash leaves the old file or
/// the new one, never an empty one), and the removal of the old file
/// waits behind that write.
pub(crate) fn stage_output(path: Option<&Path>, bytes: &[u8]) -> Staged {
    let later = |path: Option<&Path>| Staged {
        how: How::Later(path.map(Path::to_path_buf)),
    };
    let Some(path) = path else {
        return later(None);
    };
    // Devices and pipes (`-o /dev/null`) are written in place, at the
    // commit: renaming a file over them would replace the device with that
    // file. A symlink keeps pointing where it did: the file it names is
    // replaced. (One `lstat` for the usual case, a new or a plain file: a
    // build of many variants writes hundreds.)
    let (path, existing) = resolve(path);
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        return later(Some(&path));
    }
    if existing
        .as_ref()
        .is_some_and(|m| m.len() == bytes.len() as u64)
    {
        if let Some(f) = holding(&path, bytes) {
            return Staged {
                how: How::Kept(f, path),
            };
        }
    }
    match write_new(&path, existing.as_ref(), bytes) {
        Ok(tmp) => Staged {
            how: How::New(tmp, path),
        },
        Err(_) => later(Some(&path)),
    }
}

impl Staged {
    /// Puts the output in place: `bytes` must be what it was staged with.
    pub(crate) fn commit(self, bytes: &[u8]) -> Result<(), OutputError> {
        match self.how {
            How::Kept(f, path) => {
                if f.set_modified(std::time::SystemTime::now()).is_ok() {
                    return Ok(());
                }
                // Its time not ours to set after all: written anew.
                drop(f);
                write_now(Some(&path), bytes)
            }
            How::New(tmp, path) => put(tmp, path),
            How::Later(path) => write_now(path.as_deref(), bytes),
        }
    }
}

/// The file `path` names, a symlink followed, and what it is, if it exists.
fn resolve(path: &Path) -> (PathBuf, Option<std::fs::Metadata>) {
    match std::fs::symlink_metadata(path).ok() {
        Some(m) if m.file_type().is_symlink() => {
            let resolved = std::fs::canonicalize(path).ok();
            let existing = std::fs::metadata(path).ok();
            (resolved.unwrap_or_else(|| path.to_path_buf()), existing)
        }
        m => (path.to_path_buf(), m),
    }
}

/// A new temporary file beside `path` holding `bytes`, its writing to disk
/// started, with the mode of the file it will replace (`existing`).
fn write_new(
    path: &Path,
    existing: Option<&std::fs::Metadata>,
    bytes: &[u8],
) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    // An output is an ordinary file (0644), or keeps the mode of the file
    // it replaces; its new file is made so (not private, 0600, and then
    // changed: one more write of its inode).
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        let mode = existing.map_or(0o644, |m| m.permissions().mode() & 0o777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
        mode
    };
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    start_writing(tmp.as_file());
    // The umask may have taken bits of that mode: given back.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let made = tmp
            .as_file()
            .metadata()
            .map(|m| m.permissions().mode() & 0o777);
        if made.map_or(true, |m| m != mode) {
            let _ = tmp
                .as_file()
                .set_permissions(std::fs::Permissions::from_mode(mode));
        }
    }
    #[cfg(not(unix))]
    let _ = existing;
    Ok(tmp)
}

/// Writes `bytes` to `path` (standard output when `None`) now, reporting
/// what fails: a device or pipe in place, a file through a new one.
fn write_now(path: Option<&Path>, bytes: &[u8]) -> Result<(), OutputError> {
    let Some(path) = path else {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(bytes)
            .and_then(|()| out.flush())
            .map_err(OutputError::Stdout);
    };
    let (path, existing) = resolve(path);
    let cannot = |error: std::io::Error| OutputError::Write {
        path: path.clone(),
        error,
    };
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .map_err(cannot)?;
        return f.write_all(bytes).map_err(cannot);
    }
    let tmp = write_new(&path, existing.as_ref(), bytes).map_err(cannot)?;
    put(tmp, path)
}

/// Renames the new file `tmp` over `path`.
fn put(tmp: tempfile::NamedTempFile, path: PathBuf) -> Result<(), OutputError> {
    tmp.persist(&path)
        .map(drop)
        .map_err(|e| OutputError::Write {
            path,
            error: e.error,
        })
}

/// Asks the disk to start writing `file` out, without waiting for it.
fn start_writing(file: &std::fs::File) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: an open descriptor; the call only starts writeback of
        // its dirty pages (offset 0, length 0: all of them).
        unsafe {
            libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = file;
}

/// The file at `path`, open for its time to be set, when it holds exactly
/// `bytes` (its length already checked). Anything that fails (no write
/// permission, a read error, a file that changes meanwhile) answers
/// `None`, and the output is written as a new file.
fn holding(path: &Path, bytes: &[u8]) -> Option<std::fs::File> {
    use std::io::Read;
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .ok()?;
    let mut buf = [0u8; 16 << 10];
    let mut at = 0;
    loop {
        match f.read(&mut buf) {
            Ok(0) => break,
            Ok(n) if bytes.get(at..at + n) == Some(&buf[..n]) => at += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Ok(_) | Err(_) => return None,
        }
    }
    (at == bytes.len()).then_some(f)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;
    use std::time::{Duration, SystemTime};

    /// A file with `text`, its modification time an hour back.
    fn old_file(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join("out.conf");
        std::fs::write(&path, text).unwrap();
        let f = std::fs::File::options().write(true).open(&path).unwrap();
        f.set_modified(SystemTime::now() - Duration::from_secs(3600))
            .unwrap();
        path
    }

    #[test]
    fn an_unchanged_output_keeps_its_file_and_gets_a_new_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = old_file(dir.path(), "Section {}\n");
        let before = std::fs::metadata(&path).unwrap();
        write_output(Some(&path), b"Section {}\n").unwrap();
        let after = std::fs::metadata(&path).unwrap();
        assert_eq!(before.ino(), after.ino(), "the file was replaced");
        assert!(after.modified().unwrap() > before.modified().unwrap() + Duration::from_secs(3000));
        assert_eq!(std::fs::read(&path).unwrap(), b"Section {}\n");
    }

    #[test]
    fn a_changed_output_of_the_same_length_is_a_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = old_file(dir.path(), "Section {a}\n");
        let before = std::fs::metadata(&path).unwrap();
        write_output(Some(&path), b"Section {b}\n").unwrap();
        let after = std::fs::metadata(&path).unwrap();
        assert_ne!(before.ino(), after.ino(), "the file was written in place");
        assert_eq!(std::fs::read(&path).unwrap(), b"Section {b}\n");
        // nothing else is left in the directory (no temporary file)
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_longer_output_with_the_old_one_as_its_start_is_written_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = old_file(dir.path(), "abc");
        write_output(Some(&path), b"abcdef").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"abcdef");
        assert!(holding(&path, b"abcdefg").is_none());
        assert!(holding(&path, b"abcdeg").is_none());
        assert!(holding(&path, b"abcdef").is_some());
    }

    #[test]
    fn a_large_unchanged_output_is_compared_to_its_end() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = "x".repeat(100_000);
        let path = old_file(dir.path(), &text);
        text.replace_range(99_990..99_991, "y");
        assert!(
            holding(&path, text.as_bytes()).is_none(),
            "a difference past the first reads"
        );
        text.replace_range(99_990..99_991, "x");
        assert!(holding(&path, text.as_bytes()).is_some());
    }

    #[test]
    fn a_staged_output_is_in_place_only_once_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = old_file(dir.path(), "old\n");
        let staged = stage_output(Some(&path), b"new text\n");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"old\n",
            "staging replaced it"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no staged file beside it"
        );
        staged.commit(b"new text\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new text\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_staged_output_dropped_leaves_the_old_one_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = old_file(dir.path(), "old\n");
        let before = std::fs::metadata(&path).unwrap();
        drop(stage_output(Some(&path), b"new text\n"));
        drop(stage_output(Some(&path), b"old\n"));
        let after = std::fs::metadata(&path).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"old\n");
        assert_eq!(
            before.modified().unwrap(),
            after.modified().unwrap(),
            "its time was set"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_unchanged_output_staged_gets_its_new_time_at_the_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = old_file(dir.path(), "same\n");
        let before = std::fs::metadata(&path).unwrap();
        let staged = stage_output(Some(&path), b"same\n");
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            before.modified().unwrap()
        );
        staged.commit(b"same\n").unwrap();
        let after = std::fs::metadata(&path).unwrap();
        assert_eq!(before.ino(), after.ino());
        assert!(after.modified().unwrap() > before.modified().unwrap() + Duration::from_secs(3000));
    }

    #[test]
    fn a_staged_output_to_a_directory_that_is_not_there_fails_at_the_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("out.conf");
        let staged = stage_output(Some(&path), b"x");
        let e = staged.commit(b"x").unwrap_err();
        assert!(matches!(e, OutputError::Write { .. }), "{e}");
        assert!(e.to_string().contains("out.conf"), "{e}");
    }

    #[test]
    fn a_new_output_is_an_ordinary_file_and_a_replaced_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let new = dir.path().join("new.conf");
        write_output(Some(&new), b"x\n").unwrap();
        assert_eq!(mode(&new), 0o644);
        // 0664 and 0606 have bits a usual umask (022) takes away: given back
        for want in [0o600, 0o640, 0o664, 0o606] {
            let path = old_file(dir.path(), "old\n");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(want)).unwrap();
            write_output(Some(&path), b"new\n").unwrap();
            assert_eq!(std::fs::read(&path).unwrap(), b"new\n");
            assert_eq!(mode(&path), want, "{want:o}");
        }
    }
}
