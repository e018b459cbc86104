//! Binding a statement call's arguments to its signature (positional, then
//! named; defaults; counts) and checking each against its parameter kind.
//! Where each argument goes is [`ArgPlacer`]'s, for statements and user
//! macros alike.

use super::error::{Arity, Missing};
use super::*;

/// Symbol tables and the like keep their order; Fx hashing is several times
/// cheaper than SipHash on these short keys (no input is adversarial).
type IndexMap<K, V> = indexmap::IndexMap<K, V, rustc_hash::FxBuildHasher>;

/// Where an argument goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// The parameter of this index.
    Param(usize),
    /// The variadic parameter's list.
    Rest,
}

/// Places a call's arguments on a list of parameters, in the order written:
/// positional ones fill the parameters in order (the variadic one, if any,
/// takes the rest), then named ones name a parameter each, once. The rules
/// and their errors, for a statement's signature and a user macro's
/// parameters alike; the caller evaluates each argument where it always
/// has (a statement's once its place is known, a macro's first).
pub(super) struct ArgPlacer<'p> {
    callee: &'p str,
    params: Vec<&'p str>,
    variadic: Option<usize>,
    positional: usize,
    seen_named: bool,
    given: Vec<bool>,
}

impl<'p> ArgPlacer<'p> {
    pub(super) fn new(callee: &'p str, params: Vec<&'p str>, variadic: Option<usize>) -> Self {
        ArgPlacer {
            callee,
            given: vec![false; params.len()],
            params,
            variadic,
            positional: 0,
            seen_named: false,
        }
    }

    /// A positional argument `a` may be here: no named one came before it.
    pub(super) fn positional_here(&self, ev: &Evaluator, a: &Arg) -> Result<()> {
        if self.seen_named {
            return Err(ev.error(a.span, EvalErrorKind::PositionalAfterNamed, "positional"));
        }
        Ok(())
    }

    /// The place of the positional argument `a` (checked with
    /// [`ArgPlacer::positional_here`]): the next parameter, or the variadic
    /// one; past the last, the error `too_many` makes.
    pub(super) fn place_positional(
        &mut self,
        ev: &Evaluator,
        a: &Arg,
        too_many: impl FnOnce() -> EvalErrorKind,
    ) -> Result<Place> {
        let place = match self.variadic {
            Some(vi) if self.positional >= vi => Place::Rest,
            _ if self.positional >= self.params.len() => {
                return Err(ev.error(a.span, too_many(), "one too many"));
            }
            _ => Place::Param(self.positional),
        };
        if let Place::Param(i) = place {
            self.given[i] = true;
        }
        self.positional += 1;
        Ok(place)
    }

    /// The parameter the named argument `n` names, given no value before.
    pub(super) fn place_named(&mut self, ev: &Evaluator, n: &Ident) -> Result<usize> {
        self.seen_named = true;
        let Some(i) = self.params.iter().position(|p| *p == n.name) else {
            let suggestion = closest(&n.name, self.params.iter().copied()).map(str::to_string);
            return Err(ev.error(
                n.span,
                EvalErrorKind::UnknownNamedArg {
                    statement: self.callee.to_string(),
                    name: n.name.clone(),
                    suggestion,
                    params: self
                        .params
                        .iter()
                        .map(std::string::ToString::to_string)
                        .collect(),
                },
                "unknown parameter",
            ));
        };
        if self.given[i] {
            return Err(ev.error(
                n.span,
                EvalErrorKind::DuplicateArg {
                    statement: self.callee.to_string(),
                    param: n.name.clone(),
                },
                "given again here",
            ));
        }
        self.given[i] = true;
        Ok(i)
    }
}

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
        let mut placer = ArgPlacer::new(
            &sig.name,
            sig.params.iter().map(|p| p.name.as_str()).collect(),
            sig.params.iter().position(|p| p.variadic),
        );
        for a in &c.args {
            match &a.name {
                None => {
                    placer.positional_here(self, a)?;
                    let v = self.eval(&a.value)?;
                    match placer.place_positional(self, a, || arg_count(sig, c.args.len()))? {
                        Place::Param(i) => slots[i] = Some((v, a.span)),
                        Place::Rest => rest.push((v, a.span)),
                    }
                }
                Some(n) => {
                    let i = placer.place_named(self, n)?;
                    let v = self.eval(&a.value)?;
                    slots[i] = Some((v, a.span));
                }
            }
        }
        let mut bound =
            IndexMap::with_capacity_and_hasher(sig.params.len(), rustc_hash::FxBuildHasher);
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
        let whole = Span::new(span.file, span.start(), wspan.end());
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
