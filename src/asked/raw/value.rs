//! A value inside validated JSON text, read lazily with the semantics of a parsed
//! [`serde_json::Value`] as the platform's library reads it.

use std::borrow::Cow;

use super::cursor::find_special;
use crate::asked::json::{JsonValue, Kind};
use crate::asked::profile::{array_index, distinct_lower, eq_lower};

/// A JSON string's content (between the quotes) with its escapes resolved. The content must
/// be valid (checked by the scan, which refuses a lone surrogate; one would become U+FFFD).
pub fn unescape(content: &str) -> Cow<'_, str> {
    // (A byte loop: the strings are short, a search call costs more.)
    if !content.bytes().any(|c| c == b'\\') {
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
    pub(super) text: &'p str,
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
    pub(super) fn prepared_len(self) -> Option<usize> {
        match self.kind() {
            Kind::Array => Some(self.elements().count()),
            Kind::Object => {
                let keys: Vec<Cow<'p, str>> = self.members().map(|(k, _)| unescape(k)).collect();
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
