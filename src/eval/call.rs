//! Calls: a value construct (`SSP_CLOCK(…)`) evaluated to a record, and a
//! library statement bound, rendered and emitted.

use super::*;

/// Symbol tables and the like keep their order; Fx hashing is several times
/// cheaper than SipHash on these short keys (no input is adversarial).
type IndexMap<K, V> = indexmap::IndexMap<K, V, rustc_hash::FxBuildHasher>;

impl Evaluator<'_> {
    /// A call nested in an argument: a value construct, a function, or `defined(NAME)`.
    pub(super) fn call_value(&mut self, c: &Call) -> Result<Value> {
        if c.name.name == "defined" {
            let arg = self.name_arg(c)?;
            let name = match &arg.value.kind {
                ExprKind::Words(ws) if ws.len() == 1 => ws[0].name.clone(),
                _ => self.eval(&arg.value)?.value.to_string(),
            };
            return Ok(Value::Int(i64::from(self.lookup_name(&name).is_some())));
        }
        if c.name.name == "symbol" {
            let arg = self.name_arg(c)?;
            let v = self.eval(&arg.value)?;
            let name = self.resolved(v)?.to_string();
            return match self.lookup_name(&name) {
                Some(v) => Ok(v),
                None => {
                    let id = Ident {
                        name,
                        span: arg.span,
                    };
                    Err(self.undefined(&id))
                }
            };
        }
        let sigs = self.sigs;
        let Some(sig) = sigs.get(&c.name.name) else {
            if self.macros.contains_key(&c.name.name) {
                return Err(self.error(
                    c.name.span,
                    EvalErrorKind::NotAValue {
                        name: c.name.name.clone(),
                    },
                    "a macro",
                ));
            }
            return Err(self.unknown_statement(&c.name));
        };
        let bound = self.bind(sig, c)?;
        match sig.kind {
            ConstructKind::Value => {
                let fields = bound
                    .into_iter()
                    .filter_map(|(k, v)| v.map(|v| (k, v)))
                    .collect();
                Ok(Value::Record(Rc::new(value::Record {
                    name: sig.name.clone(),
                    fields,
                    span: c.span,
                })))
            }
            ConstructKind::Function => {
                let expr = sig.expr.as_deref().unwrap_or_default();
                if let Some(v) = functions::native(&sig.name, expr, &bound, self.abi) {
                    return Ok(v);
                }
                // A function sees its arguments and `abi` (the version
                // `--abi` picks), as templates do.
                let ctx = MjValue::from_iter(
                    bound
                        .iter()
                        .map(|(k, v)| {
                            (
                                k.clone(),
                                v.as_ref().map_or(MjValue::from(()), Value::to_template),
                            )
                        })
                        .chain([("abi".to_string(), self.abi_value())]),
                );
                match self.expander.eval(expr, ctx) {
                    Ok(v) => Ok(Value::from_template(&v)),
                    Err(e) => Err(self.template_error(&sig.name, c.span, e)),
                }
            }
            ConstructKind::Pipeline | ConstructKind::Template => Err(self.error(
                c.name.span,
                EvalErrorKind::NotAValue {
                    name: c.name.name.clone(),
                },
                "a statement",
            )),
        }
    }

    /// The one argument of a builtin that takes a name: `defined(NAME)`, `symbol(NAME)`.
    pub(super) fn name_arg<'c>(&self, c: &'c Call) -> Result<&'c Arg> {
        match c.args.as_slice() {
            [arg] => Ok(arg),
            _ => Err(self.error(
                c.args_span,
                EvalErrorKind::ArgCount {
                    statement: c.name.name.clone(),
                    takes: error::Arity::Exactly(1),
                    found: c.args.len(),
                    signature: format!("{}(NAME)", c.name.name),
                    missing: None,
                },
                "here",
            )),
        }
    }

    pub(super) fn unknown_statement(&self, name: &Ident) -> Error {
        let mut names: Vec<&str> = self.sigs.names().collect();
        names.extend(self.macros.keys().map(String::as_str));
        let suggestion = closest(&name.name, names).map(str::to_string);
        self.error(
            name.span,
            EvalErrorKind::UnknownStatement {
                name: name.name.clone(),
                suggestion,
            },
            "not a statement",
        )
    }

    // ---- statements -----------------------------------------------------

    pub(super) fn call_statement(&mut self, c: &Call) -> Result<()> {
        if let Some(m) = self.macros.get(&c.name.name).cloned() {
            return self.expand_macro(&m, c);
        }
        let sigs = self.sigs;
        let Some(sig) = sigs.get(&c.name.name) else {
            return Err(self.unknown_statement(&c.name));
        };
        match sig.kind {
            ConstructKind::Value | ConstructKind::Function => Err(self.error(
                c.name.span,
                EvalErrorKind::NotAStatement {
                    name: c.name.name.clone(),
                },
                "used as a statement",
            )),
            ConstructKind::Pipeline => {
                let bound = self.bind(sig, c)?;
                let pipeline = bound
                    .get("pipeline")
                    .and_then(|v| v.as_ref())
                    .map(std::string::ToString::to_string)
                    .unwrap_or_default();
                let id = bound
                    .get("id")
                    .and_then(|v| v.as_ref())
                    .and_then(Value::as_int)
                    .unwrap_or(0);
                let template = format!("{pipeline}.j2");
                let exports = match self.render(&template, sig, &bound, c.span) {
                    Ok(e) => e,
                    Err(e) => {
                        return Err(self.missing_inputs(sig, c, &template, &bound).unwrap_or(e))
                    }
                };
                for (name, v) in exports {
                    // `LEAVES`: the globals SOF's pipeline defines to its own
                    // default where they are not defined (`ifdef(`PIPELINE_FILTER1',
                    // , `define(…)')`), which later pipelines then read;
                    // `none` for one the pipeline undefines
                    if name == LEAVES {
                        self.leave_globals(&v, c.span);
                        continue;
                    }
                    // `N_*` names (SOF's N_SMART_REF_BUF, N_AEC_REF_BUF) are
                    // global in SOF's pipelines: published without the ID.
                    let name = if name.starts_with("N_") {
                        name
                    } else {
                        format!("{name}_{id}")
                    };
                    self.set_symbol(
                        name,
                        Value::from_template(&v),
                        SymbolOrigin::Published(c.span),
                    );
                }
                Ok(())
            }
            ConstructKind::Template => {
                let bound = self.bind(sig, c)?;
                let template = sig.template.clone().unwrap_or_default();
                self.render(&template, sig, &bound, c.span)?;
                Ok(())
            }
        }
    }

    /// What a pipeline template's `LEAVES` map says it leaves behind.
    fn leave_globals(&mut self, leaves: &MjValue, span: Span) {
        let Ok(keys) = leaves.try_iter() else {
            return;
        };
        for key in keys {
            let Some(name) = key.as_str().map(str::to_string) else {
                continue;
            };
            let Ok(v) = leaves.get_item(&key) else {
                continue;
            };
            if v.is_none() {
                self.remove_symbol(&name);
            } else if !self.symbols.contains_key(&name) {
                self.set_symbol(
                    name,
                    Value::from_template(&v),
                    SymbolOrigin::Published(span),
                );
            }
        }
    }

    /// Why a pipeline template failed, when it is that it reads what the
    /// statement does not give (a host pipeline needs `pcm`, which
    /// `PIPELINE_ADD` has not): said plainly, with the statements that
    /// give it. Asked when rendering failed: finding what a template reads
    /// parses it again.
    fn missing_inputs(
        &self,
        sig: &Signature,
        c: &Call,
        template: &str,
        bound: &IndexMap<String, Option<Value>>,
    ) -> Option<Error> {
        let pipeline = template.trim_end_matches(".j2");
        let missing: Vec<String> = self
            .expander
            .inputs(template)
            .into_iter()
            .filter(|v| v != "defs" && v != "abi" && !bound.contains_key(v))
            .collect();
        if !missing.is_empty() {
            let sigs = self.sigs;
            let users: Vec<&str> = sigs
                .names()
                .filter(|n| {
                    sigs.get(n).is_some_and(|s| {
                        s.kind == ConstructKind::Pipeline
                            && missing.iter().all(|m| s.param(m).is_some())
                    })
                })
                .collect();
            let use_with = (!users.is_empty()).then(|| {
                error::UseWith(users.iter().map(std::string::ToString::to_string).collect())
            });
            return Some(self.error(
                c.span,
                EvalErrorKind::PipelineNeeds {
                    pipeline: pipeline.to_string(),
                    needs: missing,
                    statement: sig.name.clone(),
                    use_with,
                },
                format!("this {}", sig.name),
            ));
        }
        None
    }
}

/// The export of a pipeline template that names the globals it leaves
/// defined (see `Evaluator::leave_globals`).
const LEAVES: &str = "LEAVES";
