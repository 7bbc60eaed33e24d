//! The consumer's profile page in the studio (the "Profile page" tab, Ctrl+7), driven as a
//! product manager would (egui_kittest): the editable form with its pre-filled values, the
//! read-only list, one sentence a field, and showInEditor switched on and undone.
#![cfg(feature = "gui")]

use egui::accesskit::Role;
use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ppstudio::project::Project;
use ppstudio::studio::files::FakeDialogs;
use ppstudio::studio::{StudioApp, StudioOptions};
use serde_json::json;

/// The default project with a registration form and a sample consumer whose email is not
/// verified.
fn project() -> Project {
    let mut v: serde_json::Value =
        serde_json::from_str(&Project::default_project().to_canonical()).unwrap();
    v["registration"] = json!([
        { "type": "email", "name": "emailid", "display": "Email", "rules": "required|valid_email",
          "options": null, "permission": "w", "Checked": true, "Parent": "", "DataSource": null,
          "ParentDataSource": null },
        { "type": "string", "name": "firstname", "display": "First Name", "rules": "required",
          "options": null, "permission": "w", "Checked": true, "Parent": "", "DataSource": null,
          "ParentDataSource": null }
    ]);
    v["sampleProfile"] = json!({ "Provider": "Email", "FirstName": "Ann",
        "Email": [ { "Type": "Primary", "Value": "ann@example.com" } ], "EmailVerified": false });
    Project::from_bytes(v.to_string().as_bytes()).unwrap()
}

fn studio(dir: &std::path::Path) -> Harness<'static, StudioApp> {
    let path = dir.join("acme.ppstudio.json");
    std::fs::write(&path, project().to_canonical()).unwrap();
    let mut h = Harness::builder()
        .with_size(vec2(1600.0, 1400.0))
        .build_eframe(move |cc| {
            StudioApp::new(
                cc,
                StudioOptions {
                    file: Some(path),
                    state_dir: None,
                    dialogs: Box::new(FakeDialogs::default()),
                },
            )
        });
    h.run_steps(3);
    h
}

#[test]
fn the_profile_page_shows_the_form_the_list_and_why_and_show_in_editor_is_an_undoable_edit() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = studio(dir.path());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num7);
    h.run_steps(3);
    h.get_by_label("The consumer's profile page");
    // The editable form: First Name pre-filled; the unverified email is absent, with its reason.
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "First Name")
            .value()
            .as_deref(),
        Some("Ann")
    );
    h.get_by_label("First Name (firstname): Ann");
    h.get_by_label(
        "absent: an unverified email is not shown unless askEmailForUnverifiedProfileAlways is on",
    );
    assert!(h.query_by_label("Company (company): —").is_none());
    // A step field is absent while showInEditor is off, and says so.
    assert!(
        h.query_all_by_label(
            "absent: a step's field shows on the profile page only when showInEditor is on"
        )
        .count()
            > 0
    );
    h.get_by_role_and_label(
        Role::CheckBox,
        "showInEditor: the steps' fields are on the profile page too",
    )
    .click();
    h.run_steps(3);
    assert!(h.state().document().project().settings.show_in_editor);
    // Now the steps' fields are on the page: Company is editable, empty, and listed.
    h.get_by_label("Company (company): —");
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Company")
            .value()
            .as_deref()
            .unwrap_or_default(),
        ""
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert!(!h.state().document().project().settings.show_in_editor);
    assert!(h.query_by_label("Company (company): —").is_none());
}
