//! What every subcommand shares about reporting: `--format` for findings
//! (build and lint), `--quiet`, `--color`, `--allow`/`--deny`, and allow
//! comments in the sources.

mod support;

use support::*;

/// A host pipeline alone: one error (no scheduler) and one warning (no PCM).
const UNFINISHED: &str = "include \"platform/intel/bxt\"\n\
PIPELINE_PCM_ADD(sof/pipe-volume-playback, 1, 0, 2, s32le,\n    1000, 0, 0, 48000, 48000, 48000)\n";

fn dir_with(name: &str, text: &str) -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join(name), text).unwrap();
    t
}

fn run(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    tplg().current_dir(dir).args(args).output().unwrap()
}

#[test]
fn build_prints_one_line_per_finding_with_format_short() {
    let t = dir_with("u.topo", UNFINISHED);
    for format in ["short", "gcc"] {
        let o = run(t.path(), &["build", "u.topo", "--format", format]);
        assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
        assert_eq!(
            text(&o.stderr),
            "u.topo:2:1: error[tplg::pipeline::unscheduled]: pipeline 1 has no scheduler widget, so nothing runs `PCM0P`, `PGA1.0`, `BUF1.0` and `BUF1.1` (index 1)\n\
             u.topo:2:1: warning[tplg::host::unbound]: host widget `PCM0P` is bound to no PCM: no playback stream has capabilities `Passthrough Playback 0`\n\
             error: 1 problem found; nothing written\n"
        );
        assert!(o.stdout.is_empty());
    }
    // an evaluation error is one line too
    let t = dir_with("e.topo", "include \"utils.m4\"\n");
    let o = run(t.path(), &["build", "e.topo", "--format=short"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert_eq!(
        text(&o.stderr),
        "e.topo:1:9: error[tplg::eval::include_not_found]: cannot find include `utils.m4`\n"
    );
}

#[test]
fn build_findings_as_json_carry_the_help() {
    let t = dir_with("u.topo", UNFINISHED);
    let o = run(t.path(), &["build", "u.topo", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let stderr = text(&o.stderr);
    let json = stderr.split("error: 1 problem").next().unwrap();
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(v[0]["code"], "tplg::pipeline::unscheduled");
    assert!(v[0]["help"].as_str().unwrap().contains("scheduler"));
    assert_eq!(v[1]["severity"], "warning");
}

#[test]
fn quiet_prints_errors_only_before_or_after_the_subcommand() {
    let t = dir_with("u.topo", UNFINISHED);
    for args in [
        &["--quiet", "build", "u.topo", "--format", "short"][..],
        &["build", "-q", "u.topo", "--format", "short"][..],
    ] {
        let o = run(t.path(), args);
        assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
        let e = text(&o.stderr);
        assert!(e.contains("error[tplg::pipeline::unscheduled]"), "{e}");
        assert!(!e.contains("warning"), "{e}");
    }
    // the warning still fails a --deny-warnings lint, quietly
    let t = dir_with(
        "w.conf",
        "SectionWidget.\"w\" {\n\ttype \"pga\"\n\tindex \"1\"\n\tcolour \"red\"\n}\n",
    );
    let o = run(t.path(), &["lint", "-q", "--deny-warnings", "w.conf"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(!text(&o.stdout).contains("warning"), "{}", describe(&o));
    assert!(!text(&o.stderr).contains("files,"), "{}", describe(&o));
}

#[test]
fn color_always_colours_and_never_does_not() {
    let t = dir_with("u.topo", UNFINISHED);
    let o = run(t.path(), &["build", "u.topo", "--color", "always"]);
    assert!(text(&o.stderr).contains("\u{1b}["), "{}", describe(&o));
    let o = run(t.path(), &["build", "u.topo", "--color=never"]);
    assert!(!text(&o.stderr).contains("\u{1b}["), "{}", describe(&o));
    let o = run(t.path(), &["build", "u.topo", "--color", "sometimes"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
}

#[test]
fn allow_drops_and_deny_raises_for_the_run() {
    let t = dir_with("u.topo", UNFINISHED);
    let o = run(
        t.path(),
        &[
            "build",
            "u.topo",
            "--allow",
            "pipeline::unscheduled",
            "--allow",
            "tplg::host",
            "-o",
            "u.conf",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(o.stderr.is_empty(), "{}", describe(&o));
    assert!(std::fs::read_to_string(t.path().join("u.conf"))
        .unwrap()
        .contains("SectionWidget.\"PGA1.0\""));
    let o = run(
        t.path(),
        &[
            "build",
            "u.topo",
            "--allow",
            "pipeline::unscheduled",
            "--deny",
            "host::unbound",
            "--format",
            "short",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        text(&o.stderr).contains("u.topo:2:1: error[tplg::host::unbound]"),
        "{}",
        describe(&o)
    );
    // a code that is no check's is said to be one, with the closest
    let o = run(
        t.path(),
        &[
            "build",
            "u.topo",
            "--allow",
            "pipeline::unschedul",
            "--allow",
            "host",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let e = text(&o.stderr);
    assert!(
        e.contains("`tplg::pipeline::unschedul` is the code of no check"),
        "{e}"
    );
    assert!(
        e.contains("did you mean `tplg::pipeline::unscheduled`?"),
        "{e}"
    );
    assert!(e.contains("--allow pipeline::unschedul"), "{e}");
}

#[test]
fn allow_comments_work_in_alsaconf_too() {
    let conf = "# tplg: allow-file(key::unknown)\nSectionWidget.\"w\" {\n\ttype \"pga\"\n\tindex \"1\"\n\tcolour \"red\"\n}\n";
    let t = dir_with("w.conf", conf);
    let o = run(
        t.path(),
        &["lint", "--deny-warnings", "--format", "gcc", "w.conf"],
    );
    assert!(
        !text(&o.stdout).contains("key::unknown"),
        "{}",
        describe(&o)
    );
    let line = conf
        .replace("# tplg: allow-file(key::unknown)\n", "")
        .replace("\"red\"", "\"red\" # tplg: allow(key)");
    let t = dir_with("w.conf", &line);
    let o = run(t.path(), &["lint", "--format", "gcc", "w.conf"]);
    assert!(
        !text(&o.stdout).contains("key::unknown"),
        "{}",
        describe(&o)
    );
    // without the comment it is found
    let t = dir_with(
        "w.conf",
        &conf.replace("# tplg: allow-file(key::unknown)\n", ""),
    );
    let o = run(t.path(), &["lint", "--format", "gcc", "w.conf"]);
    assert!(
        text(&o.stdout).contains("warning[tplg::key::unknown]"),
        "{}",
        describe(&o)
    );
}

#[test]
fn a_define_nothing_reads_is_a_warning_with_the_name_meant() {
    let o = tplg()
        .current_dir(root())
        .args([
            "build",
            "examples/single-volume-playback.topo",
            "-D",
            "PLATFORM_CORE_CONT=2",
            "-DGRAPH",
            "-o",
            "/dev/null",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let e = text(&o.stderr);
    assert!(
        e.contains("nothing in this build reads `PLATFORM_CORE_CONT`"),
        "{e}"
    );
    assert!(e.contains("did you mean `PLATFORM_CORE_COUNT`?"), "{e}");
    // GRAPH is read by build itself
    assert!(!e.contains("reads `GRAPH`"), "{e}");
}

/// The output is written while the checks run, but put in place only once
/// they pass: a build that fails them leaves the old output as it was (its
/// bytes and its time) and nothing beside it.
#[test]
fn a_build_that_fails_its_checks_leaves_the_old_output_alone() {
    let t = dir_with("u.topo", UNFINISHED);
    let out = t.path().join("out").join("u.conf");
    std::fs::create_dir(t.path().join("out")).unwrap();
    std::fs::write(&out, "# the last good build\n").unwrap();
    let before = std::fs::metadata(&out).unwrap().modified().unwrap();
    let o = run(t.path(), &["build", "u.topo", "-o", "out/u.conf"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        text(&o.stderr).contains("nothing written"),
        "{}",
        describe(&o)
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "# the last good build\n"
    );
    assert_eq!(std::fs::metadata(&out).unwrap().modified().unwrap(), before);
    let left: Vec<_> = std::fs::read_dir(t.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["u.conf"], "a staged file was left behind");
}
