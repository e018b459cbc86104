//! Runs the commands a Markdown doc shows, in a scratch directory, and
//! checks the output it shows.
//!
//! What runs, in document order:
//! - every line of a ```` ```sh ```` block, which must exit 0;
//! - every `$ COMMAND` of a ```` ```console ```` block, whose output
//!   (standard output, then standard error) must be the lines shown under it;
//! - directives in HTML comments, which a reader does not see:
//!   - `<!-- doctest: file NAME -->` writes the next code block to NAME;
//!     `<!-- doctest: file NAME` + lines + `-->` writes those lines;
//!   - `<!-- doctest: run COMMAND -->` runs a setup command (must exit 0);
//!   - `<!-- doctest: output [exit N] [contains] COMMAND -->`: the next code
//!     block is what COMMAND prints (standard output, then standard error)
//!     and it exits N (default 0); with `contains`, the block's pieces
//!     (split at lines that are `…`) each appear in the output, in order;
//!   - `<!-- doctest: exit N -->`: the commands of the next `sh`/`console`
//!     block exit N;
//!   - `<!-- doctest: skip REASON -->`: the next `sh` block is not run (the
//!     reason is printed, and must be given).
//!
//! `tplg` is the binary under test (its directory is first on `PATH`), and
//! `examples/` is the repository's. A line that uses a tool that is not
//! installed (`alsatplg`, `dot`) is reported as skipped, with the rest of
//! its block.

use super::*;
use std::process::Command;

/// Tools a doc command may need that the machine may lack.
const OPTIONAL_TOOLS: &[(&str, &str)] = &[
    ("alsatplg", "compiling alsaconf to .tplg"),
    ("dot", "drawing the graph with Graphviz"),
];

enum Event {
    Directive {
        line: usize,
        text: String,
        body: Option<String>,
    },
    Block {
        line: usize,
        lang: String,
        text: String,
    },
}

fn events(doc: &str) -> Vec<Event> {
    let lines: Vec<&str> = doc.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if let Some(rest) = l.trim_start().strip_prefix("<!-- doctest:") {
            let start = i + 1;
            if let Some(d) = rest.strip_suffix("-->") {
                out.push(Event::Directive {
                    line: start,
                    text: d.trim().to_string(),
                    body: None,
                });
                i += 1;
                continue;
            }
            let mut body = Vec::new();
            i += 1;
            while i < lines.len() && lines[i].trim() != "-->" {
                body.push(lines[i]);
                i += 1;
            }
            let mut b = body.join("\n");
            b.push('\n');
            out.push(Event::Directive {
                line: start,
                text: rest.trim().to_string(),
                body: Some(b),
            });
            i += 1;
            continue;
        }
        if let Some(lang) = l.strip_prefix("```") {
            let start = i + 1;
            let mut body = Vec::new();
            i += 1;
            while i < lines.len() && !lines[i].starts_with("```") {
                body.push(lines[i]);
                i += 1;
            }
            let mut text = body.join("\n");
            if !body.is_empty() {
                text.push('\n');
            }
            out.push(Event::Block {
                line: start,
                lang: lang.trim().to_string(),
                text,
            });
        }
        i += 1;
    }
    out
}

/// One doc's run: where it runs, what failed, what was skipped.
pub struct DocRun {
    pub name: String,
    pub dir: tempfile::TempDir,
    pub failures: Vec<String>,
    pub skipped: Vec<String>,
    /// Commands run (shown and hidden).
    pub ran: usize,
}

struct Ran {
    code: Option<i32>,
    output: String,
}

impl DocRun {
    fn new(name: &str) -> DocRun {
        let dir = tempfile::tempdir().unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root().join("examples"), dir.path().join("examples")).unwrap();
        DocRun {
            name: name.to_string(),
            dir,
            failures: Vec::new(),
            skipped: Vec::new(),
            ran: 0,
        }
    }

    fn missing_tool(&self, command: &str) -> Option<&'static str> {
        OPTIONAL_TOOLS.iter().find_map(|(tool, why)| {
            let used = command
                .split(|c: char| c.is_whitespace() || c == '|' || c == ';' || c == '&')
                .any(|w| w == *tool);
            (used && !have(tool, why)).then_some(*tool)
        })
    }

    fn sh(&mut self, command: &str) -> Ran {
        self.ran += 1;
        let bin = std::path::Path::new(env!("CARGO_BIN_EXE_tplg"))
            .parent()
            .unwrap()
            .to_path_buf();
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut paths = vec![bin];
        paths.extend(std::env::split_paths(&path));
        let o = Command::new("sh")
            .arg("-c")
            .arg(command)
            .current_dir(self.dir.path())
            .env("PATH", std::env::join_paths(paths).unwrap())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let mut output = text(&o.stdout);
        output.push_str(&text(&o.stderr));
        Ran {
            code: o.status.code(),
            output,
        }
    }

    fn fail(&mut self, line: usize, what: String) {
        self.failures.push(format!("{}:{line}: {what}", self.name));
    }

    /// Runs `command`; false when it was skipped for a missing tool.
    fn check(&mut self, line: usize, command: &str, exit: i32, want: Option<(&str, bool)>) -> bool {
        if let Some(tool) = self.missing_tool(command) {
            self.skipped
                .push(format!("{}:{line}: `{command}` (needs {tool})", self.name));
            return false;
        }
        let r = self.sh(command);
        if r.code != Some(exit) {
            self.fail(
                line,
                format!("`{command}` exited {:?}, not {exit}:\n{}", r.code, r.output),
            );
            return true;
        }
        if let Some((want, contains)) = want {
            let problem = if contains {
                missing_piece(&r.output, want)
            } else {
                differs(&r.output, want)
            };
            if let Some(p) = problem {
                self.fail(
                    line,
                    format!(
                        "`{command}` printed other output: {p}\n--- printed:\n{}",
                        r.output
                    ),
                );
            }
        }
        true
    }
}

/// The first line where `got` and `want` differ.
fn differs(got: &str, want: &str) -> Option<String> {
    if got.trim_end() == want.trim_end() {
        return None;
    }
    let (g, w): (Vec<&str>, Vec<&str>) = (
        got.trim_end().lines().collect(),
        want.trim_end().lines().collect(),
    );
    let at = g
        .iter()
        .zip(&w)
        .position(|(a, b)| a != b)
        .unwrap_or(g.len().min(w.len()));
    Some(format!(
        "from shown line {}: shown `{}`, printed `{}`",
        at + 1,
        w.get(at).unwrap_or(&"<end>"),
        g.get(at).unwrap_or(&"<end>")
    ))
}

/// The first piece of `want` (pieces split at `…` lines) not in `got`
/// after the pieces before it.
fn missing_piece(got: &str, want: &str) -> Option<String> {
    let mut from = 0;
    for piece in want.split("\n…\n").flat_map(|p| p.split("…\n")) {
        let piece = piece.trim_end_matches('\n');
        if piece.trim().is_empty() {
            continue;
        }
        match got[from..].find(piece) {
            Some(at) => from += at + piece.len(),
            None => {
                return Some(format!(
                    "this is not printed (after what came before):\n{piece}"
                ))
            }
        }
    }
    None
}

/// Writes a file of the doc's scratch directory, and its directories.
fn write(run: &DocRun, name: &str, text: &str) {
    let path = run.dir.path().join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Runs every command of the doc at `path` (relative to the repository).
pub fn run_doc(path: &str) -> DocRun {
    let doc = std::fs::read_to_string(root().join(path)).unwrap();
    let mut run = DocRun::new(path);
    let mut next_file: Option<String> = None;
    let mut next_output: Option<(String, i32, bool)> = None;
    let mut next_exit: Option<i32> = None;
    let mut next_skip: Option<String> = None;
    for e in events(&doc) {
        match e {
            Event::Directive { line, text, body } => {
                let (verb, rest) = text.split_once(' ').unwrap_or((&text, ""));
                let rest = rest.trim();
                match (verb, body) {
                    ("file", Some(body)) => write(&run, rest, &body),
                    ("file", None) => next_file = Some(rest.to_string()),
                    ("run", None) => {
                        run.check(line, rest, 0, None);
                    }
                    ("output", None) => {
                        let mut words = rest;
                        let mut exit = 0;
                        let mut contains = false;
                        loop {
                            if let Some(r) = words.strip_prefix("exit ") {
                                let (n, r) = r.split_once(' ').unwrap_or((r, ""));
                                exit = n.parse().expect("exit N");
                                words = r.trim_start();
                            } else if let Some(r) = words.strip_prefix("contains ") {
                                contains = true;
                                words = r.trim_start();
                            } else {
                                break;
                            }
                        }
                        next_output = Some((words.to_string(), exit, contains));
                    }
                    ("exit", None) => next_exit = Some(rest.parse().expect("exit N")),
                    ("skip", None) => {
                        assert!(!rest.is_empty(), "{path}:{line}: a skip needs its reason");
                        next_skip = Some(rest.to_string());
                    }
                    _ => run.fail(line, format!("unknown doctest directive `{text}`")),
                }
            }
            Event::Block { line, lang, text } => {
                if let Some(name) = next_file.take() {
                    write(&run, &name, &text);
                    continue;
                }
                if let Some((command, exit, contains)) = next_output.take() {
                    run.check(line, &command, exit, Some((&text, contains)));
                    continue;
                }
                let exit = next_exit.take().unwrap_or(0);
                match lang.as_str() {
                    "sh" => {
                        if let Some(reason) = next_skip.take() {
                            run.skipped
                                .push(format!("{path}:{line}: not run: {reason}"));
                            continue;
                        }
                        for (k, l) in text.lines().enumerate() {
                            if l.trim().is_empty() || l.trim_start().starts_with('#') {
                                continue;
                            }
                            if !run.check(line + 1 + k, l, exit, None) {
                                break;
                            }
                        }
                    }
                    "console" => {
                        let mut commands: Vec<(usize, String, String)> = Vec::new();
                        for (k, l) in text.lines().enumerate() {
                            if let Some(c) = l.strip_prefix("$ ") {
                                commands.push((line + 1 + k, c.to_string(), String::new()));
                            } else if let Some(last) = commands.last_mut() {
                                last.2.push_str(l);
                                last.2.push('\n');
                            }
                        }
                        for (at, c, want) in commands {
                            if !run.check(at, &c, exit, Some((&want, false))) {
                                break;
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    for s in &run.skipped {
        eprintln!("SKIPPED: {s}");
    }
    run
}
