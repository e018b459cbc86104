//! `tplg build --emit-expanded FILE`: the expanded alsaconf written whole,
//! passing or failing, never over an input or the output; notes into the
//! expanded text name FILE, or say how to get it.

mod support;

use std::path::Path;
use support::*;

fn build(dir: &Path, args: &[&str]) -> std::process::Output {
    tplg()
        .current_dir(dir)
        .arg("build")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_passing_build_emits_what_it_writes() {
    let dir = tempfile::tempdir().unwrap();
    let example = root().join("examples/single-volume-playback.topo");
    let o = build(
        dir.path(),
        &[
            example.to_str().unwrap(),
            "-o",
            "out.conf",
            "--emit-expanded",
            "expanded.conf",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let out = std::fs::read_to_string(dir.path().join("out.conf")).unwrap();
    let expanded = std::fs::read_to_string(dir.path().join("expanded.conf")).unwrap();
    assert_eq!(out, expanded);
    assert!(expanded.contains("SectionPCM.\"Port5\""));
}

/// A topology whose check fails: two PCMs with ID 0.
fn failing(dir: &Path) -> String {
    let source = std::fs::read_to_string(root().join("examples/single-volume-playback.topo"))
        .unwrap()
        + "\nPCM_PLAYBACK_ADD(Again, 0, PIPELINE_PCM_1)\n";
    std::fs::write(dir.join("t.topo"), &source).unwrap();
    source
}

#[test]
fn a_failing_build_emits_and_its_notes_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    failing(dir.path());
    // without it, the note says how to get the text
    let o = build(dir.path(), &["t.topo", "-o", "out.conf"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = text(&o.stderr);
    assert!(err.contains("t.topo (expanded):"), "{err}");
    assert!(err.contains("`tplg build --emit-expanded FILE`"), "{err}");
    // with it, the text is written and named
    let o = build(
        dir.path(),
        &["t.topo", "-o", "out.conf", "--emit-expanded", "e.conf"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(!dir.path().join("out.conf").exists());
    let err = text(&o.stderr);
    assert!(!err.contains("(expanded)"), "{err}");
    assert!(!err.contains("--emit-expanded FILE"), "{err}");
    let written = std::fs::read_to_string(dir.path().join("e.conf")).unwrap();
    // the note's line:col is where the text says it is
    let at = err
        .lines()
        .find_map(|l| l.split("[e.conf:").nth(1))
        .unwrap_or_else(|| panic!("no e.conf note in {err}"));
    let line: usize = at.split(':').next().unwrap().parse().unwrap();
    assert_eq!(
        written.lines().nth(line - 1).unwrap().trim(),
        "id \"0\"",
        "{err}"
    );
    // the other formats name it too
    let o = build(
        dir.path(),
        &["t.topo", "--emit-expanded", "e2.conf", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("e2.conf")).unwrap(),
        written
    );
}

#[test]
fn never_over_an_input_or_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let source = failing(dir.path());
    std::fs::write(dir.path().join("inc.topo"), "# included\n").unwrap();
    std::fs::write(
        dir.path().join("main.topo"),
        format!("include \"inc.topo\"\n{source}"),
    )
    .unwrap();
    std::fs::write(dir.path().join("out.conf"), "stale\n").unwrap();
    for (args, says) in [
        (&["t.topo", "--emit-expanded", "t.topo"][..], "is the input"),
        (
            &["t.topo", "-o", "out.conf", "--emit-expanded", "out.conf"][..],
            "is also the output",
        ),
        (
            &["main.topo", "--emit-expanded", "inc.topo"][..],
            "which the build reads",
        ),
    ] {
        let o = build(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", describe(&o));
        assert!(text(&o.stderr).contains(says), "{args:?}: {}", describe(&o));
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("t.topo")).unwrap(),
        source
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("inc.topo")).unwrap(),
        "# included\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.conf")).unwrap(),
        "stale\n"
    );
}

#[test]
fn nothing_to_emit_when_the_source_does_not_evaluate() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.topo"), "PIPELINE_PCM_ADD(\n").unwrap();
    let o = build(dir.path(), &["t.topo", "--emit-expanded", "e.conf"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(text(&o.stderr).contains("--emit-expanded: nothing written"));
    assert!(!dir.path().join("e.conf").exists());
}
