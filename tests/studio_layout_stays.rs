//! Nothing moves under the pointer: the edit one click (or keystroke) makes never moves the
//! target of the next click, and the side panel keeps the width the user gave it whatever its
//! tab shows or the user types.
#![cfg(feature = "gui")]

mod support;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ppstudio::studio::StudioApp;
use support::{click, project, rect, studio, studio_tab, type_letters as type_text};

fn side_width(h: &Harness<'_, StudioApp>) -> f32 {
    h.state()
        .panel_rects()
        .iter()
        .find(|(n, _)| *n == "side")
        .map(|(_, r)| r.width())
        .expect("the side panel is shown")
}

#[test]
fn a_label_edit_that_makes_a_field_differ_moves_no_option_row() {
    let mut h = studio();
    click(&mut h, "Field Gender (gender) in Third Login");
    // The step's copy asks for it (`required`), the catalog's does not.
    assert!(
        h.query_by_label_contains("Differs from its catalog field in 1 property (validation)")
            .is_some()
    );
    let before = [
        rect(&h, "Value 2"),
        rect(&h, "Text 3"),
        rect(&h, "Add option"),
    ];
    let label = h.get_by_role_and_label(Role::TextInput, "Label");
    label.focus();
    h.run_steps(1);
    h.key_press(Key::End);
    type_text(&mut h, " (as you wish)");
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("Differs from its catalog field in 2 properties")
            .is_some(),
        "the status line says the copy differs"
    );
    let after = [
        rect(&h, "Value 2"),
        rect(&h, "Text 3"),
        rect(&h, "Add option"),
    ];
    assert_eq!(before, after, "the option rows stay where they were");
    // The next click hits the option the user aimed at: the second one is removed.
    let p = project(&h);
    let gender = p.steps[1].field("gender").unwrap();
    let second = gender.options.list()[1].value.clone();
    let row_y = rect(&h, "Value 2").center().y;
    let remove = h
        .get_all_by_label("🗑")
        .find(|n| (n.rect().center().y - row_y).abs() < 4.0)
        .expect("the second row's remove button");
    remove.click();
    h.run_steps(2);
    let p = project(&h);
    let left: Vec<String> = p.steps[1]
        .field("gender")
        .unwrap()
        .options
        .list()
        .iter()
        .map(|o| o.value.clone())
        .collect();
    assert_eq!(left.len(), 2);
    assert!(!left.contains(&second), "{second} was removed: {left:?}");
}

#[test]
fn update_from_catalog_moves_nothing_above_the_form() {
    let mut h = studio();
    click(&mut h, "Field Gender (gender) in Third Login");
    let label = h.get_by_role_and_label(Role::TextInput, "Label");
    label.focus();
    h.run_steps(1);
    h.key_press(Key::End);
    type_text(&mut h, "!");
    h.key_press(Key::Enter);
    h.run_steps(2);
    let before = rect(&h, "Value 1");
    click(&mut h, "Update from catalog (overwrites this step's copy)");
    assert!(h.query_by_label("Same as its catalog field.").is_some());
    assert_eq!(rect(&h, "Value 1"), before);
}

#[test]
fn a_long_label_takes_one_line_in_the_inspector() {
    let mut h = studio();
    click(&mut h, "Field First Name (firstname) in First Login");
    let before = rect(&h, "Label");
    let label = h.get_by_role_and_label(Role::TextInput, "Label");
    label.focus();
    h.run_steps(1);
    h.key_press(Key::End);
    type_text(&mut h, &" very long".repeat(30));
    h.run_steps(2);
    assert_eq!(
        rect(&h, "Label").min.y,
        before.min.y,
        "the form did not move down"
    );
}

#[test]
fn the_side_panel_keeps_its_width_while_typing_a_long_validation() {
    let mut h = studio();
    click(&mut h, "Field First Name (firstname) in First Login");
    let width = side_width(&h);
    let card = rect(&h, "Field Last Name (lastname) in First Login");
    let rules = h.get_by_role_and_label(Role::MultilineTextInput, "Validation");
    rules.focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_text(
        &mut h,
        "required|min_length[2]|max_length[80]|alpha_dash|custom_validation[^[A-Za-z]+$]|",
    );
    type_text(&mut h, &"x".repeat(60));
    h.run_steps(2);
    assert_eq!(side_width(&h), width, "the side panel did not widen");
    assert_eq!(
        rect(&h, "Field Last Name (lastname) in First Login").width(),
        card.width(),
        "the step cards did not shrink"
    );
    for tab in [
        "Preview",
        "Journey",
        "Audience",
        "Translations",
        "Changes",
        "Settings",
        "Profile page",
        "Inspector",
    ] {
        studio_tab(&mut h, tab);
        assert_eq!(
            side_width(&h),
            width,
            "the {tab} tab keeps the panel's width"
        );
    }
}

#[test]
fn the_rules_list_shows_rules_as_written_and_marks_only_the_two_at_fault() {
    let mut h = studio();
    click(&mut h, "Field Company (company) in Pricing Page");
    let rules = h.get_by_role_and_label(Role::MultilineTextInput, "Validation");
    rules.focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_text(
        &mut h,
        "required|min_length[3]|alpha_dash|max_length[2]|custom_validation[^a+$###Pick one]",
    );
    h.key_press(Key::Tab);
    h.run_steps(3);
    assert!(
        h.query_by_label("custom_validation[^a+$###Pick one]")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("callback_").is_none(),
        "a name the user never typed"
    );
    // The rows of the rules list: the two rules at fault carry the error's mark, not the one
    // between them.
    let row_mark = |h: &Harness<'_, StudioApp>, rule: &str| {
        let y = rect(h, rule).center().y;
        ["⛔", "⚠", "✔"]
            .into_iter()
            .find(|m| {
                h.query_all_by_label(m)
                    .any(|n| (n.rect().center().y - y).abs() < 3.0)
            })
            .unwrap_or("none")
    };
    assert_eq!(row_mark(&h, "min_length[3]"), "⛔");
    assert_eq!(row_mark(&h, "max_length[2]"), "⛔");
    assert_eq!(row_mark(&h, "alpha_dash"), "✔");
}

#[test]
fn the_journeys_add_buttons_stay_under_the_pointer() {
    let mut h = studio();
    studio_tab(&mut h, "Journey");
    let before = rect(&h, "Add login");
    for _ in 0..3 {
        click(&mut h, "Add login");
        assert_eq!(rect(&h, "Add login"), before, "Add login moved");
    }
    click(&mut h, "Add visit");
    assert_eq!(rect(&h, "Add login"), before);
}

#[test]
fn an_option_row_fits_the_side_panel_so_its_remove_button_is_in_sight() {
    let mut h = studio();
    click(&mut h, "Field Gender (gender) in Third Login");
    let side = h
        .state()
        .panel_rects()
        .iter()
        .find(|(n, _)| *n == "side")
        .map(|(_, r)| *r)
        .unwrap();
    let removes: Vec<egui::Rect> = h.query_all_by_label("🗑").map(|n| n.rect()).collect();
    assert_eq!(removes.len(), 3);
    for r in removes {
        assert!(
            r.max.x <= side.max.x,
            "{r:?} is cut at the panel's edge {side:?}"
        );
    }
}
