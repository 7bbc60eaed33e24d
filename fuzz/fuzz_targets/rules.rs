//! Any rules string and value: parse, write back, evaluate and lint never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ppstudio::rules::{self, CompiledRules, Form, LintContext, Messages, Subject};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // rules \0 value \0 other field's value
    let mut parts = text.splitn(3, '\0');
    let rules_text = parts.next().unwrap_or("");
    let value = parts.next().unwrap_or("");
    let other = parts.next().unwrap_or("");
    let set = rules::parse(rules_text);
    assert_eq!(set.to_rules_string(), rules_text);
    let mut form = Form::new();
    form.insert("password", other, "Password");
    let compiled = CompiledRules::new(rules_text);
    let _ = compiled.evaluate("Field %s $&", value, &form);
    // Named like a prototype member, with a translated template.
    let messages = Messages::from_entries([
        ("required#toString", "%s $' %s"),
        ("custom_validation", "x"),
    ]);
    let _ = compiled.evaluate_field(&Subject::new("toString", "", value), &form, &messages);
    let ctx = LintContext {
        fields: vec!["password".into()],
        field_type: Some("option".into()),
        name: Some("field".into()),
        options: Some(vec![value.to_string(), other.to_string()]),
        ..LintContext::default()
    };
    let _ = rules::lint(rules_text, &ctx);
});
