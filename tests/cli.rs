//! The command line itself: usage errors, output handling, exit codes.

mod support;

use support::*;

#[test]
fn missing_input_is_a_usage_error() {
    let o = tplg()
        .args(["build", "no/such/file.topo"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(
        text(&o.stderr).contains("cannot read `no/such/file.topo`"),
        "{}",
        describe(&o)
    );
}

#[test]
fn bad_define_name_is_a_usage_error() {
    let o = tplg()
        .current_dir(root())
        .args([
            "build",
            "examples/single-volume-playback.topo",
            "-D",
            "X-1=2",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("-D X-1=2: `X-1` is not a name"),
        "{}",
        describe(&o)
    );
}

#[test]
fn a_define_starting_with_a_digit_is_tested_by_its_quoted_name() {
    // SOF passes -D2CH_2WAY; M4 takes it, and so does tplg
    let t = tempfile::tempdir().unwrap();
    let f = t.path().join("t.topo");
    std::fs::write(
        &f,
        "if defined(\"2CH_2WAY\") {\n    FATAL_ERROR(\"two-way\")\n}\n",
    )
    .unwrap();
    let on = tplg()
        .args(["build", "-D2CH_2WAY"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(on.status.code(), Some(1), "{}", describe(&on));
    assert!(text(&on.stderr).contains("two-way"), "{}", describe(&on));
    let off = tplg().arg("build").arg(&f).output().unwrap();
    assert_eq!(off.status.code(), Some(0), "{}", describe(&off));
}

#[test]
fn a_define_value_naming_a_symbol_reads_as_that_symbol_where_used() {
    // M4 reads a -D value again where it expands it: -DPDM=LEFT_MIC names
    // a macro the file defines later
    let t = tempfile::tempdir().unwrap();
    let f = t.path().join("t.topo");
    std::fs::write(
        &f,
        "define LEFT_MIC = \"left one\"\nFATAL_ERROR(\"got ${PDM}\")\n",
    )
    .unwrap();
    let o = tplg()
        .args(["build", "-DPDM=LEFT_MIC"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(text(&o.stderr).contains("got left one"), "{}", describe(&o));
    // a name nothing defines stays text
    let o = tplg()
        .args(["build", "-DPDM=RIGHT_MIC"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(
        text(&o.stderr).contains("got RIGHT_MIC"),
        "{}",
        describe(&o)
    );
}

#[test]
fn bad_abi_is_a_usage_error() {
    let o = tplg()
        .current_dir(root())
        .args([
            "build",
            "examples/single-volume-playback.topo",
            "--abi",
            "3.29",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("expected MAJOR.MINOR.PATCH"),
        "{}",
        describe(&o)
    );
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let o = tplg().arg("bild").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

/// `tplg build examples/single-volume-playback.topo -o OUT`, from the repository.
fn build_example_to(out: &std::path::Path) -> std::process::Output {
    tplg()
        .current_dir(root())
        .args(["build", "examples/single-volume-playback.topo", "-o"])
        .arg(out)
        .output()
        .unwrap()
}

#[test]
fn output_into_a_missing_directory_fails_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("missing/dir/out.conf");
    let o = build_example_to(&out);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(!out.exists());
}

#[test]
fn stdout_and_file_outputs_are_the_same() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out.conf");
    let a = tplg()
        .current_dir(root())
        .args(["build", "examples/single-volume-playback.topo"])
        .output()
        .unwrap();
    let b = build_example_to(&out);
    assert!(a.status.success() && b.status.success());
    assert!(b.stdout.is_empty());
    assert_eq!(a.stdout, std::fs::read(&out).unwrap());
    // only the output file was written: no temporary file left beside it
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn attached_and_long_defines_work() {
    let src = "if defined(A) && B == 7 && C == \"x y\" {\n  SSP_TDM_IS_NOT_A_STATEMENT()\n}\n";
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("t.topo"), src).unwrap();
    // all three given: the branch runs and fails on its unknown statement
    let o = tplg()
        .current_dir(tmp.path())
        .args(["build", "t.topo", "-DA", "-DB=7", "--define=C=x y"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(text(&o.stderr).contains("unknown statement `SSP_TDM_IS_NOT_A_STATEMENT`"));
    // one missing: the branch is skipped
    let o = tplg()
        .current_dir(tmp.path())
        .args(["build", "t.topo", "-DA", "-DB=8", "--define=C=x y"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
}

#[cfg(unix)]
#[test]
fn output_through_a_symlink_replaces_the_file_it_names() {
    let t = tempfile::tempdir().unwrap();
    let real = t.path().join("real.conf");
    std::fs::write(&real, "old").unwrap();
    let link = t.path().join("out.conf");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let o = build_example_to(&link);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&real)
        .unwrap()
        .contains("SectionManifest"));
}

/// A rebuild whose output would not change leaves the file as it is (no
/// new file, no rename) but moves its time on, so that make sees it newer
/// than its sources; one that changes it writes a new file.
#[cfg(unix)]
#[test]
fn a_rebuild_keeps_an_unchanged_output_and_replaces_a_changed_one() {
    use std::os::unix::fs::MetadataExt;
    use std::time::{Duration, SystemTime};
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out.conf");
    let build = || {
        let o = build_example_to(&out);
        assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
        std::fs::metadata(&out).unwrap()
    };
    let first = build();
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    let f = std::fs::File::options().write(true).open(&out).unwrap();
    f.set_modified(hour_ago).unwrap();
    drop(f);
    let kept = build();
    assert_eq!(kept.ino(), first.ino(), "an unchanged output was replaced");
    assert!(kept.modified().unwrap() > hour_ago + Duration::from_secs(3000));
    // the same length, one byte different: written anew, whole
    let mut text = std::fs::read(&out).unwrap();
    let at = text.len() / 2;
    text[at] ^= 1;
    std::fs::write(&out, &text).unwrap();
    let again = build();
    assert_ne!(again.ino(), first.ino(), "a changed output was kept");
    text[at] ^= 1;
    assert_eq!(std::fs::read(&out).unwrap(), text);
    assert_eq!(std::fs::read_dir(t.path()).unwrap().count(), 1);
}

/// `-o /dev/null` must not replace the device with a file: a pipe stands
/// in for it here, so that a regression cannot break the machine.
#[cfg(unix)]
#[test]
fn output_to_a_pipe_is_written_in_place() {
    let t = tempfile::tempdir().unwrap();
    let fifo = t.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let o = build_example_to(&fifo);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    // checked before joining: were the pipe replaced, the reader would wait
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(reader.join().unwrap().contains("SectionManifest"));
}

#[test]
fn define_values_are_read_as_m4_reads_them() {
    // SOF's CMake passes -DDTS=`DTS': M4 strips the quotes
    let t = tempfile::tempdir().unwrap();
    let f = t.path().join("t.topo");
    std::fs::write(&f, "FATAL_ERROR(\"value ${DTS}.\")\n").unwrap();
    let o = tplg()
        .args(["build", "-DDTS=`DTS'"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(text(&o.stderr).contains("value DTS."), "{}", describe(&o));
    let o = tplg()
        .args(["build", "-DDTS=`DTS"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(
        text(&o.stderr).contains("is not closed"),
        "{}",
        describe(&o)
    );
}

/// An output that names the input, by any spelling or link, is refused
/// before anything is written: the input is never lost.
#[test]
fn an_output_that_is_the_input_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let topo = t.path().join("a.topo");
    let original =
        std::fs::read_to_string(root().join("examples/single-volume-playback.topo")).unwrap();
    std::fs::write(&topo, &original).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&topo, t.path().join("link.topo")).unwrap();
    for out in ["a.topo", "./a.topo", "../$DIR/a.topo", "link.topo"] {
        let dir_name = t.path().file_name().unwrap().to_string_lossy().into_owned();
        let out = out.replace("$DIR", &dir_name);
        for cmd in [
            vec!["build", "a.topo", "-o", &out],
            vec!["graph", "a.topo", "-o", &out],
        ] {
            let o = tplg().current_dir(t.path()).args(&cmd).output().unwrap();
            assert_eq!(o.status.code(), Some(2), "{cmd:?}: {}", describe(&o));
            assert!(
                text(&o.stderr).contains("is the input"),
                "{cmd:?}: {}",
                describe(&o)
            );
        }
    }
    assert_eq!(std::fs::read_to_string(&topo).unwrap(), original);
    // migrate: the M4 file, and a tree converted into itself
    let m4 = t.path().join("board.m4");
    std::fs::write(&m4, "define(`A', 1)\n").unwrap();
    let o = tplg()
        .current_dir(t.path())
        .args(["migrate", "board.m4", "-o", "./board.m4"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert_eq!(std::fs::read_to_string(&m4).unwrap(), "define(`A', 1)\n");
    let o = tplg()
        .current_dir(t.path())
        .args(["migrate", ".", "-o", "."])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(!t.path().join("board.topo").exists());
}

/// A value too long or parentheses too deep end in a diagnostic at the
/// place, not a stack overflow.
#[test]
fn deep_expressions_are_refused_with_a_diagnostic() {
    let t = tempfile::tempdir().unwrap();
    for (name, source, what, at) in [
        (
            "long.topo",
            format!("define X = {}\n", vec!["1"; 50_000].join(" + ")),
            "an expression with operators deeper than 4096",
            "long.topo:1:12",
        ),
        (
            "nested.topo",
            format!("define X = {}1{}\n", "(".repeat(5000), ")".repeat(5000)),
            "parentheses nest deeper than 256",
            "nested.topo:1:268",
        ),
    ] {
        let f = t.path().join(name);
        std::fs::write(&f, source).unwrap();
        let o = tplg().arg("build").arg(&f).output().unwrap();
        assert_eq!(o.status.code(), Some(1), "{name}: {}", describe(&o));
        let err = text(&o.stderr);
        assert!(err.contains("tplg::parse::too_deep"), "{name}: {err}");
        assert!(err.contains(what), "{name}: {err}");
        assert!(err.contains(at), "{name}: {err}");
    }
}

/// Runs tplg with `input` on standard input.
fn with_stdin(args: &[&str], input: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = tplg()
        .current_dir(root())
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_dash_reads_the_source_from_standard_input() {
    let file = "examples/single-volume-playback.topo";
    let source = std::fs::read_to_string(root().join(file)).unwrap();
    let from_file = tplg()
        .current_dir(root())
        .args(["build", file])
        .output()
        .unwrap();
    assert_eq!(from_file.status.code(), Some(0), "{}", describe(&from_file));
    for sub in ["build", "graph", "info"] {
        let piped = with_stdin(&[sub, "-"], &source);
        assert_eq!(piped.status.code(), Some(0), "{sub}: {}", describe(&piped));
        let direct = tplg()
            .current_dir(root())
            .args([sub, file])
            .output()
            .unwrap();
        if sub == "graph" {
            // the title is the input's file name
            let name = std::path::Path::new(file)
                .file_name()
                .unwrap()
                .to_str()
                .unwrap();
            let norm = |o: &[u8]| text(o).replace(name, "X").replace("<stdin>", "X");
            assert_eq!(norm(&piped.stdout), norm(&direct.stdout));
        } else {
            assert_eq!(text(&piped.stdout), text(&direct.stdout), "{sub}");
        }
    }
    // diagnostics name it <stdin>; lint takes it beside other paths
    let broken = source.replace("PIPELINE_SOURCE_1", "PIPELINE_SOURCE_9");
    let o = with_stdin(&["build", "-"], &broken);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(text(&o.stderr).contains("╭─[<stdin>:"), "{}", describe(&o));
    let o = with_stdin(&["lint", "--format", "gcc", "-", "examples"], &broken);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let out = text(&o.stdout);
    assert!(out.starts_with("<stdin>:"), "{out}");
    assert!(out.contains("error[tplg::eval::undefined]"), "{out}");
}

#[test]
fn completions_are_generated_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = tplg().args(["completions", shell]).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", describe(&o));
        let script = text(&o.stdout);
        for word in [
            "build",
            "lint",
            "migrate",
            "graph",
            "info",
            "deny-warnings",
            "sarif-base",
        ] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
    }
    let o = tplg().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    // bash reads the script without a syntax error
    if have("bash", "that bash reads the completion script") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tplg.bash");
        let o = tplg().args(["completions", "bash"]).output().unwrap();
        std::fs::write(&path, &o.stdout).unwrap();
        let check = std::process::Command::new("bash")
            .arg("-n")
            .arg(&path)
            .output()
            .unwrap();
        assert!(check.status.success(), "{}", describe(&check));
    }
}

#[test]
fn the_man_page_covers_every_subcommand() {
    let o = tplg().arg("man").output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let page = text(&o.stdout);
    assert!(page.contains(".TH tplg 1"), "{page}");
    for sub in ["build", "lint", "migrate", "graph", "info", "completions"] {
        assert!(
            page.contains(&format!("tplg\\-{sub}")),
            "no {sub} in the page"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let o = tplg().args(["man", "-o"]).arg(dir.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let lint = std::fs::read_to_string(dir.path().join("tplg-lint.1")).unwrap();
    assert!(lint.contains(".TH tplg-lint 1"), "{lint}");
    assert!(lint.contains("\\-\\-deny\\-warnings"), "{lint}");
    // the global options are on each subcommand's page
    assert!(lint.contains("\\-\\-quiet"), "{lint}");
    assert!(dir.path().join("tplg-build.1").is_file());
}
