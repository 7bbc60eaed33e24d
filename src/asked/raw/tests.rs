//! The scan and the lazy values against `serde_json`.

use super::cursor::{Cursor, find_special};
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
    // Every byte, alone after plain ones and before a quote: found exactly when special.
    for c in 0u8..=255 {
        for n in [0, 3, 7, 8, 13] {
            let mut text = vec![b' '; n];
            text.push(c);
            text.extend_from_slice(b"!#\"");
            let special = c == b'"' || c == b'\\' || c < 0x20;
            let at = if special { n } else { n + 3 };
            assert_eq!(find_special(&text, 0), at, "{c:#x} after {n}");
        }
    }
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
