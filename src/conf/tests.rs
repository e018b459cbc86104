//! Tests of the alsaconf parser and IR.

use super::*;
use crate::source::Origin;

fn load(text: &str) -> (Sources, FileId) {
    let mut s = Sources::new();
    let id = s.add("t.conf", Origin::Synthetic, text.to_string());
    (s, id)
}

/// Parses `text` into the IR; panics with the rendered error on failure.
fn topo(text: &str) -> (Sources, ConfTopology) {
    let (s, id) = load(text);
    let t = parse(&s, id).unwrap_or_else(|e| panic!("{}", render(&e)));
    (s, t)
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
            let err = parse(&s, id).expect_err("input should fail to parse");
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

#[test]
fn m4_uuid_with_a_trailing_newline() {
    let text = concat!(
        "SectionVendorTuples.\"PCM0P_tuples_uuid\" {\n",
        "\ttokens \"sof_comp_tokens\"\n",
        "\ttuples.\"uuid\" {\n",
        "\t\tSOF_TKN_COMP_UUID\t\t\"0c:10:9d:8b:78:6d:8f:41:90:a3:e0:e8:05:d0:85:2b\n\"\n",
        "\t}\n",
        "}\n",
    );
    let (s, t) = topo(text);
    assert!(t.errors.is_empty() && t.warnings.is_empty());
    let g = &t.tuples[0].groups[0];
    assert_eq!(g.kind, TupleType::Uuid);
    let tu = &g.tuples[0];
    assert!(tu.value.value.ends_with("2b\n"));
    assert!(s.slice(tu.value.span).ends_with("2b\n\""));
    assert_eq!(
        g.kind.check(&tu.value.value),
        Ok(TupleValue::Uuid([
            0x0c, 0x10, 0x9d, 0x8b, 0x78, 0x6d, 0x8f, 0x41, 0x90, 0xa3, 0xe0, 0xe8, 0x05, 0xd0,
            0x85, 0x2b
        ]))
    );
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
    let text = render(&parse(&s, id).unwrap_err());
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
            let _ = parse(&s, id);
        }
    }
    for bad in [
        "{", "}", "[", "]", "{{{]]]", "a.", ".a b", "a \\", "'", "<", "<a", "a=", "a;;", "\u{e9}{",
    ] {
        let (s, id) = load(bad);
        let _ = parse(&s, id);
    }
}

#[test]
fn random_edits_never_panic() {
    let base = concat!(
        "SectionVendorTuples.\"t\" {\n\ttokens \"k\"\n\ttuples.\"word.m\" { A \"1\" B 0x2 }\n}\n",
        "SectionGraph.\"g\" { index \"1\" lines [ \"a, , b\" 'c, d, e' ] }\n",
        "SectionPCM.\"p\" { id 0 dai.\"d\" { id \"0\" } pcm.\"playback\" { capabilities \"c\" } }\n",
        "<x.conf> # end\n",
    );
    let alphabet: Vec<char> = "{}[]\"'#<>.,;=\\ \n\tax0-!?".chars().collect();
    // a small linear congruential generator: deterministic, no dependency
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as usize % n
    };
    for _ in 0..400 {
        let mut text: Vec<char> = base.chars().collect();
        for _ in 0..1 + next(3) {
            let at = next(text.len() + 1);
            match next(3) {
                0 if at < text.len() => {
                    text.remove(at);
                }
                1 if at < text.len() => text[at] = alphabet[next(alphabet.len())],
                _ => text.insert(at, alphabet[next(alphabet.len())]),
            }
        }
        let text: String = text.into_iter().collect();
        let (s, id) = load(&text);
        match parse(&s, id) {
            Ok(t) => {
                for e in t.errors.iter().chain(&t.warnings) {
                    render(e);
                }
                let _ = t.duplicates();
            }
            Err(e) => {
                render(&e);
            }
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let ok = "a { ".repeat(40) + &"}".repeat(40);
    assert!(parse_tree(&load(&ok).0, FileId(0)).is_ok());
    for text in [
        "a { ".repeat(100) + &"}".repeat(100),
        "a.".repeat(20_000) + "b c",
        "a ".to_string() + &"[".repeat(100) + &"]".repeat(100),
        "a ".to_string() + &"[".repeat(10_000),
    ] {
        let (s, id) = load(&text);
        let err = parse(&s, id).expect_err("too deep");
        assert!(
            matches!(err, ConfError::TooDeep { .. } | ConfError::Syntax { .. }),
            "{err:?}"
        );
    }
    let (s, id) = load(&("a.".repeat(20_000) + "b c"));
    assert!(render(&parse(&s, id).unwrap_err()).contains("nesting too deep"));
}

// ---- sections ------------------------------------------------------------

#[test]
fn control_sections() {
    let (s, t) = topo(concat!(
        "SectionTLV.\"vtlv\" {\n\tComment \"-64dB\"\n\tscale { min \"-6400\" step \"200\" mute \"1\" }\n}\n",
        "SectionControlMixer.\"1 Master Playback Volume\" {\n",
        "\tindex \"1\"\n",
        "\tchannel.\"FL\" { reg \"1\" shift \"0\" }\n",
        "\tchannel.\"FR\" { reg \"1\" shift \"1\" }\n",
        "\tops.\"ctl\" { info \"volsw\" get \"256\" put \"256\" }\n",
        "\tmax \"32\"\n\tinvert \"false\"\n\ttlv \"vtlv\"\n",
        "\taccess [ tlv_read read_write ]\n",
        "\tdata [ \"d1\" \"d2\" ]\n",
        "\tcomment \"skipped\"\n",
        "}\n",
        "SectionControlBytes.\"eq\" {\n",
        "\tbase \"0\" num_regs \"0\" mask \"ff\" max \"4096\"\n",
        "\tops.\"ctl\" { info \"bytes\" get \"258\" put \"258\" }\n",
        "\textops.\"extctl\" { get 258 put 258 }\n",
        "\tdata \"eq_data\"\n",
        "}\n",
        "SectionControlEnum.\"mux\" { texts \"mux_texts\" channel.\"mono\" { reg \"0\" } ops.\"ctl\" { info \"enum\" } }\n",
        "SectionText.\"mux_texts\" { values [ \"A\" \"B\" ] }\n",
    ));
    assert!(t.errors.is_empty(), "{:?}", t.errors);
    let tlv = &t.tlvs[0];
    let scale = tlv.scale.as_ref().unwrap();
    assert_eq!(scale.min.as_ref().unwrap().value, -6400);
    assert_eq!(scale.mute.as_ref().unwrap().value, 1);
    assert_eq!(tlv.unknown[0].key.name, "Comment");
    assert_eq!(s.slice(tlv.unknown[0].key.span), "Comment");

    let m = &t.mixers[0];
    assert_eq!(m.name.value, "1 Master Playback Volume");
    assert_eq!(m.index.as_ref().unwrap().value, 1);
    assert_eq!(m.channels.len(), 2);
    assert_eq!(m.channels[1].name.value, "FR");
    assert_eq!(m.channels[1].shift.as_ref().unwrap().value, 1);
    assert_eq!(m.ops[0].info.as_ref().unwrap().value, "volsw");
    assert_eq!(m.max.as_ref().unwrap().value, 32);
    assert!(!m.invert.as_ref().unwrap().value);
    assert_eq!(m.tlv.as_ref().unwrap().value, "vtlv");
    assert_eq!(m.access.len(), 2);
    assert_eq!(
        m.data
            .iter()
            .map(super::ir::Spanned::as_str)
            .collect::<Vec<_>>(),
        ["d1", "d2"]
    );
    assert_eq!(s.slice(m.data[1].span), "\"d2\"");
    assert!(m.unknown.is_empty(), "comment keys are skipped");
    assert!(s
        .slice(m.span)
        .starts_with("SectionControlMixer.\"1 Master"));
    assert!(s.slice(m.span).ends_with('}'));

    let b = &t.bytes[0];
    assert_eq!(b.mask.as_ref().unwrap().value, 0xff, "mask is hexadecimal");
    assert_eq!(b.max.as_ref().unwrap().value, 4096);
    assert_eq!(b.extops[0].put.as_ref().unwrap().value, "258");
    assert_eq!(b.data[0].value, "eq_data");

    let e = &t.enums[0];
    assert_eq!(e.texts.as_ref().unwrap().value, "mux_texts");
    assert_eq!(e.channels[0].name.value, "mono");
    assert_eq!(t.texts[0].values.len(), 2);
}

#[test]
fn data_tokens_and_tuples() {
    let (s, t) = topo(concat!(
        "SectionVendorTokens.\"sof_comp_tokens\" {\n\tSOF_TKN_COMP_PERIOD_SINK_COUNT \"400\"\n\tSOF_TKN_COMP_CORE_ID 404\n}\n",
        "SectionVendorTuples.\"t\" {\n",
        "\ttokens \"sof_comp_tokens\"\n",
        "\ttuples.\"word\" { SOF_TKN_COMP_PERIOD_SINK_COUNT \"2\" SOF_TKN_COMP_CORE_ID \"0\" }\n",
        "\ttuples.\"short.pdm0\" { SOF_TKN_INTEL_DMIC_PDM_CTRL_ID \"0\" }\n",
        "\ttuples.\"string\" { SOF_TKN_X \"hello\" }\n",
        "}\n",
        "SectionData.\"d\" {\n\ttuples \"t\"\n\tbytes \"0x03,0x1d,0x01\"\n\ttype \"2\"\n}\n",
        "SectionData.\"f\" { file \"blob.bin\" words \"0x1:0x2\" }\n",
    ));
    assert!(t.errors.is_empty() && t.warnings.is_empty());
    let tok = &t.tokens[0];
    assert_eq!(tok.tokens.len(), 2);
    assert_eq!(tok.tokens[1].name.value, "SOF_TKN_COMP_CORE_ID");
    assert_eq!(tok.tokens[1].id.value, 404);

    let tu = &t.tuples[0];
    assert_eq!(tu.tokens.as_ref().unwrap().value, "sof_comp_tokens");
    assert_eq!(tu.groups.len(), 3);
    assert_eq!(
        (tu.groups[0].kind, tu.groups[0].suffix.as_str()),
        (TupleType::Word, "")
    );
    assert_eq!(
        (tu.groups[1].kind, tu.groups[1].suffix.as_str()),
        (TupleType::Short, "pdm0")
    );
    assert_eq!(s.slice(tu.groups[1].key.span), "\"short.pdm0\"");
    let entry = &tu.groups[0].tuples[1];
    assert_eq!(entry.token.value, "SOF_TKN_COMP_CORE_ID");
    assert_eq!(s.slice(entry.token.span), "SOF_TKN_COMP_CORE_ID");
    assert_eq!(s.slice(entry.value.span), "\"0\"");
    assert_eq!(
        tu.groups[2].kind.check("hello"),
        Ok(TupleValue::String("hello".into()))
    );

    let d = &t.data[0];
    assert_eq!(d.tuples[0].value, "t");
    assert_eq!(d.data_type.as_ref().unwrap().value, 2);
    let bytes = d.bytes.as_ref().unwrap();
    assert_eq!(
        bytes
            .items
            .iter()
            .map(super::ir::Spanned::as_str)
            .collect::<Vec<_>>(),
        ["0x03", "0x1d", "0x01"]
    );
    assert_eq!(s.slice(bytes.items[1].span), "0x1d");
    let f = &t.data[1];
    assert_eq!(f.file.as_ref().unwrap().value, "blob.bin");
    assert_eq!(f.words.as_ref().unwrap().items.len(), 2);
}

#[test]
fn tuple_types_and_values() {
    assert_eq!(
        TupleType::from_group_key("word"),
        Some((TupleType::Word, ""))
    );
    assert_eq!(
        TupleType::from_group_key("0_WORD.x"),
        Some((TupleType::Word, ".x"))
    );
    assert_eq!(
        TupleType::from_group_key("bool"),
        Some((TupleType::Bool, ""))
    );
    assert_eq!(
        TupleType::from_group_key("words"),
        Some((TupleType::Word, "s"))
    );
    assert_eq!(TupleType::from_group_key("int"), None);
    assert_eq!(TupleType::Bool.check("true"), Ok(TupleValue::Bool(true)));
    assert!(TupleType::Bool.check("maybe").is_err());
    assert_eq!(TupleType::Byte.check("0xff"), Ok(TupleValue::Int(255)));
    assert!(TupleType::Byte.check("256").is_err());
    assert_eq!(TupleType::Short.check("65535"), Ok(TupleValue::Int(65535)));
    assert_eq!(TupleType::Word.check("-1"), Ok(TupleValue::Int(u32::MAX)));
    assert!(TupleType::Word.check("abc").is_err());
    assert!(TupleType::Uuid.check("01:02").is_err());
    let commas = (1..=16)
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    assert!(matches!(TupleType::Uuid.check(&commas), Ok(TupleValue::Uuid(u)) if u[15] == 16));
}

#[test]
fn graph_routes_as_alsatplg_reads_them() {
    let (s, t) = topo(concat!(
        "SectionGraph.\"pipe 1\" {\n",
        "\tindex \"1\"\n",
        "\tlines [\n",
        "\t\t\"BUF1.0, , PCM0P\"\n",
        "\t\t\"Dmic0, Mux, BUF2.0\"\n",
        "\t\t\"a,b,c\"\n",
        "\t]\n",
        "}\n",
    ));
    assert!(t.errors.is_empty());
    let g = &t.graphs[0];
    assert_eq!(g.index.as_ref().unwrap().value, 1);
    let r = g.lines[0].route.as_ref().unwrap();
    assert_eq!(
        (r.sink.as_str(), r.control.as_str(), r.source.as_str()),
        ("BUF1.0", "", "PCM0P")
    );
    assert_eq!(s.slice(r.sink.span), "BUF1.0");
    assert_eq!(s.slice(r.source.span), "PCM0P");
    let r = g.lines[1].route.as_ref().unwrap();
    assert_eq!(s.slice(r.control.span), "Mux");
    // without spaces alsatplg loses the control and the source
    let r = g.lines[2].route.as_ref().unwrap();
    assert_eq!(
        (r.sink.as_str(), r.control.as_str(), r.source.as_str()),
        ("a", "", "")
    );
}

#[test]
fn graph_problems() {
    let (s, t) = topo("SectionGraph.\"g\" {\n\tlines [ \"a, b\" ]\n\tindex \"0\"\n}\n");
    assert_eq!(t.errors.len(), 2, "{:?}", t.errors);
    assert!(t.errors[0]
        .to_string()
        .contains("before (or without) `index`"));
    let sp = t.errors[1].span();
    assert_eq!(
        &s.text(t.file)[sp.offset()..sp.offset() + sp.len()],
        "\"a, b\""
    );
    assert!(t.graphs[0].lines[0].route.is_none());
}

#[test]
fn widgets() {
    let (s, t) = topo(concat!(
        "SectionWidget.\"PGA1.0\" {\n",
        "\tindex \"1\"\n\ttype \"pga\"\n\tno_pm \"true\"\n\tstream_name \"Passthrough Playback 0\"\n",
        "\tdata [ \"PGA1.0_data_w\" \"PGA1.0_data_str\" ]\n",
        "\tmixer [ \"1 Master Playback Volume\" ]\n",
        "\tenum \"e\"\n\tbytes [ \"b\" ]\n",
        "\tsubseq \"2\"\n\tfrobnicate \"yes\"\n",
        "}\n",
    ));
    assert!(t.errors.is_empty());
    let w = &t.widgets[0];
    assert_eq!(w.widget_type.as_ref().unwrap().value, "pga");
    assert_eq!(s.slice(w.widget_type.as_ref().unwrap().span), "\"pga\"");
    assert!(w.no_pm.as_ref().unwrap().value);
    assert_eq!(
        w.stream_name.as_ref().unwrap().value,
        "Passthrough Playback 0"
    );
    assert_eq!(w.data.len(), 2);
    assert_eq!(w.mixers[0].value, "1 Master Playback Volume");
    assert_eq!((w.enums.len(), w.bytes.len()), (1, 1));
    assert_eq!(w.subseq.as_ref().unwrap().value, 2);
    assert_eq!(w.unknown.len(), 1);
    assert_eq!(s.slice(w.unknown[0].key.span), "frobnicate");
    assert_eq!(s.slice(w.unknown[0].span), "frobnicate \"yes\"");
    let sec: &dyn Section = w;
    assert_eq!(sec.kind(), SectionKind::Widget);
    assert_eq!(sec.unknown_keys().len(), 1);
}

#[test]
fn pcm_sections() {
    let (s, t) = topo(concat!(
        "SectionPCMCapabilities.\"Passthrough Playback 0\" {\n",
        "\tformats \"S32_LE,S24_LE,S16_LE\"\n\trates \"48000\"\n",
        "\trate_min \"48000\" rate_max \"48000\"\n",
        "\tchannels_min \"2\" channels_max \"2\"\n",
        "\tperiods_min \"2\" periods_max \"16\"\n",
        "\tperiod_size_min \"192\" period_size_max \"16384\"\n",
        "\tbuffer_size_min \"65536\" buffer_size_max \"65536\"\n",
        "\tsig_bits 24\n",
        "}\n",
        "SectionPCM.\"Speakers\" {\n",
        "\tid \"0\"\n",
        "\tdai.\"Speakers 0\" { id \"0\" }\n",
        "\tpcm.\"playback\" { capabilities \"Passthrough Playback 0\" }\n",
        "\tpcm.\"capture\" { capabilities \"Passthrough Capture 0\" }\n",
        "\tcompress \"false\"\n\tsymmetric_rates \"true\"\n",
        "}\n",
        "SectionPCMConfig.\"old\" { config.\"playback\" { format \"S16_LE\" rate \"48000\" } }\n",
        "SectionDAI.\"dai\" { id \"3\" playback \"1\" capture \"0\" pcm.\"playback\" { capabilities \"c\" } }\n",
    ));
    assert!(t.errors.is_empty(), "{:?}", t.errors);
    let c = &t.pcm_capabilities[0];
    let f = c.formats.as_ref().unwrap();
    assert_eq!(
        f.items
            .iter()
            .map(super::ir::Spanned::as_str)
            .collect::<Vec<_>>(),
        ["S32_LE", "S24_LE", "S16_LE"]
    );
    assert_eq!(s.slice(f.items[2].span), "S16_LE");
    assert_eq!(c.rates.as_ref().unwrap().items[0].value, "48000");
    assert_eq!(c.period_size_max.as_ref().unwrap().value, 16384);
    assert_eq!(c.buffer_size_min.as_ref().unwrap().value, 65536);
    assert_eq!(c.sig_bits.as_ref().unwrap().value, 24);

    let p = &t.pcms[0];
    assert_eq!(p.id.as_ref().unwrap().value, 0);
    assert_eq!(p.dais[0].name.value, "Speakers 0");
    assert_eq!(p.dais[0].id.as_ref().unwrap().value, 0);
    assert_eq!(p.streams.len(), 2);
    assert_eq!(p.streams[0].direction, Some(Direction::Playback));
    assert_eq!(p.streams[1].direction, Some(Direction::Capture));
    assert_eq!(
        s.slice(p.streams[0].capabilities.as_ref().unwrap().span),
        "\"Passthrough Playback 0\""
    );
    assert!(!p.compress.as_ref().unwrap().value);
    assert!(p.flags.symmetric_rates.as_ref().unwrap().value);

    let pc = &t.pcm_configs[0];
    assert_eq!(pc.configs[0].stream.value, "playback");
    assert_eq!(pc.configs[0].rate.as_ref().unwrap().value, "48000");

    let d = &t.dais[0];
    assert_eq!(
        (
            d.id.as_ref().unwrap().value,
            d.playback.as_ref().unwrap().value
        ),
        (3, 1)
    );
    assert_eq!(d.streams[0].capabilities.as_ref().unwrap().value, "c");
}

#[test]
fn links_and_hw_configs() {
    let (s, t) = topo(concat!(
        "SectionHWConfig.\"SSP5\" {\n",
        "\tid\t\t\"0\"\n\tformat\t\t\"I2S\"\n",
        "\tmclk\t\t\"codec_mclk_in\"\n\tmclk_freq\t\"19200000\"\n\t\n",
        "\tbclk\t\t\"codec_slave\"\n\tbclk_freq\t\"1536000\"\n",
        "\tfsync\t\t\"codec_slave\"\n\tfsync_freq\t\"48000\"\n",
        "\ttdm_slots\t\"2\"\n\ttdm_slot_width\t\"16\"\n",
        "\ttx_slots\t\"3\"\n\trx_slots\t\"3\"\n",
        "\tinvert_bclk \"false\"\n\tpm_gate_clocks \"true\"\n",
        "}\n",
        "SectionBE.\"SSP5-Codec\" {\n",
        "\tid \"0\"\n\tindex \"0\"\n\tdefault_hw_conf_id\t\"0\"\n",
        "\thw_configs [\n\t\t\"SSP5\"\n\t]\n",
        "\tdata [\n\t\t\"DAICONFIG.SSP5_data\"\n\t\t\"DAICONFIG.SSP5_data_common\"\n\n\t]\n",
        "}\n",
        "SectionLink.\"old\" { id \"1\" stream_name \"x\" }\n",
        "SectionCC.\"cc\" { id \"2\" }\n",
        "SectionManifest.STR(sof_manifest) { data [ SOF_ABI ] }\n",
    ));
    assert!(t.errors.is_empty(), "{:?}", t.errors);
    let h = &t.hw_configs[0];
    assert_eq!(h.format.as_ref().unwrap().value, "I2S");
    assert_eq!(h.mclk.as_ref().unwrap().value, "codec_mclk_in");
    assert_eq!(h.mclk_freq.as_ref().unwrap().value, 19_200_000);
    assert_eq!(h.bclk.as_ref().unwrap().value, "codec_slave");
    assert_eq!(h.bclk_freq.as_ref().unwrap().value, 1_536_000);
    assert_eq!(h.fsync_freq.as_ref().unwrap().value, 48000);
    assert_eq!(h.tdm_slots.as_ref().unwrap().value, 2);
    assert_eq!(h.tdm_slot_width.as_ref().unwrap().value, 16);
    assert_eq!(h.tx_slots.as_ref().unwrap().value, 3);
    assert!(!h.bclk_invert.as_ref().unwrap().value);
    assert!(h.clock_gated.as_ref().unwrap().value);
    assert_eq!(s.slice(h.bclk_freq.as_ref().unwrap().span), "\"1536000\"");

    let be = &t.links[0];
    assert_eq!(be.keyword.value, "SectionBE");
    assert_eq!(be.hw_configs[0].value, "SSP5");
    assert_eq!(be.default_hw_conf_id.as_ref().unwrap().value, 0);
    assert_eq!(be.data.len(), 2);
    assert_eq!(t.links[1].keyword.value, "SectionLink");
    assert_eq!(t.links[1].stream_name.as_ref().unwrap().value, "x");
    assert_eq!(t.ccs[0].id.as_ref().unwrap().value, 2);
    let m = &t.manifests[0];
    assert_eq!(m.name.value, "STR(sof_manifest)");
    assert_eq!(m.data[0].value, "SOF_ABI");
}

#[test]
fn values_alsatplg_rejects_or_skips() {
    let (s, t) = topo(concat!(
        "SectionWidget.\"w\" { index \"-1\" stream_name 5 no_pm \"maybe\" reg \"0x\" }\n",
        "SectionVendorTuples.\"t\" { tuples.\"int\" { A \"1\" } tuples.\"string\" { B 7 } }\n",
        "SectionVendorTokens.\"k\" { A \"1\" B \"two\" }\n",
        "SectionPCM.\"p\" { pcm.\"sideways\" { capabilities \"c\" } }\n",
        "SectionData [ 1 ]\n",
        "SectionManifest.\"m\" { data [ \"a\" { b c } ] }\n",
    ));
    let msgs: Vec<String> = t
        .errors
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    let expect = [
        "`index` must not be negative",
        "`stream_name` must be a string; alsatplg reads `5` as a number",
        "`no_pm` must be a boolean, not `maybe`",
        "`reg` must be an integer, not `0x`",
        "`int` is not a tuple type",
        "a PCM stream is `playback` or `capture`, not `sideways`",
        "`SectionData` must be a section, not an array",
    ];
    assert_eq!(msgs, expect);
    let warns: Vec<String> = t
        .warnings
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(
        warns,
        [
            "alsatplg skips string tuple `B`: it reads `7` as a number",
            "alsatplg skips token `B`: its value is not an integer",
            "alsatplg skips this entry of `data`: it is not a name",
        ]
    );
    let sp = t.errors[1].span();
    assert_eq!(&s.text(t.file)[sp.offset()..sp.offset() + sp.len()], "5");
    assert!(render(&t.errors[1]).contains("tplg::conf::invalid"));
    assert_eq!(t.tokens[0].tokens.len(), 1);
    assert_eq!(t.tokens[0].unknown[0].key.name, "B");
}

#[test]
fn groups_may_be_arrays_as_in_alsa_lib() {
    let (_, t) = topo(concat!(
        "SectionControlMixer.\"m\" { ops [ { info \"volsw\" } ] channel [ 1 ] }\n",
        "SectionGraph.\"g\" { index 0 lines \"a, , b\" }\n",
    ));
    let m = &t.mixers[0];
    assert_eq!(m.ops[0].name.value, "0");
    assert_eq!(m.ops[0].info.as_ref().unwrap().value, "volsw");
    let msgs: Vec<String> = t
        .errors
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(
        msgs,
        [
            "the entries of `channel` must be compounds, not an integer",
            "`lines` must be a list of routes",
        ]
    );
}

#[test]
fn unknown_sections_and_duplicates() {
    let (s, t) = topo(concat!(
        "SectionWidget.\"w\" { type \"pga\" }\n",
        "SectionFoo.\"x\" { a b }\n",
        "SectionWidget { \"w\" { type \"buffer\" } \"v\" { type \"pga\" } }\n",
        "SectionData.\"w\" { bytes \"0x1\" }\n",
    ));
    assert_eq!(t.unknown_sections.len(), 1);
    assert_eq!(t.unknown_sections[0].key.name, "SectionFoo");
    assert_eq!(t.widgets.len(), 3);
    // inside an explicit `SectionWidget { … }` a section spans from its name
    assert!(s.slice(t.widgets[1].span).starts_with("\"w\" {"));
    let d = t.duplicates();
    assert_eq!(d.len(), 1, "a data section may share a widget's name");
    assert_eq!(
        (d[0].kind, d[0].name.as_str(), d[0].spans.len()),
        (SectionKind::Widget, "w", 2)
    );
    assert_eq!(t.count(SectionKind::Widget), 3);
    assert_eq!(
        SectionKind::from_keyword("SectionLink"),
        Some(SectionKind::Link)
    );
    assert_eq!(SectionKind::Link.keyword(), "SectionBE");
}

// ---- whole topologies ----------------------------------------------------

#[test]
fn tplg_own_output_for_the_example() {
    use crate::eval::{compile, Options};
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/sof-apl-da7219.topo");
    let mut sources = Sources::new();
    let entry = sources.add(
        path,
        Origin::Disk(path.into()),
        std::fs::read_to_string(path).unwrap(),
    );
    let out = compile(&mut sources, entry, &Options::default()).unwrap();
    let conf = sources.add("out.conf", Origin::Synthetic, out.text);
    let t = parse(&sources, conf).unwrap_or_else(|e| panic!("{}", render(&e)));
    assert!(t.errors.is_empty() && t.warnings.is_empty());
    assert!(t.unknown_sections.is_empty() && t.duplicates().is_empty());
    let counts: Vec<(SectionKind, usize)> = SectionKind::ALL
        .into_iter()
        .map(|k| (k, t.count(k)))
        .filter(|&(_, n)| n > 0)
        .collect();
    use SectionKind::*;
    assert_eq!(
        counts,
        [
            (Manifest, 1),
            (Tlv, 2),
            (ControlMixer, 6),
            (Data, 121),
            (VendorTokens, 24),
            (VendorTuples, 120),
            (Graph, 14),
            (Widget, 58),
            (PcmCapabilities, 6 + 1),
            (Pcm, 6),
            (Link, 6),
            (HwConfig, 6),
        ]
    );
    // every route parses, and every data reference of a widget resolves
    assert!(t
        .graphs
        .iter()
        .flat_map(|g| &g.lines)
        .all(|l| l.route.is_some()));
    let data: std::collections::HashSet<&str> = t.data.iter().map(|d| d.name.as_str()).collect();
    assert!(t
        .widgets
        .iter()
        .flat_map(|w| &w.data)
        .all(|r| data.contains(r.as_str())));
}

/// Parses every `*.conf` in `$TPLG_CONF_CORPUS` (e.g. SOF's M4 outputs, which
/// are not part of this repository) and fails on any syntax error.
#[test]
#[ignore = "needs TPLG_CONF_CORPUS=<dir of .conf files>"]
fn external_corpus() {
    let Ok(dir) = std::env::var("TPLG_CONF_CORPUS") else {
        return;
    };
    let mut failed = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "conf"))
        .collect();
    paths.sort();
    for path in paths {
        let mut s = Sources::new();
        let id = s.add(
            path.display().to_string(),
            Origin::Disk(path.clone()),
            std::fs::read_to_string(&path).unwrap(),
        );
        match parse(&s, id) {
            Ok(t) => {
                let counts: Vec<String> = SectionKind::ALL
                    .into_iter()
                    .filter(|&k| t.count(k) > 0)
                    .map(|k| format!("{}={}", k.keyword(), t.count(k)))
                    .collect();
                println!(
                    "{}: {} errors, {} warnings, {} duplicates; {}",
                    path.display(),
                    t.errors.len(),
                    t.warnings.len(),
                    t.duplicates().len(),
                    counts.join(" ")
                );
            }
            Err(e) => failed.push(render(&e)),
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// The fast reader builds exactly pest's tree, and gives up exactly where
/// pest rejects: on every conf at hand, whole and cut or altered at many
/// places (a syntax error, an unterminated string, a lone brace…).
#[test]
fn the_fast_reader_agrees_with_the_grammar() {
    use crate::source::{Origin, Sources};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(root.join("tests"))
        .into_iter()
        .filter_map(std::result::Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|x| x == "conf"))
        .collect();
    // SOF's own M4 output (slow in a debug build: set TPLG_CONF_CORPUS to
    // a directory of confs, e.g. ../shared/parity/corpus/ref)
    let corpus = std::env::var("TPLG_CONF_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_default();
    let sof = corpus.is_dir();
    if sof {
        files.extend(
            std::fs::read_dir(&corpus)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "conf")),
        );
    } else {
        eprintln!("note: TPLG_CONF_CORPUS not set; comparing the confs under tests/ only");
    }
    files.sort();
    assert!(files.len() > 20, "too few confs: {}", files.len());
    let mut compared = 0;
    for (n, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        let mut variants = vec![text.clone()];
        // cuts and one-byte changes at places spread over the file (fewer
        // for SOF's large files, to keep the test quick)
        let from_sof = path.starts_with(&corpus);
        let places = match (from_sof, n % 20) {
            (false, _) => 8,
            (true, 0) => 4,
            (true, _) => 0,
        };
        let step = (text.len() / places.max(1)).max(1);
        for i in (1..text.len()).step_by(step).take(places) {
            if !text.is_char_boundary(i) {
                continue;
            }
            variants.push(text[..i].to_string());
            for insert in ["\"", "{", "}", "[", "]", "<", ".", "=", "#", ",", "\\"] {
                let mut v = text.clone();
                v.insert_str(i, insert);
                variants.push(v);
            }
        }
        for v in variants {
            let mut sources = Sources::new();
            let id = sources.add("t.conf", Origin::Synthetic, v.clone());
            let fast = super::fast::parse(&v, id);
            let pest = super::parse_tree_pest(&sources, id);
            match (&fast, &pest) {
                (Some(f), Ok(p)) => {
                    assert!(f == p, "{}: trees differ for a variant", path.display());
                }
                (Some(_), Err(e)) => panic!(
                    "{}: the fast reader accepts what pest rejects ({e}):\n{v}",
                    path.display()
                ),
                (None, Ok(_)) if !v.contains("\n") || v.len() < 4 => {}
                (None, Ok(p)) => {
                    // giving up is allowed only past the depth bound
                    let depth = max_depth(&p.nodes);
                    assert!(
                        depth >= super::MAX_DEPTH,
                        "{}: the fast reader gives up on a valid file",
                        path.display()
                    );
                }
                (None, Err(_)) => {}
            }
            compared += 1;
        }
    }
    assert!(compared > 100, "only {compared} texts compared");
}

fn max_depth(nodes: &[super::Node]) -> usize {
    fn value(v: &super::Value) -> usize {
        match v {
            super::Value::Compound(c) => 1 + max_depth(&c.nodes),
            super::Value::Array(a) => 1 + a.items.iter().map(value).max().unwrap_or(0),
            super::Value::Scalar(_) => 1,
        }
    }
    nodes.iter().map(|n| value(&n.value)).max().unwrap_or(0)
}
