//! Inputs that are not topologies, or that would take unbounded time or
//! space, end in a diagnostic with the right exit code: never a panic, a
//! hang or a snippet thousands of columns wide.

mod support;

use std::path::Path;
use support::*;

/// A binary topology as alsatplg writes one: it starts with "CoSA".
fn binary_topology(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("board.tplg");
    let mut bytes = b"CoSA".to_vec();
    bytes.extend([0u8, 0, 0, 0, 0x7c, 0, 0, 0, 0xff, 0xfe, 0x80]);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn a_binary_topology_is_named_as_such_by_every_command() {
    let t = tempfile::tempdir().unwrap();
    let tplg_file = binary_topology(t.path());
    let o = tplg().arg("build").arg(&tplg_file).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "build: {}", describe(&o));
    let err = text(&o.stderr);
    assert!(err.contains("binary ALSA topology"), "build: {err}");
    assert!(err.contains("tplg decode"), "build: {err}");
    // graph and info read binaries: this one is cut short
    for cmd in ["graph", "info", "decode"] {
        let o = tplg().arg(cmd).arg(&tplg_file).output().unwrap();
        assert_eq!(o.status.code(), Some(1), "{cmd}: {}", describe(&o));
        let err = text(&o.stderr);
        assert!(err.contains("tplg::binary::malformed"), "{cmd}: {err}");
        assert!(
            err.contains("malformed binary topology at byte 0 (0x0): 15 bytes left"),
            "{cmd}: {err}"
        );
    }
    let o = tplg()
        .arg("migrate")
        .arg(&tplg_file)
        .arg("-o")
        .arg(t.path().join("x.topo"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "migrate: {}", describe(&o));
    assert!(
        text(&o.stderr).contains("binary ALSA topology"),
        "{}",
        describe(&o)
    );
}

/// lint reports every file: one it cannot read is an error finding on that
/// file, in the run's format, and the others are still checked.
#[test]
fn lint_reports_unreadable_files_and_goes_on() {
    let t = tempfile::tempdir().unwrap();
    // in the tree and named on the command line: linted once
    let tplg_file = binary_topology(t.path());
    std::fs::write(
        t.path().join("latin1.conf"),
        b"# caf\xe9\nSectionData.\"x\" { bytes \"0x00\" }\n",
    )
    .unwrap();
    std::fs::copy(
        root().join("tests/checks/buffer-zero.conf"),
        t.path().join("buffer-zero.conf"),
    )
    .unwrap();
    let o = tplg()
        .args(["lint", "--format", "gcc"])
        .arg(t.path())
        .arg(&tplg_file)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let out = text(&o.stdout);
    assert!(
        out.contains("board.tplg:1:1: error[tplg::binary::malformed]"),
        "{out}"
    );
    assert!(
        out.contains("latin1.conf:1:1: error[tplg::input::not_text]"),
        "{out}"
    );
    assert!(out.contains("invalid byte at offset 5, line 1"), "{out}");
    assert!(
        out.contains("buffer-zero.conf:") && out.contains("tplg::buffer::zero"),
        "{out}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let t = tempfile::tempdir().unwrap();
    let big = t.path().join("big.conf");
    // sparse: no 65 MB written to disk
    std::fs::File::create(&big)
        .unwrap()
        .set_len((64 << 20) + 1)
        .unwrap();
    let o = tplg().arg("lint").arg(&big).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        text(&o.stdout).contains("tplg::input::too_large"),
        "{}",
        describe(&o)
    );
}

/// Deep nesting and long lines: a diagnostic at line:col, drawn without
/// the line when the line is long.
#[test]
fn long_lines_and_deep_nesting_render_compactly() {
    let t = tempfile::tempdir().unwrap();
    let deep = t.path().join("deep.conf");
    std::fs::write(
        &deep,
        format!(
            "SectionData.\"x\" {}{}\n",
            "{ a ".repeat(100_000),
            "}".repeat(100_000)
        ),
    )
    .unwrap();
    let long = t.path().join("long.conf");
    std::fs::write(
        &long,
        format!(
            "SectionData.\"x\" {{ {} bogus \"1\" }}\n",
            "comment \"x\" ".repeat(30_000)
        ),
    )
    .unwrap();
    for (f, code, exit) in [
        (&deep, "tplg::conf::depth", 1),
        (&long, "tplg::key::unknown", 0),
    ] {
        let o = tplg().arg("lint").arg(f).output().unwrap();
        assert_eq!(o.status.code(), Some(exit), "{}", describe(&o));
        let out = text(&o.stdout);
        assert!(out.contains(code), "{out}");
        assert!(out.contains("(line too long to show)"), "{out}");
        assert!(
            out.lines().all(|l| l.len() < 1000),
            "a line of the report is {} long",
            out.lines().map(str::len).max().unwrap()
        );
    }
}

/// Macros that call each other twice at each of 40 levels would run 2^40
/// statements: the build stops at the statement budget.
#[test]
fn exponential_macro_expansion_stops_with_a_diagnostic() {
    let t = tempfile::tempdir().unwrap();
    let mut src = String::from("macro A0(x) {\n  define Y = x\n}\n");
    for i in 1..=40 {
        src.push_str(&format!(
            "macro A{i}(x) {{\n  A{}(x)\n  A{}(x)\n}}\n",
            i - 1,
            i - 1
        ));
    }
    src.push_str("A40(1)\n");
    let f = t.path().join("exp.topo");
    std::fs::write(&f, src).unwrap();
    let out = t.path().join("exp.conf");
    let o = tplg()
        .arg("build")
        .arg(&f)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = text(&o.stderr);
    assert!(
        err.contains("the build runs past 1000000 statements"),
        "{err}"
    );
    assert!(err.contains("in the expansion of macro `A40`"), "{err}");
    assert!(!out.exists());
}

/// The M4 reader bounds its nesting too.
#[test]
fn deep_m4_nesting_is_a_diagnostic() {
    let t = tempfile::tempdir().unwrap();
    let f = t.path().join("deep.m4");
    std::fs::write(
        &f,
        format!(
            "define(`X', {}1{})\n",
            "(".repeat(100_000),
            ")".repeat(100_000)
        ),
    )
    .unwrap();
    let o = tplg()
        .arg("migrate")
        .arg(&f)
        .arg("-o")
        .arg(t.path().join("deep.topo"))
        .output()
        .unwrap();
    assert!(o.status.code().is_some_and(|c| c <= 2), "{}", describe(&o));
    assert!(!text(&o.stderr).contains("panicked"), "{}", describe(&o));
}

/// A path that is not there (a dangling symlink) is a usage error that
/// names it.
#[cfg(unix)]
#[test]
fn a_missing_lint_path_is_a_usage_error() {
    let t = tempfile::tempdir().unwrap();
    let gone = t.path().join("gone.conf");
    std::os::unix::fs::symlink(t.path().join("nowhere.conf"), &gone).unwrap();
    let o = tplg().arg("lint").arg(&gone).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(
        text(&o.stderr).contains("gone.conf` does not exist"),
        "{}",
        describe(&o)
    );
}

/// A `statements.toml` in an `-I` directory that does not parse stops
/// build (exit 1) and lint (exit 2), naming the file, line and column.
#[test]
fn a_library_that_does_not_load_is_named_with_its_place() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("statements.toml"), "[X\nkind = 1\n").unwrap();
    let topo = root().join("examples/single-volume-playback.topo");
    let out = t.path().join("out.conf");
    for (cmd, exit) in [(vec!["build"], 1), (vec!["lint"], 2)] {
        let mut c = tplg();
        c.args(&cmd).arg("-I").arg(t.path()).arg(&topo);
        if cmd[0] == "build" {
            c.arg("-o").arg(&out);
        }
        let o = c.output().unwrap();
        assert_eq!(o.status.code(), Some(exit), "{cmd:?}: {}", describe(&o));
        let err = text(&o.stderr);
        assert!(
            err.contains("error: cannot load the library"),
            "{cmd:?}: {err}"
        );
        assert!(
            err.contains("statements.toml: TOML parse error at line 1, column 3"),
            "{cmd:?}: {err}"
        );
    }
    assert!(!out.exists());
}
