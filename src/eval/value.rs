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
            Value::Record(r) => MjValue::from_object(RecordObject::of(r)),
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

/// A record as templates see it: a map of `kind` (the record's name) and
/// its fields, keys in sorted order as minijinja's own maps keep them (and
/// print and iterate them). Looked up by a scan, not a search tree: a
/// record has a handful of fields, and a tree costs more to build than the
/// few lookups a template makes.
#[derive(Debug)]
struct RecordObject {
    /// Sorted by key; a key at most once.
    fields: Vec<(MjValue, MjValue)>,
}

impl RecordObject {
    fn of(r: &Record) -> RecordObject {
        let mut fields: Vec<(MjValue, MjValue)> = Vec::with_capacity(r.fields.len() + 1);
        fields.push((MjValue::from("kind"), MjValue::from(r.name.as_str())));
        fields.extend(
            r.fields
                .iter()
                .map(|(k, v)| (MjValue::from(k.as_str()), v.to_template())),
        );
        // as a map built from these pairs in turn: the last of a key wins
        fields.reverse();
        fields.sort_by(|a, b| a.0.as_str().cmp(&b.0.as_str()));
        fields.dedup_by(|later, earlier| later.0.as_str() == earlier.0.as_str());
        RecordObject { fields }
    }
}

impl minijinja::value::Object for RecordObject {
    fn repr(self: &std::sync::Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Map
    }

    fn get_value(self: &std::sync::Arc<Self>, key: &MjValue) -> Option<MjValue> {
        let key = key.as_str()?;
        self.fields
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v.clone())
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Values(self.fields.iter().map(|(k, _)| k.clone()).collect())
    }

    fn enumerator_len(self: &std::sync::Arc<Self>) -> Option<usize> {
        Some(self.fields.len())
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

    /// A record reads, prints, iterates and compares in a template as the
    /// map of its pairs that minijinja itself builds.
    #[test]
    fn a_record_is_seen_as_the_map_of_its_pairs() {
        let rec = |name: &str, fields: Vec<(&str, Value)>| {
            Value::Record(Rc::new(Record {
                name: name.into(),
                fields: fields.into_iter().map(|(k, v)| (k.into(), v)).collect(),
                span: Span::new(crate::source::FileId(0), 0, 0),
            }))
        };
        let inner = rec(
            "SSP_CLOCK",
            vec![("clock", Value::str("bclk")), ("freq", Value::Int(3072000))],
        );
        let records = [
            rec(
                "ROUTE_MATRIX",
                vec![
                    ("pipeline", Value::Int(2)),
                    (
                        "rows",
                        Value::List(Rc::new(vec![Value::Int(1), Value::str("0b10")])),
                    ),
                ],
            ),
            rec(
                "SSP_CONFIG",
                vec![
                    ("format", Value::str("I2S")),
                    ("mclk", inner.clone()),
                    ("bclk", inner),
                ],
            ),
            rec("EMPTY", vec![]),
            // a field of the same name as `kind`: the field is what is seen, as in a map built pair by pair
            rec(
                "ODD",
                vec![("kind", Value::str("mine")), ("a", Value::Int(1))],
            ),
        ];
        // the map minijinja builds from the record's pairs in turn
        fn as_map(v: &Value) -> MjValue {
            match v {
                Value::Record(r) => {
                    let mut pairs = vec![("kind".to_string(), MjValue::from(r.name.as_str()))];
                    pairs.extend(r.fields.iter().map(|(k, v)| (k.clone(), as_map(v))));
                    MjValue::from_iter(pairs)
                }
                Value::List(l) => MjValue::from(l.iter().map(as_map).collect::<Vec<_>>()),
                v => v.to_template(),
            }
        }
        let env = minijinja::Environment::new();
        let template = "{{ r }}|{{ r.kind }}|{{ r['pipeline'] }}|{{ r.mclk }}|{{ r is mapping }}|\
            {{ r | length }}|{% for k in r %}{{ k }},{% endfor %}|{{ r == s }}|{{ r.missing is undefined }}|\
            {{ r | list }}|{{ r | items | list }}|{{ r | dictsort }}";
        for r in &records {
            let show = |v: MjValue| {
                env.render_str(
                    template,
                    minijinja::context! { r => v.clone(), s => as_map(r) },
                )
                .unwrap()
            };
            assert_eq!(show(r.to_template()), show(as_map(r)), "{r:?}");
        }
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
