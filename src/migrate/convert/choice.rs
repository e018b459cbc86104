//! The choice algebra: a value that depends on conditions (`ifdef` and
//! `ifelse` inside an argument), its combinations, and the nested `if`s
//! that hold one copy of a statement per combination.

use super::*;

/// A value that depends on conditions: `ifdef`/`ifelse` inside an argument.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Choice<T> {
    Leaf(T),
    Branch(Value, Box<Choice<T>>, Box<Choice<T>>),
}

impl<T: Clone> Choice<T> {
    pub(super) fn map<U>(self, f: &mut impl FnMut(T) -> U) -> Choice<U> {
        match self {
            Choice::Leaf(t) => Choice::Leaf(f(t)),
            Choice::Branch(c, a, b) => {
                let a = a.map(f);
                let b = b.map(f);
                Choice::Branch(c, Box::new(a), Box::new(b))
            }
        }
    }

    pub(super) fn try_map<U>(self, f: &mut impl FnMut(T) -> R<U>) -> R<Choice<U>> {
        Ok(match self {
            Choice::Leaf(t) => Choice::Leaf(f(t)?),
            Choice::Branch(c, a, b) => {
                let a = a.try_map(f)?;
                let b = b.try_map(f)?;
                Choice::Branch(c, Box::new(a), Box::new(b))
            }
        })
    }

    pub(super) fn and_then<U: Clone>(self, f: &mut impl FnMut(T) -> Choice<U>) -> Choice<U> {
        match self {
            Choice::Leaf(t) => f(t),
            Choice::Branch(c, a, b) => {
                let a = a.and_then(f);
                let b = b.and_then(f);
                Choice::Branch(c, Box::new(a), Box::new(b))
            }
        }
    }

    pub(super) fn leaves_mut(&mut self, f: &mut impl FnMut(&mut T)) {
        match self {
            Choice::Leaf(t) => f(t),
            Choice::Branch(_, a, b) => {
                a.leaves_mut(f);
                b.leaves_mut(f);
            }
        }
    }

    pub(super) fn leaves(&self) -> usize {
        match self {
            Choice::Leaf(_) => 1,
            Choice::Branch(_, a, b) => a.leaves() + b.leaves(),
        }
    }
}

/// Appends `part` to every combination in `acc`.
pub(super) fn append<T: Clone>(acc: Choice<Vec<T>>, part: Choice<Vec<T>>) -> Choice<Vec<T>> {
    match part {
        // the common case, without copying what is there
        Choice::Leaf(more) => {
            let mut acc = acc;
            acc.leaves_mut(&mut |v| v.extend(more.iter().cloned()));
            acc
        }
        part => acc.and_then(&mut |prefix: Vec<T>| {
            part.clone().map(&mut |more: Vec<T>| {
                let mut v = prefix.clone();
                v.extend(more);
                v
            })
        }),
    }
}

/// All combinations of several conditional values.
pub(super) fn zip_all<T: Clone>(items: Vec<Choice<T>>) -> Choice<Vec<T>> {
    let mut acc: Choice<Vec<T>> = Choice::Leaf(Vec::new());
    for item in items {
        acc = acc.and_then(&mut |prefix: Vec<T>| {
            item.clone().map(&mut |t| {
                let mut v = prefix.clone();
                v.push(t);
                v
            })
        });
    }
    acc
}

/// More copies than this of one statement is not a conversion anyone reads.
pub(super) const MAX_BRANCHES: usize = 32;

/// Statements for each combination, as nested `if`s.
pub(super) fn to_stmts(c: Choice<Vec<Stmt>>) -> Vec<Stmt> {
    match c {
        Choice::Leaf(s) => s,
        Choice::Branch(cond, a, b) => make_if(vec![(cond, to_stmts(*a))], to_stmts(*b)),
    }
}

/// An `if`, tidied: `else { if … }` becomes `else if`, an empty first branch
/// is inverted, and `if !defined(X) { define X = v }` becomes `default`.
pub(super) fn make_if(
    mut branches: Vec<(Value, Vec<Stmt>)>,
    mut otherwise: Vec<Stmt>,
) -> Vec<Stmt> {
    let is_empty = |b: &[Stmt]| b.iter().all(|s| matches!(s, Stmt::Blank));
    if branches.iter().all(|(_, b)| is_empty(b)) && is_empty(&otherwise) {
        return Vec::new();
    }
    if branches.len() == 1 && is_empty(&branches[0].1) {
        let (cond, _) = branches.pop().unwrap_or((Value::empty(), Vec::new()));
        branches.push((cond.not(), std::mem::take(&mut otherwise)));
    }
    if let [Stmt::If {
        branches: inner,
        otherwise: inner_else,
    }] = otherwise.as_mut_slice()
    {
        branches.append(inner);
        otherwise = std::mem::take(inner_else);
    }
    if branches.len() == 1 && otherwise.is_empty() {
        if let (Value::Unary(UnaryOp::Not, inner), [Stmt::Define { name, default, .. }]) =
            (&branches[0].0, branches[0].1.as_slice())
        {
            if matches!(&**inner, Value::Defined(n) if n == name) && !default {
                let Some((_, mut body)) = branches.pop() else {
                    return Vec::new();
                };
                if let Some(Stmt::Define { default, .. }) = body.first_mut() {
                    *default = true;
                }
                return body;
            }
        }
    }
    vec![Stmt::If {
        branches,
        otherwise,
    }]
}
