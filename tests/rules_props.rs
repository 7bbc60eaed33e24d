//! Properties over arbitrary strings: parse, evaluate and lint never panic nor hang, and
//! writing a parsed rule set back gives the same bytes.

use std::time::{Duration, Instant};

use ppstudio::rules::{
    CompiledRules, Form, LintContext, Messages, RuleSet, Subject, evaluate, lint, parse,
};
use proptest::prelude::*;

const TOKENS: &[&str] = &[
    "required",
    "min_length",
    "max_length",
    "exact_length",
    "greater_than",
    "less_than",
    "matches",
    "default",
    "custom_validation",
    "callback_",
    "callback_custom_validation",
    "valid_date",
    "valid_email",
    "alpha",
    "valid_base64",
    "valid_phoneno",
    "valid_url",
    "numeric",
    "is_natural",
    "[",
    "]",
    "|",
    "!",
    "###",
    "%s",
    "$",
    "$&",
    "$'",
    "$`",
    "$$",
    "or",
    "^",
    "(",
    ")",
    "+",
    "*",
    "?",
    "{",
    "}",
    "{2,}",
    "\\",
    "\\1",
    "(?<n>",
    "(?=",
    "a",
    "1",
    "0",
    "-",
    ".",
    ",",
    " ",
    "😀",
    "é",
    "ſ",
    "\n",
    "\r",
    "\u{2028}",
    "\u{FEFF}",
    "Infinity",
    "password",
    "e3",
    "/",
    "@",
    "x.com",
    "\"",
];

fn tokens() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..24).prop_map(|parts| parts.concat())
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![tokens(), any::<String>(), "\\PC{0,40}"]
}

fn form() -> Form {
    Form::new()
        .with("password", "secret1", "Pass $& %s")
        .with("email", "", "Email")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn round_trip(rules in text()) {
        let set = parse(&rules);
        prop_assert_eq!(set.to_rules_string(), rules.clone());
        for seg in set.segments() {
            prop_assert_eq!(&rules[seg.span.clone()], seg.raw.as_str());
            prop_assert!(rules.get(seg.name_span.clone()).is_some());
            if let Some(span) = &seg.param_span {
                prop_assert!(rules.get(span.clone()).is_some());
                prop_assert!(seg.span.start <= span.start && span.end <= seg.span.end);
            }
            if !set.renamed() {
                prop_assert_eq!(&rules[seg.name_span.clone()], seg.name.as_str());
                if let (Some(span), Some(param)) = (&seg.param_span, &seg.param) {
                    prop_assert_eq!(&rules[span.clone()], param.as_str());
                }
            }
        }
        for i in 0..=set.segments().len() {
            let _ = RuleSet::parse(&set.with_segment_replaced(i, "x")).to_rules_string();
            let _ = set.with_segment_removed(i);
            let _ = set.with_segment_inserted(i, "y");
        }
    }

    #[test]
    fn evaluate_never_panics_nor_hangs(rules in text(), display in text(), value in text()) {
        let start = Instant::now();
        let form = form();
        let verdict = evaluate(&rules, &display, &value, &form);
        let compiled = CompiledRules::new(&rules).with_timeout(Duration::from_millis(50));
        let again = compiled.evaluate(&display, &value, &form);
        // The same verdict with another limit, unless one of them ran past its limit.
        if !verdict.timed_out() && !again.timed_out() {
            prop_assert_eq!(&verdict, &again);
        }
        prop_assert_eq!(verdict.is_valid(), verdict.rule().is_none());
        prop_assert_eq!(verdict.is_invalid(), verdict.message().is_some());
        prop_assert_eq!(verdict.valid().is_none(), verdict.timed_out() || verdict.throws());
        // The message-free check agrees with the verdict.
        let subject = Subject::new("password", &display, &value);
        let named = compiled.evaluate_field(&subject, &form, Messages::platform_ref());
        let validity = compiled.validity(&subject, &form, Messages::platform_ref());
        if !named.timed_out() && validity.is_some() {
            prop_assert_eq!(validity, named.valid());
        }
        prop_assert!(start.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn lint_never_panics_nor_hangs(rules in text()) {
        let start = Instant::now();
        let ctx = LintContext { fields: vec!["password".into(), "email".into()], ..LintContext::default() };
        for problem in lint(&rules, &ctx) {
            if let Some(span) = &problem.span {
                prop_assert!(rules.get(span.clone()).is_some(), "{:?}", problem);
            }
            if let Some(fix) = &problem.fix {
                prop_assert_ne!(fix, &rules, "{:?}", problem);
                let _ = lint(fix, &ctx);
            }
            prop_assert!(!problem.message.is_empty());
        }
        prop_assert!(start.elapsed() < Duration::from_secs(5));
    }
}

#[test]
fn hostile_inputs_finish() {
    let long = "a".repeat(100_000);
    let nested = "(".repeat(2000) + &")".repeat(2000);
    let backref = r"custom_validation[^(?:(a+)\1*)+$]".to_string();
    let cases = [
        (long.clone(), long.clone()),
        (format!("custom_validation[{nested}]"), "x".into()),
        (backref.clone(), "a".repeat(80) + "b"),
        ("|".repeat(50_000), String::new()),
        (
            "valid_emails|custom_validation[(a+)+$]".to_string(),
            ",".repeat(10_000),
        ),
        (format!("min_length[{}]", "9".repeat(400)), "x".into()),
    ];
    for (rules, value) in cases {
        let start = Instant::now();
        let _ = evaluate(&rules, "F", &value, &Form::new());
        let _ = lint(&rules, &LintContext::default());
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{}",
            &rules[..rules.len().min(60)]
        );
    }
}
