//! Raw `Section*` blocks: their text kept as written, strings and
//! `dapm(a, b)` calls picked out.

use super::*;

impl Reader<'_> {
    /// `Section<Type>.head { … }`: text, strings and `dapm(a, b)`.
    pub(super) fn raw_section(&mut self, start: usize) -> Option<RawSection> {
        self.pos += "Section".len();
        let letters = self.pos;
        while self.peek().is_some_and(is_alpha) {
            self.pos += 1;
        }
        if self.pos == letters || !self.eat(".") {
            return None;
        }
        let mut raw = Raw {
            parts: Vec::new(),
            cursor: start,
        };
        let at = self.pos;
        if let Some(s) = self.attempt(super::Reader::string) {
            raw.item(self.s, at, self.pos, RawPart::Str(s));
        } else {
            let from = self.pos;
            while self
                .peek()
                .is_some_and(|c| !matches!(c, b' ' | b'\t' | b'{' | b'\n' | b'\r'))
            {
                self.pos += 1;
            }
            if self.pos == from {
                return None;
            }
        }
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
        self.raw_block(&mut raw)?;
        raw.text(&self.s[raw.cursor..self.pos]);
        Some(RawSection {
            parts: raw.parts,
            span: self.span(start, self.pos),
        })
    }

    fn raw_block(&mut self, raw: &mut Raw) -> Option<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.give_up();
        }
        if !self.eat("{") {
            return None;
        }
        loop {
            match self.peek()? {
                b'}' => {
                    self.pos += 1;
                    break;
                }
                b'{' => self.raw_block(raw)?,
                b'"' => {
                    let at = self.pos;
                    let s = self.string()?;
                    raw.item(self.s, at, self.pos, RawPart::Str(s));
                }
                b'#' => {
                    while self.peek().is_some() && !self.at_newline() {
                        self.pos += 1;
                    }
                }
                _ if self.at("dapm") => {
                    let at = self.pos;
                    match self.attempt(|r| r.raw_dapm(at)) {
                        Some(d) => raw.item(self.s, at, self.pos, d),
                        // raw_text stops before `dapm(`: nothing else reads it
                        None if self.at("dapm(") => return None,
                        None => self.raw_text(),
                    }
                }
                _ => self.raw_text(),
            }
        }
        self.depth -= 1;
        Some(())
    }

    /// `(!("{" | "}" | "\"" | "#" | "dapm(") ~ ANY)+`, one character at least.
    fn raw_text(&mut self) {
        loop {
            // one character (a whole UTF-8 sequence)
            self.pos += 1;
            while self.pos < self.b.len() && !self.s.is_char_boundary(self.pos) {
                self.pos += 1;
            }
            match self.peek() {
                None | Some(b'{' | b'}' | b'"' | b'#') => return,
                _ if self.at("dapm(") => return,
                _ => {}
            }
        }
    }

    fn raw_dapm(&mut self, at: usize) -> Option<RawPart> {
        self.pos += "dapm".len();
        self.open_args()?;
        let (a, _) = self.value()?;
        self.skip();
        self.nl();
        self.skip();
        if !self.eat(",") {
            return None;
        }
        self.skip();
        self.nl();
        self.skip();
        let (b, _) = self.value()?;
        self.skip();
        self.nl();
        self.skip();
        if !self.eat(")") {
            return None;
        }
        Some(RawPart::Dapm(
            Box::new(a),
            Box::new(b),
            self.span(at, self.pos),
        ))
    }
}

/// A raw section's parts, as the text between its strings and dapm calls.
struct Raw {
    parts: Vec<RawPart>,
    cursor: usize,
}

impl Raw {
    fn text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        match self.parts.last_mut() {
            Some(RawPart::Text(t)) => t.push_str(s),
            _ => self.parts.push(RawPart::Text(s.to_string())),
        }
    }

    fn item(&mut self, src: &str, start: usize, end: usize, part: RawPart) {
        self.text(&src[self.cursor..start]);
        self.parts.push(part);
        self.cursor = end;
    }
}
