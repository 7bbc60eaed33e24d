use super::*;
use crate::project::{CatalogEntry, FieldOption, Step, Trigger};

fn field(name: &str, t: FieldType) -> Field {
    let mut f = Field::new(name, name.to_uppercase(), t);
    if f.field_type == FieldType::Option {
        f.options = Options::List(vec![FieldOption::new("A", "a")]);
    }
    f
}

fn step(name: &str, trigger: TriggerKind, fields: Vec<Field>) -> Step {
    let mut s = Step::new(name);
    s.trigger = Trigger::from(trigger);
    s.fields = fields;
    s
}

fn project(steps: Vec<Step>) -> Project {
    let mut p = Project::default();
    for s in &steps {
        for f in &s.fields {
            if p.catalog_field(&f.name).is_none() {
                p.catalog.push(CatalogEntry {
                    group: Group::for_name(&f.name),
                    field: f.duplicate(),
                });
            }
        }
    }
    p.steps = steps.into();
    p
}

fn codes(p: &Project) -> Vec<&'static str> {
    check(p).iter().map(|p| p.code).collect()
}

fn only(p: &Project, code: &str) -> Problem {
    let all = check(p);
    let found: Vec<_> = all.iter().filter(|p| p.code == code).cloned().collect();
    assert_eq!(found.len(), 1, "{all:#?}");
    found.into_iter().next().unwrap()
}

#[test]
fn a_clean_project_has_no_problems() {
    let p = project(vec![
        step(
            "First",
            TriggerKind::FirstLogin,
            vec![field("firstname", FieldType::String)],
        ),
        step(
            "Third",
            TriggerKind::LoginCount(3),
            vec![field("gender", FieldType::Option)],
        ),
    ]);
    assert!(codes(&p).is_empty(), "{:#?}", check(&p));
}

#[test]
fn duplicate_step_names_are_errors() {
    let p = project(vec![
        step(
            "Same",
            TriggerKind::FirstLogin,
            vec![field("a", FieldType::String)],
        ),
        step(
            "Same",
            TriggerKind::LoginCount(2),
            vec![field("b", FieldType::String)],
        ),
    ]);
    let pr = only(&p, "duplicate-step-name");
    assert_eq!(pr.severity, Severity::Error);
    assert_eq!(
        pr.message,
        "Two steps are named \"Same\": the site calls a step by its name, so only one of them \
         could ever be shown. Rename one."
    );
    assert_eq!(pr.location.describe(), "Same › name");
}

#[test]
fn an_empty_step_is_a_warning() {
    let p = project(vec![step("Empty", TriggerKind::FirstLogin, vec![])]);
    let pr = only(&p, "empty-step");
    assert_eq!(pr.severity, Severity::Warning);
    assert!(
        pr.message.starts_with("The step \"Empty\" has no fields"),
        "{}",
        pr.message
    );
}

#[test]
fn the_same_field_twice_in_a_step_is_an_error() {
    let p = project(vec![step(
        "S",
        TriggerKind::FirstLogin,
        vec![
            field("city", FieldType::String),
            field("city", FieldType::String),
        ],
    )]);
    let pr = only(&p, "duplicate-field");
    assert_eq!(pr.location.field.as_deref(), Some("city"));
    assert_eq!(pr.location.step.as_deref(), Some("S"));
}

#[test]
fn a_step_field_missing_from_the_catalog_is_a_warning() {
    let mut p = project(vec![step(
        "S",
        TriggerKind::FirstLogin,
        vec![field("city", FieldType::String)],
    )]);
    p.catalog.clear();
    let pr = only(&p, "not-in-catalog");
    assert_eq!(pr.severity, Severity::Warning);
    assert!(
        pr.message
            .starts_with("The field \"city\" is not in the catalog")
    );
}

#[test]
fn an_option_field_without_options_is_an_error() {
    let mut f = field("gender", FieldType::Option);
    f.options = Options::Null;
    let p = project(vec![step("S", TriggerKind::FirstLogin, vec![f])]);
    let all = check(&p);
    let found: Vec<_> = all.iter().filter(|p| p.code == "no-options").collect();
    // Once in the step, once in the catalog.
    assert_eq!(found.len(), 2);
    assert_eq!(
        found[0].message,
        "The dropdown \"GENDER\" has no options: the consumer could only pick \"-- select --\". \
         Add options in the inspector."
    );
    assert!(found[1].location.catalog);
}

#[test]
fn duplicate_option_values_are_reported_once_per_value() {
    let mut f = field("gender", FieldType::Option);
    f.options = Options::List(vec![
        FieldOption::new("Male", "M"),
        FieldOption::new("Man", "M"),
        FieldOption::new("Mister", "M"),
    ]);
    let mut p = project(vec![step("S", TriggerKind::FirstLogin, vec![f])]);
    p.catalog.clear();
    let pr = only(&p, "duplicate-option-value");
    assert!(pr.message.contains("the value \"M\" more than once"));
}

#[test]
fn a_custom_field_must_be_named_cf() {
    let mut p = Project::default();
    p.catalog.push(CatalogEntry {
        group: Group::Custom,
        field: field("Team", FieldType::String),
    });
    let pr = only(&p, "custom-field-name");
    assert_eq!(pr.fix.as_deref(), Some("cf_Team"));
    assert!(pr.location.catalog);
    assert_eq!(pr.location.describe(), "catalog › Team › name");

    let mut p = Project::default();
    p.catalog.push(CatalogEntry {
        group: Group::StandardBasic,
        field: field("cf_Team", FieldType::String),
    });
    assert_eq!(
        only(&p, "standard-field-cf-name").severity,
        Severity::Warning
    );

    // The key follows the one rule the studio's name box and dialog apply.
    let mut p = Project::default();
    p.catalog.push(CatalogEntry {
        group: Group::Custom,
        field: field("cf_My Team", FieldType::String),
    });
    let pr = only(&p, "custom-field-key");
    assert_eq!(
        pr.message,
        "The custom field \"cf_My Team\" has a key the studio would not accept: A key has only \
         letters, digits and underscores, not a space."
    );
    let mut p = Project::default();
    p.catalog.push(CatalogEntry {
        group: Group::Custom,
        field: field("cf_Team_2", FieldType::String),
    });
    assert!(
        crate::lint::check(&p)
            .iter()
            .all(|pr| !pr.code.starts_with("custom-field")),
        "a good key is quiet"
    );
}

#[test]
fn invalid_triggers_are_errors() {
    for (kind, words) in [
        (
            TriggerKind::Unknown("on_hover".into()),
            "\"on_hover\", which the studio does not know",
        ),
        (
            TriggerKind::LoginCount(0),
            "login number 0, which never happens",
        ),
        (TriggerKind::PageVisit(" ".into()), "has no path"),
        (TriggerKind::CtaClick(String::new()), "has no target"),
    ] {
        let p = project(vec![step("S", kind, vec![field("a", FieldType::String)])]);
        let pr = only(&p, "invalid-trigger");
        assert!(pr.message.contains(words), "{}", pr.message);
        assert_eq!(pr.location.key.as_deref(), Some("trigger"));
    }
}

#[test]
fn two_steps_with_the_same_trigger_are_a_warning() {
    let p = project(vec![
        step(
            "A",
            TriggerKind::FirstLogin,
            vec![field("a", FieldType::String)],
        ),
        step(
            "B",
            TriggerKind::LoginCount(1),
            vec![field("b", FieldType::String)],
        ),
        step(
            "M1",
            TriggerKind::Manual,
            vec![field("c", FieldType::String)],
        ),
        step(
            "M2",
            TriggerKind::Manual,
            vec![field("d", FieldType::String)],
        ),
    ]);
    let pr = only(&p, "same-trigger");
    assert_eq!(pr.location.step.as_deref(), Some("B"));
    assert!(
        pr.message
            .starts_with("The steps \"A\" and \"B\" fire at the same moment")
    );
}

#[test]
fn an_unknown_field_type_is_a_text_box_warning() {
    let p = project(vec![step(
        "S",
        TriggerKind::FirstLogin,
        vec![field("d", FieldType::Other("date".into()))],
    )]);
    let all = check(&p);
    let pr = all.iter().find(|p| p.code == "unknown-type").unwrap();
    assert!(pr.message.contains(
        "the type \"date\", which the platform does not know: the consumer gets a plain text box"
    ));
}

#[test]
fn duplicate_catalog_names_are_errors() {
    let mut p = Project::default();
    p.catalog.push(CatalogEntry {
        group: Group::StandardBasic,
        field: field("city", FieldType::String),
    });
    p.catalog.push(CatalogEntry {
        group: Group::StandardBasic,
        field: field("city", FieldType::String),
    });
    only(&p, "duplicate-catalog-name");
}

#[test]
fn the_default_project_has_no_errors() {
    let p = Project::default_project();
    let errors: Vec<_> = check(&p)
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_password_or_pin_field_the_options_never_ask_is_pointed_out_with_the_option() {
    let mut p = project(vec![step(
        "Account",
        TriggerKind::FirstLogin,
        vec![
            field("password", FieldType::Password),
            field("ConfirmPassword", FieldType::Password),
            field("pin", FieldType::Password),
        ],
    )]);
    let all = check(&p);
    let found: Vec<_> = all
        .iter()
        .filter(|x| x.code.ends_with("never-asked"))
        .collect();
    assert_eq!(found.len(), 3, "{all:#?}");
    assert_eq!(found[0].code, "password-never-asked");
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(found[0].location.describe(), "Account › password › name");
    assert!(
        found[0].message.contains(
            "only with promptPasswordOnSocialLogin or promptPasswordOnFirstLoginForSocial"
        ),
        "{}",
        found[0].message
    );
    assert_eq!(found[2].code, "pin-never-asked");
    assert!(found[2].message.contains("isPINAuthentication"));
    // With the options on, nothing to say.
    p.settings.prompt_password_on_first_login_for_social = true;
    p.settings.is_pin_authentication = true;
    assert!(
        !codes(&p).iter().any(|c| c.ends_with("never-asked")),
        "{:#?}",
        check(&p)
    );
}

#[test]
fn an_email_field_is_asked_only_of_consumers_without_one_unless_asked_always() {
    let mut p = project(vec![step(
        "Account",
        TriggerKind::FirstLogin,
        vec![field("emailid", FieldType::Email)],
    )]);
    let found = only(&p, "email-rarely-asked");
    assert!(
        found
            .message
            .contains("unless askEmailForUnverifiedProfileAlways is on"),
        "{}",
        found.message
    );
    p.settings.ask_email_for_unverified_profile_always = true;
    assert!(!codes(&p).contains(&"email-rarely-asked"));
}

#[test]
fn a_step_whose_fields_the_sample_profile_all_has_is_pointed_out() {
    let mut p = project(vec![
        step(
            "First",
            TriggerKind::FirstLogin,
            vec![field("firstname", FieldType::String)],
        ),
        step(
            "Third",
            TriggerKind::LoginCount(3),
            vec![field("city", FieldType::String)],
        ),
    ]);
    assert!(!codes(&p).contains(&"sample-profile-sees-nothing"));
    p.sample_profile = Some(obj(
        serde_json::json!({"Provider": "Email", "FirstName": "Ann", "City": "unknown"}),
    ));
    let found = only(&p, "sample-profile-sees-nothing");
    assert_eq!(found.location.describe(), "First › fields");
    assert!(
        found.message.starts_with(
            "For the sample profile, the platform already knows every field of \"First\":"
        ),
        "{}",
        found.message
    );
    // A social sample consumer takes the other path: no such problem.
    p.sample_profile = Some(obj(
        serde_json::json!({"Provider": "google", "FirstName": "Ann"}),
    ));
    assert!(!codes(&p).contains(&"sample-profile-sees-nothing"));
}

#[test]
fn a_kept_journey_that_does_not_read_is_a_warning_where_it_is_kept() {
    let mut p = Project::default_project();
    assert!(!codes(&p).contains(&"kept-journey-unreadable"));
    p.journeys = serde_json::from_value(serde_json::json!({
        "Fine": {"events": [{"type": "login"}]},
        "Broken": {"events": [{"type": "jump"}]},
    }))
    .ok();
    let found = only(&p, "kept-journey-unreadable");
    assert_eq!(found.severity, Severity::Warning);
    assert_eq!(found.location.describe(), "journeys.Broken");
    assert!(
        found.message.starts_with("The kept journey \"Broken\" is not a journey the simulator can read (event 0: unknown event type \"jump\""),
        "{}",
        found.message
    );
}

mod incremental {
    use proptest::prelude::*;

    use super::*;
    use crate::edit::tests::{Op, make, op};
    use crate::edit::{Document, Touched};

    /// The default project with a sample profile that knows a whole step, so that the
    /// sample-profile check has something to say.
    fn start() -> Project {
        let mut p = Project::default_project();
        p.sample_profile = Some(obj(
            serde_json::json!({ "firstname": "Ann", "lastname": "Lee", "phoneid": "+15550100" }),
        ));
        p
    }

    /// One step of the run: an edit (typed or not), an undo, a redo, or a seal.
    fn act(doc: &mut Document, op: &Op, choice: u8) {
        match choice % 8 {
            0 => {
                doc.undo();
            }
            1 => {
                doc.redo();
            }
            _ => match make(doc.project(), op) {
                Some(e) if choice.is_multiple_of(2) => {
                    let _ = doc.apply_typing(e);
                }
                Some(e) => {
                    let _ = doc.apply(e);
                }
                None => doc.seal_history(),
            },
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// After any run of edits, undos and redos, the checker brought up to date with only
        /// what the document says was touched gives exactly the problems of a full check,
        /// whether it is updated after every change or after several.
        #[test]
        fn incremental_problems_equal_a_full_check(
            ops in proptest::collection::vec((op(), any::<u8>()), 1..40),
            every in 1usize..4,
        ) {
            let mut doc = Document::new(start(), None);
            let mut checker = Checker::default();
            checker.update(doc.project(), &Touched::everything());
            let full = check(doc.project());
            prop_assert_eq!(checker.problems(), full.as_slice());
            let mut seen = doc.revision();
            for (i, (op, choice)) in ops.iter().enumerate() {
                act(&mut doc, op, *choice);
                if i.is_multiple_of(every) {
                    let before = checker.problems().to_vec();
                    let changed = checker.update(doc.project(), &doc.changes_since(seen));
                    if !changed {
                        prop_assert_eq!(checker.problems(), before.as_slice(), "said unchanged");
                    }
                    seen = doc.revision();
                    let full = check(doc.project());
                    prop_assert_eq!(checker.problems(), full.as_slice(), "after {:?}", op);
                }
            }
            checker.update(doc.project(), &doc.changes_since(seen));
            let full = check(doc.project());
            prop_assert_eq!(checker.problems(), full.as_slice());
        }
    }

    #[test]
    fn a_keystroke_in_a_field_re_checks_its_step_only_and_matches_a_full_check() {
        let mut doc = Document::new(crate::project::synthetic::large_project(20, 5, 50, 3), None);
        let mut checker = Checker::default();
        checker.update(doc.project(), &Touched::everything());
        let field = doc.project().steps[3].fields[1].id;
        let before = doc.revision();
        // Rules a lint speaks of: "required" written, but not as a rule.
        doc.apply_typing(crate::edit::Edit::SetField {
            field,
            prop: crate::edit::FieldProp::Rules("alpha|not_required".into()),
        })
        .unwrap();
        let touched = doc.changes_since(before);
        assert_eq!(touched.steps.len(), 1);
        assert!(touched.catalog.is_empty() && !touched.everything);
        checker.update(doc.project(), &touched);
        assert_eq!(checker.problems(), check(doc.project()).as_slice());
        assert!(
            checker
                .problems()
                .iter()
                .any(|p| p.location.field_id == Some(field) && p.code == "required-elsewhere"),
            "{:#?}",
            checker.problems()
        );
        // Nothing touched: the same problems.
        let same = checker.problems().to_vec();
        assert!(!checker.update(doc.project(), &Touched::default()));
        assert_eq!(checker.problems(), same.as_slice());
        // The same rules typed again: the step is re-checked and found as it was.
        let before = doc.revision();
        doc.apply_typing(crate::edit::Edit::SetField {
            field,
            prop: crate::edit::FieldProp::Display("Another label".into()),
        })
        .unwrap();
        let touched = doc.changes_since(before);
        let changed = checker.update(doc.project(), &touched);
        assert_eq!(checker.problems(), check(doc.project()).as_slice());
        assert_eq!(changed, checker.problems() != same.as_slice());
    }

    #[test]
    fn steps_sharing_an_identity_are_re_checked_every_time_in_place() {
        // No edit makes two steps with one identity, but a hand-written file can: such units
        // are computed at every update, also when the rest is updated in place.
        let mut p = crate::project::synthetic::large_project(6, 3, 10, 2);
        let shared = p.steps[1].id;
        p.steps[3].id = shared;
        let mut checker = Checker::default();
        checker.update(&p, &Touched::everything());
        assert_eq!(checker.problems(), check(&p).as_slice());
        // Step 3 changed, and no update is told: it is re-checked all the same.
        p.steps[3].fields[0].rules = "alpha|not_required".into();
        checker.update(&p, &Touched::default());
        assert_eq!(checker.problems(), check(&p).as_slice());
        assert!(
            checker
                .problems()
                .iter()
                .any(|q| q.code == "required-elsewhere")
        );
        // A touched step before them, whose problems grow: the places after it move.
        let first = p.steps[0].id;
        p.steps[0].fields[1].rules = "alpha|not_required".into();
        let touched = Touched {
            steps: [first].into_iter().collect(),
            ..Touched::default()
        };
        checker.update(&p, &touched);
        assert_eq!(checker.problems(), check(&p).as_slice());
    }

    #[test]
    fn renaming_a_catalog_field_re_checks_the_steps_that_use_the_name() {
        let p = Project::default_project();
        let mut doc = Document::new(p, None);
        let mut checker = Checker::default();
        checker.update(doc.project(), &Touched::everything());
        let company = doc.project().catalog_field("company").unwrap().field.id;
        let before = doc.revision();
        doc.apply(crate::edit::Edit::SetField {
            field: company,
            prop: crate::edit::FieldProp::Name("employer".into()),
        })
        .unwrap();
        let touched = doc.changes_since(before);
        assert!(
            touched.steps.is_empty(),
            "only the catalog field is touched"
        );
        checker.update(doc.project(), &touched);
        let full = check(doc.project());
        assert_eq!(checker.problems(), full.as_slice());
        assert!(full.iter().any(|p| p.code == "not-in-catalog"));
    }
}

#[test]
fn a_label_past_its_length_is_a_warning_and_one_at_it_is_not() {
    let mut p = project(vec![step(
        "First",
        TriggerKind::FirstLogin,
        vec![field("firstname", FieldType::String)],
    )]);
    p.steps[0].fields[0].display = "é".repeat(LONG_LABEL);
    assert!(!codes(&p).contains(&"long-label"), "{:#?}", check(&p));
    p.steps[0].fields[0].display = "Your given name ".repeat(320);
    let problem = only(&p, "long-label");
    assert_eq!(problem.severity, Severity::Warning);
    assert!(
        problem.message.starts_with(
            "The label of firstname (\"Your given name Your given name Your giv…\") is 5120 \
             characters long"
        ),
        "{}",
        problem.message
    );
}

#[test]
fn a_new_empty_project_has_nothing_to_say() {
    assert!(
        check(&Project::empty()).is_empty(),
        "{:#?}",
        check(&Project::empty())
    );
}

#[test]
fn a_catalog_fields_note_shows_on_the_step_that_uses_it() {
    let mut phone = field("phoneid", FieldType::String);
    phone.rules = "valid_phoneno".into();
    let p = project(vec![step("First", TriggerKind::FirstLogin, vec![phone])]);
    let notes: Vec<_> = check(&p)
        .into_iter()
        .filter(|p| p.code == "phone-lax")
        .collect();
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert_eq!(notes[0].location.step.as_deref(), Some("First"));
}

/// The object of a JSON literal.
fn obj(v: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    match v {
        serde_json::Value::Object(m) => m,
        _ => serde_json::Map::new(),
    }
}
