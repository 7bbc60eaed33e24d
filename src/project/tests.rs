use super::*;

const SAMPLE: &str = r##"{
  "format": "ppstudio-project",
  "version": 1,
  "name": "Acme consumer profile",
  "settings": {
    "askOptionalFieldsOnProgressiveSteps": true,
    "zz": 1
  },
  "catalog": [
    {
      "group": "standard-basic",
      "type": "string",
      "name": "firstname",
      "display": "First Name",
      "rules": "required|max_length[50]",
      "options": null,
      "permission": "w",
      "Checked": true,
      "Parent": "",
      "DataSource": null,
      "ParentDataSource": null
    },
    {
      "group": "custom",
      "type": "option",
      "name": "cf_FavoriteTeam",
      "display": "Favorite team",
      "rules": "",
      "options": [
        {
          "text": "Red",
          "value": "red",
          "colour": "#f00"
        }
      ],
      "permission": "w",
      "Checked": true,
      "Parent": "",
      "DataSource": null,
      "ParentDataSource": null,
      "tooltip": "kept"
    }
  ],
  "steps": [
    {
      "name": "Third Login",
      "trigger": {
        "on": "login_count",
        "count": 3,
        "note": "kept"
      },
      "fields": [
        {
          "type": "option",
          "name": "gender",
          "display": "Gender",
          "rules": "required",
          "options": [
            {
              "text": "Male",
              "value": "M"
            }
          ],
          "permission": "w",
          "Checked": true,
          "Parent": "",
          "DataSource": null,
          "ParentDataSource": null
        }
      ],
      "scopes": [
        {
          "Provider": "facebook",
          "Scopes": "user_birthday"
        }
      ],
      "color": "blue"
    }
  ],
  "unknownTop": [
    1,
    2
  ]
}
"##;

#[test]
fn canonical_file_round_trips_to_identical_bytes() {
    let p = Project::from_bytes(SAMPLE.as_bytes()).unwrap();
    assert_eq!(p.to_canonical(), SAMPLE);
    assert_eq!(p.steps[0].trigger.kind, TriggerKind::LoginCount(3));
    assert_eq!(p.catalog[1].group, Group::Custom);
    assert_eq!(p.catalog[1].field.options.list()[0].extra["colour"], "#f00");
}

#[test]
fn unknown_keys_are_kept_after_known_ones() {
    let text = r#"{"zz":1,"steps":[],"version":1,"format":"ppstudio-project","name":"x","catalog":[],"settings":{}}"#;
    let p = Project::from_bytes(text.as_bytes()).unwrap();
    let out = p.to_canonical();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "format", "version", "name", "settings", "catalog", "steps", "zz"
        ]
    );
}

#[test]
fn checkbox_is_kept_as_written() {
    assert_eq!(
        FieldType::parse("checkbox"),
        FieldType::Other("checkbox".into())
    );
    assert_eq!(FieldType::parse("multi"), FieldType::Multi);
    assert_eq!(FieldType::parse("date"), FieldType::Other("date".into()));
}

fn err(text: &[u8]) -> LoadError {
    Project::from_bytes(text).unwrap_err()
}

#[test]
fn bad_input_is_reported_with_line_and_column() {
    let e = err(b"");
    assert_eq!((e.line, e.column), (1, 1));
    assert!(e.message.contains("empty"), "{e}");

    let e = err(b"\xEF\xBB\xBF{}");
    assert!(e.message.contains("byte-order mark"), "{e}");

    let e = err(b"{\n  \"name\": \"a\xFFb\"}");
    assert_eq!((e.line, e.column), (2, 13));
    assert!(e.message.contains("UTF-8"), "{e}");

    let e = err(b"{\n  \"format\": \"ppstudio-project\",\n  \"version\": 1,\n  \"name\": 5\n}");
    assert_eq!(e.line, 4, "{e}");
    assert_eq!(
        e.message, "Expected a text in double quotes here, not a number (5)",
        "{e}"
    );

    let e = err(br#"{"format": "ppstudio-project", "version": 2}"#);
    assert!(e.message.contains("unknown format version 2"), "{e}");

    let e = err(br#"{"version": 1}"#);
    assert!(e.message.contains("not a ppstudio project"), "{e}");

    let e = err(br#"{"format": "ppstudio-project", "version": 1, "steps": [{"fields": []}]}"#);
    assert!(
        e.message
            .contains("a step is missing the required key `name`"),
        "{e}"
    );

    let e = err(br#"{"format": "ppstudio-project", "version": 1, "steps": [{"name": "a", "fields": [{"name": "x"}]}]}"#);
    assert!(
        e.message
            .contains("the field \"x\" is missing the required key `type`"),
        "{e}"
    );

    let e = err(b"not json");
    assert_eq!((e.line, e.column), (1, 2), "{e}");
    assert_eq!(e.message, "This file is not JSON", "{e}");

    let deep = "[".repeat(100_000);
    let e = err(deep.as_bytes());
    assert!(
        e.message.contains("nested too deeply") || e.message.contains("not a list"),
        "{e}"
    );

    let e = err(br#"{"format": "ppstudio-project", "version": 1} trailing"#);
    assert!(e.message.contains("more after the end of the JSON"), "{e}");
}

#[test]
fn too_large_files_are_refused_before_parsing() {
    let big = vec![b' '; MAX_FILE_BYTES + 1];
    let e = err(&big);
    assert!(e.message.contains("up to 64 MB"), "{e}");
}

#[test]
fn absent_and_null_keys_stay_as_they_were() {
    let text = br#"{"format": "ppstudio-project", "version": 1, "steps": [{"name": "s", "fields": [{"type": "string", "name": "a", "rules": null}]}]}"#;
    let p = Project::from_bytes(text).unwrap();
    let v = field_to_value(&p.steps[0].fields[0]);
    assert_eq!(
        v,
        serde_json::json!({"type": "string", "name": "a", "rules": null})
    );
    assert!(!p.to_canonical().contains("\"scopes\""));
}

#[test]
fn triggers_describe_themselves_in_words() {
    assert_eq!(TriggerKind::LoginCount(3).describe(), "On the 3rd login");
    assert_eq!(TriggerKind::LoginCount(11).describe(), "On the 11th login");
    assert_eq!(TriggerKind::LoginCount(22).describe(), "On the 22nd login");
    assert_eq!(
        TriggerKind::PageVisit("/pricing*".into()).describe(),
        "When /pricing* is visited"
    );
}

#[test]
fn ids_are_not_content() {
    let a = Project::from_bytes(SAMPLE.as_bytes()).unwrap();
    let b = Project::from_bytes(SAMPLE.as_bytes()).unwrap();
    assert_ne!(a.steps[0].id, b.steps[0].id);
    assert_eq!(a, b);
}

#[test]
fn the_default_project_loads() {
    let p = Project::default_project();
    assert_eq!(
        p.to_canonical(),
        DEFAULT_PROJECT,
        "the embedded file is canonical"
    );
}

#[test]
fn an_empty_project_has_the_standard_fields_and_nothing_else() {
    let sample = Project::default_project();
    let p = Project::empty();
    assert!(p.steps.is_empty());
    assert!(p.catalog.iter().all(|c| c.group != Group::Custom));
    let standard = sample
        .catalog
        .iter()
        .filter(|c| c.group != Group::Custom)
        .count();
    assert_eq!(p.catalog.len(), standard);
    assert!(standard > 30, "{standard}");
    assert_eq!(p.name, "Untitled project");
}

#[test]
fn the_nine_site_options_load_and_save_in_canonical_order_with_unknown_keys_after() {
    let text = r#"{"format": "ppstudio-project", "version": 1, "name": "x", "catalog": [], "steps": [],
        "settings": {"zz": 1, "isPINAuthentication": true, "askOptionalFieldsOnProgressiveSteps": false,
                     "progressiveProfilingTraditional": false, "promptPasswordOnSocialLogin": null,
                     "askOptionalFieldsOnRegistration": true}}"#;
    let p = Project::from_bytes(text.as_bytes()).unwrap();
    assert!(p.settings.is_pin_authentication);
    assert!(p.settings.ask_optional_fields_on_registration);
    assert!(!p.settings.ask_optional_fields);
    assert!(
        !p.settings.prompt_password_on_social_login,
        "null is the default"
    );
    let out = p.to_canonical();
    assert!(
        out.contains(
            "\"settings\": {\n    \"askOptionalFieldsOnProgressiveSteps\": false,\n    \
             \"isPINAuthentication\": true,\n    \"askOptionalFieldsOnRegistration\": true,\n    \
             \"zz\": 1\n  },"
        ),
        "{out}"
    );
    let again = Project::from_bytes(out.as_bytes()).unwrap();
    assert_eq!(again, p);
    assert_eq!(again.to_canonical(), out);
    // Absent means the default: only askOptionalFieldsOnProgressiveSteps is on.
    let p = Project::from_bytes(
        br#"{"format": "ppstudio-project", "version": 1, "catalog": [], "steps": []}"#,
    )
    .unwrap();
    assert_eq!(p.settings, Settings::default());
    // Not a boolean: refused, with the place.
    let e = err(br#"{"format": "ppstudio-project", "version": 1,
 "settings": {"optionalEmailVerification": "yes"}}"#);
    assert_eq!(e.line, 2, "{e}");
    assert!(
        e.message
            .contains("\"optionalEmailVerification\" must be true or false, found a string"),
        "{e}"
    );
}

#[test]
fn null_scopes_entries_and_null_or_absent_keys_survive_load_and_save() {
    let text = r#"{"format": "ppstudio-project", "version": 1, "name": "x", "catalog": [],
      "steps": [{"name": "s", "fields": [
          {"type": "string", "name": "a", "display": "A", "rules": null, "Parent": null},
          {"type": "string", "name": "b"}],
        "scopes": [null, {"Provider": null, "Scopes": "x"}, {"Scopes": ""}, {"Provider": "Google"}]}]}"#;
    let p = Project::from_bytes(text.as_bytes()).unwrap();
    let s = &p.steps[0];
    assert_eq!(s.scopes.len(), 4);
    assert!(s.scopes[0].is_none());
    assert_eq!(
        s.scopes[1].as_ref().map(|x| x.provider_presence),
        Some(Presence::Null)
    );
    let out = p.to_canonical();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["steps"][0]["scopes"],
        serde_json::json!([null, {"Provider": null, "Scopes": "x"}, {"Scopes": ""},
                           {"Provider": "Google"}])
    );
    assert_eq!(
        v["steps"][0]["fields"],
        serde_json::json!([
            {"type": "string", "name": "a", "display": "A", "rules": null, "Parent": null},
            {"type": "string", "name": "b"}])
    );
    assert_eq!(Project::from_bytes(out.as_bytes()).unwrap(), p);
}

#[test]
fn the_sample_profile_is_kept_in_the_project_in_its_order() {
    let text = r#"{"format": "ppstudio-project", "version": 1, "catalog": [], "steps": [],
      "sampleProfile": {"Provider": "Email", "FirstName": "Ann", "firstname": ""}}"#;
    let p = Project::from_bytes(text.as_bytes()).unwrap();
    let profile = p.sample_profile().unwrap();
    assert_eq!(
        profile.keys().collect::<Vec<_>>(),
        ["Provider", "FirstName", "firstname"]
    );
    assert!(
        p.to_canonical()
            .contains("\"sampleProfile\": {\n    \"Provider\": \"Email\"")
    );
}

#[test]
fn option_lines_are_value_then_text_and_a_lone_value_is_both() {
    let got = FieldOption::parse_lines("  us | United States \n\nfr|France\nother\n   \n");
    let pairs: Vec<(&str, &str)> = got
        .iter()
        .map(|o| (o.value.as_str(), o.text.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("us", "United States"),
            ("fr", "France"),
            ("other", "other")
        ]
    );
    // Only the first `|` splits: the text may hold one.
    let got = FieldOption::parse_lines("a|b|c");
    assert_eq!((got[0].value.as_str(), got[0].text.as_str()), ("a", "b|c"));
    assert!(FieldOption::parse_lines("\n \n").is_empty());
}

#[test]
fn trigger_choices_keep_the_current_parameter_and_default_the_others() {
    let from_login = TriggerKind::LoginCount(7).choices();
    assert_eq!(from_login[1], TriggerKind::LoginCount(7));
    assert_eq!(from_login[2], TriggerKind::PageVisit("/pricing*".into()));
    assert_eq!(from_login[3], TriggerKind::CtaClick("upgrade-cta".into()));
    let from_page = TriggerKind::PageVisit("/teams".into()).choices();
    assert_eq!(from_page[1], TriggerKind::LoginCount(3));
    assert_eq!(from_page[2], TriggerKind::PageVisit("/teams".into()));
    let titles: Vec<&str> = TriggerKind::Manual
        .choices()
        .iter()
        .map(TriggerKind::title)
        .collect();
    assert_eq!(
        titles,
        [
            "First login",
            "Login count",
            "Page visit",
            "CTA click",
            "Manual"
        ]
    );
    assert!(TriggerKind::LoginCount(1).same_kind(&TriggerKind::LoginCount(9)));
    assert!(!TriggerKind::Manual.same_kind(&TriggerKind::FirstLogin));
    assert_eq!(TriggerKind::Unknown("x".into()).title(), "Unknown");
}

#[test]
fn two_fields_differ_in_the_parts_the_one_list_names() {
    let p = Project::default_project();
    let a = p.steps[1].fields[0].clone(); // Gender, "required"
    let b = p.catalog_field("gender").unwrap().field.clone(); // "" rules
    assert_eq!(a.differing(&b), vec![FieldPart::Rules]);
    let mut c = b.clone();
    c.name = "sex".into();
    assert!(c.same_but_name(&b) && c != b);
    c.extra.insert(
        "placeholder".into(),
        serde_json::Value::String("M or F".into()),
    );
    c.display = "Sex".into();
    assert_eq!(
        c.differing(&b),
        vec![FieldPart::Display, FieldPart::Extra("placeholder")]
    );
}

#[test]
fn a_triggers_keys_of_another_kind_are_kept_through_a_save() {
    // Found by fuzzing: an unknown kind's "count", a first login's stray "path".
    let text = r#"{"format": "ppstudio-project", "version": 1, "steps": [
        {"name": "A", "trigger": {"on": "lFgin_count", "count": 3}, "fields": []},
        {"name": "B", "trigger": {"on": "first_login", "path": "/x", "target": "t"}, "fields": []}
    ]}"#;
    let p = Project::from_bytes(text.as_bytes()).unwrap();
    let saved = p.to_canonical();
    let back = Project::from_bytes(saved.as_bytes()).unwrap();
    assert_eq!(back, p);
    assert_eq!(back.to_canonical(), saved);
    assert!(
        saved.contains("\"count\": 3") && saved.contains("\"path\": \"/x\""),
        "{saved}"
    );
}
