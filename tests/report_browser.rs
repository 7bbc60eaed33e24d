//! The review page in a real browser: headless Chromium (Debian's `chromium`), driven by
//! playwright-core (`tests/glue/report.js`), with the network refused. The page must load
//! with no console error, no request and no script run; every form a browser builds from it
//! must be the platform's markup; headings in order, landmarks, tables with headers.
//!
//! Needs node, the npm packages of `tests/glue` and `/usr/bin/chromium` (the README's test
//! command installs them). When one is missing each test fails, unless
//! `PPSTUDIO_SKIP_NODE_TESTS=1` says skipping is allowed (CI never sets it).

mod cli_support;

use std::path::Path;
use std::process::Command;

use cli_support::{node_for, run};
use ppstudio::project::Project;
use ppstudio::report::markup::form_markup;
use serde_json::{Value, json};

fn chromium_for(test: &str) -> Option<()> {
    let present = Path::new("/usr/bin/chromium").exists();
    if present {
        return Some(());
    }
    assert!(
        std::env::var("PPSTUDIO_SKIP_NODE_TESTS").is_ok_and(|v| v == "1"),
        "{test}: /usr/bin/chromium is missing: install it (apt-get install chromium; the \
         README's test command does), or set PPSTUDIO_SKIP_NODE_TESTS=1 to skip"
    );
    None
}

/// Writes the review page of `project` (with `args`) and opens it in Chromium.
fn open(test: &str, project: &Value, args: &[&str]) -> Option<(Value, Project)> {
    let node = node_for(test)?;
    chromium_for(test)?;
    assert!(
        Path::new("tests/glue/node_modules/playwright-core").is_dir(),
        "{test}: run `npm ci --prefix tests/glue` (the README's test command does)"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.ppstudio.json");
    std::fs::write(&path, project.to_string()).unwrap();
    let page = dir.path().join("review.html");
    let mut all = vec![
        "report",
        path.to_str().unwrap(),
        "-o",
        page.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let o = run(&all);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let shots = std::env::var("PPSTUDIO_REPORT_SHOTS").ok();
    let mut cmd = Command::new(node);
    cmd.arg("tests/glue/report.js").arg(&page);
    if let Some(dir) = &shots {
        cmd.arg(dir);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{test}: the browser failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = Project::from_bytes(project.to_string().as_bytes()).unwrap();
    Some((seen, p))
}

fn translated() -> Value {
    let mut v: Value = serde_json::from_str(&Project::default_project().to_canonical()).unwrap();
    v["locales"] = json!({ "fr": {
        "labels": { "firstname": "Prénom", "lastname": "Nom de famille" },
        "placeholders": { "firstname": "Votre prénom" },
        "validationMessages": [ { "rule": "required", "message": "Le champ %s est obligatoire." } ],
        "buttonsName": { "progressiveprofiling": "Envoyer" } } });
    v
}

#[test]
fn the_page_loads_offline_with_no_error_no_request_and_the_platform_s_forms() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = dir.path().join("profiles.jsonl");
    let o = run(&[
        "synthetic-profiles",
        "--count",
        "500",
        "-o",
        profiles.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let deployed = dir.path().join("deployed.json");
    let mut old = Project::default_project();
    old.steps[0].fields[0].rules = "required|max_length[40]".into();
    std::fs::write(&deployed, ppstudio::loginradius::export_string(&old)).unwrap();
    let Some((seen, project)) = open(
        "offline page",
        &translated(),
        &[
            "--profiles",
            profiles.to_str().unwrap(),
            "--against",
            deployed.to_str().unwrap(),
        ],
    ) else {
        return;
    };
    assert_eq!(seen["console"], json!([]), "console messages");
    assert_eq!(seen["pageErrors"], json!([]));
    assert_eq!(seen["requests"], json!([]), "requests");
    assert_eq!(seen["dialogs"], 0);
    // The forms a browser builds from the page are the platform's, in every locale.
    let forms = seen["forms"].as_array().unwrap();
    assert_eq!(forms.len(), project.steps.len() * 2);
    for f in forms {
        let step = project
            .steps
            .iter()
            .find(|s| s.name == f["step"].as_str().unwrap())
            .unwrap();
        let locale = project.locales.get(f["locale"].as_str().unwrap());
        assert_eq!(
            f["html"].as_str().unwrap(),
            form_markup(step, locale, &project.settings),
            "{} {}",
            f["step"],
            f["locale"]
        );
    }
    // Accessible: one h1, no heading level skipped, landmarks, every table with headers.
    let levels: Vec<u64> = seen["headings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_u64().unwrap())
        .collect();
    assert_eq!(levels[0], 1);
    assert_eq!(levels.iter().filter(|l| **l == 1).count(), 1);
    assert!(levels.windows(2).all(|w| w[1] <= w[0] + 1), "{levels:?}");
    for l in ["header", "main", "nav", "footer"] {
        assert!(
            seen["landmarks"].as_array().unwrap().contains(&json!(l)),
            "{l}"
        );
    }
    assert_eq!(seen["tablesWithoutHeaders"], 0);
}

#[test]
fn labels_that_carry_scripts_or_fetch_run_nothing_and_fetch_nothing() {
    let mut v = translated();
    v["steps"][0]["fields"][0]["display"] = json!(
        "Name <script>alert(1)</script><img src=\"https://example.com/x.png\" onerror=\"alert(2)\">"
    );
    v["steps"][0]["fields"][1]["display"] = json!("x<y");
    let Some((seen, project)) = open("hostile labels", &v, &[]) else {
        return;
    };
    assert_eq!(seen["dialogs"], 0, "a script ran");
    assert_eq!(seen["requests"], json!([]), "something was fetched");
    assert_eq!(seen["pageErrors"], json!([]));
    // The markup is still the platform's (the script element is there; it does not run).
    let first = &seen["forms"][0];
    assert_eq!(
        first["html"].as_str().unwrap(),
        form_markup(&project.steps[0], None, &project.settings)
    );
    assert!(
        first["html"]
            .as_str()
            .unwrap()
            .contains("<script>alert(1)</script>")
    );
    assert!(first["html"].as_str().unwrap().contains(">x</label>"));
}
