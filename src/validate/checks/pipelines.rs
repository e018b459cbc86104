//! Checks on pipelines: every widget the kernel sets up belongs to the
//! pipeline of its `index`, which a `scheduler` widget creates; the
//! scheduler's `stream_name` names the pipeline's scheduling component.

use super::structure::{groups, name_list, widget_nodes};
use super::Check;
use crate::conf::Widget;
use crate::validate::model::{is_component, kind_of};
use crate::validate::{Context, Finding};
use crate::vocab::{closest, WidgetKind};
use std::collections::BTreeMap;

pub(super) const PIPELINE_UNSCHEDULED: Check = Check {
    code: "tplg::pipeline::unscheduled",
    summary: "widgets in a pipeline (index) that has no scheduler widget",
    help: "give them their pipeline's index, or add the pipeline",
    run: pipeline_unscheduled,
};

pub(super) const PIPELINE_SCHED_COMP: Check = Check {
    code: "tplg::pipeline::sched_comp",
    summary:
        "a scheduler whose scheduling component (stream_name) is missing or on another signal path",
    help: "name a widget of the pipeline, usually its DAI",
    run: pipeline_sched_comp,
};

/// A widget's pipeline: its `index`, 0 when it has none (as alsatplg).
fn pipeline_id(w: &Widget) -> u32 {
    w.index.as_ref().map_or(0, |i| i.value)
}

fn pipeline_unscheduled(cx: &Context, out: &mut Vec<Finding>) {
    let model = cx.model;
    let scheduled: rustc_hash::FxHashSet<u32> = widget_nodes(model)
        .map(|(_, w)| w)
        .filter(|w| kind_of(w) == Some(WidgetKind::Scheduler))
        .map(pipeline_id)
        .collect();
    let mut orphans: BTreeMap<u32, Vec<&Widget>> = BTreeMap::new();
    for (_, w) in widget_nodes(model) {
        if !is_component(w) || kind_of(w) == Some(WidgetKind::Scheduler) {
            continue;
        }
        let id = pipeline_id(w);
        if !scheduled.contains(&id) {
            orphans.entry(id).or_default().push(w);
        }
    }
    let mut groups: Vec<(u32, Vec<&Widget>)> = orphans.into_iter().collect();
    groups.sort_by_key(|(_, ws)| ws[0].name.span.start());
    for (id, ws) in groups {
        let names = name_list(ws.iter().map(|w| w.name.as_str()), 6);
        let index = if ws[0].index.is_some() {
            format!("index {id}")
        } else {
            "no index (pipeline 0)".to_string()
        };
        let mut f = Finding::error(
            PIPELINE_UNSCHEDULED.code,
            ws[0].index.as_ref().map_or(ws[0].name.span, |i| i.span),
            format!("pipeline {id} has no scheduler widget, so nothing runs {names} ({index})",),
        )
        .label(format!("no `scheduler` widget has index {id}"))
        .help(
            "every pipeline needs one scheduler widget with its index (the pipeline's \
             W_PIPELINE, written by PIPELINE_ADD/DAI_ADD); give these widgets the index of \
             the pipeline they belong to, or add its scheduler; the kernel refuses to set up \
             a widget with no pipeline",
        );
        for w in &ws[1..] {
            f = f.related(
                format!("`{}` is in pipeline {id} too", w.name.value),
                w.name.span,
            );
        }
        out.push(f);
    }
}

fn pipeline_sched_comp(cx: &Context, out: &mut Vec<Finding>) {
    let model = cx.model;
    let uf = groups(model);
    for (_, w) in widget_nodes(model) {
        if kind_of(w) != Some(WidgetKind::Scheduler) {
            continue;
        }
        let id = pipeline_id(w);
        let Some(sname) = &w.stream_name else {
            out.push(
                Finding::error(
                    PIPELINE_SCHED_COMP.code,
                    w.name.span,
                    format!(
                        "scheduler `{}` (pipeline {id}) has no stream_name, so its pipeline has no scheduling component",
                        w.name.value
                    ),
                )
                .label("the kernel looks the scheduling component up by this widget's stream_name")
                .help("set `stream_name` to the widget that drives the pipeline's timing (usually its DAI or host widget)"),
            );
            continue;
        };
        match model.widget(sname.as_str()) {
            None => {
                let near = closest(
                    sname.as_str(),
                    cx.conf.widgets.iter().map(|w| w.name.as_str()),
                );
                out.push(
                    Finding::error(
                        PIPELINE_SCHED_COMP.code,
                        sname.span,
                        format!(
                            "scheduler `{}` (pipeline {id}) is driven by `{}`, which is not a widget",
                            w.name.value, sname.value
                        ),
                    )
                    .label("the kernel refuses a scheduler whose component does not exist")
                    .help(match near {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => "name a widget of this pipeline (its DAI or host widget)".to_string(),
                    }),
                );
            }
            // SOF schedules a pipeline that feeds another (a host pipeline
            // into a DAI pipeline's mixer) from the other's DAI: the
            // component may be in another pipeline, but it must be on the
            // same signal path.
            Some(c) if pipeline_id(c) != id => {
                let comp = uf.find(model.widgets[c.name.as_str()].index());
                let members: Vec<usize> = widget_nodes(model)
                    .filter(|(_, m)| {
                        pipeline_id(m) == id
                            && is_component(m)
                            && kind_of(m) != Some(WidgetKind::Scheduler)
                    })
                    .map(|(n, _)| uf.find(n.index()))
                    .collect();
                if members.is_empty() || members.contains(&comp) {
                    continue;
                }
                out.push(
                    Finding::warning(
                        PIPELINE_SCHED_COMP.code,
                        sname.span,
                        format!(
                            "scheduler `{}` of pipeline {id} is driven by `{}`, a widget of pipeline {} that no route connects to pipeline {id}",
                            w.name.value,
                            sname.value,
                            pipeline_id(c)
                        ),
                    )
                    .label("the scheduling component is on another signal path")
                    .related(format!("`{}` is here", c.name.value), c.name.span)
                    .help("name a widget of this pipeline or of the pipeline it feeds (usually that pipeline's DAI widget)"),
                );
            }
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::checks::bindings::tests::CLEAN;
    use crate::validate::checks::test_support::{codes, findings};

    #[test]
    fn virtual_widgets_need_no_scheduler() {
        // `ssp0 Tx` has index 7 and pipeline 7 has no scheduler.
        assert!(!codes(CLEAN).contains(&"tplg::pipeline::unscheduled".to_string()));
    }

    #[test]
    fn a_scheduler_driven_from_another_pipeline_warns() {
        let text = CLEAN.replace(r#"stream_name "PCM0C" }"#, r#"stream_name "SSP0.OUT" }"#);
        let f = findings(&text);
        let s: Vec<_> = f
            .iter()
            .filter(|f| f.code == "tplg::pipeline::sched_comp")
            .collect();
        assert_eq!(s.len(), 1, "{f:?}");
        assert_eq!(s[0].severity, crate::validate::Severity::Warning);
    }

    #[test]
    fn a_scheduler_of_nothing_is_an_error() {
        let text = CLEAN.replace(r#"stream_name "PCM0C" }"#, r#"stream_name "PCM0CC" }"#);
        let f = findings(&text);
        let s = f
            .iter()
            .find(|f| f.code == "tplg::pipeline::sched_comp")
            .expect("found");
        assert_eq!(s.severity, crate::validate::Severity::Error);
        assert!(s.help.as_deref().unwrap().contains("`PCM0C`"));
    }

    #[test]
    fn widgets_without_index_are_pipeline_zero() {
        let text = r#"
SectionWidget."BUF" { type "buffer" }
SectionWidget."PIPELINE.0" { type "scheduler" stream_name "BUF" }
"#;
        let found = codes(text);
        assert!(
            !found.contains(&"tplg::pipeline::unscheduled".to_string())
                && !found.contains(&"tplg::pipeline::sched_comp".to_string()),
            "{found:?}"
        );
    }
}
