//! Expansion: renders the macro library's minijinja templates.
//!
//! One [`Expander`] (one minijinja environment) serves a whole compilation;
//! templates load lazily from the [`Library`] and stay compiled. Undefined
//! values are errors (`UndefinedBehavior::Strict`), so a template typo fails
//! the build instead of writing an empty string into the topology.

mod native;
mod twins;

pub(crate) use native::{NAMES as NATIVE_NAMES, NAMESPACE as NATIVE_NAMESPACE};

use crate::library::Library;
use crate::vocab::is_name_case;
use minijinja::value::{Value as MjValue, ValueKind};
use minijinja::{Environment, Error as MjError, ErrorKind, State, UndefinedBehavior};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

thread_local! {
    /// The templates read on this thread while [`recording_templates`] runs.
    static USED: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Runs `f` and returns, beside its result, the name of every template it
/// rendered, imported or included on this thread (each once, in order),
/// whether or not the environment had compiled it before: a build's
/// dependencies, for a depfile.
pub(crate) fn recording_templates<R>(f: impl FnOnce() -> R) -> (R, Vec<String>) {
    let outer = USED.with(|u| u.borrow_mut().replace(Vec::new()));
    let r = f();
    let used = USED.with(|u| std::mem::replace(&mut *u.borrow_mut(), outer));
    (r, used.unwrap_or_default())
}

/// Notes that `name` is read, when recording.
fn note(name: &str) {
    USED.with(|u| {
        if let Some(used) = u.borrow_mut().as_mut() {
            if !used.iter().any(|n| n == name) {
                used.push(name.to_string());
            }
        }
    });
}

/// A template failed to render.
#[derive(Debug, Clone)]
pub(crate) struct TemplateError {
    /// The template the error is in (may be a helper the statement's template imports).
    pub template: Option<String>,
    pub line: Option<usize>,
    pub message: String,
    /// Raised on purpose by the template (`fail(…)`): the message is for the user.
    pub deliberate: bool,
}

impl From<MjError> for TemplateError {
    fn from(e: MjError) -> Self {
        // a `fail(…)` in a template another one includes or imports: the
        // failure is the message, wherever it was raised
        let mut inner: &dyn std::error::Error = &e;
        while let Some(next) = inner.source() {
            if let Some(mj) = next.downcast_ref::<MjError>() {
                if mj.kind() == ErrorKind::InvalidOperation
                    && mj.detail().is_some_and(|d| d.starts_with(FAIL_MARK))
                {
                    return TemplateError {
                        template: mj.name().map(str::to_string),
                        line: mj.line(),
                        message: mj
                            .detail()
                            .unwrap_or_default()
                            .trim_start_matches(FAIL_MARK)
                            .to_string(),
                        deliberate: true,
                    };
                }
            }
            inner = next;
        }
        let deliberate = e.kind() == ErrorKind::InvalidOperation
            && e.detail().is_some_and(|d| d.starts_with(FAIL_MARK));
        // a fault in a template another one imports: report the innermost
        // error, where the fault is, not "error in lib/…" at the import
        let mut at: &MjError = &e;
        let mut inner: &dyn std::error::Error = &e;
        while let Some(next) = inner.source() {
            if let Some(mj) = next.downcast_ref::<MjError>() {
                at = mj;
            }
            inner = next;
        }
        let message = match at.detail() {
            Some(d) => d.trim_start_matches(FAIL_MARK).to_string(),
            None => at.kind().to_string(),
        };
        TemplateError {
            template: at.name().or(e.name()).map(str::to_string),
            line: at.line().or(e.line()),
            message,
            deliberate,
        }
    }
}

const FAIL_MARK: &str = "\u{1}";

/// What a template rendered, and the NAME_CASE values it set at its top level.
pub(crate) struct Rendered {
    pub text: String,
    pub exports: Vec<(String, MjValue)>,
}

pub(crate) struct Expander {
    /// minijinja's environment, made when a template or an expression is
    /// first compiled: a build whose templates all have native twins never
    /// needs one.
    env: OnceLock<Environment<'static>>,
    library: Library,
    /// The templates rendered by their native twin (those no `-I`
    /// directory replaces).
    twins: Vec<(&'static str, twins::Twin)>,
    /// `inputs()` by template: finding them re-parses the template.
    inputs: Mutex<HashMap<String, Vec<String>>>,
}

impl Expander {
    pub(crate) fn new(library: Library) -> Self {
        let twins = twins::all()
            .filter(|(t, deps, _)| {
                std::iter::once(t)
                    .chain(deps.iter())
                    .all(|f| library.on_disk(f).is_none())
            })
            .map(|(t, _, twin)| (*t, *twin))
            .collect();
        Expander {
            env: OnceLock::new(),
            library,
            twins,
            inputs: Mutex::default(),
        }
    }

    /// The template environment: the library's templates, tplg's filters
    /// and functions, and the native functions of the files no `-I`
    /// directory replaces.
    fn env(&self) -> &Environment<'static> {
        self.env.get_or_init(|| {
            let library = self.library.clone();
            let mut env = Environment::new();
            env.set_undefined_behavior(UndefinedBehavior::Strict);
            env.set_trim_blocks(true);
            env.set_lstrip_blocks(true);
            env.set_keep_trailing_newline(true);
            // the files of native functions an -I directory does not replace
            let built_in: Vec<(&'static str, &'static [&'static str])> = native::FILES
                .iter()
                .copied()
                .filter(|(f, _)| library.on_disk(f).is_none())
                .collect();
            env.set_loader(move |name| {
                Ok(library
                    .find(name)
                    .map(|f| native::native_imports(&f.text, &built_in)))
            });
            // every import and include passes here, compiled before or not
            env.set_path_join_callback(|name, _parent| {
                note(name);
                Cow::Borrowed(name)
            });
            env.add_filter("sof_uuid", sof_uuid);
            env.add_filter("items", items);
            env.add_function("fail", fail);
            env.add_function("require", require);
            native::register(&mut env);
            env
        })
    }

    pub(crate) fn has_template(&self, name: &str) -> bool {
        note(name);
        // a twin's template is built in and compiles (its tests render it)
        self.twins.iter().any(|(n, _)| *n == name) || self.env().get_template(name).is_ok()
    }

    /// The top-level variables a template reads from its context (globals
    /// and the functions registered here excluded).
    pub(crate) fn inputs(&self, name: &str) -> Vec<String> {
        note(name);
        if let Some(v) = self
            .inputs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(name)
        {
            return v.clone();
        }
        let Ok(t) = self.env().get_template(name) else {
            return Vec::new();
        };
        let mut v: Vec<String> = t
            .undeclared_variables(false)
            .into_iter()
            .filter(|n| {
                !matches!(
                    n.as_str(),
                    "fail" | "require" | "range" | "dict" | "namespace" | "debug"
                ) && n != NATIVE_NAMESPACE
                    && !NATIVE_NAMES.contains(&n.as_str())
            })
            .collect();
        v.sort();
        self.inputs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(name.to_string(), v.clone());
        v
    }

    /// Renders `name` with `ctx`: by its native twin when it has one and
    /// the twin is sure of `ctx`, else as a template.
    pub(crate) fn render(&self, name: &str, ctx: MjValue) -> Result<Rendered, TemplateError> {
        if let Some((_, twin)) = self.twins.iter().find(|(n, _)| *n == name) {
            if let Some(r) = twin(&ctx) {
                note(name);
                return Ok(r);
            }
        }
        self.render_template(name, ctx)
    }

    /// Renders `name` with `ctx` as a template.
    pub(crate) fn render_template(
        &self,
        name: &str,
        ctx: MjValue,
    ) -> Result<Rendered, TemplateError> {
        note(name);
        let tmpl = self.env().get_template(name)?;
        let mut captured = tmpl.render_captured(ctx)?;
        let exports = captured.with_state_mut(|state| {
            state
                .exports()
                .into_iter()
                .filter(|n| is_name_case(n))
                .filter_map(|n| state.lookup(n).map(|v| (n.to_string(), v)))
                .collect()
        });
        Ok(Rendered {
            text: captured.into_output(),
            exports,
        })
    }

    /// Evaluates a template expression (the body of a `function` construct).
    pub(crate) fn eval(&self, expr: &str, ctx: MjValue) -> Result<MjValue, TemplateError> {
        let e = self.env().compile_expression(expr)?;
        Ok(e.eval(ctx)?)
    }
}

/// `{{ "8b9d100c-6d78-418f-90a3-e0e805d0852b" | sof_uuid }}`: the byte order
/// alsatplg expects for a `uuid` tuple (the first three fields little-endian).
/// The items of a list-like value: a `LIST(…)`/`LIST_NONEWLINE(…)` record's
/// `items`, a `CHANNEL_MAP(…)`'s `channels`, or a plain list.
fn items(v: MjValue) -> Result<MjValue, MjError> {
    if v.kind() == ValueKind::Seq {
        return Ok(v);
    }
    for field in ["items", "channels"] {
        if let Ok(inner) = v.get_attr(field) {
            if inner.kind() == ValueKind::Seq {
                return Ok(inner);
            }
        }
    }
    Err(MjError::new(
        ErrorKind::InvalidOperation,
        format!("expected a list (LIST(…) or CHANNEL_MAP(…)), found `{v}`"),
    ))
}

fn sof_uuid(guid: &str) -> Result<String, MjError> {
    let bad = || {
        MjError::new(
            ErrorKind::InvalidOperation,
            format!("`{guid}` is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)"),
        )
    };
    // xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, hex digits between the dashes
    let g = guid.as_bytes();
    let dashes = [8, 13, 18, 23];
    if g.len() != 36
        || dashes.iter().any(|&i| g[i] != b'-')
        || (0..36).any(|i| !dashes.contains(&i) && !g[i].is_ascii_hexdigit())
    {
        return Err(bad());
    }
    // the bytes in the order SOF's UUID tokens hold them: the first three
    // fields little-endian, the rest as written
    let hex: Vec<u8> = g.iter().copied().filter(|&b| b != b'-').collect();
    let order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
    let mut out = String::with_capacity(47);
    for (n, &i) in order.iter().enumerate() {
        if n > 0 {
            out.push(':');
        }
        out.push(char::from(hex[2 * i].to_ascii_lowercase()));
        out.push(char::from(hex[2 * i + 1].to_ascii_lowercase()));
    }
    Ok(out)
}

/// `{{ fail("message") }}`: a template refuses its arguments.
fn fail(msg: String) -> Result<MjValue, MjError> {
    Err(MjError::new(
        ErrorKind::InvalidOperation,
        format!("{FAIL_MARK}{msg}"),
    ))
}

/// `{{ require("PLATFORM_HOST_MEM_CAP", "include a platform file") }}`: a
/// symbol the template needs from the topology, with a hint when it is missing.
fn require(state: &State, name: String, hint: Option<String>) -> Result<MjValue, MjError> {
    let found = state
        .lookup("defs")
        .and_then(|d| d.get_attr(&name).ok())
        .filter(|v| v.kind() != ValueKind::Undefined);
    match found {
        Some(v) => Ok(v),
        None => {
            let hint = hint.map(|h| format!(": {h}")).unwrap_or_default();
            fail(format!("`{name}` is not defined{hint}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_byte_order_matches_sof() {
        // SOF's host component
        assert_eq!(
            sof_uuid("8b9d100c-6d78-418f-90a3-e0e805d0852b").unwrap(),
            "0c:10:9d:8b:78:6d:8f:41:90:a3:e0:e8:05:d0:85:2b"
        );
        assert!(sof_uuid("8b9d100c-6d78-418f-90a3").is_err());
        // upper case reads as lower case; a misplaced dash or a non-hex
        // digit is not a GUID
        assert_eq!(
            sof_uuid("8B9D100C-6D78-418F-90A3-E0E805D0852B").unwrap(),
            "0c:10:9d:8b:78:6d:8f:41:90:a3:e0:e8:05:d0:85:2b"
        );
        for bad in [
            "8b9d100c6-d78-418f-90a3-e0e805d0852b",
            "8b9d100c-6d78-418f-90a3-e0e805d0852g",
            "+b9d100c-6d78-418f-90a3-e0e805d0852b",
            "8b9d100c-6d78-418f-90a3-e0e805d0852b0",
        ] {
            assert!(sof_uuid(bad).is_err(), "{bad}");
        }
    }
}
