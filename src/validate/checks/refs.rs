//! References by name from one section to another: `data`, `tuples`,
//! `tokens`, `tlv`, `texts`, `capabilities`, `hw_configs` and a widget's
//! controls. alsatplg's build step looks each one up and fails the whole
//! topology ("cannot find … referenced by …") when one is missing; a PCM's
//! missing capabilities are the exception: alsatplg writes the PCM with
//! empty capabilities, which no stream can be opened with.

use super::Check;
use crate::conf::{Ref, SectionKind};
use crate::validate::{Context, Finding};
use crate::vocab::closest;
use rustc_hash::FxHashSet as HashSet;

pub(super) const REF_DATA: Check = Check {
    code: "tplg::ref::data",
    summary: "a `data` reference names no SectionData",
    help: "name a SectionData that exists (the message suggests the closest name)",
    run: ref_data,
};

pub(super) const REF_TUPLES: Check = Check {
    code: "tplg::ref::tuples",
    summary: "a SectionData's `tuples` names no SectionVendorTuples",
    help: "name a SectionVendorTuples that exists (the message suggests the closest name)",
    run: ref_tuples,
};

pub(super) const REF_TOKENS: Check = Check {
    code: "tplg::ref::tokens",
    summary: "a SectionVendorTuples' `tokens` names no SectionVendorTokens",
    help: "name a SectionVendorTokens that exists (the message suggests the closest name)",
    run: ref_tokens,
};

pub(super) const REF_TLV: Check = Check {
    code: "tplg::ref::tlv",
    summary: "a mixer control's `tlv` names no SectionTLV",
    help: "name a SectionTLV that exists (the message suggests the closest name)",
    run: ref_tlv,
};

pub(super) const REF_TEXTS: Check = Check {
    code: "tplg::ref::texts",
    summary: "an enum control's `texts` names no SectionText",
    help: "name a SectionText that exists (the message suggests the closest name)",
    run: ref_texts,
};

pub(super) const REF_CAPABILITIES: Check = Check {
    code: "tplg::ref::capabilities",
    summary: "a PCM stream's `capabilities` names no SectionPCMCapabilities",
    help: "name a SectionPCMCapabilities that exists (the message suggests the closest name)",
    run: ref_capabilities,
};

pub(super) const REF_HW_CONFIG: Check = Check {
    code: "tplg::ref::hw_config",
    summary: "a link's `hw_configs` names no SectionHWConfig",
    help: "name a SectionHWConfig that exists (the message suggests the closest name)",
    run: ref_hw_config,
};

pub(super) const REF_CONTROL: Check = Check {
    code: "tplg::ref::control",
    summary: "a widget's `mixer`, `enum` or `bytes` names no control of that kind",
    help: "name a a control of that kind that exists (the message suggests the closest name)",
    run: ref_control,
};

/// The referring section, for messages: `SectionWidget `PGA1.0``.
fn who(kind: SectionKind, name: &str) -> String {
    format!("{} `{name}`", kind.keyword())
}

/// One missing reference. `candidates` are the names of the sections it
/// could have meant.
#[allow(clippy::too_many_arguments)]
fn missing<'a>(
    check: &Check,
    r: &Ref,
    from: String,
    key: &str,
    target: SectionKind,
    candidates: impl Iterator<Item = &'a str>,
    consequence: &str,
    out: &mut Vec<Finding>,
) {
    let near = closest(r.as_str(), candidates);
    let keyword = target.keyword();
    let help = match near {
        Some(n) => format!(
            "did you mean `{n}`? Otherwise define {keyword}.\"{}\"",
            r.value
        ),
        None => format!(
            "define {keyword}.\"{}\" or correct the name in `{key}`",
            r.value
        ),
    };
    out.push(
        Finding::error(
            check.code,
            r.span,
            format!(
                "{from} references {keyword} `{}` in `{key}`, which is not defined",
                r.value
            ),
        )
        .label(consequence.to_string())
        .help(help),
    );
}

fn ref_data(cx: &Context, out: &mut Vec<Finding>) {
    let c = cx.conf;
    let mut refs: Vec<(SectionKind, &str, &[Ref])> = Vec::new();
    refs.extend(
        c.manifests
            .iter()
            .map(|s| (SectionKind::Manifest, s.name.as_str(), &s.data[..])),
    );
    refs.extend(
        c.mixers
            .iter()
            .map(|s| (SectionKind::ControlMixer, s.name.as_str(), &s.data[..])),
    );
    refs.extend(
        c.bytes
            .iter()
            .map(|s| (SectionKind::ControlBytes, s.name.as_str(), &s.data[..])),
    );
    refs.extend(
        c.enums
            .iter()
            .map(|s| (SectionKind::ControlEnum, s.name.as_str(), &s.data[..])),
    );
    refs.extend(
        c.widgets
            .iter()
            .map(|s| (SectionKind::Widget, s.name.as_str(), &s.data[..])),
    );
    refs.extend(
        c.pcms
            .iter()
            .map(|s| (SectionKind::Pcm, s.name.as_str(), &s.data[..])),
    );
    refs.extend(
        c.dais
            .iter()
            .map(|s| (SectionKind::Dai, s.name.as_str(), &s.data[..])),
    );
    refs.extend(
        c.links
            .iter()
            .map(|s| (SectionKind::Link, s.name.as_str(), &s.data[..])),
    );
    let mut all: Vec<_> = refs
        .into_iter()
        .flat_map(|(kind, name, data)| data.iter().map(move |r| (kind, name, r)))
        .filter(|(_, _, r)| !cx.model.names.data.contains_key(r.as_str()))
        .collect();
    all.sort_by_key(|(_, _, r)| r.span.start());
    for (kind, name, r) in all {
        missing(
            &REF_DATA,
            r,
            who(kind, name),
            "data",
            SectionKind::Data,
            c.data.iter().map(|d| d.name.as_str()),
            "alsatplg fails: \"cannot find data\"",
            out,
        );
    }
}

fn ref_tuples(cx: &Context, out: &mut Vec<Finding>) {
    for d in &cx.conf.data {
        for r in &d.tuples {
            if cx.model.names.tuples.contains_key(r.as_str()) {
                continue;
            }
            missing(
                &REF_TUPLES,
                r,
                who(SectionKind::Data, d.name.as_str()),
                "tuples",
                SectionKind::VendorTuples,
                cx.conf.tuples.iter().map(|t| t.name.as_str()),
                "alsatplg fails: \"cannot find tuples\"",
                out,
            );
        }
    }
}

fn ref_tokens(cx: &Context, out: &mut Vec<Finding>) {
    // alsatplg resolves a tuples section's tokens only when a SectionData
    // uses it; an unused one with a bad `tokens` is written nowhere.
    let used: HashSet<&str> = cx
        .conf
        .data
        .iter()
        .flat_map(|d| d.tuples.iter().map(crate::conf::ir::Spanned::as_str))
        .collect();
    for t in &cx.conf.tuples {
        let is_used = used.contains(t.name.as_str());
        match &t.tokens {
            Some(r) if cx.model.names.tokens.contains_key(r.as_str()) => {}
            Some(r) if is_used => missing(
                &REF_TOKENS,
                r,
                who(SectionKind::VendorTuples, t.name.as_str()),
                "tokens",
                SectionKind::VendorTokens,
                cx.conf.tokens.iter().map(|t| t.name.as_str()),
                "alsatplg fails: \"cannot find token\"",
                out,
            ),
            Some(r) => out.push(
                Finding::warning(
                    REF_TOKENS.code,
                    r.span,
                    format!(
                        "SectionVendorTuples `{}` names SectionVendorTokens `{}`, which is not defined",
                        t.name.value, r.value
                    ),
                )
                .label("not defined")
                .help(
                    "no SectionData uses these tuples, so alsatplg skips them; \
                     correct the name or remove the section",
                ),
            ),
            None if is_used => out.push(
                Finding::error(
                    REF_TOKENS.code,
                    t.name.span,
                    format!(
                        "SectionVendorTuples `{}` has no `tokens`, so its tuples have no token IDs",
                        t.name.value
                    ),
                )
                .label("alsatplg fails: \"cannot find token\"")
                .help("add `tokens \"<SectionVendorTokens name>\"` (e.g. `sof_comp_tokens`)"),
            ),
            None => {}
        }
    }
}

fn ref_tlv(cx: &Context, out: &mut Vec<Finding>) {
    let tlvs: HashSet<&str> = cx.conf.tlvs.iter().map(|t| t.name.as_str()).collect();
    for m in &cx.conf.mixers {
        let Some(r) = &m.tlv else { continue };
        if tlvs.contains(r.as_str()) {
            continue;
        }
        missing(
            &REF_TLV,
            r,
            who(SectionKind::ControlMixer, m.name.as_str()),
            "tlv",
            SectionKind::Tlv,
            cx.conf.tlvs.iter().map(|t| t.name.as_str()),
            "alsatplg fails: \"cannot find\" the TLV",
            out,
        );
    }
}

fn ref_texts(cx: &Context, out: &mut Vec<Finding>) {
    let texts: HashSet<&str> = cx.conf.texts.iter().map(|t| t.name.as_str()).collect();
    for e in &cx.conf.enums {
        let Some(r) = &e.texts else { continue };
        if texts.contains(r.as_str()) {
            continue;
        }
        missing(
            &REF_TEXTS,
            r,
            who(SectionKind::ControlEnum, e.name.as_str()),
            "texts",
            SectionKind::Text,
            cx.conf.texts.iter().map(|t| t.name.as_str()),
            "alsatplg fails: \"cannot find\" the texts",
            out,
        );
    }
}

fn ref_capabilities(cx: &Context, out: &mut Vec<Finding>) {
    let caps: HashSet<&str> = cx
        .conf
        .pcm_capabilities
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    for p in &cx.conf.pcms {
        for s in &p.streams {
            let Some(r) = &s.capabilities else { continue };
            if caps.contains(r.as_str()) {
                continue;
            }
            missing(
                &REF_CAPABILITIES,
                r,
                format!(
                    "the {} stream of SectionPCM `{}`",
                    s.name.value, p.name.value
                ),
                "capabilities",
                SectionKind::PcmCapabilities,
                cx.conf.pcm_capabilities.iter().map(|c| c.name.as_str()),
                "alsatplg writes the stream with no formats, rates or channels; it cannot be opened",
                out,
            );
        }
    }
}

fn ref_hw_config(cx: &Context, out: &mut Vec<Finding>) {
    let hw: HashSet<&str> = cx.conf.hw_configs.iter().map(|c| c.name.as_str()).collect();
    for l in &cx.conf.links {
        for r in &l.hw_configs {
            if hw.contains(r.as_str()) {
                continue;
            }
            missing(
                &REF_HW_CONFIG,
                r,
                format!("{} `{}`", l.keyword.value, l.name.value),
                "hw_configs",
                SectionKind::HwConfig,
                cx.conf.hw_configs.iter().map(|c| c.name.as_str()),
                "alsatplg fails: \"cannot find HW config\"",
                out,
            );
        }
    }
}

fn ref_control(cx: &Context, out: &mut Vec<Finding>) {
    let c = cx.conf;
    let mixers: HashSet<&str> = c.mixers.iter().map(|m| m.name.as_str()).collect();
    let enums: HashSet<&str> = c.enums.iter().map(|m| m.name.as_str()).collect();
    let bytes: HashSet<&str> = c.bytes.iter().map(|m| m.name.as_str()).collect();
    for w in &c.widgets {
        let kinds: [(&[Ref], &str, SectionKind, &HashSet<&str>); 3] = [
            (&w.mixers, "mixer", SectionKind::ControlMixer, &mixers),
            (&w.enums, "enum", SectionKind::ControlEnum, &enums),
            (&w.bytes, "bytes", SectionKind::ControlBytes, &bytes),
        ];
        for (refs, key, kind, defined) in kinds {
            for r in refs {
                if defined.contains(r.as_str()) {
                    continue;
                }
                // Name the control's real kind when it exists under another.
                let elsewhere = [
                    ("mixer", &mixers, SectionKind::ControlMixer),
                    ("enum", &enums, SectionKind::ControlEnum),
                    ("bytes", &bytes, SectionKind::ControlBytes),
                ]
                .into_iter()
                .find(|(_, set, _)| set.contains(r.as_str()));
                if let Some((other_key, _, other_kind)) = elsewhere {
                    out.push(
                        Finding::error(
                            REF_CONTROL.code,
                            r.span,
                            format!(
                                "SectionWidget `{}` lists `{}` under `{key}`, but it is a {}",
                                w.name.value,
                                r.value,
                                other_kind.keyword()
                            ),
                        )
                        .label(format!(
                            "alsatplg looks for a {} of this name",
                            kind.keyword()
                        ))
                        .help(format!("move it to the widget's `{other_key}` list")),
                    );
                    continue;
                }
                let candidates: Vec<&str> = match kind {
                    SectionKind::ControlMixer => c.mixers.iter().map(|m| m.name.as_str()).collect(),
                    SectionKind::ControlEnum => c.enums.iter().map(|m| m.name.as_str()).collect(),
                    _ => c.bytes.iter().map(|m| m.name.as_str()).collect(),
                };
                missing(
                    &REF_CONTROL,
                    r,
                    who(SectionKind::Widget, w.name.as_str()),
                    key,
                    kind,
                    candidates.into_iter(),
                    "alsatplg fails: \"cannot find\" the control",
                    out,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::checks::test_support::codes;

    #[test]
    fn defined_references_are_quiet() {
        let text = r#"
SectionVendorTokens."tk" { X "1" }
SectionVendorTuples."tt" { tokens "tk" tuples."word" { X "5" } }
SectionData."d" { tuples "tt" }
SectionTLV."tlv" { scale { min "-100" step "1" mute "1" } }
SectionText."tx" { values [ "a" "b" ] }
SectionControlMixer."m" { tlv "tlv" data "d" }
SectionControlEnum."e" { texts "tx" }
SectionWidget."W" { type "pga" mixer [ "m" ] enum [ "e" ] data [ "d" ] }
SectionPCMCapabilities."caps" { formats "S16_LE" }
SectionPCM."P" { id "0" pcm."playback" { capabilities "caps" } }
SectionHWConfig."hw" { id "0" }
SectionBE."L" { id "0" hw_configs [ "hw" ] data "d" }
SectionManifest."man" { data [ "d" ] }
"#;
        let found = codes(text);
        assert!(
            !found.iter().any(|c| c.starts_with("tplg::ref::")),
            "{found:?}"
        );
    }

    #[test]
    fn unused_tuples_with_unknown_tokens_warn_only() {
        let text = r#"SectionVendorTuples."tt" { tokens "nope" tuples."word" { X "5" } }"#;
        let found = crate::validate::checks::test_support::findings(text);
        let f: Vec<_> = found
            .iter()
            .filter(|f| f.code == "tplg::ref::tokens")
            .collect();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, crate::validate::Severity::Warning);
    }

    #[test]
    fn tuples_without_tokens_are_only_an_error_when_used() {
        let unused = r#"SectionVendorTuples."tt" { tuples."word" { X "5" } }"#;
        assert!(!codes(unused).contains(&"tplg::ref::tokens".to_string()));
        let used = format!("{unused}\nSectionData.\"d\" {{ tuples \"tt\" }}");
        assert!(codes(&used).contains(&"tplg::ref::tokens".to_string()));
    }

    #[test]
    fn a_control_under_the_wrong_kind_is_named() {
        let text = r#"
SectionControlMixer."m" { max "1" }
SectionWidget."W" { type "pga" enum [ "m" ] }
"#;
        let found = crate::validate::checks::test_support::findings(text);
        let f = found
            .iter()
            .find(|f| f.code == "tplg::ref::control")
            .expect("a finding");
        assert!(f.message.contains("SectionControlMixer"), "{}", f.message);
    }
}
