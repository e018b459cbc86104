//! Golden cases: `tests/cases/NAME/input.topo` built by the real binary.
//!
//! - `expected.conf`: the build must succeed and write exactly this.
//! - `expected.stderr`: for `err_*` cases, the build must fail with exit 1,
//!   print exactly this, and leave no output file; for other cases, the
//!   warnings the successful build prints (none if the file is absent).
//! - `args`: extra command-line arguments, one per line; `$TMP` is a
//!   temporary directory (and is `$TMP` again in what the build prints).
//! - `expected.expanded`: what the build writes to `$TMP/expanded.conf`
//!   (`--emit-expanded $TMP/expanded.conf`), passing or failing.
//!
//! When alsatplg is installed, every successful output must compile with it.

mod support;

use std::path::Path;
use std::process::Command;
use support::*;

fn run_case(dir: &Path, alsatplg: bool) -> Result<(), String> {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out.conf");
    // A stale file in the way must survive a failed build untouched.
    std::fs::write(&out, "stale\n").unwrap();
    let mut cmd = tplg();
    cmd.current_dir(dir)
        .arg("build")
        .arg("input.topo")
        .arg("-o")
        .arg(&out);
    let tmp_name = tmp.path().to_str().unwrap().to_string();
    if let Ok(args) = std::fs::read_to_string(dir.join("args")) {
        cmd.args(
            args.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| l.replace("$TMP", &tmp_name)),
        );
    }
    let mut o = cmd.output().unwrap();
    o.stderr = text(&o.stderr).replace(&tmp_name, "$TMP").into_bytes();
    let expanded = tmp.path().join("expanded.conf");
    if expanded.exists() || dir.join("expected.expanded").exists() {
        let written = std::fs::read_to_string(&expanded)
            .map_err(|e| format!("{name}: no $TMP/expanded.conf: {e}"))?;
        compare(&dir.join("expected.expanded"), &written).map_err(|e| format!("{name}: {e}"))?;
    }
    let stderr_file = dir.join("expected.stderr");
    let must_fail = name.starts_with("err_");
    if must_fail && !stderr_file.exists() && !blessing() {
        return Err(format!("{name}: `err_*` cases need expected.stderr"));
    }
    if must_fail {
        if o.status.code() != Some(1) {
            return Err(format!("{name}: expected exit 1\n{}", describe(&o)));
        }
        if std::fs::read_to_string(&out).unwrap() != "stale\n" {
            return Err(format!("{name}: a failed build touched the output file"));
        }
        compare(&stderr_file, &text(&o.stderr)).map_err(|e| format!("{name}: {e}"))
    } else {
        if !o.status.success() {
            return Err(format!("{name}: build failed\n{}", describe(&o)));
        }
        // warnings of a successful build
        if stderr_file.exists() || !o.stderr.is_empty() {
            compare(&stderr_file, &text(&o.stderr)).map_err(|e| format!("{name}: {e}"))?;
        }
        let conf = std::fs::read_to_string(&out).unwrap();
        compare(&dir.join("expected.conf"), &conf).map_err(|e| format!("{name}: {e}"))?;
        if alsatplg {
            let a = Command::new("alsatplg")
                .arg("-c")
                .arg(&out)
                .arg("-o")
                .arg(tmp.path().join("out.tplg"))
                .output()
                .unwrap();
            if !a.status.success() {
                return Err(format!(
                    "{name}: alsatplg rejects the output:\n{}",
                    text(&a.stderr)
                ));
            }
        }
        Ok(())
    }
}

#[test]
fn golden_cases() {
    let mut dirs: Vec<_> = std::fs::read_dir(root().join("tests/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 10, "the case corpus went missing");
    let alsatplg = have("alsatplg", "that alsatplg accepts each successful case");
    let failures: Vec<String> = dirs
        .iter()
        .filter_map(|d| run_case(d, alsatplg).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n\n")
    );
}

/// Every pipeline template of the library is built by golden cases at least
/// twice (two argument sets), so a template never ships unexercised.
#[test]
fn every_pipeline_template_has_cases() {
    let mut uses: std::collections::BTreeMap<String, usize> =
        std::fs::read_dir(root().join("macros/sof"))
            .unwrap()
            .filter_map(|e| {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                name.strip_suffix(".j2").map(|n| (n.to_string(), 0))
            })
            .collect();
    for case in std::fs::read_dir(root().join("tests/cases")).unwrap() {
        let case = case.unwrap().path();
        if case
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("err_")
        {
            continue;
        }
        for file in walkdir::WalkDir::new(&case) {
            let file = file.unwrap();
            if file.path().extension().is_some_and(|e| e == "topo") {
                let text = std::fs::read_to_string(file.path()).unwrap();
                for (name, n) in &mut uses {
                    let needle = format!("sof/{name}");
                    *n += text
                        .match_indices(&needle)
                        .filter(|(i, _)| {
                            !text[i + needle.len()..].starts_with(|c: char| {
                                c.is_ascii_alphanumeric() || c == '-' || c == '_'
                            })
                        })
                        .count();
                }
            }
        }
    }
    let missing: Vec<String> = uses
        .iter()
        .filter(|(_, n)| **n < 2)
        .map(|(name, n)| format!("sof/{name} ({n} uses)"))
        .collect();
    assert!(
        missing.is_empty(),
        "pipeline templates without two uses in tests/cases/*/ (non-err) topologies:\n  {}",
        missing.join("\n  ")
    );
}
