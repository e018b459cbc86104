//! Finding included M4 files ([`Resolver`]): where an include is
//! ([`Located`]), and what the files it reads define and undefine (following
//! their own includes), which the converter asks through
//! [`convert::Includes`].

use super::ast::{self, Node, Sp};
use super::builtin::M4Builtin;
use super::library::{known_library, library_dir, topo_defines};
use super::{convert, convert_file, reader, Options};
use crate::source::{Origin, Sources};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Where an include is, as the converter needs to know.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Located {
    /// A file of the tree being converted (its `.topo` is converted too),
    /// and the path the converted file names it by, where that differs
    /// from the path M4 was given (see `Resolver::topo_path`).
    Local(Option<String>),
    /// SOF's macro library: on disk in one of its directories, or known by
    /// name; tplg has it built in.
    Library,
    /// Not on disk, but tplg ships a `.topo` of that path (a platform file).
    Builtin,
    /// Nowhere: the directories searched, for the diagnostic.
    Missing(String),
}

/// Finds included M4 files and the names they define.
pub(super) struct Resolver {
    /// The search path, in M4's order.
    dirs: Vec<PathBuf>,
    root: Option<PathBuf>,
    /// The directory of the file being converted (its `.topo` goes to the
    /// same place in the converted tree).
    pub(super) file_dir: Option<PathBuf>,
    /// Classifying an include (see [`convert_file`]).
    pub(super) nested: bool,
    /// Whether a file of the tree is SOF's library by what it holds.
    library_files: std::cell::RefCell<HashMap<PathBuf, bool>>,
    cache: HashMap<PathBuf, Effect>,
}

/// What reading a file does to the set of defined names.
#[derive(Debug, Clone, Default)]
struct Effect {
    defined: BTreeSet<String>,
    undefined: BTreeSet<String>,
    /// The literal text of names certainly defined with one (`None`: defined
    /// under a condition, or with a value that is not literal).
    texts: BTreeMap<String, Option<String>>,
}

impl Effect {
    fn define(&mut self, n: String) {
        self.undefined.remove(&n);
        self.texts.insert(n.clone(), None);
        self.defined.insert(n);
    }

    fn undefine(&mut self, n: String) {
        self.defined.remove(&n);
        self.texts.remove(&n);
        self.undefined.insert(n);
    }

    fn then(&mut self, next: &Effect) {
        for n in &next.undefined {
            self.undefine(n.clone());
        }
        for n in &next.defined {
            self.define(n.clone());
        }
        for (n, t) in &next.texts {
            self.texts.insert(n.clone(), t.clone());
        }
    }
}

/// An include: the file, and the names that may be defined when it is read.
pub(super) type Site = (PathBuf, BTreeSet<String>);

/// The directory, file-name prefix and suffix of a computed include with
/// one name in it (`` `platform/intel/'PLATFORM`.m4' ``).
fn computed_include(src: &str, a: &ast::Arg) -> Option<(String, String, String)> {
    let (mut head, mut tail, mut names) = (String::new(), String::new(), 0);
    for n in a.nodes.iter().filter(|n| !n.is_blank()) {
        let part = match n {
            Node::Quoted(q) => q.inner.text(src),
            Node::Text(t) => t.text(src),
            Node::Ident(_) => {
                names += 1;
                continue;
            }
            _ => return None,
        };
        if names == 0 {
            head.push_str(part);
        } else {
            tail.push_str(part);
        }
    }
    if names != 1 || head.contains(['`', '\'']) || tail.contains(['`', '\'', '/']) {
        return None;
    }
    let suffix = if tail.ends_with(".m4") {
        tail
    } else {
        format!("{tail}.m4")
    };
    let (dir, prefix) = head.rsplit_once('/').unwrap_or(("", &head));
    Some((dir.to_string(), prefix.to_string(), suffix))
}

/// The literal text a `define` gives its name, if its body is one.
fn literal_body(src: &str, c: &ast::Call) -> Option<String> {
    let Some(body) = c.args.get(1) else {
        return Some(String::new());
    };
    let mut it = body.nodes.iter().filter(|n| !n.is_blank());
    match (it.next(), it.next()) {
        (None, _) => Some(String::new()),
        (Some(Node::Quoted(q)), None) => Some(q.inner.text(src).trim().to_string()),
        (Some(Node::Text(t)), None) => Some(t.text(src).trim().to_string()),
        _ => None,
    }
}

impl Resolver {
    pub(super) fn new(opts: &Options) -> Self {
        Resolver {
            dirs: opts.include_dirs.clone(),
            root: opts.root.clone(),
            file_dir: None,
            nested: false,
            library_files: Default::default(),
            cache: HashMap::new(),
        }
    }

    /// Whether the tree's file at `found` is SOF's macro library by what it
    /// holds (a pipeline template, or macros that write text, as
    /// `platform/intel/dmic.m4`): the directory form writes no `.topo` for
    /// it, and tplg's built-in library stands in.
    fn library_by_content(&self, found: &Path) -> bool {
        if self.nested {
            return false;
        }
        if let Some(&known) = self.library_files.borrow().get(found) {
            return known;
        }
        let library = std::fs::read_to_string(found).is_ok_and(|text| {
            let opts = Options {
                include_dirs: self.dirs.clone(),
                root: self.root.clone(),
                ..Options::default()
            };
            convert_file(&found.display().to_string(), &text, &opts, true).library
        });
        self.library_files
            .borrow_mut()
            .insert(found.to_path_buf(), library);
        library
    }

    /// How the converted file names the `.topo` of an include M4 finds at
    /// `found`: `tplg build` looks beside the including file (then in `-I`
    /// and the built-in library), where M4 looked in its current directory
    /// (the tree's root), so a file below the root names it relative to
    /// itself (`../platform/intel/cml`). `None`: the path as written finds
    /// it.
    fn topo_path(&self, written: &str, found: &Path) -> Option<String> {
        let dir = std::fs::canonicalize(self.file_dir.as_ref()?).ok()?;
        let found = std::fs::canonicalize(found).ok()?;
        if std::fs::canonicalize(dir.join(written)).ok().as_ref() == Some(&found) {
            return None;
        }
        let rel = relative(&dir, &found)?;
        let rel = rel.to_string_lossy();
        Some(rel.strip_suffix(".m4").unwrap_or(&rel).to_string())
    }

    /// The prefix that takes the converted file to the tree's root
    /// (`../` for `development/x.m4`), when `dir` (the fixed part of a
    /// computed include) is a directory of the root and not beside the file.
    fn root_prefix(&self, dir: &str) -> Option<String> {
        let root = std::fs::canonicalize(self.root.as_ref()?).ok()?;
        let here = std::fs::canonicalize(self.file_dir.as_ref()?).ok()?;
        if here == root || !root.join(dir).is_dir() || here.join(dir).is_dir() {
            return None;
        }
        let rel = relative(&here, &root)?;
        Some(format!("{}/", rel.to_string_lossy()))
    }

    /// Where an include (a literal path) is: found on the search path (in
    /// the tree, or in SOF's library directories), known to be library,
    /// shipped by tplg, or missing.
    fn locate(&self, path: &str) -> Located {
        if let Some(found) = self.find(path) {
            let in_library = self
                .root
                .as_ref()
                .is_some_and(|r| found.strip_prefix(r).is_ok_and(library_dir));
            let stem = path.strip_suffix(".m4").unwrap_or(path);
            return if in_library || library_dir(Path::new(path)) {
                Located::Library
            } else if self.library_by_content(&found) {
                // tplg ships its own (platform/intel/dmic), or has it built in
                if crate::library::builtin(&format!("{stem}.topo")).is_some() {
                    Located::Builtin
                } else {
                    Located::Library
                }
            } else {
                Located::Local(self.topo_path(path, &found))
            };
        }
        if known_library(path) {
            return Located::Library;
        }
        let stem = path.strip_suffix(".m4").unwrap_or(path);
        if crate::library::builtin(&format!("{stem}.topo")).is_some()
            || crate::library::builtin(&format!("{stem}.j2")).is_some()
        {
            return Located::Builtin;
        }
        let searched: Vec<String> = self
            .dirs
            .iter()
            .map(|d| {
                let s = d.display().to_string();
                if s.is_empty() {
                    "the current directory".to_string()
                } else {
                    format!("`{s}`")
                }
            })
            .collect();
        Located::Missing(if searched.is_empty() {
            "no directory".into()
        } else {
            searched.join(", ")
        })
    }

    /// The files `dir/prefix*suffix` on the search path (for a computed
    /// include such as `platform/intel/'PLATFORM`.m4').
    fn glob(&self, dir: &str, prefix: &str, suffix: &str) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for d in &self.dirs {
            let Ok(entries) = std::fs::read_dir(d.join(dir)) else {
                continue;
            };
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().to_string();
                if name.starts_with(prefix) && name.ends_with(suffix) && e.path().is_file() {
                    files.push(e.path());
                }
            }
        }
        files.sort();
        files.dedup();
        files
    }

    /// The M4 file an include names (its `.m4` may have been dropped).
    fn find(&self, path: &str) -> Option<PathBuf> {
        let with_m4 = format!("{path}.m4");
        let names: &[&str] = if path.ends_with(".m4") {
            &[path]
        } else {
            &[path, &with_m4]
        };
        names
            .iter()
            .flat_map(|n| self.dirs.iter().map(move |d| d.join(n)))
            .find(|p| p.is_file())
    }

    /// What a file defines and undefines, following its includes.
    fn harvest(&mut self, file: &Path, seen: &mut HashSet<PathBuf>) -> Effect {
        if let Some(e) = self.cache.get(file) {
            return e.clone();
        }
        if !seen.insert(file.to_path_buf()) {
            return Effect::default();
        }
        let Ok(text) = std::fs::read_to_string(file) else {
            return Effect::default();
        };
        let Ok(nodes) = reader::read(&text, Sp::new(0, text.len())) else {
            return Effect::default();
        };
        let mut effect = Effect::default();
        self.collect(&text, &nodes, &mut effect, false, 0, seen, None);
        self.cache.insert(file.to_path_buf(), effect.clone());
        effect
    }

    /// Where a file includes others, and the names it may have defined by
    /// then (itself, or through the files it included before).
    pub(super) fn include_sites(&mut self, file: &Path) -> Vec<Site> {
        let Ok(text) = std::fs::read_to_string(file) else {
            return vec![];
        };
        let Ok(nodes) = reader::read(&text, Sp::new(0, text.len())) else {
            return vec![];
        };
        let mut sites = Vec::new();
        let mut seen = HashSet::from([file.to_path_buf()]);
        let mut effect = Effect::default();
        self.collect(
            &text,
            &nodes,
            &mut effect,
            false,
            0,
            &mut seen,
            Some(&mut sites),
        );
        sites
    }

    /// Follows a file's statement-level `define`, `undefine` and `include`
    /// in order; in a conditional branch a name may be defined, and an
    /// undefine is not certain, so it is not applied. With `sites`, records
    /// each include and the names defined by then.
    #[allow(clippy::too_many_arguments)]
    fn collect(
        &mut self,
        src: &str,
        nodes: &[Node],
        effect: &mut Effect,
        conditional: bool,
        depth: usize,
        seen: &mut HashSet<PathBuf>,
        mut sites: Option<&mut Vec<Site>>,
    ) {
        if depth > 32 {
            return;
        }
        for n in nodes {
            match n {
                Node::Call(c) => match M4Builtin::parse(c.name(src)) {
                    Some(M4Builtin::Define | M4Builtin::Pushdef) => {
                        if let Some(name) = convert::defined_name(src, c) {
                            effect.define(name.clone());
                            if !conditional {
                                effect.texts.insert(name, literal_body(src, c));
                            }
                        }
                    }
                    Some(M4Builtin::Undefine | M4Builtin::Popdef) if !conditional => {
                        if let Some(name) = convert::defined_name(src, c) {
                            effect.undefine(name);
                        }
                    }
                    Some(M4Builtin::Include) => {
                        if let Some(a) = c.args.first() {
                            let t = a.span.text(src).trim().trim_matches(['`', '\'']);
                            if !t.contains(['`', '\'', '(', '$']) {
                                if let Some(p) = self.find(t) {
                                    if let Some(sites) = sites.as_deref_mut() {
                                        sites.push((p.clone(), effect.defined.clone()));
                                    }
                                    let inc = self.harvest(&p, seen);
                                    effect.then(&inc);
                                }
                            } else if let Some((dir, prefix, suffix)) = computed_include(src, a) {
                                // `platform/intel/'PLATFORM`.m4': any file it
                                // may name, and what any of them may define
                                let before = effect.defined.clone();
                                for p in self.glob(&dir, &prefix, &suffix) {
                                    if let Some(sites) = sites.as_deref_mut() {
                                        sites.push((p.clone(), before.clone()));
                                    }
                                    let inc = self.harvest(&p, seen);
                                    for n in inc.defined {
                                        effect.define(n);
                                    }
                                }
                            }
                        }
                    }
                    Some(M4Builtin::Ifdef | M4Builtin::Ifelse) => {
                        for a in &c.args {
                            self.collect(
                                src,
                                &a.nodes,
                                effect,
                                true,
                                depth + 1,
                                seen,
                                sites.as_deref_mut(),
                            );
                        }
                    }
                    _ => {}
                },
                Node::Quoted(q) => {
                    if let Ok(children) = reader::read_quoted(src, q) {
                        self.collect(
                            src,
                            &children,
                            effect,
                            conditional,
                            depth + 1,
                            seen,
                            sites.as_deref_mut(),
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

impl convert::Includes for Resolver {
    fn locate(&mut self, path: &str) -> Located {
        Resolver::locate(self, path)
    }

    fn root_prefix(&mut self, dir: &str) -> Option<String> {
        Resolver::root_prefix(self, dir)
    }

    fn names_like(&mut self, dir: &str, prefix: &str, suffix: &str) -> Vec<String> {
        let files = self.glob(dir, prefix, suffix);
        let mut out = BTreeSet::new();
        for f in files {
            out.extend(self.harvest(&f, &mut HashSet::new()).defined);
        }
        out.into_iter().collect()
    }

    fn texts(&mut self, path: &str) -> Vec<(String, String)> {
        let Some(p) = self.find(path) else {
            return vec![];
        };
        let e = self.harvest(&p, &mut HashSet::new());
        e.texts
            .into_iter()
            .filter_map(|(n, t)| t.map(|t| (n, t)))
            .collect()
    }

    fn names(&mut self, path: &str) -> (Vec<String>, Vec<String>) {
        if let Some(p) = self.find(path) {
            let e = self.harvest(&p, &mut HashSet::new());
            return (
                e.defined.into_iter().collect(),
                e.undefined.into_iter().collect(),
            );
        }
        // a platform file tplg ships: the names its `.topo` defines
        let topo = format!("{}.topo", path.strip_suffix(".m4").unwrap_or(path));
        let Some(text) = crate::library::builtin(&topo) else {
            return (vec![], vec![]);
        };
        let mut sources = Sources::new();
        let id = sources.add(topo, Origin::Synthetic, text);
        let Ok(stmts) = crate::parse::parse_file(&sources, id) else {
            return (vec![], vec![]);
        };
        let mut out = Vec::new();
        topo_defines(&stmts, &mut out);
        (out, vec![])
    }
}

/// The path from directory `from` to `to` (both absolute, canonical).
fn relative(from: &Path, to: &Path) -> Option<PathBuf> {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in &to[common..] {
        out.push(c);
    }
    Some(out)
}
