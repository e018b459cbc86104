//! The vocabulary every stage shares, declared once by the library
//! (`macros/vocabulary.toml`): widget types, DAI types and sample formats;
//! SOF's naming convention for symbols; and the one "did you mean" rule
//! ([`closest`]).
//!
//! The built-in declarations are read once per process; a test checks that
//! they parse, so [`vocabulary`] never fails at run time. Code compares
//! widget and DAI types as [`WidgetKind`] and [`DaiKind`], whose names a
//! test checks against the declarations, one for one and in order.

use serde::Deserialize;
use std::sync::OnceLock;

/// Symbol tables and the like keep their order; Fx hashing is several times
/// cheaper than SipHash on these short keys (no input is adversarial).
type IndexMap<K, V> = indexmap::IndexMap<K, V, rustc_hash::FxBuildHasher>;

/// An enum of the names a table of `vocabulary.toml` declares, in its
/// order: `ALL`, `name` and `parse` (the exact spelling).
macro_rules! declared {
    ($(#[$doc:meta])* $enum:ident { $($(#[$vdoc:meta])* $v:ident = $name:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub(crate) enum $enum {
            $($(#[$vdoc])* $v,)*
        }

        impl $enum {
            #[cfg(test)]
            /// Every one, in the declarations' order.
            pub(crate) const ALL: &'static [$enum] = &[$($enum::$v),*];

            /// As the vocabulary (and alsaconf) spells it.
            pub(crate) fn name(self) -> &'static str {
                match self {
                    $($enum::$v => $name,)*
                }
            }

            /// The one spelled `name`, exactly.
            pub(crate) fn parse(name: &str) -> Option<$enum> {
                match name {
                    $($name => Some($enum::$v),)*
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $enum {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

declared! {
    /// A widget type the vocabulary declares (`[widget_types]`; a
    /// SectionWidget `type`). Types it does not declare (`out_drv`,
    /// `input`, …) are DAPM-only widgets.
    WidgetKind {
        /// Host PCM, playback side.
        AifIn = "aif_in",
        /// Host PCM, capture side.
        AifOut = "aif_out",
        /// DAI, playback side (the stream goes into the DAI).
        DaiIn = "dai_in",
        /// DAI, capture side.
        DaiOut = "dai_out",
        Buffer = "buffer",
        /// A pipeline's scheduling widget.
        Scheduler = "scheduler",
        Pga = "pga",
        Mixer = "mixer",
        Mux = "mux",
        Demux = "demux",
        Src = "src",
        Asrc = "asrc",
        Siggen = "siggen",
        Effect = "effect",
        Encoder = "encoder",
        Decoder = "decoder",
    }
}

impl WidgetKind {
    /// A host widget (`aif_in`, `aif_out`): a PCM stream binds it.
    pub(crate) fn is_host(self) -> bool {
        matches!(self, WidgetKind::AifIn | WidgetKind::AifOut)
    }

    /// A DAI widget (`dai_in`, `dai_out`): a back-end link binds it.
    pub(crate) fn is_dai(self) -> bool {
        matches!(self, WidgetKind::DaiIn | WidgetKind::DaiOut)
    }
}

declared! {
    /// A DAI type the vocabulary declares (`[dai_types]`;
    /// `SOF_TKN_DAI_TYPE`).
    DaiKind {
        Ssp = "SSP",
        Dmic = "DMIC",
        Hda = "HDA",
        Alh = "ALH",
        Sai = "SAI",
        Esai = "ESAI",
        Micfil = "MICFIL",
        Afe = "AFE",
        Acp = "ACP",
        AcpSp = "ACPSP",
        AcpHs = "ACPHS",
        AcpDmic = "ACPDMIC",
        AcpSdw = "ACP_SDW",
        AcpTdm = "ACPTDM",
    }
}

/// What the library says about one widget type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WidgetType {
    /// SOF's kernel driver makes a firmware component of it; otherwise it
    /// is a DAPM-only (virtual) widget.
    pub component: bool,
    /// Graphviz shape and fill for `tplg graph`.
    pub shape: String,
    pub fill: String,
    #[allow(dead_code)] // declared for people reading vocabulary.toml
    pub doc: String,
}

/// What the library says about one DAI type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DaiType {
    /// A platform may bound its indexes with `PLATFORM_<TYPE>_COUNT`.
    pub counted: bool,
    #[allow(dead_code)] // declared for people reading vocabulary.toml
    pub doc: String,
}

/// One sample format of a pipeline.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Format {
    /// Bytes one sample takes in a buffer.
    pub bytes: u32,
    /// The ALSA format name (`S24_LE`).
    pub alsa: String,
}

/// The declarations of `macros/vocabulary.toml`, in file order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Vocabulary {
    pub widget_types: IndexMap<String, WidgetType>,
    pub dai_types: IndexMap<String, DaiType>,
    pub formats: IndexMap<String, Format>,
}

impl Vocabulary {
    #[cfg(test)]
    pub(crate) fn parse(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }

    pub(crate) fn widget_type(&self, ty: &str) -> Option<&WidgetType> {
        self.widget_types.get(ty)
    }

    /// What the declarations say about a kind.
    #[cfg(test)]
    pub(crate) fn widget(&self, kind: WidgetKind) -> &WidgetType {
        &self.widget_types[kind.name()]
    }

    /// Whether the firmware runs a widget of this type.
    pub(crate) fn is_component(&self, ty: &str) -> bool {
        self.widget_type(ty).is_some_and(|t| t.component)
    }

    /// The DAI types a platform may give a count for.
    pub(crate) fn counted_dai_types(&self) -> impl Iterator<Item = &str> {
        self.dai_types
            .iter()
            .filter(|(_, t)| t.counted)
            .map(|(name, _)| name.as_str())
    }

    pub(crate) fn format(&self, name: &str) -> Option<&Format> {
        self.formats.get(name)
    }
}

// `macros/vocabulary.toml` as build.rs wrote it: WIDGET_TYPES, DAI_TYPES, FORMATS.
include!(concat!(env!("OUT_DIR"), "/vocabulary.rs"));

/// The built-in vocabulary: `macros/vocabulary.toml`, turned into Rust data
/// when tplg is built (reading TOML took longer than the rest of a small
/// build's setup); a test checks it against the file.
pub(crate) fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| Vocabulary {
        widget_types: WIDGET_TYPES
            .iter()
            .map(|&(name, component, shape, fill, doc)| {
                let t = WidgetType {
                    component,
                    shape: shape.into(),
                    fill: fill.into(),
                    doc: doc.into(),
                };
                (name.to_string(), t)
            })
            .collect(),
        dai_types: DAI_TYPES
            .iter()
            .map(|&(name, counted, doc)| {
                let t = DaiType {
                    counted,
                    doc: doc.into(),
                };
                (name.to_string(), t)
            })
            .collect(),
        formats: FORMATS
            .iter()
            .map(|&(name, bytes, alsa)| {
                let f = Format {
                    bytes,
                    alsa: alsa.into(),
                };
                (name.to_string(), f)
            })
            .collect(),
    })
}

/// `NAME_CASE`: an upper-case letter, then upper-case letters, digits and `_`.
pub(crate) fn is_name_case(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// A NAME_CASE word with an `_` (`PIPELINE_SOURCE_1`, `SCHEDULE_TIME_DOMAIN_TIMER`)
/// reads as a reference to a symbol, so it must name one. Other words (`SSP`,
/// `s16le`, `SSP5-Codec`) are text unless they name a symbol. The evaluator
/// and the migrator (which must write what the evaluator reads) both ask.
pub(crate) fn is_reference(word: &str) -> bool {
    is_name_case(word) && word.contains('_')
}

/// `long` is `short` with whole `_` words added (`MCLK_ID` for `MCLK`):
/// another, more specific name, not a misspelling of it.
fn extends(long: &str, short: &str) -> bool {
    long.len() > short.len()
        && (long.starts_with(short) && long[short.len()..].starts_with('_')
            || long.ends_with(short) && long[..long.len() - short.len()].ends_with('_'))
}

/// The runs of digits in a name (`SSP1-Codec` has `1`).
fn numbers(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|d| !d.is_empty())
        .collect()
}

/// Which candidates [`closest_by`] takes for a near miss of a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Near {
    /// The whole name, Jaro-Winkler similarity of at least 0.8; never the
    /// same name, one with other numbers in it, or one that is the other
    /// with whole `_` words added. Every "did you mean" of the stages.
    Name,
    /// A diagnostic code (`tplg::dai::no_link`): as [`Near::Name`], else
    /// the code whose last `::` part is near the last part given
    /// (similarity above 0.85; `dai::no_lnk`), the nearest whole code of
    /// those. People leave out and misspell a code's leading parts.
    Code,
}

/// The closest of `candidates` to a misspelled `name`, if one is close
/// enough to suggest ([`Near::Name`]).
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    closest_by(name, candidates, Near::Name)
}

/// The closest of `candidates` to a misspelled `name` by the rule `near`.
/// Every suggestion of tplg goes through here.
pub(crate) fn closest_by<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    near: Near,
) -> Option<&'a str> {
    match near {
        Near::Name => closest_name(name, candidates),
        Near::Code => {
            let candidates: Vec<&'a str> = candidates.into_iter().collect();
            closest_name(name, candidates.iter().copied())
                .or_else(|| closest_last_part(name, &candidates, "::"))
        }
    }
}

fn closest_name<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &'a str)> = None;
    let digits = numbers(name);
    for c in candidates {
        // the same name, or another number: `PIPELINE_SINK_2` for
        // `PIPELINE_SINK_3` names another pipeline, not a typo, and taking
        // it would build a valid but wrong topology
        if c == name || numbers(c) != digits || extends(c, name) || extends(name, c) {
            continue;
        }
        let score = strsim::jaro_winkler(name, c);
        if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The candidate whose last `sep` part is near `name`'s, nearest as a
/// whole (the last of equals).
fn closest_last_part<'a>(name: &str, candidates: &[&'a str], sep: &str) -> Option<&'a str> {
    let last = |s: &'a str| s.rsplit(sep).next().unwrap_or(s);
    let tail = name.rsplit(sep).next().unwrap_or(name);
    candidates
        .iter()
        .copied()
        .filter(|c| strsim::jaro_winkler(last(c), tail) > 0.85)
        .max_by(|a, b| strsim::jaro_winkler(a, name).total_cmp(&strsim::jaro_winkler(b, name)))
}

/// Whether `b` belongs to a word: an ASCII letter, digit or `_`. (No byte
/// of a longer UTF-8 character is one, so a run of them starts and ends on
/// a character boundary.)
pub(crate) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The words of `text`: its runs of [`is_word_byte`]s.
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + bytes.get(at..)?.iter().position(|&b| is_word_byte(b))?;
        let len = bytes[start..]
            .iter()
            .position(|&b| !is_word_byte(b))
            .unwrap_or(bytes.len() - start);
        at = start + len;
        Some(&text[start..at])
    })
}

/// Whether `word` is in `text` as a whole word.
pub(crate) fn has_word(text: &str, word: &str) -> bool {
    // bytes, not characters (a build asks this of every file for every -D)
    let bytes = text.as_bytes();
    crate::bytes::find_all(bytes, word.as_bytes()).any(|at| {
        !at.checked_sub(1)
            .and_then(|i| bytes.get(i))
            .is_some_and(|&b| is_word_byte(b))
            && !bytes.get(at + word.len()).is_some_and(|&b| is_word_byte(b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_name_characters() {
        let w: Vec<&str> = words("é(DMIC_CHANNELS, 4)é x_1\n\t-ab-").collect();
        assert_eq!(w, ["DMIC_CHANNELS", "4", "x_1", "ab"]);
        assert_eq!(words("").count(), 0);
        assert_eq!(words(" ,é ").count(), 0);
        assert_eq!(words("end").collect::<Vec<_>>(), ["end"]);
    }

    #[test]
    fn a_word_is_found_whole_only() {
        assert!(has_word("DMIC_CHANNELS", "DMIC_CHANNELS"));
        assert!(has_word("x = DMIC_CHANNELS + 1", "DMIC_CHANNELS"));
        assert!(has_word("DMIC_CHANNELSX DMIC_CHANNELS", "DMIC_CHANNELS"));
        assert!(has_word("é(DMIC_CHANNELS)é", "DMIC_CHANNELS"));
        assert!(!has_word("DMIC_CHANNELS_2", "DMIC_CHANNELS"));
        assert!(!has_word("XDMIC_CHANNELS", "DMIC_CHANNELS"));
        assert!(!has_word("9DMIC_CHANNELS", "DMIC_CHANNELS"));
        assert!(!has_word("", "DMIC_CHANNELS"));
    }

    #[test]
    fn the_builtin_vocabulary_parses() {
        let v = vocabulary();
        assert!(v.is_component("demux"));
        assert!(!v.is_component("out_drv"));
        assert!(!v.is_component("encoder"));
        assert_eq!(v.format("s24le").map(|f| f.bytes), Some(4));
        assert!(v.counted_dai_types().any(|t| t == "SSP"));
        assert!(!v.counted_dai_types().any(|t| t == "ALH"));
    }

    #[test]
    fn the_data_build_rs_wrote_is_the_file() {
        let text = crate::library::builtin("vocabulary.toml").expect("embedded");
        let parsed = Vocabulary::parse(text).unwrap();
        assert_eq!(format!("{parsed:?}"), format!("{:?}", vocabulary()));
        assert!(!vocabulary().widget_types.is_empty());
        assert!(!vocabulary().dai_types.is_empty());
        assert!(!vocabulary().formats.is_empty());
    }

    #[test]
    fn the_kinds_are_the_declared_names() {
        let v = vocabulary();
        let widgets: Vec<&str> = WidgetKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(widgets, v.widget_types.keys().collect::<Vec<_>>());
        let dais: Vec<&str> = DaiKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(dais, v.dai_types.keys().collect::<Vec<_>>());
        for k in WidgetKind::ALL {
            assert_eq!(WidgetKind::parse(k.name()), Some(*k));
            let _ = v.widget(*k);
        }
        assert_eq!(DaiKind::parse("ACP_SDW"), Some(DaiKind::AcpSdw));
        assert_eq!(DaiKind::parse("ssp"), None);
        assert_eq!(WidgetKind::parse("out_drv"), None);
    }

    #[test]
    fn name_case() {
        assert!(is_name_case("SSP"));
        assert!(is_name_case("PIPELINE_SOURCE_1"));
        assert!(!is_name_case("Ssp"));
        assert!(!is_name_case("_X"));
        assert!(!is_name_case(""));
        assert!(!is_name_case("pga_conf"));
        assert!(is_reference("PIPELINE_SOURCE_1"));
        assert!(!is_reference("SSP"));
        assert!(!is_reference("SSP5-Codec"));
    }

    #[test]
    fn closest_suggests_only_near_names() {
        assert_eq!(
            closest("PLATFORM_HOST_MEM_CA", ["PLATFORM_HOST_MEM_CAP", "X"]),
            Some("PLATFORM_HOST_MEM_CAP")
        );
        assert_eq!(closest("abc", ["xyz"]), None);
        assert_eq!(closest("same", ["same"]), None);
        // a longer name is another name: MCLK_ID is no typo of MCLK
        assert_eq!(closest("MCLK", ["MCLK_ID"]), None);
        // another pipeline's endpoint is not a typo of this one's
        assert_eq!(closest("PIPELINE_SINK_3", ["PIPELINE_SINK_2"]), None);
        assert_eq!(
            closest("SSP1-Codek", ["SSP1-Codec", "SSP2-Codec"]),
            Some("SSP1-Codec")
        );
    }

    #[test]
    fn codes_are_also_near_by_their_last_part() {
        let known = ["tplg::dai::no_link", "tplg::route::dangling"];
        assert_eq!(closest("dai::no_lnk", known), None);
        assert_eq!(
            closest_by("dai::no_lnk", known, Near::Code),
            Some("tplg::dai::no_link")
        );
        assert_eq!(
            closest_by("tplg::route::danglin", known, Near::Code),
            Some("tplg::route::dangling")
        );
    }
}
