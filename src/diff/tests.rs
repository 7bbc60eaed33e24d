//! One test (at least) per change kind, on the default project edited through `Edit`.

use serde_json::{Value, json};

use super::*;
use crate::edit::{Edit, FieldProp, apply};
use crate::project::{
    CatalogEntry, Field, FieldOption, FieldType, Group, Options, Project, Scope, Step, TriggerKind,
};
use crate::rules::{LintContext, lint};

/// The default project, always with the same identities (edits name them).
fn base() -> Project {
    static BASE: std::sync::OnceLock<Project> = std::sync::OnceLock::new();
    BASE.get_or_init(Project::default_project).clone()
}

fn edited(edits: impl IntoIterator<Item = Edit>) -> Project {
    let mut p = base();
    for e in edits {
        apply(&mut p, e).expect("the test's edit applies");
    }
    p
}

fn step_id(p: &Project, name: &str) -> crate::project::Id {
    p.steps.iter().find(|s| s.name == name).expect("step").id
}

fn field_id(p: &Project, step: &str, name: &str) -> crate::project::Id {
    p.steps
        .iter()
        .find(|s| s.name == step)
        .and_then(|s| s.field(name))
        .expect("field")
        .id
}

/// (kind, step, field, key) of a change.
type About<'a> = (
    &'static str,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

/// What each change is about.
fn kinds(d: &Diff) -> Vec<About<'_>> {
    d.changes
        .iter()
        .map(|c| {
            (
                c.kind.as_str(),
                c.step.as_deref(),
                c.field.as_deref(),
                c.key.as_deref(),
            )
        })
        .collect()
}

fn only(p: &Project) -> Change {
    let d = diff(&base(), p);
    assert_eq!(d.changes.len(), 1, "{:#?}", kinds(&d));
    d.changes.into_iter().next().expect("one change")
}

#[test]
fn a_project_and_itself_and_its_copy_differ_in_nothing() {
    let p = base();
    assert!(diff(&p, &p).is_empty());
    let copy = Project::from_bytes(p.to_canonical().as_bytes()).unwrap();
    let d = diff(&p, &copy);
    assert!(d.is_empty(), "{:#?}", kinds(&d));
    assert_eq!(to_text(&d), "No changes.\n");
}

#[test]
fn a_project_and_its_own_export_differ_in_nothing_and_say_what_was_compared() {
    let p = base();
    let export = Version::from_bytes(crate::loginradius::export_string(&p).as_bytes()).unwrap();
    assert_eq!(export.kind, VersionKind::ProfilingSteps);
    let d = diff_versions(&Version::project(p.clone()), &export);
    assert!(d.is_empty(), "{:#?}", kinds(&d));
    assert!(!d.compared.triggers && !d.compared.catalog && !d.compared.project);
    let text = to_text(&d);
    assert!(text.contains("Not compared"), "{text}");
    assert!(text.contains("triggers"), "{text}");
    // And the other way round.
    assert!(diff_versions(&export, &Version::project(p)).is_empty());
}

#[test]
fn step_added_and_removed() {
    let mut step = Step::new("Birthday");
    step.trigger = TriggerKind::LoginCount(5).into();
    step.fields
        .push(base().catalog_field("birthdate").unwrap().field.duplicate());
    let c = only(&edited([Edit::AddStep {
        index: 1,
        step: Box::new(step.clone()),
    }]));
    assert_eq!(c.kind, ChangeKind::StepAdded);
    assert_eq!(c.step.as_deref(), Some("Birthday"));
    assert_eq!(
        c.summary,
        "Step \"Birthday\" added at position 2, on the 5th login, with 1 field: birthdate"
    );
    assert_eq!(
        c.new.as_ref().unwrap()["trigger"],
        json!({"on": "login_count", "count": 5})
    );
    assert_eq!(c.new.as_ref().unwrap()["fields"][0]["name"], "birthdate");
    assert_eq!(c.target, Target::Step(step.id));

    let p = base();
    let c = only(&edited([Edit::RemoveStep {
        step: step_id(&p, "Upgrade CTA"),
    }]));
    assert_eq!(c.kind, ChangeKind::StepRemoved);
    assert_eq!(c.summary, "Step \"Upgrade CTA\" removed (it had 4 fields)");
    assert_eq!(c.old.as_ref().unwrap()["name"], "Upgrade CTA");
    assert_eq!(c.target, Target::None);
}

#[test]
fn step_renamed_is_matched_by_content() {
    let p = base();
    let c = only(&edited([Edit::RenameStep {
        step: step_id(&p, "Third Login"),
        name: "3rd Login".into(),
    }]));
    assert_eq!(c.kind, ChangeKind::StepRenamed);
    assert_eq!(c.summary, "Step \"Third Login\" renamed to \"3rd Login\"");
    assert_eq!(
        (c.old, c.new),
        (Some(json!("Third Login")), Some(json!("3rd Login")))
    );

    // A rename with a field more is still a rename (3 of 4 names in common), with the field.
    let q = edited([
        Edit::RenameStep {
            step: step_id(&p, "Third Login"),
            name: "3rd Login".into(),
        },
        Edit::append_copy(&p.steps[1], &p.catalog_field("city").unwrap().field),
    ]);
    let d = diff(&p, &q);
    assert_eq!(
        kinds(&d),
        [
            ("step-renamed", Some("3rd Login"), None, Some("name")),
            ("field-added", Some("3rd Login"), Some("city"), None),
        ]
    );
    // A step with nothing in common is removed and added.
    let mut other = Step::new("Other");
    other
        .fields
        .push(p.catalog_field("city").unwrap().field.duplicate());
    let q = edited([
        Edit::RemoveStep {
            step: step_id(&p, "Third Login"),
        },
        Edit::AddStep {
            index: 1,
            step: Box::new(other),
        },
    ]);
    let d = diff(&p, &q);
    let k: Vec<_> = kinds(&d).into_iter().map(|k| k.0).collect();
    assert_eq!(k, ["step-added", "step-removed"]);
}

#[test]
fn step_moved_reports_only_the_step_that_moved() {
    let p = base();
    let c = only(&edited([Edit::MoveStep {
        step: step_id(&p, "Upgrade CTA"),
        to: 0,
    }]));
    assert_eq!(c.kind, ChangeKind::StepMoved);
    assert_eq!(c.summary, "Step \"Upgrade CTA\" moved from position 4 to 1");
    assert_eq!((c.old, c.new), (Some(json!(4)), Some(json!(1))));
}

#[test]
fn trigger_changed_in_words() {
    let p = base();
    let c = only(&edited([Edit::SetTrigger {
        step: step_id(&p, "Third Login"),
        trigger: TriggerKind::PageVisit("/account/*".into()).into(),
    }]));
    assert_eq!(c.kind, ChangeKind::TriggerChanged);
    assert_eq!(
        c.summary,
        "Trigger of \"Third Login\": \"On the 3rd login\" became \"When /account/* is visited\""
    );
    assert_eq!(c.old, Some(json!({"on": "login_count", "count": 3})));
    assert_eq!(
        c.new,
        Some(json!({"on": "page_visit", "path": "/account/*"}))
    );
}

#[test]
fn scopes_and_unknown_step_keys() {
    let p = base();
    let c = only(&edited([Edit::SetScopes {
        step: step_id(&p, "Third Login"),
        scopes: vec![Some(Scope::new("google", "birthday"))],
    }]));
    assert_eq!(c.kind, ChangeKind::ScopesChanged);
    assert_eq!(
        c.summary,
        "Scopes of \"Third Login\": facebook (user_birthday) became google (birthday)"
    );

    let mut q = base();
    q.steps[0].extra.insert("x_note".into(), json!("hello"));
    let c = only(&q);
    assert_eq!(c.kind, ChangeKind::StepKeyChanged);
    assert_eq!(c.key.as_deref(), Some("x_note"));
    assert_eq!((c.old, c.new), (None, Some(json!("hello"))));
    assert_eq!(c.summary, "Step \"First Login\": x_note set to \"hello\"");
}

#[test]
fn field_added_removed_and_renamed() {
    let p = base();
    let c = only(&edited([Edit::InsertField {
        step: step_id(&p, "First Login"),
        index: 1,
        field: Box::new(p.catalog_field("company").unwrap().field.duplicate()),
    }]));
    assert_eq!(c.kind, ChangeKind::FieldAdded);
    assert_eq!(
        c.summary,
        "Company (company) added to \"First Login\" at position 2"
    );
    assert_eq!(c.new.as_ref().unwrap()["name"], "company");

    let c = only(&edited([Edit::RemoveField {
        field: field_id(&p, "First Login", "lastname"),
    }]));
    assert_eq!(c.kind, ChangeKind::FieldRemoved);
    assert_eq!(
        c.summary,
        "Last Name (lastname) removed from \"First Login\""
    );
    assert_eq!(c.target, Target::Step(step_id(&p, "First Login")));

    let id = field_id(&p, "Pricing Page", "jobtitle");
    let c = only(&edited([Edit::SetField {
        field: id,
        prop: FieldProp::Name("cf_JobTitle".into()),
    }]));
    assert_eq!(c.kind, ChangeKind::FieldRenamed);
    assert_eq!(
        c.summary,
        "Field jobtitle of \"Pricing Page\" renamed to cf_JobTitle"
    );
    assert_eq!(c.target, Target::Field(id));
}

#[test]
fn field_moved_within_and_between_steps() {
    let p = base();
    let id = field_id(&p, "First Login", "phoneid");
    let c = only(&edited([Edit::MoveField {
        field: id,
        to_step: step_id(&p, "First Login"),
        index: 0,
    }]));
    assert_eq!(c.kind, ChangeKind::FieldMoved);
    assert_eq!(c.key.as_deref(), Some("position"));
    assert_eq!(
        c.summary,
        "Phone Number (phoneid) moved within \"First Login\" from position 3 to 1"
    );

    let c = only(&edited([Edit::MoveField {
        field: id,
        to_step: step_id(&p, "Third Login"),
        index: 1,
    }]));
    assert_eq!(c.kind, ChangeKind::FieldMoved);
    assert_eq!(c.key.as_deref(), Some("step"));
    assert_eq!(
        (c.old, c.new),
        (Some(json!("First Login")), Some(json!("Third Login")))
    );
    assert_eq!(
        c.summary,
        "Phone Number (phoneid) moved from \"First Login\" to \"Third Login\" (position 2)"
    );
    assert_eq!(c.target, Target::Field(id));
}

#[test]
fn every_changed_key_of_a_field_with_old_and_new() {
    let p = base();
    let id = field_id(&p, "Third Login", "gender");
    let q = edited([
        Edit::SetField {
            field: id,
            prop: FieldProp::Display("Sex".into()),
        },
        Edit::SetField {
            field: id,
            prop: FieldProp::extra("permission", Some(json!("r"))),
        },
        Edit::SetField {
            field: id,
            prop: FieldProp::extra("placeholder", Some(json!("Pick one"))),
        },
        Edit::SetField {
            field: id,
            prop: FieldProp::Type(FieldType::String),
        },
    ]);
    let d = diff(&p, &q);
    assert_eq!(
        kinds(&d),
        [
            (
                "field-changed",
                Some("Third Login"),
                Some("gender"),
                Some("type")
            ),
            (
                "field-changed",
                Some("Third Login"),
                Some("gender"),
                Some("display")
            ),
            (
                "field-changed",
                Some("Third Login"),
                Some("gender"),
                Some("permission")
            ),
            (
                "field-changed",
                Some("Third Login"),
                Some("gender"),
                Some("placeholder")
            ),
        ]
    );
    let c = &d.changes[1];
    assert_eq!(
        (c.old.clone(), c.new.clone()),
        (Some(json!("Gender")), Some(json!("Sex")))
    );
    assert_eq!(
        c.summary,
        "Sex (gender) in \"Third Login\": display \"Gender\" became \"Sex\""
    );
    assert_eq!(d.changes[3].old, None);
    assert_eq!(
        d.changes[3].summary,
        "Sex (gender) in \"Third Login\": placeholder set to \"Pick one\""
    );
}

#[test]
fn options_are_told_by_value() {
    let p = base();
    let id = field_id(&p, "Third Login", "gender");
    let c = only(&edited([Edit::SetField {
        field: id,
        prop: FieldProp::Options(Options::List(vec![
            FieldOption::new("Woman", "F"),
            FieldOption::new("Male", "M"),
            FieldOption::new("Diverse", "D"),
        ])),
    }]));
    assert_eq!(c.key.as_deref(), Some("options"));
    assert_eq!(
        c.summary,
        "Gender (gender) in \"Third Login\": options: 3 choices became 3 choices"
    );
    assert_eq!(
        c.details,
        [
            "the text of option F became \"Woman\" (was \"Female\")",
            "option D (\"Diverse\") added",
            "option U (\"Other / prefer not to say\") removed",
            "the order of the options changed",
        ]
    );
}

#[test]
fn catalog_added_removed_renamed_and_changed() {
    let p = base();
    let entry = CatalogEntry {
        group: Group::Custom,
        field: Field::new("cf_Pet", "Pet", FieldType::String),
    };
    let c = only(&edited([Edit::AddCatalog {
        index: 0,
        entry: Box::new(entry),
    }]));
    assert_eq!(c.kind, ChangeKind::CatalogAdded);
    assert_eq!(c.summary, "Catalog field Pet (cf_Pet) added (Custom)");

    let city = p.catalog_field("city").unwrap().field.id;
    let c = only(&edited([Edit::RemoveCatalog { field: city }]));
    assert_eq!(
        (c.kind, c.field.as_deref()),
        (ChangeKind::CatalogRemoved, Some("city"))
    );

    let c = only(&edited([Edit::SetField {
        field: city,
        prop: FieldProp::Name("town".into()),
    }]));
    assert_eq!(c.kind, ChangeKind::CatalogRenamed);
    assert_eq!(c.target, Target::Catalog(city));

    let c = only(&edited([Edit::SetCatalogGroup {
        field: city,
        group: Group::StandardBasic,
    }]));
    assert_eq!(
        (c.kind, c.key.as_deref()),
        (ChangeKind::CatalogChanged, Some("group"))
    );
    assert_eq!(c.new, Some(json!("standard-basic")));
    assert_eq!(
        c.summary,
        "Catalog field City (city): palette tab Standard (Advanced) became Standard (Basic)"
    );

    let c = only(&edited([Edit::SetField {
        field: city,
        prop: FieldProp::Rules("required".into()),
    }]));
    assert_eq!(
        (c.kind, c.key.as_deref()),
        (ChangeKind::CatalogChanged, Some("rules"))
    );
    assert!(
        c.impact.values.is_empty(),
        "the catalog is not shown to consumers"
    );
}

#[test]
fn settings_key_by_key_with_documented_defaults() {
    let p = base();
    let mut s = p.settings.clone();
    s.ask_optional_fields = false;
    let c = only(&edited([Edit::SetSettings(s)]));
    assert_eq!(c.kind, ChangeKind::SettingChanged);
    assert_eq!(
        c.key.as_deref(),
        Some("askOptionalFieldsOnProgressiveSteps")
    );
    assert_eq!(
        c.summary,
        "Setting askOptionalFieldsOnProgressiveSteps: on became off"
    );

    let mut s = p.settings.clone();
    s.extra.insert("isPINAuthentication".into(), json!(true));
    let c = only(&edited([Edit::SetSettings(s)]));
    assert_eq!(
        c.summary,
        "Setting isPINAuthentication: off (the default) became on"
    );
    assert_eq!((c.old, c.new), (Some(json!(false)), Some(json!(true))));

    // Writing a default out is no change.
    let mut s = p.settings.clone();
    s.extra.insert("isPINAuthentication".into(), json!(false));
    assert!(diff(&p, &edited([Edit::SetSettings(s)])).is_empty());
}

#[test]
fn translations_locale_by_locale_and_text_by_text() {
    let with = |v: Value| {
        let locales = serde_json::from_value(v).expect("translations");
        edited([Edit::Locales(crate::edit::LocaleEdit::Replace(Box::new(
            locales,
        )))])
    };
    let fr = json!({ "fr": { "labels": { "firstname": "Prénom" },
        "validationMessages": [ { "rule": "required", "message": "Le champ %s est obligatoire." } ] } });
    let c = only(&with(fr.clone()));
    assert_eq!(c.kind, ChangeKind::LocaleAdded);
    assert_eq!(
        c.summary,
        "Translation \"fr\" added (labels: 1, validationMessages: 1)"
    );

    let mut fr2 = fr.clone();
    fr2["fr"]["labels"]["firstname"] = json!("Prénom(s)");
    fr2["fr"]["labels"]["lastname"] = json!("Nom");
    fr2["fr"]["validationMessages"][0]["message"] = json!("Obligatoire : %s.");
    fr2["de"] = json!({ "labels": {} });
    let d = diff(&with(fr.clone()), &with(fr2));
    assert_eq!(
        kinds(&d),
        [
            (
                "translation-changed",
                None,
                None,
                Some("fr.labels.firstname")
            ),
            (
                "translation-changed",
                None,
                None,
                Some("fr.labels.lastname")
            ),
            (
                "translation-changed",
                None,
                None,
                Some("fr.validationMessages.required")
            ),
            ("locale-added", None, None, Some("de")),
        ]
    );
    assert_eq!(
        d.changes[0].summary,
        "Translation fr › labels › firstname \"Prénom\" became \"Prénom(s)\""
    );
}

#[test]
fn project_name_kept_journeys_and_platform_keys() {
    let c = only(&edited([Edit::SetProjectName("Acme".into())]));
    assert_eq!(c.kind, ChangeKind::ProjectRenamed);
    assert_eq!(
        c.summary,
        format!("Project renamed from \"{}\" to \"Acme\"", base().name)
    );

    let c = only(&edited([Edit::SetJourneys(
        serde_json::from_value(json!({ "Returning": { "events": [] } })).ok(),
    )]));
    assert_eq!(
        (c.kind, c.key.as_deref()),
        (ChangeKind::ProjectKeyChanged, Some("journeys.Returning"))
    );
    assert_eq!(c.summary, "Journey \"Returning\" kept in the project");

    let mut q = base();
    q.platform.insert("Version".into(), json!(2));
    let c = only(&q);
    assert_eq!(
        (c.kind, c.key.as_deref()),
        (ChangeKind::PlatformKeyChanged, Some("Version"))
    );
}

#[test]
fn files_that_are_neither_say_so_with_a_place() {
    let e = Version::from_bytes(b"{\"a\": 1}").unwrap_err();
    assert!(e.message.starts_with("neither a ppstudio project"), "{e:?}");
    let e =
        Version::from_bytes(b"{\"format\": \"ppstudio-project\", \"version\": 1,\n \"steps\": 3}")
            .unwrap_err();
    assert_eq!((e.line, e.column > 1), (2, true), "{e:?}");
    let schema = Version::from_bytes(b"[{\"type\": \"string\", \"name\": \"firstname\"}]").unwrap();
    assert_eq!(schema.kind, VersionKind::RegistrationSchema);
}

#[test]
fn a_registration_schema_compares_with_the_catalog_only() {
    let p = base();
    let fields: Vec<Value> = p
        .catalog
        .iter()
        .map(|c| crate::project::field_to_value(&c.field))
        .collect();
    let schema = Version::from_bytes(serde_json::to_string(&fields).unwrap().as_bytes()).unwrap();
    let d = diff_versions(&Version::project(p.clone()), &schema);
    assert!(d.is_empty(), "{:#?}", kinds(&d));
    assert!(d.compared.catalog && !d.compared.steps && !d.compared.catalog_groups);
    let mut fewer = fields.clone();
    fewer.retain(|f| f["name"] != "city");
    let schema = Version::from_bytes(serde_json::to_string(&fewer).unwrap().as_bytes()).unwrap();
    let d = diff_versions(&Version::project(p), &schema);
    assert_eq!(kinds(&d), [("catalog-removed", None, Some("city"), None)]);
}

#[test]
fn the_json_output_leaves_out_keys_that_do_not_apply() {
    let p = base();
    let c = diff(
        &p,
        &edited([Edit::SetField {
            field: field_id(&p, "Pricing Page", "company"),
            prop: FieldProp::Rules("required|min_length[3]|max_length[100]".into()),
        }]),
    );
    let v = to_json(&c);
    let change = &v["changes"][0];
    assert_eq!(change["kind"], "field-changed");
    assert_eq!(change["step"], "Pricing Page");
    assert_eq!(change["field"], "company");
    assert_eq!(change["key"], "rules");
    assert_eq!(change["old"], "required|max_length[100]");
    assert_eq!(change["new"], "required|min_length[3]|max_length[100]");
    assert_eq!(change["details"], json!(["min_length[3] added"]));
    assert_eq!(change["impact"]["values"][1]["value"], "aa");
    assert_eq!(change["impact"]["values"][1]["old"], json!({"valid": true}));
    assert_eq!(change["impact"]["values"][1]["new"]["valid"], false);
    let removed = to_json(&diff(
        &p,
        &edited([Edit::RemoveStep {
            step: step_id(&p, "Upgrade CTA"),
        }]),
    ));
    let r = removed["changes"][0].as_object().unwrap();
    assert!(!r.contains_key("field") && !r.contains_key("key") && !r.contains_key("new"));
    assert!(!r.contains_key("impact") && !r.contains_key("details"));
    // Every kind has its documented name.
    let names: Vec<&str> = ChangeKind::ALL.iter().map(|k| k.as_str()).collect();
    let docs = include_str!("../../docs/FORMATS.md");
    for n in names {
        assert!(
            docs.contains(&format!("`{n}`")),
            "{n} is not documented in docs/FORMATS.md"
        );
    }
}

#[test]
fn the_document_keeps_its_last_saved_project_for_changes_since_last_save() {
    use crate::edit::Document;
    let p = base();
    let mut doc = Document::new(p.clone(), Some("acme.ppstudio.json".into()));
    assert!(doc.saved_is_file());
    assert!(diff(doc.saved_project(), doc.project()).is_empty());
    let id = step_id(&p, "Third Login");
    doc.apply(Edit::RenameStep {
        step: id,
        name: "3rd".into(),
    })
    .unwrap();
    assert_eq!(
        kinds(&diff(doc.saved_project(), doc.project())),
        [("step-renamed", Some("3rd"), None, Some("name"))]
    );
    let generation = doc.saved_generation();
    doc.mark_saved(None);
    assert!(doc.saved_generation() > generation);
    assert!(diff(doc.saved_project(), doc.project()).is_empty());
    doc.undo();
    assert_eq!(diff(doc.saved_project(), doc.project()).changes.len(), 1);
    // An import is not a saved file: its baseline is what was imported.
    doc.replace(base(), None);
    doc.mark_unsaved();
    assert!(!doc.saved_is_file());
    assert!(diff(doc.saved_project(), doc.project()).is_empty());
}

mod consumers;
