//! The validating reader of JSON text behind [`super::super::Compiled::scan`], and the search for
//! the bytes that end a string's plain run.

use super::{MAX_DEPTH, ScanError, fail};
use crate::asked::json::Kind;
use crate::project::error::{LONE_SURROGATE, TOO_LARGE};

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `w` that is `"`, `\` or a control character (below 0x20).
/// Only the lowest flagged byte is exact (borrows can flag bytes above it), which is all a
/// search needs.
#[inline]
fn special_bytes(w: u64) -> u64 {
    // XOR with 0x02 maps `"` (0x22) to 0x20 and the control characters among themselves, so
    // "below 0x21" after it is exactly "a quote or a control character": two tests, not three.
    let quote_or_control = w ^ (ONES * 0x02);
    let backslash = w ^ (ONES * u64::from(b'\\'));
    (quote_or_control.wrapping_sub(ONES * 0x21) & !quote_or_control & HIGH)
        | (backslash.wrapping_sub(ONES) & !backslash & HIGH)
}

/// The first `"`, `\` or control character at or after `i` (or the end).
#[inline]
pub(crate) fn find_special_at(b: &[u8], i: usize) -> usize {
    find_special(b, i)
}

#[inline(always)]
pub(super) fn find_special(b: &[u8], mut i: usize) -> usize {
    while let Some(eight) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let m = special_bytes(u64::from_le_bytes(*eight));
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&c) = b.get(i) {
        if c == b'"' || c == b'\\' || c < 0x20 {
            return i;
        }
        i += 1;
    }
    i
}

/// Whether a valid JSON number, with `whole` digits before its fraction (and an `exponent` or not), is past a double's
/// range (`JSON.parse` reads it as Infinity; `serde_json` refuses it, as the scan does, in
/// words). Only a number with an exponent or over 308 whole digits can be: the others cost a
/// comparison.
#[inline(always)]
pub(super) fn past_a_double(number: &[u8], whole: usize, exponent: bool) -> bool {
    (whole > 308 || exponent) && infinite(number)
}

#[cold]
#[inline(never)]
fn infinite(number: &[u8]) -> bool {
    std::str::from_utf8(number)
        .ok()
        .and_then(|t| t.parse::<f64>().ok())
        .is_some_and(f64::is_infinite)
}

/// Where in a number past a double's range `serde_json` says it is (so that every reader
/// gives the same column): at the exponent's digit where it overflows an `i32`, else at the
/// last digit.
#[cold]
fn too_large_at(number: &[u8]) -> usize {
    let last = number.len().saturating_sub(1);
    let Some(e) = number.iter().position(|&c| c | 0x20 == b'e') else {
        return last;
    };
    let mut digits = number.iter().enumerate().skip(e + 1);
    match number.get(e + 1) {
        Some(b'-') => return last,
        Some(b'+') => _ = digits.next(),
        _ => {}
    }
    let mut exp: i32 = 0;
    for (i, &c) in digits {
        let digit = i32::from(c - b'0');
        match exp.checked_mul(10).and_then(|x| x.checked_add(digit)) {
            Some(x) => exp = x,
            None => return i,
        }
    }
    last
}

/// A validating reader of JSON text.
pub(super) struct Cursor<'b> {
    pub(super) b: &'b [u8],
    pub(super) i: usize,
}

impl Cursor<'_> {
    #[inline]
    pub(super) fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    #[inline]
    pub(super) fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.i += 1;
        }
    }

    /// A string, at its opening quote; `Ok(true)` when it has escapes.
    #[inline(always)]
    pub(super) fn string(&mut self) -> Result<bool, ScanError> {
        // The common case, kept inline: no escape up to the closing quote.
        let end = find_special(self.b, self.i + 1);
        if self.b.get(end) == Some(&b'"') {
            self.i = end + 1;
            return Ok(false);
        }
        self.string_rest()
    }

    /// [`Cursor::string`] with escapes or a fault, from the opening quote.
    #[inline(never)]
    fn string_rest(&mut self) -> Result<bool, ScanError> {
        self.i += 1;
        let mut escaped = false;
        loop {
            self.i = find_special(self.b, self.i);
            match self.peek() {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(escaped);
                }
                Some(b'\\') => {
                    escaped = true;
                    self.escape()?;
                }
                Some(_) => {
                    return Err(fail(
                        self.i,
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ));
                }
                None => return Err(fail(self.i, "EOF while parsing a string")),
            }
        }
    }

    /// An escape, at its backslash.
    pub(super) fn escape(&mut self) -> Result<(), ScanError> {
        match self.b.get(self.i + 1) {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                self.i += 2;
                Ok(())
            }
            Some(b'u') => {
                let unit = self.hex(self.i + 2)?;
                // Half a character alone (JSON.parse reads it; no Rust string holds it) is
                // refused as `serde_json` refuses it when it builds a `Value`, in words.
                if (0xDC00..0xE000).contains(&unit) {
                    return Err(fail(self.i + 5, LONE_SURROGATE));
                }
                self.i += 6;
                if (0xD800..0xDC00).contains(&unit) {
                    // A leading half: the trailing half must follow at once.
                    for (k, want) in [(0, b'\\'), (1, b'u')] {
                        match self.b.get(self.i + k) {
                            Some(&c) if c == want => {}
                            Some(_) => return Err(fail(self.i + k, LONE_SURROGATE)),
                            None => return Err(fail(self.b.len(), "EOF while parsing a string")),
                        }
                    }
                    let trailing = self.hex(self.i + 2)?;
                    if !(0xDC00..0xE000).contains(&trailing) {
                        return Err(fail(self.i + 5, LONE_SURROGATE));
                    }
                    self.i += 6;
                }
                Ok(())
            }
            Some(_) => Err(fail(self.i + 1, "invalid escape")),
            None => Err(fail(self.b.len(), "EOF while parsing a string")),
        }
    }

    /// The four hex digits at `at` (after a `\\u`), as a UTF-16 code unit.
    fn hex(&self, at: usize) -> Result<u32, ScanError> {
        let mut unit = 0;
        for k in at..at + 4 {
            match self.b.get(k) {
                Some(&h) => match char::from(h).to_digit(16) {
                    Some(d) => unit = unit * 16 + d,
                    None => return Err(fail(k, "invalid escape")),
                },
                None => return Err(fail(self.b.len(), "EOF while parsing a string")),
            }
        }
        Ok(unit)
    }

    pub(super) fn digits(&mut self) -> usize {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        self.i - start
    }

    pub(super) fn number(&mut self) -> Result<(), ScanError> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let whole = match self.peek() {
            Some(b'0') => {
                self.i += 1;
                1
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(fail(self.i, "invalid number")),
        };
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(fail(self.i, "invalid number"));
            }
        }
        let exponent = matches!(self.peek(), Some(b'e' | b'E'));
        if exponent {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(fail(self.i, "invalid number"));
            }
        }
        let number = self.b.get(start..self.i).unwrap_or_default();
        if past_a_double(number, whole, exponent) {
            return Err(fail(start + too_large_at(number), TOO_LARGE));
        }
        Ok(())
    }

    #[inline(always)]
    pub(super) fn literal(&mut self, word: &[u8]) -> Result<(), ScanError> {
        if self.b.get(self.i..self.i + word.len()) == Some(word) {
            self.i += word.len();
            Ok(())
        } else {
            Err(fail(self.i, "expected value"))
        }
    }

    /// A scalar value (not a container); its kind.
    #[inline(always)]
    pub(super) fn scalar(&mut self) -> Result<Kind, ScanError> {
        match self.peek() {
            Some(b'"') => self.string().map(|_| Kind::String),
            Some(b't') => self.literal(b"true").map(|()| Kind::Bool),
            Some(b'f') => self.literal(b"false").map(|()| Kind::Bool),
            Some(b'n') => self.literal(b"null").map(|()| Kind::Null),
            Some(b'-' | b'0'..=b'9') => self.number().map(|()| Kind::Number),
            Some(_) => Err(fail(self.i, "expected value")),
            None => Err(fail(self.i, "EOF while parsing a value")),
        }
    }

    /// Any value, inside `depth` open containers; its kind.
    #[inline(always)]
    pub(super) fn value(&mut self, depth: u32) -> Result<Kind, ScanError> {
        match self.peek() {
            Some(b'{') => self.container(depth).map(|()| Kind::Object),
            Some(b'[') => self.container(depth).map(|()| Kind::Array),
            _ => self.scalar(),
        }
    }

    /// An object member's key and colon.
    pub(super) fn key(&mut self) -> Result<(), ScanError> {
        if self.peek() != Some(b'"') {
            return Err(fail(
                self.i,
                if self.peek().is_none() {
                    "EOF while parsing an object"
                } else {
                    "key must be a string"
                },
            ));
        }
        self.string()?;
        self.ws();
        if self.peek() != Some(b':') {
            return Err(fail(self.i, "expected `:`"));
        }
        self.i += 1;
        self.ws();
        Ok(())
    }

    /// After a member or element: a comma (`Ok(false)`) or the container's end (`Ok(true)`).
    pub(super) fn after_value(&mut self, object: bool) -> Result<bool, ScanError> {
        self.ws();
        match (self.peek(), object) {
            (Some(b','), _) => {
                self.i += 1;
                self.ws();
                Ok(false)
            }
            (Some(b'}'), true) | (Some(b']'), false) => {
                self.i += 1;
                Ok(true)
            }
            (None, true) => Err(fail(self.i, "EOF while parsing an object")),
            (None, false) => Err(fail(self.i, "EOF while parsing a list")),
            (Some(_), true) => Err(fail(self.i, "expected `,` or `}`")),
            (Some(_), false) => Err(fail(self.i, "expected `,` or `]`")),
        }
    }

    /// A container and everything in it, at its opening bracket, without recursion: a stack
    /// of one bit per open container (1: object).
    pub(super) fn container(&mut self, depth: u32) -> Result<(), ScanError> {
        let mut stack: u128 = 0;
        let mut open: u32 = 0;
        loop {
            // At an opening bracket.
            let object = self.peek() == Some(b'{');
            if depth + open + 1 >= MAX_DEPTH {
                return Err(fail(self.i, "recursion limit exceeded"));
            }
            stack = (stack << 1) | u128::from(object);
            open += 1;
            self.i += 1;
            self.ws();
            let mut closed = self.peek() == Some(if object { b'}' } else { b']' });
            if closed {
                self.i += 1;
            }
            loop {
                if closed {
                    stack >>= 1;
                    open -= 1;
                    if open == 0 {
                        return Ok(());
                    }
                    closed = self.after_value(stack & 1 == 1)?;
                    continue;
                }
                let in_object = stack & 1 == 1;
                if in_object {
                    self.key()?;
                }
                if let Some(b'{' | b'[') = self.peek() {
                    break;
                }
                self.scalar()?;
                closed = self.after_value(in_object)?;
            }
        }
    }
}
