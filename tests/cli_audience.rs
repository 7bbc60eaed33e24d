//! `ppstudio audience`, run as a user runs it: the built binary over files and standard input,
//! exit codes 0 and 2, skipped lines named, no progress bar when standard error is not a
//! terminal.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use ppstudio::asked::{Shows, decide_step};
use ppstudio::project::Project;
use serde_json::{Map, Value};

fn project_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/default-project.json")
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ppstudio"))
        .arg("audience")
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(bytes) = stdin {
        let mut input = child.stdin.take().expect("stdin");
        // A run that stops early (an unusable project) may exit before reading its input.
        if let Err(e) = input.write_all(bytes) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
        }
    }
    child.wait_with_output().expect("the binary ends")
}

fn profiles() -> Vec<Map<String, Value>> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/skip-examples.jsonl"),
    )
    .expect("the examples");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("json");
            v["profile"].as_object().expect("a profile").clone()
        })
        .collect()
}

fn jsonl(profiles: &[Map<String, Value>]) -> String {
    profiles
        .iter()
        .map(|p| serde_json::to_string(p).expect("json") + "\n")
        .collect()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn json_output_has_the_documented_keys_and_the_core_rules_counts() {
    let dir = tempfile::tempdir().expect("tmp");
    let profiles = profiles();
    let file = dir.path().join("p.jsonl");
    std::fs::write(&file, jsonl(&profiles)).expect("write");
    let out = run(&[s(&project_path()), s(&file), "--format", "json"], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty(), "no progress bar when piped");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["profiles"], profiles.len());
    assert_eq!(v["skipped"], 0);
    let project = Project::from_bytes(&std::fs::read(project_path()).expect("read"))
        .expect("the default project");
    let steps = v["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), project.steps.len());
    for (step, got) in project.steps.iter().zip(steps) {
        let (mut form, mut consent, mut nothing) = (0, 0, 0);
        let mut fields = vec![0u64; step.fields.len()];
        for p in &profiles {
            let d = decide_step(step, p, &project.settings);
            match d.shows {
                Shows::Form(_) => {
                    form += 1;
                    for i in d.form_fields() {
                        fields[i] += 1;
                    }
                }
                Shows::Consent(_) => consent += 1,
                Shows::Nothing(_) => nothing += 1,
            }
        }
        assert_eq!(got["step"], step.name.as_str());
        assert_eq!(
            (
                got["form"].clone(),
                got["consent"].clone(),
                got["nothing"].clone()
            ),
            (form.into(), consent.into(), nothing.into()),
            "{}",
            step.name
        );
        for (f, n) in step.fields.iter().zip(&fields) {
            assert_eq!(got["fields"][&f.name], *n, "{} {}", step.name, f.name);
        }
    }
    let next = &v["next_login"];
    for key in [
        "profiles",
        "without_login_count",
        "no_step_fires",
        "shown_nothing",
        "steps",
    ] {
        assert!(next.get(key).is_some(), "next_login.{key}");
    }
    // The same profiles as one JSON array on standard input: the same counts.
    let array = serde_json::to_string_pretty(&profiles).expect("json");
    let out2 = run(
        &[s(&project_path()), "-", "--format", "json"],
        Some(array.as_bytes()),
    );
    assert_eq!(out2.status.code(), Some(0));
    let v2: Value = serde_json::from_slice(&out2.stdout).expect("JSON");
    assert_eq!(v2["steps"], v["steps"]);
    assert_eq!(v2["next_login"], v["next_login"]);
}

#[test]
fn lines_that_are_not_profiles_are_named_and_the_run_goes_on() {
    let input = "{\"Provider\": \"Email\"}\nnot a profile\n[1]\n{\"Provider\": \"facebook\", \"NoOfLogins\": 2}\n";
    let out = run(&[s(&project_path()), "-"], Some(input.as_bytes()));
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("2 profiles read from -; 2 lines skipped"),
        "{text}"
    );
    assert!(text.contains("line 2, column 1: "), "{text}");
    assert!(
        text.contains("line 3, column 1: an array, not a profile"),
        "{text}"
    );
    assert!(text.contains("Third Login: fires for 1"), "{text}");
    let out = run(
        &[s(&project_path()), "-", "--format", "json"],
        Some(input.as_bytes()),
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["skipped"], 2);
    assert_eq!(v["skipped_lines"][0]["line"], 2);
    assert_eq!(
        v["steps"][1]["consent"], 1,
        "the facebook consumer re-consents"
    );
}

#[test]
fn unusable_inputs_exit_2_with_the_place() {
    let dir = tempfile::tempdir().expect("tmp");
    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        "[\n  {\"Provider\": \"Email\"},\n  {\"a\": tru}\n]",
    )
    .expect("write");
    let out = run(&[s(&project_path()), s(&broken)], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!("error: {}:3:9: ", broken.display())),
        "{err}"
    );
    assert!(out.stdout.is_empty());

    let csv = dir.path().join("p.csv");
    std::fs::write(&csv, "id,name\n1,Asha\n").expect("write");
    let out = run(&[s(&project_path()), s(&csv)], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!("error: {}:1:", csv.display())),
        "{err}"
    );
    assert!(err.contains("no line is a profile"), "{err}");

    let missing = dir.path().join("missing.jsonl");
    let out = run(&[s(&project_path()), s(&missing)], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with(&format!("error: {}: cannot read", missing.display()))
    );

    let not_project = dir.path().join("x.ppstudio.json");
    std::fs::write(&not_project, "{\"format\": ").expect("write");
    let out = run(&[s(&not_project), "-"], Some(b"{}\n"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with(&format!("error: {}:1:", not_project.display()))
    );
}

#[test]
fn an_empty_input_is_zero_profiles() {
    let out = run(&[s(&project_path()), "-", "--format", "json"], Some(b""));
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["profiles"], 0);
    assert_eq!(v["steps"][0]["form"], 0);
}

#[test]
fn generated_profiles_are_counted_alike_on_one_and_two_threads() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("g.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_ppstudio"))
        .args([
            "synthetic-profiles",
            "--count",
            "5000",
            "--seed",
            "4",
            "-o",
            s(&file),
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let one = run(
        &[
            s(&project_path()),
            s(&file),
            "--format",
            "json",
            "--threads",
            "1",
        ],
        None,
    );
    let two = run(
        &[
            s(&project_path()),
            s(&file),
            "--format",
            "json",
            "--threads",
            "2",
        ],
        None,
    );
    let (a, b): (Value, Value) = (
        serde_json::from_slice(&one.stdout).expect("JSON"),
        serde_json::from_slice(&two.stdout).expect("JSON"),
    );
    assert_eq!(a["profiles"], 5000);
    assert_eq!(a, b);
}
