//! Profiles read straight from their JSON text, for deciding millions of them
//! (`ppstudio audience`): one validating pass over the text ([`super::Compiled::scan`]) notes
//! where the value of each top-level key the rules read lies; nothing is copied or built. The
//! rule then reads those values lazily ([`Raw`]), with the same semantics as a parsed
//! [`serde_json::Value`] (`SKIP.md` §2.1): keys compared lower-cased, the first of two colliding
//! keys winning, a key repeated exactly keeping its last value (as `JSON.parse` does), arrays
//! as objects keyed `"0"`, `"1"`...
//!
//! The pass accepts exactly what `serde_json` accepts into a `Value` (the preview's, the
//! journeys' and `simulate`'s reading, [`super::profile::parse_profile`]): one answer on what a
//! profile is. Two refusals are of text `JSON.parse` (the platform's reader) reads but no
//! `Value` holds, said in the same words and at the same place by every reader
//! ([`crate::project::error::LONE_SURROGATE`], [`crate::project::error::TOO_LARGE`]): a `\u`
//! escape of half a character and a number past a double's range (`1e400`). Nesting deeper
//! than 127 containers is refused, as `serde_json` refuses it.
//!
//! # Why hand-written, and its room
//!
//! No crate measured reads as fast (issue 27; `cargo bench --no-default-features --bench
//! audience` prints the figures side by side, the README has them): `serde_json` merely
//! validating (`IgnoredAny`) is close to the scan, but it does not note where the rules' keys
//! lie, and a visitor that does (tried: `text.rs`, reverted) ran at half the scan's speed;
//! `sonic-rs` and `simd-json` validating alone were no faster than `serde_json`. So the scan
//! stays, in this directory alone, checked three ways: every kernel against the exact reader
//! and `serde_json` (unit and property tests here and in `tests/audience_agrees.rs`), a
//! cargo-fuzz differential (`fuzz/fuzz_targets/profiles.rs`, under AddressSanitizer) and Miri
//! over the portable kernel (`cargo +nightly miri test --no-default-features --lib
//! asked::raw`).
//!
//! # The invariants `unsafe` relies on
//!
//! Only `index.rs` (the block classifiers) has `unsafe`; `src/lib.rs` denies `unsafe_code`
//! everywhere else, and `index.rs` denies an unsafe operation without its own block and its
//! `// SAFETY:` reason. Every other file reads the text through checked slices (`get`), so a
//! mistake there is a wrong answer or a panic, never undefined behaviour.
//!
//! 1. A classifier that needs processor features (AVX2, AVX-512, PCLMULQDQ, ...) runs only
//!    when they were detected at run time: `index::Tokens::new` is the one place that turns a
//!    `Kernel` into a `Step` function pointer, and it picks `step_avx2_unchecked` or
//!    `step_avx512_unchecked` only after `has_avx2()` / `has_avx512()` say yes (SSE2
//!    otherwise); the types `Avx2` and `Avx512`, whose methods call feature-gated functions,
//!    are named only inside those two functions.
//! 2. SSE2 needs no check: it is in the x86-64 baseline.
//! 3. Every SIMD load reads from a fixed-size array (`&[u8; 16]`, `&[u8; 32]`, `&[u8; 64]`,
//!    the 16-byte tables) exactly as many bytes as its type holds, with an unaligned load; the
//!    last, short block of a text is copied into a padded 64-byte array first.
//! 4. `index::opaque`'s assembly is empty: it touches no memory, stack or flags; it only hides
//!    a value from the optimiser.
//!
//! A mistake in the classifiers' masks (a logic error, not memory) makes the fast path give up
//! and the exact reader answer, never accept invalid text: the fast path checks the grammar
//! over the tokens and every scalar's bytes itself (`fast.rs`).

use std::borrow::Cow;

use super::json::{JsonValue, Kind, ProfileView};
use super::profile::eq_lower;

mod cursor;
mod fast;
// The one file with `unsafe` (the invariants above).
#[allow(unsafe_code)]
mod index;
mod keys;
mod value;

use cursor::Cursor;
pub(crate) use cursor::find_special_at;
pub(crate) use keys::AsciiKeys;
pub use value::{Raw, unescape};

/// Containers nested deeper than this (the profile's own object included) are refused, as
/// `serde_json` refuses them.
pub const MAX_DEPTH: u32 = 128;

/// Why a text is not a profile, and where (a byte offset into the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    /// Byte offset of the fault in the text.
    pub offset: usize,
    /// What is wrong, in the words `serde_json` uses where it has some.
    pub message: Cow<'static, str>,
    /// The text is valid JSON, but not an object.
    pub not_an_object: bool,
}

#[cold]
fn fail(offset: usize, message: &'static str) -> ScanError {
    ScanError {
        offset,
        message: Cow::Borrowed(message),
        not_an_object: false,
    }
}

/// Where the value of each top-level key the rules read lies in the text, reused from one
/// profile to the next (no allocation per profile).
#[derive(Debug, Clone, Default)]
pub struct RawSlots {
    slots: Vec<Entry>,
    generation: u32,
}

#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    /// The profile this entry belongs to (stale entries are empty).
    generation: u32,
    /// The key's span, quotes excluded, and whether it has escapes.
    key: (usize, usize),
    key_escaped: bool,
    /// The value's span.
    value: (usize, usize),
}

impl RawSlots {
    /// Starts a new profile with `n` slots, all empty.
    fn begin(&mut self, n: usize) {
        if self.slots.len() < n {
            self.slots.resize(n, Entry::default());
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            // Once in four billion profiles: old entries could look current.
            self.slots.fill(Entry::default());
            self.generation = 1;
        }
    }

    /// Records the value of a key that lower-cases to the slot's key: the first such key wins;
    /// the same key repeated exactly replaces its value.
    fn record(&mut self, text: &str, slot: u16, entry: Entry) {
        let generation = self.generation;
        let Some(e) = self.slots.get_mut(usize::from(slot)) else {
            return;
        };
        if e.generation != generation {
            *e = Entry {
                generation,
                ..entry
            };
        } else if same_key(text, e, &entry) {
            e.value = entry.value;
        }
    }
}

/// Whether two recorded keys are the same text once escapes are resolved.
fn same_key(text: &str, a: &Entry, b: &Entry) -> bool {
    let ka = text.get(a.key.0..a.key.1).unwrap_or_default();
    let kb = text.get(b.key.0..b.key.1).unwrap_or_default();
    if !a.key_escaped && !b.key_escaped {
        return ka == kb;
    }
    unescape(ka) == unescape(kb)
}

/// A profile read from its text by [`super::Compiled::scan`]: borrows the text and the slots.
#[derive(Debug)]
pub struct RawProfile<'a, 'p> {
    text: &'p str,
    slots: &'a RawSlots,
    provider: Option<Cow<'p, str>>,
    email: bool,
}

impl<'p> ProfileView<'p> for RawProfile<'_, 'p> {
    type Value = Raw<'p>;

    fn get(&self, slot: u16) -> Option<Raw<'p>> {
        let e = self.slots.slots.get(usize::from(slot))?;
        if e.generation != self.slots.generation {
            return None;
        }
        self.text.get(e.value.0..e.value.1).map(|text| Raw { text })
    }

    fn provider(&self) -> Option<&str> {
        self.provider.as_deref()
    }

    fn email(&self) -> bool {
        self.email
    }
}

impl super::Compiled {
    /// Reads one profile's JSON text (a whole JSON Lines line, or one element of an array):
    /// checks that it is valid JSON and an object, and notes where the values of the keys the
    /// rules read lie, in `slots` (reused between profiles). `Err` says where and what is wrong.
    pub fn scan<'a, 'p>(
        &self,
        text: &'p str,
        slots: &'a mut RawSlots,
    ) -> Result<RawProfile<'a, 'p>, ScanError> {
        static KERNEL: std::sync::OnceLock<index::Kernel> = std::sync::OnceLock::new();
        self.scan_with(Some(*KERNEL.get_or_init(index::Kernel::best)), text, slots)
    }

    /// [`Compiled::scan`] by the exact reader alone and by the fast path of every kernel this
    /// processor runs (the portable one included): `Err` with the first two answers that
    /// differ; else the one answer (`Ok(None)`: a profile; `Ok(Some(e))`: why not). For the
    /// fuzzer's and tests' differentials.
    #[doc(hidden)]
    pub fn scan_every_way(&self, text: &str) -> Result<Option<ScanError>, String> {
        let mut slots = RawSlots::default();
        let mut answer = |kernel: Option<index::Kernel>| {
            self.scan_with(kernel, text, &mut slots).map(|p| {
                let values: Vec<Option<&str>> = (0..u16::try_from(self.keys.len()).unwrap_or(0))
                    .map(|s| p.get(s).map(Raw::text))
                    .collect();
                format!("{values:?} {:?} {}", p.provider(), p.email())
            })
        };
        let exact = answer(None);
        for kernel in index::Kernel::all() {
            let fast = answer(Some(kernel));
            if fast != exact {
                return Err(format!("{kernel:?}: {fast:?}, the exact reader: {exact:?}"));
            }
        }
        Ok(exact.err())
    }

    /// [`Compiled::scan`] with the fast path's kernel given (`None`: the exact reader alone).
    fn scan_with<'a, 'p>(
        &self,
        kernel: Option<index::Kernel>,
        text: &'p str,
        slots: &'a mut RawSlots,
    ) -> Result<RawProfile<'a, 'p>, ScanError> {
        slots.begin(self.keys.len());
        if let Some(kernel) = kernel {
            match self.scan_fast(kernel, text, slots) {
                Some(provider) => return Ok(profile(text, slots, provider)),
                // What the fast path recorded is dropped.
                None => slots.begin(self.keys.len()),
            }
        }
        let provider = self.scan_exact(text, slots)?;
        Ok(profile(text, slots, provider))
    }

    /// A member of the profile: notes where its value lies if the rules read its key.
    /// `in_place`: the key is read where it lies in the text (the fast path), and whether the
    /// text up to its end is known to be ASCII; `None`: the key alone (the exact reader, so
    /// that the two paths check each other).
    #[inline(always)]
    fn member(
        &self,
        text: &str,
        slots: &mut RawSlots,
        entry: Entry,
        provider: &mut Option<(usize, usize)>,
        in_place: Option<bool>,
    ) {
        let (key_start, key_end) = entry.key;
        let probe = match (entry.key_escaped, in_place) {
            (true, _) => None,
            // The common case: matched as written, no copy.
            (false, Some(ascii)) => self
                .ascii
                .probe_in(text.as_bytes(), key_start, key_end, ascii),
            (false, None) => self
                .ascii
                .probe(text.as_bytes().get(key_start..key_end).unwrap_or_default()),
        };
        let slot = if let Some((slot, is_provider)) = probe {
            if is_provider {
                *provider = Some(entry.value);
            }
            slot
        } else {
            let key_text = text.get(key_start..key_end).unwrap_or_default();
            let key = if entry.key_escaped {
                unescape(key_text)
            } else {
                Cow::Borrowed(key_text)
            };
            if key == "Provider" {
                *provider = Some(entry.value);
            }
            self.slot_for(&key)
        };
        if let Some(slot) = slot {
            slots.record(text, slot, entry);
        }
    }

    /// The exact reader, byte by byte: the `Provider`'s value span, or where and what is
    /// wrong.
    fn scan_exact(
        &self,
        text: &str,
        slots: &mut RawSlots,
    ) -> Result<Option<(usize, usize)>, ScanError> {
        let b = text.as_bytes();
        let mut c = Cursor { b, i: 0 };
        c.ws();
        match c.peek() {
            Some(b'{') => {}
            Some(_) => {
                let kind = c.value(0)?;
                c.ws();
                if c.i < b.len() {
                    return Err(fail(c.i, "trailing characters"));
                }
                return Err(ScanError {
                    offset: 0,
                    message: Cow::Owned(format!(
                        "{}, not a profile (a profile is a JSON object)",
                        kind_words(kind)
                    )),
                    not_an_object: true,
                });
            }
            None => return Err(fail(c.i, "EOF while parsing a value")),
        }
        c.i += 1;
        c.ws();
        let mut provider = None;
        if c.peek() == Some(b'}') {
            c.i += 1;
        } else {
            loop {
                if c.peek() != Some(b'"') {
                    return Err(fail(c.i, "key must be a string"));
                }
                let start = c.i + 1;
                let escaped = c.string()?;
                let key_span = (start, c.i - 1);
                c.ws();
                if c.peek() != Some(b':') {
                    return Err(fail(c.i, "expected `:`"));
                }
                c.i += 1;
                c.ws();
                let value_start = c.i;
                c.value(1)?;
                self.member(
                    text,
                    slots,
                    Entry {
                        generation: 0,
                        key: key_span,
                        key_escaped: escaped,
                        value: (value_start, c.i),
                    },
                    &mut provider,
                    None,
                );
                c.ws();
                match c.peek() {
                    Some(b',') => {
                        c.i += 1;
                        c.ws();
                    }
                    Some(b'}') => {
                        c.i += 1;
                        break;
                    }
                    Some(_) => return Err(fail(c.i, "expected `,` or `}`")),
                    None => return Err(fail(c.i, "EOF while parsing an object")),
                }
            }
        }
        c.ws();
        if c.i < b.len() {
            return Err(fail(c.i, "trailing characters"));
        }
        Ok(provider)
    }
}

/// The profile read, given its `Provider`'s value span (a key repeated exactly: the last
/// value, as JSON.parse gives).
fn profile<'a, 'p>(
    text: &'p str,
    slots: &'a RawSlots,
    provider: Option<(usize, usize)>,
) -> RawProfile<'a, 'p> {
    let provider = provider
        .and_then(|(s, e)| text.get(s..e))
        .and_then(|t| Raw { text: t }.str());
    let email = provider
        .as_deref()
        .is_none_or(|p| eq_lower(p, "email") || eq_lower(p, "raas"));
    RawProfile {
        text,
        slots,
        provider,
        email,
    }
}

fn kind_words(kind: Kind) -> &'static str {
    match kind {
        Kind::Null => "null",
        Kind::Bool => "a boolean",
        Kind::Number => "a number",
        Kind::String => "a string",
        Kind::Array => "an array",
        Kind::Object => "an object",
    }
}

#[cfg(test)]
mod tests;
