//! Byte searches over a build's texts, without asking the processor what
//! it has.
//!
//! `memchr`'s top-level functions pick their AVX2 or SSE2 code at the first
//! call, through std's CPU feature detection, which runs a dozen `cpuid`s:
//! in a virtual machine each one exits to the hypervisor, and together they
//! were 1.5–2% of a small build's wall time. These use `memchr`'s SSE2 code
//! directly on x86-64 (SSE2 is part of its baseline, known at compile
//! time; substrings by its search for a pair of the needle's rarer bytes)
//! and its portable code elsewhere. The wider AVX2 code would save some 3%
//! of `tplg lint`'s instructions over SOF's tree, and nothing that shows in
//! one build.

#[cfg(target_arch = "x86_64")]
use memchr::arch::x86_64::sse2::memchr::{One, Two};

#[cfg(not(target_arch = "x86_64"))]
use memchr::arch::all::memchr::{One, Two};

fn one(b: u8) -> One {
    #[cfg(target_arch = "x86_64")]
    return One::new(b).expect(BASELINE);
    #[cfg(not(target_arch = "x86_64"))]
    One::new(b)
}

fn two(a: u8, b: u8) -> Two {
    #[cfg(target_arch = "x86_64")]
    return Two::new(a, b).expect(BASELINE);
    #[cfg(not(target_arch = "x86_64"))]
    Two::new(a, b)
}

#[cfg(target_arch = "x86_64")]
const BASELINE: &str = "SSE2 is part of the x86-64 baseline";

/// The first `b` in `hay`.
pub(crate) fn find(b: u8, hay: &[u8]) -> Option<usize> {
    one(b).find(hay)
}

/// The first `a` or `b` in `hay`.
pub(crate) fn find2(a: u8, b: u8, hay: &[u8]) -> Option<usize> {
    two(a, b).find(hay)
}

/// Every `a` or `b` in `hay`, in order.
pub(crate) fn find2_iter(a: u8, b: u8, hay: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let searcher = two(a, b);
    let mut at = 0;
    std::iter::from_fn(move || {
        let i = at + searcher.find(hay.get(at..)?)?;
        at = i + 1;
        Some(i)
    })
}

/// The last `b` in `hay`.
pub(crate) fn rfind(b: u8, hay: &[u8]) -> Option<usize> {
    one(b).rfind(hay)
}

/// How many `b` there are in `hay`.
pub(crate) fn count(b: u8, hay: &[u8]) -> usize {
    one(b).count(hay)
}

/// Where `needle` occurs in `hay`, in order, without overlapping (as
/// `memchr::memmem::find_iter`). An empty needle occurs nowhere.
pub(crate) fn find_all<'a>(hay: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    let finder = Substring::new(needle);
    let mut at = 0;
    std::iter::from_fn(move || {
        let i = at + finder.find(hay.get(at..)?, needle)?;
        at = i + needle.len();
        Some(i)
    })
}

/// A substring search: on x86-64, `memchr`'s SSE2 search for a pair of the
/// needle's rarer bytes (a needle's first byte may be as common as the `t`
/// of `tplg-allow`); a scan for the first byte where the haystack is too
/// short for it, or the needle a single byte.
struct Substring {
    #[cfg(target_arch = "x86_64")]
    pair: Option<memchr::arch::x86_64::sse2::packedpair::Finder>,
    first: Option<One>,
}

impl Substring {
    fn new(needle: &[u8]) -> Self {
        Substring {
            #[cfg(target_arch = "x86_64")]
            pair: memchr::arch::x86_64::sse2::packedpair::Finder::new(needle),
            first: needle.first().map(|&b| one(b)),
        }
    }

    fn find(&self, hay: &[u8], needle: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some(pair) = &self.pair {
            if hay.len() >= pair.min_haystack_len() {
                return pair.find(hay, needle);
            }
        }
        let first = self.first.as_ref()?;
        let mut at = 0;
        loop {
            let i = at + first.find(hay.get(at..)?)?;
            if hay[i..].starts_with(needle) {
                return Some(i);
            }
            at = i + 1;
        }
    }
}

/// The first place `needle` occurs in `hay`.
pub(crate) fn find_str(hay: &[u8], needle: &[u8]) -> Option<usize> {
    find_all(hay, needle).next()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each search against the plain one, on texts long enough for the SIMD
    /// loops and with matches at their edges.
    #[test]
    fn searches_agree_with_the_plain_ones() {
        let mut texts: Vec<Vec<u8>> = vec![Vec::new(), b"(".to_vec(), b"a\nb".to_vec()];
        for len in [15, 16, 17, 31, 32, 33, 64, 100, 257] {
            for at in [0, 1, len / 2, len - 1] {
                let mut t = vec![b'x'; len];
                t[at] = b'\n';
                t[(at * 7 + 3) % len] = b'(';
                texts.push(t);
            }
        }
        for t in &texts {
            let plain = |b: u8| t.iter().position(|&c| c == b);
            assert_eq!(find(b'\n', t), plain(b'\n'));
            assert_eq!(rfind(b'\n', t), t.iter().rposition(|&c| c == b'\n'));
            assert_eq!(count(b'(', t), t.iter().filter(|&&c| c == b'(').count());
            let either = t.iter().position(|&c| c == b'\n' || c == b'(');
            assert_eq!(find2(b'\n', b'(', t), either);
            let all: Vec<usize> = (0..t.len())
                .filter(|&i| t[i] == b'\n' || t[i] == b'(')
                .collect();
            assert_eq!(find2_iter(b'\n', b'(', t).collect::<Vec<_>>(), all);
        }
    }

    #[test]
    fn substrings_are_found_in_order_without_overlapping() {
        let hay = b"aaa defs.x defs.y de defs";
        assert_eq!(find_all(hay, b"defs.").collect::<Vec<_>>(), vec![4, 11]);
        assert_eq!(find_all(hay, b"aa").collect::<Vec<_>>(), vec![0]);
        assert_eq!(find_str(hay, b"defs"), Some(4));
        assert_eq!(find_str(hay, b"nope"), None);
        assert_eq!(find_str(hay, b""), None);
        assert_eq!(find_str(b"de", b"defs"), None);
        let long = [b"t".repeat(40), b"tplg-allow".to_vec()].concat();
        assert_eq!(find_str(&long, b"tplg-allow"), Some(40));
        let many = b"tplg-allow x ".repeat(20);
        let at: Vec<usize> = find_all(&many, b"tplg-allow").collect();
        assert_eq!(at, (0..20).map(|i| i * 13).collect::<Vec<_>>());
        assert_eq!(find_all(&many, b"x").count(), 20, "a one-byte needle");
    }
}
