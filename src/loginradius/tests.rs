use super::*;
use serde_json::json;

const DOMAIN_STEPS: &str = r#"{ "ProfilingSteps": [ { "Step": "Third Login",
    "Schema": [ { "type": "option", "name": "gender", "display": "Gender", "rules": "required",
                  "options": [ {"text": "Male", "value": "M"}, {"text": "Female", "value": "F"} ],
                  "permission": "w", "Checked": true, "Parent": "", "DataSource": null,
                  "ParentDataSource": null } ],
    "Scopes": [ { "Provider": "facebook", "Scopes": "user_birthday" } ] } ] }"#;

#[test]
fn export_of_imported_steps_gives_back_the_same_values() {
    let imported = import(DOMAIN_STEPS.as_bytes()).unwrap();
    assert_eq!(imported.kind, ImportKind::ProfilingSteps);
    let original: Value = serde_json::from_str(DOMAIN_STEPS).unwrap();
    assert_eq!(export(&imported.project), original);
    // The step's field also enters the catalog.
    assert_eq!(imported.project.catalog.len(), 1);
    assert_eq!(imported.project.catalog[0].field.name, "gender");
}

#[test]
fn nulls_empty_strings_absent_and_unknown_keys_survive() {
    let doc = json!({
        "ProfilingSteps": [
            { "Step": "s", "Schema": [
                { "type": "string", "name": "a", "display": null, "rules": "", "options": "",
                  "weird": {"x": [1, 2]} },
                { "type": "hidden", "name": "b", "value": "42" }
              ], "Extra": 1 },
            { "Step": "t", "Schema": [], "Scopes": [] }
        ],
        "Version": "3.28"
    });
    let imported = import(doc.to_string().as_bytes()).unwrap();
    assert_eq!(export(&imported.project), doc);
}

#[test]
fn checkbox_is_kept_as_written_the_platform_shows_a_text_box() {
    let doc = r#"[{"type": "checkbox", "name": "cf_Opt", "display": "Opt in"}]"#;
    let imported = import(doc.as_bytes()).unwrap();
    assert_eq!(imported.kind, ImportKind::RegistrationSchema);
    assert_eq!(
        imported.project.catalog[0].field.field_type.as_str(),
        "checkbox"
    );
    assert_eq!(imported.project.catalog[0].group, Group::Custom);
}

#[test]
fn registration_schema_under_its_key_fills_the_catalog() {
    let doc = r#"{"RegistrationFormSchema": [
        {"type": "string", "name": "firstname", "display": "First Name"},
        {"type": "string", "name": "city", "display": "City", "Parent": "Addresses"}]}"#;
    let p = import(doc.as_bytes()).unwrap().project;
    assert_eq!(p.catalog.len(), 2);
    assert_eq!(p.catalog[1].group, Group::StandardAdvanced);
    assert!(p.steps.is_empty());
}

#[test]
fn wrong_documents_are_refused_with_a_place() {
    let e = import(br#"{"format": "ppstudio-project"}"#).unwrap_err();
    assert!(e.message.contains("not a platform document"), "{e}");
    let e = import(b"{\"ProfilingSteps\": [{\"Schema\": []}]}").unwrap_err();
    assert!(e.message.contains("`Step`"), "{e}");
    let e = import(b"{\"ProfilingSteps\": [{\"Step\": \"a\",\n \"Schema\": [{\"name\": 3}]}]}")
        .unwrap_err();
    assert_eq!(e.line, 2, "{e}");
    let e = import(b"42").unwrap_err();
    assert!(e.message.contains("platform document"), "{e}");
}

/// Found by the platform_import fuzzer: a float whose shortest form needs the last digit
/// (6.6666666666666675e78) was read one unit off without correctly rounded parsing, so an
/// export of an import was not the same value.
#[test]
fn floats_in_unknown_keys_survive_to_the_last_digit() {
    let text = r#"{ "ProfilingSteps": [ { "Step": "s", "Schema": [
        { "type": "string", "name": "a", "Pa": [ {"textue": 6.6666666666666675e78} ],
          "b": 0.30000000000000004, "c": 1.7976931348623157e308, "d": 5e-324 } ] } ] }"#;
    let imported = import(text.as_bytes()).unwrap();
    let exported = export_string(&imported.project);
    assert!(exported.contains("6.6666666666666675e+78"), "{exported}");
    let again = import(exported.as_bytes()).unwrap();
    assert_eq!(again.project.steps, imported.project.steps);
    assert_eq!(export_string(&again.project), exported);
}

/// Hand-written schemas give option values as numbers or booleans: they come back as such,
/// and an edited one is written as the text the user typed.
#[test]
fn option_numbers_and_booleans_survive_until_edited() {
    let text = r#"{ "ProfilingSteps": [ { "Step": "s", "Schema": [
        { "type": "option", "name": "size", "display": "Size", "rules": "",
          "options": [ {"text": "One", "value": 1}, {"text": 2.5, "value": true},
                       {"text": "Three", "value": "3"} ] } ] } ] }"#;
    let imported = import(text.as_bytes()).unwrap();
    let original: Value = serde_json::from_str(text).unwrap();
    assert_eq!(export(&imported.project), original);
    let options = imported.project.steps[0].fields[0].options.list().to_vec();
    assert_eq!(options[0].value, "1");
    assert_eq!(options[1].text, "2.5");
    // Through the project file too.
    let reloaded =
        crate::project::Project::from_bytes(imported.project.to_canonical().as_bytes()).unwrap();
    assert_eq!(reloaded, imported.project);
    assert_eq!(export(&reloaded), original);
    // Edited: written as typed.
    let mut p = imported.project.clone();
    if let crate::project::Options::List(list) = &mut p.steps[0].fields[0].options {
        list[0].value = "01".into();
    }
    assert_eq!(
        export(&p)["ProfilingSteps"][0]["Schema"][0]["options"][0]["value"],
        "01"
    );
}

/// SKIP.md §1: `Scopes` entries may be `null`; fields may lack `Parent` or `rules`, or have
/// them `null`. What came as null or absent goes back out the same way.
#[test]
fn null_scopes_and_null_or_absent_parent_rules_and_options_survive_import_and_export() {
    let doc = json!({ "ProfilingSteps": [ { "Step": "checkout",
        "Schema": [
            { "type": "string", "name": "country", "display": "Country", "rules": null,
              "options": null, "Parent": null },
            { "type": "string", "name": "city", "display": "City", "options": "" },
            { "type": "option", "name": "gender", "display": "Gender", "rules": "required",
              "options": [ { "text": "F", "value": "F" } ], "Parent": "" }
        ],
        "Scopes": [ null, { "Provider": "Facebook", "Scopes": "" }, { "Provider": null } ] } ] });
    let imported = import(doc.to_string().as_bytes()).unwrap();
    let step = &imported.project.steps[0];
    assert!(step.scopes[0].is_none());
    assert_eq!(export(&imported.project), doc);
    // Through the project file too.
    let reloaded =
        crate::project::Project::from_bytes(imported.project.to_canonical().as_bytes()).unwrap();
    assert_eq!(export(&reloaded), doc);
}

/// Two field lists (`data` and `Data`, or one of them twice) are refused with the place of the
/// second: kept as an unknown key, it would be exported and read as the list next time (found
/// by the `console_list` fuzz target).
#[test]
fn a_second_console_field_list_is_refused_with_its_place() {
    let doc = "{\"data\": [],\n \"Data\": [{\"Text\": \"x\"}]}";
    let e = import(doc.as_bytes()).unwrap_err();
    assert_eq!(e.line, 2);
    assert!(
        e.message
            .contains("the console's field list is here a second time (\"Data\""),
        "{}",
        e.message
    );
    let e = import(br#"{"ProfilingSteps": [], "data": [], "data": []}"#).unwrap_err();
    assert!(e.message.contains("a second time"), "{}", e.message);
}

/// FORMATS.md: the Admin Console's registration field list goes into the catalog: standard
/// names lower-cased, cf_ names as written, checkbox as multi, Enabled and unknown keys kept.
#[test]
fn the_consoles_registration_field_list_fills_the_catalog_with_nothing_lost() {
    for key in ["data", "Data"] {
        let doc = json!({ key: [
            { "Display": "First Name", "Enabled": true, "Name": "FirstName",
              "Options": null, "Rules": "required|max_length[50]", "Type": "String",
              "Permission": "w", "Parent": "" },
            { "Display": "Newsletter", "Enabled": false, "Name": "cf_NewsLetter",
              "Options": null, "Rules": null, "Type": "CheckBox", "Permission": "w",
              "Parent": "", "Tooltip": "kept" },
            { "Display": "Gender", "Enabled": true, "Name": "Gender",
              "Options": [ { "Text": "Female", "Value": "F" }, { "text": "Male", "value": "M", "Icon": 1 } ],
              "Rules": "", "Type": "option", "Permission": "r", "Parent": null },
            { "Display": null, "Enabled": true, "Name": "Addresses_City", "Type": "string",
              "Parent": "Addresses" }
        ], "TotalCount": 4 });
        let imported = import(doc.to_string().as_bytes()).unwrap();
        assert_eq!(imported.kind, ImportKind::ConsoleFieldList);
        let p = &imported.project;
        assert!(p.steps.is_empty());
        let names: Vec<&str> = p.catalog.iter().map(|c| c.field.name.as_str()).collect();
        assert_eq!(
            names,
            ["firstname", "cf_NewsLetter", "gender", "addresses_city"]
        );
        let groups: Vec<Group> = p.catalog.iter().map(|c| c.group).collect();
        assert_eq!(
            groups,
            [
                Group::StandardBasic,
                Group::Custom,
                Group::StandardBasic,
                Group::StandardAdvanced
            ]
        );
        let first = crate::project::field_to_value(&p.catalog[0].field);
        assert_eq!(
            first,
            json!({ "type": "string", "name": "firstname", "display": "First Name",
                    "rules": "required|max_length[50]", "options": null, "permission": "w",
                    "Parent": "", "Enabled": true })
        );
        let news = crate::project::field_to_value(&p.catalog[1].field);
        assert_eq!(
            news,
            json!({ "type": "multi", "name": "cf_NewsLetter", "display": "Newsletter",
                    "rules": null, "options": null, "permission": "w", "Parent": "",
                    "Enabled": false, "Tooltip": "kept" })
        );
        let gender = crate::project::field_to_value(&p.catalog[2].field);
        assert_eq!(
            gender["options"],
            json!([ { "text": "Female", "value": "F" }, { "text": "Male", "value": "M", "Icon": 1 } ])
        );
        assert_eq!(gender["permission"], "r");
        assert_eq!(gender["Parent"], json!(null));
        let city = crate::project::field_to_value(&p.catalog[3].field);
        assert_eq!(city["display"], json!(null));
        assert_eq!(p.platform["TotalCount"], 4);
        // Through the project file, nothing changes.
        let reloaded = crate::project::Project::from_bytes(p.to_canonical().as_bytes()).unwrap();
        assert_eq!(&reloaded, p);
    }
    let e = import(br#"{"data": [{"Display": "x", "Type": "string"}]}"#).unwrap_err();
    assert!(
        e.message
            .contains("field 0 of the list is missing the required key `Name`"),
        "{e}"
    );
    let e = import(b"{\"data\": [\n {\"Name\": \"a\", \"Type\": \"string\", \"Options\": 5}]}")
        .unwrap_err();
    assert_eq!(e.line, 2, "{e}");
    assert!(e.message.contains("\"Options\" must be a list"), "{e}");
}
