//! `tplg info`: the tables of the Apollo Lake example, and one planted
//! defect per info check under `tests/info/`, each declaring what it must
//! yield as `# expect: CODE LINE` (and extra arguments as `# args: …`).

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use support::*;

fn info(args: &[&str]) -> std::process::Output {
    tplg()
        .current_dir(root())
        .arg("info")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn apl_example_tables() {
    let o = info(&["examples/sof-apl-da7219.topo"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(o.stderr.is_empty(), "{}", describe(&o));
    let out = text(&o.stdout);
    assert!(
        out.starts_with("7 pipelines, 6 PCMs (7 streams), 7 DAIs, 6 BE links\n"),
        "{out}"
    );
    for row in [
        "  ID  SCHEDULER            SCHED COMP  CORE  PERIOD   PRIORITY  TIME DOMAIN  DYNAMIC  WIDGETS  PCM",
        "  1   PIPELINE.1.SSP5.OUT  SSP5.OUT    0     1000 us  0         timer        no       5        Speakers (0) playback",
        "  4   PIPELINE.4.DMIC0.IN  DMIC0.IN    0     1000 us  0         timer        no       3        DMIC (99) capture",
        "  Headset   1   capture, playback  PCM1C, PCM1P  2, 3",
        "  SSP1.IN   SSP   1      capture    SSP1-Codec (1)  3",
        "  DMIC0.IN  DMIC  0      capture    dmic01 (2)      4",
        "  SSP5-Codec  0   SSP5   SSP5        I2S     mclk 19200000 codec_mclk_in, bclk 1536000 codec_consumer, fsync 48000 codec_consumer, tdm 2x16",
        "  iDisp3      5   HDA5   HDA5        -       -",
    ] {
        assert!(out.contains(&format!("{row}\n")), "no row\n{row}\nin\n{out}");
    }
    // APL's DAI counts come from the platform file, and the link IDs run
    // from 0: nothing to note
    assert!(!out.contains("Notes"), "{out}");
}

#[test]
fn conf_without_platform_notes_unchecked_indexes() {
    let o = info(&["tests/examples/sof-apl-da7219.conf"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let out = text(&o.stdout);
    assert!(out.contains("note: DAI indexes were not checked"), "{out}");
    let with = info(&[
        "--platform",
        "intel/bxt",
        "tests/examples/sof-apl-da7219.conf",
    ]);
    assert_eq!(with.status.code(), Some(0), "{}", describe(&with));
    assert!(!text(&with.stdout).contains("Notes"));
}

#[test]
fn unknown_platform_is_a_usage_error() {
    let o = info(&[
        "--platform",
        "intel/nope",
        "tests/examples/sof-apl-da7219.conf",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(text(&o.stderr).contains("--platform intel/nope"));
}

#[test]
fn missing_file_is_a_usage_error() {
    let o = info(&["no/such.topo"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
}

fn cases() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("tests/info"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "conf" || x == "topo"))
        .collect();
    v.sort();
    v
}

/// The values of a header key (`# expect: …`).
fn header<'a>(text: &'a str, key: &str) -> Vec<&'a str> {
    let key = format!("# {key}:");
    text.lines()
        .filter_map(|l| l.trim().strip_prefix(key.as_str()).map(str::trim))
        .collect()
}

/// `(code, line)` of each finding: the code line of a report, then the
/// first location in the case file itself (not in its expansion or the
/// library).
fn findings(stderr: &str, file: &Path) -> BTreeSet<(String, usize)> {
    let name = file.to_str().unwrap();
    let mut out = BTreeSet::new();
    let mut code: Option<String> = None;
    for l in stderr.lines() {
        let t = l.trim();
        if t.starts_with("tplg::") && !t.contains(' ') {
            code = Some(t.to_string());
            continue;
        }
        let pattern = format!("─[{name}:");
        let Some(at) = t.find(&pattern) else {
            continue;
        };
        if let Some(c) = code.take() {
            let rest = &t[at + pattern.len()..];
            let line = rest.split(':').next().unwrap().parse().unwrap();
            out.insert((c, line));
        }
    }
    out
}

#[test]
fn each_planted_defect_is_found_exactly() {
    let mut failures = Vec::new();
    for case in cases() {
        let rel = case.strip_prefix(root()).unwrap().to_path_buf();
        let source = std::fs::read_to_string(&case).unwrap();
        let want: BTreeSet<(String, usize)> = header(&source, "expect")
            .into_iter()
            .map(|e| {
                let (code, line) = e.split_once(' ').expect("expect: CODE LINE");
                (code.to_string(), line.trim().parse().unwrap())
            })
            .collect();
        assert!(!want.is_empty(), "{}: no `# expect:` line", rel.display());
        let mut args: Vec<String> = header(&source, "args")
            .into_iter()
            .flat_map(|a| a.split_whitespace().map(str::to_string).collect::<Vec<_>>())
            .collect();
        args.push(rel.display().to_string());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = info(&args);
        let got = findings(&text(&o.stderr), &rel);
        let errors = want.iter().any(|(c, _)| c != "tplg::link::duplicate_id");
        let code = o.status.code();
        if want != got || code != Some(i32::from(errors)) {
            failures.push(format!(
                "{}:\n  expected {want:?}\n  found    {got:?}\n  exit {code:?}\n{}",
                rel.display(),
                text(&o.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_info_check_has_a_planted_case() {
    let planted: BTreeSet<String> = cases()
        .iter()
        .flat_map(|c| {
            let s = std::fs::read_to_string(c).unwrap();
            header(&s, "expect")
                .into_iter()
                .map(|e| e.split_whitespace().next().unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    for check in tplg::info::CHECKS {
        let code = check.code;
        assert!(planted.contains(code), "no planted case for {code}");
    }
}

#[test]
fn build_with_info_writes_the_tables_to_stderr_as_comments() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.conf");
    let o = tplg()
        .current_dir(root())
        .args(["build", "examples/sof-apl-da7219.topo", "-D", "INFO", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(out.exists());
    let err = text(&o.stderr);
    assert!(err.lines().all(|l| l.starts_with("//")), "{err}");
    assert!(
        err.contains("// tplg info: examples/sof-apl-da7219.topo"),
        "{err}"
    );
    assert!(err.contains("//   SSP5.OUT  SSP   5"), "{err}");
}

/// The DAI index check is a build check: a DAI beyond the platform's array
/// stops the build, -D INFO or not.
#[test]
fn build_refuses_a_dai_index_beyond_the_platform() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.conf");
    let o = tplg()
        .current_dir(root())
        .args(["build", "tests/info/dai-index.topo", "-D", "INFO", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(!out.exists());
    let err = text(&o.stderr);
    assert!(err.contains("tplg::dai::index"), "{err}");
    assert!(
        err.contains("uses SSP6, but the platform has SSP0 to SSP5 only"),
        "{err}"
    );
}

/// The `--format json` layout docs/tools.md gives: every field it names is
/// in the output (for the bundled APL example), and every field of the
/// output is named.
#[test]
fn info_json_has_the_documented_layout() {
    let o = tplg()
        .current_dir(root())
        .args(["info", "examples/sof-apl-da7219.topo", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(o.stderr.is_empty(), "{}", describe(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema"], "tplg-info/1");
    fn paths(v: &serde_json::Value, at: &str, out: &mut std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    let p = if at.is_empty() {
                        k.clone()
                    } else {
                        format!("{at}.{k}")
                    };
                    out.insert(p.clone());
                    paths(x, &p, out);
                }
            }
            serde_json::Value::Array(a) => {
                for x in a {
                    paths(x, &format!("{at}[]"), out);
                }
            }
            _ => {}
        }
    }
    let mut found = std::collections::BTreeSet::new();
    paths(&v, "", &mut found);
    let doc = std::fs::read_to_string(root().join("docs/tools.md")).unwrap();
    let section = doc.split("### `tplg info --format json`").nth(1).unwrap();
    let section = section.split("\n## ").next().unwrap();
    let mut documented = std::collections::BTreeSet::new();
    for row in section.lines().filter(|l| l.starts_with("| `")) {
        let cell = row[2..].split(" | ").next().unwrap();
        // `a.b.c`, `.d.e` names a.b.c and a.d.e: a `.tail` of k parts
        // replaces the first name's last k parts
        let names: Vec<&str> = cell.split(", ").map(|n| n.trim_matches('`')).collect();
        let first: Vec<&str> = names[0].split('.').collect();
        for n in &names {
            documented.insert(match n.strip_prefix('.') {
                Some(tail) => {
                    let k = tail.split('.').count();
                    format!("{}.{tail}", first[..first.len() - k].join("."))
                }
                None => n.to_string(),
            });
        }
    }
    // the example has no findings: their fields are documented as lint's
    let findings: Vec<_> = documented
        .iter()
        .filter(|d| d.starts_with("findings[]."))
        .cloned()
        .collect();
    let missing: Vec<_> = documented
        .iter()
        .filter(|d| !found.contains(*d) && !findings.contains(d))
        .collect();
    let undocumented: Vec<_> = found.difference(&documented).collect();
    assert!(
        missing.is_empty() && undocumented.is_empty(),
        "documented but not in the output: {missing:?}; in the output but not documented: {undocumented:?}"
    );
    assert!(v["pipelines"].as_array().unwrap().len() >= 7);
    assert!(v["links"][0]["clocks"]["tdm"]["slots"].as_u64().is_some());
}
