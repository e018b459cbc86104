//! The hand-written reader ([`super::fast`]) against pest: on every `.topo`
//! of the repository (and, with `TPLG_TOPO_CORPUS=DIR`, every `.topo` under
//! DIR, e.g. SOF's tree migrated), whole, cut and altered, whatever the
//! reader builds is exactly what pest's pairs build, and it reads every
//! file of the repository that parses.

use super::*;
use crate::source::Origin;
use std::path::{Path, PathBuf};

fn topo_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            topo_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "topo") {
            out.push(p);
        }
    }
}

/// Whether the reader agrees with pest on `text`: it builds what pest
/// builds, or leaves the file to pest. `Err` says how it disagrees.
fn agree(text: &str) -> Result<bool, String> {
    let mut s = Sources::new();
    let id = s.add("t.topo", Origin::Synthetic, text.to_string());
    let fast = fast::parse(text, id);
    let pest = parse_with_pest(&s, id);
    match (fast, pest) {
        (None, _) => Ok(false),
        (Some(f), Ok(p)) => {
            let (f, p) = (format!("{f:#?}"), format!("{p:#?}"));
            if f == p {
                Ok(true)
            } else {
                let line = f
                    .lines()
                    .zip(p.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(0);
                let show = |t: &str| {
                    t.lines()
                        .skip(line.saturating_sub(8))
                        .take(12)
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                Err(format!(
                    "trees differ:\n--- fast\n{}\n--- pest\n{}",
                    show(&f),
                    show(&p)
                ))
            }
        }
        (Some(_), Err(e)) => Err(format!("the reader read what pest refuses: {e}")),
    }
}

#[test]
fn the_reader_builds_what_pest_builds_on_every_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for d in ["tests", "examples", "macros", "platforms"] {
        topo_files(&root.join(d), &mut files);
    }
    let repo = files.len();
    if let Some(dir) = std::env::var_os("TPLG_TOPO_CORPUS") {
        topo_files(Path::new(&dir), &mut files);
    }
    assert!(repo > 100, "only {repo} .topo files found");
    let mut left_to_pest = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let text = std::fs::read_to_string(f).unwrap();
        let mut s = Sources::new();
        let id = s.add("t.topo", Origin::Synthetic, text.clone());
        let parses = parse_with_pest(&s, id).is_ok();
        match agree(&text) {
            Ok(read) => {
                if parses && !read && i < repo {
                    left_to_pest.push(f.display().to_string());
                }
            }
            Err(e) => panic!("{}: {e}", f.display()),
        }
    }
    assert!(
        left_to_pest.is_empty(),
        "files that parse but the reader leaves to pest: {left_to_pest:#?}"
    );
}

#[test]
fn the_reader_agrees_with_pest_on_cut_and_altered_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for d in ["examples", "tests/cases", "platforms"] {
        topo_files(&root.join(d), &mut files);
    }
    files.sort();
    // every third file, a dozen places in each: pest is slow in a debug build
    let files: Vec<PathBuf> = files.into_iter().step_by(3).collect();
    let edits: [&str; 14] = [
        "(", ")", "\"", "#", "\n", " ", ",", "=", "-", "{", "}", "\\", "${", "0x",
    ];
    let mut checked = 0;
    for (n, f) in files.iter().enumerate() {
        let text = std::fs::read_to_string(f).unwrap();
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let step = (bounds.len() / 12).max(1);
        for (k, &at) in bounds.iter().enumerate().skip(n % step).step_by(step) {
            let mut variants = vec![text[..at].to_string()];
            let edit = edits[(k + n) % edits.len()];
            variants.push(format!("{}{edit}{}", &text[..at], &text[at..]));
            if let Some(&next) = bounds.get(k + 1) {
                variants.push(format!("{}{}", &text[..at], &text[next..]));
            }
            for v in variants {
                if let Err(e) = agree(&v) {
                    panic!("{} edited at byte {at}: {e}\n--- text\n{v}", f.display());
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "{checked}");
}

#[test]
fn the_reader_leaves_what_the_tree_refuses_to_pest() {
    for text in [
        "FOO(0x1G)\n",
        "FOO(48k)\n",
        "define X = \"a\\q\"\n",
        "FOO(99999999999999999999)\n",
        "FOO(1) BAR(2)\n",
        "FOO(1, 2\n",
    ] {
        assert_eq!(agree(text), Ok(false), "{text:?}");
    }
    let many = format!("define X = {}1\n", "1 + ".repeat(MAX_OPERATORS + 1));
    assert_eq!(agree(&many), Ok(false));
}
