//! The user docs agree with the library and the tool: the statement
//! reference in docs/language.md is what `statements.toml` says (signature,
//! kind, summary, parameter table; bless with `TPLG_BLESS=1`), the pipeline
//! reference lists every pipeline template the library has, docs/checks.md
//! lists the check registry, and every command a doc shows runs and prints
//! what the doc shows (the tutorial's steps included; see
//! `support/doctest.rs` for the hidden directives that set them up).

mod support;

use std::collections::BTreeSet;
use support::*;
use tplg::eval::signature::Signatures;

fn signatures() -> Signatures {
    let text = std::fs::read_to_string(root().join("macros/statements.toml")).unwrap();
    Signatures::parse(&text).unwrap()
}

/// The `` `NAME` `` words of a `####` heading.
fn heading_names(line: &str) -> Vec<&str> {
    line.split('`').skip(1).step_by(2).collect()
}

/// Rewrites each single-construct section of the reference with the
/// construct's generated entry; returns the new text and the constructs
/// with no section of their own, and grouped sections whose signature
/// lines leave a member out.
fn regenerate(doc: &str, sigs: &Signatures) -> (String, Vec<String>) {
    let lines: Vec<&str> = doc.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut documented = BTreeSet::new();
    let mut problems = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        out.push(line.to_string());
        i += 1;
        if !line.starts_with("#### ") {
            continue;
        }
        let names: Vec<&str> = heading_names(line)
            .into_iter()
            .filter(|n| sigs.get(n).is_some())
            .collect();
        documented.extend(names.iter().map(std::string::ToString::to_string));
        if names.is_empty() {
            continue;
        }
        // the section's first paragraph, and the table right after it
        let mut j = i;
        while j < lines.len() && lines[j].trim().is_empty() {
            j += 1;
        }
        let para_start = j;
        while j < lines.len() && !lines[j].trim().is_empty() {
            j += 1;
        }
        let para = lines[para_start..j].join(" ");
        if names.len() > 1 {
            for n in &names {
                let display = sigs.get(n).unwrap().display();
                if !para.contains(&format!("`{display}`")) {
                    problems.push(format!("{line}: the signature `{display}` is not given"));
                }
            }
            continue;
        }
        let sig = sigs.get(names[0]).unwrap();
        let mut k = j;
        while k < lines.len() && lines[k].trim().is_empty() {
            k += 1;
        }
        let end = if k < lines.len() && lines[k].starts_with('|') {
            while k < lines.len() && lines[k].starts_with('|') {
                k += 1;
            }
            k
        } else {
            j
        };
        out.push(String::new());
        out.extend(sig.reference().lines().map(str::to_string));
        i = end;
    }
    for name in sigs.names() {
        if !documented.contains(name) {
            problems.push(format!(
                "`{name}` has no `####` section in docs/language.md"
            ));
        }
    }
    let mut text = out.join("\n");
    text.push('\n');
    (text, problems)
}

#[test]
fn the_statement_reference_is_what_statements_toml_says() {
    let path = root().join("docs/language.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let sigs = signatures();
    let (generated, problems) = regenerate(&doc, &sigs);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    if generated != doc {
        if blessing() {
            std::fs::write(&path, &generated).unwrap();
            return;
        }
        let line = doc
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "docs/language.md's statement reference differs from statements.toml from line {}:\n  doc:       {}\n  generated: {}\n(regenerate with TPLG_BLESS=1 cargo test --test docs)",
            line + 1,
            doc.lines().nth(line).unwrap_or(""),
            generated.lines().nth(line).unwrap_or("")
        );
    }
}

#[test]
fn the_pipeline_reference_lists_every_template() {
    let doc = std::fs::read_to_string(root().join("docs/language.md")).unwrap();
    let section = doc
        .split("\n## Pipelines in the library\n")
        .nth(1)
        .expect("docs/language.md has a `## Pipelines in the library` section");
    let section = section.split("\n## ").next().unwrap();
    // a row's first cell names one template or several
    let listed: BTreeSet<String> = section
        .lines()
        .filter(|l| l.starts_with("| `sof/pipe-"))
        .flat_map(|l| {
            let cell = l[1..].split('|').next().unwrap();
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    let library: BTreeSet<String> = std::fs::read_dir(root().join("macros/sof"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".j2").map(|n| format!("sof/{n}"))
        })
        .collect();
    let missing: Vec<_> = library.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&library).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "pipeline table of docs/language.md: missing {missing:?}, no such template {stale:?}"
    );
}

#[test]
fn the_limits_table_gives_the_limits_tplg_applies() {
    let doc = std::fs::read_to_string(root().join("docs/language.md")).unwrap();
    let section = doc
        .split("\n## Limits\n")
        .nth(1)
        .expect("docs/language.md has a `## Limits` section");
    let section = section.split("\n## ").next().unwrap();
    let row = |what: &str| {
        section
            .lines()
            .find(|l| l.starts_with(&format!("| {what} |")))
            .unwrap_or_else(|| panic!("no Limits row `{what}`"))
            .to_string()
    };
    let mb = |bytes: u64| format!("| {} MB |", bytes >> 20);
    assert!(row("size of an input file").contains(&mb(tplg::source::MAX_INPUT_BYTES)));
    assert!(row("parentheses nested in one value")
        .contains(&format!("| {} |", tplg::parse::MAX_NESTING)));
    assert!(row("operators in one value").contains(&format!("| {} |", tplg::parse::MAX_OPERATORS)));
    assert!(row("keys, `{ … }` and `[ … ]` nested in alsaconf")
        .contains(&format!("| {} |", tplg::conf::MAX_DEPTH)));
    assert!(row("user macro calls open at once")
        .contains(&format!("| {} |", tplg::eval::MAX_MACRO_DEPTH)));
    assert!(row("statements one build runs").contains(&format!("| {} |", tplg::eval::MAX_STEPS)));
    assert!(row("text one build writes").contains(&mb(tplg::eval::MAX_OUTPUT_BYTES as u64)));
}

/// Runs a doc's commands and fails with every command that did not do what
/// the doc shows.
fn doc_runs(path: &str) {
    let run = support::doctest::run_doc(path);
    assert!(
        run.ran + run.skipped.len() > 0,
        "{path}: no command ran or was skipped"
    );
    assert!(
        run.failures.is_empty(),
        "{} of the commands {path} shows did not do what it shows:\n\n{}",
        run.failures.len(),
        run.failures.join("\n\n")
    );
}

#[test]
fn the_tutorial_runs_as_written() {
    doc_runs("docs/tutorial.md");
}

#[test]
fn the_readme_runs_as_written() {
    doc_runs("README.md");
}

#[test]
fn the_checks_doc_runs_as_written() {
    doc_runs("docs/checks.md");
}

#[test]
fn the_tools_doc_runs_as_written() {
    doc_runs("docs/tools.md");
}

#[test]
fn the_language_doc_runs_as_written() {
    doc_runs("docs/language.md");
}

#[test]
fn the_migration_doc_runs_as_written() {
    doc_runs("docs/migration.md");
}

#[test]
fn the_performance_doc_runs_as_written() {
    doc_runs("docs/performance.md");
}

/// The docs whose commands the tests above run.
const RUN_DOCS: &[&str] = &[
    "README.md",
    "docs/checks.md",
    "docs/language.md",
    "docs/migration.md",
    "docs/performance.md",
    "docs/tools.md",
    "docs/tutorial.md",
];

#[test]
fn every_doc_with_commands_is_run() {
    let mut docs = vec!["README.md".to_string()];
    for e in std::fs::read_dir(root().join("docs")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") {
            docs.push(format!("docs/{name}"));
        }
    }
    docs.sort();
    let with_commands: Vec<&String> = docs
        .iter()
        .filter(|d| {
            let text = std::fs::read_to_string(root().join(d)).unwrap();
            text.contains("```sh") || text.contains("```console")
        })
        .collect();
    let not_run: Vec<_> = with_commands
        .iter()
        .filter(|d| !RUN_DOCS.contains(&d.as_str()))
        .collect();
    assert!(
        not_run.is_empty(),
        "docs whose commands no test runs: {not_run:?}"
    );
}

/// docs/checks.md's tables give every check of the registry (what
/// `tplg lint --list-checks` prints), and no code the registry lacks.
#[test]
fn the_checks_doc_lists_the_registry() {
    let doc = std::fs::read_to_string(root().join("docs/checks.md")).unwrap();
    let section = doc
        .split("\n## The checks\n")
        .nth(1)
        .expect("docs/checks.md has a `## The checks` section");
    let section = section.split("\n## ").next().unwrap();
    // the evaluator's codes are listed apart, under "In `.topo` sources"
    let (checks, eval) = section
        .split_once("\n### In `.topo` sources\n")
        .unwrap_or((section, ""));
    // `| <a id="ANCHOR"></a>`CODE` | …` in the checks' tables, `| `CODE` |`
    // among the evaluator's
    let rows = |text: &str| -> Vec<(String, Option<String>, Vec<String>)> {
        text.lines()
            .filter_map(|l| l.strip_prefix("| "))
            .filter_map(|l| {
                let (anchor, rest) = match l.strip_prefix("<a id=\"") {
                    Some(r) => {
                        let (a, rest) = r.split_once("\"></a>")?;
                        (Some(a.to_string()), rest)
                    }
                    None => (None, l),
                };
                let code = rest.strip_prefix('`')?.split('`').next()?;
                let cells = rest
                    .split(" | ")
                    .map(|c| c.trim_end_matches(" |").to_string());
                code.starts_with("tplg::")
                    .then(|| (code.to_string(), anchor, cells.collect()))
            })
            .collect()
    };
    let codes = |text: &str| -> BTreeSet<String> { rows(text).into_iter().map(|r| r.0).collect() };
    let documented = codes(checks);
    let o = tplg().args(["lint", "--list-checks"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let registry: BTreeSet<String> = text(&o.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect();
    assert!(registry.len() > 10);
    let missing: Vec<_> = registry.difference(&documented).collect();
    let stale: Vec<_> = documented.difference(&registry).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "docs/checks.md: checks with no row {missing:?}, rows for no check {stale:?}"
    );
    // each row has the check's anchor, and its "what to do" is the check's help
    let o = tplg()
        .args(["lint", "--list-checks", "--format", "json"])
        .output()
        .unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut wrong = Vec::new();
    for (code, anchor, cells) in rows(checks) {
        let Some(c) = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == code.as_str())
        else {
            continue;
        };
        let doc = c["doc"].as_str().unwrap();
        if anchor
            .as_deref()
            .map(|a| format!("docs/checks.md#{a}"))
            .as_deref()
            != Some(doc)
        {
            wrong.push(format!(
                "{code}: anchor {anchor:?}, the check's doc is {doc}"
            ));
        }
        let help = c["help"].as_str().unwrap();
        if cells.len() == 4 && cells[3] != help {
            wrong.push(format!(
                "{code}: \"what to do\" is `{}`, the check's help `{help}`",
                cells[3]
            ));
        }
    }
    assert!(wrong.is_empty(), "docs/checks.md:\n{}", wrong.join("\n"));
    let apart: Vec<_> = codes(eval)
        .into_iter()
        .filter(|c| registry.contains(c))
        .collect();
    assert!(
        apart.is_empty(),
        "checks listed among the evaluator's codes: {apart:?}"
    );
}
