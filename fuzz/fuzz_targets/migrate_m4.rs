//! M4 text through the migrator and the renderer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        tplg::fuzzing::migrate(text);
    }
});
