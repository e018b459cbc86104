//! The vocabulary every stage shares, declared once by the library
//! (`macros/vocabulary.toml`): widget types, DAI types and sample formats;
//! and SOF's naming convention for symbols.
//!
//! The built-in declarations are read once per process; a test checks that
//! they parse, so [`vocabulary`] never fails at run time.

use indexmap::IndexMap;
use serde::Deserialize;
use std::sync::OnceLock;

/// What the library says about one widget type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WidgetType {
    /// SOF's kernel driver makes a firmware component of it; otherwise it
    /// is a DAPM-only (virtual) widget.
    pub component: bool,
    /// Graphviz shape and fill for `tplg graph`.
    pub shape: String,
    pub fill: String,
    pub doc: String,
}

/// What the library says about one DAI type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DaiType {
    /// A platform may bound its indexes with `PLATFORM_<TYPE>_COUNT`.
    pub counted: bool,
    pub doc: String,
}

/// One sample format of a pipeline.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Format {
    /// Bytes one sample takes in a buffer.
    pub bytes: u32,
    /// The ALSA format name (`S24_LE`).
    pub alsa: String,
}

/// The declarations of `macros/vocabulary.toml`, in file order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    pub widget_types: IndexMap<String, WidgetType>,
    pub dai_types: IndexMap<String, DaiType>,
    pub formats: IndexMap<String, Format>,
}

impl Vocabulary {
    pub fn parse(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }

    pub fn widget_type(&self, ty: &str) -> Option<&WidgetType> {
        self.widget_types.get(ty)
    }

    /// Whether the firmware runs a widget of this type.
    pub fn is_component(&self, ty: &str) -> bool {
        self.widget_type(ty).is_some_and(|t| t.component)
    }

    /// The DAI types a platform may give a count for.
    pub fn counted_dai_types(&self) -> impl Iterator<Item = &str> {
        self.dai_types
            .iter()
            .filter(|(_, t)| t.counted)
            .map(|(name, _)| name.as_str())
    }

    pub fn format(&self, name: &str) -> Option<&Format> {
        self.formats.get(name)
    }
}

/// The built-in vocabulary.
pub fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        let text =
            crate::library::builtin("vocabulary.toml").expect("macros/vocabulary.toml is embedded");
        Vocabulary::parse(text).expect("macros/vocabulary.toml parses (tested)")
    })
}

/// `NAME_CASE`: an upper-case letter, then upper-case letters, digits and `_`.
pub fn is_name_case(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
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

/// The closest of `candidates` to a misspelled `name`, if one is close
/// enough to suggest (Jaro-Winkler similarity of at least 0.8). Every "did
/// you mean" of tplg goes through here.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn name_case() {
        assert!(is_name_case("SSP"));
        assert!(is_name_case("PIPELINE_SOURCE_1"));
        assert!(!is_name_case("Ssp"));
        assert!(!is_name_case("_X"));
        assert!(!is_name_case(""));
        assert!(!is_name_case("pga_conf"));
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
}
