//! `tplg migrate`, run as a program over the cases in `tests/migrate/`.
//!
//! Each case is a folder with `input.m4` (M4 written for these tests) and
//! either `expected.topo` (the conversion) or, for `err_*` cases,
//! `expected.stderr` (the refusal, with its line:col). A `build` file lists
//! `tplg build` flag sets, one per line (an empty line: no flags); the
//! converted file must build with each. `TPLG_BLESS=1` rewrites the
//! expected files from what the program does now.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tplg() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tplg"));
    // plain, stable diagnostics
    c.env("NO_COLOR", "1");
    c
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/migrate")
}

fn cases() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/migrate exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.join("input.m4").is_file())
        .collect();
    v.sort();
    v
}

fn bless() -> bool {
    std::env::var_os("TPLG_BLESS").is_some()
}

/// Runs `tplg migrate input.m4` inside the case folder, so diagnostics name
/// `input.m4` and includes resolve beside it.
fn migrate(case: &Path) -> Output {
    tplg()
        .current_dir(case)
        .args(["migrate", "input.m4"])
        .output()
        .expect("tplg runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Compares with an expected file, or writes it when blessing.
fn check(case: &Path, file: &str, actual: &str, failures: &mut Vec<String>) {
    let path = case.join(file);
    if bless() {
        std::fs::write(&path, actual).expect("expected file is writable");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        failures.push(format!(
            "{}: {file} differs\n--- expected\n{expected}\n--- actual\n{actual}",
            case.display()
        ));
    }
}

#[test]
fn cases_convert_or_refuse_as_expected() {
    let mut failures = Vec::new();
    let all = cases();
    assert!(all.len() >= 20, "the cases are missing");
    for case in &all {
        let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let out = migrate(case);
        if name.starts_with("err_") {
            if out.status.code() != Some(1) {
                failures.push(format!(
                    "{name}: expected exit 1, got {:?}",
                    out.status.code()
                ));
            }
            if !out.stdout.is_empty() {
                failures.push(format!("{name}: a refused file must write nothing"));
            }
            check(case, "expected.stderr", &text(&out.stderr), &mut failures);
            continue;
        }
        if out.status.code() != Some(0) {
            failures.push(format!(
                "{name}: expected exit 0, got {:?}\n{}",
                out.status.code(),
                text(&out.stderr)
            ));
            continue;
        }
        check(case, "expected.topo", &text(&out.stdout), &mut failures);
        if !out.stderr.is_empty() {
            check(case, "expected.stderr", &text(&out.stderr), &mut failures);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn converted_topologies_build() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut built = 0;
    for case in cases() {
        let Ok(flag_sets) = std::fs::read_to_string(case.join("build")) else {
            continue;
        };
        let topo = dir.path().join("converted.topo");
        let out = tplg()
            .current_dir(&case)
            .args(["migrate", "input.m4", "-o"])
            .arg(&topo)
            .output()
            .expect("tplg runs");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        for flags in flag_sets.lines() {
            let out = tplg()
                .arg("build")
                .arg(&topo)
                .args(flags.split_whitespace())
                .output()
                .expect("tplg runs");
            assert_eq!(
                out.status.code(),
                Some(0),
                "{} with `{flags}`:\n{}",
                case.display(),
                text(&out.stderr)
            );
            assert!(text(&out.stdout).contains("SectionPCM"), "no PCM built");
            built += 1;
        }
    }
    assert!(built >= 3, "no case builds");
}

/// `tplg migrate` of a case's `input.m4` into a temporary `board.topo`.
fn migrate_case(case: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let topo = dir.path().join("board.topo");
    let out = tplg()
        .current_dir(cases_dir().join(case))
        .args(["migrate", "input.m4", "-o"])
        .arg(&topo)
        .output()
        .expect("tplg runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    (dir, topo)
}

/// `tplg build topo flags…`, which must succeed; the conf it writes.
fn build_ok(topo: &Path, flags: &[&str]) -> String {
    let out = tplg()
        .arg("build")
        .arg(topo)
        .args(flags)
        .output()
        .expect("tplg runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn flag_defined_again_defines_the_empty_name() {
    // M4: with -DNO_HS, `define(NO_HS)` defines the empty name and
    // `ifdef(NO_HS, …)` finds it; without, NO_HS is empty and the test fails
    let (_dir, topo) = migrate_case("empty_name_define");
    assert!(build_ok(&topo, &[]).contains("\"Headset\""));
    assert!(!build_ok(&topo, &["-D", "NO_HS"]).contains("\"Headset\""));
}

#[test]
fn variants_follow_the_d_flags() {
    let (_dir, topo) = migrate_case("topology_builds");
    let build = |flags: &[&str]| build_ok(&topo, flags);
    let plain = build(&[]);
    let headset = build(&["-D", "HEADSET"]);
    assert!(!plain.contains("\"Headset\""));
    assert!(headset.contains("\"Headset\""));
    assert!(plain.contains("S16_LE"));
    assert!(build(&["-D", "SPK_FORMAT=s32le"]).contains("\"SSP5-Codec\""));
}

#[test]
fn fatal_error_stops_the_build() {
    let dir = tempfile::tempdir().expect("temp dir");
    let topo = dir.path().join("f.topo");
    let out = tplg()
        .current_dir(cases_dir().join("fatal_error"))
        .args(["migrate", "input.m4", "-o"])
        .arg(&topo)
        .output()
        .expect("tplg runs");
    assert_eq!(out.status.code(), Some(0));
    let out = tplg().arg("build").arg(&topo).output().expect("tplg runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("note: Define AMP_SSP for the speaker SSP"));
    let out = tplg()
        .arg("build")
        .arg(&topo)
        .args(["-D", "AMP_SSP=1", "-D", "CODEC=x"])
        .output()
        .expect("tplg runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_tree_converts_to_the_same_layout() {
    let src = tempfile::tempdir().expect("temp dir");
    let out_dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(src.path().join("platform/acme")).expect("mkdir");
    std::fs::write(
        src.path().join("board.m4"),
        "include(`platform/acme/chip.m4')\ninclude(`local.m4')\ndefine(`N', 2)\n",
    )
    .expect("write");
    std::fs::write(src.path().join("local.m4"), "define(`L', 1)\n").expect("write");
    std::fs::write(
        src.path().join("platform/acme/chip.m4"),
        "define(`CHIP_CORES', 4)\n",
    )
    .expect("write");
    std::fs::write(src.path().join("bad.m4"), "define(`B, 1)\n").expect("write");
    // SOF's macro library: skipped, by where it is and by what it holds
    std::fs::create_dir_all(src.path().join("m4")).expect("mkdir");
    std::fs::write(src.path().join("m4/util.m4"), "define(`U', 1)\n").expect("write");
    std::fs::write(
        src.path().join("platform/acme/tdm.m4"),
        "define(`TDM', `\ttdm_slots \"'$1`\"')\n",
    )
    .expect("write");
    let out = tplg()
        .arg("migrate")
        .arg(src.path())
        .arg("-o")
        .arg(out_dir.path())
        .output()
        .expect("tplg runs");
    // one file is refused: exit 1, the others are written
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("migrated 3 of 4 files; 1 refused"));
    assert!(text(&out.stderr)
        .contains("note: 2 files are SOF's macro library; tplg has its own: skipped"));
    assert!(!out_dir.path().join("m4/util.topo").exists());
    assert!(!out_dir.path().join("platform/acme/tdm.topo").exists());
    let board = std::fs::read_to_string(out_dir.path().join("board.topo")).expect("board.topo");
    assert_eq!(
        board,
        "include \"platform/acme/chip\"\ninclude \"local\"\ndefine N = 2\n"
    );
    assert!(out_dir.path().join("local.topo").is_file());
    assert!(out_dir.path().join("platform/acme/chip.topo").is_file());
    assert!(!out_dir.path().join("bad.topo").exists());
}

#[test]
fn usage_and_io_errors_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = tplg()
        .arg("migrate")
        .arg(dir.path())
        .output()
        .expect("tplg runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("needs -o OUTDIR"));
    let out = tplg()
        .args(["migrate", "/nonexistent/x.m4"])
        .output()
        .expect("tplg runs");
    assert_eq!(out.status.code(), Some(2));
    let out = tplg().args(["migrate"]).output().expect("tplg runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn output_is_written_whole_or_not_at_all() {
    let dir = tempfile::tempdir().expect("temp dir");
    let m4 = dir.path().join("bad.m4");
    std::fs::write(&m4, "define(`A', 1)\nthis is stray text\n").expect("write");
    let out_file = dir.path().join("out.topo");
    std::fs::write(&out_file, "previous\n").expect("write");
    let out = tplg()
        .arg("migrate")
        .arg(&m4)
        .arg("-o")
        .arg(&out_file)
        .output()
        .expect("tplg runs");
    assert_eq!(out.status.code(), Some(1));
    // a refused file leaves the old output alone
    assert_eq!(
        std::fs::read_to_string(&out_file).expect("read"),
        "previous\n"
    );
}

#[test]
fn declared_inputs_become_references() {
    let dir = tempfile::tempdir().expect("temp dir");
    let m4 = dir.path().join("b.m4");
    std::fs::write(&m4, "define(`LINK', SSP-BOARD_PORT-Codec)\n").expect("write");
    let plain = tplg().arg("migrate").arg(&m4).output().expect("tplg runs");
    assert_eq!(text(&plain.stdout), "define LINK = SSP-BOARD_PORT-Codec\n");
    // told that the build defines BOARD_PORT, the name is a reference
    let with = tplg()
        .arg("migrate")
        .arg(&m4)
        .args(["-D", "BOARD_PORT"])
        .output()
        .expect("tplg runs");
    assert_eq!(
        text(&with.stdout),
        "define LINK = \"SSP-${BOARD_PORT}-Codec\"\n"
    );
}

/// SOF's nocodec topologies `define(SSP0_CORE_ID, `0')` unquoted and CMake
/// passes `-DSSP0_CORE_ID=2`: M4 defines a macro `2` and the core stays 2.
#[test]
fn an_unquoted_define_keeps_the_value_given_with_d() {
    let (_dir, topo) = migrate_case("unquoted_define_of_d_name");
    let sched_core = |flags: &[&str]| {
        build_ok(&topo, flags)
            .lines()
            .filter(|l| l.trim_start().starts_with("SOF_TKN_SCHED_CORE\t"))
            .map(|l| l.trim().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(sched_core(&[]), ["SOF_TKN_SCHED_CORE\t\"0\""]);
    assert_eq!(
        sched_core(&["-DSPK_CORE_ID=1"]),
        ["SOF_TKN_SCHED_CORE\t\"1\""]
    );
}

/// When the build passes a name (`-DSIDE=Left`), M4's unquoted
/// `define(SIDE, …)` defines `Left`: refused at the M4 line, not guessed.
#[test]
fn an_unquoted_define_of_a_name_the_build_passes_a_name_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("board.m4"),
        "define(SIDE, `Right')\nPCM_PLAYBACK_ADD(SIDE, 0, PIPELINE_PCM_1)\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("CMakeLists.txt"),
        "set(TPLGS\n\t\"board\\;board-left\\;-DSIDE=Left\"\n)\n",
    )
    .expect("write");
    let out = tplg()
        .current_dir(dir.path())
        .args(["migrate", "board.m4", "-o", "board.topo"])
        .output()
        .expect("tplg runs");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("tplg::migrate::unquoted_name"), "{err}");
    assert!(err.contains("board.m4:1:8"), "{err}");
    assert!(err.contains("-DSIDE=Left"), "{err}");
    assert!(!dir.path().join("board.topo").exists());
}

/// A tree's own platform file (here a board's copy of `platform/intel/bxt`
/// with other scheduling MIPS and memory capabilities) is converted and
/// used by the topologies that include it, not replaced by tplg's built-in
/// platform of the same name.
#[test]
fn a_trees_own_platform_file_is_honoured() {
    let src = tempfile::tempdir().expect("temp dir");
    let out_dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(src.path().join("platform/intel")).expect("mkdir");
    let mut platform = String::from(
        "include(`memory.m4')\n\
         define(`PLATFORM_DAI_MEM_CAP', MEMCAPS(MEM_CAP_RAM, MEM_CAP_DMA))\n\
         define(`PLATFORM_HOST_MEM_CAP', MEMCAPS(MEM_CAP_RAM, MEM_CAP_DMA))\n\
         define(`PLATFORM_PASS_MEM_CAP', MEMCAPS(MEM_CAP_RAM))\n\
         define(`PLATFORM_COMP_MEM_CAP', MEMCAPS(MEM_CAP_RAM, MEM_CAP_CACHE))\n",
    );
    for (class, mips) in [
        ("ll", 60000),
        ("media", 110000),
        ("tone", 210000),
        ("dai", 6000),
    ] {
        platform.push_str(&format!(
            "W_VENDORTUPLES(pipe_{class}_schedule_plat_tokens, sof_sched_tokens, LIST(`\t\t', `SOF_TKN_SCHED_MIPS\t\"{mips}\"'))\n\
             W_DATA(pipe_{class}_schedule_plat, pipe_{class}_schedule_plat_tokens)\n"
        ));
    }
    std::fs::write(src.path().join("platform/intel/bxt.m4"), platform).expect("write");
    std::fs::write(
        src.path().join("board.m4"),
        std::fs::read_to_string(cases_dir().join("unquoted_define_of_d_name/input.m4"))
            .expect("case input"),
    )
    .expect("write");
    let out = tplg()
        .arg("migrate")
        .arg(src.path())
        .arg("-o")
        .arg(out_dir.path())
        .output()
        .expect("tplg runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = tplg()
        .arg("build")
        .arg(out_dir.path().join("board.topo"))
        .output()
        .expect("tplg runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let conf = text(&out.stdout);
    let values = |token: &str| {
        let mut v: Vec<String> = conf
            .lines()
            // tuples, not the token's declaration in SectionVendorTokens
            .filter_map(|l| l.trim().strip_prefix(token)?.strip_prefix('\t'))
            .map(|v| v.trim().trim_matches('"').to_string())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    // the board's MIPS, not the built-in platform's 50000/100000/200000/5000
    assert_eq!(
        values("SOF_TKN_SCHED_MIPS"),
        ["110000", "210000", "6000", "60000"]
    );
    // RAM + DMA = 33 for the host and DAI buffers (the built-in bxt: 113)
    assert_eq!(values("SOF_TKN_BUF_CAPS"), ["33"]);
}
