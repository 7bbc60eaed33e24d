//! Any rules string and value: parse, write back, evaluate and lint never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ppstudio::rules::{self, CompiledRules, Form, LintContext};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // rules \0 value \0 other field's value
    let mut parts = text.splitn(3, '\0');
    let rules_text = parts.next().unwrap_or("");
    let value = parts.next().unwrap_or("");
    let other = parts.next().unwrap_or("");
    let set = rules::parse(rules_text);
    assert_eq!(set.to_rules_string(), rules_text);
    let mut form = Form::new();
    form.insert("password", other, "Password");
    let _ = CompiledRules::new(rules_text).evaluate("Field %s $&", value, &form);
    let ctx = LintContext { fields: vec!["password".into()], field_type: Some("string".into()), display: None };
    let _ = rules::lint(rules_text, &ctx);
});
