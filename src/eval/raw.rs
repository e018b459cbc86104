//! Raw alsaconf sections: written as they are, with `${NAME}` interpolated and
//! bare defined names refused.

use super::*;

impl Evaluator<'_> {
    pub(super) fn raw(&mut self, r: &RawSection) -> Result<()> {
        let mut text = String::new();
        // Where the next part starts in the source: text parts are the
        // source between strings and dapm() calls.
        let mut at = r.span.start();
        for p in &r.parts {
            match p {
                RawPart::Text(t) => {
                    let span = Span::new(r.span.file, at, at + t.len());
                    at += t.len();
                    let exact =
                        self.sources.text(span.file).get(span.start()..span.end()) == Some(t);
                    self.raw_words(t, if exact { span } else { r.span })?;
                    text.push_str(t);
                }
                RawPart::Str(s) => {
                    at = s.span.end();
                    // Written back as alsaconf reads it: escapes restored.
                    let v = self.interpolate(s)?;
                    text.push('"');
                    text.push_str(&v.replace('\\', "\\\\").replace('"', "\\\""));
                    text.push('"');
                }
                RawPart::Dapm(a, b, span) => {
                    at = span.end();
                    let a = self.eval_ref(a)?;
                    let b = self.eval_ref(b)?;
                    text.push_str(&format!("\"{a}, , {b}\""));
                }
            }
        }
        self.emit(&text, r.span);
        Ok(())
    }

    /// Unquoted text of a raw section is copied as it is: a NAME_CASE word
    /// there that names a symbol would be written as its name, where M4
    /// wrote the value. `span` is where `text` lies (or the whole section
    /// when that is not known exactly).
    pub(super) fn raw_words(&self, text: &str, span: Span) -> Result<()> {
        let exact = span.len() == text.len();
        let mut in_comment = false;
        let mut word_start: Option<usize> = None;
        let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        for (i, c) in text.char_indices().chain([(text.len(), '\n')]) {
            if in_comment {
                in_comment = c != '\n';
                continue;
            }
            if is_word(c) {
                word_start.get_or_insert(i);
                continue;
            }
            if let Some(start) = word_start.take() {
                let word = &text[start..i];
                // `a.WORD` or `x-WORD` is part of a longer bare word.
                let joined = |ch: Option<char>| matches!(ch, Some('.' | '-' | '$'));
                let before = text[..start].chars().next_back();
                if is_reference(word)
                    && !joined(before)
                    && !joined(Some(c))
                    && self.lookup_word(word).is_some()
                {
                    let at = if exact {
                        Span::new(span.file, span.start() + start, span.start() + i)
                    } else {
                        span
                    };
                    return Err(self.error(
                        at,
                        EvalErrorKind::RawUnexpanded {
                            name: word.to_string(),
                        },
                        "written as this name, not its value",
                    ));
                }
            }
            in_comment = c == '#';
        }
        Ok(())
    }
}
