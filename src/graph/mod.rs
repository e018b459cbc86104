//! `tplg graph`: a topology as a Graphviz `digraph`.
//!
//! Unlike the fragment SOF's M4 library printed with `-DGRAPH` (route lines
//! that needed `DEBUG_START`/`DEBUG_END` around them), the output is always
//! a whole `digraph`: one cluster per pipeline, labelled with its ID, PCM and
//! scheduling; widgets shaped and coloured by type; PCM streams and BE links
//! as nodes of their own; edges in signal direction, route controls on
//! them. Virtual widgets (the firmware never sees them) are dashed and grey,
//! dynamic pipelines dashed and violet, and a route end naming no widget a
//! red node. The text is the same for the same topology, byte for byte.
//!
//! It draws the validation model's summary (`validate::summary`), part by
//! part: [`pipelines`] (the clusters and widgets), [`ends`] (PCMs, links,
//! missing route ends), [`edges`], then the [`legend`]; [`dot`] has the DOT
//! text and node IDs. [`render`] turns it into SVG or PNG with Graphviz's
//! `dot`.

mod dot;
mod edges;
mod ends;
mod legend;
mod pipelines;
mod render;

pub(crate) use render::render;

use crate::validate::model::Model;
use crate::validate::summary::Summary;
use dot::{quote, Ids};
use legend::Legend;
use std::fmt::Write as _;

/// What `tplg graph` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Graphviz source.
    Dot,
    /// SVG, through Graphviz `dot -Tsvg`.
    Svg,
    /// PNG, through Graphviz `dot -Tpng`.
    Png,
}

impl Format {
    /// The format an output file's extension names.
    pub(crate) fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "dot" | "gv" => Some(Format::Dot),
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }
}

const PCM_FILL: &str = "#4dabf7";
const LINK_FILL: &str = "#ff922b";
const VIRTUAL_COLOR: &str = "#868e96";
const MISSING_COLOR: &str = "#e03131";
const DYNAMIC_COLOR: &str = "#7048e8";

/// What `tplg graph` draws besides the topology's pipelines, PCMs and links.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Options {
    /// Also draw the virtual widgets no route touches, grouped in one
    /// cluster (by default they are counted in the legend, not drawn).
    pub unconnected: bool,
}

/// The graph of a topology, titled with `title`'s file name.
pub(crate) fn dot(m: &Model, s: &Summary, title: &str) -> String {
    dot_with(m, s, title, Options::default())
}

/// A drawing under way: what it draws from, and what it has written.
struct Drawing<'d, 'a> {
    m: &'d Model<'a>,
    s: &'d Summary<'a>,
    opts: Options,
    ids: Ids,
    legend: Legend,
    out: String,
}

/// The graph of a topology. `title` labels it (its file name is kept).
pub(crate) fn dot_with(m: &Model, s: &Summary, title: &str, opts: Options) -> String {
    let title = std::path::Path::new(title)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(title);
    let mut out = String::new();
    let _ = writeln!(out, "digraph topology {{");
    let _ = writeln!(
        out,
        "    graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, labelloc=t, label={}];",
        quote(title)
    );
    let _ = writeln!(
        out,
        "    node [fontname=\"Helvetica\", fontsize=10, style=filled, fillcolor=\"#ffffff\"];"
    );
    let _ = writeln!(out, "    edge [fontname=\"Helvetica\", fontsize=9];");

    let mut d = Drawing {
        m,
        s,
        opts,
        ids: Ids::new(m),
        legend: Legend::default(),
        out,
    };
    let in_cluster = pipelines::pipelines(&mut d);
    pipelines::loose_widgets(&mut d, &in_cluster);
    ends::pcms(&mut d);
    ends::links(&mut d);
    ends::missing(&mut d);
    edges::edges(&mut d);
    let Drawing {
        mut out,
        mut ids,
        legend,
        ..
    } = d;
    legend.write(&mut out, &mut ids, opts);
    let _ = writeln!(out, "}}");
    out
}

#[cfg(test)]
mod tests {
    use super::dot::{label, record_field};
    use super::*;
    use crate::source::{Origin, Sources};

    fn dot_of(text: &str) -> String {
        let mut sources = Sources::new();
        let id = sources.add("t.conf", Origin::Synthetic, text.to_string());
        let conf = crate::conf::parse(&sources, id).expect("parses");
        let m = Model::new(&conf);
        let s = Summary::of(&m);
        dot(&m, &s, "t.conf")
    }

    #[test]
    fn quoting() {
        assert_eq!(quote(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(quote("x\ny"), "\"x y\"");
        assert_eq!(label(&["a\"".into(), "b".into()]), r#""a\"\nb""#);
    }

    #[test]
    fn names_with_quotes_and_spaces_are_quoted_ids() {
        let d = dot_of(
            r#"
SectionWidget."say \"hi\"" { index "1" type "pga" }
SectionWidget."BUF 1.0" { index "1" type "buffer" }
SectionGraph."g" { index "1" lines [ "BUF 1.0, Vol Switch, say \"hi\"" ] }
"#,
        );
        assert!(
            d.contains(r#""say \"hi\"" -> "BUF 1.0" [label="Vol Switch"];"#),
            "{d}"
        );
        assert!(d.contains("subgraph \"cluster_pipeline_1\""), "{d}");
        assert!(d.contains("no scheduler"), "{d}");
    }

    #[test]
    fn dynamic_pipelines_and_virtual_widgets_look_different() {
        let d = dot_of(
            r#"
SectionVendorTuples."s" { tokens "sof_sched_tokens" tuples."word" { SOF_TKN_SCHED_DYNAMIC_PIPELINE "1" SOF_TKN_SCHED_CORE "1" } }
SectionData."s" { tuples "s" }
SectionWidget."PIPELINE.2.X" { index "2" type "scheduler" stream_name "X" data [ "s" ] }
SectionWidget."X" { index "2" type "pga" }
SectionWidget."ssp1 Tx" { index "2" type "out_drv" }
SectionGraph."g" { index "2" lines [ "ssp1 Tx, , X" "X, , gone" ] }
"#,
        );
        assert!(d.contains("style=\"rounded,dashed\""), "{d}");
        assert!(d.contains("core 1 · dynamic"), "{d}");
        assert!(d.contains("scheduled by X"), "{d}");
        // the virtual widget is outside the cluster, dashed
        let cluster_end = d.find("\n    }").unwrap();
        let virt = d.find("\"ssp1 Tx\" [").unwrap();
        assert!(virt > cluster_end, "{d}");
        assert!(d.contains("\"X\" -> \"ssp1 Tx\" [style=dashed"), "{d}");
        assert!(d.contains("\"missing:gone\" -> \"X\""), "{d}");
    }

    #[test]
    fn record_fields_escape_what_records_read() {
        assert_eq!(
            record_field(Some("playback"), &["a|b {c} <d>".into(), "e\"".into()]),
            r#"<playback> a\|b \{c\} \<d\>\ne\""#
        );
        let d = dot_of(
            r#"
SectionPCMCapabilities."c" { formats "S16_LE" rates "44100,48000" channels_min "1" channels_max "8" }
SectionPCM."a|b" { id "0" pcm."capture" { capabilities "c" } }
"#,
        );
        assert!(
            d.contains(r#""pcm:a|b" [shape=Mrecord, label="PCM a\|b (0)|<capture> capture · c\n1-8 ch · S16_LE · 44.1 kHz/48 kHz""#),
            "{d}"
        );
    }

    #[test]
    fn capture_paths_are_written_sink_first() {
        let d = dot_of(
            r#"
SectionWidget."H" { index "3" type "aif_out" stream_name "C" }
SectionWidget."B" { index "3" type "buffer" }
SectionWidget."D" { index "3" type "dai_out" stream_name "L" }
SectionGraph."g" { index "3" lines [ "B, , D" "H, , B" ] }
SectionPCMCapabilities."C" { formats "S16_LE" }
SectionPCM."p" { id "0" pcm."capture" { capabilities "C" } }
SectionBE."L" { id "0" }
"#,
        );
        assert!(d.contains(r#""H" -> "B" [dir=back];"#), "{d}");
        assert!(d.contains(r#""B" -> "D" [dir=back];"#), "{d}");
        assert!(d.contains(r#""pcm:p":capture -> "H" ["#), "{d}");
        assert!(d.contains(r#""D" -> "be:L":capture ["#), "{d}");
        assert!(d.contains(r#"|<capture> capture""#), "{d}");
    }

    #[test]
    fn pcm_and_link_ids_do_not_clash_with_widget_names() {
        let d = dot_of(
            r#"
SectionWidget."be:L" { index "1" type "pga" }
SectionBE."L" { id "0" }
"#,
        );
        assert!(d.contains("\"be:L'\" [shape=record"), "{d}");
    }

    #[test]
    fn deterministic() {
        let t = r#"
SectionWidget."A" { index "1" type "aif_in" stream_name "P" }
SectionWidget."B" { index "1" type "buffer" }
SectionGraph."g" { index "1" lines [ "B, , A" ] }
SectionPCMCapabilities."P" { formats "S16_LE" }
SectionPCM."p" { id "0" pcm."playback" { capabilities "P" } }
"#;
        assert_eq!(dot_of(t), dot_of(t));
        assert!(dot_of(t).contains("\"pcm:p\":playback -> \"A\" [penwidth=2"));
    }
}
