//! The macro library: templates, statement signatures, platform files.
//!
//! The library ships inside the binary (`macros/` and `platforms/` are
//! embedded at build time) so `tplg` works from any directory. Each `-I DIR`
//! is searched first, so a board tree can override any file.

use std::path::{Path, PathBuf};

// INDEX: every file of `macros/` and `platforms/` (as `platform/…`) by its
// library path, sorted, embedded by build.rs.
include!(concat!(env!("OUT_DIR"), "/library.rs"));

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
    /// The file's text (a built-in file's is borrowed, not copied).
    pub text: crate::source::Text,
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
                    text: text.into(),
                });
            }
        }
        builtin(path).map(|text| Found {
            path: path.to_string(),
            text: text.into(),
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
        INDEX
            .iter()
            .filter(|(name, _)| name.ends_with(ext))
            .map(|(name, _)| (*name).to_string())
            .collect()
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
    let bytes = match INDEX.binary_search_by(|(name, _)| (*name).cmp(path)) {
        Ok(i) => INDEX[i].1,
        // a path spelled unlike the index's (`sof//pipe`, `sof/./pipe`,
        // `sof/pipe/`): the file whose path is the same path component by
        // component (as `Path` compares them)
        Err(_) if path.contains("//") || path.contains("./") || path.ends_with('/') => {
            INDEX
                .iter()
                .find(|(name, _)| Path::new(name) == Path::new(path))?
                .1
        }
        Err(_) => return None,
    };
    // checked to be UTF-8 when it is read: most files are not read by a build
    std::str::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_files_are_found_by_their_path_however_spelled() {
        let text = builtin("sof/pipe-volume-playback.j2").expect("embedded");
        assert!(text.contains("PIPELINE_SOURCE"));
        assert!(builtin("platform/intel/bxt.topo").is_some());
        for odd in [
            "sof//pipe-volume-playback.j2",
            "sof/./pipe-volume-playback.j2",
        ] {
            assert_eq!(builtin(odd), Some(text), "{odd}");
        }
        for missing in [
            "/sof/pipe-volume-playback.j2",
            "./sof/pipe-volume-playback.j2",
            "sof/nope.j2",
            "sof",
        ] {
            assert_eq!(builtin(missing), None, "{missing}");
        }
        let topo = Library::builtin_paths(".topo");
        assert!(topo.contains(&"platform/intel/bxt.topo".to_string()));
        assert!(topo.windows(2).all(|w| w[0] < w[1]), "sorted");
        assert!(topo.iter().all(|p| p.ends_with(".topo")));
    }
}
