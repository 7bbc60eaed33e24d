//! Profiles read straight from their JSON text, for deciding millions of them
//! (`ppstudio audience`): `serde_json` reads the text once ([`super::Compiled::scan`]), noting
//! where the value of each top-level key the rules read lies; nothing is copied or built. The
//! rule then reads those values lazily ([`Raw`], again with `serde_json` over the value's own
//! text), with the same semantics as a parsed [`serde_json::Value`] (`SKIP.md` §2.1): keys
//! compared lower-cased, the first of two colliding keys winning, a key repeated exactly
//! keeping its last value (as `JSON.parse` does), arrays as objects keyed `"0"`, `"1"`...
//!
//! What is a profile is decided in one place for every reader (the forecast, the preview's
//! sample profile, journeys, `simulate`): what `serde_json` reads into a `Value`, a JSON
//! object. Every value is read by `serde_json`'s own validating parser (keys and strings as
//! strings, numbers as numbers, nesting limited to 128), so a text the preview refuses is
//! refused here with the same words ([`crate::project::LoadError`]'s), and one it accepts is
//! accepted. No code of ours reads bytes.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::json::{JsonValue, Kind, ProfileView};
use super::profile::{array_index, distinct_lower, eq_lower};

/// Why a text is not a profile, and where (a byte offset into the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    /// Byte offset of the fault in the text.
    pub offset: usize,
    /// What is wrong, in the words the preview uses for the same text.
    pub message: Cow<'static, str>,
    /// The text is valid JSON, but not an object.
    pub not_an_object: bool,
}

/// Where the value of each top-level key the rules read lies, reused from one profile to the
/// next (no allocation per profile but for an escaped key).
#[derive(Debug, Clone, Default)]
pub struct RawSlots {
    slots: Vec<Entry>,
    generation: u32,
    /// A value read, within brackets, to check it at its depth.
    nested: String,
}

#[derive(Debug, Clone, Default)]
struct Entry {
    /// The profile this entry belongs to (stale entries are empty).
    generation: u32,
    /// The key as written once escapes are resolved: its span in the text, or its text when
    /// it had escapes.
    key: (usize, usize),
    key_owned: Option<Box<str>>,
    /// The value's span.
    value: (usize, usize),
}

impl Entry {
    fn key<'t>(&'t self, text: &'t str) -> &'t str {
        match &self.key_owned {
            Some(k) => k,
            None => text.get(self.key.0..self.key.1).unwrap_or_default(),
        }
    }
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
    fn record(&mut self, text: &str, slot: u16, key: &Key<'_>, value: (usize, usize)) {
        let generation = self.generation;
        let Some(e) = self.slots.get_mut(usize::from(slot)) else {
            return;
        };
        if e.generation != generation {
            e.generation = generation;
            e.value = value;
            match key {
                Key::Borrowed(span, _) => {
                    e.key = *span;
                    e.key_owned = None;
                }
                Key::Owned(k) => e.key_owned = Some(k.as_str().into()),
            }
        } else if e.key(text) == key.as_str() {
            e.value = value;
        }
    }
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

/// A key read by `serde_json`: borrowed from the text (its span) when written without escapes.
enum Key<'de> {
    Borrowed((usize, usize), &'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(_, k) => k,
            Key::Owned(k) => k,
        }
    }
}

/// The offset of `part` (a slice of `text`) in `text`.
fn offset_in(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize)
}

/// A string read as borrowed text when it has no escapes.
struct CowStr;

impl<'de> Visitor<'de> for CowStr {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

impl<'de> DeserializeSeed<'de> for CowStr {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

/// Any value, checked as `serde_json` reads it into a `Value` (numbers within a double's
/// range, strings without lone surrogates), built into nothing.
#[derive(Clone, Copy)]
struct Check;

impl<'de> DeserializeSeed<'de> for Check {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Check {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<(), A::Error> {
        while a.next_element_seed(Check)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<(), A::Error> {
        while a.next_key_seed(CowStr)?.is_some() {
            a.next_value_seed(Check)?;
        }
        Ok(())
    }
}

/// The profile's top-level object: each key, and where the values of the keys read lie.
struct Top<'c, 's, 'de> {
    compiled: &'c super::Compiled,
    slots: &'s mut RawSlots,
    text: &'de str,
    /// A fault inside a value read (placed in the whole text).
    inner: &'s mut Option<ScanError>,
}

impl<'de> Visitor<'de> for Top<'_, '_, 'de> {
    /// The `Provider`'s value span (the last one of a key repeated exactly).
    type Value = Option<(usize, usize)>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a profile (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut provider = None;
        while let Some(key) = map.next_key_seed(CowStr)? {
            let key = match key {
                Cow::Borrowed(k) => {
                    let at = offset_in(self.text, k);
                    Key::Borrowed((at, at + k.len()), k)
                }
                Cow::Owned(k) => Key::Owned(k),
            };
            let is_provider = key.as_str() == "Provider";
            let slot = self.compiled.slot_for(key.as_str());
            if slot.is_none() && !is_provider {
                map.next_value_seed(Check)?;
                continue;
            }
            let raw: &'de RawValue = map.next_value()?;
            // The value the rules read is checked as a `Value` would be: its own text again.
            let value = raw.get();
            let at = offset_in(self.text, value);
            // Inside the profile's object, as it lies in the profile (one level of nesting
            // used already).
            self.slots.nested.clear();
            self.slots.nested.push('[');
            self.slots.nested.push_str(value);
            self.slots.nested.push(']');
            let mut de = serde_json::Deserializer::from_str(&self.slots.nested);
            if let Err(e) = Check.deserialize(&mut de) {
                let mut fault = scan_error(&self.slots.nested, &e);
                fault.offset = (fault.offset + at).saturating_sub(1).min(self.text.len());
                *self.inner = Some(fault);
                return Err(de::Error::custom("a value read"));
            }
            let span = (at, at + value.len());
            if is_provider {
                provider = Some(span);
            }
            if let Some(slot) = slot {
                self.slots.record(self.text, slot, &key, span);
            }
        }
        Ok(provider)
    }
}

/// The byte offset of `serde_json`'s place (1-based line and column, in bytes) in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        memchr::memchr_iter(b'\n', text.as_bytes())
            .nth(line - 2)
            .map_or(text.len(), |i| i + 1)
    };
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// A `serde_json` error as a [`ScanError`]: `serde_json`'s words, but where the text is
/// JSON that `JSON.parse` accepts and a `Value` cannot hold (a lone surrogate, a number past a
/// double's range), the preview's words for it.
fn scan_error(text: &str, e: &serde_json::Error) -> ScanError {
    let load = crate::project::LoadError::from(e);
    let message = if crate::project::error::beyond_a_value(&load.message) {
        load.message
    } else {
        let words = e.to_string();
        match words.rfind(" at line ") {
            Some(i) => words[..i].to_string(),
            None => words,
        }
    };
    let mut offset = offset_of(text, e.line(), e.column());
    if e.is_eof() {
        // Where the text ends, not its last byte.
        offset = text.len();
    } else if message == "expected ident" || message == "expected value" {
        // The start of the word that is not a literal (`tru` of `tru}`), not the byte where it
        // went wrong.
        let b = text.as_bytes();
        while offset > 0 && b.get(offset - 1).is_some_and(u8::is_ascii_alphabetic) {
            offset -= 1;
        }
    }
    ScanError {
        offset,
        message: Cow::Owned(message),
        not_an_object: false,
    }
}

impl super::Compiled {
    /// Reads one profile's JSON text (a whole JSON Lines line, or one element of an array):
    /// checks that it is a profile (a JSON object, as the preview reads it), and notes where
    /// the values of the keys the rules read lie, in `slots` (reused between profiles). `Err`
    /// says where and what is wrong.
    pub fn scan<'a, 'p>(
        &self,
        text: &'p str,
        slots: &'a mut RawSlots,
    ) -> Result<RawProfile<'a, 'p>, ScanError> {
        slots.begin(self.keys.len());
        let first = text
            .bytes()
            .find(|b| !matches!(b, b' ' | b'\n' | b'\r' | b'\t'));
        if first != Some(b'{') {
            let mut de = serde_json::Deserializer::from_str(text);
            Check
                .deserialize(&mut de)
                .and_then(|()| de.end())
                .map_err(|e| scan_error(text, &e))?;
            let kind = Raw {
                text: text.trim_start(),
            }
            .kind();
            return Err(ScanError {
                offset: 0,
                message: Cow::Owned(format!(
                    "{}, not a profile (a profile is a JSON object)",
                    kind_words(kind)
                )),
                not_an_object: true,
            });
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let mut inner = None;
        let provider = de
            .deserialize_map(Top {
                compiled: self,
                slots,
                text,
                inner: &mut inner,
            })
            .and_then(|p| de.end().map(|()| p))
            .map_err(|e| inner.take().unwrap_or_else(|| scan_error(text, &e)))?;
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

/// The words for a kind of value, in "X, not a profile".
pub(super) fn kind_words(kind: Kind) -> &'static str {
    match kind {
        Kind::Null => "null",
        Kind::Bool => "a boolean",
        Kind::Number => "a number",
        Kind::String => "a string",
        Kind::Array => "an array",
        Kind::Object => "an object",
    }
}

/// A value inside a profile's text that [`super::Compiled::scan`] checked: its exact text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raw<'p> {
    text: &'p str,
}

/// The members of a checked object, in order: each key and its value.
struct Members<'p, F>(F, std::marker::PhantomData<&'p ()>);

impl<'de, F: FnMut(Cow<'de, str>, Raw<'de>)> Visitor<'de> for Members<'de, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(CowStr)? {
            let value: &'de RawValue = map.next_value()?;
            (self.0)(key, Raw { text: value.get() });
        }
        Ok(())
    }
}

/// The elements of a checked array, in order, until `F` says stop.
struct Elements<'p, F>(F, std::marker::PhantomData<&'p ()>);

impl<'de, F: FnMut(Raw<'de>) -> bool> Visitor<'de> for Elements<'de, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        while let Some(value) = seq.next_element::<&'de RawValue>()? {
            if !(self.0)(Raw { text: value.get() }) {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                break;
            }
        }
        Ok(())
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

    /// Each member of an object (nothing for other values; the text was checked).
    fn members(self, f: impl FnMut(Cow<'p, str>, Raw<'p>)) {
        let mut de = serde_json::Deserializer::from_str(self.text);
        let _ = de.deserialize_map(Members(f, std::marker::PhantomData));
    }

    /// Each element of an array while `f` returns true.
    fn elements(self, f: impl FnMut(Raw<'p>) -> bool) {
        let mut de = serde_json::Deserializer::from_str(self.text);
        let _ = de.deserialize_seq(Elements(f, std::marker::PhantomData));
    }

    /// An object's first key that lower-cases to `key_lower`, and the value of the last
    /// member with exactly that key.
    fn object_member(self, key_lower: &str) -> Option<Raw<'p>> {
        let mut found: Option<(Cow<'p, str>, Raw<'p>)> = None;
        self.members(|key, value| match &mut found {
            None => {
                if eq_lower(&key, key_lower) {
                    found = Some((key, value));
                }
            }
            Some((winner, v)) => {
                if key == *winner {
                    *v = value;
                }
            }
        });
        found.map(|(_, v)| v)
    }

    /// The number of keys once prepared (arrays: their length; objects: their keys, two that
    /// lower-case alike counting once).
    pub(super) fn prepared_len(self) -> Option<usize> {
        match self.kind() {
            Kind::Array => {
                let mut n = 0;
                self.elements(|_| {
                    n += 1;
                    true
                });
                Some(n)
            }
            Kind::Object => {
                let mut keys: Vec<Cow<'p, str>> = Vec::new();
                self.members(|k, _| keys.push(k));
                Some(distinct_lower(&keys))
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
            // A double (1e-400 is 0), as the parsed profile's.
            _ => self.as_f64().is_some_and(|x| x != 0.0),
        }
    }

    fn is_true(self) -> bool {
        self.text == "true"
    }

    fn str(self) -> Option<Cow<'p, str>> {
        if self.first() != b'"' {
            return None;
        }
        let mut de = serde_json::Deserializer::from_str(self.text);
        CowStr.deserialize(&mut de).ok()
    }

    fn member(self, key_lower: &str) -> Option<Self> {
        match self.kind() {
            Kind::Object => self.object_member(key_lower),
            Kind::Array => {
                let mut i = array_index(key_lower)?;
                let mut found = None;
                self.elements(|v| {
                    if i == 0 {
                        found = Some(v);
                        return false;
                    }
                    i -= 1;
                    true
                });
                found
            }
            _ => None,
        }
    }

    fn last_element(self) -> Option<Self> {
        match self.kind() {
            Kind::Array => {
                let mut last = None;
                self.elements(|v| {
                    last = Some(v);
                    true
                });
                last
            }
            Kind::Object => {
                let n = self.prepared_len()?.checked_sub(1)?;
                self.object_member(&n.to_string())
            }
            _ => None,
        }
    }

    fn as_f64(self) -> Option<f64> {
        if self.kind() != Kind::Number {
            return None;
        }
        serde_json::from_str::<f64>(self.text).ok()
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
mod tests;
