//! The binary writer: `tplg compile X.conf -o X.tplg` and `tplg build
//! X.topo -o X.tplg`, against binaries alsatplg wrote.
//!
//! `tests/binary/NAME/input.conf` is one of our own small topologies, one
//! per block type (and per alsatplg quirk):
//! - `expected.tplg`: what `alsatplg -c input.conf` (alsa-utils 1.2.8) writes;
//!   tplg must write exactly these bytes. `TPLG_BLESS=1` rewrites it *with
//!   alsatplg*, never with tplg;
//! - `expected.stderr`: the warnings tplg prints (none if absent);
//! - `err_*` cases: tplg must fail with exit 1, print exactly
//!   `expected.stderr` and leave the output file alone; when alsatplg is
//!   installed, it must refuse the input too.
//!
//! When alsatplg is installed, every case, every `tests/cases/*/
//! expected.conf` and the topologies of alsa-topology-conf (if installed)
//! are compiled by both and the bytes compared.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("tests/binary"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 10, "the binary cases went missing");
    dirs
}

fn alsatplg(conf: &Path, out: &Path) -> std::process::Output {
    Command::new("alsatplg")
        .arg("-c")
        .arg(conf)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap()
}

fn run_case(dir: &Path) -> Result<(), String> {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out.tplg");
    std::fs::write(&out, "stale\n").unwrap();
    let o = tplg()
        .current_dir(dir)
        .args(["compile", "input.conf", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr_file = dir.join("expected.stderr");
    if name.starts_with("err_") {
        if o.status.code() != Some(1) {
            return Err(format!("{name}: expected exit 1\n{}", describe(&o)));
        }
        if std::fs::read(&out).unwrap() != b"stale\n" {
            return Err(format!("{name}: a failed compile touched the output file"));
        }
        return compare(&stderr_file, &text(&o.stderr)).map_err(|e| format!("{name}: {e}"));
    }
    if !o.status.success() {
        return Err(format!("{name}: compile failed\n{}", describe(&o)));
    }
    if stderr_file.exists() || !o.stderr.is_empty() {
        compare(&stderr_file, &text(&o.stderr)).map_err(|e| format!("{name}: {e}"))?;
    }
    let expected = dir.join("expected.tplg");
    if blessing() && have("alsatplg", "the expected binaries cannot be blessed; they") {
        let a = alsatplg(&dir.join("input.conf"), &expected);
        assert!(
            a.status.success(),
            "{name}: alsatplg fails:\n{}",
            text(&a.stderr)
        );
    }
    let want = std::fs::read(&expected).map_err(|e| format!("{name}: expected.tplg: {e}"))?;
    let got = std::fs::read(&out).unwrap();
    if want != got {
        let at = want.iter().zip(&got).position(|(a, b)| a != b);
        return Err(format!(
            "{name}: the binary differs from expected.tplg ({} bytes, {} expected), first at byte {at:?}",
            got.len(),
            want.len()
        ));
    }
    Ok(())
}

#[test]
fn golden_binaries() {
    let failures: Vec<String> = cases().iter().filter_map(|d| run_case(d).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every conf we have, compiled by tplg and by alsatplg: the same bytes, or
/// both refuse it.
#[test]
fn same_bytes_as_alsatplg() {
    if !have(
        "alsatplg",
        "byte identity of `tplg compile` with `alsatplg -c`",
    ) {
        return;
    }
    let mut confs: Vec<PathBuf> = cases().iter().map(|d| d.join("input.conf")).collect();
    for e in std::fs::read_dir(root().join("tests/cases")).unwrap() {
        let conf = e.unwrap().path().join("expected.conf");
        if conf.exists() {
            confs.push(conf);
        }
    }
    confs.sort();
    assert!(confs.len() > 60, "the confs went missing");
    // the topologies alsa-topology-conf installs (Broadwell, Skylake, …),
    // when it is installed: others' confs, read where they are
    let system = Path::new("/usr/share/alsa/topology");
    if system.is_dir() {
        for e in walkdir::WalkDir::new(system).into_iter().flatten() {
            if e.path().extension().is_some_and(|x| x == "conf") {
                confs.push(e.path().to_path_buf());
            }
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (i, conf) in confs.iter().enumerate() {
        let mine = tmp.path().join(format!("{i}.tplg"));
        let theirs = tmp.path().join(format!("{i}.alsatplg.tplg"));
        let t = tplg()
            .arg("compile")
            .arg(conf)
            .arg("-o")
            .arg(&mine)
            .output()
            .unwrap();
        let a = alsatplg(conf, &theirs);
        // alsatplg prints errors but exits 0 on some; its output is what counts
        let a_ok = a.status.success() && theirs.exists();
        match (t.status.success(), a_ok) {
            (true, true) => {
                if std::fs::read(&mine).unwrap() != std::fs::read(&theirs).unwrap() {
                    failures.push(format!("{}: the binaries differ", conf.display()));
                }
            }
            (false, false) => {}
            (true, false) => failures.push(format!(
                "{}: alsatplg refuses what tplg compiles:\n{}",
                conf.display(),
                text(&a.stderr)
            )),
            (false, true) => failures.push(format!(
                "{}: tplg refuses what alsatplg compiles:\n{}",
                conf.display(),
                text(&t.stderr)
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} confs:\n{}",
        failures.len(),
        confs.len(),
        failures.join("\n")
    );
}

/// `build -o X.tplg` and `build --emit tplg` write what `compile` makes of
/// the text `build` writes; `-o X.conf` still writes the text.
#[test]
fn build_writes_the_binary_by_extension_or_emit() {
    let case = root().join("tests/cases/pipe_volume_switch_capture");
    let tmp = tempfile::tempdir().unwrap();
    let conf = tmp.path().join("x.conf");
    let from_conf = tmp.path().join("from_conf.tplg");
    let by_ext = tmp.path().join("x.tplg");
    let by_emit = tmp.path().join("x.bin");
    let run = |args: &[&std::ffi::OsStr]| {
        let o = tplg().current_dir(&case).args(args).output().unwrap();
        assert!(o.status.success(), "{}", describe(&o));
    };
    run(&[
        "build".as_ref(),
        "input.topo".as_ref(),
        "-o".as_ref(),
        conf.as_os_str(),
    ]);
    run(&[
        "compile".as_ref(),
        conf.as_os_str(),
        "-o".as_ref(),
        from_conf.as_os_str(),
    ]);
    run(&[
        "build".as_ref(),
        "input.topo".as_ref(),
        "-o".as_ref(),
        by_ext.as_os_str(),
    ]);
    run(&[
        "build".as_ref(),
        "input.topo".as_ref(),
        "--emit".as_ref(),
        "tplg".as_ref(),
        "-o".as_ref(),
        by_emit.as_os_str(),
    ]);
    let text = std::fs::read_to_string(&conf).unwrap();
    assert!(text.contains("SectionWidget"), "-o X.conf is text");
    let bin = std::fs::read(&from_conf).unwrap();
    assert_eq!(&bin[..4], b"CoSA", "the header magic");
    assert_eq!(std::fs::read(&by_ext).unwrap(), bin);
    assert_eq!(std::fs::read(&by_emit).unwrap(), bin);
    assert_eq!(
        std::fs::read_to_string(case.join("expected.conf")).unwrap(),
        text
    );
}

#[test]
fn a_binary_is_not_written_to_a_terminal_or_over_its_input() {
    let case = root().join("tests/binary/pcm");
    let o = tplg()
        .current_dir(&case)
        .args(["compile", "input.conf", "-o", "input.conf"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(text(&o.stderr).contains("is the input"));
    let o = tplg()
        .current_dir(&case)
        .args(["compile", "missing.conf", "-o", "x.tplg"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(!case.join("x.tplg").exists());
    // a source is built, not compiled
    let o = tplg()
        .current_dir(root())
        .args(["compile", "examples/sof-apl-da7219.topo"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(text(&o.stderr).contains("tplg build"), "{}", describe(&o));
}

/// The commands docs/tools.md shows for the binary run, and write binaries
/// (outputs go to a temporary directory; a `.conf` input is built first).
#[test]
fn the_binary_commands_of_the_docs_run() {
    let doc = std::fs::read_to_string(root().join("docs/tools.md")).unwrap();
    let section = doc
        .split("\n# The binary")
        .nth(1)
        .expect("docs/tools.md documents the binary");
    let mut commands = Vec::new();
    let mut in_sh = false;
    for line in section.lines() {
        if line.starts_with("```") {
            in_sh = line == "```sh";
            continue;
        }
        if in_sh && line.starts_with("tplg ") {
            commands.push(line.to_string());
        }
    }
    assert!(commands.len() >= 3, "{commands:?}");
    let tmp = tempfile::tempdir().unwrap();
    for cmd in &commands {
        let mut args: Vec<String> = cmd.split_whitespace().skip(1).map(str::to_string).collect();
        for i in 0..args.len() {
            let a = args[i].clone();
            let is_output = i > 0 && args[i - 1] == "-o";
            let input = (a.ends_with(".conf") || a.ends_with(".tplg")) && !is_output;
            if input && !root().join(&a).exists() {
                let conf = tmp.path().join(&a);
                let o = tplg()
                    .current_dir(root())
                    .args(["build", "examples/sof-apl-da7219.topo", "-o"])
                    .arg(&conf)
                    .output()
                    .unwrap();
                assert!(o.status.success(), "{}", describe(&o));
                args[i] = conf.display().to_string();
            } else if is_output {
                args[i] = tmp.path().join(&a).display().to_string();
            }
        }
        let o = tplg().current_dir(root()).args(&args).output().unwrap();
        assert!(o.status.success(), "`{cmd}`: {}", describe(&o));
        let Some(at) = args.iter().position(|a| a == "-o") else {
            assert!(
                !o.stdout.is_empty() || !o.stderr.is_empty(),
                "`{cmd}` prints something"
            );
            continue;
        };
        let out = std::fs::read(&args[at + 1]).unwrap();
        if args[at + 1].ends_with(".conf") {
            assert!(text(&out).contains("Section"), "`{cmd}` writes alsaconf");
        } else if args[at + 1].ends_with(".dot") {
            assert!(text(&out).starts_with("digraph"), "`{cmd}` writes a graph");
        } else {
            assert_eq!(&out[..4], b"CoSA", "`{cmd}` writes a binary");
        }
    }
}

/// `tplg decode` then `tplg compile` gives every golden binary back, byte
/// for byte; the decoded text of one case is pinned in `decoded.conf`.
#[test]
fn decode_then_compile_round_trips() {
    let tmp = tempfile::tempdir().unwrap();
    let mut n = 0;
    for dir in cases() {
        let bin = dir.join("expected.tplg");
        if !bin.exists() {
            continue;
        }
        n += 1;
        let conf = tmp.path().join("d.conf");
        let back = tmp.path().join("d.tplg");
        let o = tplg()
            .arg("decode")
            .arg(&bin)
            .arg("-o")
            .arg(&conf)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}: {}", dir.display(), describe(&o));
        assert!(
            o.stderr.is_empty(),
            "{}: {}",
            dir.display(),
            text(&o.stderr)
        );
        let o = tplg()
            .arg("compile")
            .arg(&conf)
            .arg("-o")
            .arg(&back)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}: {}", dir.display(), describe(&o));
        assert_eq!(
            std::fs::read(&back).unwrap(),
            std::fs::read(&bin).unwrap(),
            "{}: decode + compile changes the bytes",
            dir.display()
        );
        if dir.ends_with("pcm") {
            compare(
                &dir.join("decoded.conf"),
                &std::fs::read_to_string(&conf).unwrap(),
            )
            .unwrap();
        }
    }
    assert!(n >= 10);
}

/// A cut binary: an error at the offset of the block that runs past the
/// end, exit 1, nothing written.
#[test]
fn a_malformed_binary_is_refused_at_its_byte_offset() {
    let tmp = tempfile::tempdir().unwrap();
    let good = std::fs::read(root().join("tests/binary/graph/expected.tplg")).unwrap();
    let cut = tmp.path().join("cut.tplg");
    std::fs::write(&cut, &good[..good.len() - 100]).unwrap();
    let out = tmp.path().join("cut.conf");
    let o = tplg()
        .current_dir(tmp.path())
        .args(["decode", "cut.tplg", "-o", "cut.conf"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(!out.exists());
    let err = text(&o.stderr);
    // the last block: the graph of index 2, one route (132 bytes) after its
    // header, whose payload size is 24 bytes in
    let at = good.len() - 36 - 132 + 24;
    assert!(
        err.contains(&format!(
            "malformed binary topology at byte {at} (0x{at:x})"
        )),
        "{err}"
    );
    assert!(err.contains("error: cannot read `cut.tplg`"), "{err}");
}

/// `graph`, `info` and `lint` read a `.tplg` (found by its header magic,
/// whatever its name): the same graph as of its alsaconf, bar the title and
/// the order of the routes (a binary keeps them by index).
#[test]
fn graph_info_and_lint_read_binaries() {
    let tmp = tempfile::tempdir().unwrap();
    let conf = tmp.path().join("apl.conf");
    let bin = tmp.path().join("apl.bin");
    let o = tplg()
        .current_dir(root())
        .args(["build", "examples/sof-apl-da7219.topo", "-o"])
        .arg(&conf)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", describe(&o));
    let o = tplg()
        .arg("compile")
        .arg(&conf)
        .arg("-o")
        .arg(&bin)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", describe(&o));
    let graph = |p: &Path| {
        let o = tplg().arg("graph").arg(p).output().unwrap();
        assert!(o.status.success(), "{}", describe(&o));
        let mut lines: Vec<String> = text(&o.stdout)
            .lines()
            .filter(|l| !l.contains("label=\"/") && !l.contains("apl."))
            .map(str::to_string)
            .collect();
        lines.sort();
        lines
    };
    let (a, b) = (graph(&conf), graph(&bin));
    assert!(a.len() > 50);
    assert_eq!(a, b);
    let o = tplg().arg("info").arg(&bin).output().unwrap();
    assert!(o.status.success(), "{}", describe(&o));
    assert!(
        text(&o.stdout).contains("7 pipelines, 6 PCMs"),
        "{}",
        describe(&o)
    );
    // lint walks .tplg files too
    let tree = tmp.path().join("tree");
    std::fs::create_dir(&tree).unwrap();
    std::fs::copy(&bin, tree.join("apl.tplg")).unwrap();
    let o = tplg().arg("lint").arg(&tree).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(
        text(&o.stderr).contains("1 files, 0 errors"),
        "{}",
        describe(&o)
    );
}

/// `tplg diff`: a topology and its own binary are the same (exit 0); a
/// changed one names the element and field (exit 1).
#[test]
fn diff_names_elements_and_fields() {
    let case = root().join("tests/binary/pcm");
    let o = tplg()
        .current_dir(&case)
        .args(["diff", "input.conf", "expected.tplg"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(o.stdout.is_empty(), "{}", describe(&o));
    assert!(
        text(&o.stderr).contains("the same binary"),
        "{}",
        describe(&o)
    );
    let tmp = tempfile::tempdir().unwrap();
    let changed = tmp.path().join("changed.conf");
    let conf = std::fs::read_to_string(case.join("input.conf")).unwrap();
    let conf = conf
        .replace("\tid \"5\"", "\tid \"9\"")
        .replace("\"Compressed\"", "\"Compr\"")
        .replace("\tbytes \"0x01\"", "\tbytes \"0x02\"");
    std::fs::write(&changed, conf).unwrap();
    let o = tplg()
        .current_dir(&case)
        .arg("diff")
        .arg("expected.tplg")
        .arg(&changed)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert_eq!(
        text(&o.stdout),
        "~ PCM \"Speaker\"\n    id: 5 → 9\n    private data at 0x0000: 01 → 02\n- PCM \"Compressed\": only in A\n+ PCM \"Compr\": only in B\n"
    );
    assert!(
        text(&o.stderr).contains("3 differences"),
        "{}",
        describe(&o)
    );
    // a .topo against the binary of its build
    let topo = root().join("tests/cases/pipe_volume_switch_capture");
    let bin = tmp.path().join("x.tplg");
    let o = tplg()
        .current_dir(&topo)
        .args(["build", "input.topo", "-o"])
        .arg(&bin)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", describe(&o));
    let o = tplg()
        .current_dir(&topo)
        .args(["diff", "input.topo"])
        .arg(&bin)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
}

/// The parity kit's corpus (`TPLG_PARITY_REF=../shared/parity/corpus/ref`):
/// every `NAME.conf` compiles to exactly `NAME.tplg` (what alsatplg wrote),
/// and every `NAME.tplg` decodes to text that compiles back to it.
#[test]
#[ignore = "needs TPLG_PARITY_REF=<dir of NAME.conf and NAME.tplg>"]
fn the_parity_corpus_compiles_and_round_trips() {
    let Ok(dir) = std::env::var("TPLG_PARITY_REF") else {
        eprintln!("SKIPPED: TPLG_PARITY_REF is not set");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let mut confs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "conf"))
        .collect();
    confs.sort();
    let mut failures = Vec::new();
    for conf in &confs {
        let want = conf.with_extension("tplg");
        let Ok(want_bytes) = std::fs::read(&want) else {
            continue;
        };
        let mine = tmp.path().join("c.tplg");
        let o = tplg()
            .arg("compile")
            .arg(conf)
            .arg("-o")
            .arg(&mine)
            .output()
            .unwrap();
        if !o.status.success() || std::fs::read(&mine).unwrap() != want_bytes {
            failures.push(format!("{}: compile differs", conf.display()));
        }
        let text = tmp.path().join("d.conf");
        let back = tmp.path().join("d.tplg");
        let ok = tplg()
            .arg("decode")
            .arg(&want)
            .arg("-o")
            .arg(&text)
            .status()
            .unwrap()
            .success()
            && tplg()
                .arg("compile")
                .arg(&text)
                .arg("-o")
                .arg(&back)
                .output()
                .unwrap()
                .status
                .success()
            && std::fs::read(&back).unwrap() == want_bytes;
        if !ok {
            failures.push(format!("{}: decode + compile differs", want.display()));
        }
    }
    eprintln!("{} confs, {} failures", confs.len(), failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
