// On Linux with glibc, tplg starts at its own C `main`, without std's
// runtime start: that start asks glibc for the main thread's stack bounds
// (to report a stack overflow by name), and glibc finds them by parsing
// /proc/self/maps, a tenth of a small build's instructions before any work.
// Every reader here guards its own depth, so an overflow is not expected;
// the arguments still reach `std::env::args_os` (glibc hands them to std
// at load time).
// (The test harness brings its own `main`, so a test build keeps std's.)
#![cfg_attr(all(target_os = "linux", target_env = "gnu", not(test)), no_main)]

/// mimalloc rather than glibc's malloc: a build is mostly small, short-lived
/// allocations (template values, strings, tree nodes), and glibc's
/// `malloc`/`free` were about a fifth of a build's instructions; mimalloc
/// takes 13% off the whole process. Its version 3 rather than 2: the same
/// instructions within 2% and the same page faults, but a small build's
/// wall time some 0.3 ms less of 3.5 ms, measured side by side (version 2
/// was slower in wall time than glibc's malloc, version 3 is faster).
/// Transparent huge pages are turned off for the process (`no_thp`):
/// mimalloc's arenas would otherwise be backed by 2 MB pages and double the
/// peak resident memory of a small build.
///
/// mimalloc's own Rust binding asks for every block through its aligned
/// entry points, which take a slower path whenever the free block at hand
/// is not already aligned; every block mimalloc hands out is a whole number
/// of words from a 16-byte boundary, so an alignment of a word or less is
/// met by the plain entry points, the ones C's `malloc` uses.
#[global_allocator]
static ALLOCATOR: MiMalloc = MiMalloc;

struct MiMalloc;

/// The alignment every block of `mi_malloc` has.
const WORD: usize = std::mem::size_of::<usize>();

// SAFETY: mimalloc returns blocks of at least the size asked for, aligned
// to a word by `mi_malloc`/`mi_realloc` and to `align` by the aligned entry
// points, or null when out of memory, as `GlobalAlloc` requires; `mi_free`
// takes any block from either.
unsafe impl std::alloc::GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        if layout.align() <= WORD {
            libmimalloc_sys::mi_malloc(layout.size()).cast()
        } else {
            libmimalloc_sys::mi_malloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        if layout.align() <= WORD {
            libmimalloc_sys::mi_zalloc(layout.size()).cast()
        } else {
            libmimalloc_sys::mi_zalloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: std::alloc::Layout) {
        libmimalloc_sys::mi_free(ptr.cast());
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= WORD {
            libmimalloc_sys::mi_realloc(ptr.cast(), new_size).cast()
        } else {
            libmimalloc_sys::mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
        }
    }
}

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
    let code = std::panic::catch_unwind(|| tplg::cli::run(std::env::args_os())).unwrap_or(101);
    std::process::exit(code)
}

#[cfg(any(not(all(target_os = "linux", target_env = "gnu")), test))]
#[allow(dead_code)]
fn main() {
    std::process::exit(tplg::cli::run(std::env::args_os()));
}
