//! Dragging in the studio, as a user would (egui_kittest, no GPU, no display): palette
//! fields into steps, fields within and between cards, cards by their header.
#![cfg(feature = "gui")]

mod support;

use egui::accesskit::Role;
use egui::{Key, Modifiers, vec2};
use egui_kittest::kittest::Queryable;
use support::*;

#[test]
fn drag_a_palette_field_into_a_step_inserts_a_copy_at_the_drop_position() {
    let mut h = studio();
    palette_tab(&mut h, "Standard (Basic) (");
    let from = center(&h, "Palette field Company (company)");
    // Between "First Name" and "Last Name" of First Login: the top edge of "Last Name".
    let last = rect(&h, "Field Last Name (lastname) in First Login");
    drag(&mut h, from, last.left_top() + vec2(60.0, 2.0));
    assert_eq!(
        field_names(&h, "First Login"),
        ["firstname", "company", "lastname", "phoneid"]
    );
    let p = project(&h);
    assert_eq!(p.steps[0].fields[1].display, "Company");
    // A copy: the catalog still has it, with another identity.
    assert_ne!(
        p.steps[0].fields[1].id,
        p.catalog_field("company").unwrap().field.id
    );
    assert!(h.state().document().is_dirty());
    assert!(
        h.state()
            .document()
            .history()
            .undo_label()
            .unwrap()
            .starts_with("Add Company to First Login")
    );
}

#[test]
fn drag_a_field_within_a_card_reorders_it() {
    let mut h = studio();
    let from = center(&h, "Field Phone Number (phoneid) in First Login");
    let first = rect(&h, "Field First Name (firstname) in First Login");
    drag(&mut h, from, first.left_top() + vec2(60.0, 2.0));
    assert_eq!(
        field_names(&h, "First Login"),
        ["phoneid", "firstname", "lastname"]
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(
        field_names(&h, "First Login"),
        ["firstname", "lastname", "phoneid"]
    );
}

#[test]
fn drag_a_field_onto_another_card_moves_it() {
    let mut h = studio();
    let from = center(&h, "Field Phone Number (phoneid) in First Login");
    let country = rect(&h, "Field Country (country) in Third Login");
    drag(&mut h, from, country.left_bottom() + vec2(60.0, -2.0));
    assert_eq!(field_names(&h, "First Login"), ["firstname", "lastname"]);
    assert_eq!(
        field_names(&h, "Third Login"),
        ["gender", "birthdate", "country", "phoneid"]
    );
}

#[test]
fn drag_a_card_by_its_header_reorders_steps() {
    let mut h = studio();
    let from = center(&h, "Drag step Third Login");
    let first = rect(&h, "Step First Login");
    drag(&mut h, from, first.left_top() + vec2(40.0, 2.0));
    let names: Vec<String> = project(&h).steps.iter().map(|s| s.name.clone()).collect();
    assert_eq!(
        names,
        ["Third Login", "First Login", "Pricing Page", "Upgrade CTA"]
    );
}

#[test]
fn dropping_a_field_a_step_already_has_is_refused_with_a_message() {
    let mut h = studio();
    let before = project(&h);
    palette_tab(&mut h, "Standard (Basic) (");
    let from = center(&h, "Palette field Last Name (lastname)");
    let to = center(&h, "Field First Name (firstname) in First Login");
    drag(&mut h, from, to);
    assert_eq!(project(&h), before);
    let status = h.state().status().unwrap_or_default().to_string();
    assert!(
        status.contains("already has the field Last Name"),
        "{status}"
    );
    assert!(!h.state().document().is_dirty());
}

#[test]
fn dropping_outside_any_card_cancels() {
    let mut h = studio();
    let before = project(&h);
    let from = center(&h, "Field Phone Number (phoneid) in First Login");
    // The palette's search box is not a card.
    let to = h
        .get_by_role_and_label(Role::TextInput, "Search")
        .rect()
        .center();
    drag(&mut h, from, to);
    assert_eq!(project(&h), before);
}

#[test]
fn the_palette_search_filters_by_label_or_name() {
    let mut h = studio();
    palette_tab(&mut h, "Standard (Basic) (");
    h.get_by_role_and_label(Role::TextInput, "Search").focus();
    h.run_steps(1);
    h.get_by_role_and_label(Role::TextInput, "Search")
        .type_text("phone");
    h.run_steps(2);
    assert!(
        h.query_by_label("Palette field Phone Number (phoneid)")
            .is_some()
    );
    assert!(
        h.query_by_label("Palette field First Name (firstname)")
            .is_none()
    );
}

/// The registration form's card, "At sign-up", before the steps: catalog fields are dragged
/// in, moved and removed with its buttons, and every change is one undo step.
#[test]
fn the_registration_form_card_takes_catalog_fields_and_reorders_and_removes_them() {
    let mut h = studio();
    h.get_by_label("At sign-up");
    h.get_by_label("Drag catalog fields here, or import the site's registration schema.");
    palette_tab(&mut h, "Standard (Basic) (");
    let card = rect(
        &h,
        "Drag catalog fields here, or import the site's registration schema.",
    );
    let from = center(&h, "Palette field Company (company)");
    drag(&mut h, from, card.center());
    let names = |h: &egui_kittest::Harness<'_, ppstudio::studio::StudioApp>| -> Vec<String> {
        project(h)
            .registration
            .unwrap_or_default()
            .iter()
            .map(|f| f.name.clone())
            .collect()
    };
    assert_eq!(names(&h), ["company"]);
    assert_eq!(
        h.state().document().history().undo_label(),
        Some("Add Company to the registration form")
    );
    // A second field, dropped below the first.
    let required = if project(&h).registration.unwrap()[0].mentions_required() {
        " *"
    } else {
        ""
    };
    let row = rect(&h, &format!("Company (company){required}"));
    let from = center(&h, "Palette field Nickname (nickname)");
    drag(&mut h, from, row.left_bottom() + vec2(60.0, 6.0));
    assert_eq!(names(&h), ["company", "nickname"]);
    // The same field again is refused.
    let from = center(&h, "Palette field Company (company)");
    drag(&mut h, from, row.center());
    assert_eq!(names(&h), ["company", "nickname"]);
    click(&mut h, "Move Nickname up in the registration form");
    assert_eq!(names(&h), ["nickname", "company"]);
    click(&mut h, "Remove Company from the registration form");
    assert_eq!(names(&h), ["nickname"]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(names(&h), ["nickname", "company"]);
}

/// A registration form's field is selected from its card and edited in the inspector, as a
/// step's is; Delete removes it from the form; each is one undo step.
#[test]
fn a_registration_field_is_edited_in_the_inspector_and_removed_with_delete() {
    let mut h = studio();
    palette_tab(&mut h, "Standard (Basic) (");
    let card = rect(
        &h,
        "Drag catalog fields here, or import the site's registration schema.",
    );
    let from = center(&h, "Palette field Nickname (nickname)");
    drag(&mut h, from, card.center());
    click(&mut h, "Nickname (nickname)");
    h.get_by_label("Field nickname of the registration form (At sign-up)");
    h.get_by_role_and_label(Role::TextInput, "Label").focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    // Typed key by key, a frame each, as a person types: no keystroke may be lost.
    for c in ["P", "e", "t", " ", "n", "a", "m", "e"] {
        h.get_by_role_and_label(Role::TextInput, "Label")
            .type_text(c);
        h.run_steps(1);
    }
    h.run_steps(2);
    h.key_press(Key::Escape);
    h.run_steps(2);
    let form = project(&h).registration.unwrap();
    assert_eq!(form[0].display, "Pet name");
    // Delete on the selected field removes it from the form.
    click(&mut h, "Pet name (nickname)");
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert_eq!(project(&h).registration.unwrap().len(), 0);
    assert_eq!(
        h.state().document().history().undo_label(),
        Some("Remove Pet name from the registration form")
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(project(&h).registration.unwrap()[0].display, "Pet name");
}
