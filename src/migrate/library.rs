//! SOF's macro library as the migrator sees it: the include search path of
//! SOF's build, the directories and file names of the library (which tplg
//! has built in), and the names tplg's prelude defines.

use crate::source::{Origin, Sources};
use std::path::{Path, PathBuf};

/// The include search path of SOF's build run from `root`: m4's current
/// directory, then `-I m4 -I common -I platform/common -I .`, then the
/// `extra` directories (`-I` given to tplg), each once.
pub(crate) fn search_path(root: &Path, extra: &[PathBuf]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    let dirs = ["", "m4", "common", "platform/common"]
        .iter()
        .map(|s| {
            if s.is_empty() {
                root.to_path_buf()
            } else {
                root.join(s)
            }
        })
        .chain(extra.iter().cloned());
    for d in dirs {
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

/// SOF's macro library files that its topologies include by bare name
/// (from `m4/`, `common/` and `platform/common/`, on SOF's `-I` path):
/// tplg has them built in, so an include of one that is not on disk is
/// not a missing file.
const SOF_LIBRARY: &[&str] = &[
    "abi.m4",
    "acp-dmic.m4",
    "acp-hs.m4",
    "acp-sdw.m4",
    "acp-sp.m4",
    "acp-tdm.m4",
    "afe.m4",
    "alh.m4",
    "asrc.m4",
    "buffer.m4",
    "bytecontrol.m4",
    "ch_sel.m4",
    "codec_adapter.m4",
    "crossover.m4",
    "crossover_coef_default.m4",
    "dai.m4",
    "dcblock.m4",
    "dcblock_coef_default.m4",
    "debug.m4",
    "detect.m4",
    "detect_test_coef.m4",
    "dmic.m4",
    "drc.m4",
    "drc_coef_default.m4",
    "drc_coef_speaker_default.m4",
    "dts_codec_adapter.m4",
    "eap.m4",
    "eap_controls.m4",
    "enumcontrol.m4",
    "eq_fir.m4",
    "eq_iir.m4",
    "eq_iir_bundle.m4",
    "esai.m4",
    "google_ctc_audio_processing.m4",
    "google_ctc_audio_processing_coef_default.m4",
    "google_hotword_detect.m4",
    "google_rtc_audio_processing.m4",
    "google_rtc_audio_processing_default.m4",
    "hda.m4",
    "igo_nr.m4",
    "kpbm.m4",
    "memory.m4",
    "mfcc.m4",
    "micfil.m4",
    "mixer.m4",
    "mixercontrol.m4",
    "multiband_drc.m4",
    "multiband_drc_coef_default.m4",
    "multiband_drc_coef_passthrough.m4",
    "muxdemux.m4",
    "pcm.m4",
    "pga.m4",
    "pipeline.m4",
    "rtnr.m4",
    "sai.m4",
    "smart_amp.m4",
    "src.m4",
    "ssp.m4",
    "tdfb.m4",
    "tdfb_controls.m4",
    "tdfb_controls_360.m4",
    "tdfb_defines.m4",
    "tdfb_undefines.m4",
    "tlv.m4",
    "tokens.m4",
    "tone.m4",
    "utils.m4",
];

/// Whether an include that is not on disk names SOF's macro library (which
/// tplg has built in): a path under one of its directories, a bare name of
/// one of its files, an equalizer coefficient file, or `abi.h` (which SOF's
/// build generates; tplg takes the ABI version as `--abi`).
pub(super) fn known_library(path: &str) -> bool {
    if path == "abi.h" {
        return true;
    }
    let with_m4 = if path.ends_with(".m4") {
        path.to_string()
    } else {
        format!("{path}.m4")
    };
    library_dir(Path::new(&with_m4))
        || SOF_LIBRARY.contains(&with_m4.as_str())
        || ((with_m4.starts_with("eq_iir_coef_") || with_m4.starts_with("eq_fir_coef_"))
            && !with_m4.contains('/'))
}

/// Whether `rel` (a path relative to the root of a converted tree) is in
/// one of the directories SOF's build keeps its macro library in: `m4/`,
/// `common/` and `platform/common/` (the directories its CMake passes to
/// m4 with `-I`), and `sof/` (the pipeline templates). A converted topology
/// never includes these files: their includes become tplg's built-in
/// library.
pub(crate) fn library_dir(rel: &Path) -> bool {
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    match (parts.next().as_deref(), parts.next().as_deref()) {
        (Some("m4" | "common" | "sof"), Some(_)) => true,
        (Some("platform"), Some("common")) => parts.next().is_some(),
        _ => false,
    }
}

/// The names tplg's prelude defines for every topology (time domains, SSP
/// quirks, …): SOF's M4 library defines them, so a converted file may use
/// them without an include.
pub(crate) fn prelude_names() -> &'static [String] {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let Some(text) = crate::library::builtin("prelude.topo") else {
            return Vec::new();
        };
        let mut sources = Sources::new();
        let id = sources.add("prelude.topo", Origin::Synthetic, text);
        let mut out = Vec::new();
        if let Ok(stmts) = crate::parse::parse_file(&sources, id) {
            topo_defines(&stmts, &mut out);
        }
        out
    })
}

/// Whether a built-in platform file (`platform/…`) defines `name`: a
/// fragment that defines a name as `name` before its includer reads that
/// platform file means the platform's value.
pub(crate) fn platform_defines(name: &str) -> bool {
    static NAMES: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    NAMES
        .get_or_init(|| {
            let mut out = Vec::new();
            for path in crate::library::Library::builtin_paths("topo") {
                let Some(text) = path
                    .starts_with("platform/")
                    .then(|| crate::library::builtin(&path))
                    .flatten()
                else {
                    continue;
                };
                let mut sources = Sources::new();
                let id = sources.add(&path, Origin::Synthetic, text);
                if let Ok(stmts) = crate::parse::parse_file(&sources, id) {
                    topo_defines(&stmts, &mut out);
                }
            }
            out.into_iter().collect()
        })
        .contains(name)
}

pub(super) fn topo_defines(stmts: &[crate::parse::ast::Stmt], out: &mut Vec<String>) {
    use crate::parse::ast::Stmt;
    for s in stmts {
        match s {
            Stmt::Define { name, .. } | Stmt::Alias { name, .. } => out.push(name.name.clone()),
            Stmt::If {
                branches,
                otherwise,
                ..
            } => {
                for (_, b) in branches {
                    topo_defines(b, out);
                }
                if let Some(o) = otherwise {
                    topo_defines(o, out);
                }
            }
            Stmt::Macro(m) => out.push(m.name.name.clone()),
            _ => {}
        }
    }
}
