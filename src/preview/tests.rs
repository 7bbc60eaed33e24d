use std::collections::HashMap;

use serde_json::{Value, json};

use super::*;
use crate::project::{FieldType, Project};

fn field(name: &str, ty: FieldType, rules: &str) -> Field {
    let mut f = Field::new(name, format!("{name} label"), ty);
    f.rules = rules.into();
    f
}

fn step(fields: Vec<Field>) -> Step {
    let mut s = Step::new("S");
    s.fields = fields;
    s
}

fn values(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn profile(pairs: &[(&str, &str)]) -> Map<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
        .collect()
}

/// The default settings: askOptionalFieldsOnProgressiveSteps on.
fn on() -> Settings {
    Settings::default()
}

fn off() -> Settings {
    Settings {
        ask_optional_fields: false,
        ..Settings::default()
    }
}

fn states(p: &StepPreview) -> Vec<(&str, FieldState)> {
    p.fields
        .iter()
        .map(|f| (f.name.as_str(), f.state))
        .collect()
}

#[test]
fn fields_are_known_dropped_or_asked_by_the_platforms_rule_with_their_reason() {
    let s = step(vec![
        field("firstname", FieldType::String, "required"),
        field("cf_Team", FieldType::String, ""),
        field("country", FieldType::Option, "required"),
        field("city", FieldType::String, ""),
        field("password", FieldType::Password, ""),
    ]);
    let known = json!({
        "Provider": "Email", "FirstName": "Ann", "CustomFields": {"team": "red"},
        "Country": {"Code": "", "Name": "UNKNOWN"}, "City": "unknown", "Password": null
    });
    let Value::Object(known) = known else {
        unreachable!()
    };
    let p = Preview::new().compute(&s, &known, &on(), &values(&[]));
    assert!(p.shown());
    assert_eq!(
        states(&p),
        vec![
            ("firstname", FieldState::Known),
            ("cf_Team", FieldState::Known),
            ("country", FieldState::Shown),
            ("city", FieldState::Shown),
            ("password", FieldState::Dropped),
        ]
    );
    assert_eq!(
        p.fields[0].reason,
        "known: the profile has firstname = \"Ann\""
    );
    assert_eq!(p.fields[1].reason, "known: CustomFields has team = \"red\"");
    assert_eq!(
        p.fields[3].reason,
        "asked: the profile has \"unknown\" for city"
    );
    assert!(
        p.fields[4]
            .reason
            .starts_with("never asked: passwords are asked only with")
    );
    assert_eq!(
        p.summary,
        "The form shows: country label is required (its rules mention \"required\"), so every \
         field left to ask is shown, optional ones included."
    );
    assert_eq!(FieldState::Known.why(), Some("known to the platform"));
    assert_eq!(FieldState::Shown.why(), None);
    assert!(p.field("firstname").unwrap().verdict.is_none());
}

#[test]
fn the_step_shows_only_with_a_required_field_or_when_optional_fields_are_asked() {
    let s = step(vec![
        field("a", FieldType::String, "required"),
        field("b", FieldType::String, "max_length[3]"),
    ]);
    let mut pv = Preview::new();
    let p = pv.compute(&s, &profile(&[("a", "x")]), &off(), &values(&[]));
    assert_eq!(p.shows, Shows::Nothing(asked::NothingReason::OnlyOptional));
    assert_eq!(
        states(&p),
        vec![("a", FieldState::Known), ("b", FieldState::StepNotShown)]
    );
    assert!(p.submit.is_none());
    assert!(p.fields.iter().all(|f| f.verdict.is_none()));
    assert!(
        p.summary
            .contains("askOptionalFieldsOnProgressiveSteps is off")
    );

    let p = pv.compute(&s, &profile(&[("a", "x")]), &on(), &values(&[]));
    assert!(p.shown());
    let p = pv.compute(&s, &profile(&[]), &off(), &values(&[]));
    assert!(p.shown());
    let p = pv.compute(&s, &profile(&[("a", "x"), ("b", "y")]), &on(), &values(&[]));
    assert_eq!(p.shows, Shows::Nothing(asked::NothingReason::NothingKept));
    assert!(p.submit.is_none());
}

#[test]
fn a_social_consumer_is_sent_to_re_consent_instead_of_the_form() {
    let mut s = step(vec![field("a", FieldType::String, "required")]);
    s.scopes = vec![Some(crate::project::Scope::new(
        "Facebook",
        "user_birthday",
    ))];
    let mut pv = Preview::new();
    let mut social = profile(&[]);
    social.insert("Provider".into(), json!("facebook"));
    let p = pv.compute(&s, &social, &on(), &values(&[]));
    assert_eq!(p.path, Path::Social);
    assert_eq!(
        p.consent,
        Some(Consent {
            provider: "Facebook".into(),
            scopes: "user_birthday".into()
        })
    );
    assert_eq!(
        p.summary,
        "A social consumer: instead of the form, they are sent to Facebook to re-consent, \
         granting: user_birthday."
    );
    assert_eq!(states(&p), vec![("a", FieldState::NotOnThisPath)]);
    assert!(p.submit.is_none());
    social.insert("Provider".into(), json!("google"));
    let p = pv.compute(&s, &social, &on(), &values(&[]));
    assert_eq!(p.consent, None);
    assert!(
        p.summary
            .starts_with("Nothing happens: the consumer logged in with \"google\"")
    );
}

#[test]
fn verdicts_are_the_browsers_with_its_messages() {
    let s = step(vec![
        field("firstname", FieldType::String, "required|min_length[3]"),
        field("emailid", FieldType::Email, "valid_email"),
    ]);
    let mut pv = Preview::new();
    let p = pv.compute(
        &s,
        &profile(&[]),
        &on(),
        &values(&[("firstname", "Al"), ("emailid", "")]),
    );
    let v = p.field("firstname").unwrap().verdict.clone().unwrap();
    assert!(!v.is_valid());
    assert_eq!(
        v.message(),
        Some("The firstname label field must be at least 3 characters in length.")
    );
    // An empty optional value skips its rules.
    assert!(
        p.field("emailid")
            .unwrap()
            .verdict
            .as_ref()
            .unwrap()
            .is_valid()
    );
    assert!(!p.valid());
    let p = pv.compute(&s, &profile(&[]), &on(), &values(&[("firstname", "Ann")]));
    assert!(p.valid());
}

#[test]
fn matches_reads_the_other_field_of_the_form_on_every_keystroke() {
    // Not named password: the platform asks passwords only with a prompt option (R6).
    let s = step(vec![
        field("accesscode", FieldType::Password, "required"),
        field(
            "confirmcode",
            FieldType::Password,
            "required|matches[accesscode]",
        ),
    ]);
    let mut pv = Preview::new();
    let empty = profile(&[]);
    let p = pv.compute(
        &s,
        &empty,
        &on(),
        &values(&[("accesscode", "secret"), ("confirmcode", "secret")]),
    );
    assert!(p.valid());
    // Only the other field changed: the confirmation is evaluated again.
    let p = pv.compute(
        &s,
        &empty,
        &on(),
        &values(&[("accesscode", "secret2"), ("confirmcode", "secret")]),
    );
    let v = p.field("confirmcode").unwrap().verdict.clone().unwrap();
    assert_eq!(
        v.message(),
        Some("The confirmcode label field does not match the accesscode label field.")
    );
    // The other field already in the profile is not in the form: matches fails.
    let p = pv.compute(
        &s,
        &profile(&[("accesscode", "x")]),
        &on(),
        &values(&[("confirmcode", "x")]),
    );
    let v = p.field("confirmcode").unwrap().verdict.clone().unwrap();
    assert_eq!(v.rule(), Some("matches"));
    assert_eq!(
        v.message(),
        Some("The confirmcode label field does not match the accesscode field.")
    );
}

#[test]
fn a_cached_verdict_follows_changes_of_rules_label_and_value() {
    let mut s = step(vec![field("a", FieldType::String, "required")]);
    let mut pv = Preview::new();
    let none = profile(&[]);
    let v = |p: &StepPreview| p.fields[0].verdict.clone().unwrap();
    assert!(!v(&pv.compute(&s, &none, &on(), &values(&[]))).is_valid());
    assert!(v(&pv.compute(&s, &none, &on(), &values(&[("a", "x")]))).is_valid());
    s.fields[0].rules = "required|min_length[2]".into();
    assert!(!v(&pv.compute(&s, &none, &on(), &values(&[("a", "x")]))).is_valid());
    s.fields[0].display = "Renamed".into();
    let msg = v(&pv.compute(&s, &none, &on(), &values(&[("a", "x")])))
        .message()
        .map(str::to_string);
    assert_eq!(
        msg.as_deref(),
        Some("The Renamed field must be at least 2 characters in length.")
    );
}

#[test]
fn hidden_fields_are_posted_but_not_drawn_nor_validated() {
    let mut h = field("cf_Source", FieldType::Hidden, "required");
    h.extra.insert("value".into(), json!("newsletter"));
    let s = step(vec![field("firstname", FieldType::String, ""), h]);
    let p = Preview::new().compute(&s, &profile(&[]), &on(), &values(&[("firstname", "Ann")]));
    assert_eq!(p.fields[1].state, FieldState::Hidden);
    assert!(p.fields[1].verdict.is_none());
    assert!(FieldState::Hidden.why().unwrap().contains("hidden field"));
    assert_eq!(
        p.submit,
        Some(json!({ "firstname": "Ann", "CustomFields": { "Source": "newsletter" } }))
    );
}

#[test]
fn the_post_moves_custom_fields_and_sends_checkboxes_as_booleans() {
    let s = step(vec![
        field("cf_NewsletterOptIn", FieldType::Multi, "required"),
        field("gender", FieldType::Option, "required"),
        field("cf_Team", FieldType::String, ""),
        field("agree", FieldType::Multi, ""),
        field("company", FieldType::String, ""),
    ]);
    let mut pv = Preview::new();
    let p = pv.compute(
        &s,
        &profile(&[("company", "Acme")]),
        &on(),
        &values(&[
            ("cf_NewsletterOptIn", "TRUE"),
            ("gender", "F"),
            ("cf_Team", "red"),
            ("agree", "false"),
        ]),
    );
    let text = serde_json::to_string(p.submit.as_ref().unwrap()).unwrap();
    assert_eq!(
        text,
        r#"{"gender":"F","agree":false,"CustomFields":{"NewsletterOptIn":true,"Team":"red"}}"#
    );
    assert!(p.valid());
    // An unchecked required checkbox fails `required`.
    let p = pv.compute(&s, &profile(&[]), &on(), &values(&[("gender", "M")]));
    let v = p.fields[0].verdict.clone().unwrap();
    assert_eq!(v.rule(), Some("required"));
    assert_eq!(p.fields[0].value, "");
    // No custom field in the form: no CustomFields key.
    let s = step(vec![field("a", FieldType::String, "")]);
    let p = pv.compute(&s, &profile(&[]), &on(), &values(&[]));
    assert_eq!(p.submit, Some(json!({ "a": "" })));
}

#[test]
fn a_starting_value_comes_from_the_fields_value_key() {
    let mut f = field("nickname", FieldType::String, "required");
    f.extra.insert("value".into(), json!("Nick"));
    let mut ro = field("emailid", FieldType::Email, "");
    ro.extra.insert("permission".into(), json!("r"));
    let s = step(vec![f, ro]);
    let p = Preview::new().compute(&s, &profile(&[]), &on(), &values(&[]));
    assert_eq!(p.fields[0].value, "Nick");
    assert!(p.valid());
    assert!(p.fields[1].read_only);
    assert_eq!(p.fields[1].state, FieldState::Shown);
}

#[test]
fn a_regex_past_the_budget_is_finished_in_the_background() {
    let s = step(vec![
        field(
            "a",
            FieldType::String,
            r"custom_validation[^(?:(a+)\1*)+$###Bad]",
        ),
        field("b", FieldType::String, "required"),
    ]);
    // A budget of 2 ms on this thread, 40 ms in the background.
    let mut pv = Preview::with_timeouts(Duration::from_millis(2), Duration::from_millis(40));
    let bad = "a".repeat(60) + "b";
    let start = std::time::Instant::now();
    let p = pv.compute(
        &s,
        &profile(&[]),
        &on(),
        &values(&[("a", &bad), ("b", "x")]),
    );
    assert!(
        start.elapsed() < Duration::from_millis(40),
        "the caller waits for the budget only"
    );
    let f = &p.fields[0];
    assert!(f.checking && p.checking && !p.timed_out);
    assert!(f.verdict.as_ref().unwrap().timed_out());
    // Not a failure: no message, and the step is neither valid nor blocked.
    assert_eq!(f.verdict.as_ref().unwrap().message(), None);
    assert!(!p.valid() && !p.blocked());
    // The background answer: still past the full limit, so the page would freeze.
    assert!(pv.wait_for_checks(Duration::from_secs(10)));
    let p = pv.compute(
        &s,
        &profile(&[]),
        &on(),
        &values(&[("a", &bad), ("b", "x")]),
    );
    assert!(!p.checking && p.timed_out);
    assert!(p.fields[0].would_freeze());
    // The next keystroke elsewhere reuses the verdict instead of timing out again.
    let start = std::time::Instant::now();
    let p = pv.compute(
        &s,
        &profile(&[]),
        &on(),
        &values(&[("a", &bad), ("b", "xy")]),
    );
    assert!(p.timed_out && !pv.checking());
    assert!(start.elapsed() < Duration::from_millis(2));
}

#[test]
fn a_background_answer_replaces_the_budgets_timeout() {
    // A backreference forces the backtracking engine: on 50,001 `a` this pattern takes a few
    // milliseconds, past a budget of one microsecond, well within the full limit.
    let s = step(vec![field(
        "code",
        FieldType::String,
        r"custom_validation[^(?:(a)\1)*$###Even]",
    )]);
    let mut pv = Preview::with_timeouts(Duration::from_micros(1), Duration::from_secs(20));
    let long = "a".repeat(50_001);
    let p = pv.compute(&s, &profile(&[]), &on(), &values(&[("code", &long)]));
    assert!(p.fields[0].checking);
    assert!(pv.wait_for_checks(Duration::from_secs(20)));
    let p = pv.compute(&s, &profile(&[]), &on(), &values(&[("code", &long)]));
    let v = p.fields[0].verdict.clone().unwrap();
    assert_eq!(v.message(), Some("Even"));
    assert!(!p.fields[0].checking && !p.timed_out && p.blocked());
    // An answer for a value that changed meanwhile is dropped.
    let p = pv.compute(
        &s,
        &profile(&[]),
        &on(),
        &values(&[("code", &"a".repeat(50_003))]),
    );
    assert!(p.fields[0].checking);
    let p = pv.compute(&s, &profile(&[]), &on(), &values(&[("code", "aa")]));
    assert!(p.valid());
    pv.wait_for_checks(Duration::from_secs(20));
    let p = pv.compute(&s, &profile(&[]), &on(), &values(&[("code", "aa")]));
    assert!(p.valid() && !p.checking);
}

#[test]
fn the_field_is_validated_under_its_own_name() {
    let mut f = field(
        "nickname",
        FieldType::String,
        "required|min_length[nickname]",
    );
    f.display = String::new();
    let s = step(vec![
        f,
        field("confirm", FieldType::String, "matches[confirm]"),
    ]);
    let p = Preview::new().compute(&s, &profile(&[]), &on(), &values(&[("nickname", "")]));
    assert_eq!(
        p.fields[0].verdict.as_ref().unwrap().message(),
        Some("The nickname field is required.")
    );
    let p = Preview::new().compute(
        &s,
        &profile(&[]),
        &on(),
        &values(&[("nickname", "x"), ("confirm", "y")]),
    );
    assert_eq!(
        p.fields[0].verdict.as_ref().unwrap().message(),
        Some("The nickname field must be at least nickname characters in length.")
    );
    // matches[own name] compares the field with itself.
    assert!(p.fields[1].verdict.as_ref().unwrap().is_valid());
}

#[test]
fn a_throwing_rule_is_no_verdict_either() {
    let s = step(vec![field("a", FieldType::String, "hasOwnProperty")]);
    let p = Preview::new().compute(&s, &profile(&[]), &on(), &values(&[("a", "x")]));
    assert!(p.throws && !p.valid() && !p.blocked());
    assert!(p.fields[0].verdict.as_ref().unwrap().throws());
}

#[test]
fn translated_templates_apply_and_verdicts_follow_them() {
    let s = step(vec![field("a", FieldType::String, "required")]);
    let mut pv = Preview::new();
    let p = pv.compute(&s, &profile(&[]), &on(), &values(&[]));
    assert_eq!(
        p.fields[0].verdict.as_ref().unwrap().message(),
        Some("The a label field is required.")
    );
    pv.set_messages(std::sync::Arc::new(crate::rules::Messages::from_entries([
        ("required#a", "Le champ %s est obligatoire."),
    ])));
    let p = pv.compute(&s, &profile(&[]), &on(), &values(&[]));
    assert_eq!(
        p.fields[0].verdict.as_ref().unwrap().message(),
        Some("Le champ a label est obligatoire.")
    );
}

#[test]
fn the_default_projects_steps_preview_without_surprises() {
    let project = Project::default_project();
    let mut pv = Preview::new();
    for s in &project.steps {
        let p = pv.compute(s, &profile(&[]), &on(), &values(&[]));
        assert!(p.shown());
        assert_eq!(p.fields.len(), s.fields.len());
        let post = p.submit.unwrap();
        let Value::Object(post) = post else {
            panic!("an object")
        };
        let custom = s
            .fields
            .iter()
            .filter(|f| f.name.starts_with("cf_"))
            .count();
        assert_eq!(
            post.get("CustomFields")
                .and_then(Value::as_object)
                .map_or(0, serde_json::Map::len),
            custom
        );
    }
}

#[test]
fn the_platforms_decision_follows_every_input_it_depends_on() {
    let mut s = step(vec![field("a", FieldType::String, "required")]);
    let mut pv = Preview::new();
    assert!(pv.compute(&s, &profile(&[]), &on(), &values(&[])).shown());
    // Remembered across keystrokes, but not across a profile, a setting or a step change.
    assert!(
        !pv.compute(&s, &profile(&[("a", "x")]), &on(), &values(&[]))
            .shown()
    );
    assert!(
        pv.compute(&s, &profile(&[]), &on(), &values(&[("a", "t")]))
            .shown()
    );
    s.fields[0].rules = String::new();
    assert!(!pv.compute(&s, &profile(&[]), &off(), &values(&[])).shown());
    s.fields[0]
        .extra
        .insert("Parent".into(), json!("Addresses"));
    let p = pv.compute(&s, &profile(&[("Addresses", "x")]), &on(), &values(&[]));
    assert_eq!(p.fields[0].state, FieldState::Known, "R8: a truthy parent");
    s.fields[0].name = "b".into();
    let p = pv.compute(&s, &profile(&[("b", "x")]), &on(), &values(&[]));
    assert_eq!(p.fields[0].name, "b");
}
