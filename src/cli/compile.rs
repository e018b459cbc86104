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
    if let Err(e) = not_an_input(a.output.as_deref(), &a.file, "-o") {
        return usage(&e);
    }
    if a.file.extension().is_some_and(|x| x == "topo") {
        return usage(format!(
            "`{}` is a .topo source: `tplg build {0} -o OUT.tplg` builds it to the binary",
            a.file.display()
        ));
    }
    let mut sources = Sources::new();
    let file = match load(&mut sources, &a.file) {
        Ok(id) => id,
        Err(e) => return usage(&e),
    };
    match compile_conf(&sources, file, a.deny_warnings, true) {
        Ok(bytes) => write_binary(a.output.as_deref(), &bytes),
        Err(code) => code,
    }
}

/// Compiles the alsaconf `file` to the binary, printing its errors (and its
/// warnings, with `warnings`); the exit code when there is an error (or a
/// warning, with `deny_warnings`).
pub(super) fn compile_conf(
    sources: &Sources,
    file: FileId,
    deny_warnings: bool,
    warnings: bool,
) -> Result<Vec<u8>, i32> {
    let conf = crate::conf::parse_merged(sources, file).map_err(|e| {
        eprint!(
            "{}",
            render(&e.to_finding(crate::diag::Severity::Error), sources)
        );
        EXIT_ERRORS
    })?;
    let out = crate::binary::compile(&conf);
    for f in &out.findings {
        if warnings || f.severity == crate::diag::Severity::Error {
            eprint!("{}", render(f, sources));
        }
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
    if let Err(e) = not_an_input(a.output.as_deref(), &a.file, "-o") {
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
    let bytes = crate::source::read_bytes(path).map_err(|e| usage(e.describe(path)))?;
    decode_bytes(path, &bytes)
}

fn decode_bytes(path: &Path, bytes: &[u8]) -> Result<String, i32> {
    match crate::binary::decode(bytes) {
        Ok((text, notes)) => {
            for n in notes {
                eprintln!(
                    "warning: {} at byte {}: {}",
                    path.display(),
                    n.offset,
                    n.message
                );
            }
            Ok(text)
        }
        Err(e) => {
            eprint!("{}", render_unplaced(&e));
            eprintln!("error: cannot read `{}`", path.display());
            Err(EXIT_ERRORS)
        }
    }
}

/// Loads a topology for `graph` and `info`: a binary one (by its header
/// magic, whatever its name) is decoded to alsaconf text, a source named
/// `FILE (decoded)`; returns the source and whether it is alsaconf.
pub(super) fn load_any(sources: &mut Sources, path: &Path) -> Result<(FileId, bool), i32> {
    let bytes = crate::source::read_bytes(path).map_err(|e| usage(e.describe(path)))?;
    if crate::binary::is_binary(&bytes) {
        let text = decode_bytes(path, &bytes)?;
        let name = format!("{} (decoded)", path.display());
        return Ok((sources.add(name, Origin::Synthetic, text), true));
    }
    // the bytes read once: standard input cannot be read again
    let text = crate::source::text_of(bytes).map_err(|e| usage(e.describe(path)))?;
    let id = sources.add(
        crate::source::display_name(path),
        Origin::Disk(path.to_path_buf()),
        text,
    );
    Ok((id, path.extension().is_some_and(|x| x == "conf")))
}

#[derive(Args, Debug)]
pub(super) struct DiffArgs {
    /// The first topology: .topo (built), .conf (compiled) or .tplg.
    a: PathBuf,
    /// The second topology, of any of those kinds.
    b: PathBuf,
    /// For a .topo: as for `tplg build`.
    #[command(flatten)]
    library: LibraryArgs,
}

/// `tplg diff A B`: the binaries both make, compared element by element;
/// exit 0 when they are the same, 1 when they differ.
pub(super) fn diff(a: DiffArgs) -> i32 {
    let opts = match options(&a.library) {
        Ok(o) => o,
        Err(e) => return usage(&e),
    };
    let (x, y) = match (binary_of(&a.a, &opts), binary_of(&a.b, &opts)) {
        (Ok(x), Ok(y)) => (x, y),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    fn read<'b>(bytes: &'b [u8], path: &Path) -> Result<crate::binary::read::Binary<'b>, i32> {
        crate::binary::read::read(bytes).map_err(|e| {
            eprint!("{}", render_unplaced(&e));
            eprintln!("error: cannot read `{}`", path.display());
            EXIT_ERRORS
        })
    }
    let (bx, by) = match (read(&x, &a.a), read(&y, &a.b)) {
        (Ok(p), Ok(q)) => (p, q),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let changes = crate::binary::diff::diff(&bx, &by);
    print!("{}", crate::binary::diff::render(&changes));
    if x == y {
        eprintln!("the same binary ({} bytes)", x.len());
        return EXIT_OK;
    }
    if changes.is_empty() {
        eprintln!("the same elements, in another order (block layout differs)");
    } else {
        eprintln!("{}", plural(changes.len(), "difference"));
    }
    EXIT_ERRORS
}

/// The binary a topology file makes: a .tplg as it is, alsaconf compiled,
/// a .topo built (evaluated and expanded) and compiled.
fn binary_of(path: &Path, opts: &eval::Options) -> Result<Vec<u8>, i32> {
    let bytes = crate::source::read_bytes(path).map_err(|e| usage(e.describe(path)))?;
    if crate::binary::is_binary(&bytes) {
        return Ok(bytes);
    }
    let mut sources = Sources::new();
    let id = load(&mut sources, path).map_err(|e| usage(&e))?;
    let conf = if path.extension().is_some_and(|x| x == "conf") {
        id
    } else {
        let out = eval::compile(&mut sources, id, opts).map_err(|e| {
            eprint!("{}", render(&e.to_finding(), &sources));
            EXIT_ERRORS
        })?;
        crate::driver::add_expanded(&mut sources, id, &out.text)
    };
    compile_conf(&sources, conf, false, false)
}
