//! Which names may be defined when M4 reads a file of a tree.
//!
//! M4 has one set of macros: a file that another includes sees every name
//! defined before the include, by the includer, by the files the includer
//! included before, by the includer's own includers, and by `-D`. The
//! converter must know these names, or it writes a name a fragment reads
//! from its includer (`HDMI_SSP_NUM` in a file that SOF's boards include
//! after defining it) as text.
//!
//! [`scopes`] walks the include graph of a tree: each file's includes (a
//! literal path found on the search path, or every file a computed path
//! such as `` `platform/intel/'PLATFORM`.m4' `` may name) and the names it
//! may have defined at each (in any branch: a name that may be defined
//! stays a name). A file's names are those of every place that includes it
//! (the includer's own names, and the names defined before the include),
//! until nothing changes, plus the `-D` names of the CMake variants built
//! from it. A file nothing in the tree includes and no variant builds gets
//! every name any variant passes, as nothing tells which build reads it.

use super::{Options, Resolver};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The key of a file in [`scopes`]: its canonical path (so that `./a.m4`
/// and `a.m4` are one file), or the path as given if it has none.
pub(crate) fn key(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// For each of `files` (keyed by [`key`]), the names that may be defined
/// when M4 reads it: `defines` (given on the command line), the names of
/// the CMake `variants` built from it, and what every file that includes
/// it has defined by then. `search` is the include search path.
pub(crate) fn scopes(
    files: &[PathBuf],
    search: &[PathBuf],
    variants: &[(String, Vec<String>)],
    defines: &[String],
) -> HashMap<PathBuf, Vec<String>> {
    let opts = Options {
        include_dirs: search.to_vec(),
        root: None,
        inputs: vec![],
        input_values: HashMap::new(),
        value_tested: Default::default(),
        arg_lists: Default::default(),
        define_values: Default::default(),
    };
    let mut resolver = Resolver::new(&opts);
    // every include of every file: (includer, included, names by then)
    let mut edges: Vec<(PathBuf, PathBuf, BTreeSet<String>)> = Vec::new();
    for f in files {
        let from = key(f);
        for (to, names) in resolver.include_sites(f) {
            let to = key(&to);
            if to != from {
                edges.push((from.clone(), to, names));
            }
        }
    }
    let included: BTreeSet<&PathBuf> = edges.iter().map(|(_, t, _)| t).collect();
    let every: BTreeSet<String> = variants.iter().flat_map(|(_, n)| n.clone()).collect();
    let mut scope: HashMap<PathBuf, BTreeSet<String>> = HashMap::new();
    for f in files {
        let k = key(f);
        let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let mut names: BTreeSet<String> = defines.iter().cloned().collect();
        let mine: Vec<&(String, Vec<String>)> =
            variants.iter().filter(|(i, _)| i == stem).collect();
        if !mine.is_empty() {
            names.extend(mine.iter().flat_map(|(_, n)| n.iter().cloned()));
        } else if !included.contains(&k) {
            names.extend(every.iter().cloned());
        }
        scope.insert(k, names);
    }
    // the names of the includers flow into what they include
    loop {
        let mut changed = false;
        for (from, to, names) in &edges {
            let mut add: BTreeSet<String> = names.clone();
            if let Some(outer) = scope.get(from) {
                add.extend(outer.iter().cloned());
            }
            let entry = scope.entry(to.clone()).or_default();
            let before = entry.len();
            entry.extend(add);
            changed |= entry.len() != before;
        }
        if !changed {
            break;
        }
    }
    scope
        .into_iter()
        .map(|(k, v)| (k, v.into_iter().collect()))
        .collect()
}
