//! `ppstudio diff`, run as a user (or a CI pipeline) runs it: the built binary, files in a
//! temporary folder, exit codes 0, 1 and 2.

mod cli_support;

use cli_support::{run, stderr, stdout};

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

fn default_project() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/default-project.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("the file is read"))
        .expect("valid JSON")
}

fn write(dir: &Path, name: &str, v: &Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string_pretty(v).expect("JSON"))
        .expect("the file is written");
    p
}

fn s(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

/// The default project with a deploy's worth of edits: a step renamed, a rules string
/// tightened, a field moved to another step, a trigger changed.
fn edited() -> Value {
    let mut p = default_project();
    let steps = p["steps"]
        .as_array_mut()
        .expect("the default project has steps with fields");
    steps[1]["name"] = json!("3rd Login");
    steps[2]["fields"][0]["rules"] = json!("required|min_length[3]|max_length[100]");
    let jobtitle = steps[2]["fields"]
        .as_array_mut()
        .expect("the default project has steps with fields")
        .remove(3);
    steps[0]["fields"]
        .as_array_mut()
        .expect("the default project has steps with fields")
        .push(jobtitle);
    steps[3]["trigger"] = json!({ "on": "page_visit", "path": "/upgrade" });
    p
}

#[test]
fn the_same_project_twice_is_no_change_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.ppstudio.json", &default_project());
    let o = run(&["diff", s(&a), s(&a)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).ends_with("No changes.\n"), "{}", stdout(&o));
    let o = run(&["diff", s(&a), s(&a), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["changes"], json!([]));
}

#[test]
fn a_project_and_its_own_export_is_no_change_and_says_what_was_compared() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.ppstudio.json", &default_project());
    let export = dir.path().join("a-platform.json");
    assert!(run(&["export", s(&a), "-o", s(&export)]).status.success());
    for (old, new) in [(&a, &export), (&export, &a)] {
        let o = run(&["diff", s(old), s(new)]);
        assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
        let text = stdout(&o);
        assert!(text.contains("(platform JSON)"), "{text}");
        assert!(
            text.contains("Not compared") && text.contains("triggers"),
            "{text}"
        );
        assert!(text.ends_with("No changes.\n"), "{text}");
    }
    let o = run(&["diff", s(&a), s(&export), "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["compared"]["steps"], true);
    assert_eq!(v["compared"]["triggers"], false);
}

#[test]
fn two_projects_list_every_change_in_words_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.ppstudio.json", &default_project());
    let b = write(dir.path(), "b.ppstudio.json", &edited());
    let o = run(&["diff", s(&a), s(&b)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = stdout(&o);
    for line in [
        "~ Job Title (jobtitle) moved from \"Pricing Page\" to \"First Login\" (position 4)",
        "~ Step \"Third Login\" renamed to \"3rd Login\"",
        "~ Company (company) in \"Pricing Page\": rules \"required|max_length[100]\" became \"required|min_length[3]|max_length[100]\"",
        "    min_length[3] added",
        "    for consumers: now refused: \"aa\" (length limit): \"The Company field must be at least 3 characters in length.\"",
        "~ Trigger of \"Upgrade CTA\": \"When upgrade-cta is clicked\" became \"When /upgrade is visited\"",
        "4 changes.",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
}

#[test]
fn two_exported_versions_compare_their_steps_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.ppstudio.json", &default_project());
    let b = write(dir.path(), "b.ppstudio.json", &edited());
    let (ea, eb) = (dir.path().join("a.json"), dir.path().join("b.json"));
    assert!(run(&["export", s(&a), "-o", s(&ea)]).status.success());
    assert!(run(&["export", s(&b), "-o", s(&eb)]).status.success());
    let o = run(&["diff", s(&ea), s(&eb), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let kinds: Vec<(&str, &str)> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["kind"].as_str().unwrap(), c["step"].as_str().unwrap()))
        .collect();
    // The trigger is not in the platform's JSON: not a change there.
    assert_eq!(
        kinds,
        [
            ("field-moved", "First Login"),
            ("step-renamed", "3rd Login"),
            ("field-changed", "Pricing Page"),
        ]
    );
}

#[test]
fn the_json_output_is_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = default_project();
    b["steps"][1]["name"] = json!("3rd Login");
    b["steps"][1]["fields"][0]["rules"] = json!("required|min_length[2]");
    let a = write(dir.path(), "a.ppstudio.json", &default_project());
    let b = write(dir.path(), "b.ppstudio.json", &b);
    let o = run(&["diff", s(&a), s(&b), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let values = json!([
        { "value": "U", "source": "option value", "old": { "valid": true },
          "new": { "valid": false, "rule": "min_length",
                   "message": "The Gender field must be at least 2 characters in length." } },
        { "value": "/", "source": "lint example", "old": { "valid": true },
          "new": { "valid": false, "rule": "min_length",
                   "message": "The Gender field must be at least 2 characters in length." } }
    ]);
    let gender = v["changes"][1].clone();
    assert_eq!(
        v,
        json!({
            "changes": [
                { "kind": "step-renamed", "step": "3rd Login", "key": "name",
                  "old": "Third Login", "new": "3rd Login",
                  "summary": "Step \"Third Login\" renamed to \"3rd Login\"" },
                gender,
            ],
            "compared": { "steps": true, "triggers": true, "catalog": true,
                          "catalog_groups": true, "project": true, "platform_keys": true }
        })
    );
    assert_eq!(gender["kind"], "field-changed");
    assert_eq!(gender["step"], "3rd Login");
    assert_eq!(gender["field"], "gender");
    assert_eq!(gender["key"], "rules");
    assert_eq!(gender["old"], "required");
    assert_eq!(gender["new"], "required|min_length[2]");
    assert_eq!(gender["details"], json!(["min_length[2] added"]));
    // M and F are one letter too: every option value is refused now, and "a" (just below).
    let judged: Vec<&str> = gender["impact"]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["value"].as_str().unwrap())
        .collect();
    assert_eq!(judged, ["M", "F", "U", "/", "a"]);
    assert_eq!(gender["impact"]["values"][2], values[0]);
    assert_eq!(gender["impact"]["values"][3], values[1]);
}

#[test]
fn unusable_inputs_exit_2_with_file_line_column() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.ppstudio.json", &default_project());
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\n  \"format\": \"ppstudio-project\",\n  \"version\": 1,\n  \"steps\": [,]\n}",
    )
    .unwrap();
    let o = run(&["diff", s(&a), s(&bad)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!("error: {}:4:", bad.display())),
        "{err}"
    );
    assert!(o.stdout.is_empty());

    let neither = dir.path().join("neither.json");
    std::fs::write(&neither, "{\"hello\": 1}").unwrap();
    let o = run(&["diff", s(&neither), s(&a)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!("error: {}:1:", neither.display()))
            && err.contains("neither a ppstudio project"),
        "{err}"
    );

    // A registration schema and a document of steps have nothing in common.
    let schema = dir.path().join("schema.json");
    std::fs::write(&schema, "[{\"type\": \"string\", \"name\": \"firstname\"}]").unwrap();
    let steps = dir.path().join("steps.json");
    assert!(run(&["export", s(&a), "-o", s(&steps)]).status.success());
    let o = run(&["diff", s(&schema), s(&steps)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("nothing in common to compare"),
        "{}",
        stderr(&o)
    );

    let missing = dir.path().join("missing.json");
    let o = run(&["diff", s(&a), s(&missing)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read"), "{}", stderr(&o));
}

#[test]
fn registration_form_and_show_in_editor_changes_say_what_the_profile_page_shows() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut old = default_project();
    old["registration"] = json!([
        { "type": "string", "name": "firstname", "display": "First Name", "rules": "required",
          "permission": "w", "Parent": "" },
        { "type": "string", "name": "city", "display": "City", "permission": "w", "Parent": "" }
    ]);
    let mut new = old.clone();
    new["registration"][0]["display"] = json!("Given name");
    new["registration"]
        .as_array_mut()
        .expect("a list")
        .remove(1);
    new["settings"]["showInEditor"] = json!(true);
    let (o, n) = (
        write(dir.path(), "old.json", &old),
        write(dir.path(), "new.json", &new),
    );
    let out = run(&["diff", s(&o), s(&n)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    for said in [
        "~ Setting showInEditor: off (the default) became on",
        "~ Registration form: City (city) removed",
        "~ Registration form: Given name (firstname) display \"First Name\" became \"Given name\"",
        "for consumers: the profile page's editable form now shows lastname,",
        "for consumers: the profile page's editable form no longer shows city",
    ] {
        assert!(text.contains(said), "{said} not in:\n{text}");
    }
}
