//! Expressions: names and their lookup, string interpolation, arithmetic and
//! comparisons, truth of a condition.

use super::*;

impl Evaluator<'_> {
    /// A word's value: a macro parameter in scope, or a NAME_CASE symbol
    /// (through its aliases).
    pub(super) fn lookup_word(&self, word: &str) -> Option<Value> {
        if let Some(v) = self.scopes.last().and_then(|s| s.params.get(word)) {
            return Some(v.clone());
        }
        if !is_name_case(word) {
            return None;
        }
        let sym = self.symbols.get(word)?;
        if let SymbolOrigin::Alias(_) = sym.origin {
            return self.aliased_value(word).cloned();
        }
        Some(sym.value.clone())
    }

    /// The value of the symbol at the end of an alias's chain, if that
    /// symbol is defined by now.
    fn aliased_value(&self, alias: &str) -> Option<&Value> {
        self.symbols
            .get(self.unaliased(alias))
            .filter(|s| !matches!(s.origin, SymbolOrigin::Alias(_)))
            .map(|s| &s.value)
    }

    /// The name `name` stands for: itself, or the end of its chain of
    /// aliases (stopping at a cycle).
    pub(super) fn unaliased<'n>(&'n self, mut name: &'n str) -> &'n str {
        for _ in 0..MAX_ALIAS_CHAIN {
            match self.symbols.get(name) {
                Some(Symbol {
                    value: Value::Str(target),
                    origin: SymbolOrigin::Alias(_),
                }) if self.symbols.get(target.as_str()).is_some() => name = target.as_str(),
                Some(Symbol {
                    value: Value::Str(target),
                    origin: SymbolOrigin::Alias(_),
                }) => return target.as_str(),
                _ => break,
            }
        }
        name
    }

    /// Any name, for `${NAME}` and `defined(NAME)`. An alias whose target
    /// is not defined reads as the target's name, as M4 reads the text.
    pub(super) fn lookup_name(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.scopes.last().and_then(|s| s.params.get(name)) {
            return Some(v.clone());
        }
        let mut sym = self.symbols.get(name)?;
        if let SymbolOrigin::Alias(_) = sym.origin {
            return Some(match self.aliased_value(name) {
                Some(v) => v.clone(),
                None => Value::str(self.unaliased(name).to_string()),
            });
        }
        // a -D value is M4 text, read again where it is used: one NAME_CASE
        // word that names a symbol by then stands for that symbol
        // (`-DPDM=STEREO_PDM1`, with `STEREO_PDM1` defined by a platform file)
        for _ in 0..8 {
            let (SymbolOrigin::CommandLine, Value::Str(s)) = (&sym.origin, &sym.value) else {
                break;
            };
            match self.symbols.get(s.as_str()) {
                Some(next) if s != name && crate::vocab::is_name_case(s) => sym = next,
                _ => break,
            }
        }
        Some(sym.value.clone())
    }

    pub(super) fn undefined(&self, id: &Ident) -> Error {
        if let Some(Symbol {
            origin: SymbolOrigin::Alias(_),
            ..
        }) = self.symbols.get(&id.name)
        {
            return self.error(
                id.span,
                EvalErrorKind::AliasUndefined {
                    name: id.name.clone(),
                    target: self.unaliased(&id.name).to_string(),
                },
                "read here",
            );
        }
        let mut names: Vec<&str> = self.symbols.keys().map(String::as_str).collect();
        if let Some(s) = self.scopes.last() {
            names.extend(s.params.keys().map(String::as_str));
        }
        // what the same pipeline publishes, for PIPELINE_<WHAT>_<id>
        let published = match id
            .name
            .strip_prefix("PIPELINE_")
            .and_then(|r| r.rsplit_once('_'))
        {
            Some((_, pipe)) if pipe.bytes().all(|b| b.is_ascii_digit()) => self
                .symbols
                .iter()
                .filter(|(n, s)| {
                    matches!(s.origin, SymbolOrigin::Published(_))
                        && n.starts_with("PIPELINE_")
                        && n.rsplit_once('_').is_some_and(|(_, p)| p == pipe)
                })
                .map(|(n, _)| n.clone())
                .collect(),
            _ => Vec::new(),
        };
        // PIPELINE_SOURCE_n of a pipeline that has a PIPELINE_SINK_n only
        // (or the reverse): the endpoint of the other direction
        if let Some((what, pipe)) = id
            .name
            .strip_prefix("PIPELINE_")
            .and_then(|r| r.rsplit_once('_'))
        {
            let other = match what {
                "SOURCE" => Some(("SINK", "capture")),
                "SINK" => Some(("SOURCE", "playback")),
                _ => None,
            };
            if let Some((other, direction)) = other {
                let other = format!("PIPELINE_{other}_{pipe}");
                if published.contains(&other) {
                    return self.error(
                        id.span,
                        EvalErrorKind::OtherDirectionEndpoint {
                            name: id.name.clone(),
                            id: pipe.to_string(),
                            direction,
                            other,
                        },
                        "not defined here",
                    );
                }
            }
        }
        // the pipeline's own endpoints are listed instead: a name close in
        // spelling (PIPELINE_PCM_3 for PIPELINE_SINK_3) is another thing
        // a library file that defines it and is not included: the name is
        // right, the include is missing
        let loaded = |include: &str| {
            self.sources.ids().any(|f| {
                matches!(&self.sources.get(f).origin,
                    Origin::Builtin(p) if p.trim_end_matches(".topo") == include)
            })
        };
        let defined_in: Vec<String> = crate::library::files_defining(&id.name)
            .iter()
            .filter(|f| !loaded(f))
            .cloned()
            .collect();
        let suggestion = if published.is_empty() && defined_in.is_empty() {
            closest(&id.name, names).map(str::to_string)
        } else {
            None
        };
        self.error(
            id.span,
            EvalErrorKind::Undefined {
                name: id.name.clone(),
                suggestion,
                published,
                defined_in,
            },
            "not defined here",
        )
    }

    pub(super) fn interpolate(&self, s: &StrLit) -> Result<String> {
        let mut out = String::new();
        for p in &s.parts {
            match p {
                StrPart::Text(t) => out.push_str(t),
                StrPart::Interp(id) => match self.lookup_name(&id.name) {
                    Some(v) => out.push_str(&v.to_string()),
                    None => return Err(self.undefined(id)),
                },
            }
        }
        Ok(out)
    }

    pub(super) fn eval(&mut self, e: &Expr) -> Result<Evaluated> {
        let plain = |value| {
            Ok(Evaluated {
                value,
                unresolved: None,
            })
        };
        match &e.kind {
            ExprKind::Int(i) => plain(Value::Int(*i)),
            // text that reads as an integer: `ALH${X}` with X = 0x102 is ALH0x102
            ExprKind::Hex(h) => plain(Value::str(h.clone())),
            ExprKind::Str(s) => plain(Value::Str(self.interpolate(s)?)),
            ExprKind::Words(ws) => {
                if let [w] = ws.as_slice() {
                    return Ok(match self.lookup_word(&w.name) {
                        Some(value) => Evaluated {
                            value,
                            unresolved: None,
                        },
                        None => Evaluated {
                            value: Value::str(self.unaliased(&w.name).to_string()),
                            unresolved: is_name_case(&w.name).then(|| w.clone()),
                        },
                    });
                }
                let mut parts = Vec::with_capacity(ws.len());
                for w in ws {
                    match self.lookup_word(&w.name) {
                        Some(v) => parts.push(v.to_string()),
                        None if is_reference(self.unaliased(&w.name)) => {
                            return Err(self.undefined(w))
                        }
                        None => parts.push(self.unaliased(&w.name).to_string()),
                    }
                }
                plain(Value::Str(parts.join(" ")))
            }
            ExprKind::Call(c) => plain(self.call_value(c)?),
            ExprKind::Unary(op, inner) => {
                let v = self.eval(inner)?;
                match op {
                    UnaryOp::Not => {
                        let t = self.truthy_value(v)?;
                        plain(Value::Int(i64::from(!t)))
                    }
                    UnaryOp::Neg => {
                        let i = self.int_operand(&v, inner.span, "-")?;
                        plain(Value::Int(i.wrapping_neg()))
                    }
                }
            }
            ExprKind::Binary(op, l, r) => {
                // `&&` and `||` do not evaluate what they need not.
                if matches!(op, BinOp::And | BinOp::Or) {
                    let lv = self.truthy(l)?;
                    if (*op == BinOp::And) != lv {
                        return plain(Value::Int(i64::from(lv)));
                    }
                    let rv = self.truthy(r)?;
                    return plain(Value::Int(i64::from(rv)));
                }
                let lv = self.eval(l)?;
                let rv = self.eval(r)?;
                if matches!(op, BinOp::Eq | BinOp::Ne) {
                    let lv = Evaluated {
                        value: self.resolved(lv)?,
                        unresolved: None,
                    };
                    let rv = Evaluated {
                        value: self.resolved(rv)?,
                        unresolved: None,
                    };
                    let equal = match (lv.value.as_int(), rv.value.as_int()) {
                        (Some(a), Some(b)) => a == b,
                        _ => lv.value.to_string() == rv.value.to_string(),
                    };
                    return plain(Value::Int(i64::from(equal == (*op == BinOp::Eq))));
                }
                let a = self.int_operand(&lv, l.span, op.symbol())?;
                let b = self.int_operand(&rv, r.span, op.symbol())?;
                let v = match op {
                    BinOp::Lt => i64::from(a < b),
                    BinOp::Le => i64::from(a <= b),
                    BinOp::Gt => i64::from(a > b),
                    BinOp::Ge => i64::from(a >= b),
                    BinOp::BitOr => a | b,
                    BinOp::BitXor => a ^ b,
                    BinOp::BitAnd => a & b,
                    BinOp::Shl | BinOp::Shr if !(0..64).contains(&b) => {
                        return Err(self.error(
                            r.span,
                            EvalErrorKind::ShiftOutOfRange { by: b },
                            "shift out of range",
                        ))
                    }
                    BinOp::Shl => a.wrapping_shl(b as u32),
                    BinOp::Shr => a.wrapping_shr(b as u32),
                    BinOp::Add => a.wrapping_add(b),
                    BinOp::Sub => a.wrapping_sub(b),
                    BinOp::Mul => a.wrapping_mul(b),
                    BinOp::Div | BinOp::Rem if b == 0 => {
                        return Err(self.error(
                            r.span,
                            EvalErrorKind::DivisionByZero,
                            "this is zero",
                        ))
                    }
                    BinOp::Div => a.wrapping_div(b),
                    BinOp::Rem => a.wrapping_rem(b),
                    BinOp::And | BinOp::Or | BinOp::Eq | BinOp::Ne => unreachable!("handled above"),
                };
                plain(Value::Int(v))
            }
        }
    }

    /// The value, unless it is a NAME_CASE reference (a word with `_`) that
    /// names nothing: M4 would write such a typo out as text.
    pub(super) fn resolved(&self, v: Evaluated) -> Result<Value> {
        match &v.unresolved {
            Some(w) if is_reference(self.unaliased(&w.name)) => Err(self.undefined(w)),
            _ => Ok(v.value),
        }
    }

    /// A condition. An undefined NAME_CASE word is an error here, not a
    /// non-empty (so true) text.
    pub(super) fn truthy(&mut self, e: &Expr) -> Result<bool> {
        let v = self.eval(e)?;
        self.truthy_value(v)
    }

    pub(super) fn truthy_value(&self, v: Evaluated) -> Result<bool> {
        if let Some(w) = &v.unresolved {
            let mut names: Vec<&str> = self.symbols.keys().map(String::as_str).collect();
            if let Some(s) = self.scopes.last() {
                names.extend(s.params.keys().map(String::as_str));
            }
            let suggestion = closest(&w.name, names).map(str::to_string);
            return Err(self.error(
                w.span,
                EvalErrorKind::UndefinedInCondition {
                    name: w.name.clone(),
                    suggestion,
                },
                "not defined",
            ));
        }
        Ok(v.value.is_truthy())
    }

    pub(super) fn int_operand(&self, v: &Evaluated, span: Span, op: &'static str) -> Result<i64> {
        if let Some(w) = &v.unresolved {
            return Err(self.undefined(w));
        }
        v.value.as_int().ok_or_else(|| {
            self.error(
                span,
                EvalErrorKind::NotAnInteger {
                    op,
                    found: v.value.describe(),
                },
                "not an integer",
            )
        })
    }

    /// A widget name: a NAME_CASE word must name a symbol.
    pub(super) fn eval_ref(&mut self, e: &Expr) -> Result<String> {
        let v = self.eval(e)?;
        if let Some(w) = &v.unresolved {
            return Err(self.undefined(w));
        }
        Ok(v.value.to_string())
    }

    // ---- arguments ------------------------------------------------------
}
