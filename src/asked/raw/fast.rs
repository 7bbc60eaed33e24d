//! The scan's fast path: the text's grammar checked over its tokens ([`super::index`]) instead
//! of byte by byte. It answers only when the text is a valid
//! profile it can read whole: anything else (a fault, deep nesting, a string it cannot vouch
//! for) gives `None`, and the exact reader ([`super::cursor`]) scans the text again from the
//! start, so every error is the exact reader's, at its offset.
//!
//! What makes an accepted text valid JSON: every byte outside strings that is not white space
//! is in a token (a bracket, a colon, a comma, a quote, or the first byte of a run of
//! other bytes); each run is checked to be exactly a literal or a number, ending at white
//! space, a bracket, a colon or a comma; no string has a control character or is left open;
//! once a backslash is seen, each string is read again by the exact reader, which must end it
//! at the same quote; and the tokens follow JSON's grammar.

use super::cursor::{Cursor, past_a_double};
use super::index::{Kernel, Tokens};
use super::{Entry, RawSlots};
use crate::asked::Compiled;

/// The closing bracket of an object (`true`) or an array.
#[inline(always)]
fn closing(object: bool) -> u8 {
    if object { b'}' } else { b']' }
}

/// The end of the number at `i` (JSON's grammar, as [`Cursor::number`] reads it).
#[inline(always)]
fn number_end(b: &[u8], mut i: usize) -> Option<usize> {
    let start = i;
    let digits = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    let first = i;
    match b.get(i)? {
        b'0' => i += 1,
        b'1'..=b'9' => i = digits(i + 1),
        _ => return None,
    }
    let whole = i - first;
    if b.get(i) == Some(&b'.') {
        let end = digits(i + 1);
        if end == i + 1 {
            return None;
        }
        i = end;
    }
    let exponent = matches!(b.get(i), Some(b'e' | b'E'));
    if exponent {
        i += 1;
        if let Some(b'+' | b'-') = b.get(i) {
            i += 1;
        }
        let end = digits(i);
        if end == i {
            return None;
        }
        i = end;
    }
    // Past a double's range: the exact reader refuses it, in words.
    if past_a_double(b.get(start..i)?, whole, exponent) {
        return None;
    }
    Some(i)
}

/// The tokens of a text, in order.
struct Walk<'b> {
    b: &'b [u8],
    at: Tokens<'b>,
}

impl Walk<'_> {
    /// The next token: its offset and first byte.
    #[inline(always)]
    fn next(&mut self) -> Option<(usize, u8)> {
        let p = self.at.next()?;
        Some((p, *self.b.get(p)?))
    }

    /// The string whose opening quote is at `open`: its closing quote, and whether it has
    /// escapes.
    #[inline(always)]
    fn string(&mut self, open: usize) -> Option<(usize, bool)> {
        let close = self.at.next()?;
        if !self.at.backslash() {
            return Some((close, false));
        }
        let mut c = Cursor { b: self.b, i: open };
        let escaped = c.string().ok()?;
        (c.i == close + 1).then_some((close, escaped))
    }

    /// A literal or a number at `p`, which must end where its run of bytes ends: its end.
    #[inline(always)]
    fn scalar(&self, p: usize, c: u8) -> Option<usize> {
        let b = self.b;
        let four = || b.get(p..).and_then(<[u8]>::first_chunk::<4>);
        let end = match c {
            b't' => (four() == Some(b"true")).then_some(p + 4),
            b'f' => (four() == Some(b"fals") && b.get(p + 4) == Some(&b'e')).then_some(p + 5),
            b'n' => (four() == Some(b"null")).then_some(p + 4),
            b'-' | b'0'..=b'9' => number_end(b, p),
            _ => None,
        }?;
        match b.get(end) {
            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b':' | b'{' | b'}' | b'[' | b']') => {
                Some(end)
            }
            _ => None,
        }
    }

    /// A value that is not a container, at `p`: its end.
    #[inline(always)]
    fn simple(&mut self, p: usize, c: u8) -> Option<usize> {
        if c == b'"' {
            self.string(p).map(|(close, _)| close + 1)
        } else {
            self.scalar(p, c)
        }
    }

    /// Any value at `p`: its end.
    #[inline(always)]
    fn value(&mut self, p: usize, c: u8) -> Option<usize> {
        if c == b'{' || c == b'[' {
            self.container(c)
        } else {
            self.simple(p, c)
        }
    }

    /// A container at its opening bracket, without recursion (a stack of one bit per open
    /// container, 1: object): its end.
    fn container(&mut self, mut c: u8) -> Option<usize> {
        let mut p: usize;
        let mut stack: u128 = 0;
        let mut open: u32 = 0;
        'open: loop {
            // At an opening bracket. Deep nesting is left to the exact reader (its limit).
            let object = c == b'{';
            if open >= 100 {
                return None;
            }
            stack = (stack << 1) | u128::from(object);
            open += 1;
            (p, c) = self.next()?;
            let mut closed = c == closing(object);
            loop {
                if closed {
                    stack >>= 1;
                    open -= 1;
                    if open == 0 {
                        return Some(p + 1);
                    }
                    (p, c) = self.next()?;
                    if c == b',' {
                        (p, c) = self.next()?;
                    } else if c == closing(stack & 1 == 1) {
                        continue;
                    } else {
                        return None;
                    }
                }
                // At a member or an element.
                let in_object = stack & 1 == 1;
                if in_object {
                    if c != b'"' {
                        return None;
                    }
                    self.string(p)?;
                    if self.next()?.1 != b':' {
                        return None;
                    }
                    (p, c) = self.next()?;
                }
                if c == b'{' || c == b'[' {
                    continue 'open;
                }
                self.simple(p, c)?;
                (p, c) = self.next()?;
                if c == b',' {
                    (p, c) = self.next()?;
                    closed = false;
                } else if c == closing(in_object) {
                    closed = true;
                } else {
                    return None;
                }
            }
        }
    }
}

impl Compiled {
    /// The fast path of [`Compiled::scan`]: the `Provider`'s value span when `text` is a valid
    /// profile read whole (its members recorded in `slots`); `None` to leave it to the exact
    /// reader (the slots then hold part of the profile: begin again).
    pub(super) fn scan_fast(
        &self,
        kernel: Kernel,
        text: &str,
        slots: &mut RawSlots,
    ) -> Option<Option<(usize, usize)>> {
        let b = text.as_bytes();
        let mut w = Walk {
            b,
            at: Tokens::new(kernel, b),
        };
        self.members(text, &mut w, slots)
    }

    #[inline(always)]
    fn members(
        &self,
        text: &str,
        w: &mut Walk<'_>,
        slots: &mut RawSlots,
    ) -> Option<Option<(usize, usize)>> {
        let mut provider = None;
        if w.next()?.1 != b'{' {
            return None;
        }
        let (mut p, mut c) = w.next()?;
        if c != b'}' {
            loop {
                if c != b'"' {
                    return None;
                }
                let (close, escaped) = w.string(p)?;
                if w.next()?.1 != b':' {
                    return None;
                }
                let (v, vc) = w.next()?;
                let end = w.value(v, vc)?;
                self.member(
                    text,
                    slots,
                    Entry {
                        generation: 0,
                        key: (p + 1, close),
                        key_escaped: escaped,
                        value: (v, end),
                    },
                    &mut provider,
                    Some(w.at.ascii()),
                );
                match w.next()?.1 {
                    b',' => (p, c) = w.next()?,
                    b'}' => break,
                    _ => return None,
                }
            }
        }
        // Nothing after the closing brace but white space.
        if !w.at.finished() {
            return None;
        }
        Some(provider)
    }
}
