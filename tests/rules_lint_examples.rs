//! Lints of every rules string of the example files: none panics, every span is on character
//! boundaries, every fix changes the string. Prints them with `--nocapture` for review.

use ppstudio::rules::{LintContext, lint};

#[test]
fn lint_every_example_rules_string() {
    let mut seen = std::collections::BTreeSet::new();
    for text in [
        include_str!("data/rules-examples.jsonl"),
        include_str!("data/rules-derived.jsonl"),
        include_str!("data/rules-fuzz-examples.jsonl"),
        include_str!("data/l10n-examples.jsonl"),
    ] {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let case: serde_json::Value = serde_json::from_str(line).expect("JSON");
            if let Some(rules) = case["rules"].as_str() {
                seen.insert(rules.to_string());
            }
        }
    }
    let ctx = LintContext {
        fields: vec!["password".into()],
        ..LintContext::default()
    };
    for rules in &seen {
        for p in lint(rules, &ctx) {
            let span = p.span.clone().expect("a span");
            assert!(rules.get(span.clone()).is_some(), "{rules}: {p:?}");
            if let Some(fix) = &p.fix {
                assert_ne!(fix, rules);
            }
            println!(
                "{rules:?}\n    {:?} {} {:?} {}\n    fix: {:?}",
                p.severity, p.code, &rules[span], p.message, p.fix
            );
        }
    }
}
