//! The process's allocator: a region first, mimalloc behind it.
//!
//! A build is one short process that allocates some 9,000 blocks (1.8 MB
//! in all for `sof-apl-da7219`, 1.2 MB of it live at the peak) and ends.
//! Through a general-purpose allocator every 4 KB of that peak is a page
//! fault of its own, some 300 of them at about 2 µs each here: a quarter of
//! the build's wall time. So blocks come first from one [`Region`] of
//! address space, mapped when the process starts ([`start`]) and backed by
//! transparent huge pages: one fault for each 2 MB used, and a small build
//! uses one. A region block is never reused unless it is the newest one
//! when it is freed (a stack's pattern: a temporary string, a vector grown
//! and dropped), so the region is a bump pointer, and its blocks cost fewer
//! instructions than mimalloc's too. Once it is full, and for any block of
//! more than [`Region::LARGEST`] bytes, blocks come from mimalloc.
//!
//! Where transparent huge pages are off (`/sys/kernel/mm/
//! transparent_hugepage/enabled` says `[never]`) there is no region: with
//! 4 KB pages, a region that does not reuse would touch more pages than
//! mimalloc does. Where the kernel finds no free huge page it falls back to
//! 4 KB pages, and a build is then somewhat slower, never wrong.
//!
//! mimalloc rather than glibc's malloc behind the region: what a long
//! build or the `--variants` call allocates past the region is mostly
//! small, short-lived blocks (template values, strings, tree nodes), and
//! glibc's `malloc`/`free` were about a fifth of a build's instructions.
//! Its version 3 rather than 2: the same instructions within 2% and the
//! same page faults, but a small build's wall time some 0.3 ms less of
//! 3.5 ms, measured side by side. Transparent huge pages are off for
//! mimalloc's own arenas (`no_thp`): a small build would touch four 2 MB
//! pages of them, twice the peak resident memory and no faster.
//!
//! mimalloc's own Rust binding asks for every block through its aligned
//! entry points, which take a slower path whenever the free block at hand
//! is not already aligned; every block mimalloc hands out is a whole number
//! of words from a 16-byte boundary, so an alignment of a word or less is
//! met by the plain entry points, the ones C's `malloc` uses.
//!
//! The allocator's entry points are not inlined: inlined into every
//! allocation and drop, the region's few instructions made the executable
//! 0.9 MB larger, and its pages are faults too.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

/// The global allocator of the `tplg` binary (`main.rs`).
pub struct Allocator;

/// The region the binary's blocks come from first; empty until [`start`].
static REGION: Region = Region::empty();

/// Maps the process's region, when transparent huge pages can back it.
/// The binary calls it first thing in `main`, before any thread starts;
/// blocks allocated before it come from mimalloc, as do all of them when
/// it is never called.
pub fn start() {
    #[cfg(target_os = "linux")]
    if let Some(base) = map_huge(Region::SIZE) {
        REGION.set(base, Region::SIZE);
    }
}

/// `size` bytes of fresh anonymous memory on a huge page boundary, marked
/// for a transparent huge page, or `None` where there are none.
#[cfg(target_os = "linux")]
fn map_huge(size: usize) -> Option<usize> {
    let mut buf = [0u8; 64];
    // SAFETY: a path with its NUL; a buffer of buf.len() bytes; the
    // descriptor is closed once read.
    let enabled = unsafe {
        let fd = libc::open(
            c"/sys/kernel/mm/transparent_hugepage/enabled".as_ptr(),
            libc::O_RDONLY | libc::O_CLOEXEC,
        );
        if fd < 0 {
            return None;
        }
        let n = libc::read(fd, buf.as_mut_ptr().cast(), buf.len());
        libc::close(fd);
        usize::try_from(n).ok()?
    };
    let text = &buf[..enabled];
    if !text.windows(8).any(|w| w == b"[always]") && !text.windows(9).any(|w| w == b"[madvise]") {
        return None;
    }
    // Twice the size, so that a huge page boundary falls in the first half.
    // SAFETY: a new private anonymous mapping; the parts unmapped are the
    // ones outside [base, base + size), which nothing refers to.
    unsafe {
        let p = libc::mmap(
            std::ptr::null_mut(),
            2 * size,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        );
        if p == libc::MAP_FAILED {
            return None;
        }
        let start = p as usize;
        let base = (start + size - 1) & !(size - 1);
        if base > start {
            libc::munmap(p, base - start);
        }
        let end = start + 2 * size;
        if end > base + size {
            libc::munmap((base + size) as *mut libc::c_void, end - (base + size));
        }
        libc::madvise(base as *mut libc::c_void, size, libc::MADV_HUGEPAGE);
        Some(base)
    }
}

/// A bump allocator over one block of memory that starts out zeroed.
/// Thread-safe: its top moves by compare-and-swap.
pub(crate) struct Region {
    /// The first byte; 0 while there is no region.
    base: AtomicUsize,
    /// Bytes from `base`; 0 while there is no region.
    size: AtomicUsize,
    /// The offset of the first free byte, on a cache line of its own: the
    /// fields above are read at every block's allocation and free, by
    /// every thread, and a write to their line would take it from the
    /// other threads' caches each time.
    top: Line,
    /// Whether blocks are still looked for here: set with the region,
    /// cleared once a small block does not fit.
    open: AtomicBool,
}

impl Region {
    /// The size of the binary's region: four huge pages of address space,
    /// each faulted in only when a block reaches it (a small build uses
    /// one; the region's share of a large one stays a few faults).
    pub(crate) const SIZE: usize = 8 << 20;

    /// Blocks larger than this come from mimalloc, so that one buffer
    /// grown large does not take the region's room from thousands of
    /// small blocks (the expanded text's buffer, reserved at 256 KB, is
    /// the largest a build starts with).
    pub(crate) const LARGEST: usize = 1 << 20;

    pub(crate) const fn empty() -> Self {
        Region {
            base: AtomicUsize::new(0),
            size: AtomicUsize::new(0),
            top: Line(AtomicUsize::new(0)),
            open: AtomicBool::new(false),
        }
    }

    /// Makes `[base, base + size)` the region: zeroed memory nothing else
    /// uses, for as long as the region is. Before any block is allocated.
    pub(crate) fn set(&self, base: usize, size: usize) {
        self.size.store(size, Relaxed);
        self.base.store(base, Relaxed);
        self.open.store(true, Relaxed);
    }

    /// Whether `p` is a block of this region.
    #[inline]
    pub(crate) fn owns(&self, p: *mut u8) -> bool {
        (p as usize).wrapping_sub(self.base.load(Relaxed)) < self.size.load(Relaxed)
    }

    /// A block for `layout`, zeroed, or `None` when it does not fit.
    #[inline]
    pub(crate) fn alloc(&self, layout: Layout) -> Option<*mut u8> {
        if !self.open.load(Relaxed) || layout.size() > Self::LARGEST {
            return None;
        }
        let (base, size) = (self.base.load(Relaxed), self.size.load(Relaxed));
        // Every block a word-aligned size, so the next one starts aligned.
        let len = layout.size().max(1).next_multiple_of(WORD);
        let align = layout.align().max(WORD);
        let mut top = self.top.0.load(Relaxed);
        loop {
            let start = ((base + top + align - 1) & !(align - 1)) - base;
            let end = start.checked_add(len)?;
            if end > size {
                if len <= 4096 {
                    // Full: no more looking here (a long build or the
                    // `--variants` call allocates millions of blocks).
                    self.open.store(false, Relaxed);
                }
                return None;
            }
            match self.top.0.compare_exchange_weak(top, end, Relaxed, Relaxed) {
                Ok(_) => return Some((base + start) as *mut u8),
                Err(now) => top = now,
            }
        }
    }

    /// Frees a block of this region: its room is taken back only when it
    /// is the newest block.
    #[inline]
    pub(crate) fn free(&self, p: *mut u8, layout: Layout) {
        let start = p as usize - self.base.load(Relaxed);
        let end = start + layout.size().max(1).next_multiple_of(WORD);
        self.take_back(end, start);
    }

    /// Moves the top from `from` to `to` if it is at `from`, that is if
    /// the block ending at `from` is the newest. It looks first: a
    /// compare-and-swap takes the cache line even when it fails, and most
    /// blocks freed are not the newest.
    #[inline]
    fn take_back(&self, from: usize, to: usize) -> bool {
        self.top.0.load(Relaxed) == from
            && self
                .top
                .0
                .compare_exchange(from, to, Relaxed, Relaxed)
                .is_ok()
    }

    /// Resizes a block of this region where it is: when it shrinks, or
    /// when it is the newest block and the region has room. `None` when
    /// it must move.
    #[inline]
    pub(crate) fn resize_in_place(
        &self,
        p: *mut u8,
        layout: Layout,
        new_size: usize,
    ) -> Option<*mut u8> {
        let start = p as usize - self.base.load(Relaxed);
        let old_end = start + layout.size().max(1).next_multiple_of(WORD);
        let new_end = start.checked_add(new_size.max(1).next_multiple_of(WORD))?;
        if new_end <= old_end {
            // Shrunk: the tail is given back if this is the newest block.
            self.take_back(old_end, new_end);
            return Some(p);
        }
        if new_size > Self::LARGEST || new_end > self.size.load(Relaxed) {
            return None;
        }
        self.take_back(old_end, new_end).then_some(p)
    }
}

/// An atomic alone on its cache line (two lines: some processors fetch
/// lines in pairs).
#[repr(align(128))]
struct Line(AtomicUsize);

/// A block for `layout`, zeroed if asked: from the region, else from
/// mimalloc (its `zalloc` entry points know which memory is fresh).
#[inline(always)]
unsafe fn allocate(layout: Layout, zeroed: bool) -> *mut u8 {
    if let Some(p) = REGION.alloc(layout) {
        if zeroed {
            // room given back by `free` held a block's bytes
            std::ptr::write_bytes(p, 0, layout.size());
        }
        return p;
    }
    let (size, align) = (layout.size(), layout.align());
    let p = match (align <= WORD, zeroed) {
        (true, false) => libmimalloc_sys::mi_malloc(size),
        (true, true) => libmimalloc_sys::mi_zalloc(size),
        (false, false) => libmimalloc_sys::mi_malloc_aligned(size, align),
        (false, true) => libmimalloc_sys::mi_zalloc_aligned(size, align),
    };
    p.cast()
}

/// The alignment every block of `mi_malloc` has, and the granule of the
/// region's blocks.
const WORD: usize = std::mem::size_of::<usize>();

// SAFETY: the region hands out disjoint blocks of its own memory, aligned
// to `layout.align()` and valid while the process runs (its room is taken
// back only from the newest block, when that block is freed or shrunk);
// `alloc_zeroed` zeroes a region block, since room taken back held bytes.
// mimalloc returns blocks of at least the size asked for, aligned to a
// word by `mi_malloc`/`mi_realloc` and to `align` by the aligned entry
// points, or null when out of memory. No region block reaches mimalloc:
// `owns` sends them back to the region, and the region is set before any
// of its blocks exists.
unsafe impl GlobalAlloc for Allocator {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        allocate(layout, false)
    }

    #[inline(never)]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        allocate(layout, true)
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if REGION.owns(ptr) {
            REGION.free(ptr, layout);
        } else {
            libmimalloc_sys::mi_free(ptr.cast());
        }
    }

    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if REGION.owns(ptr) {
            if let Some(p) = REGION.resize_in_place(ptr, layout, new_size) {
                return p;
            }
            let p = allocate(
                Layout::from_size_align_unchecked(new_size, layout.align()),
                false,
            );
            if !p.is_null() {
                std::ptr::copy_nonoverlapping(ptr, p, layout.size().min(new_size));
                REGION.free(ptr, layout);
            }
            return p;
        }
        if layout.align() <= WORD {
            libmimalloc_sys::mi_realloc(ptr.cast(), new_size).cast()
        } else {
            libmimalloc_sys::mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A region over `buf`.
    fn region(buf: &mut [u64]) -> Region {
        let r = Region::empty();
        r.set(buf.as_mut_ptr() as usize, buf.len() * 8);
        r
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn blocks_are_aligned_and_disjoint() {
        let mut buf = vec![0u64; 1024];
        let r = region(&mut buf);
        let a = r.alloc(layout(3, 1)).unwrap();
        let b = r.alloc(layout(16, 16)).unwrap();
        let c = r.alloc(layout(5, 8)).unwrap();
        assert_eq!(b as usize % 16, 0);
        assert_eq!(c as usize % 8, 0);
        assert!(a as usize + 3 <= b as usize);
        assert!(b as usize + 16 <= c as usize);
        assert!(r.owns(a) && r.owns(c));
        assert!(!r.owns(std::ptr::null_mut()));
        let outside = buf.as_ptr() as usize + buf.len() * 8;
        assert!(!r.owns(outside as *mut u8));
    }

    #[test]
    fn a_full_region_or_a_large_block_goes_elsewhere() {
        let mut buf = vec![0u64; 1024]; // 8 KB
        let r = region(&mut buf);
        assert!(r.alloc(layout(4000, 8)).is_some());
        // a block larger than a page that does not fit leaves it open
        assert!(r.alloc(layout(5000, 8)).is_none());
        assert!(
            r.alloc(layout(4000, 8)).is_some(),
            "what still fits is given"
        );
        // a small block that does not fit closes it
        assert!(r.alloc(layout(200, 8)).is_none());
        assert!(r.alloc(layout(8, 8)).is_none(), "closed");
        let mut big = vec![0u64; Region::LARGEST / 8 + 1];
        let r = region(&mut big);
        assert!(r.alloc(layout(Region::LARGEST + 1, 8)).is_none());
        assert!(r.alloc(layout(Region::LARGEST, 8)).is_some());
        assert!(
            Region::empty().alloc(layout(8, 8)).is_none(),
            "no region yet"
        );
    }

    #[test]
    fn the_newest_block_is_taken_back_and_grows_in_place() {
        let mut buf = vec![0u64; 1024];
        let r = region(&mut buf);
        let a = r.alloc(layout(24, 8)).unwrap();
        let b = r.alloc(layout(10, 8)).unwrap();
        // b is the newest: it grows where it is, a cannot
        assert_eq!(r.resize_in_place(b, layout(10, 8), 100), Some(b));
        assert_eq!(r.resize_in_place(a, layout(24, 8), 100), None);
        assert_eq!(r.resize_in_place(a, layout(24, 8), 8), Some(a), "shrinking");
        // freeing b gives its room back; the next block takes it
        r.free(b, layout(100, 8));
        assert_eq!(r.alloc(layout(8, 8)), Some(b));
        // freeing a (not the newest) gives nothing back
        let before = r.top.0.load(Relaxed);
        r.free(a, layout(24, 8));
        assert_eq!(r.top.0.load(Relaxed), before);
    }

    #[test]
    fn growth_past_the_end_moves() {
        let mut buf = vec![0u64; 16]; // 128 bytes
        let r = region(&mut buf);
        let a = r.alloc(layout(64, 8)).unwrap();
        assert_eq!(r.resize_in_place(a, layout(64, 8), 128), Some(a));
        assert_eq!(r.resize_in_place(a, layout(128, 8), 136), None);
    }

    #[test]
    fn threads_get_disjoint_blocks() {
        let mut buf = vec![0u64; 1 << 14]; // 128 KB
        let r = region(&mut buf);
        let blocks: Vec<Vec<(usize, usize)>> = std::thread::scope(|s| {
            let r = &r;
            let workers: Vec<_> = (0..4)
                .map(|t| {
                    s.spawn(move || {
                        let mut mine = Vec::new();
                        for i in 0..500 {
                            let size = 8 + (i * 7 + t) % 40;
                            if let Some(p) = r.alloc(layout(size, 8)) {
                                mine.push((p as usize, size));
                            }
                            if i % 3 == 0 {
                                if let Some(&(p, size)) = mine.last() {
                                    r.free(p as *mut u8, layout(size, 8));
                                    mine.pop();
                                }
                            }
                        }
                        mine
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        let mut all: Vec<(usize, usize)> = blocks.into_iter().flatten().collect();
        assert!(all.len() > 1000);
        all.sort_unstable();
        for w in all.windows(2) {
            assert!(w[0].0 + w[0].1 <= w[1].0, "blocks overlap: {w:?}");
        }
    }
}
