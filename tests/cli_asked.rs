//! What a real consumer is asked, from the command line: `check` reads the project's options
//! and sample profile; `import` reads the Admin Console's field list. The built binary, real
//! files, exit codes.

mod cli_support;

use cli_support::run as ppstudio;

use serde_json::{Value, json};

fn project(settings: Value, sample: Option<Value>) -> Value {
    let field = |name: &str, ty: &str, rules: &str| {
        json!({ "type": ty, "name": name, "display": name, "rules": rules, "options": null,
                "permission": "w", "Checked": true, "Parent": "", "DataSource": null,
                "ParentDataSource": null })
    };
    let mut p = json!({
        "format": "ppstudio-project", "version": 1, "name": "t", "settings": settings,
        "catalog": [ { "group": "standard-basic", "type": "string", "name": "firstname" },
                     { "group": "standard-basic", "type": "password", "name": "password" } ],
        "steps": [ { "name": "Account", "trigger": { "on": "first_login" },
                     "fields": [ field("firstname", "string", "required"),
                                 field("password", "password", "required") ],
                     "scopes": [] } ]
    });
    if let Some(s) = sample {
        p["sampleProfile"] = s;
    }
    p
}

fn check_json(dir: &std::path::Path, p: &Value) -> Vec<Value> {
    let file = dir.join("p.ppstudio.json");
    std::fs::write(&file, p.to_string()).expect("the file is written");
    let o = ppstudio(&[
        "check".as_ref(),
        file.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON output");
    v.as_array()
        .cloned()
        .unwrap_or_else(|| v["problems"].as_array().cloned().unwrap_or_default())
}

fn codes(problems: &[Value]) -> Vec<String> {
    problems
        .iter()
        .filter_map(|p| p["code"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn check_follows_the_projects_options_and_sample_profile() {
    let dir = tempfile::tempdir().unwrap();
    let problems = check_json(dir.path(), &project(json!({}), None));
    assert!(
        codes(&problems).contains(&"password-never-asked".to_string()),
        "{problems:?}"
    );
    let p = problems
        .iter()
        .find(|p| p["code"] == "password-never-asked")
        .unwrap();
    assert_eq!(p["step"], "Account");
    assert_eq!(p["field"], "password");

    let on = json!({ "promptPasswordOnSocialLogin": true });
    let problems = check_json(dir.path(), &project(on.clone(), None));
    assert!(!codes(&problems).contains(&"password-never-asked".to_string()));

    // A sample consumer who has a name and a password: the step asks them nothing.
    let sample = json!({ "Provider": "Email", "FirstName": "Asha", "Password": "hash" });
    let problems = check_json(dir.path(), &project(on, Some(sample)));
    let found: Vec<&Value> = problems
        .iter()
        .filter(|p| p["code"] == "sample-profile-sees-nothing")
        .collect();
    assert_eq!(found.len(), 1, "{problems:?}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("already knows every field of \"Account\" or never asks it"),
        "{}",
        found[0]["message"]
    );
}

#[test]
fn import_reads_the_consoles_field_list_into_the_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("fields.json");
    std::fs::write(
        &list,
        json!({ "Data": [
            { "Display": "First Name", "Enabled": true, "Name": "FirstName", "Options": null,
              "Rules": "required", "Type": "string", "Permission": "w", "Parent": "" },
            { "Display": "Plan", "Enabled": false, "Name": "cf_Plan", "Options": null,
              "Rules": null, "Type": "checkbox", "Permission": "w", "Parent": "" } ] })
        .to_string(),
    )
    .unwrap();
    let out = dir.path().join("out.ppstudio.json");
    let o = ppstudio(&[
        "import".as_ref(),
        list.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let p: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(
        p["catalog"],
        json!([
            { "group": "standard-basic", "type": "string", "name": "firstname",
              "display": "First Name", "rules": "required", "options": null,
              "permission": "w", "Parent": "", "Enabled": true },
            { "group": "custom", "type": "multi", "name": "cf_Plan", "display": "Plan",
              "rules": null, "options": null, "permission": "w", "Parent": "",
              "Enabled": false }
        ])
    );
    // A broken list: exit 2, one line naming the file, line and column.
    std::fs::write(&list, "{\"data\": [\n  {\"Type\": \"string\"}\n]}").unwrap();
    let o = ppstudio(&["import".as_ref(), list.as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("fields.json:2:"), "{err}");
    assert!(err.contains("missing the required key `Name`"), "{err}");
    assert_eq!(err.lines().count(), 1);
}
