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

/// A playback pipeline on SSP `index` of an Intel platform, with its link.
fn ssp_topology(platform: &str, index: u32) -> String {
    format!(
        "include \"platform/intel/{platform}\"
PIPELINE_PCM_ADD(sof/pipe-volume-playback, 1, 0, 2, s32le,
    1000, 0, 0, 48000, 48000, 48000)
DAI_ADD(sof/pipe-dai-playback, 1, SSP, {index}, SSP{index}-Codec,
    PIPELINE_SOURCE_1, 2, s24le, 1000, 0, 0, SCHEDULE_TIME_DOMAIN_TIMER)
PCM_PLAYBACK_ADD(Port, 0, PIPELINE_PCM_1)
DAI_CONFIG(SSP, {index}, 0, SSP{index}-Codec,
    SSP_CONFIG(I2S, SSP_CLOCK(mclk, 24576000, codec_mclk_in),
        SSP_CLOCK(bclk, 3072000, codec_consumer),
        SSP_CLOCK(fsync, 48000, codec_consumer),
        SSP_TDM(2, 32, 3, 3),
        SSP_CONFIG_DATA(SSP, {index}, 24)))
"
    )
}

/// Every Intel platform file gives its firmware's SSP count, and `build`,
/// `lint` and `info` refuse the first SSP index beyond it (and take the
/// last one there is).
#[test]
fn every_intel_platform_checks_ssp_indexes() {
    let platforms = [
        ("bxt", 6),
        ("cnl", 3),
        ("whl", 3),
        ("cml", 3),
        ("icl", 6),
        ("jsl", 6),
        ("tgl", 6),
        ("ehl", 6),
        ("adl", 6),
        ("rpl", 6),
        ("byt", 3),
        ("cht", 6),
        ("bdw", 2),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (platform, count) in platforms {
        for (index, refused) in [(count - 1, false), (count, true)] {
            let topo = dir.path().join(format!("{platform}-{index}.topo"));
            std::fs::write(&topo, ssp_topology(platform, index)).unwrap();
            for cmd in ["build", "lint", "info"] {
                let o = tplg().arg(cmd).arg(&topo).output().unwrap();
                let err = text(&o.stderr) + &text(&o.stdout);
                let found = err.contains("tplg::dai::index");
                assert_eq!(
                    found, refused,
                    "{cmd} of SSP{index} on {platform} (SSP count {count}):\n{err}"
                );
                if refused {
                    assert_eq!(o.status.code(), Some(1), "{cmd} {platform}: {err}");
                }
            }
        }
    }
}
