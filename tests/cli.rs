//! The command line, run as a user runs it: the built binary, files in a temporary folder.

mod cli_support;

use cli_support::{run, stderr, stdout};

/// `ppstudio rules eval` on `input` (JSON Lines); it must succeed; its output lines, read.
fn rules_eval(input: &str) -> Vec<Value> {
    cli_support::rules_eval(input, &[])
        .iter()
        .map(|l| serde_json::from_str(l).expect("JSON lines"))
        .collect()
}

use std::path::{Path, PathBuf};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn default_project() -> PathBuf {
    root().join("assets/default-project.json")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn help_lists_every_subcommand_with_one_line() {
    let o = run(&["--help"]);
    assert!(o.status.success());
    let text = stdout(&o);
    for sub in ["check", "export", "import", "fmt", "schema", "rules"] {
        assert!(
            text.lines().any(|l| l.trim_start().starts_with(sub)),
            "{sub} missing in:\n{text}"
        );
    }
}

#[test]
fn check_the_default_project_has_no_errors() {
    let o = run(&["check", path(&default_project())]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains(": 0 errors, 0 warnings,"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn check_lists_errors_first_then_warnings_then_infos() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.ppstudio.json");
    std::fs::write(
        &file,
        r#"{"format": "ppstudio-project", "version": 1, "steps": [
            {"name": "A", "trigger": {"on": "first_login"}, "fields": []},
            {"name": "B", "trigger": {"on": "first_login"}, "fields": [
              {"type": "string", "name": "website", "display": "Site", "rules": "valid_url"}]},
            {"name": "C", "trigger": {"on": "login_count", "count": 0}, "fields": [
              {"type": "string", "name": "cf_X", "display": "X", "rules": "min_length[6###x]"}]}]}"#,
    )
    .unwrap();
    let rank = |s: &str| ["error", "warning", "info"].iter().position(|w| *w == s);
    let o = run(&["check", path(&file)]);
    let text = stdout(&o);
    let severities: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("  fix:") && !l.starts_with(path(&file)))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        severities,
        [
            "error", "error", "warning", "warning", "warning", "warning", "info"
        ],
        "{text}"
    );
    // Within a severity the place order stays: step C's trigger before its field's rules.
    let first = text.lines().next().unwrap();
    assert!(first.starts_with("error: C › trigger:"), "{text}");
    // The fix line stays under its problem.
    assert!(
        text.lines()
            .nth(2)
            .unwrap()
            .starts_with("  fix: min_length[6]"),
        "{text}"
    );

    let o = run(&["check", path(&file), "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let ranks: Vec<usize> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| rank(p["severity"].as_str().unwrap()).unwrap())
        .collect();
    assert_eq!(ranks, [0, 0, 1, 1, 1, 1, 2], "{v:#}");
}

#[test]
fn check_reports_errors_with_exit_1_and_json_output() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.ppstudio.json");
    std::fs::write(
        &file,
        r#"{"format": "ppstudio-project", "version": 1, "steps": [
            {"name": "A", "trigger": {"on": "login_count", "count": 0}, "fields": [
              {"type": "option", "name": "gender", "display": "Gender", "rules": "Required|min_length[6###x]"}]},
            {"name": "A", "fields": []}]}"#,
    )
    .unwrap();
    let o = run(&["check", path(&file)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("error: A › name: Two steps are named \"A\""),
        "{text}"
    );
    assert!(
        text.contains("error: A › trigger: The step \"A\" fires on login number 0"),
        "{text}"
    );
    assert!(
        text.contains("warning: A › fields: The step \"A\" has no fields"),
        "{text}"
    );

    let o = run(&["check", path(&file), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let problems = v["problems"].as_array().unwrap();
    let codes: Vec<&str> = problems
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    for code in [
        "duplicate-step-name",
        "invalid-trigger",
        "no-options",
        "unknown-rule",
        "length-parameter",
        "not-in-catalog",
    ] {
        assert!(codes.contains(&code), "{code} not in {codes:?}");
    }
    let unknown = problems
        .iter()
        .find(|p| p["code"] == "unknown-rule")
        .unwrap();
    assert_eq!(unknown["step"], "A");
    assert_eq!(unknown["field"], "gender");
    assert_eq!(unknown["key"], "rules");
    assert_eq!(unknown["severity"], "error");
    assert!(v["summary"]["error"].as_u64().unwrap() >= 4);
}

#[test]
fn export_then_import_keeps_every_step_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let exported = dir.path().join("steps.json");
    let o = run(&["export", path(&default_project()), "-o", path(&exported)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&std::fs::read(&exported).unwrap()).unwrap();
    let steps = v["ProfilingSteps"].as_array().unwrap();
    let names: Vec<&str> = steps.iter().map(|s| s["Step"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["First Login", "Third Login", "Pricing Page", "Upgrade CTA"]
    );
    assert_eq!(steps[1]["Schema"][0]["name"], "gender");
    assert!(
        steps[1]["Schema"][0].get("group").is_none(),
        "export writes platform fields only"
    );

    let project = dir.path().join("back.ppstudio.json");
    let o = run(&["import", path(&exported), "-o", path(&project)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let again = dir.path().join("again.json");
    assert!(
        run(&["export", path(&project), "-o", path(&again)])
            .status
            .success()
    );
    let a: Value = serde_json::from_slice(&std::fs::read(&again).unwrap()).unwrap();
    assert_eq!(a, v, "export(import(export(p))) == export(p)");
}

#[test]
fn export_of_a_project_with_errors_writes_and_says_each_error_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.ppstudio.json");
    std::fs::write(
        &file,
        r#"{"format": "ppstudio-project", "version": 1, "steps": [
            {"name": "C", "trigger": {"on": "login_count", "count": 0}, "fields": [
              {"type": "string", "name": "cf_X", "display": "X", "rules": "min_length[6###x]"}]}]}"#,
    )
    .unwrap();
    let out = dir.path().join("steps.json");
    let o = run(&["export", path(&file), "-o", path(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.exists());
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with("warning: exported with 2 errors: C › trigger: The step \"C\""),
        "{err}"
    );
    assert!(
        lines[1].starts_with("warning: exported with 2 errors: C › cf_X › rules: "),
        "{err}"
    );
    // A project without errors exports in silence.
    let o = run(&["export", path(&default_project()), "-o", path(&out)]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stderr(&o), "");
}

#[test]
fn the_domain_examples_import_and_export_to_the_same_values() {
    let file = root().join("tests/data/domain-steps.json");
    let o = run(&["import", path(&file)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.ppstudio.json");
    std::fs::write(&project, &o.stdout).unwrap();
    let o = run(&["export", path(&project)]);
    let back: Value = serde_json::from_slice(&o.stdout).unwrap();
    let original: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(back, original);

    let reg = root().join("tests/data/domain-registration.json");
    let o = run(&["import", path(&reg)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        p["catalog"][1]["type"], "checkbox",
        "checkbox is kept as written (the platform renders it as a text box)"
    );
    // The registration form too, and it exports back as it came.
    assert_eq!(p["registration"], original_registration(&reg));
    std::fs::write(&project, &o.stdout).unwrap();
    let o = run(&["export", "--registration", path(&project)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let back: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(back, original_registration(&reg));
    assert_eq!(p["catalog"][1]["group"], "custom");
    assert_eq!(p["catalog"][1]["tooltip"], "kept");
}

#[test]
fn fmt_rewrites_in_canonical_form_and_check_mode_reports() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.ppstudio.json");
    std::fs::write(
        &file,
        r#"{"steps":[],"version":1,"format":"ppstudio-project","x":[1]}"#,
    )
    .unwrap();
    let o = run(&["fmt", "--check", path(&file)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(run(&["fmt", path(&file)]).status.success());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with("{\n  \"format\": \"ppstudio-project\",\n  \"version\": 1,"),
        "{text}"
    );
    assert!(text.ends_with("  \"x\": [\n    1\n  ]\n}\n"), "{text}");
    assert_eq!(run(&["fmt", "--check", path(&file)]).status.code(), Some(0));
    // The default project is canonical already.
    assert_eq!(
        run(&["fmt", "--check", path(&default_project())])
            .status
            .code(),
        Some(0)
    );
}

#[cfg(unix)]
#[test]
fn fmt_and_export_keep_a_files_mode_and_its_symlink_and_new_files_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("shared");
    std::fs::create_dir(&real).unwrap();
    let file = real.join("p.ppstudio.json");
    std::fs::write(
        &file,
        r#"{"steps":[],"version":1,"format":"ppstudio-project"}"#,
    )
    .unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o664)).unwrap();
    let link = dir.path().join("p.ppstudio.json");
    std::os::unix::fs::symlink("shared/p.ppstudio.json", &link).unwrap();
    assert!(run(&["fmt", path(&link)]).status.success());
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(mode(&file), 0o664);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("{\n  \"format\"")
    );
    // A new output file: the mode any new file of this process's umask gets.
    let reference = dir.path().join("reference");
    std::fs::write(&reference, b"").unwrap();
    let out = dir.path().join("steps.json");
    assert!(
        run(&["export", path(&link), "-o", path(&out)])
            .status
            .success()
    );
    assert_eq!(mode(&out), mode(&reference));
}

#[test]
fn the_committed_schema_is_what_the_binary_prints() {
    let o = run(&["schema"]);
    assert!(o.status.success());
    let committed =
        std::fs::read_to_string(root().join("assets/ppstudio-project.schema.json")).unwrap();
    assert_eq!(
        stdout(&o),
        committed,
        "assets/ppstudio-project.schema.json is stale: run `cargo run -- schema > assets/ppstudio-project.schema.json`"
    );
}

#[test]
fn the_default_project_validates_against_the_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("assets/ppstudio-project.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let project: Value =
        serde_json::from_slice(&std::fs::read(default_project()).unwrap()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&project)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // And the schema does say no to a broken file.
    let broken = serde_json::json!({"format": "ppstudio-project", "version": 1,
        "steps": [{"name": "x", "trigger": {"on": "login_count", "count": 0}}]});
    assert!(!validator.is_valid(&broken));
}

/// Runs a command on bad input and checks the contract: exit 2, one line on stderr naming the
/// file, line and column, nothing on stdout, and the output file untouched.
fn assert_refused(bytes: &[u8], subcommand: &str, expect: &str) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let input = dir.path().join("bad.json");
    std::fs::write(&input, bytes).expect("the input is written");
    let output = dir.path().join("out.json");
    std::fs::write(&output, "previous contents\n").expect("the output is written");
    let o = run(&[subcommand, path(&input), "-o", path(&output)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{subcommand} on {expect}: {err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    let prefix = format!("error: {}:", input.display());
    assert!(err.starts_with(&prefix), "{err}");
    let rest = &err[prefix.len()..];
    let mut parts = rest.splitn(3, ':');
    let line: usize = parts
        .next()
        .expect("a line number")
        .parse()
        .unwrap_or_else(|_| panic!("line in {err}"));
    let column: usize = parts
        .next()
        .expect("a column number")
        .parse()
        .unwrap_or_else(|_| panic!("column in {err}"));
    assert!(line >= 1 && column >= 1);
    assert!(err.contains(expect), "expected {expect:?} in {err}");
    assert!(o.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&output).expect("the output is read"),
        "previous contents\n"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("the folder is listed")
        .map(|e| e.expect("a folder entry").file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "no temporary file left: {leftovers:?}");
}

#[test]
fn bad_project_files_are_refused_cleanly() {
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"not json".to_vec(), ":1:2: This file is not JSON"),
        (b"".to_vec(), "empty"),
        (
            b"\xEF\xBB\xBF{\"format\": \"ppstudio-project\", \"version\": 1}".to_vec(),
            "byte-order mark",
        ),
        (
            b"{\"format\": \"ppstudio-project\", \"version\": 1, \"name\": \"\xC3\x28\"}".to_vec(),
            "UTF-8",
        ),
        (
            br#"{"format": "ppstudio-project", "version": 1, "steps": {"a": 1}}"#.to_vec(),
            ":1:54: Expected a list [...] here, not an object",
        ),
        (
            br#"{"format": "ppstudio-project", "version": 1, "steps": [{"fields": []}]}"#.to_vec(),
            "required key `name`",
        ),
        (
            br#"{"format": "ppstudio-project", "version": 7}"#.to_vec(),
            "unknown format version 7",
        ),
        (
            "[".repeat(200_000).into_bytes(),
            ":1:1: A ppstudio project (a JSON object with \"format\": \"ppstudio-project\") is \
             needed here, not a list",
        ),
        (
            format!(
                "{{\"format\": \"ppstudio-project\", \"version\": 1, \"x\": {}",
                "[".repeat(200_000)
            )
            .into_bytes(),
            "nested too deeply",
        ),
    ];
    for (bytes, expect) in &cases {
        assert_refused(bytes, "export", expect);
    }
}

#[test]
fn bad_platform_files_are_refused_cleanly() {
    assert_refused(
        b"{\"ProfilingSteps\": [{\"Step\": 1}]}",
        "import",
        ":1:30: Expected a text in double quotes here, not a number (1)",
    );
    assert_refused(
        b"{\"ProfilingSteps\": [{\"Step\": \"a\"}]}",
        "import",
        "`Schema`",
    );
    assert_refused(
        b"{\"format\": \"ppstudio-project\", \"version\": 1}",
        "import",
        "not a platform document",
    );
    assert_refused(b"\n\n", "import", "empty");
    assert_refused(
        &"[".repeat(5000).into_bytes(),
        "import",
        ":1:1: A field must be an object ({\"type\": ..., \"name\": ..., ...}), not a list",
    );
    assert_refused(
        format!("{{\"ProfilingSteps\": [], \"x\": {}", "[".repeat(5000)).as_bytes(),
        "import",
        "nested too deeply",
    );
}

#[test]
fn a_100_megabyte_file_is_refused_without_reading_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.json");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(100 * 1024 * 1024).unwrap();
    for sub in ["export", "import", "check"] {
        let o = run(&[sub, path(&big)]);
        assert_eq!(o.status.code(), Some(2));
        let err = stderr(&o);
        assert!(
            err.starts_with(&format!("error: {}:1:1: the file is", big.display())),
            "{err}"
        );
        assert!(err.contains("up to 64 MB"), "{err}");
    }
}

#[test]
fn a_missing_file_is_reported() {
    let o = run(&["check", "/no/such/file.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("error: /no/such/file.json: cannot read:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn rules_eval_runs_every_browser_example() {
    let cases = std::fs::read_to_string(root().join("tests/data/rules-examples.jsonl")).unwrap();
    let lines = rules_eval(&cases);
    let cases: Vec<Value> = cases
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), cases.len());
    let mut failures = Vec::new();
    for (case, got) in cases.iter().zip(&lines) {
        if *got != case["expect"] {
            failures.push(format!(
                "{}: expected {} got {}",
                case["id"], case["expect"], got
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(cases.len() >= 156);
}

#[test]
fn rules_eval_reports_a_bad_line_and_goes_on() {
    let lines =
        rules_eval("not json\n{\"rules\": \"required\", \"display\": \"Name\", \"value\": \"\"}\n");
    assert!(lines[0]["error"].is_string());
    assert_eq!(lines[1]["message"], "The Name field is required.");
}

#[test]
fn a_pathological_regex_neither_hangs_eval_nor_goes_unreported() {
    let value = format!("{}!", "a".repeat(40));
    let case = serde_json::json!({
        "rules": "callback_custom_validation[^(a+)+$###Only a]", "display": "Code", "value": value
    });
    let verdict = rules_eval(&format!("{case}\n")).remove(0);
    assert_eq!(
        verdict["valid"], false,
        "the value does not match: {verdict}"
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.ppstudio.json");
    std::fs::write(
        &file,
        r#"{"format": "ppstudio-project", "version": 1, "steps": [{"name": "A", "trigger": {"on": "first_login"},
            "fields": [{"type": "string", "name": "cf_Code", "display": "Code", "rules": "callback_custom_validation[^(a+)+$###Only a]"}]}]}"#,
    )
    .unwrap();
    let o = run(&["check", path(&file), "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        v["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["code"] == "slow-regex" && p["field"] == "cf_Code"),
        "{v:#}"
    );
}

/// The registration form of a registration document (an array, or its RegistrationFormSchema).
fn original_registration(file: &Path) -> Value {
    let v: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    match v {
        Value::Object(mut m) => m.remove("RegistrationFormSchema").unwrap_or_default(),
        other => other,
    }
}
