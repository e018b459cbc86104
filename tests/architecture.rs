//! The module layering of `src/`: each top-level module uses only modules
//! below it, so there is no import cycle. Read from the source: every
//! `crate::NAME` outside comments and `#[cfg(test)]` code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Bottom to top. A module may use those before it.
const LAYERS: &[&str] = &[
    "alloc", "mem", "bytes", "source", "library", "vocab", "diag", "parse", "conf", "binary",
    "expand", "eval", "validate", "driver", "info", "graph", "lint", "migrate", "cli",
];

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out
}

/// The crate modules `text` uses, leaving out comments and everything from
/// the first `#[cfg(test)]` on (test modules come last in a file).
fn uses(text: &str) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]").next().unwrap();
    let mut out = BTreeSet::new();
    for line in code.lines() {
        let line = line.split("//").next().unwrap();
        for (i, _) in line.match_indices("crate::") {
            let name: String = line[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            out.insert(name);
        }
    }
    out
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(&src) {
        let rel = file.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = top.trim_end_matches(".rs").to_string();
        if module == "main" || module == "lib" || rel.file_name().unwrap() == "tests.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        deps.entry(module.clone())
            .or_default()
            .extend(uses(&text).into_iter().filter(|d| *d != module));
    }
    let layer = |m: &str| LAYERS.iter().position(|l| *l == m);
    let mut problems = Vec::new();
    for (module, used) in &deps {
        let Some(own) = layer(module) else {
            problems.push(format!("`{module}` is not in LAYERS"));
            continue;
        };
        for d in used {
            match layer(d) {
                Some(l) if l < own => {}
                Some(_) => problems.push(format!("`{module}` uses `{d}`, which is above it")),
                None => problems.push(format!("`{module}` uses `{d}`, which is not in LAYERS")),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
