use serde_json::{Value, json};

use super::*;
use crate::project::LoadError;

fn field(name: &str, rules: &str) -> Value {
    json!({ "type": "string", "name": name, "display": name, "rules": rules,
            "options": null, "permission": "w", "Checked": true, "Parent": "",
            "DataSource": null, "ParentDataSource": null })
}

fn step(name: &str, trigger: Value, fields: Vec<Value>) -> Value {
    json!({ "name": name, "trigger": trigger, "fields": fields, "scopes": [] })
}

fn project(ask_optional: bool, steps: Vec<Value>) -> Project {
    let doc = json!({ "format": "ppstudio-project", "version": 1, "name": "t",
        "settings": { "askOptionalFieldsOnProgressiveSteps": ask_optional },
        "catalog": [], "steps": steps });
    Project::from_bytes(doc.to_string().as_bytes()).unwrap()
}

fn journey(v: Value) -> Journey {
    Journey::from_bytes(v.to_string().as_bytes()).unwrap()
}

fn run(p: &Project, j: Value) -> Outcome {
    simulate(p, &journey(j))
}

fn prompt(event: usize, step: &str, fields: &[&str]) -> Prompt {
    Prompt {
        event,
        step: step.into(),
        fields: fields
            .iter()
            .map(std::string::ToString::to_string)
            .collect(),
        consent: None,
    }
}

fn login() -> Value {
    json!({ "type": "login" })
}

fn one_field_steps() -> Project {
    project(
        true,
        vec![
            step(
                "First",
                json!({"on": "first_login"}),
                vec![field("a", "required")],
            ),
            step(
                "Count1",
                json!({"on": "login_count", "count": 1}),
                vec![field("b", "")],
            ),
            step(
                "Third",
                json!({"on": "login_count", "count": 3}),
                vec![field("c", "")],
            ),
            step(
                "Pricing",
                json!({"on": "page_visit", "path": "/pricing*"}),
                vec![field("d", "")],
            ),
            step(
                "Cta",
                json!({"on": "cta_click", "target": "upgrade-cta"}),
                vec![field("e", "")],
            ),
            step("Manual", json!({"on": "manual"}), vec![field("f", "")]),
        ],
    )
}

#[test]
fn logins_count_from_one_first_login_and_login_count_one_fire_together() {
    let out = run(&one_field_steps(), json!({ "events": [login()] }));
    assert_eq!(
        out.prompts,
        vec![prompt(0, "First", &["a"]), prompt(0, "Count1", &["b"])]
    );
}

#[test]
fn login_count_n_fires_at_the_nth_login_only() {
    let p = one_field_steps();
    let out = run(&p, json!({ "events": [login(), login()] }));
    assert!(!out.prompts.iter().any(|p| p.step == "Third"));
    let out = run(
        &p,
        json!({ "events": [login(), login(), login(), login()] }),
    );
    let third: Vec<_> = out.prompts.iter().filter(|p| p.step == "Third").collect();
    assert_eq!(third, vec![&prompt(2, "Third", &["c"])]);
}

#[test]
fn visits_and_clicks_do_not_count_as_logins() {
    let p = one_field_steps();
    let out = run(
        &p,
        json!({ "events": [{"type": "visit", "path": "/"}, {"type": "click", "target": "x"},
                           login()] }),
    );
    assert_eq!(out.prompts[0], prompt(2, "First", &["a"]));
}

#[test]
fn first_login_fires_once_however_many_logins() {
    let p = one_field_steps();
    let j = json!({ "events": [login(), login(), login(), login(), login()],
                    "profile": {} });
    let out = run(&p, j);
    assert_eq!(out.prompts.iter().filter(|p| p.step == "First").count(), 1);
}

#[test]
fn visit_fires_page_steps_whose_pattern_matches_the_whole_path() {
    let p = one_field_steps();
    for (path, fires) in [
        ("/pricing", true),
        ("/pricing/teams", true),
        ("/pricing-2024", true),
        ("/Pricing", false),
        ("/en/pricing", false),
        ("/pric", false),
    ] {
        let out = run(&p, json!({ "events": [{"type": "visit", "path": path}] }));
        assert_eq!(!out.prompts.is_empty(), fires, "{path}");
    }
}

#[test]
fn click_fires_on_the_exact_target_only() {
    let p = one_field_steps();
    for (target, fires) in [
        ("upgrade-cta", true),
        ("Upgrade-cta", false),
        ("upgrade-cta ", false),
        ("upgrade", false),
    ] {
        let out = run(
            &p,
            json!({ "events": [{"type": "click", "target": target}] }),
        );
        assert_eq!(!out.prompts.is_empty(), fires, "{target:?}");
    }
    let out = run(
        &p,
        json!({ "events": [{"type": "click", "target": "upgrade-cta"}] }),
    );
    assert_eq!(out.prompts, vec![prompt(0, "Cta", &["e"])]);
}

#[test]
fn manual_and_unknown_triggers_never_fire() {
    let mut p = one_field_steps();
    p.steps[0].trigger.kind = TriggerKind::Unknown("on_purchase".into());
    p.steps[2].trigger.kind = TriggerKind::LoginCount(0);
    let events: Vec<Value> = (0..5)
        .map(|_| login())
        .chain([
            json!({"type": "visit", "path": "/pricing"}),
            json!({"type": "click", "target": "manual"}),
            json!({"type": "click", "target": "Manual"}),
        ])
        .collect();
    let out = run(&p, json!({ "events": events }));
    assert!(
        !out.prompts
            .iter()
            .any(|p| p.step == "Manual" || p.step == "First")
    );
    assert!(!out.prompts.iter().any(|p| p.step == "Third"));
    assert_eq!(out.never_fired, vec!["First", "Third", "Cta", "Manual"]);
}

#[test]
fn several_steps_on_one_event_go_in_project_order_and_later_ones_see_earlier_answers() {
    let p = project(
        true,
        vec![
            step(
                "B",
                json!({"on": "page_visit", "path": "/x*"}),
                vec![field("n", ""), field("m", "")],
            ),
            step(
                "A",
                json!({"on": "page_visit", "path": "*"}),
                vec![field("n", ""), field("o", "")],
            ),
            step(
                "C",
                json!({"on": "page_visit", "path": "/x"}),
                vec![field("n", "")],
            ),
        ],
    );
    let out = run(&p, json!({ "events": [{"type": "visit", "path": "/x"}] }));
    assert_eq!(
        out.prompts,
        vec![prompt(0, "B", &["n", "m"]), prompt(0, "A", &["o"])]
    );
    // C had nothing left: it fired but showed nothing.
    assert_eq!(out.never_fired, vec!["C"]);
}

#[test]
fn profile_values_are_read_by_the_platforms_rule() {
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    let p = project(
        true,
        vec![step(
            "S",
            json!({"on": "first_login"}),
            names.map(|n| field(n, "")).to_vec(),
        )],
    );
    let out = run(
        &p,
        json!({ "profile": { "a": "Ann", "b": "", "c": 3, "d": false, "e": null, "f": [],
                             "g": {"x": "y"}, "h": " ", "A": "", "i": "unknown", "J": "x" },
                "events": [login()] }),
    );
    // SKIP.md R10: any scalar but null, "" and exactly "unknown" is a value; keys are
    // lower-cased and the first of two wins ("a" before "A").
    assert_eq!(
        out.prompts,
        vec![prompt(0, "S", &["b", "e", "f", "g", "i"])]
    );
}

#[test]
fn names_are_lower_cased_and_custom_fields_read_from_custom_fields() {
    let p = project(
        true,
        vec![step(
            "S",
            json!({"on": "first_login"}),
            vec![
                field("cf_FavoriteTeam", ""),
                field("cf_Color", ""),
                field("cf_Pet", ""),
                field("cf_Size", ""),
                field("Firstname", ""),
            ],
        )],
    );
    let out = run(
        &p,
        json!({ "profile": { "cf_favoriteteam": "red", "CF_COLOR": "blue",
                             "CustomFields": { "pet": "cat", "Size": "" },
                             "firstname": "Ann" },
                "events": [login()] }),
    );
    assert_eq!(out.prompts, vec![prompt(0, "S", &["cf_Size"])]);
}

#[test]
fn a_country_or_city_of_exactly_unknown_is_asked() {
    for name in ["country", "city"] {
        let p = project(
            true,
            vec![step(
                "S",
                json!({"on": "first_login"}),
                vec![field(name, "")],
            )],
        );
        for (value, asked) in [
            ("unknown", true),
            ("", true),
            ("Unknown", false),
            ("UNKNOWN", false),
            ("in|India", false),
        ] {
            let out = run(&p, json!({ "profile": {name: value}, "events": [login()] }));
            assert_eq!(out.prompts.len(), usize::from(asked), "{name} {value}");
        }
    }
}

#[test]
fn a_social_consumer_gets_a_consent_prompt_and_the_journeys_options_override_the_projects() {
    let mut p = project(
        false,
        vec![step(
            "S",
            json!({"on": "first_login"}),
            vec![field("company", "")],
        )],
    );
    p.steps[0].scopes = vec![None, Some(crate::project::Scope::new("Google", "profile"))];
    let social = json!({ "profile": {"Provider": "google"}, "events": [login()] });
    let out = run(&p, social);
    assert_eq!(
        out.prompts,
        vec![Prompt {
            event: 0,
            step: "S".into(),
            fields: vec![],
            consent: Some(Consent {
                provider: "Google".into(),
                scopes: "profile".into()
            })
        }]
    );
    assert!(out.never_fired.is_empty());
    assert_eq!(out.never_asked, ["company"]);
    assert_eq!(
        serde_json::to_value(&out.prompts[0]).unwrap(),
        json!({"event": 0, "step": "S", "fields": [],
               "consent": {"provider": "Google", "scopes": "profile"}})
    );
    // progressiveProfilingTraditional from the journey: the form, with optional fields asked.
    let out = run(
        &p,
        json!({ "profile": {"Provider": "google"},
                "settings": {"progressiveProfilingTraditional": true,
                             "askOptionalFieldsOnProgressiveSteps": true},
                "events": [login()] }),
    );
    assert_eq!(out.prompts, vec![prompt(0, "S", &["company"])]);
}

#[test]
fn required_shows_the_step_when_optional_fields_are_not_asked() {
    let steps = vec![
        step(
            "Opt",
            json!({"on": "first_login"}),
            vec![field("a", "max_length[3]")],
        ),
        step(
            "Req",
            json!({"on": "first_login"}),
            vec![
                field("b", "max_length[3]"),
                field("c", "min_length[1]|required"),
            ],
        ),
        // A substring test, as the platform does: `not_required` counts.
        step(
            "Sub",
            json!({"on": "first_login"}),
            vec![field("d", "not_required")],
        ),
    ];
    let p = project(false, steps.clone());
    let out = run(&p, json!({ "events": [login()] }));
    assert_eq!(
        out.prompts,
        vec![prompt(0, "Req", &["b", "c"]), prompt(0, "Sub", &["d"])]
    );
    assert_eq!(out.never_fired, vec!["Opt"]);
    // The required field already known: only optional ones remain, so the step is silent.
    let out = run(&p, json!({ "profile": {"c": "x"}, "events": [login()] }));
    assert!(!out.prompts.iter().any(|p| p.step == "Req"));

    // The journey's settings override the project's.
    let out = run(
        &p,
        json!({ "settings": {"askOptionalFieldsOnProgressiveSteps": true}, "events": [login()] }),
    );
    assert_eq!(out.prompts.len(), 3);
    let p = project(true, steps);
    let out = run(
        &p,
        json!({ "settings": {"askOptionalFieldsOnProgressiveSteps": false}, "events": [login()] }),
    );
    assert_eq!(out.prompts.len(), 2);
    // A settings object without the key keeps the project's value.
    let out = run(&p, json!({ "settings": {"other": 1}, "events": [login()] }));
    assert_eq!(out.prompts.len(), 3);
}

#[test]
fn shown_fields_become_known_unless_dismissed() {
    let p = project(
        true,
        vec![step(
            "P",
            json!({"on": "page_visit", "path": "/p"}),
            vec![field("a", ""), field("b", "")],
        )],
    );
    let visit = |dismiss: bool| json!({"type": "visit", "path": "/p", "dismiss": dismiss});
    let out = run(&p, json!({ "events": [visit(false), visit(false)] }));
    assert_eq!(out.prompts, vec![prompt(0, "P", &["a", "b"])]);
    let out = run(
        &p,
        json!({ "events": [visit(true), visit(true), visit(false), visit(false)] }),
    );
    assert_eq!(
        out.prompts,
        vec![
            prompt(0, "P", &["a", "b"]),
            prompt(1, "P", &["a", "b"]),
            prompt(2, "P", &["a", "b"])
        ]
    );
    // A dismissed prompt still counts as shown and asked.
    let out = run(&p, json!({ "events": [visit(true)] }));
    assert!(out.never_fired.is_empty());
    assert!(out.never_asked.is_empty());
}

#[test]
fn never_fired_lists_steps_never_shown_in_project_order() {
    let p = one_field_steps();
    let out = run(
        &p,
        json!({ "profile": {"c": "known"}, "events": [login(), login(), login()] }),
    );
    // Third fired at the third login but had nothing to ask: it was never shown.
    assert_eq!(out.never_fired, vec!["Third", "Pricing", "Cta", "Manual"]);
}

#[test]
fn never_asked_is_first_appearance_order_each_field_once() {
    let p = project(
        true,
        vec![
            step(
                "S1",
                json!({"on": "manual"}),
                vec![field("z", ""), field("cf_Team", ""), field("a", "")],
            ),
            step(
                "S2",
                json!({"on": "first_login"}),
                vec![field("a", ""), field("y", "")],
            ),
            step(
                "S3",
                json!({"on": "manual"}),
                vec![field("y", ""), field("cf_team", ""), field("b", "")],
            ),
        ],
    );
    let out = run(
        &p,
        json!({ "profile": {"b": "known"}, "events": [login()] }),
    );
    assert_eq!(out.prompts, vec![prompt(0, "S2", &["a", "y"])]);
    // `b` was never shown (it was known from the start); `cf_team` is `cf_Team` again.
    assert_eq!(out.never_asked, vec!["z", "cf_Team", "b"]);
}

#[test]
fn output_json_has_the_documented_shape_and_key_order() {
    let out = Outcome {
        prompts: vec![prompt(0, "First Login", &["firstname", "lastname"])],
        never_fired: vec!["Upgrade CTA".into()],
        never_asked: vec!["cf_FavoriteTeam".into()],
    };
    assert_eq!(
        out.to_json_string(),
        "{\n  \"prompts\": [\n    {\n      \"event\": 0,\n      \"step\": \"First Login\",\n      \
         \"fields\": [\n        \"firstname\",\n        \"lastname\"\n      ]\n    }\n  ],\n  \
         \"never_fired\": [\n    \"Upgrade CTA\"\n  ],\n  \"never_asked\": [\n    \
         \"cf_FavoriteTeam\"\n  ]\n}\n"
    );
    assert_eq!(
        Outcome::default().to_json_string(),
        "{\n  \"prompts\": [],\n  \"never_fired\": [],\n  \"never_asked\": []\n}\n"
    );
}

#[test]
fn the_formats_example_journey_on_the_default_project() {
    let p = Project::default_project();
    let out = run(
        &p,
        json!({ "profile": { "firstname": "Ann", "cf_FavoriteTeam": "" },
                "settings": { "askOptionalFieldsOnProgressiveSteps": true },
                "events": [ { "type": "login" }, { "type": "visit", "path": "/pricing/teams" },
                            { "type": "click", "target": "upgrade-cta" },
                            { "type": "login", "dismiss": true } ] }),
    );
    assert_eq!(
        out.prompts,
        vec![
            prompt(0, "First Login", &["lastname", "phoneid"]),
            prompt(
                1,
                "Pricing Page",
                &["company", "industry", "cf_CompanySize", "jobtitle"]
            ),
            prompt(
                2,
                "Upgrade CTA",
                &[
                    "cf_UseCase",
                    "cf_TeamSize",
                    "website",
                    "cf_PreferredContact"
                ]
            ),
        ]
    );
    assert_eq!(out.never_fired, vec!["Third Login"]);
    assert_eq!(
        out.never_asked,
        vec!["firstname", "gender", "birthdate", "country"]
    );
}

// Reading journeys.

fn err(text: &str) -> LoadError {
    Journey::from_bytes(text.as_bytes()).unwrap_err()
}

#[test]
fn reads_every_documented_key_and_keeps_unknown_top_level_keys() {
    let j = Journey::from_bytes(
        br#"{ "profile": {"a": 1}, "settings": {"askOptionalFieldsOnProgressiveSteps": false, "x": 2},
             "events": [ {"type": "login"}, {"type": "visit", "path": "/p", "dismiss": true, "note": "hi"},
                         {"type": "click", "target": "t", "dismiss": null} ],
             "description": "sample" }"#,
    )
    .unwrap();
    assert_eq!(j.profile.get("a"), Some(&json!(1)));
    let s = j.settings.clone().unwrap();
    assert_eq!(
        s.get(crate::project::SiteOption::AskOptionalFieldsOnProgressiveSteps),
        Some(false)
    );
    assert_eq!(s.extra.get("x"), Some(&json!(2)));
    assert_eq!(
        j.events,
        vec![
            Event::Login { dismiss: false },
            Event::Visit {
                path: "/p".into(),
                dismiss: true
            },
            Event::Click {
                target: "t".into(),
                dismiss: false
            },
        ]
    );
    assert_eq!(j.extra.get("description"), Some(&json!("sample")));
    // Profile and settings are optional.
    let j = Journey::from_bytes(br#"{"events": []}"#).unwrap();
    assert!(j.profile.is_empty() && j.settings.is_none() && j.events.is_empty());
}

#[test]
fn errors_say_where_and_what() {
    let e = err("{\n  \"events\": [\n    {\"type\": \"buy\"}\n  ]\n}");
    assert_eq!(e.line, 3);
    assert!(
        e.message.contains("unknown event type \"buy\""),
        "{}",
        e.message
    );
    let e = err("{\"events\": [{\"type\": \"visit\"}]}");
    assert!(
        e.message
            .contains("event 0 (visit) is missing the required key `path`"),
        "{}",
        e.message
    );
    let e = err("{\"events\": [{\"type\": \"click\", \"target\": 3}]}");
    assert_eq!((e.line, e.column), (1, 41));
    assert!(e.message.contains("not a number (3)"), "{}", e.message);
    let e = err("{\"events\": [{\"type\": \"login\", \"dismiss\": \"yes\"}]}");
    assert!(
        e.message
            .contains("Expected true or false here, not a text (\"yes\")"),
        "{}",
        e.message
    );
    let e = err("{\"events\": [{\"dismiss\": true}]}");
    assert!(
        e.message
            .contains("event 0 is missing the required key `type`"),
        "{}",
        e.message
    );
    let e = err("{\"profile\": {}}");
    assert!(
        e.message.contains("missing the required key `events`"),
        "{}",
        e.message
    );
    let e = err("{\"profile\": [], \"events\": []}");
    assert!(
        e.message.contains("\"profile\" must be an object"),
        "{}",
        e.message
    );
    let e = err("{\"events\": [], \"settings\": {\"askOptionalFieldsOnProgressiveSteps\": 1}}");
    assert!(
        e.message.contains(
            "the setting \"askOptionalFieldsOnProgressiveSteps\" must be true or false, found \
             a number"
        ),
        "{}",
        e.message
    );
    let e = err("[]");
    assert!(
        e.message
            .contains("A journey (an object with \"events\": [...]) is needed here"),
        "{}",
        e.message
    );
    let e = err("{\"events\": []} x");
    assert!(
        e.message.contains("more after the end of the JSON"),
        "{}",
        e.message
    );
    let e = err("");
    assert!(e.message.contains("empty"), "{}", e.message);
    let e = err("{\"events\": [1]}");
    assert!(
        e.message.contains("Event 0 must be an object ({"),
        "{}",
        e.message
    );
}

#[test]
fn journeys_kept_in_a_project_are_read_by_name_with_places_in_the_project_file() {
    let text = r#"{ "format": "ppstudio-project", "version": 1, "name": "t",
  "journeys": {
    "new visitor": { "events": [ {"type": "login"} ] },
    "broken": { "events": [ {"type": "jump"} ] }
  } }"#;
    let p = Project::from_bytes(text.as_bytes()).unwrap();
    assert_eq!(p.journey_names(), vec!["new visitor", "broken"]);
    // Read once, when the project is loaded: a journey that cannot be read says why, and
    // the project still opens.
    let kept = |name| p.kept_journey(name).unwrap().journey();
    assert_eq!(kept("new visitor").unwrap().events.len(), 1);
    assert!(
        kept("broken")
            .unwrap_err()
            .contains("unknown event type \"jump\"")
    );
    // Lossless: the project keeps the key untouched.
    assert!(p.to_canonical().contains("\"new visitor\""));
    let j = named_in_project(text.as_bytes(), "new visitor").unwrap();
    assert_eq!(j.events, vec![Event::Login { dismiss: false }]);
    let e = named_in_project(text.as_bytes(), "broken").unwrap_err();
    assert_eq!(e.line, 4);
    assert!(
        e.message.contains("unknown event type \"jump\""),
        "{}",
        e.message
    );
    let e = named_in_project(text.as_bytes(), "nope").unwrap_err();
    assert!(
        e.message.contains(
            "no journey named \"nope\" in \"journeys\"; it has: \"new visitor\", \"broken\""
        ),
        "{}",
        e.message
    );
    let e = named_in_project(br#"{"format": "ppstudio-project"}"#, "x").unwrap_err();
    assert!(
        e.message.contains("has no \"journeys\" object"),
        "{}",
        e.message
    );
    let e = named_in_project(br#"{"journeys": []}"#, "x").unwrap_err();
    assert!(e.message.contains("of named journeys"), "{}", e.message);
}

#[test]
fn never_panics_on_odd_journeys() {
    let p = Project::default_project();
    for text in [
        "{\"events\": [{\"type\": \"visit\", \"path\": \"\"}]}",
        "{\"events\": [{\"type\": \"click\", \"target\": \"\"}]}",
        "{\"profile\": {\"CustomFields\": 3, \"country\": \"\u{212A}nown\"}, \"events\": []}",
        "{\"profile\": {\"CustomFields\": {\"\": \"x\"}}, \"events\": [{\"type\": \"login\"}]}",
    ] {
        let j = Journey::from_bytes(text.as_bytes()).unwrap();
        let _ = simulate(&p, &j);
    }
    let mut p = p;
    p.steps[1].trigger.kind = TriggerKind::LoginCount(i64::MIN);
    let j = journey(json!({"events": [login()]}));
    let _ = simulate(&p, &j);
}

#[test]
fn keeping_a_journey_replaces_one_of_that_name_and_keeps_the_others_in_place() {
    let mut p = Project::default_project();
    let edit = keep_journey(&p, "A", serde_json::json!({"events": []}));
    crate::edit::apply(&mut p, edit).unwrap();
    let edit = keep_journey(&p, "B", serde_json::json!({"events": [{"type": "login"}]}));
    crate::edit::apply(&mut p, edit).unwrap();
    let edit = keep_journey(&p, "A", serde_json::json!({"events": [{"type": "login"}]}));
    let undo = crate::edit::apply(&mut p, edit).unwrap();
    assert_eq!(p.journey_names(), ["A", "B"]);
    let a = p.kept_journey("A").unwrap();
    assert_eq!(a.written()["events"][0]["type"], "login");
    assert_eq!(
        a.journey().unwrap().events,
        [Event::Login { dismiss: false }]
    );
    assert!(p.extra.is_empty(), "a typed part, not an unknown key");
    crate::edit::apply(&mut p, undo).unwrap();
    assert_eq!(p.kept_journey("A").unwrap().journey().unwrap().events, []);
}

#[test]
fn a_sign_up_through_the_registration_form_gives_its_fields() {
    let mut p = Project::default_project();
    let first = p.catalog_field("firstname").unwrap().field.duplicate();
    p.registration = Some(vec![first]);
    let j = Journey::from_bytes(
        br#"{"profile": {}, "events": [{"type": "signup"}, {"type": "login"}]}"#,
    )
    .unwrap();
    let out = simulate(&p, &j);
    assert_eq!(out.prompts.len(), 1);
    assert_eq!(out.prompts[0].event, 1);
    assert_eq!(out.prompts[0].fields, ["lastname", "phoneid"]);
    // Written back as it was read.
    assert_eq!(j.to_json()["events"][0], json!({ "type": "signup" }));
    // Without the sign-up the login asks the first name too.
    let j = Journey::from_bytes(br#"{"profile": {}, "events": [{"type": "login"}]}"#).unwrap();
    assert_eq!(
        simulate(&p, &j).prompts[0].fields,
        ["firstname", "lastname", "phoneid"]
    );
}

#[test]
fn a_projects_journeys_and_sample_profile_are_typed_parts_written_as_they_came() {
    let text = r#"{
  "format": "ppstudio-project",
  "version": 1,
  "name": "t",
  "catalog": [],
  "steps": [],
  "x_before": 1,
  "journeys": {
    "B": {"events": [{"type": "login", "note": "kept", "dismiss": false}], "x": [1]},
    "A": {"profile": null, "events": []}
  },
  "sampleProfile": {"Provider": "Email", "FirstName": "Ann"},
  "x_after": 2
}"#;
    let p = Project::from_bytes(text.as_bytes()).unwrap();
    assert_eq!(p.journey_names(), ["B", "A"]);
    assert_eq!(p.sample_profile().unwrap()["FirstName"], "Ann");
    assert_eq!(p.extra.keys().collect::<Vec<_>>(), ["x_before", "x_after"]);
    // Saved in their place (after the platform's keys, before the unknown ones), each journey
    // as written: an event's unknown key and a `"dismiss": false` stay.
    let saved = p.to_canonical();
    let at = |k: &str| saved.find(k).unwrap();
    assert!(at("\"sampleProfile\"") < at("\"journeys\""));
    assert!(at("\"journeys\"") < at("\"x_before\""));
    assert!(saved.contains("\"note\": \"kept\""), "{saved}");
    assert!(saved.contains("\"dismiss\": false"), "{saved}");
    assert!(saved.contains("\"profile\": null"), "{saved}");
    let again = Project::from_bytes(saved.as_bytes()).unwrap();
    assert_eq!(again, p);
    assert_eq!(again.to_canonical(), saved);
}

#[test]
fn a_journeys_key_or_sample_profile_of_another_kind_is_refused_with_its_place() {
    let e = Project::from_bytes(
        br#"{"format": "ppstudio-project", "version": 1,
  "journeys": [1]}"#,
    )
    .unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.message.contains("of named journeys"), "{}", e.message);
    let e = Project::from_bytes(
        br#"{"format": "ppstudio-project", "version": 1,
  "sampleProfile": "Ann"}"#,
    )
    .unwrap_err();
    assert_eq!(e.line, 2);
    assert!(
        e.message
            .contains("\"sampleProfile\" must be a consumer profile")
            && e.message.contains("a string"),
        "{}",
        e.message
    );
    // `null`: none.
    let p = Project::from_bytes(
        br#"{"format": "ppstudio-project", "version": 1, "sampleProfile": null}"#,
    )
    .unwrap();
    assert!(p.sample_profile().is_none());
}
