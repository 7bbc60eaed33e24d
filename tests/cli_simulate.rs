//! `ppstudio simulate`, run as a user runs it: the built binary, real files, exit codes.

mod cli_support;

use cli_support::{run as ppstudio, stderr, stdout};

const DEFAULT: &str = "assets/default-project.json";

#[test]
fn the_formats_example_on_the_default_project_prints_the_documented_json() {
    let o = ppstudio(&[
        "simulate",
        DEFAULT,
        "tests/data/journey-formats-example.json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    assert_eq!(
        stdout(&o),
        r#"{
  "prompts": [
    {
      "event": 0,
      "step": "First Login",
      "fields": [
        "lastname",
        "phoneid"
      ]
    },
    {
      "event": 1,
      "step": "Pricing Page",
      "fields": [
        "company",
        "industry",
        "cf_CompanySize",
        "jobtitle"
      ]
    },
    {
      "event": 2,
      "step": "Upgrade CTA",
      "fields": [
        "cf_UseCase",
        "cf_TeamSize",
        "website",
        "cf_PreferredContact"
      ]
    }
  ],
  "never_fired": [
    "Third Login"
  ],
  "never_asked": [
    "firstname",
    "gender",
    "birthdate",
    "country"
  ]
}
"#
    );
}

#[test]
fn a_returning_customer_skips_optional_steps_and_known_custom_fields() {
    let o = ppstudio(&[
        "simulate",
        DEFAULT,
        "tests/data/journey-returning-customer.json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["prompts", "never_fired", "never_asked"]);
    let prompts: Vec<(u64, &str)> = v["prompts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["event"].as_u64().unwrap(), p["step"].as_str().unwrap()))
        .collect();
    // First Login: only the optional phoneid is left and optional fields are not asked.
    // The dismissed pricing prompt comes back; "/Pricing" does not match; the third login
    // does not ask the country: a flat "Unknown" string is a value to the platform (only
    // exactly "unknown" counts as empty, SKIP.md R2 then R10).
    assert_eq!(
        prompts,
        [
            (1, "Pricing Page"),
            (4, "Third Login"),
            (5, "Pricing Page"),
            (6, "Upgrade CTA")
        ]
    );
    assert_eq!(
        v["prompts"][1]["fields"],
        serde_json::json!(["gender", "birthdate"])
    );
    // CustomFields.companysize knows cf_CompanySize.
    assert_eq!(
        v["prompts"][0]["fields"],
        serde_json::json!(["company", "industry", "jobtitle"])
    );
    assert_eq!(v["never_fired"], serde_json::json!(["First Login"]));
    assert_eq!(
        v["never_asked"],
        serde_json::json!([
            "firstname",
            "lastname",
            "phoneid",
            "country",
            "cf_CompanySize"
        ])
    );
}

#[test]
fn journeys_kept_in_the_project_run_by_name() {
    let project = "tests/data/project-with-journeys.ppstudio.json";
    let o = ppstudio(&["simulate", project, "--journey", "new developer"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        v,
        serde_json::json!({
            "prompts": [ { "event": 0, "step": "Welcome", "fields": ["firstname"] },
                         { "event": 1, "step": "Docs", "fields": ["cf_Role"] } ],
            "never_fired": [], "never_asked": [] })
    );
    let o = ppstudio(&["simulate", project, "--journey", "known developer"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        v,
        serde_json::json!({ "prompts": [], "never_fired": ["Welcome", "Docs"],
                            "never_asked": ["firstname", "cf_Role"] })
    );
    // The project file with its journeys stays canonical: nothing is lost or reordered.
    let o = ppstudio(&["fmt", "--check", project]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn unusable_input_exits_2_with_one_located_line() {
    let cases: [(&[&str], &str); 6] = [
        (
            &["simulate", DEFAULT, "tests/data/journey-bad-event.json"],
            "error: tests/data/journey-bad-event.json:4:39: event 1: unknown event type \
             \"purchase\": expected \"login\", \"visit\", \"click\" or \"signup\"\n",
        ),
        (
            &[
                "simulate",
                "tests/data/project-with-journeys.ppstudio.json",
                "--journey",
                "typo",
            ],
            "error: tests/data/project-with-journeys.ppstudio.json:90:9: event 0 (visit) is \
             missing the required key `path`\n",
        ),
        (
            &[
                "simulate",
                "tests/data/project-with-journeys.ppstudio.json",
                "--journey",
                "nope",
            ],
            "error: tests/data/project-with-journeys.ppstudio.json: the project keeps no journey \
             named \"nope\"; it keeps \"new developer\", \"known developer\", \"typo\"\n",
        ),
        (
            &["simulate", DEFAULT, "--journey", "x"],
            "error: assets/default-project.json: the project keeps no journeys, so none named \
             \"x\"; give a journey file instead\n",
        ),
        (
            &["simulate", "tests/data/journey-bad-event.json", DEFAULT],
            "error: tests/data/journey-bad-event.json:",
        ),
        (
            &["simulate", DEFAULT, "tests/data/no-such-journey.json"],
            "error: tests/data/no-such-journey.json: cannot read:",
        ),
    ];
    for (args, expected) in cases {
        let o = ppstudio(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout(&o), "", "{args:?}");
        let err = stderr(&o);
        assert!(err.starts_with(expected), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
}

#[test]
fn a_journey_file_that_is_not_json_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.json");
    std::fs::write(
        &path,
        "{\n  \"events\": [\n    {\"type\": \"login\",}\n  ]\n}\n",
    )
    .unwrap();
    let o = ppstudio(&["simulate", DEFAULT, path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!("error: {}:3:", path.display())),
        "{err}"
    );
}

#[test]
fn a_journey_file_or_a_name_is_required_but_not_both() {
    let o = ppstudio(&["simulate", DEFAULT]);
    assert_eq!(o.status.code(), Some(2));
    let needs = "simulate needs a journey: give a journey file, or --journey NAME for one kept \
                 in the project";
    assert_eq!(stderr(&o), format!("error: {needs}\n"));
    // The help says the same, and shows JOURNEY as optional, as it is without --journey.
    let help = stdout(&ppstudio(&["simulate", "--help"])).replace("\n          ", " ");
    assert!(help.contains("<PROJECT> [JOURNEY]"), "{help}");
    assert!(help.contains(needs), "{help}");
    let o = ppstudio(&[
        "simulate",
        DEFAULT,
        "tests/data/journey-formats-example.json",
        "--journey",
        "x",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot be used with"), "{}", stderr(&o));
}

#[test]
fn format_text_says_the_studios_timeline_counting_events_from_1() {
    let project = "tests/data/project-with-journeys.ppstudio.json";
    let o = ppstudio(&[
        "simulate",
        project,
        "--journey",
        "new developer",
        "--format",
        "text",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("#1 "), "{text}");
    assert!(text.contains("  shows \"Welcome\": "), "{text}");
    assert!(text.contains("\n#2 "), "{text}");
    assert!(text.contains("  shows \"Docs\": "), "{text}");
    assert!(
        text.ends_with("Every step shows at least once.\nEvery field is asked at least once.\n"),
        "{text}"
    );
}
