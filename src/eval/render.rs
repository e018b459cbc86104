//! Rendering a statement's template: the context it sees (parameters, `defs`,
//! `abi`) and where its text goes.

use super::*;

/// Symbol tables and the like keep their order; Fx hashing is several times
/// cheaper than SipHash on these short keys (no input is adversarial).
type IndexMap<K, V> = indexmap::IndexMap<K, V, rustc_hash::FxBuildHasher>;

impl Evaluator<'_> {
    /// `abi.major`, `abi.minor`, `abi.patch` for templates and functions
    /// (made once per compilation).
    pub(super) fn abi_value(&self) -> MjValue {
        self.abi_template
            .get_or_init(|| {
                MjValue::from_iter([
                    ("major", MjValue::from(self.abi.major)),
                    ("minor", MjValue::from(self.abi.minor)),
                    ("patch", MjValue::from(self.abi.patch)),
                ])
            })
            .clone()
    }

    pub(super) fn template_context(
        &mut self,
        sig: &Signature,
        bound: &IndexMap<String, Option<Value>>,
    ) -> MjValue {
        // Arguments the template sees as symbols while it renders.
        let given: Vec<(String, MjValue)> = sig
            .params
            .iter()
            .filter_map(|p| {
                let v = bound.get(&p.name)?.as_ref()?;
                Some((p.defines.clone()?, v.to_template()))
            })
            .collect();
        let defs = MjValue::from_object(Defs {
            symbols: self.defs.clone(),
            given,
        });
        let params = bound
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_ref().map_or(MjValue::from(()), Value::to_template),
                )
            })
            .collect();
        MjValue::from_object(StatementContext {
            params,
            defs,
            abi: self.abi_value(),
        })
    }

    /// Renders a template for the statement at `span` and appends its text.
    pub(super) fn render(
        &mut self,
        template: &str,
        sig: &Signature,
        bound: &IndexMap<String, Option<Value>>,
        span: Span,
    ) -> Result<Vec<(String, MjValue)>> {
        let ctx = self.template_context(sig, bound);
        match self.expander.render(template, ctx) {
            Ok(r) => {
                self.emit(&r.text, span);
                Ok(r.exports)
            }
            Err(e) => Err(self.template_error(&sig.name, span, e)),
        }
    }

    pub(super) fn template_error(&self, statement: &str, span: Span, e: TemplateError) -> Error {
        if e.deliberate {
            return self.error(
                span,
                EvalErrorKind::TemplateRaised { message: e.message },
                format!("in this {statement}"),
            );
        }
        self.error(
            span,
            EvalErrorKind::Template {
                template: e.template.unwrap_or_else(|| "?".into()),
                line: e.line,
                message: e.message,
            },
            format!("while expanding this {statement}"),
        )
    }

    pub(super) fn emit(&mut self, text: &str, statement: Span) {
        let start = self.out.len();
        self.out.push_str(text);
        if !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        let macros = self
            .scopes
            .iter()
            .rev()
            .map(|s| (s.name.clone(), s.call))
            .collect();
        self.emitted.push(Emitted {
            range: start..self.out.len(),
            statement,
            macros,
        });
    }
}

/// What a statement's template sees: its parameters by name, `defs` and
/// `abi` (over a parameter of either name). Looked up as the template reads
/// them, not copied into a map first: a statement has a dozen parameters
/// and a template reads a few.
#[derive(Debug)]
struct StatementContext {
    params: Vec<(String, MjValue)>,
    defs: MjValue,
    abi: MjValue,
}

impl minijinja::value::Object for StatementContext {
    fn get_value(self: &std::sync::Arc<Self>, key: &MjValue) -> Option<MjValue> {
        match key.as_str()? {
            "defs" => Some(self.defs.clone()),
            "abi" => Some(self.abi.clone()),
            key => self
                .params
                .iter()
                .find(|(n, _)| n == key)
                .map(|(_, v)| v.clone()),
        }
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        let mut keys: Vec<MjValue> = self
            .params
            .iter()
            .map(|(n, _)| n.as_str())
            .filter(|n| !matches!(*n, "defs" | "abi"))
            .map(MjValue::from)
            .collect();
        keys.extend([MjValue::from("defs"), MjValue::from("abi")]);
        minijinja::value::Enumerator::Values(keys)
    }
}

/// `defs` in a template: every symbol (shared with the evaluator, not
/// copied), and the arguments a statement gives its template as symbols
/// (`defines = …` in `statements.toml`) over them.
#[derive(Debug)]
struct Defs {
    symbols: std::sync::Arc<IndexMap<String, MjValue>>,
    given: Vec<(String, MjValue)>,
}

impl minijinja::value::Object for Defs {
    fn get_value(self: &std::sync::Arc<Self>, key: &MjValue) -> Option<MjValue> {
        let key = key.as_str()?;
        match self.given.iter().rev().find(|(n, _)| n == key) {
            Some((_, v)) => Some(v.clone()),
            None => self.symbols.get(key).cloned(),
        }
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        let mut keys: Vec<MjValue> = self
            .symbols
            .keys()
            .map(|k| MjValue::from(k.as_str()))
            .collect();
        for (n, _) in &self.given {
            if !self.symbols.contains_key(n) {
                keys.push(MjValue::from(n.as_str()));
            }
        }
        minijinja::value::Enumerator::Values(keys)
    }
}
