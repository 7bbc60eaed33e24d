//! Reading a consumer profile the way the platform's library does (`SKIP.md` §2.1): keys
//! lower-cased at every depth (the first of two colliding keys wins), arrays as objects keyed
//! `"0"`, `"1"`..., values untouched, JavaScript truthiness.
//!
//! Nothing is copied: the top level is indexed once per profile ([`super::Compiled::prepare`]),
//! and nested objects are searched in place with a case-insensitive comparison that gives the
//! same answer as lower-casing every key first.

use serde_json::{Map, Value};

use crate::project::LoadError;

/// Reads a consumer profile (the platform's profile JSON, or a flat object of attribute names)
/// from text, keeping key order (it decides which of two colliding keys wins). `Err` says
/// where (line, column) and what is wrong.
pub fn parse_profile(bytes: &[u8]) -> Result<Map<String, Value>, LoadError> {
    let text = crate::project::check_text(bytes)?;
    match serde_json::from_str::<Value>(text)? {
        Value::Object(m) => Ok(m),
        other => Err(LoadError::at(
            1,
            1,
            format!(
                "a profile is a JSON object (the platform's profile, or {{\"firstname\": \"Ann\"}}), \
                 not {}",
                kind(&other)
            ),
        )),
    }
}

/// JavaScript truthiness of a profile value; `None` is an absent key (`undefined`).
/// Falsy: `false`, `0`, `""`, `null`, absent. Everything else is truthy, `"0"`, `[]` and `{}`
/// included.
pub fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|x| x != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(_) | Value::Object(_)) => true,
    }
}

/// Whether `key`, lower-cased, is `lower` (which must already be lower case). Allocates only
/// for a key that is not ASCII.
pub fn eq_lower(key: &str, lower: &str) -> bool {
    if key.is_ascii() {
        key.len() == lower.len()
            && key
                .bytes()
                .zip(lower.bytes())
                .all(|(a, b)| a.to_ascii_lowercase() == b)
    } else {
        key.to_lowercase() == lower
    }
}

/// Whether two keys are equal once lower-cased.
pub(super) fn same_lower(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// How many of `keys` are distinct once lower-cased (two that lower-case alike count once):
/// the number of keys of an object once prepared.
pub(super) fn distinct_lower<S: AsRef<str>>(keys: &[S]) -> usize {
    keys.iter()
        .enumerate()
        .filter(|(i, k)| {
            !keys[..*i]
                .iter()
                .any(|e| same_lower(e.as_ref(), k.as_ref()))
        })
        .count()
}

/// The array index a key names, as JavaScript reads `"0"`, `"1"`... (no sign, no leading zero).
pub(super) fn array_index(key: &str) -> Option<usize> {
    let canonical = !key.is_empty()
        && key.bytes().all(|b| b.is_ascii_digit())
        && (key == "0" || !key.starts_with('0'));
    if canonical { key.parse().ok() } else { None }
}

/// `v[key]` in the prepared profile: an object's first key that lower-cases to `key_lower`, an
/// array's element at that index; nothing for other values.
pub fn member<'v>(v: &'v Value, key_lower: &str) -> Option<&'v Value> {
    match v {
        Value::Object(m) => m
            .iter()
            .find(|(k, _)| eq_lower(k, key_lower))
            .map(|(_, v)| v),
        Value::Array(a) => array_index(key_lower).and_then(|i| a.get(i)),
        _ => None,
    }
}

/// The number of keys of `v` once prepared (arrays: their length; objects: their keys, two that
/// lower-case alike counting once), `None` for other values.
pub fn prepared_len(v: &Value) -> Option<usize> {
    match v {
        Value::Array(a) => Some(a.len()),
        Value::Object(m) => {
            let keys: Vec<&str> = m.keys().map(String::as_str).collect();
            Some(distinct_lower(&keys))
        }
        _ => None,
    }
}

/// The last element of a prepared collection: the element at index (number of keys − 1),
/// looked up as the key `"N-1"` (so an object without such a key has none).
pub fn last_element(v: &Value) -> Option<&Value> {
    let n = prepared_len(v)?.checked_sub(1)?;
    match v {
        Value::Array(a) => a.get(n),
        _ => member(v, &n.to_string()),
    }
}

/// A profile value as a short piece of text for explanations: strings quoted, others as JSON,
/// long ones cut.
pub fn show_value(v: &Value) -> String {
    const MAX: usize = 40;
    let text = v.to_string();
    if text.chars().count() <= MAX {
        text
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// The JavaScript name of a value's kind, for explanations (the project reader's words).
pub use crate::project::value_kind as kind;

const ONES: u64 = 0x0101_0101_0101_0101;

/// Up to eight bytes of `bytes` from `at`, little-endian, zero-padded.
#[inline]
fn word(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => {
            let mut w = [0u8; 8];
            w.copy_from_slice(eight);
            u64::from_le_bytes(w)
        }
        None => tail_word(bytes.get(at..).unwrap_or_default()),
    }
}

/// Fewer than eight bytes as a zero-padded little-endian word, with two overlapping loads
/// instead of a loop.
#[inline]
fn tail_word(rest: &[u8]) -> u64 {
    let n = rest.len();
    let load = |at: usize, width: usize| {
        rest[at..at + width]
            .iter()
            .rev()
            .fold(0u64, |w, b| (w << 8) | u64::from(*b))
    };
    match n {
        0 => 0,
        1 => u64::from(rest[0]),
        2 | 3 => load(0, 2) | (load(n - 2, 2) << (8 * (n - 2))),
        _ => load(0, 4) | (load(n - 4, 4) << (8 * (n - 4))),
    }
}

/// Eight ASCII bytes lower-cased at once: each byte in `A..=Z` gets its 0x20 bit.
#[inline]
fn lower_word(w: u64) -> u64 {
    // No carry crosses a byte: every byte is below 0x80.
    let at_least_a = w.wrapping_add(ONES * (0x80 - u64::from(b'A')));
    let past_z = w.wrapping_add(ONES * (0x80 - u64::from(b'Z') - 1));
    let upper = at_least_a & !past_z & (ONES * 0x80);
    w | (upper >> 2)
}

/// FxHash's mixing of one word.
#[inline]
fn mix(h: u64, w: u64) -> u64 {
    (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// A bucket from a hash: its high bits (a product's low bits depend only on the low bits of
/// its factors, here the key's first bytes).
#[inline]
fn bucket(hash: u64) -> usize {
    (hash >> 40) as usize
}

/// The hash of bytes already in lower case.
fn hash_raw(bytes: &[u8]) -> u64 {
    let mut h = bytes.len() as u64;
    let mut at = 0;
    while at < bytes.len() {
        h = mix(h, word(bytes, at));
        at += 8;
    }
    h
}

/// The hash of an ASCII key's lower-case form, lower-cased as it is hashed.
fn hash_ascii_lower(bytes: &[u8]) -> u64 {
    let mut h = bytes.len() as u64;
    let mut at = 0;
    while at < bytes.len() {
        h = mix(h, lower_word(word(bytes, at)));
        at += 8;
    }
    h
}

/// Whether the ASCII key `key`, lower-cased, is `lower`.
fn ascii_lower_eq(key: &[u8], lower: &[u8]) -> bool {
    if key.len() != lower.len() {
        return false;
    }
    let mut at = 0;
    while at < key.len() {
        if lower_word(word(key, at)) != word(lower, at) {
            return false;
        }
        at += 8;
    }
    true
}

/// An index from lower-cased keys to slots, looked up with a key as written: the profile's
/// `FirstName` finds `firstname` without building the lower-case string (ASCII keys), so one
/// pass over a profile's keys costs a hash and a comparison per key.
#[derive(Debug, Clone, Default)]
pub struct KeyIndex {
    /// Lower-cased keys and their slots.
    keys: Vec<(Box<str>, u16)>,
    /// Open addressing: index + 1 into `keys`, 0 for an empty bucket; a power of two long.
    table: Vec<u32>,
}

impl KeyIndex {
    /// An index of `keys` (lower-cased, distinct) to their slots.
    pub fn new(keys: impl IntoIterator<Item = (Box<str>, u16)>) -> KeyIndex {
        let keys: Vec<(Box<str>, u16)> = keys.into_iter().collect();
        let size = (keys.len() * 2).next_power_of_two().max(8);
        let mut table = vec![0u32; size];
        for (i, (k, _)) in keys.iter().enumerate() {
            let mut b = bucket(hash_raw(k.as_bytes())) & (size - 1);
            while table[b] != 0 {
                b = (b + 1) & (size - 1);
            }
            table[b] = u32::try_from(i + 1).unwrap_or(u32::MAX);
        }
        KeyIndex { keys, table }
    }

    /// The slot of `key` as written (compared lower-cased).
    pub fn get(&self, key: &str) -> Option<u16> {
        self.get_known_ascii(key, key.is_ascii())
    }

    /// [`KeyIndex::get`] when the caller already knows whether `key` is ASCII.
    pub fn get_known_ascii(&self, key: &str, ascii: bool) -> Option<u16> {
        let mask = self.table.len().checked_sub(1)?;
        let (hash, lower) = if ascii {
            (hash_ascii_lower(key.as_bytes()), None)
        } else {
            let l = key.to_lowercase();
            (hash_raw(l.as_bytes()), Some(l))
        };
        let mut b = bucket(hash) & mask;
        loop {
            let i = *self.table.get(b)? as usize;
            let (k, slot) = self.keys.get(i.checked_sub(1)?)?;
            let hit = match &lower {
                None => ascii_lower_eq(key.as_bytes(), k.as_bytes()),
                Some(l) => **k == **l,
            };
            if hit {
                return Some(*slot);
            }
            b = (b + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn profiles_keep_key_order_and_errors_say_where() {
        let p = parse_profile(br#"{"b": 1, "A": 2, "a": 3}"#).unwrap();
        assert_eq!(p.keys().collect::<Vec<_>>(), ["b", "A", "a"]);
        let e = parse_profile(b"{\n  \"a\": }").unwrap_err();
        assert_eq!((e.line, e.column), (2, 8));
        let e = parse_profile(b"[1]").unwrap_err();
        assert!(e.message.contains("not an array"), "{e}");
        assert!(parse_profile(b"  ").is_err());
    }

    #[test]
    fn truthiness_is_javascripts() {
        for v in [
            json!(true),
            json!(1),
            json!(-0.5),
            json!("0"),
            json!("false"),
            json!(" "),
            json!([]),
            json!({}),
        ] {
            assert!(truthy(Some(&v)), "{v}");
        }
        for v in [json!(false), json!(0), json!(0.0), json!(""), json!(null)] {
            assert!(!truthy(Some(&v)), "{v}");
        }
        assert!(!truthy(None));
    }

    #[test]
    fn members_ignore_case_first_key_wins_and_arrays_are_index_keyed() {
        let v = json!({"FirstName": "", "firstname": "Asha", "Ünïcode": 1});
        assert_eq!(member(&v, "firstname"), Some(&json!("")));
        assert_eq!(member(&v, "ünïcode"), Some(&json!(1)));
        let a = json!(["a", "b"]);
        assert_eq!(member(&a, "1"), Some(&json!("b")));
        assert_eq!(member(&a, "01"), None);
        assert_eq!(member(&a, "2"), None);
        assert_eq!(member(&json!("abc"), "0"), None);
    }

    #[test]
    fn the_last_element_is_at_the_prepared_length_minus_one() {
        assert_eq!(last_element(&json!([1, 2, 3])), Some(&json!(3)));
        assert_eq!(last_element(&json!([])), None);
        // An object: the key "N-1", not its last entry.
        assert_eq!(last_element(&json!({"a": 1, "b": 2})), None);
        assert_eq!(last_element(&json!({"x": 1, "0": 2})), None);
        assert_eq!(
            last_element(&json!({"1": "one", "0": "zero"})),
            Some(&json!("one"))
        );
        // Two keys that lower-case alike count once.
        assert_eq!(last_element(&json!({"0": "z", "A": 1, "a": 2})), None);
        assert_eq!(
            last_element(&json!({"1": "one", "A": 1, "a": 2})),
            Some(&json!("one"))
        );
        assert_eq!(prepared_len(&json!({"A": 1, "a": 2, "b": 3})), Some(2));
    }

    #[test]
    fn the_key_index_finds_keys_as_written_by_their_lower_case() {
        let long = "x".repeat(80);
        let keys = ["firstname", "émail", long.as_str(), "σας", "k"];
        let index = KeyIndex::new(
            keys.iter()
                .enumerate()
                .map(|(i, k)| (Box::<str>::from(*k), i as u16)),
        );
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(index.get(k), Some(i as u16), "{k}");
            assert_eq!(index.get(&k.to_uppercase()), Some(i as u16), "{k}");
        }
        assert_eq!(index.get("FirstName"), Some(0));
        assert_eq!(
            index.get("ΣΑΣ"),
            Some(3),
            "final sigma, as JavaScript lower-cases it"
        );
        assert_eq!(
            index.get("\u{212A}"),
            Some(4),
            "the Kelvin sign lower-cases to k"
        );
        assert_eq!(index.get("firstnam"), None);
        assert_eq!(index.get(""), None);
        assert_eq!(KeyIndex::default().get("x"), None);
    }

    #[test]
    fn eight_bytes_lower_case_at_once_as_one_byte_at_a_time() {
        let all: Vec<u8> = (0u8..128).collect();
        for chunk in all.chunks(8) {
            let w = word(chunk, 0);
            let expect = word(&chunk.to_ascii_lowercase(), 0);
            assert_eq!(lower_word(w), expect, "{chunk:?}");
        }
        assert!(ascii_lower_eq(
            b"RegistrationProvider",
            b"registrationprovider"
        ));
        assert!(!ascii_lower_eq(
            b"RegistrationProvidex",
            b"registrationprovider"
        ));
        assert_eq!(hash_ascii_lower(b"FirstName"), hash_raw(b"firstname"));
        for n in 0..=16 {
            let bytes: Vec<u8> = (1..=n as u8).collect();
            for at in (0..n).step_by(8) {
                let expect = bytes[at..(at + 8).min(n)]
                    .iter()
                    .rev()
                    .fold(0u64, |w, b| (w << 8) | u64::from(*b));
                assert_eq!(word(&bytes, at), expect, "{n} {at}");
            }
        }
    }

    #[test]
    fn eq_lower_compares_with_the_lower_case_form() {
        assert!(eq_lower("FirstName", "firstname"));
        assert!(!eq_lower("FirstNam", "firstname"));
        assert!(eq_lower("ÉMAIL", "émail"));
    }
}
