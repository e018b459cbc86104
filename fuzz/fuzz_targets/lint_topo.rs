//! `.topo` text through the parser, evaluator, library templates, the
//! checks of what it expands to and the renderer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn session() -> &'static tplg::eval::Session {
    static S: OnceLock<tplg::eval::Session> = OnceLock::new();
    S.get_or_init(|| tplg::eval::Session::new(&[]).expect("the built-in library loads"))
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        tplg::fuzzing::lint(session(), "fuzz.topo", text);
    }
});
