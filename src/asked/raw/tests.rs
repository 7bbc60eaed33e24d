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

// The fast path (the tokens of `index`, the walk of `fast`) against the scalar definition, the
// exact reader and serde_json, on every kernel this processor runs (the portable one included).

use super::index::{Kernel, Tokens, reference};
use proptest::prelude::*;

use crate::project::error::{LONE_SURROGATE, TOO_LARGE, beyond_a_value};

/// Every token of `text` by `kernel`, and whether the text ended cleanly.
fn tokens(kernel: Kernel, text: &[u8]) -> (Vec<u32>, bool) {
    let mut t = Tokens::new(kernel, text);
    let mut all = Vec::new();
    while let Some(p) = t.next() {
        all.push(p as u32);
    }
    let finished = t.finished();
    if finished {
        assert_eq!(t.ascii(), text.is_ascii(), "{kernel:?}");
    }
    (all, finished)
}

fn check_tokens(text: &[u8]) {
    let expected = reference(text);
    for kernel in Kernel::all() {
        let (found, clean) = tokens(kernel, text);
        match &expected {
            Some((toks, _)) => {
                assert!(clean, "{kernel:?} {:?}", String::from_utf8_lossy(text));
                assert_eq!(
                    &found,
                    toks,
                    "{kernel:?} {:?}",
                    String::from_utf8_lossy(text)
                );
            }
            None => assert!(!clean, "{kernel:?} {:?}", String::from_utf8_lossy(text)),
        }
    }
}

/// What a scan found, comparable: each slot's value, the provider, or the error.
fn scan_result(
    compiled: &Compiled,
    kernel: Option<Kernel>,
    text: &str,
) -> Result<String, ScanError> {
    let mut slots = RawSlots::default();
    let p = compiled.scan_with(kernel, text, &mut slots)?;
    let values: Vec<Option<&str>> = (0..compiled.keys.len() as u16)
        .map(|s| p.get(s).map(Raw::text))
        .collect();
    Ok(format!("{values:?} {:?} {}", p.provider(), p.email()))
}

fn check_scan(compiled: &Compiled, text: &str) {
    let exact = scan_result(compiled, None, text);
    for kernel in Kernel::all() {
        assert_eq!(
            scan_result(compiled, Some(kernel), text),
            exact,
            "{kernel:?} {text:?}"
        );
    }
    let serde = serde_json::from_str::<serde_json::Value>(text);
    match (&serde, &exact) {
        (Ok(v), Ok(_)) => assert!(v.is_object(), "{text:?}"),
        (Ok(v), Err(e)) => assert!(e.not_an_object && !v.is_object(), "{text:?}: {e:?}"),
        // What JSON.parse reads but no `Value` holds is refused in the same words.
        (Err(e), Err(ours)) => {
            let words = crate::project::LoadError::from(e).message;
            assert_eq!(
                beyond_a_value(&words),
                beyond_a_value(&ours.message),
                "{text:?}: {words} / {ours:?}"
            );
            if beyond_a_value(&words) {
                assert_eq!(words, ours.message, "{text:?}");
            }
        }
        (Err(e), Ok(_)) => panic!("{text:?} accepted, serde_json: {e}"),
    }
}

/// Each text scanned by the exact reader and by every kernel's fast path: the error's words
/// and offset.
fn refusal(compiled: &Compiled, text: &str) -> Option<(String, usize)> {
    let exact = scan_result(compiled, None, text);
    for kernel in Kernel::all() {
        assert_eq!(
            scan_result(compiled, Some(kernel), text),
            exact,
            "{kernel:?}"
        );
    }
    exact.err().map(|e| (e.message.into_owned(), e.offset))
}

#[test]
fn half_a_character_and_numbers_past_a_double_are_refused_in_words() {
    let compiled = Compiled::new(&Project::default_project().steps);
    let surrogate = Some(LONE_SURROGATE.to_string());
    let large = Some(TOO_LARGE.to_string());
    let pad = "x".repeat(70);
    for (text, words, offset) in [
        (r#"{"a":"\udADD"}"#, &surrogate, 12),
        (r#"{"a":"x\ud800"}"#, &surrogate, 13),
        (r#"{"a":"\ud800\n"}"#, &surrogate, 13),
        (r#"{"a":"\ud800\u0041"}"#, &surrogate, 17),
        (r#"{"a":"\udc00\ud800"}"#, &surrogate, 11),
        (r#"{"\udfff":1}"#, &surrogate, 7),
        (r#"{"FirstName":"\uD83D"}"#, &surrogate, 20),
        (r#"{"a":1E0000000000022222}"#, &large, 22),
        (r#"{"a":[-1e309]}"#, &large, 11),
        // Found by the fuzzer: serde_json stops where the exponent overflows an i32.
        (
            r#"{"FirstName":"eddADD","Age":1E6666666666666666666666666666666666660000000000022223}"#,
            &large,
            39,
        ),
        (r#"{"a":1e+2147483647}"#, &large, 17),
        (r#"{"a":1e+2147483648}"#, &large, 17),
        (r#"{"a":1e0000000000000000000002147483648}"#, &large, 37),
        (r#"{"a":[0e99999999999999, 1e-99999999999999]}"#, &None, 0),
        (r#"{"a":1.8e308}"#, &large, 11),
        (&format!("{{\"a\":{}}}", "9".repeat(309)), &large, 313),
        (&format!("{{\"{pad}\":\"\\udADD\"}}"), &surrogate, 81),
        // Within the range, and whole pairs, are profiles.
        (r#"{"a":"\ud83d\ude00\u00e9"}"#, &None, 0),
        (
            r#"{"a":[1.7976931348623157e308, 1e-400, 0e999999999999]}"#,
            &None,
            0,
        ),
        (&format!("{{\"a\":{}}}", "9".repeat(308)), &None, 0),
    ] {
        let found = refusal(&compiled, text);
        assert_eq!(found.as_ref().map(|f| &f.0), words.as_ref(), "{text}");
        if let Some((_, at)) = found {
            assert_eq!(at, offset, "{text}");
            // Where serde_json says it is too (its column counts from 1).
            let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
            assert_eq!(crate::project::LoadError::from(e).column, at + 1, "{text}");
        }
        check_scan(&compiled, text);
    }
    // A string cut in the middle of a pair is an unfinished string, as serde_json says.
    let cut = refusal(&compiled, r#"{"a":"\ud800"#).unwrap();
    assert_eq!(cut.0, "EOF while parsing a string");
}

fn profiles() -> Vec<String> {
    let mut bytes = Vec::new();
    crate::audience::generate::write_lines(60, 7, &mut bytes).unwrap();
    String::from_utf8(bytes)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_fast_path_reads_generated_profiles_whole() {
    let project = Project::default_project();
    let compiled = Compiled::new(&project.steps);
    for line in profiles() {
        check_tokens(line.as_bytes());
        check_scan(&compiled, &line);
        let mut slots = RawSlots::default();
        slots.begin(compiled.keys.len());
        for kernel in Kernel::all() {
            assert!(
                compiled.scan_fast(kernel, &line, &mut slots).is_some(),
                "{kernel:?} gave up on {line}"
            );
        }
    }
}

#[test]
fn the_fast_path_agrees_on_hand_made_cases() {
    let project = Project::default_project();
    let compiled = Compiled::new(&project.steps);
    let mut cases: Vec<String> = [
        "{}",
        " {} ",
        "{\"a\":1}",
        "{\"a\":1}x",
        "{\"a\":1} {}",
        "{\"FirstName\":\"x\\\"y\",\"firstname\":2,\"FirstName\":[1,{\"a\":[]}]}",
        "{\"Provider\":\"Email\",\"Provider\":\"google\"}",
        "{\"a\":\"\\\\\"}",
        "{\"a\":\"\\\\\\\"\"}",
        "{\"a\":\"\\u00e9\\ud83d\\ude00\",\"b\":\"\\ud800\"}",
        "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12G4\"}",
        "{\"a\":\"tab\there\"}",
        "{\"a\":\"\u{c}\"}",
        "{\"a\":1\u{c}}",
        "{\"a\":\u{1a}1}",
        "{\"a\":-0.5e+3,\"b\":01}",
        "{\"a\":1.}",
        "{\"a\":1e400}",
        "{\"a\":truex}",
        "{\"a\":nul}",
        "{\"a\":falsee}",
        "{\"a\":[1,]}",
        "{\"a\":[1 2]}",
        "{\"a\":{\"b\"}}",
        "{\"a\":{\"b\":}}",
        "{\"a\":\"x\"\"y\"}",
        "{\"a\" \"b\"}",
        "{\"a\":1,}",
        "{,}",
        "{\"a\":[}",
        "{\"a\":{]}",
        "{\"a\":é}",
        "{\"é\":1,\"FIRSTNAME\":2}",
        "{\"\\u0046irstName\":1}",
        "{\"a\":\"abc",
        "{\"a\":\"abc\\",
        "[1]",
        "\"x\"",
        "",
        "   ",
        "{\"a\":\\\"x\"}",
        "{\"a\":1\\\"}",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for depth in [90, 99, 100, 101, 126, 127, 128, 200] {
        cases.push(format!(
            "{{\"a\":{}{}}}",
            "[".repeat(depth),
            "]".repeat(depth)
        ));
        cases.push(format!(
            "{{\"a\":{}1{}}}",
            "{\"k\":".repeat(depth),
            "}".repeat(depth)
        ));
    }
    // Strings, escapes and numbers across the 64-byte blocks.
    for pad in 0..70 {
        let p = "x".repeat(pad);
        cases.push(format!(
            "{{\"{p}\":\"a\\\"b\\\\\",\"c\":123.5e-2,\"d\":true}}"
        ));
        cases.push(format!("{{\"a\":\"{p}\\\\\\\\\"}}"));
        cases.push(format!("{{\"a\":\"{p}\\\"\"}}"));
        cases.push(format!("{{\"a\":\"{p}\\u00e9\"}}"));
        cases.push(format!("{{\"a\":\"{p}\\\"}}"));
        cases.push(format!("{{\"a\":\"{p}\",\"b\":{}}}", "1".repeat(pad)));
        cases.push(format!("{{\"a\":\"{p}\u{1}\"}}"));
        cases.push(format!("{{{}\"a\" : [ null ,false ]\t}}", " ".repeat(pad)));
    }
    for case in &cases {
        check_tokens(case.as_bytes());
        check_scan(&compiled, case);
    }
}

/// A mutation of a text: at a place (a fraction of its length), what is done.
fn mutate(text: &str, edits: &[(f64, u8, char)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(at, op, c) in edits {
        let i = ((chars.len() as f64) * at) as usize;
        match op % 4 {
            0 if i < chars.len() => {
                chars.remove(i);
            }
            1 => chars.insert(i.min(chars.len()), c),
            2 if i < chars.len() => chars[i] = c,
            3 => chars.truncate(i),
            _ => {}
        }
    }
    chars.into_iter().collect()
}

fn json_char() -> impl Strategy<Value = char> {
    prop::sample::select(vec![
        '"', '\\', '{', '}', '[', ']', ':', ',', ' ', '\t', '\n', '\r', '0', '1', '9', '-', '+',
        '.', 'e', 'E', 't', 'r', 'u', 'f', 'n', 'l', 'a', 's', 'x', '/', 'é', '😀', '\u{0}',
        '\u{1}', '\u{c}', '\u{1a}', '\u{1f}', '\u{7f}',
    ])
}

/// `cases` cases; under Miri (an interpreter, isolated from the file system) a few, without
/// the regression file.
fn config(cases: u32) -> ProptestConfig {
    if cfg!(miri) {
        ProptestConfig {
            cases: 3,
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    } else {
        ProptestConfig::with_cases(cases)
    }
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn mutated_profiles_are_read_alike_by_both_paths(
        which in 0usize..60,
        edits in prop::collection::vec((0.0f64..1.0, any::<u8>(), json_char()), 1..4),
    ) {
        let project = Project::default_project();
        let compiled = Compiled::new(&project.steps);
        let lines = profiles();
        let text = mutate(&lines[which % lines.len()], &edits);
        check_tokens(text.as_bytes());
        check_scan(&compiled, &text);
    }

    #[test]
    fn random_texts_are_read_alike_by_both_paths(
        chars in prop::collection::vec(json_char(), 0..200),
    ) {
        let project = Project::default_project();
        let compiled = Compiled::new(&project.steps);
        let text: String = chars.into_iter().collect();
        check_tokens(text.as_bytes());
        check_scan(&compiled, &text);
        let object = format!("{{\"a\":{text}}}");
        check_tokens(object.as_bytes());
        check_scan(&compiled, &object);
    }
}
