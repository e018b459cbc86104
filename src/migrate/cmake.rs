//! What SOF's CMake files pass to m4: the `-DNAME` and `-DNAME=VALUE` of
//! each build variant, and the names that can reach a file from outside.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// The values a CMake file passes to m4 with `-DNAME=VALUE`, M4 quotes
/// removed (``-DDTS=`DTS'`` passes `DTS`); `-DNAME` passes the empty text.
pub(crate) fn cmake_values(text: &str) -> HashMap<String, BTreeSet<String>> {
    let mut out: HashMap<String, BTreeSet<String>> = HashMap::new();
    for (name, value) in cmake_defines(text) {
        out.entry(name)
            .or_default()
            .insert(value.unwrap_or_default());
    }
    out
}

/// Every `-DNAME` and `-DNAME=VALUE` of a CMake file, in order: the name,
/// and the value with M4's quotes removed.
fn cmake_defines(text: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(k) = text[i..].find("-D") {
        let start = i + k + 2;
        let mut end = start;
        while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'_') {
            end += 1;
        }
        let name = &text[start..end];
        let boundary = i + k == 0 || !b[i + k - 1].is_ascii_alphanumeric();
        i = end.max(start);
        if !boundary || !super::writer::is_name(name) {
            continue;
        }
        let value = (end < b.len() && b[end] == b'=').then(|| {
            let vstart = end + 1;
            let vend = text[vstart..]
                .find(|c: char| c.is_whitespace() || c == '"' || c == '\\' || c == ';')
                .map_or(text.len(), |n| vstart + n);
            i = vend.max(end);
            text[vstart..vend]
                .chars()
                .filter(|c| !matches!(c, '`' | '\''))
                .collect()
        });
        out.push((name.to_string(), value));
    }
    out
}

/// The names a CMake file passes to m4 as `-DNAME` or `-DNAME=VALUE`.
pub(crate) fn cmake_inputs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (name, _) in cmake_defines(text) {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// One entry of a `TPLGS` list: the input (a path without `.m4`), the
/// output's name and the flags (`-DNAME=VALUE`), as CMake's loop reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TplgsEntry<'a> {
    pub input: &'a str,
    pub output: &'a str,
    pub flags: Vec<&'a str>,
}

/// Reads one `TPLGS` entry: fields separated by `\;` as a CMake file
/// writes them (`sof-apl-da7219\;sof-apl-da7219\;-DPLATFORM=bxt`), or by
/// `;` as the list's value is (`sof-apl-da7219;sof-apl-da7219;-DPLATFORM=bxt`).
/// Fields are trimmed and empty ones dropped; `None` without an input and
/// an output.
pub(crate) fn tplgs_entry(entry: &str) -> Option<TplgsEntry<'_>> {
    let sep = if entry.contains("\\;") { "\\;" } else { ";" };
    let mut fields = entry.split(sep).map(str::trim).filter(|f| !f.is_empty());
    let input = fields.next()?;
    let output = fields.next()?;
    Some(TplgsEntry {
        input,
        output,
        flags: fields.collect(),
    })
}

/// The build variants of a CMake file: each `"input\;output\;-Dflags…"`
/// entry of its `TPLGS` lists, as the input's file name (no directory, no
/// `.m4`) and the names its flags define.
pub(crate) fn cmake_variants(text: &str) -> Vec<(String, Vec<String>)> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|quoted| quoted.contains("\\;"))
        .filter_map(tplgs_entry)
        .filter_map(|entry| {
            let stem = entry.input.rsplit('/').next()?.trim_end_matches(".m4");
            Some((stem.to_string(), cmake_inputs(&entry.flags.join(" "))))
        })
        .collect()
}

/// The -D names that can reach `file` from outside: those of the CMake
/// variants built from it when there are some (a top-level file), else
/// every name any variant passes (a fragment, included by others, when
/// nothing tells which files include it; see [`scope`] for what does).
pub(crate) fn inputs_for(file: &Path, variants: &[(String, Vec<String>)]) -> Vec<String> {
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let mine: Vec<&(String, Vec<String>)> = variants.iter().filter(|(i, _)| i == stem).collect();
    let mut out: Vec<String> = if mine.is_empty() {
        variants.iter().flat_map(|(_, n)| n.clone()).collect()
    } else {
        mine.iter().flat_map(|(_, n)| n.clone()).collect()
    };
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod cmake_tests {
    use super::*;

    const CMAKE: &str = r#"
set(TPLGS
	"sof-glk-es8336\;sof-apl-es8336\;-DPLATFORM=bxt\;-DSSP_NUM=2"
	"sof-glk-es8336\;sof-adl-es8336-hdmi\;-DPLATFORM=adl\;-DHDMI_1_SSP_NUM=0"
	"sof-hda-generic\;sof-hda-generic-idisp\;-DHDMI=1\;-DCHANNELS=0"
)
"#;

    #[test]
    fn an_entry_reads_as_cmake_writes_it_and_as_its_value() {
        let want = TplgsEntry {
            input: "sof-glk-es8336",
            output: "sof-apl-es8336",
            flags: vec!["-DPLATFORM=bxt", "-DSSP_NUM=2"],
        };
        assert_eq!(
            tplgs_entry("sof-glk-es8336\\;sof-apl-es8336\\;-DPLATFORM=bxt\\;-DSSP_NUM=2"),
            Some(want.clone())
        );
        assert_eq!(
            tplgs_entry(" sof-glk-es8336 ; sof-apl-es8336;-DPLATFORM=bxt;-DSSP_NUM=2;"),
            Some(want)
        );
        assert_eq!(tplgs_entry("only-an-input"), None);
    }

    #[test]
    fn a_top_level_file_sees_only_its_own_variants_names() {
        let v = cmake_variants(CMAKE);
        assert_eq!(v.len(), 3);
        assert_eq!(
            inputs_for(Path::new("dir/sof-glk-es8336.m4"), &v),
            ["HDMI_1_SSP_NUM", "PLATFORM", "SSP_NUM"]
        );
        // a fragment can be included by any variant
        assert_eq!(
            inputs_for(Path::new("platform/intel/bxt.m4"), &v),
            ["CHANNELS", "HDMI", "HDMI_1_SSP_NUM", "PLATFORM", "SSP_NUM"]
        );
    }
}
