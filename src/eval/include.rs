//! `include`: resolving a path against the including file, `-I` directories and
//! the library, once per file, with cycles reported along the include chain.

use super::*;
use crate::source::Text;

impl Evaluator<'_> {
    pub(super) fn include(&mut self, path: &StrLit, span: Span) -> Result<()> {
        let name = self.interpolate(path)?;
        let (origin, display, text) = match self.resolve_include(&name, span.file) {
            Ok(found) => found,
            Err(kind) => return Err(self.error(path.span, kind, "included here")),
        };
        let key = key_of(&origin);
        if let Some(pos) = self.stack.iter().position(|f| f.key == key) {
            let mut chain: Vec<String> = self.stack[pos..]
                .iter()
                .map(|f| self.sources.get(f.file).name.clone())
                .collect();
            chain.push(display);
            return Err(self.error(
                path.span,
                EvalErrorKind::IncludeCycle { chain },
                "this include closes the cycle",
            ));
        }
        // The built-in library is read once (its tokens and TLVs are in the
        // prelude already); a file of the user's is read at every include,
        // as M4 reads it (SOF includes one fragment twice with other names
        // defined, e.g. platform/intel/intel-hdmi-ssp)
        if self.included.contains(&key)
            && matches!(origin, Origin::Builtin(_))
            && !is_fragment(&text)
        {
            return Ok(());
        }
        let verbatim = display.ends_with(".conf");
        let id = self.sources.add(display, origin, text);
        if verbatim {
            // An alsaconf fragment: no statements in it, copied as it is.
            self.included.insert(key);
            let text = self.sources.text(id).to_string();
            self.emit(&text, span);
            return Ok(());
        }
        let stmts = self.parsed.get(self.sources, id)?;
        self.included.insert(key.clone());
        self.stack.push(Frame {
            key,
            file: id,
            include: Some(span),
        });
        let r = self.exec_block(&stmts);
        self.stack.pop();
        r
    }

    /// Finds an include: beside the including file, then in each `-I` dir,
    /// then in the built-in library. `.m4` is accepted and ignored, `.topo` is optional.
    pub(super) fn resolve_include(
        &self,
        name: &str,
        from: FileId,
    ) -> std::result::Result<(Origin, String, Text), EvalErrorKind> {
        let base = name.strip_suffix(".m4").unwrap_or(name);
        let mut candidates = vec![base.to_string()];
        if !base.ends_with(".topo") && !base.ends_with(".conf") {
            candidates.insert(0, format!("{base}.topo"));
            candidates.insert(1, format!("{base}.conf"));
        }
        let from_dir = match &self.sources.get(from).origin {
            Origin::Disk(p) => p.parent().map(Path::to_path_buf),
            _ => None,
        };
        let mut searched = Vec::new();
        let dirs = from_dir.iter().chain(self.library.include_dirs());
        for dir in dirs {
            let shown = dir.display().to_string();
            searched.push(if shown.is_empty() { ".".into() } else { shown });
            for c in &candidates {
                let p = dir.join(c);
                if let Some(read) = self.parsed.read(&p) {
                    return match read {
                        Ok(text) => Ok((Origin::Disk(p.clone()), p.display().to_string(), text)),
                        Err(e) => Err(EvalErrorKind::Io {
                            path: p.display().to_string(),
                            reason: match e.help() {
                                Some(h) => format!("{e} ({h})"),
                                None => e.to_string(),
                            },
                        }),
                    };
                }
            }
        }
        searched.push("the built-in library".into());
        for c in &candidates {
            if let Some(text) = crate::library::builtin(c) {
                return Ok((
                    Origin::Builtin(c.clone()),
                    format!("<library>/{c}"),
                    Text::Static(text),
                ));
            }
        }
        let stem = base.rsplit('/').next().unwrap_or(base);
        let help = if [
            "utils",
            "dai",
            "pipeline",
            "ssp",
            "hda",
            "alh",
            "sai",
            "esai",
            "afe",
            "pcm",
            "buffer",
            "pga",
            "mixercontrol",
        ]
        .contains(&stem)
        {
            format!(
                "SOF's `{stem}.m4` defines statements that are built into tplg: drop this include"
            )
        } else {
            let lib = Library::builtin_paths(".topo");
            let stripped: Vec<&str> = lib.iter().map(|p| p.trim_end_matches(".topo")).collect();
            match closest(base, stripped.iter().copied()).map(str::to_string) {
                Some(s) => format!("did you mean `{s}`? (searched {})", searched.join(", ")),
                None => format!("searched {}", searched.join(", ")),
            }
        };
        Err(EvalErrorKind::IncludeNotFound {
            path: name.to_string(),
            help,
        })
    }

    // ---- values ---------------------------------------------------------
}

/// The line that marks a built-in library file as a fragment, read at every
/// include as a user's file is (SOF's `platform/intel/intel-hdmi-ssp` is
/// included once per HDMI SSP).
pub(crate) const FRAGMENT_MARK: &str = "# tplg: fragment";

/// Whether the header comments of `text` carry [`FRAGMENT_MARK`].
fn is_fragment(text: &str) -> bool {
    text.lines()
        .take_while(|l| l.trim_start().starts_with('#') || l.trim().is_empty())
        .any(|l| l.trim() == FRAGMENT_MARK)
}
