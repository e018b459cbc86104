//! `tplg build --variants FILE -o DIR`: every variant of a tree in one call,
//! built in parallel with one library session, each output written
//! atomically, one diagnostic stream, the exit code of the worst.
//!
//! FILE lists one variant a line, as SOF's CMake `TPLGS` lists do:
//! `input;output;-DNAME=VALUE;…` (or the quoted `"input\;output\;…"` entry
//! copied from a `CMakeLists.txt`); `#` starts a comment line. The input is
//! a `.topo` path relative to FILE's directory (`.topo` may be left out, as
//! CMake's lists leave out `.m4`); the output is `DIR/<output>.conf`.

use super::build::{build_one, depfile_rule, Job};
use super::*;
use rayon::prelude::*;

/// What `--variants` was asked.
pub(super) struct Request<'a> {
    pub list: &'a Path,
    pub out_dir: &'a Path,
    pub library: &'a LibraryArgs,
    pub deny_warnings: bool,
    pub depfile: Option<&'a Path>,
}

/// One line of the variants file.
#[derive(Debug, PartialEq)]
pub(super) struct Variant {
    /// Where it is listed, `FILE:LINE`.
    pub at: String,
    pub input: PathBuf,
    /// The output's name, as listed.
    pub name: String,
    /// The `-D` flags, without `-D` (`NAME=VALUE`, `NAME`).
    pub defines: Vec<String>,
}

/// Reads a variants file: every variant, or every problem of it (each
/// with its `FILE:LINE`).
pub(super) fn parse_variants(list: &Path, text: &str) -> Result<Vec<Variant>, Vec<String>> {
    let base = match list.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::new(),
    };
    let mut variants: Vec<Variant> = Vec::new();
    let mut problems = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let at = format!("{}:{}", list.display(), n + 1);
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // a quoted CMake entry, maybe followed by a comment
        let entry = match line.strip_prefix('"') {
            Some(rest) => match rest.split_once('"') {
                Some((inside, after))
                    if after.trim().is_empty() || after.trim().starts_with('#') =>
                {
                    inside
                }
                _ => {
                    problems.push(format!(
                        "{at}: the quoted entry is not closed with `\"` (or text follows it)"
                    ));
                    continue;
                }
            },
            None => line,
        };
        let Some(e) = crate::migrate::tplgs_entry(entry) else {
            problems.push(format!(
                "{at}: expected `input;output;-DNAME=VALUE…` (an input and an output at least), found `{line}`"
            ));
            continue;
        };
        let mut defines = Vec::new();
        for flag in &e.flags {
            match flag.strip_prefix("-D") {
                Some(d) if !d.is_empty() => defines.push(d.to_string()),
                _ => problems.push(format!(
                    "{at}: `{flag}` is not a -D flag (a variant takes -DNAME or -DNAME=VALUE)"
                )),
            }
        }
        let name = e.output.strip_suffix(".conf").unwrap_or(e.output);
        let inside = Path::new(name)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside {
            problems.push(format!(
                "{at}: the output `{name}` is not a name inside the -o directory"
            ));
            continue;
        }
        if let Some(other) = variants.iter().find(|v| v.name == name) {
            problems.push(format!(
                "{at}: the output `{name}` is listed already at {}: one would overwrite the other",
                other.at
            ));
            continue;
        }
        let input = if e.input.ends_with(".topo") {
            e.input.to_string()
        } else {
            format!("{}.topo", e.input)
        };
        variants.push(Variant {
            at,
            input: base.join(input),
            name: name.to_string(),
            defines,
        });
    }
    if problems.is_empty() {
        Ok(variants)
    } else {
        Err(problems)
    }
}

/// Where a variant's output goes.
fn output_of(out_dir: &Path, v: &Variant) -> PathBuf {
    out_dir.join(format!("{}.conf", v.name))
}

/// What a variant's build said, and did.
struct Outcome {
    code: i32,
    said: String,
    read: Vec<PathBuf>,
    /// Where the output goes and its text, for the writer thread.
    write: Option<(PathBuf, std::sync::Arc<String>)>,
}

pub(super) fn build_all(r: &Request) -> i32 {
    let text = match crate::source::read_text(r.list) {
        Ok(t) => t,
        Err(e) => return usage(e.describe(r.list)),
    };
    let variants = match parse_variants(r.list, &text) {
        Ok(v) => v,
        Err(problems) => {
            for p in &problems {
                eprintln!("error: {p}");
            }
            return EXIT_USAGE;
        }
    };
    // the command line's -D first, then each variant's
    if let Err(e) = options(r.library) {
        return usage(&e);
    }
    if let Err(e) = std::fs::create_dir_all(r.out_dir) {
        return usage(format!(
            "cannot create the output directory `{}`: {e}",
            r.out_dir.display()
        ));
    }
    let session = match eval::Session::new(&r.library.include_dirs) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot load the library: {e}");
            return EXIT_ERRORS;
        }
    };
    let track = r.depfile.is_some();
    // The outputs are written by one thread of their own while the builds
    // go on: creating and renaming files in one directory takes the
    // directory's lock, and builds writing their own would wait on each
    // other, spinning, in the kernel.
    let (to_writer, queue) = std::sync::mpsc::channel::<(usize, PathBuf, std::sync::Arc<String>)>();
    let writer = std::thread::spawn(move || {
        let mut failures = Vec::new();
        for (i, path, text) in queue {
            if let Err(e) = write_output(Some(&path), text.as_bytes()) {
                failures.push((i, e));
            }
        }
        failures
    });
    let mut results: Vec<Outcome> = variants
        .par_iter()
        .enumerate()
        .map_with(to_writer, |to_writer, (i, v)| {
            let mut res = build_variant(&session, r, v, track);
            if let Some((path, text)) = res.write.take() {
                let _ = to_writer.send((i, path, text));
            }
            res
        })
        .collect();
    // every sender is gone with the iterator: the writer ends with the queue
    let failures = writer.join().unwrap_or_else(|_| {
        // (write_output does not panic; were it to, no output is vouched for)
        for res in results.iter_mut().filter(|res| res.code == EXIT_OK) {
            res.said.push_str(
                "error: the thread writing the outputs stopped: this output may be missing\n",
            );
            res.code = EXIT_USAGE;
        }
        Vec::new()
    });
    for (i, e) in failures {
        results[i].said.push_str(&format!("error: {e}\n"));
        results[i].code = results[i].code.max(EXIT_USAGE);
    }
    let mut worst = EXIT_OK;
    let mut failed = Vec::new();
    let mut rules = String::new();
    for (v, res) in variants.iter().zip(&results) {
        if !res.said.is_empty() {
            eprintln!("variant `{}` ({}):", v.name, v.at);
            eprint!("{}", res.said);
        }
        worst = worst.max(res.code);
        if res.code == EXIT_OK {
            rules.push_str(&depfile_rule(&output_of(r.out_dir, v), &res.read));
        } else {
            failed.push(v.name.as_str());
        }
    }
    let written = variants.len() - failed.len();
    if failed.is_empty() {
        eprintln!(
            "{} written to {}",
            plural(written, "variant"),
            r.out_dir.display()
        );
    } else {
        eprintln!(
            "{}: {written} written to {}, {} failed: {}",
            plural(variants.len(), "variant"),
            r.out_dir.display(),
            failed.len(),
            failed.join(" ")
        );
    }
    if let Some(dep) = r.depfile {
        if let Err(e) = write_output(Some(dep), rules.as_bytes()) {
            eprintln!("error: {e}");
            worst = worst.max(EXIT_USAGE);
        }
    }
    worst
}

fn build_variant(session: &eval::Session, r: &Request, v: &Variant, track: bool) -> Outcome {
    let library = LibraryArgs {
        defines: r
            .library
            .defines
            .iter()
            .chain(&v.defines)
            .cloned()
            .collect(),
        include_dirs: r.library.include_dirs.clone(),
        abi: r.library.abi,
    };
    let fail = |said: String| Outcome {
        code: EXIT_USAGE,
        said,
        read: Vec::new(),
        write: None,
    };
    let opts = match options(&library) {
        Ok(o) => o,
        Err(e) => return fail(format!("error: {e}\n")),
    };
    let output = output_of(r.out_dir, v);
    if let Err(e) = not_an_input(Some(&output), &v.input, "-o") {
        return fail(format!("error: {e}\n"));
    }
    // (the output directory itself was made before the builds began)
    if let Some(parent) = output.parent().filter(|p| *p != r.out_dir) {
        if let Err(e) = std::fs::create_dir_all(parent) {
            return fail(format!(
                "error: cannot create `{}`: {e}\n",
                parent.display()
            ));
        }
    }
    let job = Job {
        file: &v.input,
        opts: &opts,
        output: Some(&output),
        deny_warnings: r.deny_warnings,
        track,
        leak: false,
        format: None,
        emit: super::build::Emit::Conf,
        expanded: None,
        defer_write: true,
    };
    let done = build_one(session, &job);
    Outcome {
        code: done.code,
        said: done.said,
        read: done.read,
        write: done.text.map(|text| (output, text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variants_file_reads_as_cmake_lists_do() {
        let text = "# SOF's production list\n\
            sof-apl-da7219;sof-apl-da7219;-DPLATFORM=bxt\n\
            \n\
            \t\"sof-glk-es8336\\;sof-apl-es8336\\;-DPLATFORM=bxt\\;-DDTS=`DTS'\" # copied\n\
            development/sof-apl-dmic.topo;dev/sof-apl-dmic-2ch\n";
        let v = parse_variants(Path::new("tree/variants.txt"), text).unwrap();
        assert_eq!(v.len(), 3);
        assert_eq!(v[0].input, Path::new("tree/sof-apl-da7219.topo"));
        assert_eq!(v[0].defines, ["PLATFORM=bxt"]);
        assert_eq!(v[0].at, "tree/variants.txt:2");
        assert_eq!(v[1].name, "sof-apl-es8336");
        assert_eq!(v[1].defines, ["PLATFORM=bxt", "DTS=`DTS'"]);
        assert_eq!(v[2].input, Path::new("tree/development/sof-apl-dmic.topo"));
        assert_eq!(v[2].name, "dev/sof-apl-dmic-2ch");
        assert!(v[2].defines.is_empty());
    }

    #[test]
    fn every_problem_of_a_variants_file_is_reported_at_its_line() {
        let text = "a;b;-DX=1\n\
            only-input\n\
            c;b\n\
            d;e;-I/usr\n\
            f;../g\n\
            \"h\\;i\n";
        let problems = parse_variants(Path::new("v.txt"), text).unwrap_err();
        assert_eq!(problems.len(), 5, "{problems:#?}");
        assert!(problems[0].starts_with("v.txt:2: expected `input;output"));
        assert!(problems[1].contains("v.txt:3: the output `b` is listed already at v.txt:1"));
        assert!(problems[2].contains("v.txt:4: `-I/usr` is not a -D flag"));
        assert!(problems[3].contains("v.txt:5: the output `../g` is not a name inside"));
        assert!(problems[4].starts_with("v.txt:6: the quoted entry is not closed"));
    }
}
