//! `tplg migrate` across includes: the names a fragment reads from the
//! files that include it (and from the `-D` flags of the builds that reach
//! it), in both forms (a tree, one file of a tree), and an include that
//! cannot be found. The trees under `tests/migrate_trees/` are M4 written
//! for these tests.

mod support;

use std::path::{Path, PathBuf};
use support::tplg;

fn tree(name: &str) -> PathBuf {
    support::root().join("tests/migrate_trees").join(name)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `tplg build TOPO`, which must succeed; the conf it writes.
fn build_ok(topo: &Path) -> String {
    let o = tplg().arg("build").arg(topo).output().expect("tplg runs");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    text(&o.stdout)
}

/// `tplg migrate TREE -o OUT`; the converted tree.
fn migrate_tree(src: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let o = tplg()
        .arg("migrate")
        .arg(src)
        .arg("-o")
        .arg(out.path())
        .output()
        .expect("tplg runs");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        !text(&o.stderr).contains("warning") && !text(&o.stderr).contains('⚠'),
        "no warnings expected:\n{}",
        text(&o.stderr)
    );
    out
}

#[test]
fn a_fragment_reads_the_names_its_includer_defines() {
    let out = migrate_tree(&tree("scope"));
    let capture = std::fs::read_to_string(out.path().join("platform/acme/capture.topo"))
        .expect("capture.topo");
    // defined by board.m4 before its include: references, not text
    assert!(capture.contains("2, SSP, CAP_SSP, CAP_LINK,"), "{capture}");
    assert!(
        capture.contains("DAI_CONFIG(SSP, CAP_SSP, 1, CAP_LINK,"),
        "{capture}"
    );
    assert!(!capture.contains("\"CAP_LINK\""), "{capture}");
    // passed by -D to the board that includes it (CMakeLists.txt)
    assert!(capture.contains("PCM_CAPTURE_ADD(CAP_PCM, 1,"), "{capture}");
    // passed by -D only to another board, which never includes it: text,
    // as M4 writes it
    assert!(
        capture.contains("VIRTUAL_WIDGET(\"OTHER_NAME\", out_drv, 0)"),
        "{capture}"
    );

    // the converted board builds, with the fragment's names from the board
    let o = tplg()
        .arg("build")
        .arg(out.path().join("board.topo"))
        .args(["-D", "CAP_PCM=Capture"])
        .output()
        .expect("tplg runs");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let conf = text(&o.stdout);
    assert!(conf.contains("SectionPCM.\"Capture\""), "{conf}");
    assert!(conf.contains("SectionBE.\"SSP2-Capture\""), "{conf}");
    assert!(conf.contains("stream_name \"SSP2-Capture\""), "{conf}");
    assert!(!conf.contains("CAP_"), "{conf}");

    // without the build's -D, the name the fragment reads is undefined
    let o = tplg()
        .arg("build")
        .arg(out.path().join("board.topo"))
        .output()
        .expect("tplg runs");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("`CAP_PCM` is not defined"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn one_file_of_a_tree_converts_as_the_tree_form_does() {
    let out = migrate_tree(&tree("scope"));
    let from_tree = std::fs::read_to_string(out.path().join("platform/acme/capture.topo"))
        .expect("capture.topo");
    let fragment = tree("scope").join("platform/acme/capture.m4");
    // from anywhere: the tree is found by its CMakeLists.txt
    for cwd in [
        support::root(),
        fragment.parent().expect("dir").to_path_buf(),
    ] {
        let o = tplg()
            .current_dir(&cwd)
            .arg("migrate")
            .arg(&fragment)
            .output()
            .expect("tplg runs");
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        assert_eq!(text(&o.stdout), from_tree, "from {}", cwd.display());
        assert!(o.stderr.is_empty(), "{}", text(&o.stderr));
    }
    let board = std::fs::read_to_string(out.path().join("board.topo")).expect("board.topo");
    let o = tplg()
        .arg("migrate")
        .arg(tree("scope").join("board.m4"))
        .output()
        .expect("tplg runs");
    assert_eq!(text(&o.stdout), board);
}

#[test]
fn an_include_found_nowhere_is_a_warning_at_its_line() {
    let src = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(src.path().join("m4")).expect("mkdir");
    std::fs::write(src.path().join("m4/utils.m4"), "define(`U', 1)\n").expect("write");
    std::fs::write(
        src.path().join("board.m4"),
        "include(`utils.m4')\n\ninclude(`codec/acme.m4')\ndefine(`LINK', CODEC_LINK)\n",
    )
    .expect("write");
    let out = tempfile::tempdir().expect("temp dir");
    let o = tplg()
        .arg("migrate")
        .arg(src.path())
        .arg("-o")
        .arg(out.path())
        .output()
        .expect("tplg runs");
    // a warning: the file converts
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.contains("tplg::migrate::include_not_found"), "{err}");
    assert!(err.contains("cannot find `codec/acme.m4`"), "{err}");
    assert!(err.contains("board.m4:3:9]"), "{err}");
    // once: SOF's library (found in m4/) does not warn
    assert_eq!(err.matches("include_not_found").count(), 1, "{err}");
    let board = std::fs::read_to_string(out.path().join("board.topo")).expect("board.topo");
    // kept, so that `tplg build` looks for it too
    assert!(board.contains("include \"codec/acme\""), "{board}");
    assert!(!board.contains("utils"), "{board}");
}

#[test]
fn includes_are_searched_as_m4_searches_them() {
    // m4 looks in its current directory (the tree root, for SOF's build)
    // and the -I directories, never beside the including file
    let src = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(src.path().join("boards")).expect("mkdir");
    std::fs::write(
        src.path().join("names.m4"),
        "define(`ROOT_LINK', `SSP0-Root')\n",
    )
    .expect("write");
    std::fs::write(
        src.path().join("boards/names.m4"),
        "define(`BESIDE_LINK', `SSP1-Beside')\n",
    )
    .expect("write");
    std::fs::write(
        src.path().join("boards/b.m4"),
        "include(`names.m4')\nVIRTUAL_WIDGET(ROOT_LINK, out_drv, 0)\nVIRTUAL_WIDGET(BESIDE_LINK, out_drv, 0)\n",
    )
    .expect("write");
    let out = tempfile::tempdir().expect("temp dir");
    let o = tplg()
        .arg("migrate")
        .arg(src.path())
        .arg("-o")
        .arg(out.path())
        .output()
        .expect("tplg runs");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let b = std::fs::read_to_string(out.path().join("boards/b.topo")).expect("b.topo");
    assert!(b.contains("VIRTUAL_WIDGET(ROOT_LINK, out_drv, 0)"), "{b}");
    assert!(
        b.contains("VIRTUAL_WIDGET(\"BESIDE_LINK\", out_drv, 0)"),
        "{b}"
    );
}

/// A fragment included twice, with other names defined before each include
/// (as SOF includes `platform/intel/intel-hdmi-ssp.m4` once per HDMI SSP):
/// M4 reads it each time, and so does the converted topology. The expected
/// conf compiles to the same `.tplg` as SOF's m4 build of this tree.
#[test]
fn a_fragment_included_twice_is_read_twice() {
    let src = tree("include_twice");
    let out = migrate_tree(&src);
    let conf = build_ok(&out.path().join("board.topo"));
    assert!(conf.contains("SectionPCM.\"Capture1\""), "{conf}");
    assert!(conf.contains("SectionPCM.\"Capture2\""), "{conf}");
    let expected = std::fs::read_to_string(src.join("expected.conf")).expect("expected.conf");
    assert!(conf == expected, "the conf differs from expected.conf");
}

/// A topology below the tree's root (SOF's `development/`) includes the
/// tree's own `platform/intel/bxt.m4`, which M4, run from the root, finds
/// there. The converted file names it relative to itself, so the build uses
/// the tree's platform file, not the built-in one of the same name. The
/// expected conf compiles to the same `.tplg` as SOF's m4 build of this tree.
#[test]
fn a_topology_below_the_root_includes_the_trees_own_platform_file() {
    let src = tree("subdir");
    let out = migrate_tree(&src);
    let board =
        std::fs::read_to_string(out.path().join("development/board.topo")).expect("board.topo");
    assert!(
        board.contains("include \"../platform/intel/bxt\"\n"),
        "{board}"
    );
    let conf = build_ok(&out.path().join("development/board.topo"));
    assert!(conf.contains("SOF_TKN_SCHED_MIPS\t\"60000\""), "{conf}");
    let expected = std::fs::read_to_string(src.join("expected.conf")).expect("expected.conf");
    assert!(conf == expected, "the conf differs from expected.conf");
}

/// SOF's `platform/intel/cml.m4` defines `SET_SSP1_CONFIG_DATA` as an
/// argument list (``define(`X', `SSP, 1, 24, 0, 0, 10')``), which the
/// topology reads as `SSP_CONFIG_DATA(X)`: M4 splits it into six
/// arguments. Every read in the tree is the sole argument of that one call,
/// so the name stands for the whole call (the build is identical to SOF's
/// m4 build of this tree).
#[test]
fn an_argument_list_read_as_the_sole_argument_of_one_call_becomes_the_call() {
    let src = tree("arg_list");
    let out = migrate_tree(&src);
    let frag = std::fs::read_to_string(out.path().join("ssp-data.topo")).expect("fragment");
    assert!(
        frag.contains("define BOARD_SSP_DATA = SSP_CONFIG_DATA(SSP, 1, 24, 0, 0, 10)"),
        "{frag}"
    );
    let board = std::fs::read_to_string(out.path().join("board.topo")).expect("board");
    assert!(board.contains("\t\tBOARD_SSP_DATA))"), "{board}");
    let conf = build_ok(&out.path().join("board.topo"));
    assert!(
        conf.contains("SOF_TKN_INTEL_SSP_BCLK_DELAY\t\"10\""),
        "{conf}"
    );
}

/// The same list read otherwise (`SSP_CONFIG_DATA(X, 5)`) cannot be one
/// value: refused at the define, the file not written.
#[test]
fn an_argument_list_read_otherwise_is_refused() {
    let src = tree("arg_list_refused");
    let out = tempfile::tempdir().expect("temp dir");
    let o = tplg()
        .arg("migrate")
        .arg(&src)
        .arg("-o")
        .arg(out.path())
        .output()
        .expect("tplg runs");
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("tplg::migrate::argument_list_use"), "{err}");
    assert!(err.contains("ssp-data.m4:2:25"), "{err}");
    assert!(!out.path().join("ssp-data.topo").exists());
}

/// A fragment defines, unquoted, a name its includer defined as a word:
/// M4 defines the macro that word names, so the name reads the fragment's
/// value. The converted fragment defines the name (not `default`), and the
/// expected conf compiles to the same `.tplg` as SOF's m4 build of this tree.
#[test]
fn an_unquoted_define_of_a_name_the_includer_defined_as_a_word_rebinds_it() {
    let src = tree("unquoted_redefine");
    let out = migrate_tree(&src);
    let speaker = std::fs::read_to_string(out.path().join("speaker.topo")).expect("speaker.topo");
    assert!(
        speaker.starts_with("define SPK_PCM = Speakers\n"),
        "{speaker}"
    );
    let conf = build_ok(&out.path().join("board.topo"));
    assert!(conf.contains("SectionPCM.\"Speakers\""), "{conf}");
    let expected = std::fs::read_to_string(src.join("expected.conf")).expect("expected.conf");
    assert!(conf == expected, "the conf differs from expected.conf");
}
