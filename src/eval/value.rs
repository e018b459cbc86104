//! Values: what arguments and symbols evaluate to.

use crate::source::Span;
use minijinja::value::{Value as MjValue, ValueKind};
use std::fmt;
use std::rc::Rc;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Int(i64),
    Str(String),
    /// A nested call such as `SSP_CLOCK(bclk, 3072000, codec_consumer)`.
    Record(Rc<Record>),
    List(Rc<Vec<Value>>),
}

#[derive(Debug, PartialEq)]
pub struct Record {
    pub name: String,
    /// In parameter order; omitted optional parameters are absent.
    pub fields: Vec<(String, Value)>,
    pub span: Span,
}

impl Value {
    pub fn str(s: impl Into<String>) -> Self {
        Value::Str(s.into())
    }

    /// The value as an integer, if it is one or is text that reads as one.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Str(s) => parse_int(s),
            _ => None,
        }
    }

    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Int(i) => *i != 0,
            Value::Str(s) => !s.is_empty(),
            Value::Record(_) => true,
            Value::List(l) => !l.is_empty(),
        }
    }

    /// What the value is, for messages.
    pub fn describe(&self) -> String {
        match self {
            Value::Int(i) => format!("the integer {i}"),
            Value::Str(s) if s.is_empty() => "an empty value".into(),
            Value::Str(s) => format!("`{s}`"),
            Value::Record(r) => format!("a call to {}(…)", r.name),
            Value::List(_) => "a list".into(),
        }
    }

    pub fn to_template(&self) -> MjValue {
        match self {
            Value::Int(i) => MjValue::from(*i),
            Value::Str(s) => MjValue::from(s.as_str()),
            Value::Record(r) => {
                let mut pairs: Vec<(String, MjValue)> =
                    vec![("kind".into(), MjValue::from(r.name.as_str()))];
                pairs.extend(r.fields.iter().map(|(k, v)| (k.clone(), v.to_template())));
                MjValue::from_iter(pairs)
            }
            Value::List(l) => MjValue::from(l.iter().map(Value::to_template).collect::<Vec<_>>()),
        }
    }

    pub fn from_template(v: &MjValue) -> Value {
        match v.kind() {
            ValueKind::Number => match i64::try_from(v.clone()) {
                Ok(i) => Value::Int(i),
                Err(_) => Value::Str(v.to_string()),
            },
            ValueKind::Bool => Value::Int(i64::from(v.is_true())),
            ValueKind::None | ValueKind::Undefined => Value::Str(String::new()),
            ValueKind::Seq => Value::List(Rc::new(
                v.try_iter()
                    .map(|it| it.map(|x| Value::from_template(&x)).collect())
                    .unwrap_or_default(),
            )),
            _ => Value::Str(v.as_str().map_or_else(|| v.to_string(), str::to_string)),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Int(i) => write!(f, "{i}"),
            Value::Str(s) => f.write_str(s),
            Value::Record(r) => {
                write!(f, "{}(", r.name)?;
                for (i, (_, v)) in r.fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str(")")
            }
            Value::List(l) => {
                for (i, v) in l.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                Ok(())
            }
        }
    }
}

/// Reads `48000`, `-3` or `0x1f`.
pub(crate) fn parse_int(s: &str) -> Option<i64> {
    let s = s.trim();
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let v = match body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        Some(h) if !h.is_empty() => i64::from_str_radix(h, 16).ok()?,
        Some(_) => return None,
        None if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) => {
            body.parse().ok()?
        }
        None => return None,
    };
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_int_forms() {
        assert_eq!(parse_int("48000"), Some(48000));
        assert_eq!(parse_int("0x1f"), Some(31));
        assert_eq!(parse_int("-2"), Some(-2));
        assert_eq!(parse_int("0x"), None);
        assert_eq!(parse_int("s16le"), None);
        assert_eq!(parse_int(""), None);
    }

    #[test]
    fn template_round_trip() {
        assert_eq!(
            Value::from_template(&Value::Int(5).to_template()),
            Value::Int(5)
        );
        assert_eq!(
            Value::from_template(&Value::str("x").to_template()),
            Value::str("x")
        );
    }
}
