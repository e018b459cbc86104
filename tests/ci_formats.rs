//! The CI formats of `tplg lint` (and `build`), validated: GitHub workflow
//! commands against GitHub's annotation syntax, SARIF against the required
//! structure of the SARIF 2.1.0 schema (checked field by field: the
//! schema's licence does not let us vendor it), over the planted-defect
//! corpus, which has a finding of every check.

mod support;

use serde_json::Value;
use std::collections::BTreeSet;
use support::*;

fn lint_corpus(args: &[&str]) -> (String, std::process::Output) {
    let o = tplg()
        .current_dir(root())
        .args(["lint", "tests/checks", "examples"])
        .args(args)
        .output()
        .unwrap();
    (text(&o.stdout), o)
}

/// Problems with one line of GitHub workflow commands, if it is one.
/// `::LEVEL [k=v,…]::data`: LEVEL error, warning or notice; keys file, line,
/// col, endLine, endColumn, title; numbers where they are numbers; `%`, CR
/// and LF escaped in data, and `:` and `,` too in values.
fn github_problem(line: &str) -> Option<String> {
    let rest = line.strip_prefix("::")?;
    let (command, data) = match rest.split_once("::") {
        Some(x) => x,
        None => return Some(format!("no `::` before the data: {line}")),
    };
    let (level, props) = command.split_once(' ').unwrap_or((command, ""));
    if !["error", "warning", "notice"].contains(&level) {
        return Some(format!("`{level}` is no annotation level: {line}"));
    }
    let escaped = |s: &str| {
        for (i, c) in s.char_indices() {
            if c == '%'
                && !["%25", "%0D", "%0A", "%3A", "%2C"]
                    .iter()
                    .any(|e| s[i..].starts_with(e))
            {
                return false;
            }
            if c == '\r' || c == '\n' {
                return false;
            }
        }
        true
    };
    if !escaped(data) {
        return Some(format!("data not escaped: {line}"));
    }
    for kv in props.split(',').filter(|p| !p.is_empty()) {
        let Some((k, v)) = kv.split_once('=') else {
            return Some(format!("property `{kv}` has no value: {line}"));
        };
        if !["file", "line", "col", "endLine", "endColumn", "title"].contains(&k) {
            return Some(format!("unknown property `{k}`: {line}"));
        }
        if ["line", "col", "endLine", "endColumn"].contains(&k)
            && v.parse::<u32>().map_or(true, |n| n == 0)
        {
            return Some(format!("`{k}` is not a line or column number: {line}"));
        }
        if v.contains(':') || !escaped(v) {
            return Some(format!("property `{k}` not escaped: {line}"));
        }
    }
    None
}

#[test]
fn github_annotations_are_valid_capped_and_summed_up() {
    let (out, o) = lint_corpus(&["--format", "github", "--annotations", "3"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let lines: Vec<&str> = out.lines().collect();
    let problems: Vec<String> = lines.iter().filter_map(|l| github_problem(l)).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let annotated = |level: &str| {
        lines
            .iter()
            .filter(|l| l.starts_with(&format!("::{level} ")))
            .count()
    };
    assert_eq!(annotated("error"), 3, "{out}");
    assert_eq!(annotated("warning"), 3, "{out}");
    // the rest are log lines, all counted in the summary, which comes last
    let plain = lines.iter().filter(|l| !l.starts_with("::")).count();
    assert!(plain > 10, "{out}");
    let summary = lines.last().unwrap();
    assert!(summary.starts_with("::notice title=tplg::"), "{summary}");
    assert!(
        summary.contains(&format!("{plain} more are listed in the log")),
        "{summary}"
    );
    // every annotation carries its help
    assert!(
        lines
            .iter()
            .filter(|l| l.starts_with("::error "))
            .all(|l| l.contains("%0A%0Ahelp: ")),
        "{out}"
    );
    // and the totals are those of the gcc format
    let (gcc, _) = lint_corpus(&["--format", "gcc"]);
    let errors = gcc.lines().filter(|l| l.contains(": error[")).count();
    let warnings = gcc.lines().filter(|l| l.contains(": warning[")).count();
    assert!(
        summary.contains(&format!("{errors} errors, {warnings} warnings")),
        "{summary}"
    );
    assert_eq!(errors + warnings, 6 + plain);
}

/// The SARIF 2.1.0 schema's required properties and types, for what a log
/// holds; returns where it breaks them.
fn sarif_problems(log: &Value) -> Vec<String> {
    let mut p = Vec::new();
    let mut need = |ok: bool, what: String| {
        if !ok {
            p.push(what);
        }
    };
    need(log["version"] == "2.1.0", "version is not 2.1.0".into());
    let runs = log["runs"].as_array();
    need(runs.is_some(), "runs is not an array".into());
    for (ri, run) in runs.into_iter().flatten().enumerate() {
        let driver = &run["tool"]["driver"];
        need(
            driver["name"].is_string(),
            format!("runs[{ri}].tool.driver.name is required"),
        );
        for key in ["informationUri"] {
            if !driver[key].is_null() {
                need(
                    driver[key].as_str().is_some_and(|u| u.contains("://")),
                    format!("driver.{key} is no URI"),
                );
            }
        }
        let rules = driver["rules"].as_array().cloned().unwrap_or_default();
        let mut ids = BTreeSet::new();
        for (i, r) in rules.iter().enumerate() {
            need(r["id"].is_string(), format!("rules[{i}].id is required"));
            need(
                ids.insert(r["id"].to_string()),
                format!("rules[{i}].id is repeated"),
            );
            for key in ["shortDescription", "fullDescription", "help"] {
                if !r[key].is_null() {
                    need(
                        r[key]["text"].is_string(),
                        format!("rules[{i}].{key}.text is required"),
                    );
                }
            }
            if !r["helpUri"].is_null() {
                need(
                    r["helpUri"]
                        .as_str()
                        .is_some_and(|u| u.starts_with("https://")),
                    format!("rules[{i}].helpUri is no URI"),
                );
            }
            if let Some(level) = r["defaultConfiguration"]["level"].as_str() {
                need(
                    ["none", "note", "warning", "error"].contains(&level),
                    format!("rules[{i}] level {level}"),
                );
            }
        }
        let bases = run["originalUriBaseIds"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        for (k, v) in &bases {
            let uri = v["uri"].as_str().unwrap_or("");
            need(
                uri.starts_with("file:///") && uri.ends_with('/'),
                format!("originalUriBaseIds.{k} must be an absolute URI ending in /: {uri}"),
            );
        }
        let results = run["results"].as_array();
        need(
            results.is_some(),
            format!("runs[{ri}].results is not an array"),
        );
        for (i, r) in results.into_iter().flatten().enumerate() {
            need(
                r["message"]["text"].is_string(),
                format!("results[{i}].message.text is required"),
            );
            let level = r["level"].as_str().unwrap_or("warning");
            need(
                ["none", "note", "warning", "error"].contains(&level),
                format!("results[{i}].level {level}"),
            );
            if let Some(ix) = r["ruleIndex"].as_u64() {
                need(
                    rules
                        .get(ix as usize)
                        .is_some_and(|rule| rule["id"] == r["ruleId"]),
                    format!("results[{i}].ruleIndex names another rule"),
                );
            }
            for loc in r["locations"].as_array().into_iter().flatten() {
                let pl = &loc["physicalLocation"];
                let art = &pl["artifactLocation"];
                let uri = art["uri"].as_str().unwrap_or("");
                need(
                    !uri.is_empty(),
                    format!("results[{i}] artifactLocation.uri is required"),
                );
                need(
                    !uri.contains(' ') && !uri.contains('\\'),
                    format!("results[{i}] uri is not a URI: {uri}"),
                );
                match art["uriBaseId"].as_str() {
                    Some(base) => {
                        need(
                            bases.contains_key(base),
                            format!("results[{i}] uriBaseId {base} is not in originalUriBaseIds"),
                        );
                        need(
                            !uri.starts_with('/') && !uri.contains("://"),
                            format!("results[{i}] uri {uri} is not relative"),
                        );
                    }
                    None => need(
                        uri.starts_with("file:///"),
                        format!(
                            "results[{i}] uri {uri} is neither relative to a base nor absolute"
                        ),
                    ),
                }
                let region = &pl["region"];
                for key in ["startLine", "startColumn", "endLine", "endColumn"] {
                    if !region[key].is_null() {
                        need(
                            region[key].as_u64().is_some_and(|n| n >= 1),
                            format!("results[{i}] region.{key} < 1"),
                        );
                    }
                }
            }
        }
    }
    p
}

#[test]
fn sarif_is_valid_with_rule_metadata_and_relative_uris() {
    let (out, o) = lint_corpus(&["--format", "sarif"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let log: Value = serde_json::from_str(&out).unwrap();
    let problems = sarif_problems(&log);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let run = &log["runs"][0];
    let base = run["originalUriBaseIds"]["SRCROOT"]["uri"]
        .as_str()
        .unwrap();
    let root_uri = format!(
        "file://{}/",
        std::fs::canonicalize(root()).unwrap().display()
    );
    assert_eq!(base, root_uri);
    // every check has a finding in the corpus, so a rule with its metadata
    let doc = std::fs::read_to_string(root().join("docs/checks.md")).unwrap();
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let checks = rules
        .iter()
        .filter(|r| r["help"].is_string() || r["help"]["text"].is_string())
        .count();
    assert!(checks >= 30, "{checks} rules with help");
    for r in rules.iter().filter(|r| !r["help"].is_null()) {
        assert_ne!(r["shortDescription"]["text"], r["id"], "{r}");
        let uri = r["helpUri"].as_str().unwrap();
        let anchor = uri.split_once('#').unwrap().1;
        assert!(uri.contains("/docs/checks.md#"), "{uri}");
        assert!(
            doc.contains(&format!("<a id=\"{anchor}\"></a>")),
            "no anchor {anchor} in docs/checks.md"
        );
    }
    let results = run["results"].as_array().unwrap();
    let uris: BTreeSet<&str> = results
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(
        uris.contains("tests/checks/route-dangling.conf"),
        "{uris:?}"
    );
    assert!(
        uris.iter()
            .all(|u| u.starts_with("tests/checks/") || u.starts_with("examples/")),
        "{uris:?}"
    );
}

#[test]
fn sarif_base_moves_the_root_and_files_outside_it_are_absolute() {
    let o = tplg()
        .current_dir(root())
        .args([
            "lint",
            "tests/checks/route-dangling.conf",
            "--format",
            "sarif",
            "--sarif-base",
            "tests",
        ])
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        sarif_problems(&log).is_empty(),
        "{:?}",
        sarif_problems(&log)
    );
    let run = &log["runs"][0];
    assert!(run["originalUriBaseIds"]["SRCROOT"]["uri"]
        .as_str()
        .unwrap()
        .ends_with("/tests/"));
    let art = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(art["uri"], "checks/route-dangling.conf");
    let o = tplg()
        .current_dir(root())
        .args([
            "lint",
            "tests/checks/route-dangling.conf",
            "--format",
            "sarif",
            "--sarif-base",
            "examples",
        ])
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        sarif_problems(&log).is_empty(),
        "{:?}",
        sarif_problems(&log)
    );
    let art = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    let uri = art["uri"].as_str().unwrap();
    assert!(
        uri.starts_with("file:///") && uri.ends_with("/tests/checks/route-dangling.conf"),
        "{uri}"
    );
    assert!(art["uriBaseId"].is_null());
}

#[test]
fn build_reports_in_the_ci_formats_too() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("u.topo"), "include \"platform/intel/bxt\"\nPIPELINE_PCM_ADD(sof/pipe-volume-playback, 1, 0, 2, s32le,\n    1000, 0, 0, 48000, 48000, 48000)\n").unwrap();
    let o = tplg()
        .current_dir(t.path())
        .args(["build", "u.topo", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = text(&o.stderr);
    assert!(
        err.starts_with("::error file=u.topo,line=2,col=1,"),
        "{err}"
    );
    let annotations: Vec<&str> = err.lines().filter(|l| l.starts_with("::")).collect();
    assert!(
        annotations.iter().all(|l| github_problem(l).is_none()),
        "{err}"
    );
    assert_eq!(annotations.len(), 3, "{err}");
    let o = tplg()
        .current_dir(t.path())
        .args(["build", "u.topo", "--format", "sarif"])
        .output()
        .unwrap();
    let err = text(&o.stderr);
    let json = err.split("error: 1 problem").next().unwrap();
    let log: Value = serde_json::from_str(json).unwrap();
    assert!(
        sarif_problems(&log).is_empty(),
        "{:?}",
        sarif_problems(&log)
    );
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 2);
}
