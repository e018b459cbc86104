//! Native twins of the templates nearly every topology renders many times
//! (`pipes`: the pipeline templates, `sof/pipe-dai-playback` for each
//! DAI_ADD and the like; `statements`: the PCMs, tuples and other
//! statements' templates). A twin writes what its template writes, from the
//! same context, without compiling and running the template; the template
//! stays the library's definition (its text is what `-I` copies and the
//! docs show, and what `inputs()` reads), and a test renders both over many
//! contexts.
//!
//! A twin answers only what it is sure of: anything unexpected (a missing
//! or odd argument, a building block's error) is `None`, and the template
//! is rendered instead, so errors are the template's own. An `-I` file of
//! the same name is always rendered as a template.

mod pipes;
mod statements;

use super::Rendered;
use minijinja::value::Value;

/// A template's twin: its text and top-level exports, or `None` for the
/// template to decide.
pub(super) type Twin = fn(&Value) -> Option<Rendered>;

/// A template with a twin: its name, the library files the template
/// imports, then any `coef/` files the twin reads that the template would
/// include (an `-I` file replacing any of them, or the template, turns the
/// twin off), and the twin.
pub(super) type Entry = (&'static str, &'static [&'static str], Twin);

/// Every template with a twin.
pub(super) fn all() -> impl Iterator<Item = &'static Entry> {
    pipes::TWINS.iter().chain(statements::TWINS)
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

    /// A twin lists every library file its template imports, then only
    /// coefficient files of the library, of a template that includes them.
    #[test]
    fn each_twin_names_the_files_its_template_imports() {
        for (name, deps, _) in all() {
            let text = crate::library::builtin(name).expect("a built-in template");
            let imported: Vec<&str> = text
                .lines()
                .filter_map(|l| l.strip_prefix("{% from \""))
                .filter_map(|l| l.split_once('"').map(|(f, _)| f))
                .collect();
            let (imports, read) = deps.split_at(imported.len().min(deps.len()));
            assert_eq!(&imported, imports, "{name}");
            for f in read {
                assert!(f.starts_with("coef/"), "{name}: {f}");
                assert!(crate::library::builtin(f).is_some(), "{name}: {f}");
                assert!(text.contains("coef_data("), "{name}: {f}");
            }
        }
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
