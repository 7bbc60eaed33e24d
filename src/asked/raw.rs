//! Profiles read straight from their JSON text, for deciding millions of them
//! (`ppstudio audience`): one validating pass over the text ([`super::Compiled::scan`]) notes
//! where the value of each top-level key the rules read lies; nothing is copied or built. The
//! rule then reads those values lazily ([`Raw`]), with the same semantics as a parsed
//! [`serde_json::Value`] (`SKIP.md` §2.1): keys compared lower-cased, the first of two colliding
//! keys winning, a key repeated exactly keeping its last value (as `JSON.parse` does), arrays
//! as objects keyed `"0"`, `"1"`...
//!
//! The pass accepts exactly the JSON that `serde_json` accepts, with two differences, both
//! where `JSON.parse` (the platform's reader) accepts the text too: a number too large for a
//! double (`1e400`, which is `Infinity`) and a `\u` escape of a lone surrogate (read as U+FFFD
//! here). Nesting deeper than 127 containers is refused, as `serde_json` refuses it.

use std::borrow::Cow;

use super::json::{JsonValue, Kind, ProfileView};
use super::profile::{array_index, eq_lower, same_lower};

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
        slots.begin(self.keys.len());
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
                let value = (value_start, c.i);
                let key_text = text.get(key_span.0..key_span.1).unwrap_or_default();
                let key: Cow<'_, str> = if escaped {
                    unescape(key_text)
                } else {
                    Cow::Borrowed(key_text)
                };
                if key == "Provider" {
                    provider = Some(value);
                }
                if let Some(slot) = self.slot_for(&key) {
                    slots.record(
                        text,
                        slot,
                        Entry {
                            generation: 0,
                            key: key_span,
                            key_escaped: escaped,
                            value,
                        },
                    );
                }
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
        // A key repeated exactly: the last value, as JSON.parse gives.
        let provider = provider
            .and_then(|(s, e)| text.get(s..e))
            .and_then(|t| Raw { text: t }.str());
        let email = provider
            .as_deref()
            .is_none_or(|p| eq_lower(p, "email") || eq_lower(p, "raas"));
        Ok(RawProfile {
            text,
            slots,
            provider,
            email,
        })
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

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `w` that is `"`, `\` or a control character (below 0x20).
/// Only the lowest flagged byte is exact (borrows can flag bytes above it), which is all a
/// search needs.
#[inline]
fn special_bytes(w: u64) -> u64 {
    let quote = w ^ (ONES * u64::from(b'"'));
    let backslash = w ^ (ONES * u64::from(b'\\'));
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    zero(quote) | zero(backslash) | (w.wrapping_sub(ONES * 0x20) & !w & HIGH)
}

/// The first `"`, `\` or control character at or after `i` (or the end).
#[inline]
pub(crate) fn find_special_at(b: &[u8], i: usize) -> usize {
    find_special(b, i)
}

#[inline]
fn find_special(b: &[u8], mut i: usize) -> usize {
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

/// A validating reader of JSON text.
struct Cursor<'b> {
    b: &'b [u8],
    i: usize,
}

impl Cursor<'_> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    #[inline]
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.i += 1;
        }
    }

    /// A string, at its opening quote; `Ok(true)` when it has escapes.
    #[inline]
    fn string(&mut self) -> Result<bool, ScanError> {
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
    fn escape(&mut self) -> Result<(), ScanError> {
        match self.b.get(self.i + 1) {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                self.i += 2;
                Ok(())
            }
            Some(b'u') => {
                for k in 2..6 {
                    match self.b.get(self.i + k) {
                        Some(h) if h.is_ascii_hexdigit() => {}
                        Some(_) => return Err(fail(self.i + k, "invalid escape")),
                        None => return Err(fail(self.b.len(), "EOF while parsing a string")),
                    }
                }
                self.i += 6;
                Ok(())
            }
            Some(_) => Err(fail(self.i + 1, "invalid escape")),
            None => Err(fail(self.b.len(), "EOF while parsing a string")),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<(), ScanError> {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(fail(self.i, "invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(fail(self.i, "invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(fail(self.i, "invalid number"));
            }
        }
        Ok(())
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), ScanError> {
        if self.b.get(self.i..self.i + word.len()) == Some(word) {
            self.i += word.len();
            Ok(())
        } else {
            Err(fail(self.i, "expected value"))
        }
    }

    /// A scalar value (not a container); its kind.
    fn scalar(&mut self) -> Result<Kind, ScanError> {
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
    fn value(&mut self, depth: u32) -> Result<Kind, ScanError> {
        match self.peek() {
            Some(b'{') => self.container(depth).map(|()| Kind::Object),
            Some(b'[') => self.container(depth).map(|()| Kind::Array),
            _ => self.scalar(),
        }
    }

    /// An object member's key and colon.
    fn key(&mut self) -> Result<(), ScanError> {
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
    fn after_value(&mut self, object: bool) -> Result<bool, ScanError> {
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
    fn container(&mut self, depth: u32) -> Result<(), ScanError> {
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

/// A JSON string's content (between the quotes) with its escapes resolved; a `\u` escape of a
/// lone surrogate becomes U+FFFD. The content must be valid (checked by the scan).
pub fn unescape(content: &str) -> Cow<'_, str> {
    if !content.contains('\\') {
        return Cow::Borrowed(content);
    }
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let esc = &rest[at + 1..];
        let mut chars = esc.chars();
        let consumed = match chars.next() {
            Some('u') => {
                let hex = |s: &str| s.get(..4).and_then(|h| u32::from_str_radix(h, 16).ok());
                let first = hex(&esc[1..]).unwrap_or(0xFFFD);
                if (0xD800..0xDC00).contains(&first)
                    && esc.get(5..7) == Some("\\u")
                    && let Some(second) = hex(&esc[7..]).filter(|s| (0xDC00..0xE000).contains(s))
                {
                    let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                    out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                    11
                } else {
                    out.push(char::from_u32(first).unwrap_or('\u{FFFD}'));
                    5
                }
            }
            Some(c) => {
                out.push(match c {
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    other => other,
                });
                c.len_utf8()
            }
            None => 0,
        };
        rest = esc.get(consumed..).unwrap_or_default();
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A value inside JSON text that [`super::Compiled::scan`] validated: its exact span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raw<'p> {
    text: &'p str,
}

/// The end of the (valid) value starting at `i`.
fn skip(b: &[u8], mut i: usize) -> usize {
    match b.get(i) {
        Some(b'"') => skip_string(b, i),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            while let Some(&c) = b.get(i) {
                match c {
                    b'"' => {
                        i = skip_string(b, i);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            i
        }
        _ => {
            while let Some(&c) = b.get(i) {
                if matches!(c, b',' | b']' | b'}' | b' ' | b'\n' | b'\r' | b'\t') {
                    break;
                }
                i += 1;
            }
            i
        }
    }
}

/// The end of the (valid) string whose opening quote is at `i`.
fn skip_string(b: &[u8], mut i: usize) -> usize {
    i += 1;
    loop {
        i = find_special(b, i);
        match b.get(i) {
            Some(b'\\') => i += 2,
            Some(b'"') => return i + 1,
            // Control characters are not in valid text; the end.
            _ => return b.len(),
        }
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\n' | b'\r' | b'\t') = b.get(i) {
        i += 1;
    }
    i
}

/// The members of a (valid) object: each key's content (between the quotes) and its value.
struct Members<'p> {
    text: &'p str,
    i: usize,
}

impl<'p> Iterator for Members<'p> {
    type Item = (&'p str, Raw<'p>);

    fn next(&mut self) -> Option<Self::Item> {
        let b = self.text.as_bytes();
        let mut i = skip_ws(b, self.i);
        if b.get(i) == Some(&b',') {
            i = skip_ws(b, i + 1);
        }
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let key_end = skip_string(b, i);
        let key = self.text.get(i + 1..key_end.saturating_sub(1))?;
        i = skip_ws(b, key_end);
        i = skip_ws(b, i + 1); // the colon
        let end = skip(b, i);
        self.i = end;
        Some((
            key,
            Raw {
                text: self.text.get(i..end)?,
            },
        ))
    }
}

/// The elements of a (valid) array.
struct Elements<'p> {
    text: &'p str,
    i: usize,
}

impl<'p> Iterator for Elements<'p> {
    type Item = Raw<'p>;

    fn next(&mut self) -> Option<Self::Item> {
        let b = self.text.as_bytes();
        let mut i = skip_ws(b, self.i);
        if b.get(i) == Some(&b',') {
            i = skip_ws(b, i + 1);
        }
        if matches!(b.get(i), None | Some(b']')) {
            return None;
        }
        let end = skip(b, i);
        self.i = end;
        Some(Raw {
            text: self.text.get(i..end)?,
        })
    }
}

impl<'p> Raw<'p> {
    /// The value's JSON text.
    pub fn text(self) -> &'p str {
        self.text
    }

    fn first(self) -> u8 {
        self.text.as_bytes().first().copied().unwrap_or(b'n')
    }

    fn members(self) -> Members<'p> {
        Members {
            text: self.text,
            i: 1,
        }
    }

    fn elements(self) -> Elements<'p> {
        Elements {
            text: self.text,
            i: 1,
        }
    }

    /// An object's first key that lower-cases to `key_lower`, and the value of the last
    /// member with exactly that key.
    fn object_member(self, key_lower: &str) -> Option<Raw<'p>> {
        let mut found: Option<(&'p str, Raw<'p>)> = None;
        for (key, value) in self.members() {
            match found {
                None => {
                    let k = unescape(key);
                    if eq_lower(&k, key_lower) {
                        found = Some((key, value));
                    }
                }
                Some((winner, _)) => {
                    if key == winner
                        || ((key.contains('\\') || winner.contains('\\'))
                            && unescape(key) == unescape(winner))
                    {
                        found = Some((winner, value));
                    }
                }
            }
        }
        found.map(|(_, v)| v)
    }

    /// The number of keys once prepared (arrays: their length; objects: their keys, two that
    /// lower-case alike counting once).
    fn prepared_len(self) -> Option<usize> {
        match self.kind() {
            Kind::Array => Some(self.elements().count()),
            Kind::Object => {
                let keys: Vec<Cow<'p, str>> = self.members().map(|(k, _)| unescape(k)).collect();
                Some(
                    keys.iter()
                        .enumerate()
                        .filter(|(i, k)| !keys[..*i].iter().any(|e| same_lower(e, k)))
                        .count(),
                )
            }
            _ => None,
        }
    }
}

impl<'p> JsonValue<'p> for Raw<'p> {
    fn kind(self) -> Kind {
        match self.first() {
            b'n' => Kind::Null,
            b't' | b'f' => Kind::Bool,
            b'"' => Kind::String,
            b'[' => Kind::Array,
            b'{' => Kind::Object,
            _ => Kind::Number,
        }
    }

    fn truthy(self) -> bool {
        match self.first() {
            b'n' | b'f' => false,
            b't' | b'[' | b'{' => true,
            b'"' => self.text.len() > 2,
            _ => {
                let digits = self.text.strip_prefix('-').unwrap_or(self.text);
                if digits.bytes().all(|c| c.is_ascii_digit()) {
                    // An integer: zero only when every digit is.
                    digits.bytes().any(|c| c != b'0')
                } else {
                    // A fraction or an exponent: its double (1e-400 is 0).
                    self.as_f64().is_some_and(|x| x != 0.0)
                }
            }
        }
    }

    fn is_true(self) -> bool {
        self.text == "true"
    }

    fn str(self) -> Option<Cow<'p, str>> {
        if self.first() != b'"' {
            return None;
        }
        let content = self.text.get(1..self.text.len().saturating_sub(1))?;
        Some(unescape(content))
    }

    fn member(self, key_lower: &str) -> Option<Self> {
        match self.kind() {
            Kind::Object => self.object_member(key_lower),
            Kind::Array => {
                let i = array_index(key_lower)?;
                self.elements().nth(i)
            }
            _ => None,
        }
    }

    fn last_element(self) -> Option<Self> {
        match self.kind() {
            Kind::Array => self.elements().last(),
            Kind::Object => {
                let n = self.prepared_len()?.checked_sub(1)?;
                self.object_member(&n.to_string())
            }
            _ => None,
        }
    }

    fn as_f64(self) -> Option<f64> {
        // `Infinity` past a double's range, as JavaScript reads it.
        (self.kind() == Kind::Number)
            .then(|| self.text.parse::<f64>().ok())
            .flatten()
    }

    fn number_text(self) -> Option<String> {
        if self.kind() != Kind::Number {
            return None;
        }
        // serde_json's own reading and writing, so a numeric birth date reads as the parsed
        // profile's does.
        match serde_json::from_str::<serde_json::Value>(self.text).ok()? {
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asked::Compiled;
    use crate::project::Project;

    fn valid(text: &str) -> Result<(), ScanError> {
        let mut c = Cursor {
            b: text.as_bytes(),
            i: 0,
        };
        c.ws();
        c.value(0)?;
        c.ws();
        if c.i < text.len() {
            return Err(fail(c.i, "trailing characters"));
        }
        Ok(())
    }

    #[test]
    fn the_scan_accepts_what_serde_json_accepts() {
        let cases = [
            r#"{}"#,
            r#" { "a" : [ 1 , -0.5e+3 , true , false , null , "x\"\\\/\b\f\n\r\t\u00e9" ] } "#,
            r#"{"a":{"b":{"c":[[],{}]}}}"#,
            r#"{"a":1}x"#,
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            r#"{"a":01}"#,
            r#"{"a":1.}"#,
            r#"{"a":.5}"#,
            r#"{"a":1e}"#,
            r#"{"a":-}"#,
            r#"{"a":tru}"#,
            r#"{"a":"\x"}"#,
            r#"{"a":"\u12G4"}"#,
            "{\"a\":\"tab\there\"}",
            r#"{"a":[1,]}"#,
            r#"{"a":[1 2]}"#,
            r#"{"a":[}"#,
            r#"{"a":{]}"#,
            r#"{1:2}"#,
            r#"{"a":"#,
            r#"{"a":"abc"#,
            r#"[1,2]"#,
            r#""text""#,
            r#"12"#,
            r#""#,
            "{\"a\":\"é€😀\"}",
        ];
        for text in cases {
            let ours = valid(text).is_ok();
            let serde = serde_json::from_str::<serde_json::Value>(text).is_ok();
            assert_eq!(ours, serde, "{text}");
        }
    }

    #[test]
    fn nesting_is_refused_where_serde_json_refuses_it() {
        for depth in [126, 127, 128, 129, 300] {
            let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let ours = valid(&text).is_ok();
            let serde = serde_json::from_str::<serde_json::Value>(&text).is_ok();
            assert_eq!(ours, serde, "depth {depth}");
        }
    }

    #[test]
    fn special_bytes_are_found_eight_at_a_time() {
        for n in 0..40 {
            for special in [b'"', b'\\', 0x01, 0x1F] {
                let mut text = vec![b'a'; n];
                text.extend_from_slice(&[0xC3, 0xA9]);
                let at = text.len();
                text.push(special);
                text.extend_from_slice(b"\"zz");
                assert_eq!(find_special(&text, 0), at, "{n} {special}");
            }
        }
        assert_eq!(find_special(b"abc", 0), 3);
        assert_eq!(find_special(b" ~\x7f\x80\xff", 0), 5);
    }

    #[test]
    fn unescaping_resolves_every_escape() {
        assert_eq!(
            unescape(r#"a\"b\\c\/d\be\ff\ng\rh\ti"#),
            "a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti"
        );
        assert_eq!(unescape(r"\u0046irst"), "First");
        assert_eq!(unescape(r"\ud83d\ude00!"), "😀!");
        assert_eq!(unescape(r"\ud83d!"), "\u{FFFD}!");
        assert_eq!(unescape("plain"), "plain");
    }

    #[test]
    fn raw_values_read_as_parsed_values_do() {
        let text = r#"{"o": {"A": 1, "a": 2, "b": [10, 20, {"k": "v"}], "A": 3}, "n": -0.0, "z": 0, "e": 1e-400, "s": "", "t": "x"}"#;
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        let raw = Raw { text };
        let keys = ["o", "n", "z", "e", "s", "t", "missing"];
        for k in keys {
            let a = v.member(k);
            let b = raw.member(k);
            assert_eq!(a.map(JsonValue::kind), b.map(JsonValue::kind), "{k}");
            assert_eq!(a.map(JsonValue::truthy), b.map(JsonValue::truthy), "{k}");
            assert_eq!(
                a.and_then(JsonValue::str),
                b.and_then(JsonValue::str),
                "{k}"
            );
        }
        let o = raw.member("o").unwrap();
        assert_eq!(o.member("a").unwrap().text(), "3", "first key, last value");
        assert_eq!(o.member("b").unwrap().member("1").unwrap().text(), "20");
        assert_eq!(
            o.member("b").unwrap().last_element().unwrap().text(),
            r#"{"k": "v"}"#
        );
        assert_eq!(o.prepared_len(), Some(2));
        assert_eq!(raw.member("e").unwrap().as_f64(), Some(0.0));
        assert!(!raw.member("e").unwrap().truthy());
    }

    #[test]
    fn a_key_repeated_exactly_keeps_its_last_value_and_the_first_spelling_wins() {
        let project = Project::default_project();
        let compiled = Compiled::new(&project.steps);
        let mut slots = RawSlots::default();
        let text = r#"{"FirstName": "a", "firstname": "b", "FirstName": "c", "Provider": "x", "Provider": "Email"}"#;
        let p = compiled.scan(text, &mut slots).unwrap();
        let slot = compiled.slot_for("firstname").unwrap();
        assert_eq!(p.get(slot).unwrap().text(), r#""c""#);
        assert_eq!(p.provider(), Some("Email"));
        assert!(p.email());
        let text = r#"{"\u0046irstName": "a", "FirstName": "b"}"#;
        let p = compiled.scan(text, &mut slots).unwrap();
        assert_eq!(p.get(slot).unwrap().text(), r#""b""#);
        let e = compiled.scan("[1]", &mut slots).unwrap_err();
        assert!(e.not_an_object, "{e:?}");
        let e = compiled.scan(r#"{"a": tru}"#, &mut slots).unwrap_err();
        assert_eq!((e.offset, e.not_an_object), (6, false));
    }
}
