//! Running a file: statements in order (definitions, conditionals, calls, raw
//! sections).

use super::*;

impl Evaluator<'_> {
    /// Warns that a `define` (or `alias`) of `name` replaces its `-D` value.
    fn warn_if_replacing_command_line(&mut self, name: &str, span: Span, what: &str) {
        if let Some(Symbol {
            value: old,
            origin: SymbolOrigin::CommandLine,
        }) = self.symbols.get(name)
        {
            let finding = Finding::warning(
                "tplg::eval::define_replaces_command_line",
                span,
                format!("this `{what}` replaces `-D {name}={old}` from the command line"),
            )
            .label("replaces the -D value")
            .help(format!(
                "write `default {name} = …` to let -D choose the value"
            ));
            self.warnings.push(finding);
        }
    }

    pub(super) fn run_file(&mut self, file: FileId, key: String) -> Result<()> {
        let stmts = self.parsed.get(self.sources, file)?;
        self.included.insert(key.clone());
        self.stack.push(Frame {
            key,
            file,
            include: None,
        });
        let r = self.exec_block(&stmts);
        self.stack.pop();
        r
    }

    pub(super) fn exec_block(&mut self, stmts: &[Stmt]) -> Result<()> {
        stmts.iter().try_for_each(|s| self.exec(s))
    }

    pub(super) fn exec(&mut self, stmt: &Stmt) -> Result<()> {
        self.steps += 1;
        if self.steps > MAX_STEPS || self.out.len() > MAX_OUTPUT_BYTES {
            return Err(self.error(
                stmt.span(),
                EvalErrorKind::RunsAway {
                    steps: MAX_STEPS,
                    megabytes: MAX_OUTPUT_BYTES >> 20,
                },
                "stopped here",
            ));
        }
        match stmt {
            Stmt::Include { path, span } => self.include(path, *span),
            Stmt::Define {
                name,
                computed,
                value,
                only_if_undefined,
                span,
            } => {
                let name = &match computed {
                    Some(s) => Ident {
                        name: self.interpolate(s)?,
                        span: name.span,
                    },
                    None => name.clone(),
                };
                if *only_if_undefined && self.symbols.contains_key(&name.name) {
                    return Ok(());
                }
                let v = self.eval(value)?;
                let v = self.resolved(v)?;
                self.warn_if_replacing_command_line(&name.name, *span, "define");
                self.set_symbol(name.name.clone(), v, SymbolOrigin::Define(*span));
                Ok(())
            }
            Stmt::Alias { name, target, span } => {
                if name.name == target.name {
                    return Err(self.error(
                        target.span,
                        EvalErrorKind::AliasOfItself {
                            name: name.name.clone(),
                        },
                        "the name being defined",
                    ));
                }
                self.warn_if_replacing_command_line(&name.name, *span, "alias");
                self.set_symbol(
                    name.name.clone(),
                    Value::str(target.name.clone()),
                    SymbolOrigin::Alias(*span),
                );
                Ok(())
            }
            Stmt::Undefine { name, computed, .. } => {
                let name = match computed {
                    Some(s) => self.interpolate(s)?,
                    None => name.name.clone(),
                };
                self.remove_symbol(&name);
                Ok(())
            }
            Stmt::If {
                branches,
                otherwise,
                ..
            } => {
                for (cond, body) in branches {
                    if self.truthy(cond)? {
                        return self.exec_block(body);
                    }
                }
                match otherwise {
                    Some(body) => self.exec_block(body),
                    None => Ok(()),
                }
            }
            Stmt::Macro(m) => {
                if self.sigs.get(&m.name.name).is_some() {
                    return Err(self.error(
                        m.name.span,
                        EvalErrorKind::MacroShadows {
                            name: m.name.name.clone(),
                        },
                        "defined here",
                    ));
                }
                self.macros.insert(m.name.name.clone(), m.clone());
                Ok(())
            }
            Stmt::Call(c) => self.call_statement(c),
            Stmt::Raw(r) => self.raw(r),
        }
    }

    // ---- includes -------------------------------------------------------
}
