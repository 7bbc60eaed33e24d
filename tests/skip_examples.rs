//! The 120 recorded outcomes of the platform's own JavaScript (`tests/data/skip-examples.jsonl`,
//! SKIP.md): each case run through the core function and through the real `ppstudio
//! simulate` binary (a project with the case's step, trigger first_login, the case's options as
//! the whole option set; a journey with the case's profile and one login).

use std::process::Command;

use ppstudio::asked::{self, Shows};
use ppstudio::loginradius;
use ppstudio::project::{Settings, SiteOption, Step};
use serde_json::{Map, Value, json};

struct Case {
    id: String,
    step: Value,
    profile: Map<String, Value>,
    options: Map<String, Value>,
    expect: Value,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/skip-examples.jsonl"),
    )
    .expect("the example file");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("a JSON line");
            Case {
                id: v["id"].as_str().expect("an id").to_string(),
                step: v["step"].clone(),
                profile: v["profile"].as_object().expect("a profile").clone(),
                options: v["options"].as_object().expect("options").clone(),
                expect: v["expect"].clone(),
            }
        })
        .collect()
}

/// Every option the case does not name is off: the case's options are the whole set.
fn whole_option_set(options: &Map<String, Value>) -> Map<String, Value> {
    SiteOption::ALL
        .into_iter()
        .map(|o| {
            let on = options
                .get(o.key())
                .and_then(Value::as_bool)
                .unwrap_or(false);
            (o.key().to_string(), Value::Bool(on))
        })
        .collect()
}

fn platform_step(case: &Case) -> Step {
    let doc = json!({ "ProfilingSteps": [case.step.clone()] });
    let imported =
        loginradius::import(doc.to_string().as_bytes()).expect("the case's step imports");
    imported.project.steps.into_iter().next().expect("one step")
}

#[test]
fn every_case_passes_through_the_core_function() {
    let cases = cases();
    assert_eq!(cases.len(), 120);
    let mut failures = Vec::new();
    for case in &cases {
        let step = platform_step(case);
        let mut settings = Settings::all_off();
        for (k, v) in whole_option_set(&case.options) {
            settings.read_key(k, v).expect("a boolean option");
        }
        let d = asked::decide_step(&step, &case.profile, &settings);
        let got = match d.shows {
            Shows::Form(_) => json!({
                "shows": "form",
                "fields": d.form_fields().iter().map(|&i| step.fields[i].name.clone()).collect::<Vec<_>>()
            }),
            Shows::Consent(i) => {
                let s = step.scopes[i]
                    .as_ref()
                    .expect("a matching entry is not null");
                json!({"shows": "consent", "provider": s.provider, "scopes": s.scopes})
            }
            Shows::Nothing(_) => json!({"shows": "nothing"}),
        };
        if got != case.expect {
            failures.push(format!("{}: got {got}, expected {}", case.id, case.expect));
        }
        // Every field has its sentence.
        assert!(d.reasons.iter().all(|r| !r.is_empty()), "{}", case.id);
        // Reading only the keys the rules read gives the same decisions.
        let compiled = asked::Compiled::new(std::iter::once(&step));
        let text = serde_json::to_string(&case.profile).expect("json");
        let mut slots = asked::raw::RawSlots::default();
        let read = compiled.scan(&text, &mut slots).expect("the profile reads");
        let mut fields = Vec::new();
        let shows = compiled.decide(0, &read, &settings, None, &mut fields);
        assert_eq!((shows, &fields), (d.shows, &d.fields), "{}", case.id);
    }
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_case_passes_through_ppstudio_simulate() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut failures = Vec::new();
    for case in cases() {
        let project = json!({
            "format": "ppstudio-project",
            "version": 1,
            "name": case.id,
            "settings": whole_option_set(&case.options),
            "catalog": [],
            "steps": [{
                "name": case.step["Step"],
                "trigger": {"on": "first_login"},
                "fields": case.step["Schema"],
                "scopes": case.step.get("Scopes").cloned().unwrap_or(json!([])),
            }],
        });
        let journey = json!({ "profile": case.profile, "events": [{"type": "login"}] });
        let project_path = dir.path().join(format!("{}.ppstudio.json", case.id));
        let journey_path = dir.path().join(format!("{}.journey.json", case.id));
        std::fs::write(&project_path, project.to_string()).expect("write the project");
        std::fs::write(&journey_path, journey.to_string()).expect("write the journey");
        let out = Command::new(env!("CARGO_BIN_EXE_ppstudio"))
            .arg("simulate")
            .arg(&project_path)
            .arg(&journey_path)
            .output()
            .expect("the binary runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            case.id,
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).expect("simulate prints JSON");
        let prompts = v["prompts"].as_array().expect("prompts");
        let ok = match case.expect["shows"].as_str() {
            Some("form") => {
                prompts.len() == 1
                    && prompts[0]["fields"] == case.expect["fields"]
                    && prompts[0].get("consent").is_none()
            }
            Some("consent") => {
                prompts.len() == 1
                    && prompts[0]["fields"] == json!([])
                    && prompts[0]["consent"]
                        == json!({"provider": case.expect["provider"], "scopes": case.expect["scopes"]})
            }
            Some("nothing") => prompts.is_empty(),
            other => panic!("{}: unknown expectation {other:?}", case.id),
        };
        if !ok {
            failures.push(format!(
                "{}: printed {}, expected {}",
                case.id, v["prompts"], case.expect
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
