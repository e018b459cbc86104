//! `memcmp` and `bcmp` for the binary linked against musl.
//!
//! The release binary is linked statically against musl (bench/build-pgo,
//! docs/performance.md): its processes start without glibc's identifying
//! the processor. But musl's `memcmp` compares a byte at a time, and every
//! `==` on strings and slices and every hash-map key found is one of its
//! calls (the kit's 365 variants in one call: 10% of the instructions in
//! musl's `memcmp`). So the binary brings its own, eight bytes at a time.
//! Defined in the executable, they are the ones the static link uses:
//! libc.a's are not taken. (Its `memcpy` cannot be replaced so: musl's
//! `memmove` calls into the same object.)
//!
//! Only the comparison itself ([`compare`]) is built on every target, for
//! its tests; the C symbols exist only for musl.

// Elsewhere, only the tests call it.
#![cfg_attr(
    not(all(target_env = "musl", target_arch = "x86_64")),
    allow(dead_code)
)]

/// `memcmp`: the sign of the first differing byte of `a` and `b` (as
/// unsigned bytes) over `n` bytes, 0 when they are the same.
///
/// # Safety
/// `a` and `b` are valid for reads of `n` bytes.
#[inline]
pub(crate) unsafe fn compare(a: *const u8, b: *const u8, n: usize) -> i32 {
    let mut i = 0;
    // SAFETY (all reads): `i + 8 <= n`, or `i < n`, within both blocks.
    while i + 8 <= n {
        let x = unsafe { a.add(i).cast::<u64>().read_unaligned() };
        let y = unsafe { b.add(i).cast::<u64>().read_unaligned() };
        if x != y {
            // Big-endian, the first byte is the most significant: the
            // words then order as their bytes do.
            return if x.to_be() < y.to_be() { -1 } else { 1 };
        }
        i += 8;
    }
    while i < n {
        let (x, y) = unsafe { (*a.add(i), *b.add(i)) };
        if x != y {
            return i32::from(x) - i32::from(y);
        }
        i += 1;
    }
    0
}

#[cfg(all(target_env = "musl", target_arch = "x86_64", not(test)))]
mod symbols {
    /// # Safety
    /// C's `memcmp`.
    #[no_mangle]
    unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
        // SAFETY: the caller's.
        unsafe { super::compare(a, b, n) }
    }

    /// # Safety
    /// C's `bcmp` (equal or not).
    #[no_mangle]
    unsafe extern "C" fn bcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
        // SAFETY: the caller's.
        unsafe { super::compare(a, b, n) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign(x: i32) -> i32 {
        x.signum()
    }

    #[test]
    fn compares_as_memcmp_does_at_every_length_and_place() {
        for n in 0..40usize {
            let a: Vec<u8> = (0..n).map(|i| (i * 7 + 3) as u8).collect();
            // SAFETY: both n bytes long.
            assert_eq!(unsafe { compare(a.as_ptr(), a.clone().as_ptr(), n) }, 0);
            for at in 0..n {
                for (x, y) in [(0x00u8, 0xffu8), (0x80, 0x7f), (1, 2)] {
                    let (mut l, mut r) = (a.clone(), a.clone());
                    l[at] = x;
                    r[at] = y;
                    // later bytes differing the other way must not count
                    if at + 1 < n {
                        l[n - 1] = 0xff;
                        r[n - 1] = 0;
                    }
                    let want = sign(i32::from(x) - i32::from(y));
                    // SAFETY: both n bytes long.
                    let got = unsafe { compare(l.as_ptr(), r.as_ptr(), n) };
                    assert_eq!(sign(got), want, "n {n}, at {at}, {x:#x} against {y:#x}");
                    assert_eq!(sign(unsafe { compare(r.as_ptr(), l.as_ptr(), n) }), -want);
                    assert_eq!(l.cmp(&r), r.cmp(&l).reverse());
                }
            }
        }
    }
}
