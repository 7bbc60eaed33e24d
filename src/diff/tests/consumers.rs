//! What a change means for consumers: values whose verdict changes, kept journeys on both
//! versions, verdicts the engine does not have.

use super::*;

#[test]
fn a_rules_string_is_told_rule_by_rule() {
    assert_eq!(
        rule_words("required|min_length[2]", "required|min_length[3]"),
        ["min_length[2] became min_length[3]"]
    );
    assert_eq!(
        rule_words("required|max_length[50]", "max_length[50]|valid_email"),
        ["valid_email added", "required removed"]
    );
    assert_eq!(
        rule_words("required|numeric", "numeric|required"),
        [
            "the order changed: required, numeric became numeric, required (the browser shows the first rule that fails)"
        ]
    );
    assert_eq!(
        rule_words("required", "required||"),
        ["only empty rules (\"||\") changed: no effect in the browser"]
    );
    assert!(rule_words("a|b", "a|b").is_empty());
}

#[test]
fn a_rules_change_lists_the_values_whose_verdict_changed() {
    let p = base();
    let id = field_id(&p, "Pricing Page", "company");
    let c = only(&edited([Edit::SetField {
        field: id,
        prop: FieldProp::Rules("required|min_length[3]|max_length[100]".into()),
    }]));
    assert_eq!(c.details, ["min_length[3] added"]);
    let refused: Vec<&str> = c.impact.values.iter().map(|v| v.value.as_str()).collect();
    // "/" is a lint example, "aa" just below the new limit; "abc" and longer still pass.
    assert_eq!(refused, ["/", "aa"]);
    let v = &c.impact.values[1];
    assert_eq!(v.source, ValueSource::LengthLimit);
    assert_eq!(v.old, Judgement::Accepted);
    assert_eq!(
        v.new,
        Judgement::Refused {
            rule: "min_length".into(),
            message: "The Company field must be at least 3 characters in length.".into()
        }
    );
    let text = to_text(&diff(
        &p,
        &edited([Edit::SetField {
            field: id,
            prop: FieldProp::Rules("required|min_length[3]|max_length[100]".into()),
        }]),
    ));
    assert!(
        text.contains(
            "    for consumers: now refused: \"aa\" (length limit): \"The Company field must be at least 3 characters in length.\""
        ),
        "{text}"
    );
}

#[test]
fn option_values_and_starting_values_are_judged() {
    let p = base();
    let id = field_id(&p, "Third Login", "gender");
    // Only M and F pass now: U is refused.
    let c = only(&edited([Edit::SetField {
        field: id,
        prop: FieldProp::Rules("required|callback_custom_validation[^[MF]$###Pick M or F]".into()),
    }]));
    let u = c
        .impact
        .values
        .iter()
        .find(|v| v.value == "U")
        .expect("U judged");
    assert_eq!(u.source, ValueSource::OptionValue);
    assert_eq!(u.old, Judgement::Accepted);
    assert!(matches!(&u.new, Judgement::Refused { message, .. } if message == "Pick M or F"));
    assert!(!c.impact.values.iter().any(|v| v.value == "M"));

    let mut q = base();
    q.steps[0].fields[0]
        .extra
        .insert("value".into(), json!("Al"));
    let mut r = q.clone();
    r.steps[0].fields[0].rules = "required|min_length[3]".into();
    let d = diff(&q, &r);
    let al = d.changes[0]
        .impact
        .values
        .iter()
        .find(|v| v.value == "Al")
        .unwrap();
    assert_eq!(al.source, ValueSource::StartingValue);
}

#[test]
fn the_lint_examples_are_the_ones_the_lints_quote() {
    let quoted = |rules: &str| -> String {
        lint(rules, &LintContext::default())
            .iter()
            .map(|p| p.message.clone())
            .collect()
    };
    let messages = format!(
        "{}{}{}",
        quoted("valid_base64"),
        quoted("valid_phoneno"),
        quoted("valid_url")
    );
    for v in LINT_EXAMPLES {
        assert!(
            messages.contains(&format!("\"{v}\"")),
            "{v} not in {messages}"
        );
    }
}

#[test]
fn kept_journeys_run_on_both_versions_with_the_prompts_that_differ() {
    let journey = json!({ "profile": { "firstname": "Ann" },
        "events": [ { "type": "login" }, { "type": "login" }, { "type": "login" } ] });
    let keep = Edit::SetJourneys(serde_json::from_value(json!({ "Three logins": journey })).ok());
    let old = edited([keep.clone()]);
    let third = step_id(&old, "Third Login");
    let new = edited([
        keep,
        Edit::SetTrigger {
            step: third,
            trigger: TriggerKind::LoginCount(2).into(),
        },
    ]);
    let d = diff(&old, &new);
    assert_eq!(d.changes.len(), 1);
    let prompts = &d.changes[0].impact.prompts;
    assert_eq!(prompts.len(), 2, "{prompts:#?}");
    assert_eq!(prompts[0].event, 1);
    assert_eq!(prompts[0].old, None);
    assert_eq!(prompts[0].new.as_ref().unwrap()["step"], "Third Login");
    assert_eq!((prompts[1].event, prompts[1].new.as_ref()), (2, None));
    let text = to_text(&d);
    assert!(
        text.contains("journey \"Three logins\", 2nd event: now shows \"Third Login\" asking gender, birthdate, country"),
        "{text}"
    );

    // A renamed step shows the consumer the same form: no prompt differs.
    let d = diff(
        &old,
        &edited([
            Edit::SetJourneys(old.journeys.clone()),
            Edit::RenameStep {
                step: third,
                name: "3rd".into(),
            },
        ]),
    );
    assert!(d.changes[0].impact.prompts.is_empty(), "{:#?}", d.changes);
    // A field moved: the prompt that gained it is filed under the move.
    let phone = field_id(&old, "First Login", "phoneid");
    let d = diff(&old, &{
        let mut q = old.clone();
        apply(
            &mut q,
            Edit::MoveField {
                field: phone,
                to_step: third,
                index: 0,
            },
        )
        .unwrap();
        q
    });
    assert_eq!(d.changes[0].kind, ChangeKind::FieldMoved);
    assert_eq!(
        d.changes[0].impact.prompts.len(),
        2,
        "{:#?}",
        d.changes[0].impact
    );
}

#[test]
fn a_kept_journey_that_does_not_read_is_a_note() {
    let old = edited([Edit::SetJourneys(
        serde_json::from_value(json!({ "Broken": { "events": "no" } })).ok(),
    )]);
    let mut new = old.clone();
    new.steps[0].name = "Welcome".into();
    let d = diff(&old, &new);
    assert_eq!(d.notes.len(), 1);
    assert!(
        d.notes[0].contains("\"Broken\" could not be read"),
        "{:?}",
        d.notes
    );
}

#[test]
fn a_regex_that_runs_too_long_gives_an_unknown_verdict_not_a_freeze() {
    let mut old = base();
    old.steps[0].fields[0]
        .extra
        .insert("value".into(), json!(format!("{}b", "a".repeat(60))));
    let mut new = old.clone();
    new.steps[0].fields[0].rules = r"custom_validation[^(?:(a+)\1*)+$###Bad code]".into();
    let started = std::time::Instant::now();
    let d = diff(&old, &new);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let v = d.changes[0]
        .impact
        .values
        .iter()
        .find(|v| v.source == ValueSource::StartingValue)
        .expect("the starting value is judged");
    assert_eq!(
        v.new,
        Judgement::Unknown {
            rule: "custom_validation".into()
        }
    );
    assert!(
        to_text(&d).contains("the browser would freeze"),
        "{}",
        to_text(&d)
    );
}

#[test]
fn kept_journeys_run_on_platform_json_with_the_project_s_triggers() {
    let journey = json!({ "profile": {}, "events": [ { "type": "login" } ] });
    let old = edited([Edit::SetJourneys(
        serde_json::from_value(json!({ "First visit": journey })).ok(),
    )]);
    let mut changed = old.clone();
    let lastname = field_id(&old, "First Login", "lastname");
    apply(&mut changed, Edit::RemoveField { field: lastname }).unwrap();
    let deployed =
        Version::from_bytes(crate::loginradius::export_string(&changed).as_bytes()).unwrap();
    // OLD is the project (with its journey and triggers), NEW the platform JSON.
    let d = diff_versions(&Version::project(old.clone()), &deployed);
    assert_eq!(
        kinds(&d),
        [("field-removed", Some("First Login"), Some("lastname"), None)]
    );
    let prompts = &d.changes[0].impact.prompts;
    assert_eq!(prompts.len(), 1, "{d:#?}");
    assert_eq!(
        prompts[0].new.as_ref().unwrap()["fields"],
        json!(["firstname", "phoneid"])
    );
    // And the other way round, through diff_against (the studio's Compare with file…).
    let d = diff_against(&deployed, &old);
    assert_eq!(d.changes[0].kind, ChangeKind::FieldAdded);
    assert_eq!(d.changes[0].impact.prompts.len(), 1);
}
