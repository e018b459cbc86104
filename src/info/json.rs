//! `tplg info --format json`: the four tables and the notes as one JSON
//! object, in the layout docs/tools.md documents.

use super::words::time_domain_name;
use crate::conf::Direction;
use crate::validate::model::{Model, Node};
use crate::validate::summary::Summary;
use petgraph::graph::NodeIndex;

/// The version of [`json`]'s layout, in its `schema` field; documented in
/// docs/tools.md ("`tplg info --format json`").
pub(crate) const JSON_SCHEMA: &str = "tplg-info/1";

/// What `tplg info --format json` prints: the four tables and the notes as
/// one JSON object (the layout is docs/tools.md's; `findings` are added by
/// the caller, who knows where they point).
pub(crate) fn json(m: &Model, s: &Summary, notes: &[String]) -> serde_json::Value {
    use serde_json::json;
    let name_of = |n: NodeIndex| match m.graph[n] {
        Node::Widget(w) => Some(w.name.value.clone()),
        _ => None,
    };
    let pipelines: Vec<_> = s
        .pipelines
        .iter()
        .map(|p| {
            json!({
                "id": p.id,
                "scheduler": p.scheduler.map(|w| w.name.value.clone()),
                "sched_comp": p.sched_comp,
                "core": p.core,
                "period_us": p.period,
                "priority": p.priority,
                "time_domain": p.time_domain.map(time_domain_name),
                "dynamic": p.dynamic,
                "widgets": p.widgets.iter().filter_map(|&n| name_of(n)).collect::<Vec<_>>(),
                "pcms": p.pcms.iter().filter_map(|&n| match m.graph[n] {
                    Node::Pcm { pcm, direction, .. } => Some(json!({
                        "name": pcm.name.value,
                        "id": pcm.id.as_ref().map(|i| i.value),
                        "direction": direction.name(),
                    })),
                    _ => None,
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let pcms: Vec<_> = s
        .pcms
        .iter()
        .map(|p| {
            json!({
                "name": p.pcm.name.value,
                "id": p.pcm.id.as_ref().map(|i| i.value),
                "streams": p.streams.iter().map(|st| json!({
                    "direction": st.direction.name(),
                    "hosts": st.hosts.iter().map(|w| w.name.value.clone()).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "pipelines": p.pipelines,
            })
        })
        .collect();
    let dais: Vec<_> = s
        .dais
        .iter()
        .map(|d| {
            json!({
                "widget": d.widget.name.value,
                "type": d.dai.dai_type,
                "index": d.dai.index,
                "direction": d.direction.map(Direction::name),
                "links": d.links.iter().map(|l| json!({
                    "name": l.name.value,
                    "id": l.id.as_ref().map(|i| i.value),
                })).collect::<Vec<_>>(),
                "pipeline": d.widget.index.as_ref().map(|i| i.value),
            })
        })
        .collect();
    let clock = |freq: &Option<crate::conf::Spanned<u32>>,
                 role: &Option<crate::conf::Spanned<String>>| {
        (freq.is_some() || role.is_some()).then(|| {
            json!({
                "freq": freq.as_ref().map(|f| f.value),
                "role": role.as_ref().map(|r| r.value.clone()),
            })
        })
    };
    let links: Vec<_> = s
        .links
        .iter()
        .map(|l| {
            let default = l.default_hw_config();
            json!({
                "name": l.link.name.value,
                "id": l.link.id.as_ref().map(|i| i.value),
                "dai": (l.dai.dai_type.is_some() || l.dai.index.is_some()).then(|| l.dai.label()),
                "hw_configs": l.hw_configs.iter().map(|(r, c)| json!({
                    "name": r.value,
                    "missing": c.is_none(),
                    "default": c.is_some_and(|c| default.is_some_and(|d| std::ptr::eq(d, c))),
                })).collect::<Vec<_>>(),
                "format": default.and_then(|c| c.format.as_ref().map(|f| f.value.clone())),
                "clocks": default.map(|c| json!({
                    "mclk": clock(&c.mclk_freq, &c.mclk),
                    "bclk": clock(&c.bclk_freq, &c.bclk),
                    "fsync": clock(&c.fsync_freq, &c.fsync),
                    "tdm": match (&c.tdm_slots, &c.tdm_slot_width) {
                        (Some(n), Some(w)) => Some(json!({ "slots": n.value, "width": w.value })),
                        _ => None,
                    },
                })),
            })
        })
        .collect();
    json!({
        "schema": JSON_SCHEMA,
        "pipelines": pipelines,
        "pcms": pcms,
        "dais": dais,
        "links": links,
        "notes": notes,
    })
}
