//! alsaconf text through the reader, every check and the renderer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        tplg::fuzzing::lint(tplg::fuzzing::session(), "fuzz.conf", text);
    }
});
