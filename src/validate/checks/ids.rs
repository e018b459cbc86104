//! Names and IDs that must be unique: section names within a kind,
//! pipeline IDs, PCM IDs and back-end link IDs.
//!
//! alsatplg reads its input as one alsa-lib configuration tree, where a
//! section defined twice (`SectionWidget."X"` in two places) is one node:
//! the second definition is merged into the first, its keys overriding the
//! first's values and its arrays (`lines`, `data`, `tuples`, …) appended to
//! the first's. alsatplg says nothing. A repeated definition that changes
//! nothing (SOF's M4 library includes some files twice) is harmless; one
//! that changes the first is reported.

use super::structure::widget_nodes;
use super::Check;
use crate::conf::tree::{Node as TreeNode, Value};
use crate::conf::{Direction, Pcm, SectionKind};
use crate::source::Span;
use crate::validate::model::kind_of;
use crate::validate::{Context, Finding};
use crate::vocab::WidgetKind;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

pub(super) const SECTION_DUPLICATE: Check = Check {
    code: "tplg::section::duplicate",
    summary: "a section defined twice with different contents (alsatplg silently merges them)",
    help: "rename one, or remove the repeat",
    run: section_duplicate,
};

pub(super) const PIPELINE_DUPLICATE_ID: Check = Check {
    code: "tplg::pipeline::duplicate_id",
    summary: "two scheduler widgets with the same pipeline ID (index)",
    help: "give each pipeline its own ID",
    run: pipeline_duplicate_id,
};

pub(crate) const PCM_DUPLICATE_ID: Check = Check {
    code: "tplg::pcm::duplicate_id",
    summary: "two PCMs with the same ID",
    help: "one PCM with both streams (`PCM_DUPLEX_ADD`), or distinct IDs",
    run: pcm_duplicate_id,
};

pub(crate) const LINK_DUPLICATE_ID: Check = Check {
    code: "tplg::link::duplicate_id",
    summary: "two back-end links with the same ID",
    help: "use the machine driver's ID of each link",
    run: link_duplicate_id,
};

/// One definition of a section in the tree.
#[derive(Clone, Copy)]
struct Definition<'t> {
    keyword: &'t str,
    node: &'t TreeNode,
}

/// The sections defined more than once, each with its definitions in file
/// order. (A conf defines thousands of sections and repeats few: only a
/// repeated one gets a list.)
fn repeated(tree: &crate::conf::tree::ConfTree) -> Vec<((SectionKind, &str), Vec<Definition<'_>>)> {
    // each section is a top-level node of its own (`SectionWidget."x" {…}`):
    // their count sizes the map once, not by doubling as it fills
    let sections = || {
        tree.nodes.iter().filter_map(|top| {
            let kind = SectionKind::from_keyword(&top.key.name)?;
            match &top.value {
                Value::Compound(body) => Some((top, kind, body)),
                _ => None,
            }
        })
    };
    let mut first: HashMap<(SectionKind, &str), Definition> = HashMap::default();
    first.reserve(sections().map(|(_, _, body)| body.nodes.len()).sum());
    let mut group_of: HashMap<(SectionKind, &str), usize> = HashMap::default();
    let mut groups: Vec<((SectionKind, &str), Vec<Definition>)> = Vec::new();
    for (top, kind, body) in sections() {
        for node in &body.nodes {
            let key = (kind, node.key.name.as_str());
            let d = Definition {
                keyword: top.key.name.as_str(),
                node,
            };
            let Some(earlier) = first.get(&key) else {
                first.insert(key, d);
                continue;
            };
            let g = *group_of.entry(key).or_insert_with(|| {
                groups.push((key, vec![*earlier]));
                groups.len() - 1
            });
            groups[g].1.push(d);
        }
    }
    groups
}

/// A value as alsa-lib merges it: scalars by path, arrays by path with
/// their items.
#[derive(Default)]
struct Flat {
    scalars: Vec<(String, String)>,
    arrays: Vec<(String, usize)>,
}

fn flatten(v: &Value, path: &str, out: &mut Flat) {
    match v {
        Value::Scalar(s) => out.scalars.push((path.to_string(), s.text.to_string())),
        Value::Compound(c) => {
            for n in &c.nodes {
                let p = if path.is_empty() {
                    n.key.name.to_string()
                } else {
                    format!("{path}.{}", n.key.name)
                };
                flatten(&n.value, &p, out);
            }
        }
        Value::Array(a) => out.arrays.push((path.to_string(), a.items.len())),
    }
}

/// What merging `later` into the definitions before it changes, in words.
fn effects(merged: &mut HashMap<String, String>, later: &Flat) -> Vec<String> {
    let mut out = Vec::new();
    for (p, v) in &later.scalars {
        match merged.get(p) {
            Some(old) if old == v => {}
            Some(old) => out.push(format!("`{p}` becomes \"{v}\" (was \"{old}\")")),
            None => out.push(format!("`{p}` \"{v}\" is added")),
        }
        merged.insert(p.clone(), v.clone());
    }
    for (p, n) in &later.arrays {
        if *n > 0 {
            out.push(format!(
                "`{p}` gets {n} more item{} appended",
                if *n == 1 { "" } else { "s" }
            ));
        }
    }
    out
}

fn section_duplicate(cx: &Context, out: &mut Vec<Finding>) {
    let mut groups = repeated(&cx.conf.tree);
    groups.sort_by_key(|(_, defs)| defs[0].node.key.span.start());
    for ((_, name), defs) in groups {
        let first = &defs[0];
        let mut merged: HashMap<String, String> = HashMap::default();
        let mut f0 = Flat::default();
        flatten(&first.node.value, "", &mut f0);
        merged.extend(f0.scalars);
        let mut changes: Vec<String> = Vec::new();
        let mut at: Option<Span> = None;
        for d in &defs[1..] {
            let mut flat = Flat::default();
            flatten(&d.node.value, "", &mut flat);
            let mut e = effects(&mut merged, &flat);
            if d.keyword != first.keyword {
                e.insert(
                    0,
                    format!(
                        "{} and {} are read separately, so alsatplg writes two links of this name",
                        first.keyword, d.keyword
                    ),
                );
            }
            if !e.is_empty() && at.is_none() {
                at = Some(d.node.key.span);
            }
            changes.extend(e);
        }
        let Some(at) = at else { continue };
        let shown = changes
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ");
        let more = changes.len().saturating_sub(3);
        let more = if more > 0 {
            format!(
                " and {more} more change{}",
                if more == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        };
        let mut f = Finding::warning(
            SECTION_DUPLICATE.code,
            at,
            format!(
                "{} `{name}` is defined {} times with different contents; alsatplg merges them: {shown}{more}",
                first.keyword,
                defs.len()
            ),
        )
        .label("this definition is merged into the first")
        .help(
            "give each section its own name, or define it once; a repeated definition \
             silently overrides the first one's values and appends to its lists",
        )
        .related("first defined here", first.node.key.span);
        for d in &defs[1..] {
            if d.node.key.span != at {
                f = f.related("defined again here", d.node.key.span);
            }
        }
        out.push(f);
    }
}

fn pipeline_duplicate_id(cx: &Context, out: &mut Vec<Finding>) {
    let mut by_id: BTreeMap<u32, Vec<&crate::conf::Widget>> = BTreeMap::new();
    for (_, w) in widget_nodes(cx.model) {
        if kind_of(w) == Some(WidgetKind::Scheduler) {
            by_id
                .entry(w.index.as_ref().map_or(0, |i| i.value))
                .or_default()
                .push(w);
        }
    }
    for (id, ws) in by_id {
        for w in ws.iter().skip(1) {
            let span = w.index.as_ref().map_or(w.name.span, |i| i.span);
            out.push(
                Finding::error(
                    PIPELINE_DUPLICATE_ID.code,
                    span,
                    format!(
                        "scheduler `{}` creates pipeline {id}, which scheduler `{}` already creates",
                        w.name.value, ws[0].name.value
                    ),
                )
                .label(format!("pipeline {id} again"))
                .help(
                    "each pipeline has one scheduler widget and a pipeline ID of its own; \
                     the firmware rejects a second pipeline with an ID in use. Give this \
                     pipeline (all its widgets' `index`) an unused ID",
                )
                .related("the first scheduler of this pipeline", ws[0].name.span),
            );
        }
    }
}

fn directions(p: &Pcm) -> Vec<Direction> {
    let mut d: Vec<Direction> = p.streams.iter().filter_map(|s| s.direction).collect();
    d.dedup();
    d
}

fn pcm_duplicate_id(cx: &Context, out: &mut Vec<Finding>) {
    // One PCM per name: alsatplg merges a repeated name into one.
    let mut seen = rustc_hash::FxHashSet::default();
    let pcms: Vec<&Pcm> = cx
        .conf
        .pcms
        .iter()
        .filter(|p| seen.insert(p.name.as_str()))
        .collect();
    let mut by_id: BTreeMap<u32, Vec<&Pcm>> = BTreeMap::new();
    for p in pcms {
        by_id
            .entry(p.id.as_ref().map_or(0, |i| i.value))
            .or_default()
            .push(p);
    }
    for (id, ps) in by_id {
        for (i, p) in ps.iter().enumerate().skip(1) {
            let span = p.id.as_ref().map_or(p.name.span, |s| s.span);
            let mine = directions(p);
            let clash = ps[..i]
                .iter()
                .find(|q| directions(q).iter().any(|d| mine.contains(d)));
            let (f, other) = match clash {
                Some(q) => {
                    let d = directions(q)
                        .into_iter()
                        .find(|d| mine.contains(d))
                        .map_or("", Direction::name);
                    (
                        Finding::error(
                            PCM_DUPLICATE_ID.code,
                            span,
                            format!(
                                "SectionPCM `{}` has ID {id}, as SectionPCM `{}` does, and both have a {d} stream",
                                p.name.value, q.name.value
                            ),
                        )
                        .label(format!("PCM {id} again"))
                        .help(
                            "the kernel finds a PCM by its ID, so one of them would drive the \
                             other's streams; give each PCM its own ID",
                        ),
                        q,
                    )
                }
                // Different directions still clash: SOF makes the PCM ID
                // the PCM device number, and a card registers each once.
                None => (
                    Finding::error(
                        PCM_DUPLICATE_ID.code,
                        span,
                        format!(
                            "SectionPCM `{}` has ID {id}, as SectionPCM `{}` does: one is \
                             playback, the other capture, but the ID is the PCM device number",
                            p.name.value, ps[0].name.value
                        ),
                    )
                    .label(format!("PCM {id} again"))
                    .help(format!(
                        "SOF makes a PCM's ID its device number (hw:CARD,{id}), so the card \
                         cannot register both: make them one SectionPCM with both streams \
                         (PCM_DUPLEX_ADD) or give each its own ID"
                    )),
                    &ps[0],
                ),
            };
            out.push(f.related("the other PCM with this ID", other.name.span));
        }
    }
}

fn link_duplicate_id(cx: &Context, out: &mut Vec<Finding>) {
    let links = &cx.conf.links;
    let mut by_id: BTreeMap<u32, Vec<&crate::conf::Link>> = BTreeMap::new();
    let mut seen = rustc_hash::FxHashSet::default();
    for l in links.iter().filter(|l| seen.insert(l.name.as_str())) {
        by_id
            .entry(l.id.as_ref().map_or(0, |i| i.value))
            .or_default()
            .push(l);
    }
    // Machine drivers that leave every link ID at its default (SOF's
    // MediaTek and i.MX ones) match links by name alone: all links at ID 0
    // is that convention, not a mistake.
    if by_id.len() == 1 && by_id.contains_key(&0) {
        return;
    }
    for (id, ls) in by_id {
        for l in ls.iter().skip(1) {
            let span = l.id.as_ref().map_or(l.name.span, |s| s.span);
            out.push(
                Finding::warning(
                    LINK_DUPLICATE_ID.code,
                    span,
                    format!(
                        "{} `{}` has ID {id}, as {} `{}` does",
                        l.keyword.value, l.name.value, ls[0].keyword.value, ls[0].name.value
                    ),
                )
                .label(format!("link {id} again"))
                .help(
                    "the kernel applies a link configuration to the machine driver's DAI link \
                     with this ID and name, so one of the two IDs is probably a copy; use the \
                     ID the machine driver gives this link",
                )
                .related("the other link with this ID", ls[0].name.span),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::checks::test_support::{codes, findings};

    #[test]
    fn an_identical_repeat_is_harmless() {
        let text = r#"
SectionVendorTokens."tk" { X "1" }
SectionVendorTokens."tk" { X "1" }
SectionData."d" { tuples "tt" }
SectionData."d" { tuples "tt" }
SectionVendorTuples."tt" { tokens "tk" tuples."word" { X "5" } }
"#;
        assert!(!codes(text).contains(&"tplg::section::duplicate".to_string()));
    }

    #[test]
    fn a_repeated_list_is_appended() {
        let text = r#"
SectionVendorTokens."tk" { X "1" }
SectionVendorTuples."tt" { tokens "tk" tuples."word" { X "5" } }
SectionData."d" { tuples [ "tt" ] }
SectionData."d" { tuples [ "tt" ] }
"#;
        let f = findings(text);
        let d: Vec<_> = f
            .iter()
            .filter(|f| f.code == "tplg::section::duplicate")
            .collect();
        assert_eq!(d.len(), 1, "{f:?}");
        assert!(d[0].message.contains("`tuples` gets 1 more item appended"));
    }

    #[test]
    fn an_override_names_both_values() {
        let text = r#"
SectionWidget."ssp2_in" { index "7" type "input" no_pm "true" }
SectionWidget."ssp2_in" { index "15" type "out_drv" no_pm "true" }
"#;
        let f = findings(text);
        let d = f
            .iter()
            .find(|f| f.code == "tplg::section::duplicate")
            .expect("found");
        assert!(
            d.message.contains(
                "`index` becomes \"15\" (was \"7\"); `type` becomes \"out_drv\" (was \"input\")"
            ),
            "{}",
            d.message
        );
    }

    #[test]
    fn section_be_and_section_link_are_not_merged() {
        // alsatplg writes two links named `L`, even with equal contents.
        let text = r#"
SectionBE."L" { id "0" }
SectionLink."L" { id "0" }
"#;
        let f = findings(text);
        let d = f
            .iter()
            .find(|f| f.code == "tplg::section::duplicate")
            .expect("found");
        assert!(d.message.contains("writes two links"), "{}", d.message);
    }

    #[test]
    fn links_that_all_share_one_id_are_matched_by_name() {
        let text = r#"
SectionBE."AFE_SOF_DL1" { id "0" }
SectionBE."AFE_SOF_DL2" { id "0" }
SectionBE."AFE_SOF_UL1" { id "0" }
"#;
        assert!(!codes(text).contains(&"tplg::link::duplicate_id".to_string()));
        let ones = text.replace("id \"0\"", "id \"1\"");
        assert_eq!(
            codes(&ones)
                .iter()
                .filter(|c| *c == "tplg::link::duplicate_id")
                .count(),
            2
        );
        let text = format!("{text}\nSectionBE.\"Other\" {{ id \"1\" }}");
        assert_eq!(
            codes(&text)
                .iter()
                .filter(|c| *c == "tplg::link::duplicate_id")
                .count(),
            2
        );
    }

    #[test]
    fn pcm_ids_per_direction() {
        let both = r#"
SectionPCM."A" { id "3" pcm."playback" { capabilities "c" } }
SectionPCM."B" { id "3" pcm."playback" { capabilities "c" } }
"#;
        let f = findings(both);
        let d = f
            .iter()
            .find(|f| f.code == "tplg::pcm::duplicate_id")
            .expect("found");
        assert_eq!(d.severity, crate::validate::Severity::Error);
        let split = r#"
SectionPCM."A" { id "3" pcm."playback" { capabilities "c" } }
SectionPCM."B" { id "3" pcm."capture" { capabilities "c" } }
"#;
        let f = findings(split);
        let d = f
            .iter()
            .find(|f| f.code == "tplg::pcm::duplicate_id")
            .expect("found");
        assert_eq!(d.severity, crate::validate::Severity::Error);
        assert!(d.message.contains("device number"), "{}", d.message);
    }
}
