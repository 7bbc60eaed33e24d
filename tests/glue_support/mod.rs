//! What the node tests of the snippet share: running a page with the stand-in of the
//! platform's library, and reading what happened there.
#![allow(dead_code)] // each test file uses its own part

use std::path::Path;
use std::process::Command;

use ppstudio::loginradius::{export, snippet::snippet};
use ppstudio::project::{Project, Step, TriggerKind};
use serde_json::{Value, json};

use super::cli_support::node_for;

pub const GLUE: &str = "tests/glue";

/// Runs `script` (the snippet, or a site's own code) in the page of `scenario`. The platform
/// serves `project`'s steps unless the scenario says `steps`. When node is missing: a
/// failure, or `None` (with a notice) when `PPSTUDIO_SKIP_NODE_TESTS` is `1`.
pub fn run_script(
    test: &str,
    project: &Project,
    script: &str,
    mut scenario: Value,
) -> Option<Value> {
    let node = node_for(test)?;
    assert!(
        Path::new(GLUE).join("node_modules/jsdom").is_dir(),
        "{test}: the page's npm packages are missing: run `npm ci --prefix {GLUE}` (the README's \
         test command does)"
    );
    if scenario.get("steps").is_none() {
        scenario["steps"] = export(project);
    }
    let dir = tempfile::tempdir().unwrap();
    let script_path = dir.path().join("snippet.js");
    let scenario_path = dir.path().join("scenario.json");
    std::fs::write(&script_path, script).unwrap();
    std::fs::write(&scenario_path, scenario.to_string()).unwrap();
    let out = Command::new(node)
        .arg(Path::new(GLUE).join("run.js"))
        .arg(&script_path)
        .arg(&scenario_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{test}: node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<&Value> = records(&out, "page error").collect();
    assert!(errors.is_empty(), "{test}: the page broke: {errors:?}");
    Some(out)
}

/// Runs the project's snippet.
pub fn run(test: &str, project: &Project, scenario: Value) -> Option<Value> {
    run_script(test, project, &snippet(project), scenario)
}

pub fn records<'a>(out: &'a Value, kind: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    out["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(move |r| r["kind"] == kind)
}

/// The steps the library rendered a form for, in order.
pub fn rendered(out: &Value) -> Vec<String> {
    records(out, "render")
        .map(|r| r["step"].as_str().unwrap().to_string())
        .collect()
}

/// The steps the library acted on (`execStep` not ignored), in order.
pub fn executed(out: &Value) -> Vec<String> {
    records(out, "execStep")
        .filter(|r| r.get("ignored").is_none())
        .map(|r| r["step"].as_str().unwrap().to_string())
        .collect()
}

/// The steps acted on during each action of `page`, in order (the actions' own records and
/// what followed until the next action).
pub fn per_action(out: &Value, page: u64) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = Vec::new();
    for r in out["records"].as_array().unwrap() {
        if r["page"] != page {
            continue;
        }
        if r["kind"] == "action-start" {
            groups.push(Vec::new());
        } else if r["kind"] == "execStep"
            && r.get("ignored").is_none()
            && let Some(g) = groups.last_mut()
        {
            g.push(r["step"].as_str().unwrap().to_string());
        }
    }
    groups
}

pub fn console(out: &Value, level: &str) -> Vec<String> {
    records(out, "console")
        .filter(|r| r["level"] == level)
        .map(|r| r["text"].as_str().unwrap().to_string())
        .collect()
}

/// Gives step `to` the fields of step `from`.
pub fn copy_fields(p: &mut Project, from: usize, to: usize) {
    let fields = p.steps[from].fields.clone();
    p.steps[to].fields = fields;
}

pub fn with_step(mut p: Project, name: &str, kind: TriggerKind) -> Project {
    let mut s = Step::new(name);
    s.trigger.kind = kind;
    p.steps.push(s);
    p
}

/// A profile on the server holding every field of the default project: each step the library
/// runs completes at once (no field left to ask), so trigger tests see one call per trigger.
pub fn full_profile() -> Value {
    let mut m = serde_json::Map::new();
    for s in &Project::default_project().steps {
        for f in &s.fields {
            m.insert(f.name.clone(), json!("known"));
        }
    }
    m.insert(
        "CustomFields".into(),
        json!({ "CompanySize": "1", "UseCase": "x", "TeamSize": "2", "PreferredContact": "m" }),
    );
    Value::Object(m)
}

/// One page, logged in, answers at once, a profile that leaves nothing to ask; the actions
/// start once the platform's steps are there, each given a second to act.
pub fn quick(page: Value) -> Value {
    let mut page = page;
    page["start"] = json!(1000);
    page["gap"] = json!(1000);
    if page.get("token").is_none() {
        page["token"] = json!(true);
    }
    json!({ "delay": 0, "profile": full_profile(), "pages": [page] })
}

/// Two locales and a field with a placeholder of its own, both translated.
pub fn switching_project() -> Project {
    let mut p = Project::default_project();
    p.steps[0].fields[0]
        .extra
        .insert("placeholder".into(), json!("Your first name"));
    p.locales = serde_json::from_value(json!({
        "fr": { "labels": { "firstname": "Prénom", "lastname": "Nom" },
                "placeholders": { "firstname": "Votre prénom", "phoneid": "+33 1 23 45 67 89" },
                "validationMessages": [ { "rule": "required", "message": "Le champ %s est obligatoire." },
                                        { "rule": "max_length#lastname", "message": "Trop long" } ],
                "buttonsName": { "progressiveProfiling": "Envoyer" } },
        "de": { "labels": { "firstname": "Vorname" },
                "validationMessages": [ { "rule": "required", "message": "" } ] }
    }))
    .unwrap();
    p
}

/// The first step's form (and its required message) after the language `codes` in turn: the
/// form is shown again after each switch (a click step, dismissed each time).
pub fn forms_after(test: &str, p: &Project, codes: &[Value]) -> Option<(String, String)> {
    let mut p = p.clone();
    copy_fields(&mut p, 0, 3);
    let mut actions = Vec::new();
    for code in codes {
        actions.push(json!(["setLocale", code]));
        actions.push(json!(["click", "upgrade-cta"]));
        actions.push(json!(["wait", 1000]));
        actions.push(json!(["dismiss"]));
    }
    actions.push(json!(["click", "upgrade-cta"]));
    actions.push(json!(["wait", 1000]));
    actions.push(json!(["submit", {}]));
    let out = run(
        test,
        &p,
        json!({ "pages": [{ "token": true, "actions": actions }] }),
    )?;
    let html = out["pages"][0]["html"].as_str().unwrap().to_string();
    let error = records(&out, "site")
        .last()
        .map(|r| r["errors"][0]["Description"].as_str().unwrap().to_string())
        .unwrap();
    Some((html, error))
}
