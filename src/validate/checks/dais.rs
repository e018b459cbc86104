//! Checks against the platform: DAI indexes.
//!
//! SOF's M4 library, built with `-DINFO`, reminded the reader that a DAI
//! index must name a member of the firmware platform's DAI array; here it
//! is checked against the platform's `PLATFORM_<TYPE>_COUNT`.

use super::Check;
use crate::conf::Ref;
use crate::validate::model::{kind_of, DaiId, Node};
use crate::validate::{Context, Finding};
use crate::vocab::WidgetKind;

pub(crate) const DAI_INDEX: Check = Check {
    code: "tplg::dai::index",
    summary: "a DAI index the platform's DAI array does not have",
    help: "use an index below the count",
    run: dai_index,
};

fn dai_index(cx: &Context, out: &mut Vec<Finding>) {
    let counts = &cx.options.platform.dai_counts;
    if counts.is_empty() {
        return;
    }
    let m = cx.model;
    let mut places: Vec<(String, &[Ref])> = Vec::new();
    for n in m.graph.node_indices() {
        if let Node::Widget(w) = m.graph[n] {
            if kind_of(w).is_some_and(WidgetKind::is_dai) {
                places.push((format!("DAI widget `{}`", w.name.value), &w.data));
            }
        }
    }
    for n in m.graph.node_indices() {
        if let Node::Link(l) = m.graph[n] {
            places.push((format!("BE link `{}`", l.name.value), &l.data));
        }
    }
    for (place, data) in places {
        let DaiId {
            dai_type: Some(ty),
            index: Some(index),
            index_span: Some(at),
        } = m.dai_id(data)
        else {
            continue;
        };
        let Some(c) = counts.get(&ty.to_ascii_uppercase()) else {
            continue;
        };
        if index < c.count {
            continue;
        }
        let range = match c.count {
            0 => format!("the platform has no {ty}"),
            1 => format!("the platform has {ty}0 only"),
            n => format!("the platform has {ty}0 to {ty}{} only", n - 1),
        };
        let mut f = Finding::error(
            DAI_INDEX.code,
            at,
            format!("{place} uses {ty}{index}, but {range}"),
        )
        .label(format!("{ty} index {index}"))
        .help(format!(
            "use an index below {} ({}): the firmware looks a DAI up by index in the \
             platform's {ty} array, and the pipeline fails to load when there is no such member",
            c.count, c.symbol
        ));
        if let Some(at) = c.defined_at {
            f = f.related(format!("the platform defines {} here", c.symbol), at);
        }
        out.push(f);
    }
}
