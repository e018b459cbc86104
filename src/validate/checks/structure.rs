//! Checks on the shape of the graph: routes, paths, pipelines, bindings.

use super::Check;
use crate::validate::{Context, Finding};

pub const ROUTE_DANGLING: Check = Check {
    code: "tplg::route::dangling",
    summary: "a route names a widget that does not exist",
    run: route_dangling,
};

fn route_dangling(cx: &Context, out: &mut Vec<Finding>) {
    for d in &cx.model.dangling {
        let (end, name) = if d.sink {
            ("sink", &d.route.sink)
        } else {
            ("source", &d.route.source)
        };
        let mut f = Finding::error(
            ROUTE_DANGLING.code,
            name.span,
            format!("route {end} `{}` is not a widget", name.value),
        )
        .label("no SectionWidget has this name");
        let near = crate::validate::checks::closest(
            &name.value,
            cx.conf.widgets.iter().map(|w| w.name.as_str()),
        );
        f = f.help(match near {
            Some(n) => format!("did you mean `{n}`? A route is \"sink, control, source\"; both ends must name widgets"),
            None => "a route is \"sink, control, source\"; both ends must name widgets defined in this topology".to_string(),
        });
        out.push(f);
    }
}
