//! The bundled examples: each builds, matches its expected alsaconf, and —
//! when alsatplg is installed — compiles to exactly the binary that SOF's
//! own M4 build gives (`tests/examples/NAME.tplg.sha256`).

mod support;

use sha2::{Digest, Sha256};
use std::process::Command;
use support::*;

fn examples() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "topo")
                .then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    names
}

#[test]
fn examples_build_to_their_expected_conf() {
    let names = examples();
    assert!(names.len() >= 2);
    for name in names {
        let o = tplg()
            .current_dir(root())
            .args(["build", &format!("examples/{name}.topo")])
            .output()
            .unwrap();
        assert!(o.status.success(), "{name}: {}", describe(&o));
        assert!(
            o.stderr.is_empty(),
            "{name}: a clean build prints nothing on stderr: {}",
            text(&o.stderr)
        );
        compare(
            &root().join(format!("tests/examples/{name}.conf")),
            &text(&o.stdout),
        )
        .unwrap();
    }
}

#[test]
fn examples_compile_byte_identical_to_sofs_m4_build() {
    if !have("alsatplg", "byte identity with SOF's M4 build") {
        return;
    }
    for name in examples() {
        let tmp = tempfile::tempdir().unwrap();
        let conf = tmp.path().join("t.conf");
        let bin = tmp.path().join("t.tplg");
        let o = tplg()
            .current_dir(root())
            .args(["build", &format!("examples/{name}.topo"), "-o"])
            .arg(&conf)
            .output()
            .unwrap();
        assert!(o.status.success(), "{name}: {}", describe(&o));
        let a = Command::new("alsatplg")
            .arg("-c")
            .arg(&conf)
            .arg("-o")
            .arg(&bin)
            .output()
            .unwrap();
        assert!(
            a.status.success(),
            "{name}: alsatplg failed: {}",
            text(&a.stderr)
        );
        let hash = format!("{:x}", Sha256::digest(std::fs::read(&bin).unwrap()));
        let want =
            std::fs::read_to_string(root().join(format!("tests/examples/{name}.tplg.sha256")))
                .unwrap();
        assert_eq!(hash, want.trim(), "{name}: the binary differs from SOF's M4 build (decode both with `alsatplg -d` to see where)");
    }
}

/// The README's main command: `tplg build X.topo -o X.tplg` writes the
/// binary SOF's M4 build gives, without alsatplg.
#[test]
fn examples_build_straight_to_sofs_binary() {
    for name in examples() {
        let tmp = tempfile::tempdir().unwrap();
        let bin = tmp.path().join(format!("{name}.tplg"));
        let o = tplg()
            .current_dir(root())
            .args(["build", &format!("examples/{name}.topo"), "-o"])
            .arg(&bin)
            .output()
            .unwrap();
        assert!(o.status.success(), "{name}: {}", describe(&o));
        assert!(o.stderr.is_empty(), "{name}: {}", text(&o.stderr));
        let hash = format!("{:x}", Sha256::digest(std::fs::read(&bin).unwrap()));
        let want =
            std::fs::read_to_string(root().join(format!("tests/examples/{name}.tplg.sha256")))
                .unwrap();
        assert_eq!(
            hash,
            want.trim(),
            "{name}: the binary differs from SOF's M4 build"
        );
    }
}
