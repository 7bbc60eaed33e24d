//! The journey panel, driven through its UI as a product manager would.
#![cfg(feature = "gui")]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ppstudio::journey::describe_event;
use ppstudio::journey::{Event, Journey, simulate};
use ppstudio::project::{Project, SiteOption};
use ppstudio::studio::panels::journey::{JourneyPanel, JourneyRequest};
use serde_json::json;

/// The example of FORMATS.md "Journeys".
const EXAMPLE: &str = r#"{ "profile": { "firstname": "Ann", "cf_FavoriteTeam": "" },
  "settings": { "askOptionalFieldsOnProgressiveSteps": true },
  "events": [ { "type": "login" }, { "type": "visit", "path": "/pricing/teams" },
              { "type": "click", "target": "upgrade-cta" }, { "type": "login", "dismiss": true } ] }"#;

struct State {
    panel: JourneyPanel,
    project: Project,
    revision: u64,
    requests: Vec<JourneyRequest>,
}

fn harness_for(project: Project) -> Harness<'static, State> {
    harness_sized(project, egui::vec2(1200.0, 2400.0))
}

/// The panel alone in a window of `size` (the side panel of an 800x500 window is about 380
/// points wide).
fn harness_sized(project: Project, size: egui::Vec2) -> Harness<'static, State> {
    let state = State {
        panel: JourneyPanel::default(),
        project,
        revision: 1,
        requests: Vec::new(),
    };
    Harness::builder().with_size(size).build_ui_state(
        |ui, s: &mut State| {
            let requests = s.panel.ui(ui, &s.project, s.revision);
            s.requests.extend(requests);
        },
        state,
    )
}

/// What the timeline must say for each prompt of `journey`, computed by the simulator.
fn expected_prompt_lines(project: &Project, journey: &Journey) -> Vec<String> {
    let prompts = simulate(project, journey).prompts;
    prompts
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let step = project
                .steps
                .iter()
                .find(|s| s.name == p.step)
                .expect("a step of the project");
            let fields: Vec<String> = p
                .fields
                .iter()
                .map(|name| {
                    let f = step.field(name).expect("a field of the step");
                    format!("{} ({name})", f.display)
                })
                .collect();
            let then = match k.checked_sub(1).map(|j| &prompts[j]) {
                Some(before) if before.event == p.event => {
                    format!("then, once \"{}\" ends, ", before.step)
                }
                _ => String::new(),
            };
            format!("{then}shows \"{}\": {}", p.step, fields.join(", "))
        })
        .collect()
}

#[test]
fn events_added_with_the_buttons_give_the_simulators_timeline() {
    let project = Project::default_project();
    let mut h = harness_for(project.clone());
    h.run();
    for _ in 0..3 {
        click(&mut h, "Add login");
    }
    click(&mut h, "Add visit");
    click(&mut h, "Add click");

    let journey = h.state().panel.journey();
    assert_eq!(
        journey.events,
        vec![
            Event::Login { dismiss: false },
            Event::Login { dismiss: false },
            Event::Login { dismiss: false },
            Event::Visit {
                path: "/pricing".into(),
                dismiss: false
            },
            Event::Click {
                target: "upgrade-cta".into(),
                dismiss: false
            },
        ]
    );
    let outcome = simulate(&project, &journey);
    assert_eq!(h.state().panel.outcome(), Some(&outcome));
    assert_eq!(outcome.prompts.len(), 4);

    for head in [
        "#1 Login #1",
        "#2 Login #2",
        "#3 Login #3",
        "#4 Visit /pricing",
        "#5 Click upgrade-cta",
    ] {
        h.get_by_label(head);
    }
    for line in expected_prompt_lines(&project, &journey) {
        h.get_by_label(&line);
    }
    h.get_by_label(
        "shows \"First Login\": First Name (firstname), Last Name (lastname), \
         Phone Number (phoneid)",
    );
    // The second login shows nothing.
    assert_eq!(h.get_all_by_label("nothing shown").count(), 1);
    h.get_by_label("Every step shows at least once.");
    h.get_by_label("Every field is asked at least once.");
    assert_eq!(h.state().panel.highlights(), Some((&[][..], &[][..])));
}

#[test]
fn steps_that_never_fire_and_fields_never_asked_are_listed_and_highlighted() {
    let project = Project::default_project();
    let mut h = harness_for(project.clone());
    h.run();
    assert_eq!(
        h.state().panel.highlights().map(|(f, _)| f.len()),
        Some(project.steps.len()),
        "with no events, no step fires"
    );
    click(&mut h, "Add login");
    let outcome = simulate(&project, &h.state().panel.journey());
    assert_eq!(
        outcome.never_fired,
        vec!["Third Login", "Pricing Page", "Upgrade CTA"]
    );
    h.get_by_label("Steps that never show: Third Login, Pricing Page, Upgrade CTA");
    h.get_by_label(&format!(
        "Fields never asked: {}",
        outcome.never_asked.join(", ")
    ));
    let (never_fired, never_asked) = h.state().panel.highlights().expect("simulated");
    assert_eq!(never_fired, outcome.never_fired.as_slice());
    assert_eq!(never_asked, outcome.never_asked.as_slice());
    assert!(never_asked.contains(&"cf_CompanySize".to_string()));
}

#[test]
fn events_can_be_edited_reordered_dismissed_and_removed() {
    let project = Project::default_project();
    let mut h = harness_for(project.clone());
    h.run();
    click(&mut h, "Add click");
    click(&mut h, "Add login");
    click(&mut h, "Add visit");
    replace_in(&mut h, "Path of event #3", "/pricing/teams");
    h.get_by_label("#3 Visit /pricing/teams");

    click(&mut h, "Move event #2 up");
    assert_eq!(
        h.state().panel.journey().events[..2],
        [
            Event::Login { dismiss: false },
            Event::Click {
                target: "upgrade-cta".into(),
                dismiss: false
            }
        ]
    );
    h.get_by_label("#1 Login #1");
    h.get_by_label("#2 Click upgrade-cta");
    assert!(
        h.get_by_label("Move event #1 up")
            .accesskit_node()
            .is_disabled()
    );

    click(&mut h, "Move event #2 down");
    h.get_by_label("#2 Visit /pricing/teams");
    h.get_by_label("#3 Click upgrade-cta");

    h.get_by_role_and_label(Role::CheckBox, "Dismiss event #1")
        .click();
    h.run();
    h.get_by_label("#1 Login #1 (dismissed)");
    assert!(h.state().panel.journey().events[0].dismiss());

    click(&mut h, "Remove event #1");
    let journey = h.state().panel.journey();
    assert_eq!(journey.events.len(), 2);
    h.get_by_label("#1 Visit /pricing/teams");
    assert!(h.query_by_label("Remove event #3").is_none());
    assert_eq!(
        h.state().panel.outcome(),
        Some(&simulate(&project, &journey))
    );
}

/// Pastes `json` into the journey's profile box and uses it.
fn use_profile(h: &mut Harness<'_, State>, json: &str) {
    replace_in(h, "Journey profile JSON", json);
    click(h, "Use this profile");
}

#[test]
fn the_profile_and_the_settings_override_change_what_is_shown() {
    let project = Project::default_project();
    let mut h = harness_for(project.clone());
    h.run();
    click(&mut h, "Add login");
    // A flat profile.
    use_profile(&mut h, r#"{"firstname": "Ann"}"#);
    h.get_by_label("shows \"First Login\": Last Name (lastname), Phone Number (phoneid)");

    // The platform's profile JSON: PascalCase keys, the first of two colliding keys wins.
    use_profile(
        &mut h,
        r#"{"Provider": "Email", "FirstName": "Ann", "LastName": "Lee", "lastname": ""}"#,
    );
    // Only the optional phone number remains; the project asks optional fields.
    h.get_by_label("shows \"First Login\": Phone Number (phoneid)");
    h.get_by_label_contains("Site options for this journey (0 set here)")
        .click();
    h.run();
    click(&mut h, "askOptionalFieldsOnProgressiveSteps: off");
    h.get_by_label_contains("Site options for this journey (1 set here)");
    let journey = h.state().panel.journey();
    assert_eq!(
        journey
            .settings
            .as_ref()
            .and_then(|s| s.get(SiteOption::AskOptionalFieldsOnProgressiveSteps)),
        Some(false)
    );
    h.get_by_label("nothing shown");
    assert_eq!(
        h.state().panel.outcome(),
        Some(&simulate(&project, &journey))
    );
    click(&mut h, "askOptionalFieldsOnProgressiveSteps: the project's");
    assert!(h.state().panel.journey().settings.is_none());
    h.get_by_label("shows \"First Login\": Phone Number (phoneid)");
    assert_eq!(h.state().project, project);

    // A profile that is not JSON says where and changes nothing.
    replace_in(&mut h, "Journey profile JSON", "{\"FirstName\": }");
    click(&mut h, "Use this profile");
    h.get_by_label_contains("Not used: A value is needed here");
    h.get_by_label_contains("(line 1, column 15).");
    assert_eq!(
        h.state().panel.journey(),
        journey_without_settings(&journey)
    );
}

fn journey_without_settings(j: &Journey) -> Journey {
    Journey {
        settings: None,
        ..j.clone()
    }
}

#[test]
fn a_social_consumer_is_sent_to_re_consent_in_the_timeline() {
    let project = Project::default_project();
    let mut h = harness_for(project.clone());
    h.run();
    for _ in 0..3 {
        click(&mut h, "Add login");
    }
    use_profile(&mut h, r#"{"Provider": "facebook", "FirstName": "Ann"}"#);
    // Third Login has a facebook Scopes entry; the other login step has none.
    h.get_by_label("\"Third Login\" sends the consumer to facebook to re-consent (user_birthday)");
    let outcome = simulate(&project, &h.state().panel.journey());
    assert_eq!(outcome.prompts.len(), 1);
    assert_eq!(outcome.prompts[0].event, 2);
    h.get_by_label("#3 Login #3");
    // With progressiveProfilingTraditional the social consumer gets the forms.
    h.get_by_label_contains("Site options for this journey")
        .click();
    h.run();
    click(&mut h, "progressiveProfilingTraditional: on");
    h.get_by_label(
        "shows \"Third Login\": Gender (gender), Date of Birth (birthdate), Country (country)",
    );
}

#[test]
fn a_journey_loads_from_file_bytes() {
    let project = Project::default_project();
    let mut h = harness_for(project.clone());
    h.run();
    h.state_mut()
        .panel
        .load(EXAMPLE.as_bytes())
        .expect("the FORMATS.md example loads");
    h.run();
    let loaded = Journey::from_bytes(EXAMPLE.as_bytes()).expect("valid");
    assert_eq!(h.state().panel.journey(), loaded);
    assert!(
        h.get_by_label("Journey profile JSON")
            .value()
            .is_some_and(|v| v.contains("\"firstname\": \"Ann\"")),
        "the profile box shows the loaded profile"
    );
    h.get_by_label("#2 Visit /pricing/teams");
    h.get_by_label("#3 Click upgrade-cta");
    h.get_by_label("#4 Login #2 (dismissed)");
    for line in expected_prompt_lines(&project, &loaded) {
        h.get_by_label(&line);
    }
    let outcome = simulate(&project, &loaded);
    assert_eq!(h.state().panel.outcome(), Some(&outcome));
    assert_eq!(
        h.state().panel.highlights(),
        Some((
            outcome.never_fired.as_slice(),
            outcome.never_asked.as_slice()
        ))
    );

    // A broken file: the error says where, and the journey stays.
    let err = h
        .state_mut()
        .panel
        .load(b"{\n  \"events\": [ {\"type\": \"jump\"} ]\n}")
        .expect_err("an unknown event type");
    assert!(err.contains("line 2, column"), "{err}");
    assert!(err.contains("jump"), "{err}");
    h.run();
    h.get_by_label_contains("The journey file could not be read: ");
    h.get_by_label_contains("(line 2, column");
    assert_eq!(h.state().panel.journey(), loaded);
}

#[test]
fn files_and_project_journeys_are_requests_never_edits() {
    let mut project = Project::default_project();
    let team: serde_json::Value = serde_json::from_str(EXAMPLE).expect("json");
    // The panel edits the first kept journey; the others can be loaded.
    project.journeys = serde_json::from_value(
        json!({ "One login": { "events": [{ "type": "login" }] }, "Team buyer": team }),
    )
    .ok();
    let original = project.clone();
    let mut h = harness_for(project);
    h.run();
    h.get_by_label_contains("Editing \"One login\", kept in the project");
    assert_eq!(h.state().panel.journey().events.len(), 1);

    click(&mut h, "Load \"Team buyer\"");
    let loaded = Journey::from_bytes(EXAMPLE.as_bytes()).expect("valid");
    assert_eq!(h.state().panel.journey(), loaded);
    assert_eq!(
        h.get_by_label("Journey name").value().as_deref(),
        Some("Team buyer")
    );
    h.get_by_label("Journey \"Team buyer\" loaded from the project.");
    h.get_by_label_contains("Editing \"Team buyer\", kept in the project");

    click(&mut h, "Open journey file…");
    click(&mut h, "Save journey to file…");
    replace_in(&mut h, "Journey name", "Returning visitor");
    click(&mut h, "Save to project");

    let requests = h.state().requests.clone();
    assert_eq!(requests.len(), 3, "{requests:?}");
    assert_eq!(requests[0], JourneyRequest::OpenFile);
    let JourneyRequest::SaveFile(text) = &requests[1] else {
        panic!("a save request: {requests:?}");
    };
    assert_eq!(
        Journey::from_bytes(text.as_bytes()).expect("the saved text loads"),
        loaded
    );
    let JourneyRequest::SaveToProject { name, journey } = &requests[2] else {
        panic!("a save-to-project request: {requests:?}");
    };
    assert_eq!(name, "Returning visitor");
    assert_eq!(journey, &loaded.to_json());
    // The panel never edits the project itself.
    assert_eq!(h.state().project, original);
}

#[test]
fn journey_json_round_trips_and_events_are_described() {
    let j = Journey::from_bytes(EXAMPLE.as_bytes()).expect("valid");
    let text = serde_json::to_string(&j.to_json()).expect("json");
    assert_eq!(Journey::from_bytes(text.as_bytes()).expect("reloads"), j);
    assert_eq!(
        j.to_json()["events"][3],
        json!({ "type": "login", "dismiss": true })
    );
    assert_eq!(
        describe_event(&Event::Login { dismiss: false }, 3),
        "Login #3"
    );
    assert_eq!(
        describe_event(
            &Event::Visit {
                path: "/pricing/teams".into(),
                dismiss: false
            },
            0
        ),
        "Visit /pricing/teams"
    );
    assert_eq!(
        describe_event(
            &Event::Click {
                target: "upgrade-cta".into(),
                dismiss: true
            },
            0
        ),
        "Click upgrade-cta"
    );
}

/// Two steps due at one login are listed in project order, the second "once the first ends",
/// as the snippet shows them: one form at a time.
#[test]
fn steps_due_at_one_event_are_listed_one_after_the_other() {
    let mut project = Project::default_project();
    let mut also = project.steps[2].clone();
    also.id = ppstudio::project::Id::fresh();
    also.name = "Also first".into();
    also.trigger.kind = ppstudio::project::TriggerKind::LoginCount(1);
    project.steps.push(also);
    let mut h = harness_for(project);
    h.run();
    click(&mut h, "Add login");
    let first = h
        .get_by_label(
            "shows \"First Login\": First Name (firstname), Last Name (lastname), \
             Phone Number (phoneid)",
        )
        .rect();
    let second = h
        .get_by_label(
            "then, once \"First Login\" ends, shows \"Also first\": Company (company), \
             Industry (industry), Company Size (cf_CompanySize), Job Title (jobtitle)",
        )
        .rect();
    assert!(second.min.y > first.min.y);
}

// ----- The journey in the whole studio: it belongs to the project -----

mod support;

use egui::{Key, Modifiers};
use ppstudio::studio::StudioApp;
use ppstudio::studio::files::FakeDialogs;
use support::{click, replace_in};

fn studio_on_file(dir: &std::path::Path) -> (Harness<'static, StudioApp>, std::path::PathBuf) {
    let path = dir.join("acme.ppstudio.json");
    std::fs::write(&path, Project::default_project().to_canonical()).unwrap();
    (
        support::studio_with(FakeDialogs::default(), Some(path.clone())),
        path,
    )
}

fn kept_events(p: &Project, name: &str) -> Option<serde_json::Value> {
    p.kept_journey(name).map(|j| j.written()["events"].clone())
}

const NEVER_SHOWN: &str = "Step Third Login (never shown in the journey)";

/// Finding 7: the journey is saved with the project (Ctrl+S), each change is an undo step,
/// the step cards' marks show only beside the Journey tab, and an empty journey is no warning.
#[test]
fn the_journey_is_part_of_the_project_saved_undone_and_marked_only_in_its_tab() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = studio_on_file(dir.path());
    support::studio_tab(&mut h, "Journey");
    h.get_by_label_contains("Editing \"Journey 1\": your first change keeps it in the project");
    // No events: a neutral hint, no list of steps that never show, no marks on the cards.
    h.get_by_label_contains("Add events to see what the consumer is shown");
    assert!(h.query_by_label_contains("Steps that never show").is_none());
    assert!(
        h.query_by_label_contains("never shown in the journey")
            .is_none()
    );
    assert!(!h.state().window_title().ends_with(" *"));

    support::click(&mut h, "Add login");
    let p = support::project(&h);
    assert_eq!(
        kept_events(&p, "Journey 1"),
        Some(json!([{"type": "login"}]))
    );
    assert!(
        h.state().window_title().ends_with(" *"),
        "the journey is unsaved work"
    );
    assert_eq!(
        h.state().document().history().undo_label(),
        Some("Add login to journey \"Journey 1\"")
    );
    h.get_by_label_contains("Editing \"Journey 1\", kept in the project");
    h.get_by_label("Steps that never show: Third Login, Pricing Page, Upgrade CTA");
    h.get_by_label(NEVER_SHOWN);

    // Another tab: the cards no longer carry the journey's marks.
    support::studio_tab(&mut h, "Preview");
    assert!(h.query_by_label(NEVER_SHOWN).is_none());
    support::studio_tab(&mut h, "Journey");
    h.get_by_label(NEVER_SHOWN);

    // Typing a path is one undo step.
    support::click(&mut h, "Add visit");
    h.get_by_label("Path of event #2").focus();
    h.run_steps(2);
    h.get_by_label("Path of event #2").type_text("/teams");
    h.run_steps(3);
    // Leaving the box: Ctrl+Z is the document's again (in the box it is the box's).
    h.key_press(Key::Escape);
    h.run_steps(2);
    let events = kept_events(&support::project(&h), "Journey 1").unwrap();
    assert_eq!(events[1]["path"], json!("/pricing/teams"));
    assert_eq!(
        h.state().document().history().undo_label(),
        Some("Edit journey \"Journey 1\"")
    );

    // Ctrl+S writes it in the project's `journeys`.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(1);
    h.state_mut().wait_for_files();
    h.run_steps(2);
    assert!(!h.state().window_title().ends_with(" *"));
    let saved = Project::from_bytes(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(kept_events(&saved, "Journey 1"), Some(events));

    // Undo takes the panel back with the document: the path, then the visit.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert_eq!(
        h.get_by_label("Path of event #2").value().as_deref(),
        Some("/pricing")
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert!(h.query_by_label("Path of event #2").is_none());
    let panel = h.state_mut().journey_panel().unwrap();
    assert_eq!(
        panel.journey().events,
        vec![Event::Login { dismiss: false }]
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert_eq!(kept_events(&support::project(&h), "Journey 1"), None);
    assert!(
        h.state_mut()
            .journey_panel()
            .unwrap()
            .journey()
            .events
            .is_empty()
    );
    assert!(h.query_by_label(NEVER_SHOWN).is_none());
}

/// Finding 7: another project brings its own journey, and with zero steps the panel says so.
#[test]
fn another_project_brings_its_own_journey_and_zero_steps_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = studio_on_file(dir.path());
    support::studio_tab(&mut h, "Journey");
    support::click(&mut h, "Add login");
    support::click(&mut h, "Add login");
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    support::click(&mut h, "Don't save");
    support::studio_tab(&mut h, "Journey");
    assert!(support::project(&h).steps.is_empty());
    assert!(
        h.state_mut()
            .journey_panel()
            .unwrap()
            .journey()
            .events
            .is_empty()
    );
    assert!(h.query_by_label("#1 Login #1").is_none());
    support::click(&mut h, "Add login");
    h.get_by_label_contains("This project has no steps");
    assert!(
        h.query_by_label("Every step shows at least once.")
            .is_none()
    );
    assert!(
        h.query_by_label("Every field is asked at least once.")
            .is_none()
    );

    // A project file with kept journeys: the first one is the journey being edited.
    let other = dir.path().join("kept.ppstudio.json");
    std::fs::copy("tests/data/project-with-journeys.ppstudio.json", &other).unwrap();
    let mut h = support::studio_with(FakeDialogs::default(), Some(other));
    support::studio_tab(&mut h, "Journey");
    let p = support::project(&h);
    let first = p.journey_names()[0].clone();
    assert_eq!(h.state_mut().journey_panel().unwrap().name(), first);
    h.get_by_label_contains(&format!("Editing \"{first}\", kept in the project"));
    assert!(
        !h.state().window_title().ends_with(" *"),
        "opening changes nothing"
    );
}

#[test]
fn a_kept_journey_that_does_not_read_is_a_problem_that_leads_to_the_journey_tab() {
    let mut h = support::studio();
    h.state_mut().apply_edit(ppstudio::edit::Edit::SetJourneys(
        serde_json::from_value(json!({ "Broken": { "events": [{ "type": "jump" }] } })).ok(),
    ));
    h.run_steps(3);
    let problem = h
        .get_all_by_role(Role::Button)
        .find(|n| {
            n.accesskit_node().label().is_some_and(|l| {
                l.starts_with("Warning: journeys.Broken: The kept journey \"Broken\"")
            })
        })
        .expect("the unreadable journey is in the problems list")
        .accesskit_node()
        .label()
        .unwrap_or_default();
    assert!(problem.contains("unknown event type \"jump\""), "{problem}");
    h.get_by_label(&problem).click();
    h.run_steps(3);
    h.get_by_label_contains("Editing \"Journey 1\"");
    h.get_by_label("Load \"Broken\"");
}

#[test]
fn a_journey_name_that_clashes_while_typed_is_said_and_moves_nothing_below() {
    let mut project = Project::default_project();
    project.journeys = serde_json::from_value(json!({
        "Returning": { "events": [{ "type": "login" }] },
        "Broken": { "events": [{ "type": "jump" }] },
    }))
    .ok();
    // As wide as the side panel of an 800x500 window, where a note beside the name wraps.
    let mut h = harness_sized(project, egui::vec2(380.0, 1600.0));
    h.run();
    let below = |h: &Harness<'_, State>| {
        h.get_by_label_contains("Site options for this journey")
            .rect()
    };
    let before = below(&h);
    h.get_by_label("Journey name").focus();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    for c in ["B", "r", "o", "k", "e", "n"] {
        h.get_by_label("Journey name").type_text(c);
        h.run_steps(1);
        assert_eq!(below(&h), before, "after {c}");
    }
    h.get_by_label_contains("Save to project overwrites the kept journey \"Broken\"");
}
