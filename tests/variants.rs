//! `tplg build --variants` (many variants in one call) and `--depfile`
//! (the files a build read, for make, ninja and CMake), on small trees made
//! here.

mod support;

use std::path::Path;
use std::time::{Duration, SystemTime};
use support::*;

const COMMON: &str = "include \"platform/intel/bxt\"\ndefault FSYNC = 48000\n";

/// A topology of one volume pipeline; its PCM is named by `PCM_NAME`,
/// which the board file it includes defines.
fn board_topo(board: &str) -> String {
    format!(
        "include \"common\"\ninclude \"{board}\"\n\
        PIPELINE_PCM_ADD(sof/pipe-volume-playback,\n\
        \x20   id = 1, pcm = 0, channels = 2, format = s32le,\n\
        \x20   period = 1000, priority = 0, core = 0,\n\
        \x20   pcm_min_rate = 48000, pcm_max_rate = 48000, rate = 48000)\n\
        DAI_ADD(sof/pipe-dai-playback, 1, SSP, 5, SSP5-Codec,\n\
        \x20   PIPELINE_SOURCE_1, 2, s24le, 1000, 0, 0, SCHEDULE_TIME_DOMAIN_TIMER)\n\
        PCM_PLAYBACK_ADD(PCM_NAME, 0, PIPELINE_PCM_1)\n\
        DAI_CONFIG(SSP, 5, 0, SSP5-Codec,\n\
        \x20   SSP_CONFIG(I2S, SSP_CLOCK(mclk, 24576000, codec_mclk_in),\n\
        \x20       SSP_CLOCK(bclk, FSYNC * 2 * 32, codec_consumer),\n\
        \x20       SSP_CLOCK(fsync, FSYNC, codec_consumer),\n\
        \x20       SSP_TDM(2, 32, 3, 3), SSP_CONFIG_DATA(SSP, 5, 24)))\n"
    )
}

/// A tree: `a.topo` and `b.topo` share `common.topo` and each include a
/// board file of their own; `lib/` (for `-I lib`) has its own copy of the
/// library's `widget/pga.j2`, which both use.
fn tree(dir: &Path) {
    std::fs::write(dir.join("common.topo"), COMMON).unwrap();
    for (topo, board, pcm) in [("a", "board-a", "PortA"), ("b", "board-b", "PortB")] {
        std::fs::write(dir.join(format!("{topo}.topo")), board_topo(board)).unwrap();
        std::fs::write(
            dir.join(format!("{board}.topo")),
            format!("define PCM_NAME = {pcm}\n"),
        )
        .unwrap();
    }
    let pga = std::fs::read_to_string(root().join("macros/widget/pga.j2")).unwrap();
    std::fs::create_dir_all(dir.join("lib/widget")).unwrap();
    std::fs::write(dir.join("lib/widget/pga.j2"), pga).unwrap();
}

fn build(dir: &Path, args: &[&str]) -> std::process::Output {
    tplg()
        .current_dir(dir)
        .arg("build")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn variants_build_in_one_call_as_one_build_each() {
    let t = tempfile::tempdir().unwrap();
    tree(t.path());
    std::fs::write(
        t.path().join("variants.txt"),
        "# the tree's variants, as SOF's CMake lists them\n\
         a;board-a\n\
         \"b\\;board-b-44k\\;-DFSYNC=44100\"\n\
         a;broken;-DFSYNC=fast\n\
         a;dev/board-a\n",
    )
    .unwrap();
    let o = build(
        t.path(),
        &["--variants", "variants.txt", "-I", "lib", "-o", "out"],
    );
    // the worst variant decides: one failed
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = text(&o.stderr);
    assert!(
        err.contains("variant `broken` (variants.txt:4):"),
        "{}",
        describe(&o)
    );
    assert!(err.contains("fast"), "{}", describe(&o));
    assert!(
        err.ends_with("4 variants: 3 written to out, 1 failed: broken\n"),
        "{}",
        describe(&o)
    );
    assert!(!t.path().join("out/broken.conf").exists());
    // an output in a directory of its own under -o: the directory is made
    assert_eq!(
        std::fs::read_to_string(t.path().join("out/dev/board-a.conf")).unwrap(),
        std::fs::read_to_string(t.path().join("out/board-a.conf")).unwrap()
    );
    // each output is what one build with the variant's flags writes
    for (name, src, flags) in [
        ("board-a", "a.topo", vec![]),
        ("board-b-44k", "b.topo", vec!["-DFSYNC=44100"]),
    ] {
        let one = t.path().join(format!("{name}.single.conf"));
        let mut args = vec![src, "-I", "lib", "-o", one.to_str().unwrap()];
        args.extend(flags);
        let s = build(t.path(), &args);
        assert!(s.status.success(), "{}", describe(&s));
        let single = std::fs::read_to_string(&one).unwrap();
        let batch = std::fs::read_to_string(t.path().join(format!("out/{name}.conf"))).unwrap();
        assert_eq!(single, batch, "{name}");
    }
    let b = std::fs::read_to_string(t.path().join("out/board-b-44k.conf")).unwrap();
    assert!(b.contains("\"PortB\"") && b.contains("44100"), "{b}");
}

/// The outputs are written by a thread of their own: an output that cannot
/// be written is still reported under its variant, in the file's order,
/// with the exit code of an I/O failure, and the others are written; a
/// depfile lists only what was written.
#[test]
fn an_output_that_cannot_be_written_fails_its_variant_alone() {
    let t = tempfile::tempdir().unwrap();
    tree(t.path());
    std::fs::write(t.path().join("v.txt"), "a;board-a\nb;blocked\na;last\n").unwrap();
    // a directory where the output would go
    std::fs::create_dir_all(t.path().join("out/blocked.conf/inside")).unwrap();
    let o = build(
        t.path(),
        &[
            "--variants",
            "v.txt",
            "-I",
            "lib",
            "-o",
            "out",
            "--depfile",
            "deps.d",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    let err = text(&o.stderr);
    let at = err
        .find("variant `blocked` (v.txt:2):\nerror: cannot write `out/blocked.conf`")
        .unwrap_or_else(|| panic!("{}", describe(&o)));
    assert!(!err[..at].contains("error"), "{}", describe(&o));
    assert!(
        err.ends_with("3 variants: 2 written to out, 1 failed: blocked\n"),
        "{}",
        describe(&o)
    );
    for name in ["board-a", "last"] {
        let conf = std::fs::read_to_string(t.path().join(format!("out/{name}.conf"))).unwrap();
        assert!(conf.contains("\"PortA\""), "{name}");
    }
    assert!(t.path().join("out/blocked.conf/inside").is_dir());
    let deps = std::fs::read_to_string(t.path().join("deps.d")).unwrap();
    assert!(
        deps.contains("out/board-a.conf:") && deps.contains("out/last.conf:"),
        "{deps}"
    );
    assert!(!deps.contains("blocked"), "{deps}");
}

#[test]
fn a_bad_variants_file_builds_nothing_and_says_where() {
    let t = tempfile::tempdir().unwrap();
    tree(t.path());
    std::fs::write(t.path().join("v.txt"), "a;x\nb\nb;x;-DY\n").unwrap();
    let o = build(t.path(), &["--variants", "v.txt", "-o", "out"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    let err = text(&o.stderr);
    assert!(
        err.contains("error: v.txt:2: expected `input;output"),
        "{err}"
    );
    assert!(
        err.contains("error: v.txt:3: the output `x` is listed already at v.txt:1"),
        "{err}"
    );
    assert!(!t.path().join("out").exists());
    // a FILE and --variants are one or the other; --variants needs -o
    let both = build(t.path(), &["a.topo", "--variants", "v.txt", "-o", "out"]);
    assert_eq!(both.status.code(), Some(2), "{}", describe(&both));
    let no_dir = build(t.path(), &["--variants", "v.txt"]);
    assert_eq!(no_dir.status.code(), Some(2), "{}", describe(&no_dir));
    assert!(text(&no_dir.stderr).contains("--variants needs -o DIR"));
}

#[test]
fn a_depfile_names_the_source_its_includes_and_the_library_files_of_i() {
    let t = tempfile::tempdir().unwrap();
    tree(t.path());
    let o = build(
        t.path(),
        &["a.topo", "-I", "lib", "-o", "a.conf", "--depfile", "a.d"],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let dep = std::fs::read_to_string(t.path().join("a.d")).unwrap();
    assert_eq!(
        dep,
        "a.conf: \\\n  a.topo \\\n  common.topo \\\n  board-a.topo \\\n  lib/widget/pga.j2\n"
    );
    // spaces and `$` are escaped as make and ninja read them
    let odd = t.path().join("my $board");
    std::fs::create_dir_all(&odd).unwrap();
    tree(&odd);
    let o = build(
        t.path(),
        &["my $board/b.topo", "-o", "b.conf", "--depfile", "b.d"],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let dep = std::fs::read_to_string(t.path().join("b.d")).unwrap();
    assert_eq!(
        dep,
        "b.conf: \\\n  my\\ $$board/b.topo \\\n  my\\ $$board/common.topo \\\n  my\\ $$board/board-b.topo\n"
    );
    // no output, no rule: --depfile needs -o
    let o = build(t.path(), &["a.topo", "--depfile", "c.d"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
}

#[test]
fn variants_write_one_depfile_with_a_rule_per_output() {
    let t = tempfile::tempdir().unwrap();
    tree(t.path());
    std::fs::write(t.path().join("v.txt"), "a;a\nb;b\n").unwrap();
    let o = build(
        t.path(),
        &["--variants", "v.txt", "-o", "out", "--depfile", "out/all.d"],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let dep = std::fs::read_to_string(t.path().join("out/all.d")).unwrap();
    assert_eq!(
        dep,
        "out/a.conf: \\\n  a.topo \\\n  common.topo \\\n  board-a.topo\n\
         out/b.conf: \\\n  b.topo \\\n  common.topo \\\n  board-b.topo\n"
    );
}

/// Sets a file's modification time to `secs` seconds after an hour ago.
fn set_mtime(path: &Path, secs: u64) {
    let f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    let base = SystemTime::now() - Duration::from_secs(3600);
    f.set_modified(base + Duration::from_secs(secs)).unwrap();
}

/// Every file under `dir`.
fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Makes the tree up to date (every input older than every output), then
/// `changed` newer than the outputs, as an edit would.
fn edit(dir: &Path, changed: &str) {
    for f in files(dir) {
        let output = f.starts_with(dir.join("out"));
        set_mtime(&f, if output { 10 } else { 0 });
    }
    set_mtime(&dir.join(changed), 20);
}

#[test]
fn make_driven_by_the_depfiles_rebuilds_exactly_the_variants_whose_inputs_changed() {
    if which("make").is_none() {
        eprintln!("make not installed: depfile rebuild test skipped");
        return;
    }
    let t = tempfile::tempdir().unwrap();
    tree(t.path());
    std::fs::create_dir_all(t.path().join("out")).unwrap();
    std::fs::write(
        t.path().join("Makefile"),
        "all: out/a.conf out/b.conf\n\
         out/%.conf: %.topo\n\
         \t$(TPLG) build $< -I lib -o $@ --depfile out/$*.d\n\
         -include out/a.d out/b.d\n",
    )
    .unwrap();
    let make = |t: &Path| {
        let o = std::process::Command::new("make")
            .current_dir(t)
            .arg(format!("TPLG={}", env!("CARGO_BIN_EXE_tplg")))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", describe(&o));
        let out = text(&o.stdout);
        let mut built: Vec<&str> = ["a", "b"]
            .into_iter()
            .filter(|v| out.contains(&format!("build {v}.topo")))
            .collect();
        built.sort();
        built.join(" ")
    };
    assert_eq!(make(t.path()), "a b");
    assert_eq!(make(t.path()), "", "nothing changed");
    edit(t.path(), "board-a.topo");
    assert_eq!(make(t.path()), "a", "an include of a only");
    edit(t.path(), "b.topo");
    assert_eq!(make(t.path()), "b", "the source of b");
    edit(t.path(), "common.topo");
    assert_eq!(make(t.path()), "a b", "an include of both");
    edit(t.path(), "lib/widget/pga.j2");
    assert_eq!(make(t.path()), "a b", "a template of -I both use");
    edit(t.path(), "Makefile");
    assert_eq!(make(t.path()), "", "nothing the builds read");
}

fn which(tool: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(tool))
            .find(|p| p.is_file())
    })
}

/// `bench/run` (docs/performance.md) runs, and without SOF's tree prints
/// tplg's figures for every example. (Figures are not checked: no timed test.)
#[test]
fn the_benchmark_prints_a_row_for_every_example() {
    if which("python3").is_none() {
        eprintln!("python3 not installed: benchmark test skipped");
        return;
    }
    let o = std::process::Command::new("python3")
        .arg(root().join("bench/run"))
        .args([
            "--bin",
            env!("CARGO_BIN_EXE_tplg"),
            "--runs",
            "1",
            "--no-callgrind",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", describe(&o));
    let out = text(&o.stdout);
    assert!(out.contains("no SOF topology1 tree given"), "{out}");
    for e in std::fs::read_dir(root().join("examples")).unwrap() {
        let name = e.unwrap().path();
        let stem = name.file_stem().unwrap().to_string_lossy().into_owned();
        let row = out
            .lines()
            .find(|l| l.starts_with(&format!("{stem} ")))
            .unwrap_or_else(|| panic!("no row for {stem}:\n{out}"));
        assert!(row.contains(" ms") && row.contains(" MB"), "{row}");
    }
}

/// Runs ninja in `dir` and names the outputs it rebuilt.
fn ninja(dir: &Path) -> String {
    let o = std::process::Command::new("ninja")
        .current_dir(dir)
        .arg("-v")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", describe(&o));
    let out = text(&o.stdout);
    let mut built: Vec<&str> = ["a", "b", "all"]
        .into_iter()
        .filter(|v| {
            out.contains(&format!("-o out/{v}.conf"))
                || out.contains(&format!("--depfile out/{v}.d"))
        })
        .collect();
    built.sort();
    built.join(" ")
}

#[test]
fn ninja_driven_by_the_depfiles_rebuilds_exactly_the_variants_whose_inputs_changed() {
    if which("ninja").is_none() {
        eprintln!("ninja not installed: depfile rebuild test with ninja skipped");
        return;
    }
    let t = tempfile::tempdir().unwrap();
    tree(t.path());
    std::fs::write(t.path().join("v.txt"), "a;all-a\nb;all-b\n").unwrap();
    // one edge a variant (deps = gcc), and one edge for every variant in
    // one call, its depfile a rule per output
    std::fs::write(
        t.path().join("build.ninja"),
        format!(
            "tplg = {}\n\
             rule one\n  command = $tplg build $in -I lib -o $out --depfile $out.d\n  depfile = $out.d\n  deps = gcc\n\
             rule all\n  command = $tplg build --variants $in -I lib -o out --depfile out/all.d\n  depfile = out/all.d\n  deps = gcc\n\
             build out/a.conf: one a.topo\n\
             build out/b.conf: one b.topo\n\
             build out/all-a.conf out/all-b.conf: all v.txt\n",
            env!("CARGO_BIN_EXE_tplg")
        ),
    )
    .unwrap();
    assert_eq!(ninja(t.path()), "a all b");
    assert_eq!(ninja(t.path()), "", "nothing changed");
    // ninja keeps the deps in .ninja_log and .ninja_deps: age them with the outputs
    let edit = |changed: &str| {
        for f in files(t.path()) {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            let output = f.starts_with(t.path().join("out")) || name.starts_with(".ninja");
            set_mtime(&f, if output { 10 } else { 0 });
        }
        set_mtime(&t.path().join(changed), 20);
    };
    edit("board-a.topo");
    assert_eq!(ninja(t.path()), "a all", "an include of a only");
    edit("common.topo");
    assert_eq!(ninja(t.path()), "a all b", "an include of both");
    edit("lib/widget/pga.j2");
    assert_eq!(ninja(t.path()), "a all b", "a template of -I");
    edit("v.txt");
    assert_eq!(ninja(t.path()), "all", "the variants file");
}
