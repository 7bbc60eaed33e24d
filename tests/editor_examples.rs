//! The 150 recorded outcomes of the platform's profile editor (`tests/data/editor-examples.jsonl`,
//! EDITOR.md): each case run through the core function and through the real
//! `ppstudio profile-editor` binary (a project with the case's registration form, steps and
//! options, `showInEditor` among its settings; the case's profile in a file).

use std::process::Command;

use ppstudio::asked::editor::project_page;
use ppstudio::project::Project;
use serde_json::{Map, Value, json};

struct Case {
    id: String,
    project: Value,
    profile: Value,
    expect: Value,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/editor-examples.jsonl"),
    )
    .expect("the example file");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("a JSON line");
            let mut settings: Map<String, Value> =
                v["options"].as_object().expect("options").clone();
            // An absent option is off (EDITOR.md §1), askOptionalFieldsOnProgressiveSteps too.
            settings
                .entry("askOptionalFieldsOnProgressiveSteps")
                .or_insert(json!(false));
            settings.insert("showInEditor".into(), v["showInEditor"].clone());
            let steps: Vec<Value> = v["steps"]
                .as_array()
                .expect("steps")
                .iter()
                .map(|s| json!({ "name": s["Step"], "fields": s["Schema"], "scopes": s["Scopes"] }))
                .collect();
            let project = json!({
                "format": "ppstudio-project", "version": 1, "name": v["id"],
                "settings": settings, "catalog": [],
                "registration": v["registration"], "steps": steps
            });
            Case {
                id: v["id"].as_str().expect("an id").to_string(),
                project,
                profile: v["profile"].clone(),
                expect: v["expect"].clone(),
            }
        })
        .collect()
}

/// Editor entries compare as JSON values: an object's key order means nothing (serde_json's
/// `Value` equality already ignores it).
fn same(got: &Value, expect: &Value) -> bool {
    got == expect
}

#[test]
fn every_example_through_the_core() {
    let cases = cases();
    assert_eq!(cases.len(), 150);
    let mut failures = Vec::new();
    for c in &cases {
        let project =
            Project::from_bytes(c.project.to_string().as_bytes()).expect("the case's project");
        let profile = c.profile.as_object().expect("a profile");
        let page = project_page(&project, profile).expect("the platform renders these cases");
        let got = page.to_json();
        if !same(&got, &c.expect) {
            failures.push(format!("{}:\n  got    {got}\n  expect {}", c.id, c.expect));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of 150 differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_example_through_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for c in cases() {
        let project = dir.path().join(format!("{}.ppstudio.json", c.id));
        let profile = dir.path().join(format!("{}.profile.json", c.id));
        std::fs::write(&project, c.project.to_string()).unwrap();
        std::fs::write(&profile, c.profile.to_string()).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_ppstudio"))
            .args(["profile-editor", "--format", "json", "--profile"])
            .arg(&profile)
            .arg(&project)
            .output()
            .unwrap();
        if out.status.code() != Some(0) {
            failures.push(format!(
                "{}: exit {:?}: {}",
                c.id,
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
            continue;
        }
        let got: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        if !same(&got, &c.expect) {
            failures.push(format!("{}: got {got}, expect {}", c.id, c.expect));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
