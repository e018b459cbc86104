//! `tplg lint` over a tree: file discovery, formats, exit codes.

mod support;

use std::path::Path;
use support::*;

const CLEAN: &str = "VIRTUAL_WIDGET(codec0_out, output, 1)\n";
const BROKEN: &str = "VIRTUAL_WIDGET(codec0_out, output)\n";

fn tree() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let w = |p: &str, s: &str| {
        let p = t.path().join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, s).unwrap();
    };
    w("boards/good.topo", CLEAN);
    w("boards/bad.topo", BROKEN);
    w("boards/notes.txt", BROKEN);
    w("old/bad.topo", BROKEN);
    #[cfg(unix)]
    std::os::unix::fs::symlink(t.path().join("boards"), t.path().join("boards/loop")).unwrap();
    t
}

fn lint(dir: &Path, args: &[&str]) -> std::process::Output {
    tplg()
        .current_dir(dir)
        .arg("lint")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn gcc_format_lists_each_finding_once_and_skips_excluded_and_looping_paths() {
    let t = tree();
    let o = lint(t.path(), &[".", "--exclude", "old", "--format", "gcc"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert_eq!(
        text(&o.stdout),
        "./boards/bad.topo:1:15: error[tplg::eval::arg_count]: VIRTUAL_WIDGET takes 3 arguments, found 2\n"
    );
    assert!(
        text(&o.stderr).contains("a symlink back to"),
        "{}",
        describe(&o)
    );
}

#[test]
fn clean_files_exit_zero() {
    let t = tree();
    let o = lint(t.path(), &["boards/good.topo"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(text(&o.stderr).contains("1 files, 0 errors, 0 warnings"));
}

#[test]
fn json_and_sarif_are_machine_readable() {
    let t = tree();
    let o = lint(t.path(), &["boards/bad.topo", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["code"], "tplg::eval::arg_count");
    assert_eq!(v[0]["line"], 1);
    assert_eq!(v[0]["column"], 15);
    assert_eq!(v[0]["severity"], "error");
    let o = lint(t.path(), &["boards/bad.topo", "--format", "sarif"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let r = &v["runs"][0]["results"][0];
    assert_eq!(r["ruleId"], "tplg::eval::arg_count");
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"],
        1
    );
}

#[test]
fn github_annotations() {
    let t = tree();
    let o = lint(t.path(), &["boards/bad.topo", "--format", "github"]);
    assert_eq!(
        text(&o.stdout),
        "::error file=boards/bad.topo,line=1,col=15,endLine=1,endColumn=35,title=tplg%3A%3Aeval%3A%3Aarg_count::VIRTUAL_WIDGET takes 3 arguments, found 2%0A%0Ahelp: one argument is missing: the two given are `name` and `type`, so `index` is not given; the signature is VIRTUAL_WIDGET(name, type, index)\n\
         ::notice title=tplg::1 file: 1 error, 0 warnings\n"
    );
}

#[test]
fn warnings_fail_only_when_denied() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("w.topo"), "define X = 1\n").unwrap();
    let o = tplg()
        .current_dir(t.path())
        .args(["lint", "w.topo", "-DX=2", "--format", "gcc"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(text(&o.stdout).contains("warning[tplg::eval::define_replaces_command_line]"));
    let o = tplg()
        .current_dir(t.path())
        .args(["lint", "w.topo", "-DX=2", "--deny-warnings"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let t = tree();
    let o = lint(t.path(), &["nowhere"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("`nowhere` does not exist"));
}

#[test]
fn a_conf_that_does_not_parse_is_one_error_at_its_place() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("broken.conf"),
        "SectionWidget.\"PGA1.0\" {\n\tindex \"1\"\n\ttype \"pga\"\n",
    )
    .unwrap();
    let o = lint(t.path(), &["broken.conf", "--format", "gcc"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let out = text(&o.stdout);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.starts_with("broken.conf:3:12: error[tplg::conf::syntax]: syntax error: expected"),
        "{out}"
    );
}

#[test]
fn an_exclude_glob_matches_the_last_components_of_a_path() {
    let t = tree();
    // `old/*` names the directory wherever it is, as docs/checks.md shows
    // with `--exclude 'development/*' tools/topology/`
    let o = lint(
        t.path(),
        &[".", "--exclude", "old/*", "--exclude", "bad.topo"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(
        text(&o.stderr).contains("1 files, 0 errors"),
        "{}",
        describe(&o)
    );
    let o = lint(t.path(), &[".", "--exclude", "boards/*", "--format", "gcc"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert_eq!(
        text(&o.stdout),
        "./old/bad.topo:1:15: error[tplg::eval::arg_count]: VIRTUAL_WIDGET takes 3 arguments, found 2\n"
    );
}

/// `lint --variants`: each variant is built with its own `-D` set, so a
/// board that needs a flag is clean, a fragment is checked only through the
/// file that includes it, and a defect one variant's flags reach is found
/// at its line in the fragment.
#[test]
fn variants_lint_each_build_with_its_defines_and_fragments_through_their_includers() {
    let t = tempfile::tempdir().unwrap();
    let w = |p: &str, s: &str| std::fs::write(t.path().join(p), s).unwrap();
    // the fragment reads SPK_NAME, which only the variants define
    w("speaker.topo", "VIRTUAL_WIDGET(SPK_NAME, output, 1)\nif defined(BROKEN) {\n    VIRTUAL_WIDGET(SPK_NAME, output)\n}\n");
    w("board.topo", "include \"speaker\"\n");
    w(
        "variants.txt",
        "# input;output;flags, as SOF's TPLGS lists\nboard;board-a;-DSPK_NAME=spk_a\nboard;board-b;-DSPK_NAME=spk_b;-DBROKEN\n",
    );
    // linted on their own, both files stop at the undefined SPK_NAME
    let alone = lint(t.path(), &["--format", "gcc", "."]);
    assert_eq!(alone.status.code(), Some(1), "{}", describe(&alone));
    assert_eq!(
        text(&alone.stdout).matches("SPK_NAME").count(),
        2,
        "{}",
        describe(&alone)
    );
    // through the variants: board-a is clean, board-b's flag reaches the
    // two-argument call on line 3 of the fragment
    let o = lint(t.path(), &["--format", "gcc", "--variants", "variants.txt"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let out = text(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(lines[0].starts_with("speaker.topo:3:"), "{out}");
    assert!(lines[0].contains("tplg::eval::arg_count"), "{out}");
    // one variant file alone, clean
    w("clean.txt", "board;board-a;-DSPK_NAME=spk_a\n");
    let o = lint(t.path(), &["--variants", "clean.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    // a variants line that is not one is a usage error at its line
    w("bad.txt", "board\n");
    let o = lint(t.path(), &["--variants", "bad.txt"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(text(&o.stderr).contains("bad.txt:1:"), "{}", describe(&o));
}
