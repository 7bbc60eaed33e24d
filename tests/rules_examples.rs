//! Every case of `tests/data/*.jsonl` through `eval_jsonl`, in process: exact equality of
//! valid, rule and message with the browser's outcome (`expect`). `cli_rules_eval.rs` runs the
//! same files through the built binary.

use ppstudio::rules::eval_jsonl;
use serde_json::Value;

fn check_file(text: &str) {
    let cases: Vec<Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a JSON case"))
        .collect();
    let mut out = Vec::new();
    eval_jsonl(text.as_bytes(), &mut out).expect("no I/O error");
    let out = String::from_utf8(out).expect("UTF-8 output");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), cases.len(), "one output line per case");
    let mut failures = Vec::new();
    for (case, line) in cases.iter().zip(&lines) {
        let got: Value = serde_json::from_str(line).expect("a JSON verdict");
        if got != case["expect"] {
            failures.push(format!(
                "{}: expected {} got {}",
                case["id"], case["expect"], line
            ));
        }
        // Key order is part of the contract.
        if got.get("valid").is_some() {
            assert!(line.starts_with(r#"{"valid":"#), "{line}");
            let rule = line.find(r#""rule":"#).expect("rule key");
            let message = line.find(r#""message":"#).expect("message key");
            assert!(rule < message, "{line}");
        }
    }
    for failure in &failures {
        eprintln!("{failure}");
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ",
        failures.len(),
        cases.len()
    );
}

#[test]
fn browser_examples() {
    check_file(include_str!("data/rules-examples.jsonl"));
}

#[test]
fn derived_examples() {
    check_file(include_str!("data/rules-derived.jsonl"));
}

#[test]
fn fuzz_examples() {
    check_file(include_str!("data/rules-fuzz-examples.jsonl"));
}

#[test]
fn l10n_examples() {
    check_file(include_str!("data/l10n-examples.jsonl"));
}
