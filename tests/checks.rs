//! The planted-defect corpus: every file under `tests/checks/` carries one
//! defect, declared in its header as `# expect: CODE LINE` (one line per
//! finding the defect must produce, in that file). Linting the file must
//! report exactly those findings, and every check must have a planted case.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use support::*;

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/checks");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "conf" || x == "topo"))
        .collect();
    v.sort();
    v
}

/// `(code, file name, line)` of each expected finding.
fn expected(path: &Path) -> BTreeSet<(String, String, usize)> {
    let name = path.file_name().unwrap().to_str().unwrap().to_string();
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|l| l.trim().strip_prefix("# expect:"))
        .map(|rest| {
            let mut w = rest.split_whitespace();
            let code = w.next().expect("expect: CODE LINE").to_string();
            let line = w.next().expect("expect: CODE LINE").parse().unwrap();
            (code, name.clone(), line)
        })
        .collect()
}

/// `(code, file name, line)` of each finding of `tplg lint --format gcc`.
fn found(path: &Path) -> BTreeSet<(String, String, usize)> {
    let o = tplg()
        .arg("lint")
        .arg("--format=gcc")
        .arg(path)
        .output()
        .unwrap();
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", describe(&o));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            // file:line:col: severity[code]: message
            let mut parts = l.splitn(4, ':');
            let file = parts.next().unwrap();
            let line = parts.next().unwrap().parse().unwrap();
            let rest = l.split_once('[').unwrap().1;
            let code = rest.split_once(']').unwrap().0.to_string();
            let file = Path::new(file).file_name().unwrap().to_str().unwrap();
            (code, file.to_string(), line)
        })
        .collect()
}

#[test]
fn each_planted_defect_is_found_exactly() {
    let mut failures = Vec::new();
    for case in cases() {
        let want = expected(&case);
        assert!(!want.is_empty(), "{}: no `# expect:` line", case.display());
        let got = found(&case);
        if want != got {
            failures.push(format!(
                "{}:\n  expected {want:?}\n  found    {got:?}",
                case.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_check_has_a_planted_case() {
    let o = tplg().args(["lint", "--list-checks"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let planted: BTreeSet<String> = cases()
        .iter()
        .flat_map(|c| expected(c))
        .map(|e| e.0)
        .collect();
    let listed = String::from_utf8(o.stdout).unwrap();
    let missing: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|code| !planted.contains(*code))
        .collect();
    assert!(listed.lines().count() > 0);
    assert!(
        missing.is_empty(),
        "checks without a planted case: {missing:?}"
    );
}

#[test]
fn examples_lint_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = tplg()
        .args(["lint", "--deny-warnings", "--format=gcc"])
        .arg(root.join("examples"))
        .arg(root.join("tests/examples"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(o.stdout.is_empty(), "{}", describe(&o));
}
