//! The studio, driven through its UI as a user would (egui_kittest, no GPU, no display).
#![cfg(feature = "gui")]

use std::path::PathBuf;

use egui::accesskit::Role;
use egui::{Key, Modifiers, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ppstudio::project::{Project, TriggerKind};
use ppstudio::studio::files::FakeDialogs;
use ppstudio::studio::panels::Selection;
use ppstudio::studio::{StudioApp, StudioOptions};

mod support;

use support::*;

/// Ten mixed edits through the UI, the project asserted after each; then ten undos and ten
/// redos by keyboard, each state compared with the one recorded.
#[test]
fn undo_and_redo_ten_mixed_edits() {
    let mut h = studio();
    let mut states = vec![project(&h)];
    let record = |h: &Harness<'_, StudioApp>, states: &mut Vec<Project>| {
        let p = project(h);
        assert_ne!(Some(&p), states.last(), "the edit changed nothing");
        states.push(p);
    };

    // 1. Drag Company from the palette into First Login.
    palette_tab(&mut h, "Standard (Basic) (");
    let from = center(&h, "Palette field Company (company)");
    let to = rect(&h, "Field Phone Number (phoneid) in First Login").left_bottom();
    drag(&mut h, from, to + vec2(60.0, -2.0));
    assert_eq!(
        field_names(&h, "First Login"),
        ["firstname", "lastname", "phoneid", "company"]
    );
    record(&h, &mut states);

    // 2. Alt+Up on the selected field.
    click(&mut h, "Field Company (company) in First Login");
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowUp);
    h.run_steps(2);
    assert_eq!(
        field_names(&h, "First Login"),
        ["firstname", "lastname", "company", "phoneid"]
    );
    record(&h, &mut states);

    // 3. Context menu: Move to step > Pricing Page is refused (it has company): disabled.
    //    Move Last Name to Third Login instead.
    h.get_by_label("Field Last Name (lastname) in First Login")
        .click_secondary();
    h.run_steps(2);
    h.get_by_label("Move to step").hover();
    h.run_steps(2);
    h.get_by_label("Third Login").click();
    h.run_steps(2);
    assert_eq!(
        field_names(&h, "Third Login"),
        ["gender", "birthdate", "country", "lastname"]
    );
    record(&h, &mut states);

    // 4. Delete removes the selected field.
    click(&mut h, "Field Phone Number (phoneid) in First Login");
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert_eq!(field_names(&h, "First Login"), ["firstname", "company"]);
    record(&h, &mut states);

    // 5. Type a new label in the inspector (one undo step for the whole word).
    click(&mut h, "Field Company (company) in First Login");
    h.get_by_role_and_label(Role::TextInput, "Label").focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, "Label")
        .type_text("Employer");
    h.run_steps(2);
    assert_eq!(project(&h).steps[0].fields[1].display, "Employer");
    record(&h, &mut states);
    h.key_press(Key::Escape);
    h.run_steps(2);

    // 6. Add a step (menu).
    click(&mut h, "+ Add step");
    assert_eq!(project(&h).steps.len(), 5);
    record(&h, &mut states);

    // 7. Duplicate a step through its card's context menu.
    context_click(&mut h, "Step Pricing Page", "Duplicate step");
    assert!(
        project(&h)
            .steps
            .iter()
            .any(|s| s.name == "Pricing Page copy")
    );
    record(&h, &mut states);

    // 8. Move a step up (context menu).
    context_click(&mut h, "Step Upgrade CTA", "Move step up");
    let names: Vec<String> = project(&h).steps.iter().map(|s| s.name.clone()).collect();
    assert_eq!(
        names,
        [
            "First Login",
            "New step",
            "Third Login",
            "Pricing Page",
            "Upgrade CTA",
            "Pricing Page copy"
        ]
    );
    record(&h, &mut states);

    // 9. Change a step's trigger in the inspector.
    click(&mut h, "Step First Login");
    h.get_by_label("Trigger").click();
    h.run_steps(2);
    h.get_by_label("Login count").click();
    h.run_steps(2);
    assert_eq!(
        project(&h).steps[0].trigger.kind,
        TriggerKind::LoginCount(3)
    );
    record(&h, &mut states);

    // 10. Delete a step (menu).
    click(&mut h, "Delete this step");
    assert!(!project(&h).steps.iter().any(|s| s.name == "First Login"));
    record(&h, &mut states);

    assert_eq!(states.len(), 11);
    assert_eq!(h.state().document().history().undo_len(), 10);
    for i in (0..10).rev() {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run_steps(2);
        assert_eq!(project(&h), states[i], "after undo back to state {i}");
    }
    assert!(!h.state().document().is_dirty());
    for (n, state) in states.iter().enumerate().skip(1) {
        if n % 2 == 0 {
            h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        } else {
            h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
        }
        h.run_steps(2);
        assert_eq!(&project(&h), state, "after redo to state {n}");
    }
}

#[test]
fn edit_a_field_in_the_inspector() {
    let mut h = studio();
    click(&mut h, "Field Gender (gender) in Third Login");
    assert!(matches!(h.state().selection(), Selection::Field(_)));
    let rules = h.get_by_role_and_label(Role::MultilineTextInput, "Validation");
    rules.focus();
    h.run_steps(1);
    h.key_press(Key::End);
    h.get_by_role_and_label(Role::MultilineTextInput, "Validation")
        .type_text("|min_lenght[2]");
    h.run_steps(2);
    let p = project(&h);
    let gender = p.steps[1].field("gender").unwrap();
    assert_eq!(gender.rules, "required|min_lenght[2]");
    // The readable list marks the unknown rule.
    assert!(
        h.query_by_label_contains("unknown rule").is_some(),
        "the misspelt rule is marked"
    );
    // While the text field has focus, Ctrl+Z undoes typing in it (egui's own undo), not the
    // document: the project's other fields are untouched either way.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().document().history().undo_len(), 1);
    // Leaving the field and pressing Ctrl+Z undoes the whole typing as one step.
    h.key_press(Key::Escape);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(
        project(&h).steps[1].field("gender").unwrap().rules,
        "required"
    );
    assert_eq!(h.state().document().history().undo_len(), 0);

    // Options: paste value|text lines.
    let paste = h.get_by_role_and_label(Role::MultilineTextInput, "Paste value|text lines");
    paste.focus();
    h.run_steps(1);
    h.get_by_role_and_label(Role::MultilineTextInput, "Paste value|text lines")
        .type_text("X|Other\nU|Unspecified");
    h.run_steps(2);
    click(&mut h, "Add 2 pasted options");
    let p = project(&h);
    let values: Vec<&str> = p.steps[1]
        .field("gender")
        .unwrap()
        .options
        .list()
        .iter()
        .map(|o| o.value.as_str())
        .collect();
    assert_eq!(values[values.len() - 2..], ["X", "U"]);
}

#[test]
fn the_command_palette_finds_and_runs_a_command() {
    let mut h = studio();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.run_steps(2);
    h.get_by_role_and_label(Role::TextInput, "Command")
        .type_text("add st");
    h.run_steps(2);
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert_eq!(project(&h).steps.len(), 5);
}

#[test]
fn the_help_menu_gets_a_new_user_started_lists_the_shortcuts_and_says_what_this_is() {
    let mut h = studio();
    let help = |h: &mut Harness<'_, StudioApp>, item: &str| {
        h.get_by_role_and_label(Role::Button, "Help").click();
        h.run_steps(2);
        // A menu entry's label carries its shortcut too ("Getting started F1").
        h.get_by_label_contains(item).click();
        h.run_steps(3);
    };
    help(&mut h, "Getting started");
    h.get_by_label_contains("1. Start: open a project");
    h.get_by_label_contains("5. Save the project");
    h.get_by_label_contains("File › Save (Ctrl+S); File › Export platform JSON… (Ctrl+E)");
    h.get_by_label_contains("Step › Add step (Ctrl+Shift+N)");
    click(&mut h, "Close");
    assert!(h.query_by_label_contains("1. Start").is_none());

    // Made from the command table: every command with a shortcut, with all of its keys.
    help(&mut h, "Keyboard shortcuts");
    let ctx = h.ctx.clone();
    for c in ppstudio::studio::commands::COMMANDS.iter() {
        if c.shortcuts.is_empty() {
            continue;
        }
        h.get_by_label(&format!("{} › {}", c.menu.title(), c.name));
        let keys: Vec<String> = c.shortcuts.iter().map(|s| ctx.format_shortcut(s)).collect();
        h.get_by_label(&keys.join(" or "));
    }
    h.get_by_label("Help › Getting started");
    click(&mut h, "Close");
    assert!(h.query_by_label("Help › Getting started").is_none());

    help(&mut h, "About");
    h.get_by_label(&format!("Version {}", env!("PPSTUDIO_VERSION")));
    h.get_by_label("Licence: MIT");
    h.get_by_label_contains("Documentation: the README");
    click(&mut h, "Close");

    // The palette finds the Help menu by its name, and says when nothing matches.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.run_steps(2);
    h.get_by_role_and_label(Role::TextInput, "Command")
        .type_text("help");
    h.run_steps(2);
    // A palette entry's label carries its shortcut after the name.
    let entries = |h: &Harness<'_, StudioApp>| -> Vec<String> {
        h.query_all_by_role(Role::Button)
            .filter_map(|n| n.accesskit_node().label())
            .filter(|l| {
                ["Getting started", "Keyboard shortcuts", "About"]
                    .iter()
                    .any(|name| l.starts_with(name))
            })
            .collect()
    };
    assert_eq!(entries(&h).len(), 3, "{:?}", entries(&h));
    h.get_by_role_and_label(Role::TextInput, "Command")
        .type_text(" xyzzy");
    h.run_steps(2);
    h.get_by_label("No command matches \"help xyzzy\".");
    assert!(entries(&h).is_empty(), "{:?}", entries(&h));
}

#[test]
fn a_big_project_draws_only_the_visible_cards() {
    let mut p = Project::default_project();
    let template: Vec<_> = p.catalog.iter().take(25).map(|c| c.field.clone()).collect();
    p.steps = (0..200)
        .map(|i| {
            let mut s = ppstudio::project::Step::new(format!("Step {i}"));
            s.fields = template
                .iter()
                .map(ppstudio::project::Field::duplicate)
                .collect();
            s
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ppstudio.json");
    std::fs::write(&path, p.to_canonical()).unwrap();
    let mut h = studio_with(FakeDialogs::default(), Some(path));
    assert_eq!(project(&h).steps.len(), 200);
    h.run_steps(10);
    // Frame times are measured by `cargo bench --bench frame`, not asserted here.
    let drawn = h.query_all_by_label_contains(" in Step ").count();
    assert!(drawn > 0 && drawn < 200, "{drawn} field rows drawn of 5000");
}

#[test]
fn the_preview_tab_shows_the_selected_step_and_never_touches_the_document() {
    let mut h = studio();
    studio_tab(&mut h, "Preview");
    // Nothing selected: the first step.
    h.get_by_label("Preview: First Login");
    click(&mut h, "Step Third Login");
    // Selecting keeps the preview in front, on the selected step.
    h.get_by_label("Preview: Third Login");
    h.get_by_role_and_label(Role::ComboBox, "Gender");
    click(&mut h, "Field Company (company) in Pricing Page");
    h.get_by_label("Preview: Pricing Page");
    let before = project(&h);
    let undo_len = h.state().document().history().undo_len();
    h.get_by_role_and_label(Role::Button, "Progressive Profiling")
        .click();
    h.run_steps(3);
    h.get_by_label("The Company field is required.");
    h.get_by_role_and_label(Role::TextInput, "Company").focus();
    h.run_steps(1);
    h.get_by_role_and_label(Role::TextInput, "Company")
        .type_text("Acme");
    h.run_steps(3);
    assert!(h.query_by_label("The Company field is required.").is_none());
    assert_eq!(project(&h), before);
    assert_eq!(h.state().document().history().undo_len(), undo_len);
    assert!(!h.state().document().is_dirty());
    // Ctrl+1 brings the inspector back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    h.run_steps(2);
    assert!(h.query_by_label("Preview: Pricing Page").is_none());
}

#[test]
fn a_journey_marks_the_cards_and_can_be_kept_in_the_project_with_undo() {
    let mut h = studio();
    studio_tab(&mut h, "Journey");
    // No events yet: nothing is marked.
    h.get_by_label("Step Third Login");
    click(&mut h, "Add login");
    h.run_steps(2);
    // One login shows First Login only.
    h.get_by_label("Step First Login");
    for step in ["Third Login", "Pricing Page", "Upgrade CTA"] {
        h.get_by_label(&format!("Step {step} (never shown in the journey)"));
    }
    h.get_by_label("Field Gender (gender) in Third Login (never asked in the journey)");
    h.get_by_label("Field First Name (firstname) in First Login");
    // Two more logins: Third Login shows.
    click(&mut h, "Add login");
    click(&mut h, "Add login");
    h.run_steps(2);
    h.get_by_label("Step Third Login");
    h.get_by_label("Field Gender (gender) in Third Login");
    // Keep it in the project: one undoable edit.
    h.get_by_label("Journey name").focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.get_by_label("Journey name").type_text("Three logins");
    h.run_steps(2);
    click(&mut h, "Save to project");
    let kept = project(&h)
        .kept_journey("Three logins")
        .unwrap()
        .written()
        .clone();
    assert_eq!(kept["events"].as_array().map(Vec::len), Some(3), "{kept}");
    assert!(h.state().document().is_dirty());
    assert_eq!(
        h.state().document().history().undo_label(),
        Some("Keep journey \"Three logins\" in the project")
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    let journeys = project(&h).journeys.as_ref().unwrap().to_json();
    assert!(journeys.get("Three logins").is_none(), "{journeys}");
    // The journey edited all along stays kept, and the panel edits it again.
    assert_eq!(
        journeys["Journey 1"]["events"].as_array().map(Vec::len),
        Some(3)
    );
    assert_eq!(h.state_mut().journey_panel().unwrap().name(), "Journey 1");
}

#[test]
fn journey_files_and_the_trigger_snippet_go_through_the_file_dialogs() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = studio_with(dialogs.clone(), None);
    studio_tab(&mut h, "Journey");
    click(&mut h, "Add login");
    click(&mut h, "Add login");
    // Save the journey to a file.
    let saved = dir.path().join("two-logins.json");
    dialogs.answer(Some(saved.clone()));
    click(&mut h, "Save journey to file…");
    let text = std::fs::read_to_string(&saved).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["events"].as_array().map(Vec::len), Some(2), "{text}");
    // A broken journey file: the message names the file, line and column; the journey stays.
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{ \"events\": [ {\"type\": \"login\"}, ]\n}").unwrap();
    dialogs.answer(Some(broken.clone()));
    click(&mut h, "Open journey file…");
    let status = h.state().status().unwrap_or_default().to_string();
    assert!(status.contains("broken.json"), "{status}");
    assert!(status.contains("line 1"), "{status}");
    h.get_by_label_contains("#2 Login #2");
    // Open the saved one back.
    click(&mut h, "Remove event #1");
    dialogs.answer(Some(saved.clone()));
    click(&mut h, "Open journey file…");
    h.get_by_label_contains("#2 Login #2");
    // The snippet command writes JavaScript that calls execStep for every step.
    let js = dir.path().join("triggers.js");
    dialogs.answer(Some(js.clone()));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.run_steps(2);
    h.get_by_role_and_label(Role::TextInput, "Command")
        .type_text("snippet");
    h.run_steps(2);
    h.key_press(Key::Enter);
    h.run_steps(3);
    let script = std::fs::read_to_string(&js).unwrap();
    for step in ["First Login", "Third Login", "Pricing Page", "Upgrade CTA"] {
        assert!(script.contains(step), "{step} missing from the snippet");
    }
    assert!(script.contains("execStep"));
    assert_eq!(
        dialogs.asked.lock().unwrap().as_slice(),
        [
            ppstudio::studio::files::DialogKind::SaveJourney,
            ppstudio::studio::files::DialogKind::OpenJourney,
            ppstudio::studio::files::DialogKind::OpenJourney,
            ppstudio::studio::files::DialogKind::Snippet,
        ]
    );
}

/// The child process of the kill test: a studio on a bare egui context, with a state folder,
/// deletes a step and runs until its recovery copy is written, then waits to be killed.
/// Run only by `the_recovery_copy_brings_back_unsaved_work_after_the_process_is_killed`.
#[test]
#[ignore = "a helper process of the kill test, not a test"]
fn recovery_child_process() {
    let Some(dir) = std::env::var_os("PPSTUDIO_RECOVERY_CHILD_DIR") else {
        return;
    };
    let ctx = egui::Context::default();
    let mut app = StudioApp::with_context(
        &ctx,
        StudioOptions {
            file: None,
            state_dir: Some(PathBuf::from(dir)),
            dialogs: Box::new(FakeDialogs::default()),
        },
    );
    let frame = |app: &mut StudioApp, time: f64| {
        let input = egui::RawInput {
            time: Some(time),
            screen_rect: Some(egui::Rect::from_min_size(Pos2::ZERO, vec2(1400.0, 900.0))),
            ..Default::default()
        };
        ctx.run_ui(input, |ui| app.frame_ui(ui))
            .drop_without_applying_deltas();
    };
    frame(&mut app, 0.0);
    let pricing = app.document().project().steps[2].id;
    app.select(Selection::Step(pricing));
    app.run(&ctx, ppstudio::studio::commands::Command::DeleteStep);
    let mut time = 1.0;
    loop {
        frame(&mut app, time);
        time += 1.0;
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn the_recovery_copy_brings_back_unsaved_work_after_the_process_is_killed() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "recovery_child_process",
            "--exact",
            "--ignored",
            "--test-threads=1",
        ])
        .env("PPSTUDIO_RECOVERY_CHILD_DIR", &state)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while ppstudio::studio::recovery::copies(&state).is_empty() {
        if let Ok(Some(status)) = child.try_wait() {
            let mut err = String::new();
            use std::io::Read;
            child.stderr.take().unwrap().read_to_string(&mut err).ok();
            panic!("the child exited ({status}) before writing a recovery copy: {err}");
        }
        assert!(
            start.elapsed().as_secs() < 120,
            "no recovery copy after two minutes"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // SIGKILL: no chance to clean up.
    child.kill().unwrap();
    child.wait().unwrap();

    let mut h = studio_full(FakeDialogs::default(), None, Some(state), None);
    h.get_by_label("Recover unsaved work?");
    assert_eq!(project(&h).steps.len(), 4, "the default project first");
    click(&mut h, "Recover");
    let names: Vec<String> = project(&h).steps.iter().map(|s| s.name.clone()).collect();
    assert_eq!(names, ["First Login", "Third Login", "Upgrade CTA"]);
    assert!(h.state().document().is_dirty());
    assert!(h.state().window_title().contains('*'));
}

#[test]
fn a_catalog_field_is_added_without_dragging_from_the_step_inspector_or_the_palette_menu() {
    let mut h = studio();
    click(&mut h, "Step First Login");
    h.get_by_role_and_label(Role::TextInput, "Add a field")
        .focus();
    h.run_steps(1);
    h.get_by_role_and_label(Role::TextInput, "Add a field")
        .type_text("compan");
    h.run_steps(2);
    // Already in First Login? No: Company is added at the end.
    click(&mut h, "Add Company (company)");
    assert_eq!(
        field_names(&h, "First Login"),
        ["firstname", "lastname", "phoneid", "company"]
    );
    assert_eq!(
        h.state().document().history().undo_label(),
        Some("Add Company to First Login")
    );
    // The box is empty for the next field; typed again, Company's button is disabled.
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Add a field")
            .value()
            .as_deref(),
        Some("")
    );
    h.get_by_role_and_label(Role::TextInput, "Add a field")
        .focus();
    h.run_steps(1);
    h.get_by_role_and_label(Role::TextInput, "Add a field")
        .type_text("compan");
    h.run_steps(2);
    assert!(
        h.get_by_label("Add Company (company)")
            .accesskit_node()
            .is_disabled(),
        "a field the step has cannot be added twice"
    );
    // The palette's context menu: Add to step › Upgrade CTA.
    palette_tab(&mut h, "Standard (Advanced)");
    h.get_by_label("Palette field Industry (industry)")
        .click_secondary();
    h.run_steps(2);
    h.get_by_label("Add to step").click();
    h.run_steps(2);
    click(&mut h, "Upgrade CTA");
    assert_eq!(
        field_names(&h, "Upgrade CTA").last().map(String::as_str),
        Some("industry")
    );
}

#[test]
fn a_step_is_made_with_the_keyboard_alone() {
    let mut h = studio();
    // Ctrl+Shift+N adds a step and puts the cursor in its name, text selected.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::N);
    h.run_steps(3);
    h.get_by_role_and_label(Role::TextInput, "Step name")
        .type_text("Onboarding");
    h.run_steps(2);
    // A draft until the focus leaves the box: Tab commits it.
    let last = |h: &Harness<'_, StudioApp>| project(h).steps.last().map(|s| s.name.clone());
    assert_eq!(last(&h).as_deref(), Some("New step"));
    h.key_press(Key::Tab);
    h.run_steps(2);
    assert_eq!(last(&h).as_deref(), Some("Onboarding"));
    // Tab reaches the "Add a field" box; Enter on a found field's button adds it.
    for _ in 0..12 {
        if h.get_by_role_and_label(Role::TextInput, "Add a field")
            .is_focused()
        {
            break;
        }
        h.key_press(Key::Tab);
        h.run_steps(1);
    }
    assert!(
        h.get_by_role_and_label(Role::TextInput, "Add a field")
            .is_focused(),
        "Tab never reached the Add a field box"
    );
    h.get_by_role_and_label(Role::TextInput, "Add a field")
        .type_text("phone");
    h.run_steps(2);
    h.key_press(Key::Tab);
    h.run_steps(1);
    assert!(
        h.get_by_label("Add Phone Number (phoneid)").is_focused(),
        "Tab moves from the box to the first match"
    );
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert_eq!(field_names(&h, "Onboarding"), ["phoneid"]);
    // Ctrl+Z takes it back out, by keyboard too (the focus is on a button, not on text).
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert!(field_names(&h, "Onboarding").is_empty());
}

#[test]
fn a_rule_problem_with_a_fix_is_fixed_by_one_click_and_undone_by_one_key() {
    let mut h = studio();
    click(&mut h, "Field Company (company) in Pricing Page");
    let rules = h.get_by_role_and_label(Role::MultilineTextInput, "Validation");
    rules.focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.get_by_role_and_label(Role::MultilineTextInput, "Validation")
        .type_text("Required|min_lenght[3]");
    h.run_steps(3);
    // In the inspector and in the problems list.
    assert_eq!(
        h.query_all_by_label_contains("Did you mean \"required\"?")
            .count(),
        2
    );
    click(&mut h, "Fix problem 1");
    let company = |h: &Harness<'_, StudioApp>| {
        project(h).steps[2]
            .field("company")
            .map(|f| f.rules.clone())
            .unwrap_or_default()
    };
    assert_eq!(company(&h), "required|min_lenght[3]");
    click(&mut h, "Fix problem 1");
    assert_eq!(company(&h), "required|min_length[3]");
    assert!(h.query_by_label_contains("Fix problem").is_none());
    assert_eq!(
        h.state().document().history().undo_label(),
        Some("Fix validation of Company")
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(company(&h), "required|min_lenght[3]");
}

/// A file dropped on the window, as winit hands it over.
#[test]
fn a_json_file_dropped_on_the_window_opens_or_imports_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut small = Project::default_project();
    small.steps.truncate(1);
    small.name = "Dropped".into();
    let project_path = dir.path().join("dropped.ppstudio.json");
    std::fs::write(&project_path, small.to_canonical()).unwrap();
    let mut h = studio();
    drop_file(&mut h, project_path);
    assert_eq!(project(&h).name, "Dropped");
    assert_eq!(project(&h).steps.len(), 1);
    assert!(h.state().window_title().ends_with("dropped.ppstudio.json"));
    // Platform JSON is imported (unsaved, no path).
    let platform = dir.path().join("steps.json");
    std::fs::write(&platform, ONE_IMPORTED_STEP).unwrap();
    drop_file(&mut h, platform);
    assert_eq!(project(&h).steps[0].name, "Imported");
    assert!(h.state().document().is_dirty());
    assert!(h.state().document().path.is_none());
}

#[test]
fn themes_switch_and_zoom_follows_the_keyboard() {
    let mut h = studio();
    click(&mut h, "View");
    click(&mut h, "Theme: light");
    assert!(!h.ctx.global_style().visuals.dark_mode);
    h.get_by_label("theme: light");
    click(&mut h, "View");
    click(&mut h, "Theme: dark");
    assert!(h.ctx.global_style().visuals.dark_mode);
    let zoom = h.ctx.zoom_factor();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    h.run_steps(2);
    assert!(
        h.ctx.zoom_factor() > zoom,
        "{} after Ctrl+Plus",
        h.ctx.zoom_factor()
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    h.run_steps(2);
    assert_eq!(h.ctx.zoom_factor(), 1.0);
}

#[test]
fn saved_files_are_remembered_in_open_recent() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let path = dir.path().join("recent.ppstudio.json");
    let dialogs = FakeDialogs::default();
    dialogs.answer(Some(path.clone()));
    let mut h = studio_full(dialogs, None, Some(state.clone()), None);
    click(&mut h, "Field Gender (gender) in Third Login");
    h.key_press(Key::Delete);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(1);
    h.state_mut().wait_for_files();
    h.run_steps(2);
    assert!(path.exists());
    drop(h);
    // A new studio lists it under File > Open recent and opens it from there.
    let mut h = studio_full(FakeDialogs::default(), None, Some(state), None);
    assert_eq!(
        project(&h).steps[1].fields.len(),
        3,
        "the default project first"
    );
    click(&mut h, "File");
    click(&mut h, "Open recent");
    click(&mut h, &path.display().to_string());
    assert!(h.state().window_title().ends_with("recent.ppstudio.json"));
    assert_eq!(field_names(&h, "Third Login"), ["birthdate", "country"]);
}

#[test]
fn export_writes_the_platform_json_and_import_reads_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("steps.json");
    let dialogs = FakeDialogs::default();
    let mut h = studio_with(dialogs.clone(), None);
    click(&mut h, "Field Gender (gender) in Third Login");
    h.key_press(Key::Delete);
    h.run_steps(2);
    dialogs.answer(Some(out.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(3);
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written, ppstudio::loginradius::export_string(&project(&h)));
    assert!(
        h.state()
            .status()
            .unwrap_or_default()
            .starts_with("Exported to")
    );
    // Export does not save the project: the work is still unsaved.
    assert!(h.state().document().is_dirty());
    // Import (Ctrl+I) asks about the unsaved work first; "Don't save" goes on.
    dialogs.answer(Some(out));
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run_steps(2);
    click(&mut h, "Don't save");
    h.run_steps(2);
    let steps: Vec<String> = project(&h).steps.iter().map(|s| s.name.clone()).collect();
    assert_eq!(
        steps,
        ["First Login", "Third Login", "Pricing Page", "Upgrade CTA"]
    );
    assert_eq!(field_names(&h, "Third Login"), ["birthdate", "country"]);
}

/// The frame that handles a keystroke or a click is the one the window shows with its effect:
/// the step card shows a character typed in the inspector, and the row clicked is selected,
/// in that frame (the app draws it again at once when its actions changed the document or the
/// selection), never one frame later.
#[test]
fn the_frame_that_handles_an_edit_shows_it() {
    let mut h = studio();
    h.get_by_label("Field Phone Number (phoneid) in First Login")
        .click();
    h.step();
    let phone = project(&h).steps[0].fields[2].id;
    assert_eq!(h.state().selection(), Selection::Field(phone));
    assert_eq!(h.state().drawn_revision(), h.state().document().revision());
    assert_eq!(
        h.query_by_role_and_label(Role::TextInput, "Label")
            .and_then(|n| n.accesskit_node().value())
            .as_deref(),
        Some("Phone Number"),
        "the inspector shows the field clicked in the frame of the click"
    );
    h.get_by_role_and_label(Role::TextInput, "Label").focus();
    h.run_steps(2);
    h.event(egui::Event::Text("!".into()));
    h.step();
    assert_eq!(project(&h).steps[0].fields[2].display, "Phone Number!");
    assert_eq!(h.state().drawn_revision(), h.state().document().revision());
    assert!(
        h.query_by_label("Field Phone Number! (phoneid) in First Login")
            .is_some(),
        "the step card shows the character in the frame that handled the key"
    );
}

/// File › Export review page… writes the review page of the project as it is in the studio;
/// File › Export registration form… says so when there is none, else writes it.
#[test]
fn the_review_page_and_the_registration_form_are_exported_from_the_file_menu() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = studio_with(dialogs.clone(), None);
    let review = dir.path().join("review.html");
    dialogs.answer(Some(review.clone()));
    click(&mut h, "File");
    h.get_by_label_contains("Export review page…").click();
    h.run_steps(3);
    let page = std::fs::read_to_string(&review).unwrap();
    assert!(page.contains("data-step=\"First Login\" data-locale=\"\""));
    assert!(
        h.state()
            .status()
            .unwrap_or_default()
            .starts_with("Review page written to")
    );
    click(&mut h, "File");
    h.get_by_label_contains("Export registration form…").click();
    h.run_steps(3);
    assert!(
        h.state()
            .status()
            .unwrap_or_default()
            .contains("The project has no registration form to export")
    );
}
