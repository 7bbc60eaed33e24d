//! The consumer view: the preview's form at full size in the middle of the window, at the
//! chosen device width, with the reasons beside it, not below.
#![cfg(feature = "gui")]

mod support;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use support::{click, studio, studio_tab};

#[test]
fn the_consumer_view_shows_the_form_in_the_middle_with_the_reasons_beside_it() {
    let mut h = studio();
    click(&mut h, "Step Pricing Page");
    studio_tab(&mut h, "Preview");
    click(&mut h, "Consumer view");
    h.run_steps(2);
    assert!(
        h.query_by_label("Step First Login").is_none(),
        "the cards made room"
    );
    assert!(
        h.query_by_label("The consumer view is open in the middle of the window.")
            .is_some()
    );
    let central = h
        .state()
        .panel_rects()
        .iter()
        .find(|(n, _)| *n == "steps")
        .map(|(_, r)| *r)
        .unwrap();
    let submit = h.get_by_label("Progressive Profiling").rect();
    assert!(
        central.contains(submit.center()),
        "Submit is in the middle: {submit:?}"
    );
    assert!(submit.max.y < central.max.y, "and in sight");
    let reasons = h.get_by_label("What this consumer gets").rect();
    assert!(
        reasons.min.x > submit.max.x,
        "the reasons are beside the form"
    );
    assert!(reasons.min.y < submit.max.y, "not below it");
    assert!(
        !h.state().panel_rects().iter().any(|(n, _)| *n == "palette"),
        "the palette made room"
    );
    // The form works there: an empty submit is blocked, said right under the button.
    click(&mut h, "Progressive Profiling");
    let verdict = h
        .get_by_label("Not submitted: the browser blocks the form.")
        .rect();
    assert!(verdict.min.y >= submit.max.y && verdict.min.y < submit.max.y + 60.0);
    // The device width is the form's: a phone's first, a tablet's wider.
    let phone = h.get_by_role_and_label(Role::TextInput, "Company").rect();
    assert!(phone.width() <= 375.0);
    click(&mut h, "Tablet 768");
    let tablet = h.get_by_role_and_label(Role::TextInput, "Company").rect();
    assert!(
        tablet.width() > 600.0 && tablet.width() <= 768.0,
        "{tablet:?}"
    );
    // Escape (no text box focused) goes back to the steps.
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(h.query_by_label("Step First Login").is_some());
    // Ctrl+8 opens it again; the button closes it.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num8);
    h.run_steps(2);
    assert!(h.query_by_label("Step First Login").is_none());
    h.get_all_by_label("Back to the steps")
        .next()
        .unwrap()
        .click();
    h.run_steps(2);
    assert!(h.query_by_label("Step First Login").is_some());
}
