//! Native twins of the templates nearly every topology renders many times
//! (`pipes`: the pipeline templates, `sof/pipe-dai-playback` for each
//! DAI_ADD and the like; `statements`: the PCMs, tuples and other
//! statements' templates; `dai`: DAI_CONFIG and the DAI types' files). A
//! twin writes what its template writes, from the same context, without
//! compiling and running the template; the template stays the library's
//! definition (its text is what `-I` copies and the docs show, and what
//! `inputs()` reads), and a test renders both over many contexts.
//!
//! A twin answers only what it is sure of: anything unexpected (a missing
//! or odd argument, a building block's error) is `None`, and the template
//! is rendered instead, so errors are the template's own. An `-I` file of
//! the same name is always rendered as a template.

mod dai;
mod pipes;
mod statements;

use super::Rendered;
use minijinja::value::Value;

/// A template's twin: its text and top-level exports, or `None` for the
/// template to decide.
pub(super) type Twin = fn(&Value) -> Option<Rendered>;

/// A template with a twin: its name, the library files the template
/// imports or includes (for a computed include, the files the twin
/// replaces), and any `coef/` files the twin reads that the template would
/// read (an `-I` file replacing any of them, or the template, turns the
/// twin off), and the twin.
pub(super) type Entry = (&'static str, &'static [&'static str], Twin);

/// Every template with a twin.
pub(super) fn all() -> impl Iterator<Item = &'static Entry> {
    pipes::TWINS
        .iter()
        .chain(statements::TWINS)
        .chain(dai::TWINS)
}

/// `ctx.name`, when the context has it.
pub(super) fn arg(ctx: &Value, name: &str) -> Option<Value> {
    ctx.get_attr(name).ok().filter(|v| !v.is_undefined())
}

/// The text of `{{ f(args) }}` followed by its line's newline.
#[allow(dead_code)] // the twins of `pipes` write through typed cores instead
pub(super) fn line(out: &mut String, v: Result<Value, minijinja::Error>) -> Option<()> {
    out.push_str(v.ok()?.as_str()?);
    out.push('\n');
    Some(())
}

/// `defs.NAME | default(…)`: the symbol, or `fallback` when it is not defined.
pub(super) fn def_or(defs: &Value, name: &str, fallback: Value) -> Value {
    defs.get_attr(name)
        .ok()
        .filter(|v| !v.is_undefined())
        .unwrap_or(fallback)
}

#[cfg(test)]
mod imports {
    use super::all;

    /// What a library file names: the files of its `{% from "F" import … %}`
    /// lines and literal `{% include "F" %}`s, and the literal heads of its
    /// computed includes (`{% include "dai/" ~ type | lower ~ ".j2" %}`).
    fn references(text: &str) -> (Vec<&str>, Vec<&str>) {
        let mut files = Vec::new();
        let mut heads = Vec::new();
        for l in text.lines() {
            if let Some(f) = l.strip_prefix("{% from \"").and_then(|l| l.split_once('"')) {
                files.push(f.0);
            }
            if let Some((_, rest)) = l.split_once("{% include \"") {
                let (f, after) = rest.split_once('"').expect("a quoted name");
                if after.trim_start().starts_with("~") {
                    heads.push(f);
                } else {
                    files.push(f);
                }
            }
        }
        (files, heads)
    }

    /// A twin lists every library file its template imports or includes,
    /// and what those import or include in turn; where an include is
    /// computed, the files it may name that the twin replaces; where a
    /// template reads coefficients, the coefficient files the twin knows.
    /// Nothing else.
    #[test]
    fn each_twin_names_the_files_its_template_reads() {
        for (name, deps, _) in all() {
            let text =
                |f: &str| crate::library::builtin(f).unwrap_or_else(|| panic!("{name}: no {f}"));
            let mut referenced = Vec::new();
            let mut heads = Vec::new();
            for f in std::iter::once(name).chain(deps.iter()) {
                let (files, h) = references(text(f));
                for r in &files {
                    assert!(deps.contains(r), "{name}: {f} reads {r}, not listed");
                }
                referenced.extend(files);
                heads.extend(h);
            }
            // a coefficient file is read by name at render time
            // (`coef_data(…)` of a name the topology may choose)
            let reads_coefficients = text(name).contains("coef_data(");
            for (i, d) in deps.iter().enumerate() {
                assert!(!deps[..i].contains(d), "{name}: {d} twice");
                assert!(
                    referenced.contains(d)
                        || heads.iter().any(|h| d.starts_with(h))
                        || (reads_coefficients && d.starts_with("coef/")),
                    "{name}: {d} is listed but not read"
                );
            }
        }
    }

    #[test]
    fn references_are_read_from_import_and_include_lines() {
        let text = "{% from \"lib/a.j2\" import x %}\n{% include \"dai/b.j2\" %}\n\
                    {% include \"dai/\" ~ type | lower ~ \".j2\" %}\n{{ x }}\n";
        assert_eq!(
            references(text),
            (vec!["lib/a.j2", "dai/b.j2"], vec!["dai/"])
        );
    }
}

#[cfg(test)]
mod overrides {
    use crate::expand::Expander;
    use crate::library::Library;

    /// An `-I` file replacing a twin's template, or a file it imports,
    /// turns the twin off: the template (with that file) is rendered.
    #[test]
    fn an_include_dir_file_turns_a_twin_off() {
        assert_eq!(
            Expander::new(Library::new(Vec::new())).twins.len(),
            super::all().count()
        );
        for file in ["widget/dai.j2", "sof/pipe-dai-playback.j2"] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "{# mine #}\n").unwrap();
            let e = Expander::new(Library::new(vec![dir.path().to_path_buf()]));
            assert!(
                !e.twins
                    .iter()
                    .any(|(n, _)| *n == "sof/pipe-dai-playback.j2"),
                "{file}"
            );
        }
    }
}
