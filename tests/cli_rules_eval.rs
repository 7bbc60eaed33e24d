//! `ppstudio rules eval` as a user runs it: every recorded browser outcome of the three example
//! files through the built binary (exact valid, rule and message, and the key order), the time
//! limit, the validator's throws, and what `check` says about them.

mod cli_support;

use cli_support::{rules_eval, run};
use serde_json::Value;

/// Every case of `file` (in `tests/data`) through the binary: the three keys exactly as
/// expected, in the order valid, rule, message, and nothing else.
fn check_file(file: &str, at_least: usize) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("the examples");
    let cases: Vec<Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a JSON case"))
        .collect();
    assert!(cases.len() >= at_least, "{file}: {} cases", cases.len());
    let lines = rules_eval(&text, &[]);
    assert_eq!(lines.len(), cases.len(), "{file}: one line per case");
    let mut failures = Vec::new();
    for (case, line) in cases.iter().zip(&lines) {
        let got: Value = serde_json::from_str(line).expect("a JSON verdict");
        let keys: Vec<&str> = got
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        if got != case["expect"] || keys != ["valid", "rule", "message"] {
            failures.push(format!(
                "{}: expected {} got {line}",
                case["id"], case["expect"]
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{file}: {} of {} differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_browser_example_through_the_binary() {
    check_file("rules-examples.jsonl", 156);
}

#[test]
fn every_fuzz_example_through_the_binary() {
    check_file("rules-fuzz-examples.jsonl", 200);
}

#[test]
fn every_l10n_example_through_the_binary() {
    check_file("l10n-examples.jsonl", 250);
}

#[test]
fn every_derived_example_through_the_binary() {
    check_file("rules-derived.jsonl", 74);
}

/// The issue's pattern: `or` makes it `^(?:(a+)\1*)+$|!`, which the browser passes after a long
/// freeze on thirty `a` and a `!`.
fn slow_case() -> String {
    let case = serde_json::json!({
        "rules": r"custom_validation[^(?:(a+)\1*)+$or!]",
        "display": "Code",
        "value": format!("{}!", "a".repeat(30)),
        "name": "cf_Code",
    });
    format!("{case}\n")
}

#[test]
fn a_match_past_the_limit_has_no_verdict() {
    let timed_out = r#"{"valid":null,"rule":"custom_validation","message":null,"timed_out":true}"#;
    assert_eq!(
        rules_eval(&slow_case(), &["--match-timeout-ms", "20"]),
        [timed_out]
    );
    // The default limit (1000 ms) is not enough either.
    assert_eq!(rules_eval(&slow_case(), &[]), [timed_out]);
    // The next case is answered as usual.
    let two = format!(
        "{}{}\n",
        slow_case(),
        r#"{"rules": "required", "display": "Code", "value": ""}"#
    );
    assert_eq!(
        rules_eval(&two, &["--match-timeout-ms", "5"]),
        [
            timed_out,
            r#"{"valid":false,"rule":"required","message":"The Code field is required."}"#
        ]
    );
}

#[test]
fn the_match_limit_must_be_a_positive_number() {
    for bad in ["0", "-1", "soon"] {
        let out = run(&["rules", "eval", "--match-timeout-ms", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(out.stdout.is_empty(), "{bad}");
    }
}

#[test]
fn a_rule_that_makes_the_validator_throw_says_so() {
    let input = concat!(
        r#"{"rules": "required|hasOwnProperty", "display": "Name", "value": "Ann", "name": "firstname"}"#,
        "\n",
        r#"{"rules": "custom_validation", "display": "Name", "value": "Ann"}"#,
        "\n",
        // Skipped on an empty value without `required`: no throw.
        r#"{"rules": "hasOwnProperty", "display": "Name", "value": ""}"#,
        "\n",
        // A template of that name (from the site's messages) is used instead.
        r#"{"rules": "hasOwnProperty", "display": "Name", "value": "x", "messages": [{"rule": "hasOwnProperty", "message": "%s?"}]}"#,
        "\n",
    );
    assert_eq!(
        rules_eval(input, &[]),
        [
            r#"{"valid":null,"rule":"hasOwnProperty","message":null,"throws":true}"#,
            r#"{"valid":null,"rule":"custom_validation","message":null,"throws":true}"#,
            r#"{"valid":true,"rule":null,"message":null}"#,
            r#"{"valid":false,"rule":"hasOwnProperty","message":"Name?"}"#,
        ]
    );
}

#[test]
fn name_and_messages_are_read_and_a_bad_messages_value_is_an_error_line() {
    let input = concat!(
        r#"{"rules": "required", "display": "", "value": "", "name": "firstname", "messages": [{"rule": "required#firstname", "message": "Le champ %s est obligatoire."}]}"#,
        "\n",
        r#"{"rules": "required", "display": "D", "value": "", "messages": {"rule": "required"}}"#,
        "\n",
        r#"{"rules": "required", "display": "D", "value": "", "messages": null, "name": null}"#,
        "\n",
    );
    let lines = rules_eval(input, &[]);
    assert_eq!(
        lines[0],
        r#"{"valid":false,"rule":"required","message":"Le champ firstname est obligatoire."}"#
    );
    assert!(
        lines[1].starts_with(r#"{"error":"line 2: not a rules case: `messages` must be a list"#),
        "{}",
        lines[1]
    );
    assert_eq!(
        lines[2],
        r#"{"valid":false,"rule":"required","message":"The D field is required."}"#
    );
}

/// `check` on a project file written into a temporary folder: (exit code, JSON report).
fn check(project: &str) -> (Option<i32>, Value) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("p.ppstudio.json");
    std::fs::write(&file, project).expect("written");
    let out = run(&[
        "check",
        file.to_str().expect("UTF-8 path"),
        "--format",
        "json",
    ]);
    let report = serde_json::from_slice(&out.stdout).expect("a JSON report");
    (out.status.code(), report)
}

fn problems<'a>(report: &'a Value, code: &str) -> Vec<&'a Value> {
    report["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["code"] == code)
        .collect()
}

#[test]
fn check_reports_the_engines_traps_on_the_field() {
    let project = r#"{"format": "ppstudio-project", "version": 1, "steps": [{"name": "A",
        "trigger": {"on": "first_login"}, "fields": [
        {"type": "string", "name": "nickname", "display": "Nickname", "rules": "required|hasOwnProperty"},
        {"type": "string", "name": "cf_Code", "display": "Code", "rules": "custom_validation"},
        {"type": "option", "name": "gender", "display": "Gender", "rules": "required|numeric",
         "options": [{"text": "Male", "value": "M"}, {"text": "Female", "value": "F"}]},
        {"type": "option", "name": "cf_Slow", "display": "Slow",
         "rules": "custom_validation[^(?:(a+)\\1*)+$]",
         "options": [{"text": "A", "value": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"}]},
        {"type": "password", "name": "confirmpassword", "display": "Confirm", "rules": "matches[confirmpassword]"}
        ]}]}"#;
    let (code, report) = check(project);
    assert_eq!(code, Some(1), "{report:#}");
    let throws = problems(&report, "validator-throws");
    assert_eq!(throws.len(), 2, "{report:#}");
    for p in &throws {
        assert_eq!(p["severity"], "error");
        assert_eq!(p["step"], "A");
        assert_eq!(p["key"], "rules");
        assert!(
            p["message"]
                .as_str()
                .unwrap()
                .contains("the browser's validator throws"),
            "{p}"
        );
        assert!(
            p["message"]
                .as_str()
                .unwrap()
                .contains("validation breaks for the whole form"),
            "{p}"
        );
    }
    assert_eq!(throws[0]["field"], "nickname");
    assert_eq!(throws[1]["field"], "cf_Code");
    let options = problems(&report, "options-all-fail");
    assert_eq!(options.len(), 1, "{report:#}");
    assert_eq!(options[0]["field"], "gender");
    assert_eq!(options[0]["severity"], "error");
    assert!(
        options[0]["message"]
            .as_str()
            .unwrap()
            .contains("the consumer can never submit this step"),
        "{}",
        options[0]["message"]
    );
    // A timed-out option value is not called a failure.
    assert!(
        !options.iter().any(|p| p["field"] == "cf_Slow"),
        "{report:#}"
    );
    // matches on the field itself is no "always fails".
    let itself = problems(&report, "matches-itself");
    assert_eq!(itself.len(), 1, "{report:#}");
    assert_eq!(itself[0]["field"], "confirmpassword");
    assert!(problems(&report, "matches-field").is_empty(), "{report:#}");
}
