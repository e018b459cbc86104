//! Any bytes as a binary topology: decoded (or refused at a byte offset),
//! the text compiled back, every finding rendered. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    tplg::fuzzing::decode_compile(data);
});
