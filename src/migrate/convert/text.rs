//! Text with names in it ([`P`]) and how it becomes a `.topo` value: a
//! number, words, a string with `${NAME}`, or `symbol(…)` for a name pasted
//! together; refuses pasted names M4 would read again as macros.

use super::*;

/// Text with names in it, before it becomes a word, string or number.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum P {
    Text(String),
    /// A name M4 would replace (a macro, parameter or input).
    Ref(String, Sp),
    /// A value that is not text (a call, an expression).
    Val(Value, Sp, String),
    /// A statement M4 runs when it reads this text (`define`, `fatal_error`
    /// in a branch): it takes effect only in the combinations it is in.
    Effect(Stmt),
}

/// A value, and the statements that go before it (see [`P::Effect`]).
pub(super) type Fx<T> = (Vec<Stmt>, T);

/// Pieces of a value, some of them plain text.
pub(super) trait TextPiece {
    fn text_mut(&mut self) -> Option<&mut String>;
}

impl TextPiece for P {
    fn text_mut(&mut self) -> Option<&mut String> {
        match self {
            P::Text(t) => Some(t),
            _ => None,
        }
    }
}

impl TextPiece for Piece {
    fn text_mut(&mut self) -> Option<&mut String> {
        match self {
            Piece::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// Adjacent texts joined into one, empty texts dropped.
pub(super) fn merge_text<T: TextPiece>(pieces: Vec<T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for mut p in pieces {
        if let Some(t) = p.text_mut() {
            if t.is_empty() {
                continue;
            }
            if let Some(a) = out.last_mut().and_then(TextPiece::text_mut) {
                a.push_str(t);
                continue;
            }
        }
        out.push(p);
    }
    out
}

/// The text, if the pieces name nothing.
pub(super) fn literal_text(pieces: &[P]) -> Option<String> {
    let mut s = String::new();
    for p in pieces {
        match p {
            P::Text(t) => s.push_str(t),
            _ => return None,
        }
    }
    Some(s)
}

/// `sof/pipe-volume-playback.m4` names a pipeline; tplg drops the `.m4`.
pub(super) fn strip_m4_suffix(pieces: &mut Vec<P>) {
    *pieces = merge_text(std::mem::take(pieces));
    let has_slash = pieces
        .iter()
        .any(|p| matches!(p, P::Text(t) if t.contains('/')));
    if let Some(P::Text(t)) = pieces.last_mut() {
        let trimmed = t.trim_end();
        if has_slash && trimmed.ends_with(".m4") && !trimmed.contains(' ') {
            *t = trimmed.trim_end_matches(".m4").to_string();
        }
    }
}

/// Literal text as a number, words or a string.
fn literal_value(t: &str) -> Value {
    let digits = t.strip_prefix('-').unwrap_or(t);
    let decimal = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    let hex = t.len() > 2
        && (t.starts_with("0x") || t.starts_with("0X"))
        && t[2..].bytes().all(|b| b.is_ascii_hexdigit());
    if decimal || hex {
        return Value::Num(t.to_string());
    }
    // M4 keeps a name nothing defines as text; bare, tplg would read it as a
    // reference
    if !t.is_empty()
        && t.split(' ')
            .all(|w| is_word(w) && !crate::vocab::is_reference(w))
    {
        return Value::Words(t.to_string());
    }
    Value::Str(if t.is_empty() {
        vec![]
    } else {
        vec![Piece::Text(t.to_string())]
    })
}

/// `symbol("PREFIX${ID}SUFFIX")` for pieces that are one pasted name and
/// nothing else.
fn whole_computed_name(pieces: &[P]) -> Option<Value> {
    let is_id = |t: &str| t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let mut out = Vec::new();
    let mut refs = 0;
    for p in pieces {
        match p {
            P::Text(t) if is_id(t) => out.push(Piece::Text(t.clone())),
            P::Ref(n, _) => {
                refs += 1;
                out.push(Piece::Name(n.clone()));
            }
            _ => return None,
        }
    }
    (refs >= 1).then(|| symbol_call(Value::Str(merge_text(out))))
}

/// `symbol(v)`: the value of the symbol `v` names.
pub(super) fn symbol_call(v: Value) -> Value {
    Value::Call(CallOut {
        name: "symbol".into(),
        args: vec![ArgOut {
            comments: vec![],
            brk: None,
            value: v,
        }],
        close_break: None,
    })
}

/// The name inside `symbol("…")`, if `v` is such a call.
pub(super) fn symbol_arg(v: &Value) -> Option<&Value> {
    match v {
        Value::Call(c) if c.name == "symbol" && c.args.len() == 1 => Some(&c.args[0].value),
        _ => None,
    }
}

impl Converter<'_> {
    /// Pieces to a value: a number, words, or a string with `${NAME}`.
    pub(super) fn finish(&self, pieces: Vec<P>, whole: Sp) -> R<Fx<Value>> {
        let mut effects = Vec::new();
        let mut pieces: Vec<P> = pieces
            .into_iter()
            .filter_map(|p| match p {
                P::Effect(s) => {
                    effects.push(s);
                    None
                }
                p => Some(p),
            })
            .collect();
        self.finish_text(&mut pieces, whole).map(|v| (effects, v))
    }

    pub(super) fn finish_text(&self, pieces: &mut Vec<P>, whole: Sp) -> R<Value> {
        let mut pieces = std::mem::take(pieces);
        strip_m4_suffix(&mut pieces);
        // a value that is not text must stand alone
        let non_blank: Vec<&P> = pieces
            .iter()
            .filter(|p| !matches!(p, P::Text(t) if t.trim().is_empty()))
            .collect();
        if let Some(P::Val(v, sp, what)) = non_blank.iter().find(|p| matches!(p, P::Val(..))) {
            if non_blank.len() == 1 {
                return Ok(v.clone());
            }
            return refuse(K::Paste { name: what.clone() }, *sp, "pasted into text");
        }
        let pieces = merge_text(pieces);
        if let Some(t) = literal_text(&pieces) {
            return Ok(literal_value(&t));
        }
        if let Some(v) = self.check_pasted_names(&pieces, whole)? {
            return Ok(v);
        }
        // words: single spaces between words, each a word or a whole name
        let mut words: Vec<String> = Vec::new();
        let mut ok = true;
        let mut cur = String::new();
        let mut cur_is_ref = false;
        for p in &pieces {
            match p {
                P::Text(t) => {
                    for (i, part) in t.split(' ').enumerate() {
                        if i > 0 {
                            words.push(std::mem::take(&mut cur));
                            cur_is_ref = false;
                        }
                        // M4 keeps a name nothing defines as text; bare, tplg
                        // would read it as a reference
                        if (cur_is_ref && !part.is_empty()) || crate::vocab::is_reference(part) {
                            ok = false;
                        }
                        cur.push_str(part);
                    }
                }
                P::Ref(n, _) => {
                    let is_param = self.ctx.as_ref().is_some_and(|c| c.params.contains(n));
                    if !cur.is_empty() || !(is_name_case(n) || is_param) {
                        ok = false;
                    }
                    cur.push_str(n);
                    cur_is_ref = true;
                }
                P::Val(..) | P::Effect(_) => ok = false,
            }
        }
        words.push(cur);
        if ok && words.iter().all(|w| is_word(w)) {
            return Ok(Value::Words(words.join(" ")));
        }
        let out: Vec<Piece> = pieces
            .into_iter()
            .map(|p| match p {
                P::Text(t) => Piece::Text(t),
                P::Ref(n, _) => Piece::Name(n),
                P::Val(..) | P::Effect(_) => Piece::Text(String::new()),
            })
            .collect();
        Ok(Value::Str(merge_text(out)))
    }

    /// M4 reads pasted text again: `PIPELINE_SINK_'ID` becomes the macro
    /// `PIPELINE_SINK_1`. tplg would keep the text; refuse when the pasted
    /// name could be a macro.
    ///
    /// When the pasted name is the whole value (`concat(`PIPELINE_SINK_',
    /// ID)`), it converts to `symbol("PIPELINE_SINK_${ID}")`, which tplg
    /// reads as M4 does.
    fn check_pasted_names(&self, pieces: &[P], whole: Sp) -> R<Option<Value>> {
        let is_id = |c: char| c.is_ascii_alphanumeric() || c == '_';
        for (i, p) in pieces.iter().enumerate() {
            let P::Ref(_, sp) = p else { continue };
            let before = match i.checked_sub(1).map(|k| &pieces[k]) {
                Some(P::Text(t)) => {
                    let n = t.len() - t.trim_end_matches(is_id).len();
                    t[t.len() - n..].to_string()
                }
                _ => String::new(),
            };
            let after = match pieces.get(i + 1) {
                Some(P::Text(t)) => t[..t.len() - t.trim_start_matches(is_id).len()].to_string(),
                _ => String::new(),
            };
            if before.is_empty() && after.is_empty() {
                continue;
            }
            // a name cannot start with a digit: M4 splits `1FOO` into `1` and `FOO`
            let prefix = before.trim_start_matches(|c: char| c.is_ascii_digit());
            if prefix.is_empty()
                && !after
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            {
                continue;
            }
            let matches = self.pasted_matches(prefix, &after);
            if !matches.is_empty() {
                if let Some(v) = whole_computed_name(pieces) {
                    return Ok(Some(v));
                }
                let shown: Vec<String> = matches.iter().take(3).map(|m| format!("`{m}`")).collect();
                let _ = whole;
                return refuse(
                    K::ComputedName {
                        pattern: format!("{prefix}…{after}"),
                        examples: format!("e.g. {}", shown.join(", ")),
                    },
                    *sp,
                    "pasted into a name",
                );
            }
        }
        Ok(None)
    }
}
