//! Tests of the alsaconf parser and IR.

use super::*;
use crate::source::Origin;

fn load(text: &str) -> (Sources, FileId) {
    let mut s = Sources::new();
    let id = s.add("t.conf", Origin::Synthetic, text);
    (s, id)
}

fn tree(text: &str) -> ConfTree {
    let (s, id) = load(text);
    parse_tree(&s, id).unwrap_or_else(|e| panic!("{}", render(&e)))
}

fn render(e: &dyn miette::Diagnostic) -> String {
    let mut out = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .with_width(80)
        .render_report(&mut out, e)
        .unwrap();
    out
}

/// The tree's shape without spans: `key=value`, `key{…}`, `key[…]`.
fn shape(nodes: &[Node]) -> String {
    fn value(v: &Value) -> String {
        match v {
            Value::Scalar(s) => format!("{:?}", s.text),
            Value::Compound(c) => format!("{{{}}}", shape(&c.nodes)),
            Value::Array(a) => format!(
                "[{}]",
                a.items.iter().map(value).collect::<Vec<_>>().join(" ")
            ),
        }
    }
    nodes
        .iter()
        .map(|n| format!("{}={}", n.key.name, value(&n.value)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Asserts a syntax-level error at byte `offset` whose message contains `msg`.
macro_rules! conf_error {
    ($name:ident, $input:expr, offset: $off:expr, contains: $msg:expr) => {
        #[test]
        fn $name() {
            let (s, id) = load($input);
            let err = parse_tree(&s, id).expect_err("input should fail to parse");
            let text = render(&err);
            assert_eq!(err.span().offset(), $off, "{text}");
            assert!(text.contains($msg), "`{text}` lacks `{}`", $msg);
        }
    };
}

// ---- syntax --------------------------------------------------------------

#[test]
fn the_generic_syntax() {
    let t = tree(concat!(
        "# a comment\n",
        "a 1\n",
        "b = two;\n",
        "c 'single \"q\"', d \"double\"\n",
        "e { f g # trailing comment\n h [ 1 2, 3; {x y} [z] ] }\n",
        "+i.j k\n",
        "STR(sof_manifest) x\n",
    ));
    assert_eq!(
        shape(&t.nodes),
        concat!(
            r#"a="1" b="two" c="single \"q\"" d="double" "#,
            r#"e={f="g" h=["1" "2" "3" {x="y"} ["z"]]} i={j="k"} STR(sof_manifest)="x""#
        )
    );
    assert_eq!(t.nodes[5].key.mode, Some(KeyMode::MergeCreate));
    assert!(!t.nodes[0].key.quoted);
}

#[test]
fn dotted_keys_nest_as_alsa_lib_reads_them() {
    let dotted = tree("SectionVendorTuples.\"x\".tuples.\"word.module0\".TKN \"1\"\n");
    let nested =
        tree("SectionVendorTuples { \"x\" { tuples { \"word.module0\" { TKN \"1\" } } } }\n");
    assert_eq!(shape(&dotted.nodes), shape(&nested.nodes));
    // the quoted key keeps its dot
    assert!(shape(&dotted.nodes).contains("word.module0={TKN=\"1\"}"));
    let Value::Compound(c) = &dotted.nodes[0].value else {
        panic!()
    };
    assert!(c.dotted);
    // spaces around the dots are allowed, as in alsa-lib
    assert_eq!(shape(&tree("a . b c\n").nodes), "a={b=\"c\"}");
}

#[test]
fn spans_point_at_keys_values_and_nodes() {
    let text = "SectionWidget.\"PGA1.0\" {\n\ttype \"pga\"\n\tno_pm true;\n}\n";
    let (s, id) = load(text);
    let t = parse_tree(&s, id).unwrap();
    let top = &t.nodes[0];
    assert_eq!(s.slice(top.key.span), "SectionWidget");
    assert_eq!(s.slice(top.span), text.trim_end());
    let Value::Compound(c) = &top.value else {
        panic!()
    };
    let sec = &c.nodes[0];
    assert_eq!(s.slice(sec.key.span), "\"PGA1.0\"");
    assert_eq!(sec.key.name, "PGA1.0");
    let Value::Compound(body) = &sec.value else {
        panic!()
    };
    assert_eq!(s.slice(body.span), "{\n\ttype \"pga\"\n\tno_pm true;\n}");
    let ty = body.get("type").unwrap();
    assert_eq!(s.slice(ty.span), "type \"pga\"");
    assert_eq!(s.slice(ty.value.span()), "\"pga\"");
    let Value::Scalar(sc) = &ty.value else {
        panic!()
    };
    assert_eq!(s.slice(sc.inner_span()), "pga");
    // a trailing separator is not part of the node
    assert_eq!(s.slice(body.get("no_pm").unwrap().span), "no_pm true");
}

#[test]
fn quoted_strings_span_lines_and_resolve_escapes() {
    let t = tree("a \"x\ny\" b 'it\\'s' c \"tab\\there\" d \"cont\\\ninued\"\n");
    assert_eq!(
        shape(&t.nodes),
        r#"a="x\ny" b="it's" c="tab\there" d="continued""#
    );
    let Value::Scalar(a) = &t.nodes[0].value else {
        panic!()
    };
    assert!(a.verbatim);
    let Value::Scalar(c) = &t.nodes[2].value else {
        panic!()
    };
    assert!(!c.verbatim);
    // with escapes, a sub-span falls back to the whole token
    assert_eq!(c.sub_span(0, 3), c.span);
}

#[test]
fn includes_are_collected() {
    let (s, id) = load("<sof/tokens.conf>\n<searchdir:topology>\na { <inner.conf> b c }\n");
    let t = parse_tree(&s, id).unwrap();
    let paths: Vec<_> = t.includes.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(
        paths,
        ["sof/tokens.conf", "searchdir:topology", "inner.conf"]
    );
    assert_eq!(s.slice(t.includes[0].span), "<sof/tokens.conf>");
    assert_eq!(shape(&t.nodes), r#"a={b="c"}"#);
}

conf_error!(unclosed_brace_at_eof, "SectionData.\"x\" {\n\tbytes \"0x1\"\n", offset: 30,
    contains: "this `{` is never closed");
conf_error!(stray_closing_brace, "a b\n}\n", offset: 4, contains: "this closes nothing");
conf_error!(unterminated_string, "a \"b\nc d\n", offset: 2, contains: "unterminated string");
conf_error!(missing_value, "a\n", offset: 1, contains: "expected a value");
conf_error!(missing_key, "= 3\n", offset: 0, contains: "expected a key");
conf_error!(unclosed_array, "a [ 1 2\n", offset: 7, contains: "this `[` is never closed");
conf_error!(array_closed_by_brace, "a [ 1 }\n", offset: 6, contains: "`}` cannot close the `[`");
conf_error!(backslash_outside_quotes, "a \\n\n", offset: 2, contains: "only works inside quotes");

#[test]
fn syntax_error_message_reads_well() {
    let (s, id) = load("SectionGraph.\"g\" {\n\tindex \"1\"\n\tlines [ \"a, , b\" \n");
    let text = render(&parse_tree(&s, id).unwrap_err());
    assert!(text.contains("tplg::conf::syntax"), "{text}");
    assert!(text.contains("expected `]` or a value"), "{text}");
    assert!(text.contains("t.conf:3:"), "{text}");
    assert!(text.contains("this `[` is never closed"), "{text}");
}

#[test]
fn bad_input_never_panics() {
    // every prefix of a realistic file, and a few mangled ones
    let text = concat!(
        "<sof/tokens.conf>\n# c\nSectionWidget.\"w\" {\n\ttype \"pga\"\n\tmixer [ \"m\" ]\n}\n",
        "SectionGraph.\"g\" { index \"1\" lines [ \"a, , b\" \"x\" ] }\n",
        "SectionVendorTuples.\"t\" { tuples.\"word.a\" { T 'v' } tuples.bogus { U 1 } }\n",
        "SectionPCM.\"p\" { pcm.\"sideways\" { capabilities 3 } dai.\"d\".id \"x\" }\n",
        "SectionTLV { \"v\" 3 } SectionData.\"d\" [ 1 ] Unknown.x y\n",
    );
    for end in 0..=text.len() {
        if text.is_char_boundary(end) {
            let (s, id) = load(&text[..end]);
            let _ = parse_tree(&s, id);
        }
    }
    for bad in [
        "{", "}", "[", "]", "{{{]]]", "a.", ".a b", "a \\", "'", "<", "<a", "a=", "a;;", "\u{e9}{",
    ] {
        let (s, id) = load(bad);
        let _ = parse_tree(&s, id);
    }
}
