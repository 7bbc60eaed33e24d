//! The recorded markup of the platform's own library (`tests/data/markup-examples.jsonl`,
//! MARKUP.md): each case's step rendered by the review page's markup, normalised, equal to the
//! platform's.

use ppstudio::loginradius;
use ppstudio::project::{Locale, Locales, Settings};
use ppstudio::report::markup::form_markup;
use serde_json::Value;

#[test]
fn every_recorded_form_is_the_platform_s_markup() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/markup-examples.jsonl"),
    )
    .unwrap();
    let mut failures = Vec::new();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).unwrap();
        let doc = serde_json::json!({ "ProfilingSteps": [v["step"].clone()] });
        let project = loginradius::import(doc.to_string().as_bytes())
            .unwrap()
            .project;
        let locale: Option<Locale> = match &v["locale"] {
            Value::Null => None,
            l => {
                let locales: Locales =
                    serde_json::from_value(serde_json::json!({ "xx": l.clone() })).unwrap();
                locales.list.into_iter().next()
            }
        };
        let got = form_markup(&project.steps[0], locale.as_ref(), &Settings::default());
        n += 1;
        if got != v["html"].as_str().unwrap() {
            failures.push(format!(
                "{}:\n  got    {got}\n  expect {}",
                v["id"],
                v["html"].as_str().unwrap()
            ));
        }
    }
    assert!(n >= 10);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
