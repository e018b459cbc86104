//! The macro library: templates, statement signatures, platform files.
//!
//! The library ships inside the binary (`macros/` and `platforms/` are
//! embedded at build time) so `tplg` works from any directory. Each `-I DIR`
//! is searched first, so a board tree can override any file.

use include_dir::{include_dir, Dir};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

static MACROS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/macros");
static PLATFORMS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/platforms");

/// Where library files are looked up: the `-I` dirs, then the built-in tree.
#[derive(Debug, Clone, Default)]
pub(crate) struct Library {
    include_dirs: Vec<PathBuf>,
}

/// A file found in the library.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// The library path, e.g. `platform/intel/bxt.topo`.
    pub path: String,
    pub text: String,
}

impl Library {
    pub(crate) fn new(include_dirs: Vec<PathBuf>) -> Self {
        Library { include_dirs }
    }

    pub(crate) fn include_dirs(&self) -> &[PathBuf] {
        &self.include_dirs
    }

    /// Looks a library path up in the `-I` dirs, then in the built-in tree.
    /// `platform/…` lives under `platforms/`, everything else under `macros/`.
    pub(crate) fn find(&self, path: &str) -> Option<Found> {
        if let Some(p) = self.on_disk(path) {
            if let Ok(text) = std::fs::read_to_string(&p) {
                return Some(Found {
                    path: path.to_string(),
                    text,
                });
            }
        }
        builtin(path).map(|text| Found {
            path: path.to_string(),
            text: text.to_string(),
        })
    }

    /// The file of an `-I` dir that [`Library::find`] reads for `path`, if
    /// one has it (else the built-in file, compiled in, is read).
    pub(crate) fn on_disk(&self, path: &str) -> Option<PathBuf> {
        self.include_dirs
            .iter()
            .map(|dir| dir.join(path))
            .find(|p| p.is_file())
    }

    /// Every built-in library path with the given extension, for suggestions.
    pub(crate) fn builtin_paths(ext: &str) -> Vec<String> {
        let mut out = Vec::new();
        collect(&MACROS, "", ext, &mut out);
        collect(&PLATFORMS, "platform/", ext, &mut out);
        out.sort();
        out
    }
}

/// The built-in library files (as `include` names them, without `.topo`)
/// whose top level `define`s or `default`s `name`: what to include for a
/// name a topology uses without the file that gives it (`STEREO_PDM0` is in
/// `platform/intel/dmic`).
pub(crate) fn files_defining(name: &str) -> &'static [String] {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static INDEX: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut index: HashMap<String, Vec<String>> = HashMap::new();
        for path in Library::builtin_paths(".topo") {
            let Some(text) = builtin(&path) else { continue };
            let include = path.trim_end_matches(".topo").to_string();
            for line in text.lines() {
                let line = line.trim_start();
                let Some(rest) = line
                    .strip_prefix("define ")
                    .or_else(|| line.strip_prefix("default "))
                else {
                    continue;
                };
                let defined: String = rest
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                let files = index.entry(defined).or_default();
                if !files.contains(&include) {
                    files.push(include.clone());
                }
            }
        }
        index
    });
    index.get(name).map_or(&[], Vec::as_slice)
}

/// The text of a built-in library file.
pub(crate) fn builtin(path: &str) -> Option<&'static str> {
    if let Some(bytes) = index().get(path) {
        return std::str::from_utf8(bytes).ok();
    }
    // a path spelled unlike the index's (`sof//pipe`, `./sof/pipe`): as the
    // embedded tree reads it, component by component
    if !(path.contains("//") || path.contains("./") || path.starts_with('/') || path.ends_with('/'))
    {
        return None;
    }
    let (dir, rel) = match path.strip_prefix("platform/") {
        Some(rel) => (&PLATFORMS, rel),
        None => (&MACROS, path),
    };
    dir.get_file(Path::new(rel)).and_then(|f| f.contents_utf8())
}

/// Every built-in file's text by its library path, indexed once: a lookup
/// in the embedded tree compares paths component by component, directory
/// by directory, and a build makes hundreds. (The text is checked to be
/// UTF-8 when it is read: most files are not read by a build.)
fn index() -> &'static HashMap<String, &'static [u8]> {
    static INDEX: OnceLock<HashMap<String, &'static [u8]>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map = HashMap::with_capacity(512);
        add_files(&MACROS, "", &mut map);
        add_files(&PLATFORMS, "platform/", &mut map);
        map
    })
}

fn add_files(dir: &Dir<'static>, prefix: &str, map: &mut HashMap<String, &'static [u8]>) {
    for f in dir.files() {
        if let Some(p) = f.path().to_str() {
            map.insert(format!("{prefix}{p}"), f.contents());
        }
    }
    for d in dir.dirs() {
        add_files(d, prefix, map);
    }
}

fn collect(dir: &Dir<'static>, prefix: &str, ext: &str, out: &mut Vec<String>) {
    for f in dir.files() {
        let p = f.path().to_string_lossy();
        if p.ends_with(ext) {
            out.push(format!("{prefix}{p}"));
        }
    }
    for d in dir.dirs() {
        collect(d, prefix, ext, out);
    }
}
