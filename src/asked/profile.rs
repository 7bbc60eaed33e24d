//! Reading a consumer profile the way the platform's library does (`SKIP.md` §2.1): keys
//! lower-cased at every depth (the first of two colliding keys wins), arrays as objects keyed
//! `"0"`, `"1"`..., values untouched, JavaScript truthiness.
//!
//! Nothing is copied: the top level is indexed once per profile ([`super::Compiled::prepare`]),
//! and nested objects are searched in place with a case-insensitive comparison that gives the
//! same answer as lower-casing every key first.

use std::hash::{BuildHasherDefault, Hasher};

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
fn same_lower(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// The array index a key names, as JavaScript reads `"0"`, `"1"`... (no sign, no leading zero).
fn array_index(key: &str) -> Option<usize> {
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

/// The JavaScript name of a value's kind, for explanations.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A small, fast hasher for the short keys of the top-level index (FxHash's mixing).
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The hasher builder of the key index.
pub type KeyHash = BuildHasherDefault<KeyHasher>;

/// Lower-cases `key` for an index lookup without allocating when it is ASCII and short:
/// calls `f` with the lower-case text.
pub fn with_lower<R>(key: &str, f: impl FnOnce(&str) -> R) -> R {
    let bytes = key.as_bytes();
    if !bytes.iter().any(u8::is_ascii_uppercase) && key.is_ascii() {
        return f(key);
    }
    if key.is_ascii() && bytes.len() <= 64 {
        let mut buf = [0u8; 64];
        for (d, s) in buf.iter_mut().zip(bytes) {
            *d = s.to_ascii_lowercase();
        }
        // ASCII stays valid UTF-8 once lower-cased.
        if let Ok(lower) = std::str::from_utf8(&buf[..bytes.len()]) {
            return f(lower);
        }
    }
    f(&key.to_lowercase())
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
    fn lower_casing_for_lookups_matches_to_lowercase() {
        for k in [
            "firstname",
            "FirstName",
            "ÉMAIL",
            "x".repeat(80).as_str(),
            "ΣΑΣ",
        ] {
            with_lower(k, |l| assert_eq!(l, k.to_lowercase()));
        }
        assert!(eq_lower("FirstName", "firstname"));
        assert!(!eq_lower("FirstNam", "firstname"));
        assert!(eq_lower("ÉMAIL", "émail"));
    }
}
