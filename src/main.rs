// On Linux with glibc, tplg starts at its own C `main`, without std's
// runtime start: that start asks glibc for the main thread's stack bounds
// (to report a stack overflow by name), and glibc finds them by parsing
// /proc/self/maps, a tenth of a small build's instructions before any work.
// Every reader here guards its own depth, so an overflow is not expected;
// the arguments still reach `std::env::args_os` (glibc hands them to std
// at load time).
// (The test harness brings its own `main`, so a test build keeps std's.)
#![cfg_attr(all(target_os = "linux", target_env = "gnu", not(test)), no_main)]

/// A region first, mimalloc behind it (see `tplg::alloc`).
#[global_allocator]
static ALLOCATOR: tplg::alloc::Allocator = tplg::alloc::Allocator;

/// The process's entry, as std's runtime start would run it: a write to a
/// closed pipe is an error (`EPIPE`) rather than a fatal signal, and a panic
/// (a bug) ends the process with std's exit code for one, 101, after the
/// panic hook has printed it.
#[cfg(all(target_os = "linux", target_env = "gnu", not(test)))]
#[no_mangle]
extern "C" fn main(_argc: libc::c_int, _argv: *const *const libc::c_char) -> libc::c_int {
    // SAFETY: setting a signal's disposition to SIG_IGN, before any thread
    // is started, has no preconditions.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    tplg::alloc::start();
    let code = std::panic::catch_unwind(|| tplg::cli::run(std::env::args_os())).unwrap_or(101);
    std::process::exit(code)
}

#[cfg(any(not(all(target_os = "linux", target_env = "gnu")), test))]
#[allow(dead_code)]
fn main() {
    tplg::alloc::start();
    std::process::exit(tplg::cli::run(std::env::args_os()));
}
