//! Statements: `include`, `define`/`default`, `undefine`, `alias`, `if`,
//! `macro`, raw sections and calls.

use super::*;

impl Reader<'_> {
    pub(super) fn stmt(&mut self) -> Option<Stmt> {
        let start = self.pos;
        if let Some(s) = self.attempt(|r| r.include(start)) {
            return Some(s);
        }
        for (kw, default) in [("define", false), ("default", true)] {
            if let Some(s) = self.attempt(|r| r.define(start, kw, default)) {
                return Some(s);
            }
        }
        if let Some(s) = self.attempt(|r| r.undefine(start)) {
            return Some(s);
        }
        if let Some(s) = self.attempt(|r| r.alias(start)) {
            return Some(s);
        }
        if let Some(s) = self.attempt(|r| r.if_stmt(start)) {
            return Some(s);
        }
        if let Some(s) = self.attempt(|r| r.macro_def(start)) {
            return Some(s);
        }
        if self.at("Section") {
            if let Some(s) = self.attempt(|r| r.raw_section(start)) {
                return Some(Stmt::Raw(s));
            }
        }
        self.attempt(super::Reader::call).map(Stmt::Call)
    }

    pub(super) fn include(&mut self, start: usize) -> Option<Stmt> {
        if !self.keyword("include") {
            return None;
        }
        self.skip();
        let path = self.string()?;
        Some(Stmt::Include {
            path,
            span: self.span(start, self.pos),
        })
    }

    /// `name | string`: the name, and the string that computes it.
    pub(super) fn def_name(&mut self) -> Option<(Ident, Option<StrLit>)> {
        if let Some(n) = self.name() {
            return Some((n, None));
        }
        let start = self.pos;
        let s = self.string()?;
        let id = Ident {
            name: self.s[start..self.pos].to_string(),
            span: self.span(start, self.pos),
        };
        Some((id, Some(s)))
    }

    pub(super) fn define(
        &mut self,
        start: usize,
        kw: &str,
        only_if_undefined: bool,
    ) -> Option<Stmt> {
        if !self.keyword(kw) {
            return None;
        }
        self.skip();
        let (name, computed) = self.def_name()?;
        self.equals()?;
        let (value, _) = self.value()?;
        Some(Stmt::Define {
            name,
            computed,
            value,
            only_if_undefined,
            span: self.span(start, self.pos),
        })
    }

    /// ` = ` between a defined name and its value.
    pub(super) fn equals(&mut self) -> Option<()> {
        self.skip();
        if !self.eat("=") {
            return None;
        }
        self.skip();
        Some(())
    }

    pub(super) fn undefine(&mut self, start: usize) -> Option<Stmt> {
        if !self.keyword("undefine") {
            return None;
        }
        self.skip();
        let (name, computed) = self.def_name()?;
        Some(Stmt::Undefine {
            name,
            computed,
            span: self.span(start, self.pos),
        })
    }

    /// `alias NAME = TARGET`.
    pub(super) fn alias(&mut self, start: usize) -> Option<Stmt> {
        if !self.keyword("alias") {
            return None;
        }
        self.skip();
        let name = self.name()?;
        self.equals()?;
        let target = self.name()?;
        Some(Stmt::Alias {
            name,
            target,
            span: self.span(start, self.pos),
        })
    }

    pub(super) fn block(&mut self) -> Option<Vec<Stmt>> {
        if !self.eat("{") {
            return None;
        }
        self.skip();
        self.seps();
        self.skip();
        let stmts = self.statements(|r| r.peek() == Some(b'}'))?;
        self.skip();
        self.eat("}").then_some(stmts)
    }

    pub(super) fn if_stmt(&mut self, start: usize) -> Option<Stmt> {
        if !self.keyword("if") {
            return None;
        }
        self.skip();
        let (cond, _) = self.value()?;
        self.skip();
        let body = self.block()?;
        let mut branches = vec![(cond, body)];
        let else_if = |r: &mut Self| {
            r.seps();
            r.skip();
            if !r.keyword("else") {
                return None;
            }
            r.skip();
            if !r.keyword("if") {
                return None;
            }
            r.skip();
            let (cond, _) = r.value()?;
            r.skip();
            Some((cond, r.block()?))
        };
        self.skip();
        if let Some(b) = self.attempt(else_if) {
            branches.push(b);
            loop {
                let save = self.pos;
                self.skip();
                match self.attempt(else_if) {
                    Some(b) => branches.push(b),
                    None => {
                        self.pos = save;
                        break;
                    }
                }
            }
        }
        self.skip();
        let otherwise = self.attempt(|r| {
            r.seps();
            r.skip();
            if !r.keyword("else") {
                return None;
            }
            r.skip();
            r.block()
        });
        Some(Stmt::If {
            branches,
            otherwise,
            span: self.span(start, self.pos),
        })
    }

    pub(super) fn macro_def(&mut self, start: usize) -> Option<Stmt> {
        if !self.keyword("macro") {
            return None;
        }
        self.skip();
        let name = self.name()?;
        self.open_args()?;
        let param = |r: &mut Self| {
            let name = r.name()?;
            r.skip();
            let default = r.attempt(|r| {
                if !r.eat("=") {
                    return None;
                }
                r.skip();
                r.value().map(|(v, _)| v)
            });
            Some(MacroParam { name, default })
        };
        let mut params = Vec::new();
        if let Some(p) = self.attempt(param) {
            params.push(p);
            self.skip();
            self.list_tail(&mut params, param);
        }
        self.skip();
        self.nl();
        self.skip();
        if !self.eat(")") {
            return None;
        }
        self.skip();
        let body = self.block()?;
        Some(Stmt::Macro(Arc::new(MacroDef {
            name,
            params,
            body,
            span: self.span(start, self.pos),
        })))
    }
}
