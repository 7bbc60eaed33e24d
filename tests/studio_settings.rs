//! The project settings view and the sample profile in the whole studio, driven through its UI
//! as a product manager would (egui_kittest).
#![cfg(feature = "gui")]

use egui::accesskit::Role;
use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ppstudio::project::{Project, SiteOption};
use ppstudio::studio::files::{DialogKind, FakeDialogs};
use ppstudio::studio::{StudioApp, StudioOptions};

mod support;
use support::{click, replace_in};

fn studio_with(dialogs: FakeDialogs) -> Harness<'static, StudioApp> {
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 1300.0))
        .build_eframe(move |cc| {
            StudioApp::new(
                cc,
                StudioOptions {
                    file: None,
                    state_dir: None,
                    dialogs: Box::new(dialogs),
                },
            )
        });
    h.run_steps(3);
    h
}

fn project(h: &Harness<'_, StudioApp>) -> Project {
    h.state().document().project().clone()
}

fn tab(h: &mut Harness<'_, StudioApp>, title: &str) {
    h.get_by_role_and_label(Role::Button, title).click();
    h.run_steps(2);
}

fn undo(h: &mut Harness<'_, StudioApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
}

#[test]
fn the_settings_view_is_reached_from_the_menu_the_palette_and_its_shortcut() {
    let mut h = studio_with(FakeDialogs::default());
    click(&mut h, "File");
    // The menu entry shows its shortcut too.
    h.get_by_label_contains("Project settings…").click();
    h.run_steps(2);
    h.get_by_label("Project settings");
    // Each option with its one-line explanation and its default.
    for o in SiteOption::ALL {
        h.get_by_role_and_label(Role::CheckBox, o.key());
        h.get_by_label_contains(o.explanation());
    }
    tab(&mut h, "Inspector");
    assert!(h.query_by_label("Project settings").is_none());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.run_steps(2);
    h.get_by_role_and_label(Role::TextInput, "Command")
        .type_text("proj sett");
    h.run_steps(2);
    h.key_press(Key::Enter);
    h.run_steps(3);
    h.get_by_label("Project settings");
    tab(&mut h, "Inspector");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Comma);
    h.run_steps(3);
    h.get_by_label("Project settings");
}

#[test]
fn each_option_and_the_project_name_are_undoable_edits() {
    let mut h = studio_with(FakeDialogs::default());
    tab(&mut h, "Settings");
    click(&mut h, "isPINAuthentication");
    assert!(project(&h).settings.is_pin_authentication);
    assert!(h.state().document().is_dirty());
    assert_eq!(
        h.state().document().history().undo_label(),
        Some("Turn on isPINAuthentication")
    );
    click(&mut h, "askOptionalFieldsOnProgressiveSteps");
    assert!(!project(&h).settings.ask_optional_fields);
    assert_eq!(
        h.state().document().history().undo_label(),
        Some("Turn off askOptionalFieldsOnProgressiveSteps")
    );
    // Saved as the file writes them: the one on by default always, the others when on.
    let text = project(&h).to_canonical();
    assert!(
        text.contains(
            "\"settings\": {\n    \"askOptionalFieldsOnProgressiveSteps\": false,\n    \
             \"isPINAuthentication\": true\n  },"
        ),
        "{text}"
    );
    undo(&mut h);
    undo(&mut h);
    assert_eq!(project(&h).settings, Project::default_project().settings);

    replace_in(&mut h, "Project name", "Acme consumer profile");
    assert_eq!(project(&h).name, "Acme consumer profile");
    click(&mut h, "optionalEmailVerification");
    click(&mut h, "Reset the options to the defaults");
    assert_eq!(project(&h).settings, Project::default_project().settings);
    undo(&mut h);
    assert!(project(&h).settings.optional_email_verification);
    undo(&mut h);
    assert!(!project(&h).settings.optional_email_verification);
    // Typing the name was one undo step.
    undo(&mut h);
    assert_eq!(project(&h).name, Project::default_project().name);
    assert!(!h.state().document().is_dirty());
}

#[test]
fn the_preview_follows_the_sample_profile_and_the_options_switched_in_the_settings_view() {
    let mut h = studio_with(FakeDialogs::default());
    click(&mut h, "Field First Name (firstname) in First Login");
    tab(&mut h, "Preview");
    replace_in(
        &mut h,
        "Sample profile JSON",
        r#"{"Provider": "Email", "FirstName": "Ann", "LastName": "Lee", "PhoneId": null}"#,
    );
    click(&mut h, "Use this profile");
    assert_eq!(
        h.state().document().history().undo_label(),
        Some("Set the sample profile")
    );
    assert!(project(&h).sample_profile().is_some());
    h.get_by_label("First Name [firstname] known: the profile has firstname = \"Ann\"");
    // The optional phone shows: askOptionalFieldsOnProgressiveSteps is on.
    h.get_by_role_and_label(Role::TextInput, "Phone Number");

    tab(&mut h, "Settings");
    click(&mut h, "askOptionalFieldsOnProgressiveSteps");
    tab(&mut h, "Preview");
    h.get_by_label(
        "Nothing happens: no field left to ask is required, and \
         askOptionalFieldsOnProgressiveSteps is off.",
    );
    assert!(
        h.query_by_role_and_label(Role::TextInput, "Phone Number")
            .is_none()
    );
    undo(&mut h);
    h.get_by_role_and_label(Role::TextInput, "Phone Number");

    // A social consumer: the re-consent instead of the form.
    click(&mut h, "Field Gender (gender) in Third Login");
    replace_in(
        &mut h,
        "Sample profile JSON",
        r#"{"Provider": "facebook", "FirstName": "Ann"}"#,
    );
    click(&mut h, "Use this profile");
    h.get_by_label("Re-consent with facebook");
    h.get_by_label("Scopes: user_birthday");
    assert!(h.query_by_label("Progressive Profiling").is_none());
    // Undo gives back the previous profile, and the box shows it.
    undo(&mut h);
    assert_eq!(
        project(&h).sample_profile().map(|p| p["Provider"].clone()),
        Some(serde_json::json!("Email"))
    );
    assert!(h.query_by_label("Re-consent with facebook").is_none());
}

#[test]
fn a_profile_file_opens_into_the_sample_profile_or_says_where_it_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("asha.json");
    std::fs::write(
        &good,
        r#"{"Provider": "Email", "FirstName": "Asha", "LastName": "Rao"}"#,
    )
    .unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"FirstName\": \"Asha\",\n}").unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = studio_with(dialogs.clone());
    tab(&mut h, "Preview");
    dialogs.answer(Some(bad.clone()));
    click(&mut h, "Open profile file…");
    let status = h.state().status().unwrap_or_default().to_string();
    // What is wrong first, then where.
    assert!(
        status.contains("JSON allows no comma before a closing ] or }: remove it (")
            && status.contains("bad.json, line 3, column 1)."),
        "{status}"
    );
    assert!(project(&h).sample_profile().is_none());
    dialogs.answer(Some(good));
    click(&mut h, "Open profile file…");
    assert_eq!(
        project(&h).sample_profile().map(|p| p["FirstName"].clone()),
        Some(serde_json::json!("Asha"))
    );
    h.get_by_label("First Name [firstname] known: the profile has firstname = \"Asha\"");
    assert_eq!(
        dialogs.asked.lock().unwrap().as_slice(),
        [DialogKind::OpenProfile, DialogKind::OpenProfile]
    );
    // The journey panel opens its own profile the same way.
    tab(&mut h, "Journey");
    dialogs.answer(Some(bad));
    click(&mut h, "Open profile file…");
    // In the profile box and in the status bar.
    assert_eq!(
        h.get_all_by_label_contains("bad.json, line 3, column 1).")
            .count(),
        2
    );
}
