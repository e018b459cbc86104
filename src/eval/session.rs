//! A compilation session: the library (built-in and `-I` directories), its
//! statement signatures and the template environment, made once and used
//! for every file compiled with the same `-I` directories (`tplg lint`
//! over a tree compiles each template once). The caller owns it; there is
//! no process-wide cache.

use super::signature::Signatures;
use crate::expand::Expander;
use crate::library::Library;
use std::path::PathBuf;

/// What every compilation with the same `-I` directories shares.
pub struct Session {
    pub(super) library: Library,
    pub(super) sigs: Signatures,
    pub(super) expander: Expander,
}

impl Session {
    /// The session for these `-I` directories: the built-in signatures,
    /// extended (and overridden by name) by a `statements.toml` in each.
    /// Errors name the signature file at fault.
    pub fn new(include_dirs: &[PathBuf]) -> Result<Session, String> {
        let library = Library::new(include_dirs.to_vec());
        let sigs = load_signatures(&library)?;
        let expander = Expander::new(library.clone());
        Ok(Session {
            library,
            sigs,
            expander,
        })
    }

    pub fn include_dirs(&self) -> &[PathBuf] {
        self.library.include_dirs()
    }

    pub(crate) fn library(&self) -> &Library {
        &self.library
    }
}

fn load_signatures(library: &Library) -> Result<Signatures, String> {
    let mut sigs = Signatures::builtin().map_err(|e| format!("statements.toml: {e}"))?;
    for dir in library.include_dirs() {
        let p = dir.join("statements.toml");
        if let Ok(text) = std::fs::read_to_string(&p) {
            sigs.extend(Signatures::parse(&text).map_err(|e| format!("{}: {e}", p.display()))?);
        }
    }
    Ok(sigs)
}
