//! Lint speed: `tplg lint` over a tree of 300 topology files (DESIGN target:
//! under a second on a 2-core machine). The tree is made of the bundled
//! examples, as `.topo` sources (built, then checked) and as expanded
//! `.conf` (checked only): 100 of each example source and 50 of each
//! expanded file. Run with `cargo bench --bench lint`.

use std::path::Path;
use std::time::{Duration, Instant};
use tplg::lint;

const RUNS: usize = 10;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tree = tempfile::tempdir().unwrap();
    let mut n = 0;
    let mut copy = |from: &Path, copies: usize| {
        let text = std::fs::read_to_string(from).unwrap();
        let ext = from.extension().unwrap().to_str().unwrap();
        let stem = from.file_stem().unwrap().to_str().unwrap();
        for i in 0..copies {
            // spread over directories as a board tree would be
            let dir = tree.path().join(format!("board{}", n % 30));
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(format!("{stem}-{i}.{ext}")), &text).unwrap();
            n += 1;
        }
    };
    for example in ["sof-apl-da7219", "single-volume-playback"] {
        copy(&root.join(format!("examples/{example}.topo")), 100);
        copy(&root.join(format!("tests/examples/{example}.conf")), 50);
    }

    let opts = tplg::eval::Options::default();
    let mut times: Vec<Duration> = Vec::new();
    let mut files = 0;
    let mut findings = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let (paths, problems) = lint::collect(&[tree.path().to_path_buf()], &[]).unwrap();
        assert!(problems.is_empty());
        let report = lint::lint(&paths, &opts);
        times.push(start.elapsed());
        files = report.files.len();
        findings = report.files.iter().map(|f| f.findings.len()).sum();
    }
    assert_eq!(files, 300);
    times.sort();
    println!(
        "lint {files} files ({findings} findings), {} threads: min {:.1?}  median {:.1?}  max {:.1?}  (target < 1 s)",
        rayon::current_num_threads(),
        times[0],
        times[RUNS / 2],
        times[RUNS - 1]
    );
}
