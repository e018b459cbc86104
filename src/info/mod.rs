//! `tplg info`: what a topology holds, as tables of pipelines, PCMs, DAIs
//! and back-end links, and the reminders M4's `INFO` printed made real
//! checks.
//!
//! SOF's M4 library, built with `-DINFO`, printed three notes and left the
//! checking to the reader: a DAI index must name a member of the firmware
//! platform's DAI array, a DAI link ID must match the machine driver's, and
//! PCM IDs must be unique. Here they are checked:
//!
//! - [`DAI_INDEX`]: a DAI's index against the platform's DAI counts, which a
//!   platform file gives as `PLATFORM_<TYPE>_COUNT` symbols
//!   (`define PLATFORM_SSP_COUNT = 6`);
//! - PCM IDs and BE link IDs: the validator's `tplg::pcm::duplicate_id` and
//!   `tplg::link::duplicate_id` (which `build` and `lint` run too); `info`
//!   adds notes on link IDs that are all 0, or not contiguous from 0 (the
//!   machine driver decides, and SOF's own topologies skip IDs).
//!
//! What is tabulated is the validation model's [`Summary`] (in
//! `validate::summary`, which `tplg graph` draws too): [`tables`] prints it
//! as text, [`json`] as JSON, and `words` has the words and numbers both
//! print.

mod json;
mod tables;
mod words;

pub(crate) use json::json;
pub(crate) use tables::tables;
pub(crate) use words::{link_facts, pcm_label, plural, stream_facts, time_domain_name};

use crate::source::{Sources, Span};
use crate::validate::model::Model;
use crate::validate::platform::count_symbol;
use crate::validate::summary::LinkInfo;
pub(crate) use crate::validate::summary::Summary;
use crate::validate::{self, Finding, Platform};
use crate::vocab::vocabulary;
use std::fmt::Write as _;

/// The checks `tplg info` runs (build and lint run them too, among all).
pub const CHECKS: &[&validate::checks::Check] = &[
    &validate::checks::DAI_INDEX,
    &validate::checks::PCM_DUPLICATE_ID,
    &validate::checks::LINK_DUPLICATE_ID,
];

/// What `info` reports: findings, and notes that are not problems.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub findings: Vec<Finding>,
    pub notes: Vec<String>,
}

/// Runs the checks of `info`. Spans are in the alsaconf file.
pub(crate) fn check(sources: &Sources, model: &Model, s: &Summary, platform: &Platform) -> Report {
    let mut r = Report::default();
    let options = validate::Options {
        platform: platform.clone(),
        ..Default::default()
    };
    let cx = validate::Context {
        sources,
        conf: model.conf,
        model,
        options: &options,
    };
    for c in CHECKS {
        (c.run)(&cx, &mut r.findings);
    }
    dai_notes(s, platform, &mut r);
    link_notes(s, &mut r);
    r
}

/// Notes on the DAIs the platform gives no count for: their indexes were
/// not checked.
fn dai_notes(s: &Summary, platform: &Platform, r: &mut Report) {
    let mut unchecked: Vec<String> = Vec::new();
    let dais = s
        .dais
        .iter()
        .map(|d| &d.dai)
        .chain(s.links.iter().map(|l| &l.dai));
    for dai in dais {
        let (Some(ty), Some(_)) = (dai.dai_type, dai.index) else {
            continue;
        };
        if !platform.dai_counts.contains_key(&ty.to_ascii_uppercase())
            && !unchecked.iter().any(|u| u == ty)
        {
            unchecked.push(ty.to_string());
        }
    }
    if platform.dai_counts.is_empty() {
        if !s.dais.is_empty() || !s.links.is_empty() {
            r.notes.push(
                "DAI indexes were not checked: no platform DAI counts are known (a platform \
                 file defines them as PLATFORM_SSP_COUNT and so on; for a .conf file, name the \
                 platform with --platform)"
                    .to_string(),
            );
        }
    } else {
        let (countable, other): (Vec<&String>, Vec<&String>) = unchecked.iter().partition(|t| {
            let upper = t.to_ascii_uppercase();
            vocabulary().counted_dai_types().any(|c| c == upper)
        });
        if !countable.is_empty() {
            r.notes.push(format!(
                "{} indexes were not checked: the platform defines no {}",
                join(&countable),
                countable
                    .iter()
                    .map(|t| count_symbol(&t.to_ascii_uppercase()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !other.is_empty() {
            r.notes.push(format!(
                "{} indexes were not checked: no platform count bounds them (an ALH index \
                 packs a link group and a stream)",
                join(&other)
            ));
        }
    }
}

fn join(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// alsatplg writes ID 0 for a PCM or link without `id`.
fn id_of(
    id: &Option<crate::conf::Spanned<u32>>,
    name: &crate::conf::Spanned<String>,
) -> (u32, Span) {
    match id {
        Some(i) => (i.value, i.span),
        None => (0, name.span),
    }
}

/// Notes on link IDs: all the same, or not contiguous from 0.
fn link_notes(s: &Summary, r: &mut Report) {
    let ids: Vec<(u32, Span, &LinkInfo)> = s
        .links
        .iter()
        .map(|l| {
            let (id, span) = id_of(&l.link.id, &l.link.name);
            (id, span, l)
        })
        .collect();
    let mut distinct: Vec<u32> = ids.iter().map(|(i, _, _)| *i).collect();
    distinct.sort_unstable();
    distinct.dedup();
    if ids.len() > 1 && distinct.len() == 1 {
        r.notes.push(format!(
            "every BE link has ID {}: the machine driver's links must all have it too (drivers \
             that leave link IDs unset, as MediaTek's and i.MX's do, give them 0); each link is \
             then matched by its name",
            distinct[0]
        ));
        return;
    }
    if !distinct.is_empty() && distinct.iter().copied().ne(0..distinct.len() as u32) {
        r.notes.push(format!(
            "BE link IDs are {}, not 0 to {}: each must be the ID of the link of that name in \
             the machine driver (Intel machine drivers number their BE links in order, so a \
             board without some links skips their IDs)",
            distinct
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            distinct.len() - 1
        ));
    }
}

/// The notes as `tplg info` prints them.
pub(crate) fn notes_text(notes: &[String]) -> String {
    let mut out = String::new();
    if notes.is_empty() {
        return out;
    }
    let _ = writeln!(out, "\nNotes");
    for n in notes {
        let _ = writeln!(out, "  note: {n}");
    }
    out
}

/// Text as `//` comment lines, so it can follow or sit inside a dot file.
pub(crate) fn as_dot_comment(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.is_empty() {
            out.push_str("//\n");
        } else {
            let _ = writeln!(out, "// {line}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::conf::Direction;
    use crate::source::{Origin, Sources};
    use crate::validate::checks::DAI_INDEX;
    use crate::validate::platform::DaiCount;

    /// The summary of `text`, and `check` over it with `platform`.
    pub(super) fn with(text: &str, f: impl FnOnce(&Model, &Summary, &dyn Fn(&Platform) -> Report)) {
        let mut sources = Sources::new();
        let id = sources.add("t.conf", Origin::Synthetic, text.to_string());
        let conf = crate::conf::parse(&sources, id).expect("parses");
        let m = Model::new(&conf);
        let s = Summary::of(&m);
        f(&m, &s, &|p| check(&sources, &m, &s, p));
    }

    fn codes(r: &Report) -> Vec<&str> {
        r.findings.iter().map(|f| f.code.as_ref()).collect()
    }

    fn platform(ssp: u32) -> Platform {
        let mut p = Platform::default();
        p.dai_counts.insert(
            "SSP".into(),
            DaiCount {
                count: ssp,
                symbol: "PLATFORM_SSP_COUNT".into(),
                defined_at: None,
            },
        );
        p
    }

    pub(super) const DAI: &str = r#"
SectionVendorTuples."t_w" { tokens "sof_dai_tokens" tuples."word" { SOF_TKN_DAI_INDEX "5" } }
SectionVendorTuples."t_s" { tokens "sof_dai_tokens" tuples."string" { SOF_TKN_DAI_TYPE "SSP" } }
SectionData."d_w" { tuples "t_w" }
SectionData."d_s" { tuples "t_s" }
SectionWidget."SSP5.OUT" { index "1" type "dai_in" stream_name "SSP5-Codec" data [ "d_w" "d_s" ] }
SectionWidget."ssp5 Tx" { index "1" type "out_drv" }
SectionBE."SSP5-Codec" { id "0" index "0" }
"#;

    #[test]
    fn dai_index_within_the_platform_is_clean() {
        with(DAI, |_, s, check| {
            assert_eq!(s.dais.len(), 1);
            assert_eq!(s.dais[0].dai.index, Some(5));
            assert_eq!(s.dais[0].direction, Some(Direction::Playback));
            assert_eq!(s.dais[0].links.len(), 1);
            // the virtual widget makes no pipeline of index 1 on its own
            assert_eq!(s.pipelines.len(), 1);
            assert_eq!(s.pipelines[0].widgets.len(), 1);
            let r = check(&platform(6));
            assert!(r.findings.is_empty(), "{:?}", r.findings);
            assert!(r.notes.is_empty(), "{:?}", r.notes);
        });
    }

    #[test]
    fn dai_index_beyond_the_platform() {
        with(DAI, |_, _, check| {
            let r = check(&platform(5));
            assert_eq!(codes(&r), [DAI_INDEX.code]);
            assert!(r.findings[0].message.contains("SSP0 to SSP4 only"));
        });
    }

    #[test]
    fn unknown_platform_is_a_note() {
        with(DAI, |_, _, check| {
            let r = check(&Platform::default());
            assert!(r.findings.is_empty());
            assert_eq!(r.notes.len(), 1);
            assert!(r.notes[0].contains("--platform"));
        });
    }

    #[test]
    fn alh_and_uncounted_types_are_notes() {
        let text = DAI.replace("\"SSP\"", "\"ALH\"");
        with(&text, |_, _, check| {
            let r = check(&platform(6));
            assert!(r.findings.is_empty());
            assert_eq!(r.notes.len(), 1);
            assert!(r.notes[0].starts_with("ALH indexes were not checked: no platform count"));
        });
        let text = DAI.replace("\"SSP\"", "\"DMIC\"");
        with(&text, |_, _, check| {
            let r = check(&platform(6));
            assert_eq!(
                r.notes,
                ["DMIC indexes were not checked: the platform defines no PLATFORM_DMIC_COUNT"]
            );
        });
    }

    #[test]
    fn one_pcm_with_both_streams_is_clean() {
        let text = r#"
SectionPCM."Headset" { id "1" pcm."playback" { capabilities "a" } pcm."capture" { capabilities "b" } }
SectionPCM."Speakers" { id "0" pcm."playback" { capabilities "c" } }
"#;
        with(text, |_, _, check| {
            assert!(check(&Platform::default()).findings.is_empty());
        });
    }

    #[test]
    fn pcm_ids_clash_in_one_direction_and_across() {
        let text = r#"
SectionPCM."A" { id "3" pcm."playback" { capabilities "a" } }
SectionPCM."B" { id "3" pcm."playback" { capabilities "b" } }
SectionPCM."C" { id "4" pcm."playback" { capabilities "c" } }
SectionPCM."D" { id "4" pcm."capture" { capabilities "d" } }
"#;
        with(text, |_, _, check| {
            let r = check(&Platform::default());
            assert_eq!(
                codes(&r),
                ["tplg::pcm::duplicate_id", "tplg::pcm::duplicate_id"]
            );
            assert!(r.findings[0]
                .message
                .contains("both have a playback stream"));
            assert!(r.findings[1]
                .help
                .as_deref()
                .unwrap()
                .contains("device number"));
        });
    }

    #[test]
    fn links_all_zero_are_a_note_not_a_warning() {
        let text = r#"
SectionBE."AFE_SOF_DL1" { id "0" index "0" }
SectionBE."AFE_SOF_UL1" { id "0" index "0" }
"#;
        with(text, |_, _, check| {
            let r = check(&platform(6));
            assert!(r.findings.is_empty());
            assert_eq!(r.notes.len(), 1);
        });
    }

    #[test]
    fn numbered_links_sharing_an_id_warn_and_gaps_are_notes() {
        let text = r#"
SectionBE."SSP0-Codec" { id "0" index "0" }
SectionBE."SSP1-Codec" { id "1" index "0" }
SectionBE."dmic01" { id "1" index "0" }
SectionBE."iDisp1" { id "5" index "0" }
"#;
        with(text, |_, _, check| {
            let r = check(&platform(6));
            assert_eq!(codes(&r), ["tplg::link::duplicate_id"]);
            assert_eq!(r.notes.len(), 1);
            assert!(r.notes[0].contains("0, 1, 5"), "{}", r.notes[0]);
        });
    }

    #[test]
    fn comments_for_dot() {
        assert_eq!(as_dot_comment("a\n\nb */\n"), "// a\n//\n// b */\n");
    }
}
