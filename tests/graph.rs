//! `tplg graph` and `tplg build -D GRAPH`: the output is one whole, valid
//! `digraph`, read back here with a small DOT reader and checked for its
//! clusters, nodes, edges and labels; SVG and PNG come from Graphviz when it
//! is installed.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use support::*;

/// What a DOT file holds, as far as these tests look.
#[derive(Debug, Default)]
struct Dot {
    graphs: usize,
    /// The `graph [label=…]` of the last graph.
    title: String,
    /// Cluster subgraph IDs with their `label`, in the order written.
    clusters: Vec<(String, String)>,
    /// Declared nodes with their attributes.
    nodes: BTreeMap<String, BTreeMap<String, String>>,
    /// The innermost cluster each node is declared in.
    member_of: BTreeMap<String, String>,
    /// Edges in signal direction: an edge written `a -> b [dir=back]` is
    /// read as `b -> a`. Ports are the attributes `tailport` (the source's)
    /// and `headport` (the sink's).
    edges: Vec<(String, String, BTreeMap<String, String>)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Id(String),
    Punct(char),
    Arrow,
}

fn lex(text: &str) -> Vec<Tok> {
    let c: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line_start = true;
            i += 1;
            continue;
        }
        if ch.is_whitespace() {
            i += 1;
            continue;
        }
        if line_start && ch == '#' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
            continue;
        }
        line_start = false;
        if ch == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if ch == '/' && c.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < c.len() && !(c[i] == '*' && c[i + 1] == '/') {
                i += 1;
            }
            assert!(i + 1 < c.len(), "unclosed /* comment");
            i += 2;
            continue;
        }
        if ch == '-' && c.get(i + 1) == Some(&'>') {
            out.push(Tok::Arrow);
            i += 2;
            continue;
        }
        if ch == '"' {
            let mut s = String::new();
            i += 1;
            loop {
                assert!(i < c.len(), "unclosed string");
                match c[i] {
                    '"' => break,
                    '\\' if c.get(i + 1) == Some(&'"') => {
                        s.push('"');
                        i += 2;
                    }
                    '\\' if c.get(i + 1) == Some(&'\\') => {
                        s.push_str("\\\\");
                        i += 2;
                    }
                    x => {
                        s.push(x);
                        i += 1;
                    }
                }
            }
            i += 1;
            out.push(Tok::Id(s));
            continue;
        }
        if ch.is_alphanumeric() || ch == '_' || ch == '.' {
            let mut s = String::new();
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_' || c[i] == '.') {
                s.push(c[i]);
                i += 1;
            }
            out.push(Tok::Id(s));
            continue;
        }
        assert!("{}[];,=:".contains(ch), "unexpected `{ch}` in DOT");
        out.push(Tok::Punct(ch));
        i += 1;
    }
    out
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
    dot: Dot,
    /// The clusters the parser is in.
    within: Vec<String>,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }
    fn next(&mut self) -> Tok {
        let t = self
            .toks
            .get(self.at)
            .cloned()
            .expect("unexpected end of DOT");
        self.at += 1;
        t
    }
    fn id(&mut self) -> String {
        match self.next() {
            Tok::Id(s) => s,
            t => panic!("expected an ID, found {t:?}"),
        }
    }
    /// An edge end's `:port` (a compass point after it is dropped).
    fn port(&mut self) -> Option<String> {
        if self.peek() != Some(&Tok::Punct(':')) {
            return None;
        }
        self.next();
        let port = self.id();
        if self.peek() == Some(&Tok::Punct(':')) {
            self.next();
            self.id();
        }
        Some(port)
    }
    fn expect(&mut self, p: char) {
        assert_eq!(self.next(), Tok::Punct(p));
    }
    fn attrs(&mut self) -> BTreeMap<String, String> {
        let mut a = BTreeMap::new();
        while self.peek() == Some(&Tok::Punct('[')) {
            self.next();
            while self.peek() != Some(&Tok::Punct(']')) {
                let k = self.id();
                self.expect('=');
                let v = self.id();
                a.insert(k, v);
                if matches!(self.peek(), Some(Tok::Punct(',' | ';'))) {
                    self.next();
                }
            }
            self.next();
        }
        a
    }
    fn stmts(&mut self) {
        self.expect('{');
        loop {
            match self.peek() {
                Some(Tok::Punct('}')) => {
                    self.next();
                    return;
                }
                Some(Tok::Punct(';')) => {
                    self.next();
                }
                Some(Tok::Id(k)) if k == "subgraph" => {
                    self.next();
                    let name = self.id();
                    let start = self.dot.clusters.len();
                    let cluster = name.starts_with("cluster");
                    if cluster {
                        self.dot.clusters.push((name.clone(), String::new()));
                        self.within.push(name);
                    }
                    // the cluster's own `label=…` statement
                    let label_at = self.at;
                    self.stmts();
                    if cluster {
                        self.within.pop();
                    }
                    if self.dot.clusters.len() > start {
                        let label = self.toks[label_at..self.at]
                            .windows(3)
                            .find_map(|w| match w {
                                [Tok::Id(k), Tok::Punct('='), Tok::Id(v)] if k == "label" => {
                                    Some(v.clone())
                                }
                                _ => None,
                            })
                            .unwrap_or_default();
                        self.dot.clusters[start].1 = label;
                    }
                }
                Some(Tok::Id(k)) if ["graph", "node", "edge"].contains(&k.as_str()) => {
                    let graph = k == "graph";
                    self.next();
                    let attrs = self.attrs();
                    if graph && self.within.is_empty() {
                        if let Some(l) = attrs.get("label") {
                            self.dot.title = l.clone();
                        }
                    }
                }
                Some(Tok::Id(_)) => {
                    let first = self.id();
                    if self.peek() == Some(&Tok::Punct('=')) {
                        self.next();
                        self.id();
                        continue;
                    }
                    let mut chain = vec![(first, self.port())];
                    while self.peek() == Some(&Tok::Arrow) {
                        self.next();
                        let id = self.id();
                        chain.push((id, self.port()));
                    }
                    let attrs = self.attrs();
                    if chain.len() == 1 {
                        let (id, _) = chain.pop().unwrap();
                        if let Some(c) = self.within.last() {
                            self.dot.member_of.insert(id.clone(), c.clone());
                        }
                        self.dot.nodes.entry(id).or_default().extend(attrs);
                    } else {
                        for w in chain.windows(2) {
                            let (mut a, mut b) = (w[0].clone(), w[1].clone());
                            if attrs.get("dir").is_some_and(|d| d == "back") {
                                std::mem::swap(&mut a, &mut b);
                            }
                            let mut attrs = attrs.clone();
                            for (key, port) in [("tailport", a.1), ("headport", b.1)] {
                                if let Some(p) = port {
                                    attrs.insert(key.into(), p);
                                }
                            }
                            self.dot.edges.push((a.0, b.0, attrs));
                        }
                    }
                }
                t => panic!("unexpected {t:?} in a statement list"),
            }
        }
    }
}

/// Reads DOT text: every graph in it, which must all be digraphs.
fn read_dot(text: &str) -> Dot {
    let mut p = Parser {
        toks: lex(text),
        at: 0,
        dot: Dot::default(),
        within: Vec::new(),
    };
    while p.peek().is_some() {
        assert_eq!(p.next(), Tok::Id("digraph".into()), "not a digraph");
        if matches!(p.peek(), Some(Tok::Id(_))) {
            p.id();
        }
        p.stmts();
        p.dot.graphs += 1;
    }
    p.dot
}

impl Dot {
    /// Edges whose ends are declared nodes (an undeclared end would be a
    /// node drawn with no label).
    fn check_edges(&self) {
        for (a, b, _) in &self.edges {
            assert!(self.nodes.contains_key(a), "edge from undeclared `{a}`");
            assert!(self.nodes.contains_key(b), "edge to undeclared `{b}`");
        }
    }

    fn label(&self, node: &str) -> &str {
        self.nodes[node].get("label").map_or("", String::as_str)
    }

    /// A record node's fields: each field's port (`<port> text`) and its
    /// text, record escapes (`\{`, `\|`, …) undone.
    fn fields(&self, node: &str) -> Vec<(Option<String>, String)> {
        let mut out = Vec::new();
        let mut field = String::new();
        let mut chars = self.label(node).chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' if chars.peek().is_some_and(|n| "{}|<>".contains(*n)) => {
                    field.push(chars.next().unwrap());
                }
                '|' => out.push(std::mem::take(&mut field)),
                c => field.push(c),
            }
        }
        out.push(field);
        out.into_iter()
            .map(
                |f| match f.strip_prefix('<').and_then(|r| r.split_once('>')) {
                    Some((port, text)) => (Some(port.to_string()), text.trim().to_string()),
                    None => (None, f),
                },
            )
            .collect()
    }

    /// Each pipeline cluster's connected part of the graph, named by the
    /// lowest pipeline ID in it.
    fn parts(&self) -> BTreeMap<String, u64> {
        // union-find over node names
        let mut up: BTreeMap<String, String> = BTreeMap::new();
        fn find(up: &mut BTreeMap<String, String>, n: &str) -> String {
            let mut n = n.to_string();
            while let Some(p) = up.get(&n).filter(|p| **p != n).cloned() {
                n = p;
            }
            n
        }
        for (a, b, _) in self.flows() {
            let (ra, rb) = (find(&mut up, a), find(&mut up, b));
            if ra != rb {
                up.insert(ra, rb);
            }
        }
        let id = |c: &str| -> Option<u64> {
            c.strip_prefix("cluster_pipeline_")
                .and_then(|i| i.parse().ok())
        };
        let mut lowest: BTreeMap<String, u64> = BTreeMap::new();
        let mut root_of: BTreeMap<String, String> = BTreeMap::new();
        for (node, cluster) in &self.member_of {
            let Some(i) = id(cluster) else { continue };
            let r = find(&mut up, node);
            let low = lowest.entry(r.clone()).or_insert(i);
            *low = (*low).min(i);
            root_of.insert(cluster.clone(), r);
        }
        root_of.into_iter().map(|(c, r)| (c, lowest[&r])).collect()
    }

    /// Nodes outside the legend.
    fn drawn(&self) -> impl Iterator<Item = (&String, &BTreeMap<String, String>)> {
        self.nodes
            .iter()
            .filter(|(n, _)| self.member_of.get(*n).map(String::as_str) != Some("cluster_legend"))
    }

    /// Edges drawn outside the legend (not the invisible ones that lay
    /// nodes out in rows).
    fn flows(&self) -> impl Iterator<Item = &(String, String, BTreeMap<String, String>)> {
        self.edges.iter().filter(|(a, _, attrs)| {
            self.member_of.get(a).map(String::as_str) != Some("cluster_legend")
                && attrs.get("style").map(String::as_str) != Some("invis")
        })
    }
}

fn graph_of(args: &[&str]) -> (String, Dot) {
    let o = tplg()
        .current_dir(root())
        .arg("graph")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let text = text(&o.stdout);
    let dot = read_dot(&text);
    (text, dot)
}

#[test]
fn reader_reads_what_it_should() {
    let d = read_dot(
        "// c\n# x\ndigraph g { graph [label=\"t\"]; /* c */ node [a=b]; subgraph \"cluster_1\" { label=\"p\\\"1\"; \"a b\" [label=\"x\"]; } \"a b\" -> c -> d [label=\"ctl\"]; c; d [shape=record, label=\"T\\{1\\}|<p> one|<q> two\"]; d:q:w -> c [dir=back]; }",
    );
    assert_eq!(d.graphs, 1);
    assert_eq!(d.title, "t");
    assert_eq!(d.clusters, vec![("cluster_1".into(), "p\"1".into())]);
    assert_eq!(d.member_of["a b"], "cluster_1");
    assert!(!d.member_of.contains_key("c"));
    assert_eq!(d.edges.len(), 3);
    assert_eq!(d.nodes.len(), 3);
    // dir=back: read in signal direction, the port kept
    let (a, b, attrs) = &d.edges[2];
    assert_eq!((a.as_str(), b.as_str()), ("c", "d"));
    assert_eq!(attrs["headport"], "q");
    assert_eq!(
        d.fields("d"),
        vec![
            (None, "T{1}".to_string()),
            (Some("p".to_string()), "one".to_string()),
            (Some("q".to_string()), "two".to_string())
        ]
    );
    d.check_edges();
}

/// The `tplg info --format json` of a file.
fn info_json(file: &str) -> serde_json::Value {
    let o = tplg()
        .current_dir(root())
        .args(["info", "--format", "json", file])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn examples() -> Vec<String> {
    let mut examples: Vec<_> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "topo"))
        .map(|p| format!("examples/{}", p.file_name().unwrap().to_str().unwrap()))
        .collect();
    examples.sort();
    assert!(!examples.is_empty());
    examples
}

#[test]
fn every_example_draws_its_pipelines_pcms_and_links() {
    for ex in examples() {
        let ex = ex.as_str();
        let (text, d) = graph_of(&[ex]);
        assert_eq!(d.graphs, 1, "{ex}");
        d.check_edges();
        // titled with the file name, not its path
        assert_eq!(
            d.title,
            Path::new(ex).file_name().unwrap().to_str().unwrap()
        );
        let info = info_json(ex);
        let ids: Vec<u64> = info["pipelines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_u64().unwrap())
            .collect();
        // a cluster per pipeline, then the legend
        let mut clusters: Vec<&str> = d.clusters.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(clusters.pop(), Some("cluster_legend"), "{ex}");
        clusters.sort();
        let mut want: Vec<String> = ids
            .iter()
            .map(|i| format!("cluster_pipeline_{i}"))
            .collect();
        want.sort();
        assert_eq!(clusters, want, "{ex}");
        // drawn top down in ID order, but for pipelines connected to each
        // other (a duplex PCM, a mixer), which Graphviz orders to avoid
        // crossings
        if let Some(tops) = cluster_tops(&text) {
            let parts = d.parts();
            let part = |id: u64| parts[&format!("cluster_pipeline_{id}")];
            let top = |id: u64| tops[&format!("cluster_pipeline_{id}")];
            for &i in &ids {
                for &j in &ids {
                    if part(i) < part(j) {
                        assert!(top(i) > top(j), "{ex}: pipeline {i} is not above {j}");
                    }
                }
            }
        }
        for (c, label) in &d.clusters {
            if let Some(id) = c.strip_prefix("cluster_pipeline_") {
                assert!(
                    label.starts_with(&format!("pipeline {id}")),
                    "{ex}: {label}"
                );
            }
        }
        // one node per PCM, a port per stream, each bound to its hosts
        for pcm in info["pcms"].as_array().unwrap() {
            let name = pcm["name"].as_str().unwrap();
            let node = format!("pcm:{name}");
            let fields = d.fields(&node);
            assert_eq!(
                fields[0].1,
                format!("PCM {name} ({})", pcm["id"]),
                "{ex}: {fields:?}"
            );
            for st in pcm["streams"].as_array().unwrap() {
                let dir = st["direction"].as_str().unwrap();
                let (_, text) = fields
                    .iter()
                    .find(|(p, _)| p.as_deref() == Some(dir))
                    .unwrap_or_else(|| panic!("{ex}: {node} has no {dir} port"));
                // channels and rate of the stream's capabilities
                assert!(text.contains(" ch · "), "{ex}: {text}");
                assert!(text.contains("Hz"), "{ex}: {text}");
                for host in st["hosts"].as_array().unwrap() {
                    let host = host.as_str().unwrap();
                    let (from, to, port) = if dir == "playback" {
                        (node.as_str(), host, "tailport")
                    } else {
                        (host, node.as_str(), "headport")
                    };
                    assert!(
                        d.edges
                            .iter()
                            .any(|(a, b, at)| a == from && b == to && at[port] == dir),
                        "{ex}: no {dir} edge between {node} and {host}"
                    );
                }
            }
        }
        // one node per link, a port per direction its DAI widgets use
        for dai in info["dais"].as_array().unwrap() {
            let widget = dai["widget"].as_str().unwrap();
            let dir = dai["direction"].as_str().unwrap();
            for link in dai["links"].as_array().unwrap() {
                let node = format!("be:{}", link["name"].as_str().unwrap());
                assert!(
                    d.fields(&node)
                        .iter()
                        .any(|(p, t)| p.as_deref() == Some(dir) && t == dir),
                    "{ex}: {node} has no {dir} port"
                );
                let (from, to) = if dir == "playback" {
                    (widget, node.as_str())
                } else {
                    (node.as_str(), widget)
                };
                assert!(
                    d.edges.iter().any(|(a, b, _)| a == from && b == to),
                    "{ex}: no edge {from} -> {to}"
                );
            }
        }
        // every buffer says its size
        for (n, attrs) in d.drawn() {
            let l = &attrs["label"];
            if l.contains("\\nbuffer") {
                assert!(l.contains(" bytes"), "{ex}: {n}: {l}");
            }
        }
    }
}

#[test]
fn single_pipeline_example() {
    let (_, d) = graph_of(&["examples/single-volume-playback.topo"]);
    assert_eq!(d.graphs, 1);
    assert_eq!(d.clusters.len(), 2);
    let (id, label) = &d.clusters[0];
    assert_eq!(id, "cluster_pipeline_1");
    assert!(label.starts_with("pipeline 1 · PCM Port5 (0)"), "{label}");
    assert!(
        label.contains("1000 µs · priority 0 · core 0 · timer"),
        "{label}"
    );
    assert!(label.contains("scheduled by SSP5.OUT"), "{label}");
    // 5 widgets (the scheduler is the cluster), the PCM, the link
    assert_eq!(d.drawn().count(), 7, "{:?}", d.nodes.keys());
    for w in ["PCM0P", "BUF1.0", "PGA1.0", "BUF1.1", "SSP5.OUT"] {
        assert_eq!(d.member_of[w], "cluster_pipeline_1");
    }
    // 4 routes, the PCM and the link bindings
    assert_eq!(d.flows().count(), 6);
    d.check_edges();
    // in signal direction, from the PCM to the link
    let edges: BTreeSet<(&str, &str)> = d
        .flows()
        .map(|(a, b, _)| (a.as_str(), b.as_str()))
        .collect();
    for e in [
        ("pcm:Port5", "PCM0P"),
        ("PCM0P", "BUF1.0"),
        ("BUF1.0", "PGA1.0"),
        ("PGA1.0", "BUF1.1"),
        ("BUF1.1", "SSP5.OUT"),
        ("SSP5.OUT", "be:SSP5-Codec"),
    ] {
        assert!(edges.contains(&e), "no edge {e:?} in {edges:?}");
    }
    // stream facts: the PCM's capabilities, the link's hardware config
    assert_eq!(
        d.fields("pcm:Port5"),
        vec![
            (None, "PCM Port5 (0)".to_string()),
            (
                Some("playback".to_string()),
                "playback · Passthrough Playback 0\\n2 ch · S16_LE/S24_LE/S32_LE · 48 kHz"
                    .to_string()
            )
        ]
    );
    assert_eq!(
        d.fields("be:SSP5-Codec"),
        vec![
            (
                None,
                "BE SSP5-Codec (id 0)\\nSSP5 · I2S · 2 slots × 32 bit\\nfsync 48 kHz · bclk 3.072 MHz · mclk 24.576 MHz"
                    .to_string()
            ),
            (Some("playback".to_string()), "playback".to_string())
        ]
    );
    // widget facts: DAI format, buffer size, control names
    assert_eq!(d.label("SSP5.OUT"), "SSP5.OUT\\ndai_in · SSP5 · s24le");
    assert_eq!(d.label("BUF1.0"), "BUF1.0\\nbuffer · 768 bytes");
    assert_eq!(
        d.label("PGA1.0"),
        "PGA1.0\\npga\\nmixer \"1 Master Playback Volume\""
    );
}

/// The top edge of each cluster as Graphviz lays the graph out (`dot
/// -Tjson`), in points from the bottom; `None` without Graphviz.
fn cluster_tops(dot_text: &str) -> Option<BTreeMap<String, f64>> {
    if !have("dot", "laying out the graph") {
        eprintln!("skipped: dot not installed, layout order not checked");
        return None;
    }
    use std::io::Write as _;
    let mut child = std::process::Command::new("dot")
        .arg("-Tjson")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot_text.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut tops = BTreeMap::new();
    for obj in json["objects"].as_array().unwrap() {
        let (Some(name), Some(bb)) = (obj["name"].as_str(), obj["bb"].as_str()) else {
            continue;
        };
        let y: Vec<f64> = bb.split(',').map(|v| v.parse().unwrap()).collect();
        tops.insert(name.to_string(), y[3]);
    }
    Some(tops)
}

#[test]
fn apl_example_has_a_cluster_per_pipeline_drawn_in_id_order() {
    let (text, d) = graph_of(&["examples/sof-apl-da7219.topo"]);
    assert_eq!(d.graphs, 1);
    let ids: Vec<&str> = d
        .clusters
        .iter()
        .map(|(i, _)| i.as_str())
        .filter(|i| i.starts_with("cluster_pipeline_"))
        .collect();
    assert_eq!(
        ids,
        (1..=7)
            .rev()
            .map(|i| format!("cluster_pipeline_{i}"))
            .collect::<Vec<_>>()
    );
    for (c, label) in &d.clusters {
        if let Some(id) = c.strip_prefix("cluster_pipeline_") {
            assert!(
                label.starts_with(&format!("pipeline {id} · PCM ")),
                "{label}"
            );
        }
    }
    assert!(d.clusters[3].1.contains("PCM DMIC (99)"));
    // drawn top down from pipeline 1, the legend above them all
    if let Some(tops) = cluster_tops(&text) {
        let y = |i: u32| tops[&format!("cluster_pipeline_{i}")];
        for i in 1..7 {
            assert!(y(i) > y(i + 1), "pipeline {i} is not above {}", i + 1);
        }
        assert!(tops["cluster_legend"] > y(1));
    }
    // 33 firmware widgets, 6 PCMs (Headset's two streams one node), 6 links
    // (SSP1's two directions one node); the 18 virtual widgets no route
    // touches are not drawn
    assert_eq!(d.drawn().count(), 33 + 6 + 6);
    let virtuals = d
        .drawn()
        .filter(|(_, a)| a.get("style").is_some_and(|s| s == "dashed"))
        .count();
    assert_eq!(virtuals, 0);
    d.check_edges();
    // the duplex PCM: one node, two ports, playback out of one and capture
    // into the other
    let ports: Vec<Option<String>> = d.fields("pcm:Headset").into_iter().map(|f| f.0).collect();
    assert_eq!(
        ports,
        vec![None, Some("playback".into()), Some("capture".into())]
    );
    assert!(!d.nodes.keys().any(|n| n.starts_with("pcm:Headset:")));
    let edge = |a: &str, b: &str| {
        d.edges
            .iter()
            .find(|(x, y, _)| x == a && y == b)
            .unwrap_or_else(|| panic!("no edge {a} -> {b}"))
            .2
            .clone()
    };
    assert_eq!(edge("pcm:Headset", "PCM1P")["tailport"], "playback");
    assert_eq!(edge("PCM1C", "pcm:Headset")["headport"], "capture");
    // written PCM first (dir=back) so that the PCM is drawn on the left
    assert!(text.contains("\"pcm:Headset\":capture -> \"PCM1C\" ["));
    // the duplex link likewise
    assert_eq!(edge("SSP1.OUT", "be:SSP1-Codec")["headport"], "playback");
    assert_eq!(edge("be:SSP1-Codec", "SSP1.IN")["tailport"], "capture");
    assert!(d.fields("be:SSP1-Codec")[0]
        .1
        .contains("2 slots × 20 bit\\nfsync 48 kHz · bclk 1.92 MHz · mclk 19.2 MHz"));
    // capture paths are written sink first, so they are drawn right to left
    assert_eq!(edge("BUF3.0", "PCM1C")["dir"], "back");
    assert!(!edge("PCM1P", "BUF2.0").contains_key("dir"));
    // deterministic
    let (again, _) = graph_of(&["examples/sof-apl-da7219.topo"]);
    assert_eq!(text, again);
}

#[test]
fn legend_shows_what_is_drawn() {
    let (_, d) = graph_of(&["examples/sof-apl-da7219.topo"]);
    assert_eq!(d.clusters.last().unwrap().0, "cluster_legend");
    let legend: Vec<(&String, &BTreeMap<String, String>)> = d
        .nodes
        .iter()
        .filter(|(n, _)| d.member_of.get(*n).map(String::as_str) == Some("cluster_legend"))
        .collect();
    // a sample of each widget type drawn, shaped and filled as the widgets
    let mut types = BTreeSet::new();
    for (_, attrs) in d.drawn() {
        let label = &attrs["label"];
        if let Some(second) = label.split("\\n").nth(1) {
            if attrs
                .get("shape")
                .is_some_and(|s| s != "record" && s != "Mrecord")
            {
                let ty = second.split(" · ").next().unwrap();
                types.insert((
                    ty.to_string(),
                    attrs["shape"].clone(),
                    attrs["fillcolor"].clone(),
                ));
            }
        }
    }
    assert_eq!(types.len(), 6, "{types:?}");
    for (ty, shape, fill) in &types {
        assert!(
            legend.iter().any(|(_, a)| a.get("label") == Some(ty)
                && a.get("shape") == Some(shape)
                && a.get("fillcolor") == Some(fill)),
            "no legend entry for {ty}"
        );
    }
    for sample in ["legend:pcm", "legend:link", "legend:note"] {
        assert!(legend.iter().any(|(n, _)| *n == sample), "no {sample}");
    }
    // nothing virtual is drawn, so no sample of it; the note counts them
    assert!(!legend.iter().any(|(n, _)| *n == "legend:virtual"));
    assert!(d
        .label("legend:note")
        .contains("18 virtual widgets no route touches not drawn (--unconnected draws them)"));
    // a dangling route end gets its sample
    let (_, d) = graph_of(&["tests/graph/dangling.conf"]);
    assert!(d.nodes.contains_key("legend:missing"));
    assert!(d.nodes.contains_key("legend:virtual"));
}

#[test]
fn unconnected_virtual_widgets_are_grouped_when_asked() {
    let (_, d) = graph_of(&["examples/sof-apl-da7219.topo", "--unconnected"]);
    let grouped: Vec<&String> = d
        .nodes
        .keys()
        .filter(|n| d.member_of.get(*n).map(String::as_str) == Some("cluster_unconnected"))
        .collect();
    assert_eq!(grouped.len(), 18, "{grouped:?}");
    for n in grouped {
        assert!(d.label(n).contains(" · virtual"), "{n}");
        assert!(!d.flows().any(|(a, b, _)| a == n || b == n), "{n}");
    }
    assert!(d
        .label("legend:note")
        .contains("18 virtual widgets drawn apart"));
    // virtual widgets on a route stay beside the pipelines
    let (_, d) = graph_of(&["tests/graph/dangling.conf"]);
    assert!(d.nodes.contains_key("codec out"));
    assert!(!d.member_of.contains_key("codec out"));
}

#[test]
fn conf_draws_like_its_topo() {
    let (_, from_topo) = graph_of(&["examples/sof-apl-da7219.topo"]);
    let (_, from_conf) = graph_of(&["tests/examples/sof-apl-da7219.conf"]);
    assert_eq!(from_topo.clusters, from_conf.clusters);
    assert_eq!(from_topo.nodes, from_conf.nodes);
    assert_eq!(from_topo.edges, from_conf.edges);
    assert_eq!(from_conf.title, "sof-apl-da7219.conf");
}

#[test]
fn svg_and_png_through_graphviz() {
    if !have("dot", "rendering SVG and PNG") {
        eprintln!("skipped: dot not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("g.svg");
    let o = tplg()
        .current_dir(root())
        .args(["graph", "examples/sof-apl-da7219.topo", "-o"])
        .arg(&svg)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let s = std::fs::read_to_string(&svg).unwrap();
    assert!(s.contains("<svg"), "{}", &s[..s.len().min(200)]);
    assert!(s.contains("pipeline 7"));

    let png = dir.path().join("g.out");
    let o = tplg()
        .current_dir(root())
        .args([
            "graph",
            "examples/single-volume-playback.topo",
            "--format=png",
            "-o",
        ])
        .arg(&png)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG\r\n"));
}

#[test]
fn without_graphviz_svg_is_refused_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.svg");
    let o = tplg()
        .current_dir(root())
        .env("PATH", dir.path())
        .args(["graph", "examples/single-volume-playback.topo", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    let err = text(&o.stderr);
    assert!(err.contains("Graphviz `dot` is not installed"), "{err}");
    assert!(err.contains("apt install graphviz"), "{err}");
    assert!(!out.exists());
}

#[test]
fn unknown_extension_needs_a_format() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.pdf");
    let o = tplg()
        .current_dir(root())
        .args(["graph", "examples/single-volume-playback.topo", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(text(&o.stderr).contains("give --format dot, svg or png"));
    assert!(!out.exists());
    // written atomically when the format is known
    let out = dir.path().join("g.gv");
    let o = tplg()
        .current_dir(root())
        .args(["graph", "examples/single-volume-playback.topo", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert_eq!(read_dot(&std::fs::read_to_string(&out).unwrap()).graphs, 1);
}

fn build(args: &[&str], dir: &Path) -> std::process::Output {
    tplg()
        .current_dir(root())
        .arg("build")
        .args(args)
        .arg("-o")
        .arg(dir.join("out.conf"))
        .output()
        .unwrap()
}

#[test]
fn build_with_graph_and_info_writes_one_dot_file_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let example = "examples/sof-apl-da7219.topo";
    let o = build(&[example, "-D", "GRAPH", "--define=INFO"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    // the build output is what it is without GRAPH and INFO
    let built = std::fs::read_to_string(dir.path().join("out.conf")).unwrap();
    let want = std::fs::read_to_string(root().join("tests/examples/sof-apl-da7219.conf")).unwrap();
    assert!(built == want, "-D GRAPH/INFO changed the build output");
    let err = text(&o.stderr);
    assert!(err.starts_with("digraph topology {"), "{err}");
    let d = read_dot(&err);
    assert_eq!(d.graphs, 1);
    assert_eq!(d.clusters.len(), 7 + 1, "the pipelines and the legend");
    // the info tables follow as comments
    let after = &err[err.find("\n}\n").unwrap() + 3..];
    assert!(after.lines().all(|l| l.starts_with("//")), "{after}");
    assert!(after.contains("// Pipelines"), "{after}");
    assert!(after.contains("//   Speakers  0   playback"), "{after}");
}

#[test]
fn build_with_graph_puts_diagnostics_after_the_graph_as_comments() {
    let dir = tempfile::tempdir().unwrap();
    let topo = dir.path().join("t.topo");
    std::fs::write(
        &topo,
        std::fs::read_to_string(root().join("examples/single-volume-playback.topo")).unwrap()
            + "\nSectionGraph.\"extra\" {\n\tindex \"1\"\n\tlines [\n\t\t\"nowhere, , BUF1.0\"\n\t]\n}\n",
    )
    .unwrap();
    let o = build(&[topo.to_str().unwrap(), "-DGRAPH"], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(!dir.path().join("out.conf").exists());
    let err = text(&o.stderr);
    let d = read_dot(&err);
    assert_eq!(d.graphs, 1);
    d.check_edges();
    // the dangling route is drawn
    assert!(d.nodes.contains_key("missing:nowhere"));
    let after = &err[err.find("\n}\n").unwrap() + 3..];
    assert!(after.contains("tplg::route::dangling"), "{after}");
    assert!(after.contains("// error: 1 problem found; nothing written"));
    assert!(after.lines().all(|l| l.starts_with("//")), "{after}");

    // an error before there is anything to draw: comments only
    std::fs::write(&topo, "include \"platform/intel/bxt\"\nPIPELINE_PCM_ADD(\n").unwrap();
    let o = build(&[topo.to_str().unwrap(), "-D", "GRAPH"], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = text(&o.stderr);
    assert!(err.lines().all(|l| l.starts_with("//")), "{err}");
    assert_eq!(read_dot(&err).graphs, 0);
}

#[test]
fn build_without_graph_prints_no_graph() {
    let dir = tempfile::tempdir().unwrap();
    let o = build(
        &["examples/single-volume-playback.topo", "-D", "GRAPHS"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    // no graph: only the warning that nothing reads GRAPHS
    let err = text(&o.stderr);
    assert!(!err.contains("digraph"), "{err}");
    assert!(
        err.contains("nothing in this build reads `GRAPHS`"),
        "{err}"
    );
    assert!(err.contains("did you mean `GRAPH`?"), "{err}");
}
