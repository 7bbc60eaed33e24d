//! The scan and the lazy values against `serde_json` reading the same text into a `Value`
//! (what the preview, journeys and `simulate` read).

use super::*;
use crate::asked::Compiled;
use crate::project::Project;

/// Whether the scan takes `text` as a profile, and whether a `Value` reading does.
fn both(text: &str) -> (bool, bool) {
    let compiled = Compiled::new(&Project::default_project().steps);
    let mut slots = RawSlots::default();
    let ours = compiled.scan(text, &mut slots).is_ok();
    let serde = matches!(
        serde_json::from_str::<serde_json::Value>(text),
        Ok(serde_json::Value::Object(_))
    );
    (ours, serde)
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
        // JSON.parse reads these; a Value cannot hold them: refused by every reader.
        r#"{"a":"\udADD"}"#,
        r#"{"\udADD":1}"#,
        r#"{"Email":"\ud800x"}"#,
        r#"{"a":1E0000000000022222}"#,
        r#"{"FirstName":-1e400}"#,
        r#"{"a":[{"b":1e309}]}"#,
        r#"{"a":1e-400}"#,
        r#"{"a":"\ud83d\ude00"}"#,
    ];
    for text in cases {
        let (ours, serde) = both(text);
        assert_eq!(ours, serde, "{text}");
    }
}

#[test]
fn the_two_refusals_of_what_json_parse_reads_are_said_in_the_previews_words() {
    let compiled = Compiled::new(&Project::default_project().steps);
    let mut slots = RawSlots::default();
    for (text, words, offset) in [
        (
            r#"{"a": "\udADD"}"#,
            crate::project::error::LONE_SURROGATE,
            13,
        ),
        (
            r#"{"Email": "\udADD"}"#,
            crate::project::error::LONE_SURROGATE,
            17,
        ),
        (
            r#"{"a": 1E0000000000022222}"#,
            crate::project::error::TOO_LARGE,
            23,
        ),
    ] {
        let e = compiled.scan(text, &mut slots).unwrap_err();
        let preview = crate::asked::profile::parse_profile(text.as_bytes()).unwrap_err();
        assert_eq!(e.message, words, "{text}");
        assert_eq!(preview.message, words, "{text}");
        assert_eq!((e.offset, e.not_an_object), (offset, false), "{text}");
        assert_eq!(preview.column, offset + 1, "{text}");
    }
}

#[test]
fn nesting_is_refused_where_serde_json_refuses_it() {
    for depth in [126, 127, 128, 129, 300] {
        let text = format!("{{\"a\":{}{}}}", "[".repeat(depth), "]".repeat(depth));
        let (ours, serde) = both(&text);
        assert_eq!(ours, serde, "depth {depth}");
        let text = format!("{{\"Email\":{}{}}}", "[".repeat(depth), "]".repeat(depth));
        let (ours, serde) = both(&text);
        assert_eq!(ours, serde, "Email, depth {depth}");
    }
}

#[test]
fn raw_values_read_as_parsed_values_do() {
    let text = r#"{"o": {"A": 1, "a": 2, "b": [10, 20, {"k": "v"}], "A": 3}, "n": -0.0, "z": 0, "e": 1e-400, "s": "", "t": "x", "u": "caf\u00e9"}"#;
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    let raw = Raw { text };
    let keys = ["o", "n", "z", "e", "s", "t", "u", "missing"];
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
    let text = r#"{"\u0046irstName": "a", "\u0046irstName": "b", "FIRSTNAME": "c"}"#;
    let p = compiled.scan(text, &mut slots).unwrap();
    assert_eq!(p.get(slot).unwrap().text(), r#""b""#);
    let e = compiled.scan("[1]", &mut slots).unwrap_err();
    assert!(e.not_an_object, "{e:?}");
    let e = compiled.scan(r#"{"a": tru}"#, &mut slots).unwrap_err();
    assert_eq!((e.offset, e.not_an_object), (6, false));
}
