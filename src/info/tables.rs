//! The four tables `tplg info` prints: pipelines, PCMs, DAIs and back-end
//! links, in plain text columns.

use super::words::{clocks, list, opt, pcm_label, plural, time_domain_name};
use crate::conf::Direction;
use crate::validate::model::{Model, Node};
use crate::validate::summary::Summary;
use std::fmt::Write as _;

/// Plain text columns, left-aligned, two spaces apart; the last column is
/// not padded.
fn table(out: &mut String, title: &str, headers: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(out, "{title}");
    if rows.is_empty() {
        let _ = writeln!(out, "  (none)");
        return;
    }
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = &str>| {
        let mut s = String::from(" ");
        for (i, c) in cells.enumerate() {
            s.push(' ');
            s.push_str(c);
            if i + 1 < widths.len() {
                let pad = widths[i] - c.chars().count() + 1;
                s.push_str(&" ".repeat(pad));
            }
        }
        let _ = writeln!(out, "{}", s.trim_end());
    };
    line(out, &mut headers.iter().copied());
    for r in rows {
        line(out, &mut r.iter().map(String::as_str));
    }
}

/// The four tables, as `tplg info` prints them.
pub(crate) fn tables(m: &Model, s: &Summary) -> String {
    let mut out = String::new();
    let streams: usize = s.pcms.iter().map(|p| p.streams.len()).sum();
    let _ = writeln!(
        out,
        "{}, {} ({}), {}, {}\n",
        plural(s.pipelines.len(), "pipeline"),
        plural(s.pcms.len(), "PCM"),
        plural(streams, "stream"),
        plural(s.dais.len(), "DAI"),
        plural(s.links.len(), "BE link"),
    );

    let rows: Vec<Vec<String>> = s
        .pipelines
        .iter()
        .map(|p| {
            vec![
                p.id.to_string(),
                opt(p.scheduler.map(|w| w.name.value.as_str())),
                opt(p.sched_comp),
                opt(p.core),
                p.period
                    .map_or_else(|| "-".to_string(), |v| format!("{v} us")),
                opt(p.priority),
                opt(p.time_domain.map(time_domain_name)),
                opt(p.dynamic.map(|d| if d { "yes" } else { "no" })),
                p.widgets.len().to_string(),
                list(p.pcms.iter().filter_map(|&n| match m.graph[n] {
                    Node::Pcm { pcm, direction, .. } => {
                        Some(format!("{} {}", pcm_label(pcm), direction.name()))
                    }
                    _ => None,
                })),
            ]
        })
        .collect();
    table(
        &mut out,
        "Pipelines",
        &[
            "ID",
            "SCHEDULER",
            "SCHED COMP",
            "CORE",
            "PERIOD",
            "PRIORITY",
            "TIME DOMAIN",
            "DYNAMIC",
            "WIDGETS",
            "PCM",
        ],
        &rows,
    );

    let rows: Vec<Vec<String>> = s
        .pcms
        .iter()
        .map(|p| {
            vec![
                p.pcm.name.value.clone(),
                opt(p.pcm.id.as_ref().map(|i| i.value)),
                list(p.streams.iter().map(|s| s.direction.name().to_string())),
                list(
                    p.streams
                        .iter()
                        .flat_map(|s| &s.hosts)
                        .map(|w| w.name.value.clone()),
                ),
                list(p.pipelines.iter().map(u32::to_string)),
            ]
        })
        .collect();
    out.push('\n');
    table(
        &mut out,
        "PCMs",
        &["NAME", "ID", "DIRECTIONS", "HOST WIDGETS", "PIPELINES"],
        &rows,
    );

    let rows: Vec<Vec<String>> = s
        .dais
        .iter()
        .map(|d| {
            vec![
                d.widget.name.value.clone(),
                opt(d.dai.dai_type),
                opt(d.dai.index),
                opt(d.direction.map(Direction::name)),
                list(d.links.iter().map(|l| match &l.id {
                    Some(id) => format!("{} ({})", l.name.value, id.value),
                    None => l.name.value.clone(),
                })),
                opt(d.widget.index.as_ref().map(|i| i.value)),
            ]
        })
        .collect();
    out.push('\n');
    table(
        &mut out,
        "DAIs",
        &["WIDGET", "TYPE", "INDEX", "DIRECTION", "LINK", "PIPELINE"],
        &rows,
    );

    let rows: Vec<Vec<String>> = s
        .links
        .iter()
        .map(|l| {
            let default = l.default_hw_config();
            vec![
                l.link.name.value.clone(),
                opt(l.link.id.as_ref().map(|i| i.value)),
                l.dai.label(),
                list(l.hw_configs.iter().map(|(r, c)| {
                    let mut s = r.value.clone();
                    match c {
                        None => s.push_str(" (missing)"),
                        Some(c)
                            if l.hw_configs.len() > 1
                                && default.is_some_and(|d| std::ptr::eq(d, *c)) =>
                        {
                            s.push_str(" (default)");
                        }
                        _ => {}
                    }
                    s
                })),
                opt(default.and_then(|c| c.format.as_ref().map(|f| f.value.clone()))),
                default.map_or_else(|| "-".to_string(), clocks),
            ]
        })
        .collect();
    out.push('\n');
    table(
        &mut out,
        "BE links",
        &["NAME", "ID", "DAI", "HW CONFIGS", "FORMAT", "CLOCKS"],
        &rows,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align() {
        super::super::tests::with(super::super::tests::DAI, |m, s, _check| {
            let t = tables(m, s);
            assert!(
                t.contains("  WIDGET    TYPE  INDEX  DIRECTION  LINK            PIPELINE"),
                "{t}"
            );
            assert!(
                t.contains("  SSP5.OUT  SSP   5      playback   SSP5-Codec (0)  1"),
                "{t}"
            );
        });
    }
}
