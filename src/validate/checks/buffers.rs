//! Checks on buffer widgets: their size against the components around them.
//!
//! SOF's pipelines size a buffer as `COMP_BUFFER_SIZE(periods, sample bytes,
//! channels, period frames)`: the number of periods is the sink period count
//! of the component that writes into the buffer, and the sample bytes those
//! of the buffer's format (2 for s16le, 4 for s24le, s32le and float). So a
//! buffer's size is always a whole multiple of `periods × sample bytes`.
//! Channels and frames depend on rates this text does not always say, so
//! they are not checked.

use super::tuples::{read_tuple, token_number, WordRead};
use super::Check;
use crate::conf::{TupleType, Widget};
use crate::validate::model::{kind_of, token, Node};
use crate::validate::{Context, Finding};
use crate::vocab::{vocabulary, WidgetKind};
use petgraph::Direction;

pub(super) const ZERO: Check = Check {
    code: "tplg::buffer::zero",
    summary: "a buffer widget of size 0 (or with no SOF_TKN_BUF_SIZE)",
    help: "give the buffer its periods",
    run: zero,
};

pub(super) const SIZE: Check = Check {
    code: "tplg::buffer::size",
    summary: "a buffer size that is not periods × sample size × a whole number of frames",
    help: "check the buffer's format and periods",
    run: size,
};

fn buffers<'a>(cx: &Context<'a>) -> impl Iterator<Item = &'a Widget> {
    cx.conf
        .widgets
        .iter()
        .filter(|w| kind_of(w) == Some(WidgetKind::Buffer))
}

/// Every data and tuple reference of the widget names a section (else the
/// reference check speaks, and the size may be in what is missing).
fn data_complete(cx: &Context, w: &Widget) -> bool {
    w.data.iter().all(|d| {
        cx.model.names.data.get(d.as_str()).is_some_and(|d| {
            d.tuples
                .iter()
                .all(|t| cx.model.names.tuples.contains_key(t.as_str()))
        })
    })
}

fn zero(cx: &Context, out: &mut Vec<Finding>) {
    for w in buffers(cx) {
        let Some(t) = cx.model.token(&w.data, token::BUF_SIZE) else {
            // No size tuple at all: the kernel sends 0.
            if data_complete(cx, w) {
                out.push(
                    Finding::error(
                        ZERO.code,
                        w.name.span,
                        format!("buffer `{}` has no SOF_TKN_BUF_SIZE", w.name.value),
                    )
                    .label("its size is 0: the firmware cannot allocate it")
                    .help("add a `word` tuple SOF_TKN_BUF_SIZE (sof_buffer_tokens) to the buffer's data"),
                );
            }
            continue;
        };
        let value = t.tuple.value.as_str();
        let why = match read_tuple(cx.sources, t.group, t.tuple) {
            Some(WordRead::Number(0)) => format!("buffer `{}` has size 0", w.name.value),
            Some(WordRead::Empty) => {
                format!("buffer `{}` has an empty size, read as 0", w.name.value)
            }
            Some(WordRead::NotNumber) => {
                format!("buffer `{}` has size `{value}`, read as 0", w.name.value)
            }
            _ => continue,
        };
        out.push(
            Finding::error(ZERO.code, t.tuple.value.span, why)
                .label("the firmware cannot allocate a buffer of 0 bytes")
                .help("give the size in bytes: periods × sample bytes × channels × frames per period (e.g. 2 × 4 × 2 × 48 = 768)")
                .related("the buffer", w.name.span),
        );
    }
}

/// Bytes per sample of an SOF format name (`SOF_TKN_COMP_FORMAT`).
fn sample_bytes(format: &str) -> Option<u32> {
    vocabulary().format(format).map(|f| f.bytes)
}

fn size(cx: &Context, out: &mut Vec<Finding>) {
    for w in buffers(cx) {
        let Some((size, t)) = token_number(cx, &w.data, token::BUF_SIZE) else {
            continue;
        };
        if size == 0 {
            continue;
        }
        let Some(&n) = cx.model.widgets.get(w.name.as_str()) else {
            continue;
        };
        let neighbours = |dir| {
            cx.model
                .graph
                .neighbors_directed(n, dir)
                .filter_map(|m| match cx.model.graph[m] {
                    Node::Widget(w) => Some(w),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        let writers = neighbours(Direction::Incoming);
        let readers = neighbours(Direction::Outgoing);
        // The writer's sink period count: the buffer's periods.
        let periods = writers.iter().find_map(|x| {
            token_number(cx, &x.data, "SOF_TKN_COMP_PERIOD_SINK_COUNT")
                .filter(|(p, _)| *p > 0)
                .map(|(p, _)| (p, *x))
        });
        // The smallest sample among the formats around it.
        let sample = writers
            .iter()
            .chain(&readers)
            .filter_map(|x| {
                let f = cx.model.token(&x.data, token::COMP_FORMAT)?;
                if f.group.kind != TupleType::String {
                    return None;
                }
                Some((
                    sample_bytes(f.tuple.value.as_str())?,
                    f.tuple.value.as_str(),
                    *x,
                ))
            })
            .min_by_key(|s| s.0);
        let unit = periods.map_or(1, |p| p.0) * sample.map_or(1, |s| s.0);
        if unit <= 1 || size % unit == 0 {
            continue;
        }
        let mut parts = Vec::new();
        if let Some((p, x)) = periods {
            parts.push(format!(
                "{p} periods (the sink period count of `{}`)",
                x.name.value
            ));
        }
        if let Some((b, f, x)) = sample {
            parts.push(format!("{b}-byte {f} samples (of `{}`)", x.name.value));
        }
        let mut f = Finding::warning(
            SIZE.code,
            t.value.span,
            format!(
                "buffer `{}` has size {size}, not a multiple of {}",
                w.name.value,
                parts.join(" × ")
            ),
        )
        .label(format!("{size} is not a multiple of {unit}"))
        .help(format!(
            "a buffer holds periods × sample bytes × channels × frames per period; {size} is not a whole number of frames in each period. Round it to a multiple of {unit}: {}",
            match size / unit * unit {
                0 => unit.to_string(),
                lower => format!("{lower} or {}", lower + unit),
            }
        ))
        .related("the buffer", w.name.span);
        if let Some((_, x)) = periods {
            f = f.related(format!("`{}` writes into it", x.name.value), x.name.span);
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// host → buffer → pga, with the buffer's size and the host's periods.
    fn pipe(size: &str, periods: u32, format: &str) -> String {
        format!(
            r#"
SectionVendorTokens."sof_buffer_tokens" {{ SOF_TKN_BUF_SIZE "100" }}
SectionVendorTokens."sof_comp_tokens" {{
	SOF_TKN_COMP_PERIOD_SINK_COUNT "400"
	SOF_TKN_COMP_FORMAT "402"
}}
SectionVendorTuples."b" {{ tokens "sof_buffer_tokens" tuples."word" {{ SOF_TKN_BUF_SIZE "{size}" }} }}
SectionVendorTuples."h" {{ tokens "sof_comp_tokens" tuples."word" {{ SOF_TKN_COMP_PERIOD_SINK_COUNT "{periods}" }} }}
SectionVendorTuples."p" {{ tokens "sof_comp_tokens" tuples."string" {{ SOF_TKN_COMP_FORMAT "{format}" }} }}
SectionData."b" {{ tuples "b" }}
SectionData."h" {{ tuples "h" }}
SectionData."p" {{ tuples "p" }}
SectionWidget."PCM0P" {{ index "1" type "aif_in" data "h" }}
SectionWidget."BUF1.0" {{ index "1" type "buffer" data "b" }}
SectionWidget."PGA1.0" {{ index "1" type "pga" data "p" }}
SectionGraph."g" {{ index "1" lines [ "BUF1.0, , PCM0P" "PGA1.0, , BUF1.0" ] }}
"#
        )
    }

    fn run(check: &Check, text: &str) -> usize {
        crate::validate::checks::run_check(check, text, None).len()
    }

    #[test]
    fn sizes_sof_writes() {
        // 2 periods × 4 bytes × 2 channels × 48 frames
        assert_eq!(run(&SIZE, &pipe("768", 2, "s32le")), 0);
        // 3 periods × 2 bytes × 1 channel × 441 frames (44.1 kHz, 1 ms)
        assert_eq!(run(&SIZE, &pipe("2646", 3, "s16le")), 0);
        // unknown formats bound nothing
        assert_eq!(run(&SIZE, &pipe("770", 1, "u8")), 0);
        assert_eq!(run(&ZERO, &pipe("768", 2, "s32le")), 0);
    }

    #[test]
    fn sizes_that_disagree() {
        assert_eq!(run(&SIZE, &pipe("770", 2, "s32le")), 1);
        assert_eq!(run(&SIZE, &pipe("2646", 2, "s16le")), 1);
        assert_eq!(run(&ZERO, &pipe("0", 2, "s32le")), 1);
        // alsatplg reads these as 0 too
        assert_eq!(run(&ZERO, &pipe("", 2, "s32le")), 1);
        assert_eq!(run(&ZERO, &pipe("BUF_SIZE", 2, "s32le")), 1);
        assert_eq!(run(&SIZE, &pipe("", 2, "s32le")), 0);
        // refused or partly read: the tuple checks speak
        assert_eq!(run(&ZERO, &pipe("768k", 2, "s32le")), 0);
    }

    #[test]
    fn missing_size() {
        let no_size = "SectionWidget.\"BUF1.0\" { index \"1\" type \"buffer\" }\n";
        assert_eq!(run(&ZERO, no_size), 1);
        // data that does not resolve: the reference check speaks
        let dangling = "SectionWidget.\"BUF1.0\" { index \"1\" type \"buffer\" data \"nope\" }\n";
        assert_eq!(run(&ZERO, dangling), 0);
    }
}
