//! Adding fields to the step being built: Enter adds the one field the search finds, the box
//! empties after an add and does not follow the user to another step, and a new custom field
//! goes into the step being edited.
#![cfg(feature = "gui")]

mod support;

use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ppstudio::studio::StudioApp;
use support::{ONE_IMPORTED_STEP, click, drop_file, field_names, palette_tab, project, studio};

fn search_box(h: &mut Harness<'_, StudioApp>, text: &str) {
    h.get_by_role_and_label(Role::TextInput, "Add a field")
        .focus();
    h.run_steps(1);
    h.get_by_role_and_label(Role::TextInput, "Add a field")
        .type_text(text);
    h.run_steps(2);
}

fn search_value(h: &Harness<'_, StudioApp>) -> String {
    h.get_by_role_and_label(Role::TextInput, "Add a field")
        .value()
        .unwrap_or_default()
}

#[test]
fn enter_adds_the_one_field_found_and_empties_the_box() {
    let mut h = studio();
    click(&mut h, "Step First Login");
    search_box(&mut h, "job ti");
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert_eq!(
        field_names(&h, "First Login"),
        ["firstname", "lastname", "phoneid", "jobtitle"]
    );
    assert_eq!(search_value(&h), "", "the box is empty for the next field");
}

#[test]
fn enter_with_several_matches_adds_nothing_and_says_why() {
    let mut h = studio();
    click(&mut h, "Step First Login");
    search_box(&mut h, "name");
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert_eq!(
        field_names(&h, "First Login"),
        ["firstname", "lastname", "phoneid"]
    );
    assert!(
        h.query_by_label_contains("Not added:").is_some()
            && h.query_by_label_contains("fields match \"name\"").is_some(),
        "the status bar says why nothing was added"
    );
}

#[test]
fn the_search_text_does_not_carry_over_to_another_step() {
    let mut h = studio();
    click(&mut h, "Step First Login");
    search_box(&mut h, "indus");
    click(&mut h, "Step Pricing Page");
    assert_eq!(search_value(&h), "");
}

#[test]
fn a_button_add_empties_the_box() {
    let mut h = studio();
    click(&mut h, "Step First Login");
    search_box(&mut h, "compan");
    click(&mut h, "Add Company (company)");
    assert_eq!(search_value(&h), "");
}

#[test]
fn a_new_custom_field_goes_into_the_step_being_edited_and_says_nothing_red_before_typing() {
    let mut h = studio();
    click(&mut h, "Step First Login");
    h.get_by_label_contains("Custom (").click();
    h.run_steps(2);
    click(&mut h, "+ New custom field");
    h.run_steps(2);
    assert!(h.query_by_label_contains("Give the field a key").is_none());
    assert!(
        h.query_by_label("Type a label: the key is made from it.")
            .is_some()
    );
    assert!(h.query_by_label("Add it to First Login too").is_some());
    // The label box has the keyboard: the user types at once.
    h.run_steps(2);
    assert!(
        h.get_by_role_and_label(Role::TextInput, "Field label")
            .is_focused()
    );
    support::type_letters(&mut h, "Favorite team");
    h.run_steps(2);
    click(&mut h, "Create");
    let p = project(&h);
    assert!(p.catalog.iter().any(|c| c.field.name == "cf_FavoriteTeam"));
    assert_eq!(
        field_names(&h, "First Login").last().map(String::as_str),
        Some("cf_FavoriteTeam")
    );
    // One undo takes both back.
    assert_eq!(
        h.state().document().history().undo_label(),
        Some("Add custom field Favorite team to First Login")
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    let p = project(&h);
    assert!(!p.catalog.iter().any(|c| c.field.name == "cf_FavoriteTeam"));
    assert_eq!(
        field_names(&h, "First Login"),
        ["firstname", "lastname", "phoneid"]
    );
}

#[test]
fn an_opened_import_shows_the_palette_on_a_tab_that_has_its_fields() {
    let mut h = studio();
    h.get_by_label_contains("Custom (").click();
    h.run_steps(2);
    let dir = tempfile::tempdir().unwrap();
    let platform = dir.path().join("steps.json");
    std::fs::write(&platform, ONE_IMPORTED_STEP).unwrap();
    drop_file(&mut h, platform);
    assert!(h.query_by_label("No field matches.").is_none());
    assert!(
        h.query_by_label("Palette field First Name (firstname)")
            .is_some(),
        "the palette shows the imported field's tab"
    );
    // A search that finds nothing in this tab says where it finds something.
    palette_tab(&mut h, "Custom (");
    assert!(
        h.query_by_label("No custom fields yet: + New custom field makes one.")
            .is_some()
    );
    h.get_by_role_and_label(Role::TextInput, "Search").focus();
    h.run_steps(1);
    h.get_by_role_and_label(Role::TextInput, "Search")
        .type_text("first");
    h.run_steps(2);
    assert!(h.query_by_label("No field in Custom matches.").is_some());
    click(&mut h, "1 match in Standard (Basic)");
    assert!(
        h.query_by_label("Palette field First Name (firstname)")
            .is_some()
    );
}
