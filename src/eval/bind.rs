//! Binding a statement call's arguments to its signature (positional, then
//! named; defaults; counts) and checking each against its parameter kind.

use super::error::{Arity, Missing};
use super::*;

impl Evaluator<'_> {
    /// Matches a call's arguments to a signature and checks each one's kind.
    pub(super) fn bind(
        &mut self,
        sig: &Signature,
        c: &Call,
    ) -> Result<IndexMap<String, Option<Value>>> {
        if let Some(explanation) = legacy::check(sig, c) {
            return Err(self.error(
                c.args_span,
                EvalErrorKind::LegacyFrames {
                    statement: sig.name.clone(),
                    explanation,
                },
                "old argument list",
            ));
        }
        let mut slots: Vec<Option<(Evaluated, Span)>> =
            (0..sig.params.len()).map(|_| None).collect();
        let mut rest: Vec<(Evaluated, Span)> = Vec::new();
        let variadic = sig.params.iter().position(|p| p.variadic);
        let mut positional = 0;
        let mut seen_named = false;
        for a in &c.args {
            match &a.name {
                None => {
                    if seen_named {
                        return Err(self.error(
                            a.span,
                            EvalErrorKind::PositionalAfterNamed,
                            "positional",
                        ));
                    }
                    let v = self.eval(&a.value)?;
                    match variadic {
                        Some(vi) if positional >= vi => rest.push((v, a.span)),
                        _ if positional >= sig.params.len() => {
                            return Err(self.error(
                                a.span,
                                arg_count(sig, c.args.len()),
                                "one too many",
                            ));
                        }
                        _ => slots[positional] = Some((v, a.span)),
                    }
                    positional += 1;
                }
                Some(n) => {
                    seen_named = true;
                    let Some((i, _)) = sig.param(&n.name) else {
                        let suggestion =
                            closest(&n.name, sig.params.iter().map(|p| p.name.as_str()))
                                .map(str::to_string);
                        return Err(self.error(
                            n.span,
                            EvalErrorKind::UnknownNamedArg {
                                statement: sig.name.clone(),
                                name: n.name.clone(),
                                suggestion,
                                params: sig.params.iter().map(|p| p.name.clone()).collect(),
                            },
                            "unknown parameter",
                        ));
                    };
                    if slots[i].is_some() {
                        return Err(self.error(
                            n.span,
                            EvalErrorKind::DuplicateArg {
                                statement: sig.name.clone(),
                                param: n.name.clone(),
                            },
                            "given again here",
                        ));
                    }
                    let v = self.eval(&a.value)?;
                    slots[i] = Some((v, a.span));
                }
            }
        }
        let mut bound = IndexMap::new();
        // What the pipeline template reads: a reference it never reads (the
        // `buffer` of sof/pipe-echo-ref-dai-capture) need not name anything.
        // (Asked only of an unresolved reference: finding what a template
        // reads parses it again.)
        let mut template: Option<String> = None;
        for (i, (p, slot)) in sig.params.iter().zip(slots).enumerate() {
            let unread_ref = || {
                p.kind == ParamKind::Ref
                    && slot.as_ref().is_some_and(|(v, _)| v.unresolved.is_some())
                    && template
                        .as_ref()
                        .is_some_and(|t| !self.expander.inputs(t).contains(&p.name))
            };
            let value = if unread_ref() {
                slot.map(|(v, _)| v.value)
            } else if p.variadic {
                let items = std::mem::take(&mut rest)
                    .into_iter()
                    .map(|(v, s)| self.coerce(sig, &p.kind, &p.name, v, s))
                    .collect::<Result<Vec<_>>>()?;
                Some(Value::List(Rc::new(items)))
            } else {
                // an empty value (a symbol defined as "") takes the default,
                // as SOF's macros read an empty argument
                let slot = slot.filter(|(v, _)| {
                    p.default.is_none() || !matches!(&v.value, Value::Str(t) if t.is_empty())
                });
                match slot {
                    Some((v, s)) => match self.coerce(sig, &p.kind, &p.name, v, s) {
                        Ok(v) => Some(v),
                        // two arguments in each other's place, the likelier mistake
                        Err(e) => return Err(self.swapped_near(sig, c, i).unwrap_or(e)),
                    },
                    None => match &p.default {
                        Some(DefaultValue::Int(n)) => Some(Value::Int(*n)),
                        Some(DefaultValue::Text(t)) => Some(Value::str(t.clone())),
                        None if p.optional => None,
                        None => {
                            let positional_only = c.args.iter().all(|a| a.name.is_none());
                            if positional_only && i == c.args.len() {
                                return Err(self.error(
                                    c.args_span,
                                    arg_count(sig, c.args.len()),
                                    "too few arguments",
                                ));
                            }
                            return Err(self.error(
                                c.args_span,
                                EvalErrorKind::MissingArg {
                                    statement: sig.name.clone(),
                                    param: p.name.clone(),
                                    signature: sig.display(),
                                },
                                format!("`{}` is missing", p.name),
                            ));
                        }
                    },
                }
            };
            if sig.kind == ConstructKind::Pipeline && p.name == "pipeline" {
                if let Some(Value::Str(name)) = &value {
                    template = Some(format!("{name}.j2"));
                }
            }
            bound.insert(p.name.clone(), value);
        }
        Ok(bound)
    }

    /// Why argument `i` of a positional call does not fit, when it is that
    /// it and a neighbour are in each other's place. Asked only when it
    /// does not fit: the neighbours are evaluated again.
    fn swapped_near(&mut self, sig: &Signature, c: &Call, i: usize) -> Option<Error> {
        if c.args.iter().any(|a| a.name.is_some()) {
            return None;
        }
        for j in [i.checked_sub(1), Some(i)].into_iter().flatten() {
            let (Some(a), Some(b)) = (c.args.get(j), c.args.get(j + 1)) else {
                continue;
            };
            let (Some(p), Some(q)) = (sig.params.get(j), sig.params.get(j + 1)) else {
                continue;
            };
            if p.variadic || q.variadic {
                continue;
            }
            let (Ok(v), Ok(w)) = (self.eval(&a.value), self.eval(&b.value)) else {
                continue;
            };
            if let Err(e) = self.check_swapped(sig, j, (&v, a.span), (&w, b.span)) {
                return Some(e);
            }
        }
        None
    }

    /// Arguments `i` and `i + 1`, each of the kind of the other and one of
    /// them not of its own: written in the wrong order.
    fn check_swapped(
        &self,
        sig: &Signature,
        i: usize,
        (v, span): (&Evaluated, Span),
        (w, wspan): (&Evaluated, Span),
    ) -> Result<()> {
        let next = &sig.params[i + 1];
        if v.unresolved.is_some() || w.unresolved.is_some() {
            return Ok(());
        }
        let here = &sig.params[i];
        let fits = |kind: &ParamKind, name: &str, e: &Evaluated, sp: Span| {
            let e = Evaluated {
                value: e.value.clone(),
                unresolved: None,
            };
            self.coerce(sig, kind, name, e, sp).is_ok()
        };
        // one (or both) is not of its own kind, and each is of the other's
        // (a permissive kind such as `ref` takes almost anything)
        if (fits(&here.kind, &here.name, v, span) && fits(&next.kind, &next.name, w, wspan))
            || !fits(&here.kind, &here.name, w, wspan)
            || !fits(&next.kind, &next.name, v, span)
        {
            return Ok(());
        }
        let swapped = format!(
            "{}, {}",
            self.sources.slice(wspan).trim(),
            self.sources.slice(span).trim()
        );
        let whole = Span {
            file: span.file,
            start: span.start,
            end: wspan.end,
        };
        let kind = if here.name == "time_domain" && next.name == "sched_comp" {
            EvalErrorKind::SchedCompSwapped {
                statement: sig.name.clone(),
                swapped,
            }
        } else {
            EvalErrorKind::SwappedArguments {
                statement: sig.name.clone(),
                first: here.name.clone(),
                second: next.name.clone(),
                swapped,
            }
        };
        Err(self.error(
            whole,
            kind,
            format!("`{}`, then `{}`", next.name, here.name),
        ))
    }

    pub(super) fn coerce(
        &self,
        sig: &Signature,
        kind: &ParamKind,
        param: &str,
        v: Evaluated,
        span: Span,
    ) -> Result<Value> {
        let wrong = |this: &Self| {
            if let Some(w) = &v.unresolved {
                return this.undefined(w);
            }
            this.error(
                span,
                EvalErrorKind::WrongKind {
                    param: param.to_string(),
                    expected: kind.clone(),
                    found: v.value.describe(),
                },
                format!("`{param}` of {}", sig.name),
            )
        };
        // A word from a fixed set (`ACP_SDW`) is not a reference.
        if let (ParamKind::OneOf(allowed), Value::Str(s)) = (kind, &v.value) {
            if allowed.contains(s) {
                return Ok(v.value);
            }
        }
        if let Some(w) = &v.unresolved {
            if is_reference(self.unaliased(&w.name)) {
                return Err(self.undefined(w));
            }
        }
        match kind {
            ParamKind::Any => Ok(v.value),
            ParamKind::Index => match &v.value {
                Value::Int(_) => Ok(v.value),
                Value::Str(_) if v.value.as_int().is_some() => Ok(v.value),
                _ => Err(wrong(self)),
            },
            ParamKind::Int => v.value.as_int().map(Value::Int).ok_or_else(|| {
                // `RATE/2` is one word: `/` and `-` belong to names like `SSP5-Codec`.
                let text = v.value.to_string();
                if v.unresolved.is_none()
                    && text.contains(['/', '-'])
                    && text.starts_with(|c: char| c.is_ascii_alphabetic())
                {
                    return self.error(
                        span,
                        EvalErrorKind::IntegerWord {
                            param: param.to_string(),
                            word: text,
                        },
                        format!("`{param}` of {}", sig.name),
                    );
                }
                wrong(self)
            }),
            ParamKind::Text => match &v.value {
                Value::Int(_) | Value::Str(_) => Ok(Value::str(v.value.to_string())),
                _ => Err(wrong(self)),
            },
            ParamKind::Ref => {
                if let Some(w) = &v.unresolved {
                    return Err(self.undefined(w));
                }
                match &v.value {
                    Value::Int(_) | Value::Str(_) => Ok(Value::str(v.value.to_string())),
                    _ => Err(wrong(self)),
                }
            }
            ParamKind::Pipeline => {
                let Value::Str(s) = &v.value else {
                    return Err(wrong(self));
                };
                let name = s.strip_suffix(".m4").unwrap_or(s);
                if self.expander.has_template(&format!("{name}.j2")) {
                    return Ok(Value::str(name));
                }
                let all = Library::builtin_paths(".j2");
                let pipes: Vec<&str> = all
                    .iter()
                    .filter(|p| p.contains("/pipe-"))
                    .map(|p| p.trim_end_matches(".j2"))
                    .collect();
                let suggestion = closest(name, pipes).map(str::to_string);
                Err(self.error(
                    span,
                    EvalErrorKind::UnknownPipeline {
                        name: name.to_string(),
                        suggestion,
                    },
                    "no such pipeline",
                ))
            }
            ParamKind::OneOf(allowed) => {
                let s = v.value.to_string();
                if allowed.contains(&s) {
                    return Ok(Value::Str(s));
                }
                let suggestion =
                    closest(&s, allowed.iter().map(String::as_str)).map(str::to_string);
                Err(self.error(
                    span,
                    EvalErrorKind::NotOneOf {
                        param: param.to_string(),
                        value: s,
                        allowed: allowed.clone(),
                        suggestion,
                    },
                    format!("`{param}` of {}", sig.name),
                ))
            }
            ParamKind::Record(names) => match &v.value {
                Value::Record(r) if names.contains(&r.name) => Ok(v.value),
                _ => Err(wrong(self)),
            },
        }
    }
}

pub(super) fn arg_count(sig: &Signature, found: usize) -> EvalErrorKind {
    let req = sig.required();
    // positional arguments fill the parameters in order: the required
    // ones after the last given are the ones missing
    let missing = (found < req).then(|| {
        Box::new(Missing {
            params: sig
                .params
                .iter()
                .skip(found)
                .filter(|p| !p.optional && p.default.is_none() && !p.variadic)
                .map(|p| p.name.clone())
                .collect(),
            given: sig
                .params
                .iter()
                .take(found)
                .map(|p| p.name.clone())
                .collect(),
        })
    });
    EvalErrorKind::ArgCount {
        statement: sig.name.clone(),
        takes: Arity::of(req, sig.max(), found),
        found,
        signature: sig.display(),
        missing,
    }
}
