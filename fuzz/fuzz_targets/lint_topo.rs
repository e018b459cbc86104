//! `.topo` text through the parser, evaluator, library templates, the
//! checks of what it expands to and the renderer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        tplg::fuzzing::lint(tplg::fuzzing::session(), "fuzz.topo", text);
    }
});
