//! User macros: binding a call's arguments to the macro's parameters and
//! running its body in a scope of its own.

use super::error::Arity;
use super::*;

impl Evaluator<'_> {
    pub(super) fn expand_macro(&mut self, m: &Rc<MacroDef>, c: &Call) -> Result<()> {
        let mut params: HashMap<String, Value> = HashMap::new();
        let mut positional = 0;
        let mut seen_named = false;
        for a in &c.args {
            let v = self.eval(&a.value)?;
            let v = self.resolved(v)?;
            match &a.name {
                None => {
                    if seen_named {
                        return Err(self.error(
                            a.span,
                            EvalErrorKind::PositionalAfterNamed,
                            "positional",
                        ));
                    }
                    let Some(p) = m.params.get(positional) else {
                        return Err(self.error(
                            a.span,
                            EvalErrorKind::ArgCount {
                                statement: m.name.name.clone(),
                                takes: Arity::AtMost(m.params.len()),
                                found: c.args.len(),
                                signature: macro_signature(m),
                                missing: None,
                            },
                            "one too many",
                        ));
                    };
                    params.insert(p.name.name.clone(), v);
                    positional += 1;
                }
                Some(n) => {
                    seen_named = true;
                    if !m.params.iter().any(|p| p.name.name == n.name) {
                        let suggestion =
                            closest(&n.name, m.params.iter().map(|p| p.name.name.as_str()))
                                .map(str::to_string);
                        return Err(self.error(
                            n.span,
                            EvalErrorKind::UnknownNamedArg {
                                statement: m.name.name.clone(),
                                name: n.name.clone(),
                                suggestion,
                                params: m.params.iter().map(|p| p.name.name.clone()).collect(),
                            },
                            "unknown parameter",
                        ));
                    }
                    if params.insert(n.name.clone(), v).is_some() {
                        return Err(self.error(
                            n.span,
                            EvalErrorKind::DuplicateArg {
                                statement: m.name.name.clone(),
                                param: n.name.clone(),
                            },
                            "given again here",
                        ));
                    }
                }
            }
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
