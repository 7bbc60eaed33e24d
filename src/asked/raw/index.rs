//! The tokens of a profile's text, for the scan's fast path ([`super::fast`]): the text is
//! classified 64 bytes at a time (AVX-512 or AVX2 when the processor has it, SSE2 on any other x86-64,
//! eight bytes at a time in a `u64` elsewhere) into a mask of where its tokens start: every
//! unescaped quote (opening and closing), every `{ } [ ] : ,` outside strings, and the first
//! byte of every run of other bytes outside strings (the start of a literal or a number; the
//! fast path checks the whole run). The walk takes the tokens one by one ([`Tokens::next`]),
//! a block being classified when the previous one has no token left.
//!
//! The tokens are only a guide: they end early (the fast path gives up) when a string has a
//! control character; a mistake in them can make the fast path give up, never accept.
//!
//! This file holds every `unsafe` block of the crate (`src/lib.rs` denies `unsafe_code`
//! elsewhere); each says which of the invariants in [`super`]'s documentation it relies on.
//! Under Miri (`cfg(miri)`) only the portable kernel is chosen or tested: Miri runs no
//! inline assembly ([`opaque`]).

// Each unsafe operation in its own block, with its reason.
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]
#![deny(clippy::multiple_unsafe_ops_per_block)]

/// What one 64-byte block holds: one bit per byte, bit `k` for byte `k`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Masks {
    quote: u64,
    backslash: u64,
    /// Below 0x20.
    control: u64,
    /// Space, tab, line feed, carriage return.
    ws: u64,
    /// `{ } [ ] : ,` (and possibly control characters).
    structural: u64,
    /// At least 0x80 (not ASCII).
    high: u64,
}

/// Classifiers of a 64-byte block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
// Miri runs the portable kernel alone.
#[cfg_attr(miri, allow(dead_code))]
pub(super) enum Kernel {
    /// Eight bytes at a time in a `u64`, no `unsafe`: any target (on x86-64, the tests, the
    /// fuzzer's differential and Miri run it).
    #[cfg_attr(all(target_arch = "x86_64", not(miri)), allow(dead_code))]
    Portable,
    /// x86-64's baseline.
    #[cfg(target_arch = "x86_64")]
    Sse2,
    /// Detected at run time.
    #[cfg(target_arch = "x86_64")]
    Avx2,
    /// AVX-512 (F and BW): the 64 bytes in one register, each comparison a mask at once.
    /// Detected at run time.
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

impl Kernel {
    /// The fastest this processor runs.
    pub(super) fn best() -> Kernel {
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        {
            if has_avx512() {
                return Kernel::Avx512;
            }
            if has_avx2() {
                return Kernel::Avx2;
            }
            Kernel::Sse2
        }
        #[cfg(any(not(target_arch = "x86_64"), miri))]
        Kernel::Portable
    }

    /// Every kernel this processor runs (for tests and the fuzzer; under Miri, the portable
    /// one alone).
    #[cfg_attr(miri, allow(unused_mut))]
    pub(super) fn all() -> Vec<Kernel> {
        let mut all = vec![Kernel::Portable];
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        {
            all.push(Kernel::Sse2);
            if has_avx2() {
                all.push(Kernel::Avx2);
            }
            if has_avx512() {
                all.push(Kernel::Avx512);
            }
        }
        all
    }
}

/// What the classifier of one block gives: where its tokens start, its backslashes, and its
/// bytes that are not ASCII; `None` for a control character in a string.
///
/// # Safety
/// It may need processor features: call only a `Step` that [`Tokens::new`] chose (invariant
/// 1 of [`super`]).
type Step = unsafe fn(&[u8; 64], &mut Carry) -> Option<(u64, u64, u64)>;

/// The tokens of a text, in order.
pub(super) struct Tokens<'b> {
    b: &'b [u8],
    step: Step,
    /// The offset of the next block to classify.
    next_block: usize,
    /// The offset of the block whose tokens are in `bits`.
    base: usize,
    /// The tokens of that block not taken yet.
    bits: u64,
    carry: Carry,
    /// A backslash was seen (in the blocks classified so far).
    backslash: bool,
    /// A byte that is not ASCII was seen (in the blocks classified so far).
    high: bool,
}

impl<'b> Tokens<'b> {
    pub(super) fn new(kernel: Kernel, b: &'b [u8]) -> Tokens<'b> {
        let step: Step = match kernel {
            Kernel::Portable => step_portable,
            #[cfg(target_arch = "x86_64")]
            Kernel::Sse2 => step_sse2,
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 if has_avx2() => step_avx2_unchecked,
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 => step_sse2,
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx512 if has_avx512() => step_avx512_unchecked,
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx512 => step_sse2,
        };
        Tokens {
            b,
            step,
            next_block: 0,
            base: 0,
            bits: 0,
            carry: Carry::default(),
            backslash: false,
            high: false,
        }
    }

    /// The offset of the next token; `None` at the end of the text or when the text cannot
    /// be valid (a control character in a string).
    #[inline(always)]
    pub(super) fn next(&mut self) -> Option<usize> {
        while self.bits == 0 {
            self.refill()?;
        }
        let p = self.base + self.bits.trailing_zeros() as usize;
        self.bits &= self.bits - 1;
        Some(p)
    }

    /// Whether a backslash was seen up to the last token taken (a string's bytes are all
    /// classified once its closing quote is taken).
    #[inline(always)]
    pub(super) fn backslash(&self) -> bool {
        self.backslash
    }

    /// Whether every byte up to the last token taken is ASCII (so is every byte of the blocks
    /// classified so far).
    #[inline(always)]
    pub(super) fn ascii(&self) -> bool {
        !self.high
    }

    /// Classifies the next block.
    #[inline(never)]
    fn refill(&mut self) -> Option<()> {
        let start = self.next_block;
        let rest = self.b.get(start..).filter(|r| !r.is_empty())?;
        let step = self.step;
        let (entries, backslash, high) = match rest.first_chunk::<64>() {
            // SAFETY: invariant 1: `Tokens::new` chose `step`, only among the ones this
            // processor runs (a feature detected first); the block is 64 bytes by its type.
            Some(block) => unsafe { step(block, &mut self.carry) }?,
            None => {
                // The last bytes, padded with spaces.
                let mut last = [b' '; 64];
                last[..rest.len()].copy_from_slice(rest);
                // SAFETY: as above: a `step` of `Tokens::new`, a 64-byte block.
                unsafe { step(&last, &mut self.carry) }?
            }
        };
        self.backslash |= backslash != 0;
        self.high |= high != 0;
        self.base = start;
        self.bits = entries;
        self.next_block = start + 64;
        Some(())
    }

    /// No token is left, and the text ends outside a string.
    pub(super) fn finished(&mut self) -> bool {
        while self.bits == 0 {
            if self.next_block >= self.b.len() {
                return self.carry.in_string == 0;
            }
            if self.refill().is_none() {
                return false;
            }
        }
        false
    }
}

fn step_portable(block: &[u8; 64], carry: &mut Carry) -> Option<(u64, u64, u64)> {
    let m = Portable::classify(block);
    Some((entries::<Portable>(m, carry)?, m.backslash, m.high))
}

#[cfg(target_arch = "x86_64")]
fn step_sse2(block: &[u8; 64], carry: &mut Carry) -> Option<(u64, u64, u64)> {
    let m = Sse2::classify(block);
    Some((entries::<Sse2>(m, carry)?, m.backslash, m.high))
}

#[cfg(target_arch = "x86_64")]
fn has_avx2() -> bool {
    std::arch::is_x86_feature_detected!("avx2")
        && std::arch::is_x86_feature_detected!("pclmulqdq")
        && std::arch::is_x86_feature_detected!("popcnt")
        && std::arch::is_x86_feature_detected!("bmi1")
}

/// # Safety
/// The processor must have AVX2, PCLMULQDQ, POPCNT and BMI1 (invariant 1: [`Tokens::new`]
/// checks them with [`has_avx2`]).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,pclmulqdq,popcnt,bmi1")]
unsafe fn step_avx2_unchecked(block: &[u8; 64], carry: &mut Carry) -> Option<(u64, u64, u64)> {
    let m = Avx2::classify(block);
    Some((entries::<Avx2>(m, carry)?, m.backslash, m.high))
}

#[cfg(target_arch = "x86_64")]
fn has_avx512() -> bool {
    has_avx2()
        && std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512bw")
}

/// # Safety
/// The processor must have AVX-512 F and BW, AVX2, PCLMULQDQ, POPCNT and BMI1 (invariant 1:
/// [`Tokens::new`] checks them with [`has_avx512`]).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx2,pclmulqdq,popcnt,bmi1")]
unsafe fn step_avx512_unchecked(block: &[u8; 64], carry: &mut Carry) -> Option<(u64, u64, u64)> {
    let m = Avx512::classify(block);
    Some((entries::<Avx512>(m, carry)?, m.backslash, m.high))
}

/// A classifier of 64 bytes, and the prefix XOR that goes with it.
trait Classify {
    fn classify(block: &[u8; 64]) -> Masks;

    /// Bit `k` of the result: the XOR of bits `0..=k` of `x`.
    #[inline(always)]
    fn prefix_xor(mut x: u64) -> u64 {
        x ^= x << 1;
        x ^= x << 2;
        x ^= x << 4;
        x ^= x << 8;
        x ^= x << 16;
        x ^= x << 32;
        x
    }
}

/// What is carried from one block to the next.
#[derive(Default)]
struct Carry {
    /// All ones when the previous block ended inside a string.
    in_string: u64,
    /// 1 when the first byte of this block is escaped (the previous one ended with an
    /// escaping backslash).
    escaped: u64,
    /// 1 when the previous block ended with an "other" byte (part of a literal or number).
    other: u64,
}

/// The escaped bytes of a block (each byte right after an escaping backslash), a backslash
/// escaping the next one unless it is escaped itself.
#[inline(always)]
fn escaped(backslash: u64, carry: &mut u64) -> u64 {
    let mut escaped = *carry;
    let mut escapes = backslash & !*carry;
    *carry = 0;
    while escapes != 0 {
        let at = escapes.trailing_zeros();
        if at == 63 {
            *carry = 1;
        } else {
            escaped |= 1 << (at + 1);
        }
        // The byte after an escape is escaped: it escapes nothing.
        escapes &= !(3u64 << at);
    }
    escaped
}

/// The entries of one block, given its masks; `None` for a control character in a string.
#[inline(always)]
fn entries<C: Classify>(m: Masks, carry: &mut Carry) -> Option<u64> {
    let escaped = if (m.backslash | carry.escaped) == 0 {
        0
    } else {
        escaped(m.backslash, &mut carry.escaped)
    };
    let quote = m.quote & !escaped;
    // Opening quotes and what follows them, closing quotes excluded.
    let in_string = C::prefix_xor(quote) ^ carry.in_string;
    carry.in_string = 0u64.wrapping_sub(in_string >> 63);
    if m.control & in_string != 0 {
        return None;
    }
    // (A classifier may flag two control characters as structural.)
    let all_structural = m.structural & !m.control;
    let structural = all_structural & !in_string;
    let other = !(in_string | quote | m.ws | all_structural);
    let starts = other & !((other << 1) | carry.other);
    carry.other = other >> 63;
    Some(structural | quote | starts)
}

/// `x`, as a value the optimiser cannot see through. Without it, LLVM rewrites an OR of two
/// 32-bit masks of comparisons into a 64-lane vector of booleans, which it then lowers byte by
/// byte (some thirty instructions per lane group instead of one).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn opaque(mut x: u64) -> u64 {
    // SAFETY: invariant 4: an empty assembly block that claims to change `x` in its register:
    // it reads and writes no memory, uses no stack, leaves the flags alone.
    unsafe {
        std::arch::asm!("/* {0} */", inout(reg) x, options(pure, nomem, nostack, preserves_flags));
    }
    x
}

#[cfg(target_arch = "x86_64")]
impl Masks {
    /// Each mask through [`opaque`].
    #[inline(always)]
    fn opaque(self) -> Masks {
        Masks {
            quote: opaque(self.quote),
            backslash: opaque(self.backslash),
            control: opaque(self.control),
            ws: opaque(self.ws),
            structural: opaque(self.structural),
            high: opaque(self.high),
        }
    }
}

/// Bytes equal to zero, exactly: the high bit of each such byte.
#[inline(always)]
fn zero_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    !(((x & LOW7).wrapping_add(LOW7)) | x) & !LOW7
}

/// The high bits of a `u64`'s bytes (as [`zero_bytes`] leaves them) as 8 bits.
#[inline(always)]
fn gather(high: u64) -> u64 {
    ((high >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

struct Portable;

impl Classify for Portable {
    #[inline(always)]
    fn classify(block: &[u8; 64]) -> Masks {
        const ONES: u64 = 0x0101_0101_0101_0101;
        let eq = |w: u64, c: u8| zero_bytes(w ^ (ONES * u64::from(c)));
        let mut m = Masks::default();
        for (k, eight) in block.as_chunks::<8>().0.iter().enumerate() {
            let w = u64::from_le_bytes(*eight);
            let lowered = w | (ONES * 0x20);
            let at = 8 * k as u32;
            m.quote |= gather(eq(w, b'"')) << at;
            m.backslash |= gather(eq(w, b'\\')) << at;
            m.control |= gather(zero_bytes(w & (ONES * 0xE0))) << at;
            m.ws |= gather(eq(w, b' ') | eq(w, b'\t') | eq(w, b'\n') | eq(w, b'\r')) << at;
            m.structural |=
                gather(eq(lowered, b'{') | eq(lowered, b'}') | eq(w, b':') | eq(w, b',')) << at;
            m.high |= gather(w & (ONES * 0x80)) << at;
        }
        m
    }
}

#[cfg(target_arch = "x86_64")]
struct Sse2;

#[cfg(target_arch = "x86_64")]
impl Classify for Sse2 {
    #[inline(always)]
    fn classify(block: &[u8; 64]) -> Masks {
        // SAFETY: invariant 2: SSE2 is in x86-64's baseline (every x86-64 processor has it).
        let m = unsafe { classify_sse2(block) };
        m.opaque()
    }
}

/// The sixteen-byte comparisons of `$v`'s bytes with a constant, an OR of them, their bits.
#[cfg(target_arch = "x86_64")]
macro_rules! eq_bytes {
    ($cmp:ident, $set:ident, $v:expr, $c:expr) => {
        $cmp($v, $set($c as i8))
    };
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn classify_sse2(block: &[u8; 64]) -> Masks {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    let mut m = Masks::default();
    for (k, sixteen) in block.as_chunks::<16>().0.iter().enumerate() {
        // SAFETY: invariant 3: `sixteen` is a `&[u8; 16]`, so the pointer is to 16 readable
        // bytes; `loadu` needs no alignment.
        let v = unsafe { _mm_loadu_si128(sixteen.as_ptr().cast::<__m128i>()) };
        let lowered = _mm_or_si128(v, _mm_set1_epi8(0x20));
        let at = 16 * k;
        let bits = |x: i32| u64::from(x as u16) << at;
        macro_rules! eq {
            ($c:expr) => {
                eq_bytes!(_mm_cmpeq_epi8, _mm_set1_epi8, v, $c)
            };
        }
        m.quote |= bits(_mm_movemask_epi8(eq!(b'"')));
        m.backslash |= bits(_mm_movemask_epi8(eq!(b'\\')));
        m.control |= bits(_mm_movemask_epi8(_mm_cmpeq_epi8(
            _mm_min_epu8(v, _mm_set1_epi8(0x1F)),
            v,
        )));
        m.ws |= bits(_mm_movemask_epi8(_mm_or_si128(
            _mm_or_si128(eq!(b' '), eq!(b'\t')),
            _mm_or_si128(eq!(b'\n'), eq!(b'\r')),
        )));
        m.structural |= bits(_mm_movemask_epi8(_mm_or_si128(
            _mm_or_si128(
                eq_bytes!(_mm_cmpeq_epi8, _mm_set1_epi8, lowered, b'{'),
                eq_bytes!(_mm_cmpeq_epi8, _mm_set1_epi8, lowered, b'}'),
            ),
            _mm_or_si128(eq!(b':'), eq!(b',')),
        )));
        m.high |= bits(_mm_movemask_epi8(v));
    }
    m
}

#[cfg(target_arch = "x86_64")]
struct Avx2;

#[cfg(target_arch = "x86_64")]
impl Classify for Avx2 {
    #[inline(always)]
    fn classify(block: &[u8; 64]) -> Masks {
        // SAFETY: invariant 1: `Avx2` is named only in `step_avx2_unchecked`, which
        // `Tokens::new` chooses only when the processor has AVX2.
        let m = unsafe { classify_avx2(block) };
        m.opaque()
    }

    #[inline(always)]
    fn prefix_xor(x: u64) -> u64 {
        // SAFETY: invariant 1: `Avx2` is named only in `step_avx2_unchecked`, which
        // `Tokens::new` chooses only when the processor has PCLMULQDQ.
        unsafe { prefix_xor_clmul(x) }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "pclmulqdq")]
#[inline]
fn prefix_xor_clmul(x: u64) -> u64 {
    use std::arch::x86_64::{_mm_clmulepi64_si128, _mm_cvtsi128_si64, _mm_set_epi64x};
    let product = _mm_clmulepi64_si128(_mm_set_epi64x(0, x as i64), _mm_set_epi64x(0, -1), 0);
    _mm_cvtsi128_si64(product) as u64
}

/// For a byte's low four bits, the one white-space byte with those bits (0xFF: none; a byte
/// with its high bit set looks up zero, which no such byte is).
#[cfg(target_arch = "x86_64")]
const WS_TABLE: [u8; 16] = [
    b' ', 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, b'\t', b'\n', 0xFF, 0xFF, b'\r', 0xFF,
    0xFF,
];

/// The same for the structural bytes once OR-ed with 0x20 (`[` is then `{`, `]` is `}`); two
/// control characters match too (0x0C, 0x1A), which the caller removes.
#[cfg(target_arch = "x86_64")]
const STRUCTURAL_TABLE: [u8; 16] = [
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, b':', b'{', b',', b'}', 0xFF, 0xFF,
];

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
fn classify_avx2(block: &[u8; 64]) -> Masks {
    use std::arch::x86_64::{
        __m256i, _mm_loadu_si128, _mm256_broadcastsi128_si256, _mm256_cmpeq_epi8,
        _mm256_loadu_si256, _mm256_min_epu8, _mm256_movemask_epi8, _mm256_or_si256,
        _mm256_set1_epi8, _mm256_shuffle_epi8,
    };
    // SAFETY: invariant 3: `WS_TABLE` is a `[u8; 16]`: 16 readable bytes, an unaligned load.
    let ws_table =
        _mm256_broadcastsi128_si256(unsafe { _mm_loadu_si128(WS_TABLE.as_ptr().cast()) });
    // SAFETY: invariant 3: the same for `STRUCTURAL_TABLE`.
    let structural_table =
        _mm256_broadcastsi128_si256(unsafe { _mm_loadu_si128(STRUCTURAL_TABLE.as_ptr().cast()) });
    let mut m = Masks::default();
    for (k, half) in block.as_chunks::<32>().0.iter().enumerate() {
        // SAFETY: invariant 3: `half` is a `&[u8; 32]`: 32 readable bytes, an unaligned load.
        let v = unsafe { _mm256_loadu_si256(half.as_ptr().cast::<__m256i>()) };
        let lowered = _mm256_or_si256(v, _mm256_set1_epi8(0x20));
        let at = 32 * k;
        let bits = |x: i32| u64::from(x as u32) << at;
        m.quote |= bits(_mm256_movemask_epi8(eq_bytes!(
            _mm256_cmpeq_epi8,
            _mm256_set1_epi8,
            v,
            b'"'
        )));
        m.backslash |= bits(_mm256_movemask_epi8(eq_bytes!(
            _mm256_cmpeq_epi8,
            _mm256_set1_epi8,
            v,
            b'\\'
        )));
        m.control |= bits(_mm256_movemask_epi8(_mm256_cmpeq_epi8(
            _mm256_min_epu8(v, _mm256_set1_epi8(0x1F)),
            v,
        )));
        m.ws |= bits(_mm256_movemask_epi8(_mm256_cmpeq_epi8(
            _mm256_shuffle_epi8(ws_table, v),
            v,
        )));
        m.structural |= bits(_mm256_movemask_epi8(_mm256_cmpeq_epi8(
            _mm256_shuffle_epi8(structural_table, v),
            lowered,
        )));
        m.high |= bits(_mm256_movemask_epi8(v));
    }
    m
}

#[cfg(target_arch = "x86_64")]
struct Avx512;

#[cfg(target_arch = "x86_64")]
impl Classify for Avx512 {
    #[inline(always)]
    fn classify(block: &[u8; 64]) -> Masks {
        // SAFETY: invariant 1: `Avx512` is named only in `step_avx512_unchecked`, which
        // `Tokens::new` chooses only when the processor has AVX-512 F and BW.
        let m = unsafe { classify_avx512(block) };
        m.opaque()
    }

    #[inline(always)]
    fn prefix_xor(x: u64) -> u64 {
        // SAFETY: invariant 1: as above, and `Tokens::new` checks PCLMULQDQ with AVX-512.
        unsafe { prefix_xor_clmul(x) }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw")]
#[inline]
fn classify_avx512(block: &[u8; 64]) -> Masks {
    use std::arch::x86_64::{
        _mm_loadu_si128, _mm512_broadcast_i32x4, _mm512_cmpeq_epi8_mask, _mm512_cmplt_epu8_mask,
        _mm512_loadu_si512, _mm512_movepi8_mask, _mm512_or_si512, _mm512_set1_epi8,
        _mm512_shuffle_epi8,
    };
    // SAFETY: invariant 3: `WS_TABLE` is a `[u8; 16]`: 16 readable bytes, an unaligned load.
    let ws_table = _mm512_broadcast_i32x4(unsafe { _mm_loadu_si128(WS_TABLE.as_ptr().cast()) });
    // SAFETY: invariant 3: the same for `STRUCTURAL_TABLE`.
    let structural_table =
        _mm512_broadcast_i32x4(unsafe { _mm_loadu_si128(STRUCTURAL_TABLE.as_ptr().cast()) });
    // SAFETY: invariant 3: `block` is a `&[u8; 64]`: 64 readable bytes, an unaligned load.
    let v = unsafe { _mm512_loadu_si512(block.as_ptr().cast()) };
    let lowered = _mm512_or_si512(v, _mm512_set1_epi8(0x20));
    Masks {
        quote: eq_bytes!(_mm512_cmpeq_epi8_mask, _mm512_set1_epi8, v, b'"'),
        backslash: eq_bytes!(_mm512_cmpeq_epi8_mask, _mm512_set1_epi8, v, b'\\'),
        control: _mm512_cmplt_epu8_mask(v, _mm512_set1_epi8(0x20)),
        ws: _mm512_cmpeq_epi8_mask(_mm512_shuffle_epi8(ws_table, v), v),
        structural: _mm512_cmpeq_epi8_mask(_mm512_shuffle_epi8(structural_table, v), lowered),
        high: _mm512_movepi8_mask(v),
    }
}

/// The tokens as the scalar definition gives them (for tests): what [`Tokens`] gives (`None`:
/// a control character in a string, or a string not closed).
#[cfg(test)]
pub(super) fn reference(b: &[u8]) -> Option<(Vec<u32>, bool)> {
    let mut out = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut other = false;
    for (i, &c) in b.iter().enumerate() {
        let i = u32::try_from(i).ok()?;
        let is_escaped = std::mem::take(&mut escaped);
        if c == b'\\' && !is_escaped {
            escaped = true;
        }
        if c == b'"' && !is_escaped {
            out.push(i);
            in_string = !in_string;
            other = false;
            continue;
        }
        if in_string {
            if c < 0x20 {
                return None;
            }
            continue;
        }
        let structural = matches!(c, b'{' | b'}' | b'[' | b']' | b':' | b',');
        let ws = matches!(c, b' ' | b'\t' | b'\n' | b'\r');
        if structural || (!ws && !other) {
            out.push(i);
        }
        other = !structural && !ws;
    }
    if in_string {
        return None;
    }
    Some((out, b.contains(&b'\\')))
}
