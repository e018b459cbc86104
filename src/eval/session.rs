//! A compilation session: the library (built-in and `-I` directories), its
//! statement signatures and the template environment, made once and used
//! for every file compiled with the same `-I` directories (`tplg lint`
//! over a tree compiles each template once). The caller owns it; there is
//! no process-wide cache.

use super::signature::{SignatureError, Signatures};
use crate::expand::Expander;
use crate::library::Library;
use crate::parse::{self, ast::Stmt, ParseError};
use crate::source::{FileId, Origin, ReadError, Sources, Span, Text};
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What every compilation with the same `-I` directories shares.
pub struct Session {
    pub(super) library: Library,
    pub(super) sigs: Signatures,
    pub(super) expander: Expander,
    pub(super) parsed: Parsed,
    /// The texts of the `.j2` and `.toml` files in the `-I` directories,
    /// read on the first [`Session::templates_read`] (each `-D` of each
    /// variant asks it).
    dir_templates: std::sync::OnceLock<Vec<String>>,
}

/// The statements of each file compiled in this session, so that the
/// platform files and fragments every variant of a tree includes are read
/// once, not once per variant. A file's statements hold spans with its
/// [`FileId`] in one compilation's [`Sources`]: they are reused where the
/// same text has the same id (variants include the same files in the same
/// order), and read anew otherwise.
#[derive(Default)]
pub(super) struct Parsed {
    files: Mutex<ParsedFiles>,
    /// The text of each file an include found on disk, or `None` where
    /// there is no file: the variants of a tree include the same platform
    /// files and fragments, read from disk once in a session. (The session
    /// is one command: a file is read as it was when the command first
    /// read it.)
    texts: Mutex<FxHashMap<PathBuf, Option<Arc<String>>>>,
}

/// Each file by id and name: the text read, and its statements.
type ParsedFiles = FxHashMap<(FileId, String), (crate::source::Text, Arc<[Stmt]>)>;

impl Parsed {
    /// The statements of `file`, read now or by an earlier compilation.
    /// An error is not kept: each compilation reports its own.
    #[allow(clippy::result_large_err)] // the parser's own error, as it returns it
    pub(super) fn get(&self, sources: &Sources, file: FileId) -> Result<Arc<[Stmt]>, ParseError> {
        let f = sources.get(file);
        let key = (file, f.name.clone());
        if let Some((text, stmts)) = self.lock().get(&key) {
            if **text == *f.text {
                return Ok(stmts.clone());
            }
        }
        let stmts: Arc<[Stmt]> = parse::parse_file(sources, file)?.into();
        self.lock().insert(key, (f.text.clone(), stmts.clone()));
        Ok(stmts)
    }

    /// The text of the file at `path` (read now, or by an earlier
    /// compilation of this session); `None` if there is no file there. A
    /// file that cannot be read is not kept: each compilation reports it.
    pub(super) fn read(&self, path: &Path) -> Option<Result<Text, ReadError>> {
        let lock = || {
            self.texts
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(known) = lock().get(path) {
            return known.clone().map(|t| Ok(Text::Shared(t)));
        }
        if !path.is_file() {
            lock().insert(path.to_path_buf(), None);
            return None;
        }
        Some(crate::source::read_text(path).map(|text| {
            let text = Arc::new(text);
            lock().insert(path.to_path_buf(), Some(text.clone()));
            Text::Shared(text)
        }))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ParsedFiles> {
        // a panic elsewhere leaves the map as good as it was
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Session {
    /// The session for these `-I` directories: the built-in signatures,
    /// extended (and overridden by name) by a `statements.toml` in each.
    /// Errors name the signature file at fault.
    pub fn new(include_dirs: &[PathBuf]) -> Result<Session, LibraryError> {
        let library = Library::new(include_dirs.to_vec());
        let sigs = load_signatures(&library)?;
        let expander = Expander::new(library.clone());
        Ok(Session {
            library,
            sigs,
            expander,
            parsed: Parsed::default(),
            dir_templates: std::sync::OnceLock::new(),
        })
    }

    pub fn include_dirs(&self) -> &[PathBuf] {
        self.library.include_dirs()
    }

    pub(crate) fn library(&self) -> &Library {
        &self.library
    }
}

/// A library that does not load: the `statements.toml` at fault, and why.
#[derive(Debug, thiserror::Error)]
#[error("{}: {error}", file.display())]
pub struct LibraryError {
    /// The file: in an `-I` directory, or `statements.toml`, the built-in one.
    pub file: PathBuf,
    /// Its text; none for the built-in one (which is in the binary).
    pub text: Option<String>,
    pub error: SignatureError,
}

impl LibraryError {
    /// The error at its place in the signature file, which is added to
    /// `sources`: a compilation's error, though not in the user's file.
    pub fn locate(self, sources: &mut Sources) -> super::EvalError {
        let (origin, text) = match self.text {
            Some(t) => (Origin::Disk(self.file.clone()), t),
            None => (
                Origin::Builtin("statements.toml".into()),
                crate::library::builtin("statements.toml")
                    .unwrap_or_default()
                    .to_string(),
            ),
        };
        let at = self.error.span_in(&text).unwrap_or(0..0);
        let file = sources.add(self.file.display().to_string(), origin, text);
        super::EvalError {
            kind: super::EvalErrorKind::Library { error: self.error },
            label: "here".into(),
            span: Span::new(file, at.start, at.end),
            chain: Vec::new(),
        }
    }
}

fn load_signatures(library: &Library) -> Result<Signatures, LibraryError> {
    let mut sigs = Signatures::builtin().map_err(|error| LibraryError {
        file: "statements.toml".into(),
        text: None,
        error,
    })?;
    for dir in library.include_dirs() {
        let p = dir.join("statements.toml");
        if let Ok(text) = std::fs::read_to_string(&p) {
            match Signatures::parse(&text) {
                Ok(more) => sigs.extend(more),
                Err(error) => {
                    return Err(LibraryError {
                        file: p,
                        text: Some(text),
                        error,
                    })
                }
            }
        }
    }
    Ok(sigs)
}

/// The built-in templates' text (every `.j2` and `statements.toml`), for
/// the names they read.
fn builtin_template_texts() -> &'static [&'static str] {
    static TEXTS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    TEXTS.get_or_init(|| {
        let mut paths = Library::builtin_paths(".j2");
        paths.push("statements.toml".into());
        paths
            .iter()
            .filter_map(|p| crate::library::builtin(p))
            .collect()
    })
}

impl Session {
    /// Whether a template of the library (built in, or `.j2` in an `-I`
    /// directory) names `name`, as `defs.NAME`, `require("NAME")` or any
    /// other way.
    pub fn templates_read(&self, name: &str) -> bool {
        let dirs = self.dir_templates.get_or_init(|| {
            self.library
                .include_dirs()
                .iter()
                .flat_map(|d| {
                    walkdir::WalkDir::new(d)
                        .into_iter()
                        .filter_map(std::result::Result::ok)
                        .filter(|e| {
                            e.path()
                                .extension()
                                .is_some_and(|x| x == "j2" || x == "toml")
                        })
                        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                })
                .collect()
        });
        builtin_template_texts()
            .iter()
            .copied()
            .chain(dirs.iter().map(String::as_str))
            .any(|t| crate::vocab::has_word(t, name))
    }

    /// The names the built-in templates read as symbols (`defs.NAME`,
    /// `require("NAME"`): names a `-D` may set. (Gathered once: the
    /// templates are a megabyte, coefficients mostly.)
    pub fn template_names(&self) -> &'static std::collections::BTreeSet<&'static str> {
        static NAMES: std::sync::OnceLock<std::collections::BTreeSet<&'static str>> =
            std::sync::OnceLock::new();
        NAMES.get_or_init(|| {
            let mut out = std::collections::BTreeSet::new();
            for t in builtin_template_texts() {
                for marker in ["defs.", "require(\""] {
                    for at in crate::bytes::find_all(t.as_bytes(), marker.as_bytes()) {
                        let rest = &t[at + marker.len()..];
                        let end = rest
                            .bytes()
                            .position(|b| !crate::vocab::is_word_byte(b))
                            .unwrap_or(rest.len());
                        if end > 0 {
                            out.insert(&rest[..end]);
                        }
                    }
                }
            }
            out
        })
    }

    /// Whether `name` is a statement (`DAI_CONFIG`), not a symbol.
    pub fn is_statement(&self, name: &str) -> bool {
        self.sigs.get(name).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_file_that_does_not_load_is_reported_at_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let text = "# board statements\n[X]\nkind = \"value\"\nparams = [{ name = \"a\", kind = \"integer\" }]\n";
        std::fs::write(dir.path().join("statements.toml"), text).unwrap();
        let Err(e) = Session::new(&[dir.path().to_path_buf()]) else {
            panic!("an unknown kind loads");
        };
        assert!(e
            .to_string()
            .ends_with("X.a: unknown parameter kind `integer`"));
        let mut sources = Sources::new();
        let f = e.locate(&mut sources).to_finding();
        assert_eq!(f.code, "tplg::eval::library");
        assert!(sources.get(f.span.file).name.ends_with("statements.toml"));
        assert_eq!(sources.slice(f.span), "\"integer\"");
        // TOML's own errors carry their span
        std::fs::write(dir.path().join("statements.toml"), "[X\nkind = 1\n").unwrap();
        let Err(e) = Session::new(&[dir.path().to_path_buf()]) else {
            panic!("a broken file loads");
        };
        let f = e.locate(&mut sources).to_finding();
        assert!(sources.locate(f.span).ends_with("statements.toml:1:3"));
    }

    /// A name counts as read by the library when a built-in template or a
    /// `.j2` of an `-I` directory has it as a whole word, and only then.
    #[test]
    fn a_name_is_read_by_a_template_as_a_whole_word() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sof")).unwrap();
        std::fs::write(
            dir.path().join("sof/board.j2"),
            "{{ defs.BOARD_GAIN_DB }} {{ defs.OTHER }}\n",
        )
        .unwrap();
        let session = Session::new(&[dir.path().to_path_buf()]).unwrap();
        assert!(
            session.templates_read("DAI_PERIODS"),
            "a built-in template's"
        );
        assert!(session.templates_read("BOARD_GAIN_DB"), "an -I template's");
        assert!(!session.templates_read("BOARD_GAIN"), "part of a word");
        assert!(!session.templates_read("NO_TEMPLATE_NAMES_THIS"));
        assert!(!Session::new(&[]).unwrap().templates_read("BOARD_GAIN_DB"));
    }

    /// A file of the same name and id as one an earlier compilation read,
    /// but other text, is read anew; the same text is not.
    #[test]
    fn a_file_read_before_is_reused_only_with_the_same_text() {
        let session = Session::new(&[]).unwrap();
        let opts = super::super::Options {
            defines: Vec::new(),
            include_dirs: Vec::new(),
            abi: crate::eval::Abi::default(),
        };
        let value_of = |text: &str| {
            let mut sources = Sources::new();
            let id = sources.add("board.topo", Origin::Synthetic, text.to_string());
            let out = session.compile(&mut sources, id, &opts).unwrap();
            let read = session.parsed.get(&sources, id).unwrap();
            (
                format!("{:?}", out.symbols.get("A").map(|s| &s.value)),
                read,
            )
        };
        let (one, first) = value_of("define A = 1\n");
        let (two, _) = value_of("define A = 2\n");
        let (again, reused) = value_of("define A = 2\n");
        assert!(one.contains('1') && two.contains('2'), "{one} {two}");
        assert_eq!(two, again);
        assert!(!Arc::ptr_eq(&first, &reused));
        let (_, same) = value_of("define A = 2\n");
        assert!(Arc::ptr_eq(&reused, &same));
    }
}
