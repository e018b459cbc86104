//! User macros: binding a call's arguments to the macro's parameters and
//! running its body in a scope of its own.

use super::bind::{ArgPlacer, Place};
use super::error::Arity;
use super::*;

impl Evaluator<'_> {
    pub(super) fn expand_macro(&mut self, m: &std::sync::Arc<MacroDef>, c: &Call) -> Result<()> {
        let mut params: HashMap<String, Value> = HashMap::default();
        let mut placer = ArgPlacer::new(
            &m.name.name,
            m.params.iter().map(|p| p.name.name.as_str()).collect(),
            None,
        );
        for a in &c.args {
            let v = self.eval(&a.value)?;
            let v = self.resolved(v)?;
            let i = match &a.name {
                None => {
                    placer.positional_here(self, a)?;
                    let too_many = || EvalErrorKind::ArgCount {
                        statement: m.name.name.clone(),
                        takes: Arity::AtMost(m.params.len()),
                        found: c.args.len(),
                        signature: macro_signature(m),
                        missing: None,
                    };
                    match placer.place_positional(self, a, too_many)? {
                        Place::Param(i) => i,
                        Place::Rest => unreachable!("a macro has no variadic parameter"),
                    }
                }
                Some(n) => placer.place_named(self, n)?,
            };
            params.insert(m.params[i].name.name.clone(), v);
        }
        // Defaults may use the parameters before them: evaluate them in the
        // macro's scope as it fills.
        self.scopes.push(Scope {
            params,
            call: c.span,
            name: m.name.name.clone(),
        });
        for p in &m.params {
            if self
                .scopes
                .last()
                .is_some_and(|s| s.params.contains_key(&p.name.name))
            {
                continue;
            }
            match &p.default {
                Some(d) => {
                    let v = match self.eval(d).and_then(|v| self.resolved(v)) {
                        Ok(v) => v,
                        Err(e) => {
                            self.scopes.pop();
                            return Err(e);
                        }
                    };
                    self.scopes
                        .last_mut()
                        .expect("pushed above")
                        .params
                        .insert(p.name.name.clone(), v);
                }
                None => {
                    self.scopes.pop();
                    return Err(self.error(
                        c.args_span,
                        EvalErrorKind::MissingArg {
                            statement: m.name.name.clone(),
                            param: p.name.name.clone(),
                            signature: macro_signature(m),
                        },
                        "in this call",
                    ));
                }
            }
        }
        if self.scopes.len() > MAX_MACRO_DEPTH {
            self.scopes.pop();
            return Err(self.error(
                c.span,
                EvalErrorKind::EndlessMacro {
                    name: m.name.name.clone(),
                },
                "expanded 64 times",
            ));
        }
        let r = self.exec_block(&m.body);
        self.scopes.pop();
        r
    }
}

pub(super) fn macro_signature(m: &MacroDef) -> String {
    let ps: Vec<String> = m
        .params
        .iter()
        .map(|p| {
            if p.default.is_some() {
                format!("[{}]", p.name.name)
            } else {
                p.name.name.clone()
            }
        })
        .collect();
    format!("{}({})", m.name.name, ps.join(", "))
}
