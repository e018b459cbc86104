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

#[derive(Args, Debug)]
pub(super) struct DecodeArgs {
    /// The binary topology (.tplg).
    file: PathBuf,
    /// Write the alsaconf text here (atomically); standard output when not
    /// given.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

pub(super) fn decode(a: DecodeArgs) -> i32 {
    if let Err(e) = not_an_input(a.output.as_deref(), &a.file) {
        return usage(&e);
    }
    let text = match decode_file(&a.file) {
        Ok(t) => t,
        Err(code) => return code,
    };
    match write_output(a.output.as_deref(), text.as_bytes()) {
        Ok(()) => EXIT_OK,
        Err(e) => usage(&e),
    }
}

/// The alsaconf text of a binary topology file, notes on what it cannot
/// give back printed; the exit code when the file cannot be read (2) or is
/// malformed (1).
pub(super) fn decode_file(path: &Path) -> Result<String, i32> {
    let bytes = crate::source::read_bytes(path).map_err(|e| usage(&e.describe(path)))?;
    decode_bytes(path, &bytes)
}

fn decode_bytes(path: &Path, bytes: &[u8]) -> Result<String, i32> {
    match crate::binary::decode(bytes) {
        Ok((text, notes)) => {
            for n in notes {
                eprintln!(
                    "warning: {} at byte {}: {}; the decoded text does not give it back",
                    path.display(),
                    n.offset,
                    n.message
                );
            }
            Ok(text)
        }
        Err(e) => {
            eprint!("{}", render(&e));
            eprintln!("error: cannot read `{}`", path.display());
            Err(EXIT_ERRORS)
        }
    }
}

/// Loads a topology for `graph` and `info`: a binary one (by its header
/// magic, whatever its name) is decoded to alsaconf text, a source named
/// `FILE (decoded)`; returns the source and whether it is alsaconf.
pub(super) fn load_any(sources: &mut Sources, path: &Path) -> Result<(FileId, bool), i32> {
    let bytes = crate::source::read_bytes(path).map_err(|e| usage(&e.describe(path)))?;
    if crate::binary::is_binary(&bytes) {
        let text = decode_bytes(path, &bytes)?;
        let name = format!("{} (decoded)", path.display());
        return Ok((sources.add(name, Origin::Synthetic, text), true));
    }
    let id = load(sources, path).map_err(|e| usage(&e))?;
    Ok((id, path.extension().is_some_and(|x| x == "conf")))
}
