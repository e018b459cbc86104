//! Shared helpers for the integration tests: run the real `tplg` binary and
//! compare with expected files (bless with `TPLG_BLESS=1`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn tplg() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tplg"));
    // Diagnostics render plain when stderr is not a terminal; make sure no
    // colour setting of the caller leaks in.
    c.env("NO_COLOR", "1");
    c
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn blessing() -> bool {
    std::env::var_os("TPLG_BLESS").is_some()
}

/// Compares `actual` with the file at `expected`, or writes it when blessing.
/// Returns a description of the difference.
pub fn compare(expected: &Path, actual: &str) -> Result<(), String> {
    if blessing() {
        std::fs::write(expected, actual).unwrap();
        return Ok(());
    }
    let want = std::fs::read_to_string(expected)
        .map_err(|e| format!("{}: {e} (bless with TPLG_BLESS=1)", expected.display()))?;
    if want == actual {
        return Ok(());
    }
    let line = want
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(want.lines().count().min(actual.lines().count()));
    Err(format!(
        "{} differs from line {}:\n--- expected\n{}\n--- actual\n{}",
        expected.display(),
        line + 1,
        want.lines()
            .skip(line)
            .take(6)
            .collect::<Vec<_>>()
            .join("\n"),
        actual
            .lines()
            .skip(line)
            .take(6)
            .collect::<Vec<_>>()
            .join("\n"),
    ))
}

pub fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

pub fn describe(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        text(&o.stdout),
        text(&o.stderr)
    )
}

/// Whether a tool is on PATH; says so on stderr when it is not, so a
/// skipped check is visible in the test log.
pub fn have(tool: &str, why: &str) -> bool {
    let found = Command::new(tool).arg("--version").output().is_ok();
    if !found {
        eprintln!("SKIPPED: `{tool}` is not installed, so {why} is not checked (CI installs it)");
    }
    found
}
pub mod doctest;
