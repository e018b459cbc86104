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
    pub fn parse(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| e.to_string())
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

/// The closest of `candidates` to a misspelled `name`, if one is close
/// enough to suggest (Jaro-Winkler similarity of at least 0.8). Every "did
/// you mean" of tplg goes through here.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        if c == name {
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
    }
}
