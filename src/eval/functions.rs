//! Native twins of the library's built-in functions (`kind = "function"` in
//! `statements.toml`): `MEMCAPS`, `SOF_ABI_AT_LEAST`, `DMIC_WORD_LENGTH`
//! and `BITS_TO_BYTE` give, from the same arguments, the value their
//! `expr` evaluates to, without compiling the expression. Every platform
//! file calls the first two, so most builds otherwise compile template
//! expressions for them alone.
//!
//! A twin answers only for the built-in expression (a signature that
//! redefines the function with another `expr` is evaluated as written) and
//! only for arguments it is sure of: integers where the expression
//! compares or adds numbers, no overflow, and for `BITS_TO_BYTE` bits. Any
//! other call (`BITS_TO_BYTE(2, …)`, which fails with the expression's
//! own message) goes to the expression. Tests compare the two over each
//! function's arguments.

use super::value::Value;
use super::Abi;

/// The bound arguments of a call, in parameter order.
type Bound = indexmap::IndexMap<String, Option<Value>, rustc_hash::FxBuildHasher>;

/// A built-in function: its name, its `expr` as `statements.toml` has it,
/// and the twin.
struct Function {
    name: &'static str,
    expr: &'static str,
    twin: fn(&Bound, Abi) -> Option<Value>,
}

const FUNCTIONS: [Function; 4] = [
    Function {
        name: "MEMCAPS",
        expr: "caps | sum",
        twin: memcaps,
    },
    Function {
        name: "SOF_ABI_AT_LEAST",
        expr: "1 if abi.major > major or (abi.major == major and (abi.minor > minor or (abi.minor == minor and abi.patch >= patch))) else 0",
        twin: abi_at_least,
    },
    Function {
        name: "DMIC_WORD_LENGTH",
        expr: "{'s16le': 16, 's32le': 32}[format]",
        twin: dmic_word_length,
    },
    Function {
        name: "BITS_TO_BYTE",
        expr: "fail('BITS_TO_BYTE takes bits (0 or 1), found ' ~ [in0, in1, in2, in3, in4, in5, in6, in7] | join(', ')) if ([in0, in1, in2, in3, in4, in5, in6, in7] | max > 1 or [in0, in1, in2, in3, in4, in5, in6, in7] | min < 0) else in0 + 2 * in1 + 4 * in2 + 8 * in3 + 16 * in4 + 32 * in5 + 64 * in6 + 128 * in7",
        twin: bits_to_byte,
    },
];

/// What the function `name` with expression `expr` gives for `bound`,
/// where a twin is sure of it; `None`: evaluate the expression.
pub(super) fn native(name: &str, expr: &str, bound: &Bound, abi: Abi) -> Option<Value> {
    let f = FUNCTIONS
        .iter()
        .find(|f| f.name == name && f.expr == expr)?;
    (f.twin)(bound, abi)
}

/// An argument that is an integer as written (not text that reads as one:
/// the expression would see a string).
fn int(bound: &Bound, name: &str) -> Option<i64> {
    match bound.get(name)? {
        Some(Value::Int(i)) => Some(*i),
        _ => None,
    }
}

/// `caps | sum`: the flags added, each as often as it is given.
fn memcaps(bound: &Bound, _: Abi) -> Option<Value> {
    let Some(Value::List(caps)) = bound.get("caps")? else {
        return None;
    };
    let mut sum: i64 = 0;
    for c in caps.iter() {
        let Value::Int(i) = c else { return None };
        sum = sum.checked_add(*i)?;
    }
    Some(Value::Int(sum))
}

/// `1` when the ABI is at least `major.minor.patch`.
fn abi_at_least(bound: &Bound, abi: Abi) -> Option<Value> {
    let want = (
        int(bound, "major")?,
        int(bound, "minor")?,
        int(bound, "patch")?,
    );
    let have = (
        i64::from(abi.major),
        i64::from(abi.minor),
        i64::from(abi.patch),
    );
    Some(Value::Int(i64::from(have >= want)))
}

/// The FIFO word length of `s16le` and `s32le`.
fn dmic_word_length(bound: &Bound, _: Abi) -> Option<Value> {
    match bound.get("format")? {
        Some(Value::Str(f)) if f == "s16le" => Some(Value::Int(16)),
        Some(Value::Str(f)) if f == "s32le" => Some(Value::Int(32)),
        _ => None,
    }
}

/// A byte from eight bits, `in0` the lowest.
fn bits_to_byte(bound: &Bound, _: Abi) -> Option<Value> {
    let mut byte = 0;
    for bit in 0..8 {
        match int(bound, &format!("in{bit}"))? {
            0 => {}
            1 => byte |= 1 << bit,
            _ => return None,
        }
    }
    Some(Value::Int(byte))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::signature::{ConstructKind, Signatures};
    use crate::expand::Expander;
    use crate::library::Library;
    use minijinja::value::Value as MjValue;
    use std::rc::Rc;

    fn bound(args: &[(&str, Value)]) -> Bound {
        args.iter()
            .map(|(k, v)| ((*k).to_string(), Some(v.clone())))
            .collect()
    }

    /// What the expression gives, as `call_value` evaluates it.
    fn by_expression(expr: &str, bound: &Bound, abi: Abi) -> Result<Value, String> {
        let expander = Expander::new(Library::new(Vec::new()));
        let ctx = MjValue::from_iter(
            bound
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_ref().map_or(MjValue::from(()), Value::to_template),
                    )
                })
                .chain([(
                    "abi".to_string(),
                    MjValue::from_iter([
                        ("major", MjValue::from(abi.major)),
                        ("minor", MjValue::from(abi.minor)),
                        ("patch", MjValue::from(abi.patch)),
                    ]),
                )]),
        );
        expander
            .eval(expr, ctx)
            .map(|v| Value::from_template(&v))
            .map_err(|e| e.message)
    }

    /// Twin and expression agree wherever the twin answers.
    fn agree(name: &str, cases: &[Bound], abi: Abi) -> usize {
        let f = FUNCTIONS.iter().find(|f| f.name == name).unwrap();
        let mut answered = 0;
        for b in cases {
            let expected = by_expression(f.expr, b, abi);
            if let Some(v) = native(name, f.expr, b, abi) {
                answered += 1;
                assert_eq!(Ok(v), expected, "{name} {b:?}");
            }
        }
        answered
    }

    #[test]
    fn each_twin_is_for_the_builtin_expression() {
        let sigs = Signatures::builtin().unwrap();
        for f in &FUNCTIONS {
            let sig = sigs.get(f.name).unwrap();
            assert_eq!(sig.kind, ConstructKind::Function, "{}", f.name);
            assert_eq!(sig.expr.as_deref(), Some(f.expr), "{}", f.name);
        }
        // and another expression is not the built-in's
        let b = bound(&[("caps", Value::List(Rc::new(vec![Value::Int(1)])))]);
        assert_eq!(
            native("MEMCAPS", "caps | sum + 1", &b, Abi::default()),
            None
        );
    }

    #[test]
    fn memcaps_adds_as_the_expression_does() {
        let list = |xs: &[i64]| {
            bound(&[(
                "caps",
                Value::List(Rc::new(xs.iter().map(|&x| Value::Int(x)).collect())),
            )])
        };
        let cases = [
            list(&[]),
            list(&[1]),
            list(&[1, 2, 4]),
            list(&[4, 4]),
            list(&[1, 0x10000]),
        ];
        assert_eq!(agree("MEMCAPS", &cases, Abi::default()), cases.len());
        // text is left to the expression
        let text = bound(&[("caps", Value::List(Rc::new(vec![Value::str("1")])))]);
        assert_eq!(agree("MEMCAPS", &[text], Abi::default()), 0);
    }

    #[test]
    fn abi_at_least_compares_as_the_expression_does() {
        let mut cases = Vec::new();
        for major in 2..=4 {
            for minor in [0, 9, 17, 28, 29, 30] {
                for patch in [0, 1, 2] {
                    cases.push(bound(&[
                        ("major", Value::Int(major)),
                        ("minor", Value::Int(minor)),
                        ("patch", Value::Int(patch)),
                    ]));
                }
            }
        }
        for abi in [
            Abi::default(),
            Abi {
                major: 3,
                minor: 17,
                patch: 0,
            },
        ] {
            assert_eq!(agree("SOF_ABI_AT_LEAST", &cases, abi), cases.len());
        }
    }

    #[test]
    fn dmic_word_length_and_bits_to_byte_agree() {
        let fmt = |f: &str| bound(&[("format", Value::str(f))]);
        assert_eq!(
            agree(
                "DMIC_WORD_LENGTH",
                &[fmt("s16le"), fmt("s32le")],
                Abi::default()
            ),
            2
        );
        let bits = |v: [i64; 8]| {
            let names: Vec<String> = (0..8).map(|i| format!("in{i}")).collect();
            let args: Vec<(&str, Value)> = names
                .iter()
                .zip(v)
                .map(|(n, x)| (n.as_str(), Value::Int(x)))
                .collect();
            bound(&args)
        };
        let cases = [
            bits([0; 8]),
            bits([1; 8]),
            bits([1, 0, 0, 0, 0, 0, 0, 0]),
            bits([0, 0, 0, 0, 0, 0, 0, 1]),
            bits([1, 1, 0, 1, 0, 0, 1, 0]),
        ];
        assert_eq!(agree("BITS_TO_BYTE", &cases, Abi::default()), cases.len());
        // not a bit: the expression's own failure says so
        let bad = bits([2, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            agree("BITS_TO_BYTE", std::slice::from_ref(&bad), Abi::default()),
            0
        );
        assert!(by_expression(FUNCTIONS[3].expr, &bad, Abi::default())
            .unwrap_err()
            .contains("takes bits"));
    }
}
