//! `tplg compile`: alsaconf text (ours or SOF's M4 output) to the binary
//! `.tplg`, as `alsatplg -c` writes it, without alsatplg.

use super::*;

#[derive(Args, Debug)]
pub(super) struct ConfCompileArgs {
    /// The alsaconf topology (.conf).
    file: PathBuf,
    /// Write the binary here (atomically: whole or not at all); standard
    /// output when not given.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Fail (exit 1, nothing written) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

pub(super) fn compile(a: ConfCompileArgs) -> i32 {
    if let Err(e) = not_an_input(a.output.as_deref(), &a.file) {
        return usage(&e);
    }
    let mut sources = Sources::new();
    let file = match load(&mut sources, &a.file) {
        Ok(id) => id,
        Err(e) => return usage(&e),
    };
    match compile_conf(&sources, file, a.deny_warnings) {
        Ok(bytes) => write_binary(a.output.as_deref(), &bytes),
        Err(code) => code,
    }
}

/// Compiles the alsaconf `file` to the binary, printing every finding; the
/// exit code when there is an error (or a warning, with `deny_warnings`).
pub(super) fn compile_conf(
    sources: &Sources,
    file: FileId,
    deny_warnings: bool,
) -> Result<Vec<u8>, i32> {
    let conf = crate::conf::parse_merged(sources, file).map_err(|e| {
        eprint!("{}", render(&e));
        EXIT_ERRORS
    })?;
    let out = crate::binary::compile(&conf);
    for f in &out.findings {
        eprint!("{}", render(&f.report(sources)));
    }
    let failed = out
        .findings
        .iter()
        .filter(|f| f.severity == crate::diag::Severity::Error || deny_warnings)
        .count();
    match out.bytes {
        Some(bytes) if failed == 0 => Ok(bytes),
        _ => {
            eprintln!(
                "error: {} found; nothing written",
                plural(failed.max(1), "problem")
            );
            Err(EXIT_ERRORS)
        }
    }
}

/// Writes a binary topology; refuses a terminal on standard output.
pub(super) fn write_binary(output: Option<&Path>, bytes: &[u8]) -> i32 {
    use std::io::IsTerminal;
    if output.is_none() && std::io::stdout().is_terminal() {
        return usage("a binary topology is not for a terminal: give -o FILE.tplg or redirect");
    }
    match write_output(output, bytes) {
        Ok(()) => EXIT_OK,
        Err(e) => usage(&e),
    }
}
