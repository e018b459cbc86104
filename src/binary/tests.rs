use super::layout::{get_u32, size};
use super::private::{hex_count, strtoul_prefix, uuid};
use super::*;
use crate::source::{Origin, Sources};

fn compile_text(text: &str) -> (Sources, Compiled) {
    let mut sources = Sources::new();
    let id = sources.add("t.conf", Origin::Synthetic, text.to_string());
    let conf = crate::conf::parse_merged(&sources, id).expect("parses");
    let out = compile(&conf);
    (sources, out)
}

fn codes(c: &Compiled) -> Vec<String> {
    c.findings.iter().map(|f| f.code.to_string()).collect()
}

/// The blocks of a binary: (type, index, count, payload size).
fn blocks(b: &[u8]) -> Vec<(u32, u32, u32, u32)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < b.len() {
        assert_eq!(get_u32(b, at), layout::MAGIC, "a header at {at}");
        let payload = get_u32(b, at + 24);
        out.push((
            get_u32(b, at + 12),
            get_u32(b, at + 28),
            get_u32(b, at + 32),
            payload,
        ));
        at += size::HDR + payload as usize;
    }
    assert_eq!(at, b.len());
    out
}

#[test]
fn hex_lists_are_counted_as_alsa_lib_counts_them() {
    assert_eq!(hex_count(b"0x01,0x02,0x03"), Some(3));
    assert_eq!(hex_count(b"01:02:ff"), Some(3));
    assert_eq!(hex_count(b"0x01, 0x1234"), Some(2));
    // one comma fewer than values, or it is malformed
    assert_eq!(hex_count(b"0x01,,0x02"), None);
    assert_eq!(hex_count(b"1,2"), None);
    assert_eq!(hex_count(b""), None);
}

#[test]
fn strtoul_reads_a_prefix_like_c() {
    assert_eq!(strtoul_prefix("48000", 0), Some(48000));
    assert_eq!(strtoul_prefix("0x10", 0), Some(16));
    assert_eq!(strtoul_prefix("010", 0), Some(8));
    assert_eq!(strtoul_prefix("12abc", 0), Some(12));
    assert_eq!(strtoul_prefix("abc", 0), Some(0));
    assert_eq!(strtoul_prefix("ff", 16), Some(255));
    assert_eq!(strtoul_prefix("99999999999999999999999", 0), None);
}

#[test]
fn uuids_take_colons_or_commas() {
    let u = uuid("01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10").unwrap();
    assert_eq!(u[0], 1);
    assert_eq!(u[15], 0x10);
    // with colons, fewer bytes are zero-filled (alsa-lib does not check)
    assert_eq!(uuid("ff:01").unwrap()[..3], [0xff, 1, 0]);
    assert!(uuid("1,2,3").is_err());
    assert!(uuid("100:01").is_err());
}

#[test]
fn an_empty_topology_is_a_manifest() {
    let (_, c) = compile_text("");
    let b = c.bytes.unwrap();
    assert_eq!(blocks(&b), vec![(layout::block::MANIFEST, 0, 1, 112)]);
    assert!(is_binary(&b));
}

#[test]
fn controls_embedded_in_widgets_get_no_block_of_their_own() {
    let (_, c) = compile_text(
        r#"
SectionControlMixer."vol" { index "1" channel."FL" { reg "1" } ops."ctl" { info "volsw" } max "32" }
SectionControlMixer."alone" { index "1" }
SectionWidget."pga" { index "1" type "pga" mixer [ "vol" ] }
"#,
    );
    assert!(c.errors().next().is_none(), "{:?}", codes(&c));
    let b = c.bytes.unwrap();
    let bl = blocks(&b);
    assert_eq!(bl[1], (layout::block::MIXER, 1, 1, size::MIXER as u32));
    assert_eq!(
        bl[2],
        (
            layout::block::DAPM_WIDGET,
            1,
            1,
            (size::WIDGET + size::MIXER) as u32
        )
    );
    // the manifest counts both controls
    assert_eq!(get_u32(&b, size::HDR + 4), 2);
}

#[test]
fn a_missing_reference_is_an_error_at_the_reference() {
    let (sources, c) =
        compile_text("SectionWidget.\"w\" {\n\ttype \"pga\"\n\tmixer [ \"nope\" ]\n}\n");
    assert!(c.bytes.is_none());
    let f = c.errors().next().unwrap();
    assert_eq!(f.code, "tplg::binary::missing");
    assert_eq!(sources.line_col(f.span.file, f.span.start()), (3, 10));
}

#[test]
fn long_names_are_reported_where_alsatplg_cuts_them() {
    let long = "x".repeat(50);
    let (_, c) = compile_text(&format!("SectionWidget.\"{long}\" {{ type \"pga\" }}\n"));
    assert!(codes(&c).contains(&"tplg::binary::truncated".to_string()));
    let b = c.bytes.unwrap();
    let name = &b[size::HDR * 2 + size::MANIFEST + 8..][..44];
    assert_eq!(&name[..43], "x".repeat(43).as_bytes());
    assert_eq!(name[43], 0);
}

#[test]
fn a_tuple_value_out_of_range_is_an_error() {
    let (_, c) = compile_text(
        r#"
SectionVendorTokens."t" { TOK "1" }
SectionVendorTuples."v" { tokens "t" tuples."byte" { TOK "300" } }
SectionData."d" { tuples "v" }
"#,
    );
    assert!(c.bytes.is_none());
    assert_eq!(c.errors().next().unwrap().code, "tplg::binary::tuple");
}

#[test]
fn unused_data_with_bytes_is_its_own_block() {
    let (_, c) = compile_text("SectionData.\"d\" { bytes \"0x01,0x02\" type \"5\" }\n");
    let b = c.bytes.unwrap();
    let bl = blocks(&b);
    assert_eq!(bl[1], (layout::block::PDATA, 0, 1, 6));
    // the vendor type is in the block header
    assert_eq!(get_u32(&b, size::HDR + size::MANIFEST + 20), 5);
}

#[test]
fn blocks_follow_the_index() {
    let (_, c) = compile_text(
        r#"
SectionWidget."b" { index "2" type "buffer" }
SectionWidget."a" { index "1" type "buffer" }
SectionWidget."c" { index "2" type "buffer" }
"#,
    );
    let bl = blocks(&c.bytes.unwrap());
    assert_eq!(bl[1].1, 1);
    assert_eq!(bl[1].2, 1);
    assert_eq!(bl[2].1, 2);
    assert_eq!(bl[2].2, 2);
}

/// Every golden binary, cut and with bytes changed, decodes or is refused
/// at an offset, and what decodes compiles back without a panic.
#[test]
fn malformed_binaries_never_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/binary");
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut refused = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path().join("expected.tplg");
        let Ok(good) = std::fs::read(&p) else {
            continue;
        };
        // the whole file round-trips
        let (text, _) = decode(&good).unwrap();
        let (_, c) = compile_text(&text);
        assert_eq!(c.bytes.as_deref(), Some(&good[..]), "{}", p.display());
        for cut in [0, 3, 35, 36, 37, good.len() / 2, good.len() - 1] {
            if decode(&good[..cut]).is_err() {
                refused += 1;
            }
        }
        for _ in 0..200 {
            let mut b = good.clone();
            for _ in 0..1 + next() % 4 {
                let at = (next() as usize) % b.len();
                b[at] = next() as u8;
            }
            if let Ok((text, _)) = decode(&b) {
                let _ = compile_text(&text);
            } else {
                refused += 1;
            }
        }
    }
    assert!(refused > 50, "some malformed binaries are refused");
}

#[test]
fn a_cut_binary_is_refused_at_its_offset() {
    let (_, c) = compile_text("SectionWidget.\"w\" { type \"pga\" }\n");
    let b = c.bytes.unwrap();
    let e = decode(&b[..b.len() - 10]).unwrap_err();
    assert_eq!(e.offset, size::HDR + size::MANIFEST + 24);
    assert!(
        e.to_string().contains("the block says 132 bytes follow"),
        "{e}"
    );
    let e = decode(b"CoSA").unwrap_err();
    assert_eq!(e.offset, 0);
}

/// Every golden conf with characters changed compiles or is refused,
/// never a panic (what the `compile_conf` fuzz target runs).
#[test]
fn mangled_confs_never_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/binary");
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    const CHARS: &[u8] = b" \"{}[]0123456789-x,:.#\n\tabc";
    for e in std::fs::read_dir(dir).unwrap() {
        let Ok(text) = std::fs::read_to_string(e.unwrap().path().join("input.conf")) else {
            continue;
        };
        for _ in 0..60 {
            let mut b = text.clone().into_bytes();
            for _ in 0..1 + next() % 3 {
                let at = (next() as usize) % b.len();
                b[at] = CHARS[(next() as usize) % CHARS.len()];
            }
            crate::fuzzing::compile_conf(&String::from_utf8_lossy(&b));
        }
    }
}
