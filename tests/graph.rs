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
    /// Cluster subgraph IDs with their `label`.
    clusters: Vec<(String, String)>,
    /// Declared nodes with their attributes.
    nodes: BTreeMap<String, BTreeMap<String, String>>,
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
                    if name.starts_with("cluster") {
                        self.dot.clusters.push((name, String::new()));
                    }
                    // the cluster's own `label=…` statement
                    let label_at = self.at;
                    self.stmts();
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
                    self.next();
                    self.attrs();
                }
                Some(Tok::Id(_)) => {
                    let first = self.id();
                    if self.peek() == Some(&Tok::Punct('=')) {
                        self.next();
                        self.id();
                        continue;
                    }
                    let mut chain = vec![first];
                    while self.peek() == Some(&Tok::Arrow) {
                        self.next();
                        chain.push(self.id());
                    }
                    let attrs = self.attrs();
                    if chain.len() == 1 {
                        self.dot
                            .nodes
                            .entry(chain.pop().unwrap())
                            .or_default()
                            .extend(attrs);
                    } else {
                        for w in chain.windows(2) {
                            self.dot
                                .edges
                                .push((w[0].clone(), w[1].clone(), attrs.clone()));
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
        "// c\n# x\ndigraph g { /* c */ node [a=b]; subgraph \"cluster_1\" { label=\"p\\\"1\"; \"a b\" [label=\"x\"]; } \"a b\" -> c -> d [label=\"ctl\"]; c; d; }",
    );
    assert_eq!(d.graphs, 1);
    assert_eq!(d.clusters, vec![("cluster_1".into(), "p\"1".into())]);
    assert_eq!(d.edges.len(), 2);
    assert_eq!(d.nodes.len(), 3);
    d.check_edges();
}

#[test]
fn every_example_draws_its_pipelines_and_pcms() {
    let mut examples: Vec<_> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "topo"))
        .collect();
    examples.sort();
    assert!(!examples.is_empty());
    for ex in examples {
        let ex = ex.to_str().unwrap();
        let (_, d) = graph_of(&[ex]);
        assert_eq!(d.graphs, 1, "{ex}");
        d.check_edges();
        // `tplg info` says how many pipelines there are, and their IDs
        let o = tplg().args(["info", ex]).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
        let info = text(&o.stdout);
        let count: usize = info.split_whitespace().next().unwrap().parse().unwrap();
        assert_eq!(d.clusters.len(), count, "{ex}");
        let section = |title: &str| -> Vec<Vec<String>> {
            info.split(&format!("\n{title}\n"))
                .nth(1)
                .unwrap()
                .lines()
                .skip(1)
                .take_while(|l| l.starts_with("  "))
                .map(|l| l.split_whitespace().map(str::to_string).collect())
                .collect()
        };
        for row in section("Pipelines") {
            let id = &row[0];
            assert!(
                d.clusters
                    .iter()
                    .any(|(c, label)| c == &format!("cluster_pipeline_{id}")
                        && label.starts_with(&format!("pipeline {id}"))),
                "{ex}: no cluster for pipeline {id}"
            );
        }
        for row in section("PCMs") {
            let (name, id) = (&row[0], &row[1]);
            let want = format!("PCM {name} ({id})");
            assert!(
                d.nodes
                    .values()
                    .any(|a| a.get("label").is_some_and(|l| l.starts_with(&want))),
                "{ex}: no node for {want}"
            );
        }
    }
}

#[test]
fn single_pipeline_example() {
    let (_, d) = graph_of(&["examples/single-volume-playback.topo"]);
    assert_eq!(d.graphs, 1);
    assert_eq!(d.clusters.len(), 1);
    let (id, label) = &d.clusters[0];
    assert_eq!(id, "cluster_pipeline_1");
    assert!(label.starts_with("pipeline 1 · PCM Port5 (0)"), "{label}");
    assert!(
        label.contains("1000 µs · priority 0 · core 0 · timer"),
        "{label}"
    );
    assert!(label.contains("scheduled by SSP5.OUT"), "{label}");
    // 5 widgets (the scheduler is the cluster), the PCM stream, the link
    assert_eq!(d.nodes.len(), 7, "{:?}", d.nodes.keys());
    // 4 routes, the PCM and the link bindings
    assert_eq!(d.edges.len(), 6);
    d.check_edges();
    // in signal direction, from the PCM to the link
    let edges: BTreeSet<(&str, &str)> = d
        .edges
        .iter()
        .map(|(a, b, _)| (a.as_str(), b.as_str()))
        .collect();
    for e in [
        ("pcm:Port5:playback", "PCM0P"),
        ("PCM0P", "BUF1.0"),
        ("BUF1.0", "PGA1.0"),
        ("PGA1.0", "BUF1.1"),
        ("BUF1.1", "SSP5.OUT"),
        ("SSP5.OUT", "be:SSP5-Codec"),
    ] {
        assert!(edges.contains(&e), "no edge {e:?} in {edges:?}");
    }
    assert_eq!(
        d.label("be:SSP5-Codec"),
        "BE SSP5-Codec (id 0)\\nSSP5 · I2S"
    );
    assert_eq!(
        d.label("pcm:Port5:playback"),
        "PCM Port5 (0)\\nplayback · Passthrough Playback 0"
    );
    assert_eq!(d.label("SSP5.OUT"), "SSP5.OUT\\ndai_in · SSP5");
}

#[test]
fn apl_example_has_a_cluster_per_pipeline() {
    let (text, d) = graph_of(&["examples/sof-apl-da7219.topo"]);
    assert_eq!(d.graphs, 1);
    let ids: Vec<&str> = d.clusters.iter().map(|(i, _)| i.as_str()).collect();
    assert_eq!(
        ids,
        (1..=7)
            .map(|i| format!("cluster_pipeline_{i}"))
            .collect::<Vec<_>>()
    );
    for (i, (_, label)) in d.clusters.iter().enumerate() {
        assert!(
            label.starts_with(&format!("pipeline {} · PCM ", i + 1)),
            "{label}"
        );
    }
    assert!(d.clusters[3].1.contains("PCM DMIC (99)"));
    // 33 firmware widgets, 18 virtual ones, 7 PCM streams, 6 links with the
    // duplex SSP1 drawn once per direction
    assert_eq!(d.nodes.len(), 33 + 18 + 7 + 7);
    let virtuals = d
        .nodes
        .values()
        .filter(|a| a.get("style").is_some_and(|s| s == "dashed"))
        .count();
    assert_eq!(virtuals, 18);
    assert!(d.nodes.contains_key("be:SSP1-Codec:playback"));
    assert!(d.nodes.contains_key("be:SSP1-Codec:capture"));
    d.check_edges();
    let capture = d
        .edges
        .iter()
        .any(|(a, b, _)| a == "be:SSP1-Codec:capture" && b == "SSP1.IN");
    assert!(capture, "capture flows from the link into the DAI widget");
    // deterministic
    let (again, _) = graph_of(&["examples/sof-apl-da7219.topo"]);
    assert_eq!(text, again);
}

#[test]
fn conf_draws_like_its_topo() {
    let (_, from_topo) = graph_of(&["examples/sof-apl-da7219.topo"]);
    let (_, from_conf) = graph_of(&["tests/examples/sof-apl-da7219.conf"]);
    assert_eq!(from_topo.clusters, from_conf.clusters);
    assert_eq!(from_topo.nodes, from_conf.nodes);
    assert_eq!(from_topo.edges, from_conf.edges);
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
    assert_eq!(d.clusters.len(), 7);
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
