//! alsaconf text merged, read and compiled to a binary, every finding
//! rendered. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        tplg::fuzzing::compile_conf(text);
    }
});
