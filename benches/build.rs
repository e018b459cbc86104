//! Build speed: how long `tplg` takes to expand each bundled example, in
//! process (`cargo bench`). For whole-process figures beside `m4`, time
//! `tplg build` and SOF's `m4` command line with a process timer.

use std::time::{Duration, Instant};
use tplg::eval::{self, Options};
use tplg::source::{Origin, Sources};

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut examples: Vec<_> = std::fs::read_dir(root.join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "topo"))
        .collect();
    examples.sort();
    println!(
        "{:<32} {:>10} {:>10} {:>10}",
        "example", "min", "median", "max"
    );
    for path in examples {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut times: Vec<Duration> = (0..200)
            .map(|_| {
                let start = Instant::now();
                let mut sources = Sources::new();
                let id = sources.add(
                    path.display().to_string(),
                    Origin::Disk(path.clone()),
                    text.clone(),
                );
                let out =
                    eval::compile(&mut sources, id, &Options::default()).expect("examples build");
                std::hint::black_box(out.text.len());
                start.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "{:<32} {:>10.3?} {:>10.3?} {:>10.3?}",
            path.file_stem().unwrap().to_string_lossy(),
            times[0],
            times[times.len() / 2],
            times[times.len() - 1]
        );
    }
}
