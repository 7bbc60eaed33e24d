use serde_json::{Map, Value, json};

use super::*;
use crate::asked::{FieldState, decide_step};
use crate::project::Project;

fn examples() -> Vec<Map<String, Value>> {
    include_str!("../../tests/data/skip-examples.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            v["profile"].as_object().unwrap().clone()
        })
        .collect()
}

fn run(project: &Project, input: &[u8], threads: usize) -> Result<Forecast, AudienceError> {
    Audience::new(project).run(input, &RunOptions { threads }, None)
}

/// The counts, profile by profile, with the core rule over parsed profiles.
fn expected(project: &Project, profiles: &[Map<String, Value>]) -> Vec<StepCounts> {
    project
        .steps
        .iter()
        .map(|step| {
            let mut c = StepCounts {
                step: step.name.clone(),
                form: 0,
                consent: 0,
                nothing: 0,
                fields: step.fields.iter().map(|f| (f.name.clone(), 0)).collect(),
            };
            for p in profiles {
                let d = decide_step(step, p, &project.settings);
                match d.shows {
                    Shows::Form(_) => {
                        c.form += 1;
                        for (i, f) in d.fields.iter().enumerate() {
                            c.fields[i].1 += u64::from(f.state == FieldState::Kept);
                        }
                    }
                    Shows::Consent(_) => c.consent += 1,
                    Shows::Nothing(_) => c.nothing += 1,
                }
            }
            c
        })
        .collect()
}

#[test]
fn counts_are_the_core_rule_summed_over_profiles_on_one_or_two_threads() {
    let profiles = examples();
    let mut project = Project::default_project();
    // Every example's step too, so every rule is counted.
    for line in include_str!("../../tests/data/skip-examples.jsonl")
        .lines()
        .take(40)
    {
        let v: Value = serde_json::from_str(line).unwrap();
        let doc = json!({ "ProfilingSteps": [v["step"].clone()] });
        let imported = crate::loginradius::import(doc.to_string().as_bytes()).unwrap();
        project.steps.extend(imported.project.steps);
    }
    let mut lines = String::new();
    // Many copies, so that the input is cut into several pieces.
    for _ in 0..60 {
        for p in &profiles {
            lines.push_str(&serde_json::to_string(p).unwrap());
            lines.push('\n');
        }
    }
    let mut want = expected(&project, &profiles);
    for c in &mut want {
        c.form *= 60;
        c.consent *= 60;
        c.nothing *= 60;
        for f in &mut c.fields {
            f.1 *= 60;
        }
    }
    for threads in [1, 2] {
        let got = run(&project, lines.as_bytes(), threads).unwrap();
        assert_eq!(got.profiles, 60 * profiles.len() as u64);
        assert_eq!(got.skipped, 0);
        assert_eq!(got.layout, Layout::Lines);
        assert_eq!(got.steps, want, "{threads} threads");
    }
    // The same profiles as one JSON array, pretty-printed.
    let array = serde_json::to_string_pretty(&profiles).unwrap();
    let got = run(&project, array.as_bytes(), 2).unwrap();
    assert_eq!(got.layout, Layout::Array);
    assert_eq!(got.steps, expected(&project, &profiles));
}

#[test]
fn lines_that_are_not_profiles_are_skipped_and_named() {
    let project = Project::default_project();
    let input = concat!(
        "{\"Provider\": \"Email\", \"FirstName\": \"Asha\"}\n",
        "not json\n",
        "\n",
        "   \r\n",
        "[1, 2]\n",
        "{\"Provider\": \"Email\", \"FirstName\": \n",
        "{\"Provider\": \"facebook\"}\r\n",
        "\"text\"",
    );
    let f = run(&project, input.as_bytes(), 2).unwrap();
    assert_eq!((f.profiles, f.skipped), (2, 4));
    let lines: Vec<(u64, u64)> = f.skipped_lines.iter().map(|s| (s.line, s.column)).collect();
    assert_eq!(lines, [(2, 1), (5, 1), (6, 36), (8, 1)]);
    assert!(
        f.skipped_lines[1]
            .message
            .contains("an array, not a profile")
    );
    assert!(
        f.skipped_lines[2].message.contains("EOF"),
        "{:?}",
        f.skipped_lines[2]
    );
    // The facebook consumer is sent to re-consent by Third Login (its Scopes entry).
    assert_eq!(f.steps[1].consent, 1);
    let text = to_text(&f, "p.jsonl");
    assert!(text.contains("line 2, column 1:"), "{text}");
    assert!(text.contains("4 lines skipped"), "{text}");
}

#[test]
fn an_array_that_is_not_json_cannot_be_used_and_says_where() {
    let project = Project::default_project();
    let input = b"[\n  {\"Provider\": \"Email\"},\n  {\"a\": tru}\n]";
    match run(&project, input, 2) {
        Err(AudienceError::Syntax { line, column, .. }) => assert_eq!((line, column), (3, 9)),
        other => panic!("{other:?}"),
    }
    // An element that is JSON but not an object is skipped.
    let f = run(&project, b"[{\"Provider\": \"Email\"}, 5, null]", 1).unwrap();
    assert_eq!((f.profiles, f.skipped), (1, 2));
    assert_eq!(f.skipped_lines[0].column, 25);
    match run(&project, b"[{}, {}", 1) {
        Err(AudienceError::Syntax { message, .. }) => assert!(message.contains("EOF")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn next_login_fires_the_steps_of_login_count_plus_one_in_project_order() {
    let project = Project::from_bytes(
        json!({
            "format": "ppstudio-project", "version": 1, "name": "t",
            "settings": {"askOptionalFieldsOnProgressiveSteps": true},
            "catalog": [],
            "steps": [
                {"name": "A", "trigger": {"on": "first_login"},
                 "fields": [{"type": "string", "name": "firstname", "display": "First"}]},
                {"name": "B", "trigger": {"on": "login_count", "count": 3},
                 "fields": [{"type": "string", "name": "company", "display": "Company"}]},
                {"name": "C", "trigger": {"on": "login_count", "count": 3},
                 "fields": [{"type": "string", "name": "company", "display": "Company"},
                            {"type": "string", "name": "jobtitle", "display": "Job"}]},
                {"name": "D", "trigger": {"on": "page_visit", "path": "/x"},
                 "fields": [{"type": "string", "name": "city", "display": "City"}]}
            ]
        })
        .to_string()
        .as_bytes(),
    )
    .unwrap();
    let input = [
        // First login: A asks firstname.
        r#"{"Provider": "Email", "NoOfLogins": 0}"#,
        // Third login: B asks company, then C asks only jobtitle (company was just given).
        r#"{"Provider": "Email", "NoOfLogins": 2}"#,
        // Third login, company known: B shows nothing, C asks jobtitle.
        r#"{"Provider": "Email", "noOfLogins": 2.0, "Company": "Acme"}"#,
        // Fifth login: nothing fires.
        r#"{"Provider": "Email", "NoOfLogins": 4}"#,
        // No usable count.
        r#"{"Provider": "Email", "NoOfLogins": "2"}"#,
        r#"{"Provider": "Email", "NoOfLogins": 1.5}"#,
        r#"{"Provider": "Email"}"#,
        // Third login, all known: both fire and show nothing.
        r#"{"Provider": "Email", "NoOfLogins": 2, "Company": "A", "JobTitle": "B"}"#,
    ]
    .join("\n");
    let f = run(&project, input.as_bytes(), 1).unwrap();
    let n = &f.next_login;
    assert_eq!(n.profiles, 5);
    assert_eq!(n.without_login_count, 3);
    assert_eq!(n.no_step_fires, 1);
    assert_eq!(n.shown_nothing, 1);
    let names: Vec<&str> = n.steps.iter().map(|s| s.counts.step.as_str()).collect();
    assert_eq!(names, ["A", "B", "C"]);
    let [a, b, c] = [&n.steps[0], &n.steps[1], &n.steps[2]];
    assert_eq!((a.fires, a.counts.form, a.counts.fields[0].1), (1, 1, 1));
    assert_eq!((b.fires, b.counts.form, b.counts.nothing), (3, 1, 2));
    assert_eq!((c.fires, c.counts.form, c.counts.nothing), (3, 2, 1));
    assert_eq!(
        c.counts.fields,
        [("company".into(), 0), ("jobtitle".into(), 2)]
    );
    // "Now" counts ignore the triggers: C asks company of the three without it.
    assert_eq!(f.steps[2].fields[0].1, 6);
    let v = to_json(&f);
    assert_eq!(v["next_login"]["steps"][2]["fires"], 3);
    assert_eq!(v["steps"][1]["fields"]["company"], 6);
}

#[test]
fn a_run_can_be_cancelled() {
    let project = Project::default_project();
    let mut input = Vec::new();
    generate::write_lines(20_000, 3, &mut input).unwrap();
    let progress = Progress::default();
    progress.cancel();
    let r = Audience::new(&project).run(&input[..], &RunOptions::default(), Some(&progress));
    assert!(matches!(r, Err(AudienceError::Cancelled)), "{r:?}");
    let progress = Progress::default();
    let f = Audience::new(&project)
        .run(&input[..], &RunOptions::default(), Some(&progress))
        .unwrap();
    assert_eq!(f.profiles, 20_000);
    assert_eq!(progress.profiles(), 20_000);
    assert_eq!(progress.bytes(), input.len() as u64);
}

#[test]
fn the_key_ignores_labels_and_follows_names_and_settings() {
    let a = Project::default_project();
    let mut b = a.clone();
    b.steps[0].fields[0].display = "Something else".into();
    assert_eq!(Key::of(&a), Key::of(&b));
    b.steps[0].fields[0].name = "company".into();
    assert_ne!(Key::of(&a), Key::of(&b));
    let mut c = a.clone();
    c.settings.ask_optional_fields = false;
    assert_ne!(Key::of(&a), Key::of(&c));
}

#[test]
fn a_line_that_is_not_utf8_is_named_and_the_rest_of_its_piece_is_decided() {
    // The piece is checked as UTF-8 at once; one bad line sends it line by line, and only
    // that line is skipped, at the byte where the fault is.
    let project = Project::default_project();
    let good = [
        r#"{"Provider": "Email", "FIRSTNAME": "Asha", "firstname": "", "BirthDate": "01-02"}"#,
        r#"{"Provider": "Email", "\u0046irstName": "", "FirstName": "Bo", "Gender": "M"}"#,
        r#"{"Provider": "Email", "Fïrstname": "x", "PhoneId": "+1", "Ünrelated": "é"}"#,
        r#"{"Provider": "facebook", "LASTNAME": "Lee"}"#,
    ];
    let mut input = Vec::new();
    for g in &good {
        input.extend_from_slice(g.as_bytes());
        input.push(b'\n');
    }
    input.extend_from_slice(b"{\"Provider\": \"Email\", \"City\": \"Pun\xFF\"}\n");
    input.extend_from_slice(good[0].as_bytes());
    input.push(b'\n');
    let profiles: Vec<Map<String, Value>> = good
        .iter()
        .chain(&good[..1])
        .map(|g| serde_json::from_str(g).unwrap())
        .collect();
    for threads in [1, 2] {
        let f = run(&project, &input, threads).unwrap();
        assert_eq!((f.profiles, f.skipped), (5, 1));
        assert_eq!(
            (f.skipped_lines[0].line, f.skipped_lines[0].column),
            (5, 35)
        );
        assert!(f.skipped_lines[0].message.contains("UTF-8"));
        assert_eq!(f.steps, expected(&project, &profiles));
        // Without the bad line the piece is read whole: the same counts.
        let clean: Vec<u8> = input
            .split(|&b| b == b'\n')
            .filter(|l| std::str::from_utf8(l).is_ok())
            .flat_map(|l| l.iter().copied().chain([b'\n']))
            .collect();
        let g = run(&project, &clean, threads).unwrap();
        assert_eq!((g.profiles, g.skipped), (5, 0));
        assert_eq!(g.steps, f.steps);
    }
}

/// The profile page's counts are the profile page of each consumer (asked::editor), added up:
/// the fast reading of the forecast and the preview's reading give one answer.
#[test]
fn profile_page_counts_are_each_consumer_s_profile_page_added_up() {
    let mut project = Project::default_project();
    let names = [
        "emailid",
        "password",
        "firstname",
        "lastname",
        "country",
        "phoneid",
    ];
    project.registration = Some(
        names
            .iter()
            .map(|n| project.catalog_field(n).unwrap().field.duplicate())
            .collect(),
    );
    project.settings.show_in_editor = true;
    let mut text = Vec::new();
    crate::audience::generate::write_lines(3000, 7, &mut text).unwrap();
    let f = Audience::new(&project)
        .run(&text[..], &RunOptions { threads: 2 }, None)
        .unwrap();
    let page = f.profile_page.expect("a profile page");
    let mut editable = vec![0u64; page.len()];
    let mut listed = vec![0u64; page.len()];
    for line in text.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
        let profile = crate::asked::profile::parse_profile(line).unwrap();
        let p = crate::asked::editor::project_page(&project, &profile).unwrap();
        let on_page: Vec<_> = p
            .fields
            .iter()
            .filter(|x| {
                !matches!(
                    x.fate,
                    crate::asked::editor::Fate::EditorOff | crate::asked::editor::Fate::Shadowed(_)
                )
            })
            .collect();
        assert_eq!(on_page.len(), page.len());
        for (i, x) in on_page.iter().enumerate() {
            editable[i] += u64::from(x.in_editor);
            listed[i] += u64::from(x.in_viewer);
        }
    }
    assert_eq!(
        page.iter().map(|p| p.editable).collect::<Vec<_>>(),
        editable
    );
    assert_eq!(page.iter().map(|p| p.read_only).collect::<Vec<_>>(), listed);
    assert!(listed.iter().any(|n| *n > 0 && *n < 3000), "{listed:?}");
    // Without a registration form and with showInEditor off there is no page to count.
    let plain = Audience::new(&Project::default_project())
        .run(&text[..], &RunOptions::default(), None)
        .unwrap();
    assert!(plain.profile_page.is_none());
}
