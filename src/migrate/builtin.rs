//! The GNU M4 builtins the migrator knows, parsed once from a name
//! ([`M4Builtin::parse`]): the ones it converts (`define`, `ifdef`,
//! `include`, `eval`, …) and the ones it refuses, with the help it gives.
//!
//! SOF's own library macros that the converter treats specially
//! (`concat`, `STR`, `LIST`, `fatal_error`, `DECLARE_SOF_RT_UUID`, `dapm`)
//! are not builtins: M4 knows them only once `utils.m4` and the other
//! library files define them, so they stay names.

/// A GNU M4 builtin macro.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum M4Builtin {
    Define,
    Undefine,
    Pushdef,
    Popdef,
    Defn,
    Indir,
    Builtin,
    Ifdef,
    Ifelse,
    Shift,
    Include,
    Sinclude,
    Divert,
    Undivert,
    Divnum,
    Dnl,
    Eval,
    Incr,
    Decr,
    Len,
    Index,
    Substr,
    Translit,
    Regexp,
    Patsubst,
    Format,
    Errprint,
    Esyscmd,
    Syscmd,
    Sysval,
    Maketemp,
    Mkstemp,
    M4wrap,
    M4exit,
    Changequote,
    Changecom,
    Changeword,
    Traceon,
    Traceoff,
    Dumpdef,
    Debugmode,
    Debugfile,
    /// `__file__`
    File,
    /// `__line__`
    Line,
    /// `__program__`
    Program,
}

/// Macros of SOF's library with no `.topo` equivalent (the builtins with
/// none are those [`M4Builtin::converts`] says no to).
const UNSUPPORTED_MACROS: &[&str] = &["argn", "LIST_LOOP"];

impl M4Builtin {
    /// The builtin named `name`, if it is one.
    pub(crate) fn parse(name: &str) -> Option<M4Builtin> {
        use M4Builtin as B;
        Some(match name {
            "define" => B::Define,
            "undefine" => B::Undefine,
            "pushdef" => B::Pushdef,
            "popdef" => B::Popdef,
            "defn" => B::Defn,
            "indir" => B::Indir,
            "builtin" => B::Builtin,
            "ifdef" => B::Ifdef,
            "ifelse" => B::Ifelse,
            "shift" => B::Shift,
            "include" => B::Include,
            "sinclude" => B::Sinclude,
            "divert" => B::Divert,
            "undivert" => B::Undivert,
            "divnum" => B::Divnum,
            "dnl" => B::Dnl,
            "eval" => B::Eval,
            "incr" => B::Incr,
            "decr" => B::Decr,
            "len" => B::Len,
            "index" => B::Index,
            "substr" => B::Substr,
            "translit" => B::Translit,
            "regexp" => B::Regexp,
            "patsubst" => B::Patsubst,
            "format" => B::Format,
            "errprint" => B::Errprint,
            "esyscmd" => B::Esyscmd,
            "syscmd" => B::Syscmd,
            "sysval" => B::Sysval,
            "maketemp" => B::Maketemp,
            "mkstemp" => B::Mkstemp,
            "m4wrap" => B::M4wrap,
            "m4exit" => B::M4exit,
            "changequote" => B::Changequote,
            "changecom" => B::Changecom,
            "changeword" => B::Changeword,
            "traceon" => B::Traceon,
            "traceoff" => B::Traceoff,
            "dumpdef" => B::Dumpdef,
            "debugmode" => B::Debugmode,
            "debugfile" => B::Debugfile,
            "__file__" => B::File,
            "__line__" => B::Line,
            "__program__" => B::Program,
            _ => return None,
        })
    }

    /// Whether the converter has a `.topo` equivalent for it.
    pub(crate) fn converts(self) -> bool {
        use M4Builtin as B;
        matches!(
            self,
            B::Define
                | B::Undefine
                | B::Ifdef
                | B::Ifelse
                | B::Include
                | B::Divert
                | B::Dnl
                | B::Eval
                | B::Incr
                | B::Decr
                | B::Errprint
        )
    }

    /// Whether M4 recognises it without arguments, as a bare name (of those
    /// with no equivalent).
    pub(crate) fn bare(self) -> bool {
        use M4Builtin as B;
        matches!(
            self,
            B::Divnum
                | B::Sysval
                | B::File
                | B::Line
                | B::Program
                | B::M4exit
                | B::Undivert
                | B::Dumpdef
                | B::Traceon
                | B::Traceoff
        )
    }

    /// Whether its first argument is the name of a macro it defines, tests
    /// or reads the definition of, not text M4 reads (`define`, `ifdef`, …).
    pub(crate) fn names_its_first_argument(self) -> bool {
        use M4Builtin as B;
        matches!(
            self,
            B::Define | B::Undefine | B::Ifdef | B::Pushdef | B::Popdef | B::Defn
        )
    }

    /// `ifdef` or `ifelse`.
    pub(crate) fn is_conditional(self) -> bool {
        matches!(self, M4Builtin::Ifdef | M4Builtin::Ifelse)
    }

    /// `eval`, `incr` or `decr`: an integer.
    pub(crate) fn is_arithmetic(self) -> bool {
        matches!(self, M4Builtin::Eval | M4Builtin::Incr | M4Builtin::Decr)
    }
}

/// Whether the call `name` (the builtin `builtin`, if it is one) has no
/// `.topo` equivalent.
pub(crate) fn unsupported(builtin: Option<M4Builtin>, name: &str) -> bool {
    match builtin {
        Some(b) => !b.converts(),
        None => UNSUPPORTED_MACROS.contains(&name),
    }
}

/// What to do instead of a call with no equivalent.
pub(crate) fn unsupported_help(builtin: Option<M4Builtin>) -> String {
    use M4Builtin as B;
    match builtin {
        Some(B::Esyscmd | B::Syscmd | B::Sysval) => {
            "a topology cannot run commands; put the value in a define or pass it with -D".into()
        }
        Some(B::Pushdef | B::Popdef) => {
            "use `define` and `undefine`; tplg keeps no stack of definitions".into()
        }
        Some(B::Sinclude) => {
            "tplg has no optional include; use `if defined(…)` around an include".into()
        }
        Some(B::M4exit) => "use `fatal_error(message)`, which becomes FATAL_ERROR".into(),
        _ => "convert this part by hand".into(),
    }
}

/// A call M4 runs for what it does, not for text: `define`, `undefine`,
/// `errprint`, and SOF's `fatal_error`.
pub(crate) fn is_action(builtin: Option<M4Builtin>, name: &str) -> bool {
    matches!(
        builtin,
        Some(M4Builtin::Define | M4Builtin::Undefine | M4Builtin::Errprint)
    ) || name == "fatal_error"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_knows_builtins_and_not_library_macros() {
        assert_eq!(M4Builtin::parse("ifelse"), Some(M4Builtin::Ifelse));
        assert_eq!(M4Builtin::parse("__line__"), Some(M4Builtin::Line));
        assert_eq!(M4Builtin::parse("concat"), None);
        assert_eq!(M4Builtin::parse("DEFINE"), None);
        assert!(unsupported(M4Builtin::parse("pushdef"), "pushdef"));
        assert!(unsupported(None, "LIST_LOOP"));
        assert!(!unsupported(M4Builtin::parse("define"), "define"));
    }
}
