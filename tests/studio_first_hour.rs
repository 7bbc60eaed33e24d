//! A product manager's first hour, driven through the studio's UI (egui_kittest): names typed
//! as drafts, catalog renames that take the steps along, files without a desktop portal, the
//! layout at several sizes and zooms, and the small things (plurals, combo values, names for
//! screen readers, the remembered theme, recovery per document).
#![cfg(feature = "gui")]

use std::path::PathBuf;

use egui::accesskit::Role;
use egui::{Key, Modifiers, Rect, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ppstudio::project::{Group, Project};
use ppstudio::studio::files::{DialogAnswer, DialogKind, FakeDialogs};
use ppstudio::studio::panels::Selection;
use ppstudio::studio::{StudioApp, StudioOptions};

mod support;
use support::{click, type_letters};

struct Setup {
    size: egui::Vec2,
    dialogs: FakeDialogs,
    file: Option<PathBuf>,
    state: Option<PathBuf>,
    zoom: f32,
    a11y: bool,
    step_dt: Option<f32>,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            size: vec2(1400.0, 1000.0),
            dialogs: FakeDialogs::default(),
            file: None,
            state: None,
            zoom: 1.0,
            a11y: true,
            step_dt: None,
        }
    }
}

fn studio_with(setup: Setup) -> Harness<'static, StudioApp> {
    let Setup {
        size,
        dialogs,
        file,
        state,
        zoom,
        a11y,
        step_dt,
    } = setup;
    let mut builder = Harness::builder();
    if let Some(dt) = step_dt {
        builder = builder.with_step_dt(dt);
    }
    let mut h = builder
        .with_size(size)
        .with_accessibility_check(a11y)
        .build_eframe(move |cc| {
            cc.egui_ctx.set_zoom_factor(zoom);
            StudioApp::new(
                cc,
                StudioOptions {
                    file,
                    state_dir: state,
                    dialogs: Box::new(dialogs),
                },
            )
        });
    h.run_steps(4);
    h
}

fn studio() -> Harness<'static, StudioApp> {
    studio_with(Setup::default())
}

fn project(h: &Harness<'_, StudioApp>) -> Project {
    h.state().document().project().clone()
}

fn undo_label(h: &Harness<'_, StudioApp>) -> Option<String> {
    h.state()
        .document()
        .history()
        .undo_label()
        .map(str::to_string)
}

// ----- 1. drafts -----

#[test]
fn renaming_a_step_to_pricing_2_while_pricing_exists_loses_no_letter() {
    let mut h = studio();
    // A step "Pricing" exists: rename First Login to Pricing, the long way round.
    click(&mut h, "Step First Login");
    let name = h.get_by_role_and_label(Role::TextInput, "Step name");
    name.focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_letters(&mut h, "Pricing");
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert_eq!(project(&h).steps[0].name, "Pricing");
    // Now Upgrade CTA: "Pricing 2", letter by letter; "Pricing" on the way clashes.
    click(&mut h, "Step Upgrade CTA");
    h.get_by_role_and_label(Role::TextInput, "Step name")
        .focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_letters(&mut h, "Pricing");
    // The clash is said beside the box, and nothing is refused at the keyboard.
    assert!(
        h.query_by_label("A step named \"Pricing\" already exists.")
            .is_some()
    );
    assert_eq!(
        project(&h).steps[3].name,
        "Upgrade CTA",
        "a draft, not an edit"
    );
    type_letters(&mut h, " 2");
    assert!(
        h.query_by_label("A step named \"Pricing\" already exists.")
            .is_none()
    );
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert_eq!(project(&h).steps[3].name, "Pricing 2");
    assert_eq!(
        undo_label(&h).as_deref(),
        Some("Rename step Upgrade CTA to Pricing 2")
    );
    // One undo step takes the whole rename back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(project(&h).steps[3].name, "Upgrade CTA");
}

#[test]
fn escape_reverts_a_draft_and_enter_on_a_clash_keeps_it() {
    let mut h = studio();
    click(&mut h, "Step Third Login");
    h.get_by_role_and_label(Role::TextInput, "Step name")
        .focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_letters(&mut h, "First Login");
    h.key_press(Key::Enter);
    h.run_steps(2);
    // Refused, kept in the box to be corrected.
    assert_eq!(project(&h).steps[1].name, "Third Login");
    assert!(
        h.get_by_role_and_label(Role::TextInput, "Step name")
            .is_focused()
    );
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Step name")
            .value()
            .as_deref(),
        Some("First Login")
    );
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert_eq!(project(&h).steps[1].name, "Third Login");
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Step name")
            .value()
            .as_deref(),
        Some("Third Login")
    );
    assert_eq!(h.state().document().history().undo_len(), 0);
}

#[test]
fn deleting_letters_of_a_custom_key_loses_none_and_renames_the_steps_too() {
    let mut h = studio();
    let p = project(&h);
    let used: Vec<String> = p
        .steps
        .iter()
        .filter(|s| s.field("cf_CompanySize").is_some())
        .map(|s| s.name.clone())
        .collect();
    assert!(!used.is_empty(), "the sample uses cf_CompanySize");
    h.get_by_label_contains("Custom (").click();
    h.run_steps(2);
    click(&mut h, "Palette field Company Size (cf_CompanySize)");
    h.get_by_role_and_label(Role::TextInput, "Name").focus();
    h.run_steps(1);
    h.key_press(Key::End);
    // Delete "Size" letter by letter, then type "Band".
    for _ in 0..4 {
        h.key_press(Key::Backspace);
        h.run_steps(1);
    }
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Name")
            .value()
            .as_deref(),
        Some("cf_Company")
    );
    type_letters(&mut h, "Band");
    h.key_press(Key::Enter);
    h.run_steps(2);
    let p = project(&h);
    assert!(p.catalog_field("cf_CompanyBand").is_some());
    for s in &used {
        let step = p.steps.iter().find(|x| x.name == *s).unwrap();
        assert!(step.field("cf_CompanyBand").is_some(), "{s} followed");
    }
    assert!(
        undo_label(&h)
            .unwrap()
            .starts_with("Rename field cf_CompanySize to cf_CompanyBand in the catalog and")
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(project(&h), p_before_rename());
}

fn p_before_rename() -> Project {
    Project::default_project()
}

// ----- 3. catalog and steps -----

#[test]
fn a_step_copy_shows_its_differences_and_updates_from_the_catalog() {
    let mut h = studio();
    // Change the catalog's label of First Name.
    click(&mut h, "Palette field First Name (firstname)");
    let label = h.get_by_role_and_label(Role::TextInput, "Label");
    label.focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_letters(&mut h, "Given name");
    h.key_press(Key::Enter);
    h.run_steps(2);
    click(&mut h, "Field First Name (firstname) in First Login");
    assert!(
        h.query_by_label_contains("label: \"First Name\" here, \"Given name\" in the catalog")
            .is_some()
    );
    click(&mut h, "Update from catalog (overwrites this step's copy)");
    let p = project(&h);
    assert_eq!(p.steps[0].fields[0].display, "Given name");
    assert!(h.query_by_label("Same as its catalog field.").is_some());
    assert_eq!(
        undo_label(&h).as_deref(),
        Some("Update First Name in First Login from the catalog")
    );
}

#[test]
fn an_orphaned_step_field_is_fixed_from_the_inspector() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("typo.ppstudio.json");
    let mut p = Project::default_project();
    p.steps[0].fields[0].name = "frstname".into();
    std::fs::write(&file, p.to_canonical()).unwrap();
    let mut h = studio_with(Setup {
        file: Some(file),
        ..Setup::default()
    });
    click(&mut h, "Field First Name (frstname) in First Login");
    assert!(
        h.query_by_label("⚠ frstname is not in the catalog.")
            .is_some()
    );
    click(&mut h, "Use First Name (firstname) instead");
    assert_eq!(project(&h).steps[0].fields[0].name, "firstname");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    click(&mut h, "Field First Name (frstname) in First Login");
    click(&mut h, "Add frstname to the catalog");
    assert!(project(&h).catalog_field("frstname").is_some());
}

// ----- 2. files without a portal -----

#[test]
fn without_a_native_dialog_the_studio_says_so_and_saves_through_its_own_chooser() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme.ppstudio.json");
    std::fs::write(&file, Project::default_project().to_canonical()).unwrap();
    let dialogs = FakeDialogs::default();
    dialogs.answer_with(DialogAnswer::Unavailable(
        "zenity is not installed and no desktop portal with a file chooser".into(),
    ));
    // egui_file's path and name boxes have no accessible names: the check is off here only.
    let mut h = studio_with(Setup {
        dialogs: dialogs.clone(),
        file: Some(file.clone()),
        a11y: false,
        ..Setup::default()
    });
    click(&mut h, "Field Gender (gender) in Third Login");
    h.key_press(Key::Delete);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run_steps(4);
    assert!(h.state().builtin_chooser_open());
    let status = h.state().status().unwrap_or_default().to_string();
    assert!(
        status.starts_with("No file dialog of the desktop could be shown: zenity is not installed"),
        "{status}"
    );
    // It starts in the project's folder with the file's name: Save writes it there.
    h.get_by_label("Save").click();
    h.run_steps(2);
    // The save runs in the background: wait for it, then a frame takes its report.
    h.state_mut().wait_for_files();
    h.run_steps(2);
    assert!(!h.state().builtin_chooser_open());
    assert_eq!(
        h.state().status(),
        Some(format!("Saved {}", file.display()).as_str())
    );
    assert!(!h.state().document().is_dirty());
    let saved = Project::from_bytes(&std::fs::read(&file).unwrap()).unwrap();
    assert!(saved.steps[1].field("gender").is_none());
    // The next file action goes straight to the studio's own chooser; Cancel does nothing.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(3);
    assert!(h.state().builtin_chooser_open());
    assert_eq!(
        dialogs.asked.lock().unwrap().len(),
        1,
        "no second native try"
    );
    h.get_by_label("Cancel").click();
    h.run_steps(3);
    assert!(!h.state().builtin_chooser_open());
    assert!(!dir.path().join("acme-platform.json").exists());
}

#[test]
fn file_dialogs_start_in_the_projects_folder() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("acme");
    std::fs::create_dir(&sub).unwrap();
    let file = sub.join("acme.ppstudio.json");
    std::fs::write(&file, Project::default_project().to_canonical()).unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = studio_with(Setup {
        dialogs: dialogs.clone(),
        file: Some(file),
        ..Setup::default()
    });
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(2);
    let requests = dialogs.requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].kind, DialogKind::Export);
    assert_eq!(requests[0].start_dir.as_deref(), Some(sub.as_path()));
    assert_eq!(requests[0].suggested, "acme-platform.json");
}

// ----- 4. layout -----

/// Every interactive widget and text node that is wholly visible, with the panel it belongs
/// to. A node belongs to the panel (egui's `Pane` in the accessibility tree) it descends from;
/// that pane is matched to the panel rectangle holding most of its nodes, and a node not
/// wholly inside its panel (scrolled partly out of view, hence clipped) is left out.
fn nodes_by_panel(h: &Harness<'_, StudioApp>) -> Vec<(String, Role, Rect, &'static str)> {
    use std::collections::HashMap;
    let panels = h.state().panel_rects().to_vec();
    let mut nodes = Vec::new();
    for node in h.root().children_recursive() {
        let a = node.accesskit_node();
        let role = a.role();
        let wanted = egui::accessibility::is_input(role) || role == Role::Label;
        if !wanted || a.is_hidden() {
            continue;
        }
        let r = node.rect();
        if r.width() < 1.0 || r.height() < 1.0 {
            continue;
        }
        let mut pane = None;
        let mut p = a.parent();
        while let Some(q) = p {
            if q.role() == Role::Pane {
                pane = Some(q.id());
                break;
            }
            p = q.parent();
        }
        let name = a.label().or_else(|| a.value()).unwrap_or_default().clone();
        nodes.push((name, role, r, pane));
    }
    let mut votes: HashMap<_, HashMap<&'static str, usize>> = HashMap::new();
    for (_, _, r, pane) in &nodes {
        if let Some((panel, _)) = panels.iter().find(|(_, p)| p.contains(r.center())) {
            *votes.entry(*pane).or_default().entry(*panel).or_default() += 1;
        }
    }
    let panel_of = |pane| {
        votes
            .get(&pane)
            .and_then(|v| v.iter().max_by_key(|(_, n)| **n).map(|(p, _)| *p))
    };
    nodes
        .into_iter()
        .filter_map(|(name, role, r, pane)| {
            let panel = panel_of(pane)?;
            let rect = panels.iter().find(|(n, _)| *n == panel)?.1;
            rect.expand(1.0)
                .contains_rect(r)
                .then_some((name, role, r, panel))
        })
        .collect()
}

fn overlap(a: Rect, b: Rect) -> bool {
    let i = a.intersect(b);
    i.width() > 1.0 && i.height() > 1.0
}

fn check_layout(h: &Harness<'_, StudioApp>, what: &str) {
    let panels = h.state().panel_rects().to_vec();
    let screen = h.ctx.content_rect();
    for (i, (a, ra)) in panels.iter().enumerate() {
        assert!(
            screen.expand(1.0).contains_rect(*ra),
            "{what}: panel {a} {ra:?} leaves the window {screen:?}"
        );
        for (b, rb) in &panels[i + 1..] {
            assert!(
                !overlap(*ra, *rb),
                "{what}: panels {a} {ra:?} and {b} {rb:?} overlap"
            );
        }
    }
    if let Some((_, steps)) = panels.iter().find(|(n, _)| *n == "steps") {
        assert!(
            steps.width() >= ppstudio::studio::layout::CENTRAL_TIGHT,
            "{what}: the step cards are {} wide",
            steps.width()
        );
    }
    let nodes = nodes_by_panel(h);
    assert!(nodes.len() > 10, "{what}: only {} nodes", nodes.len());
    for (i, (la, ra_role, ra, pa)) in nodes.iter().enumerate() {
        for (lb, rb_role, rb, pb) in &nodes[i + 1..] {
            if pa != pb || ra.contains_rect(*rb) || rb.contains_rect(*ra) {
                continue;
            }
            assert!(
                !overlap(*ra, *rb),
                "{what}: {ra_role:?} {la:?} {ra:?} and {rb_role:?} {lb:?} {rb:?} overlap in {pa}"
            );
        }
    }
}

fn select_and_check(h: &mut Harness<'_, StudioApp>, what: &str) {
    check_layout(h, &format!("{what}, nothing selected"));
    // A step in the inspector, then a field with its options.
    if let Some(n) = h.query_by_label("Step Third Login") {
        n.click();
        h.run_steps(3);
        check_layout(h, &format!("{what}, step selected"));
    }
    if let Some(n) = h.query_by_label("Field Gender (gender) in Third Login") {
        n.click();
        h.run_steps(3);
        check_layout(h, &format!("{what}, field selected"));
    }
}

#[test]
fn no_two_panels_or_widgets_overlap_from_800x500_to_4k_at_every_zoom() {
    for (w, hgt, zoom) in [
        (800.0, 500.0, 1.0),
        (1024.0, 640.0, 1.0),
        (1920.0, 1080.0, 1.0),
        (3840.0, 2160.0, 1.0),
        (1024.0, 640.0, 1.5),
        (1920.0, 1080.0, 2.0),
        (800.0, 500.0, 1.5),
        (3840.0, 2160.0, 2.5),
    ] {
        let mut h = studio_with(Setup {
            size: vec2(w, hgt),
            zoom,
            ..Setup::default()
        });
        select_and_check(&mut h, &format!("{w}x{hgt} at zoom {zoom}"));
    }
}

#[test]
fn a_narrow_window_folds_the_palette_and_its_toggle_brings_it_back() {
    let mut h = studio_with(Setup {
        size: vec2(800.0, 500.0),
        ..Setup::default()
    });
    let names = |h: &Harness<'_, StudioApp>| -> Vec<&'static str> {
        h.state().panel_rects().iter().map(|(n, _)| *n).collect()
    };
    assert!(!names(&h).contains(&"palette"), "{:?}", names(&h));
    assert!(names(&h).contains(&"side"));
    h.get_by_label("Fields").click();
    h.run_steps(3);
    assert!(names(&h).contains(&"palette"));
    assert!(
        !names(&h).contains(&"side"),
        "800 points hold one side panel: the other folds"
    );
    check_layout(&h, "800x500 with the palette brought back");
    h.get_by_label("Side panel").click();
    h.run_steps(3);
    assert!(names(&h).contains(&"side") && !names(&h).contains(&"palette"));
    // Ctrl+2 (Preview) opens the side panel when it was folded.
    h.get_by_label("Side panel").click();
    h.run_steps(3);
    assert!(!names(&h).contains(&"side"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    h.run_steps(3);
    assert!(names(&h).contains(&"side"));
}

#[test]
fn a_new_steps_name_is_typed_where_the_user_sees_it_even_with_the_side_panel_folded() {
    let mut h = studio_with(Setup {
        size: vec2(800.0, 500.0),
        ..Setup::default()
    });
    // The user brings the palette back: the side panel folds.
    h.get_by_label("Fields").click();
    h.run_steps(3);
    assert!(!h.state().panel_rects().iter().any(|(n, _)| *n == "side"));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::N);
    h.run_steps(3);
    assert!(
        h.state().panel_rects().iter().any(|(n, _)| *n == "side"),
        "the inspector opened for the name"
    );
    type_letters(&mut h, "Onboarding");
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert_eq!(
        project(&h).steps.last().map(|s| s.name.clone()).as_deref(),
        Some("Onboarding"),
        "no keystroke lost"
    );
}

#[test]
fn choosing_the_cta_trigger_moves_nothing_under_the_pointer() {
    for width in [1024.0, 1400.0] {
        let mut h = studio_with(Setup {
            size: vec2(width, 900.0),
            ..Setup::default()
        });
        click(&mut h, "Step First Login");
        let side = |h: &Harness<'_, StudioApp>| {
            h.state()
                .panel_rects()
                .iter()
                .find(|(n, _)| *n == "side")
                .unwrap()
                .1
        };
        let before = side(&h);
        let delete = h.get_by_label("Delete this step").rect();
        let trigger = h.get_by_role_and_label(Role::ComboBox, "Trigger").rect();
        h.get_by_role_and_label(Role::ComboBox, "Trigger").click();
        h.run_steps(2);
        h.get_by_label("CTA click").click();
        h.run_steps(3);
        assert_eq!(
            project(&h).steps[0].trigger.kind,
            ppstudio::project::TriggerKind::CtaClick("upgrade-cta".into())
        );
        assert_eq!(side(&h), before, "{width}: the inspector kept its width");
        assert_eq!(
            h.get_by_role_and_label(Role::ComboBox, "Trigger").rect(),
            trigger
        );
        let after = h.get_by_label("Delete this step").rect();
        assert_eq!(after.left(), delete.left(), "{width}: no sideways move");
    }
}

#[test]
fn a_validation_message_in_the_preview_does_not_push_submit_down() {
    // Tall enough for the sample profile, the reasons and the whole form above the fold.
    let mut h = studio_with(Setup {
        size: egui::vec2(1400.0, 1600.0),
        ..Setup::default()
    });
    click(&mut h, "Step Pricing Page");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    h.run_steps(3);
    let submit = h.get_by_label("Progressive Profiling").rect();
    // Into the first field and out again by clicking Submit: the message shows, Submit stays.
    let company = h.get_by_role_and_label(Role::TextInput, "Company");
    company.focus();
    h.run_steps(2);
    let at = h.get_by_label("Progressive Profiling").rect().center();
    h.hover_at(at);
    h.run_steps(1);
    h.drag_at(at);
    h.run_steps(2);
    assert_eq!(
        h.get_by_label("Progressive Profiling").rect(),
        submit,
        "moved on press"
    );
    h.drop_at(at);
    h.run_steps(3);
    assert_eq!(
        h.get_by_label("Progressive Profiling").rect(),
        submit,
        "moved on release"
    );
    assert!(h.query_by_label("The Company field is required.").is_some());
    assert!(
        h.query_by_label("Not submitted: the browser blocks the form.")
            .is_some(),
        "the click was a Submit"
    );
}

// ----- 6. New -----

#[test]
fn new_offers_an_empty_project_and_the_sample() {
    let mut h = studio();
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    let p = project(&h);
    assert!(p.steps.is_empty());
    assert!(p.catalog.iter().all(|c| c.group != Group::Custom));
    assert!(p.catalog.len() > 30);
    assert_eq!(
        h.state().status(),
        Some("New empty project: the platform's standard fields, no steps.")
    );
    click(&mut h, "File");
    click(&mut h, "New from the sample project");
    assert_eq!(project(&h), Project::default_project());
}

#[test]
fn a_new_empty_project_has_nothing_to_fix_and_says_how_to_start() {
    let mut h = studio();
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    assert!(ppstudio::lint::check(&project(&h)).is_empty());
    assert!(h.query_by_label("No steps yet").is_some());
    click(&mut h, "+ Add the first step");
    assert_eq!(project(&h).steps.len(), 1);
    assert!(h.query_by_label("No steps yet").is_none());
}

// ----- 7. the small things -----

#[test]
fn counts_say_1_step_and_1_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("one.ppstudio.json");
    let mut p = Project::default_project();
    p.steps.truncate(1);
    p.steps[0].fields[0].rules = "Required".into();
    std::fs::write(&file, p.to_canonical()).unwrap();
    let h = studio_with(Setup {
        file: Some(file),
        ..Setup::default()
    });
    assert!(h.query_by_label_contains("1 step · 1 error · ").is_some());
    assert!(h.query_by_label("1 step").is_some());
    assert!(h.query_by_label_contains("1 error, ").is_some());
}

#[test]
fn options_are_listed_value_then_text_as_the_paste_box_wants() {
    let mut h = studio();
    click(&mut h, "Field Gender (gender) in Third Login");
    let value = h.get_by_role_and_label(Role::TextInput, "Value 1");
    let text = h.get_by_role_and_label(Role::TextInput, "Text 1");
    assert!(value.rect().left() < text.rect().left(), "value first");
    assert_eq!(value.value().as_deref(), Some("M"));
    assert_eq!(text.value().as_deref(), Some("Male"));
    assert!(h.query_by_label("Paste value|text lines").is_some());
}

#[test]
fn a_new_custom_fields_key_comes_from_its_label_and_can_be_changed() {
    let mut h = studio();
    h.get_by_label_contains("Custom (").click();
    h.run_steps(2);
    click(&mut h, "+ New custom field");
    // A dialog's first frame only measures it.
    h.run_steps(2);
    h.get_by_role_and_label(Role::TextInput, "Field label")
        .focus();
    h.run_steps(1);
    type_letters(&mut h, "Favorite team");
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Key")
            .value()
            .as_deref(),
        Some("FavoriteTeam")
    );
    assert!(
        h.query_by_label("The profile attribute will be cf_FavoriteTeam.")
            .is_some()
    );
    // An invalid key is said as it is typed; Create waits.
    h.get_by_role_and_label(Role::TextInput, "Key").focus();
    h.run_steps(1);
    h.key_press(Key::End);
    type_letters(&mut h, " x");
    assert!(
        h.query_by_label("A key has only letters, digits and underscores, not a space.")
            .is_some()
    );
    for _ in 0..2 {
        h.key_press(Key::Backspace);
        h.run_steps(1);
    }
    type_letters(&mut h, "Name");
    click(&mut h, "Create");
    let p = project(&h);
    let f = &p.catalog_field("cf_FavoriteTeamName").unwrap().field;
    assert_eq!(f.display, "Favorite team");
}

#[test]
fn the_light_theme_is_remembered_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let mut h = studio_with(Setup {
        state: Some(state.clone()),
        ..Setup::default()
    });
    click(&mut h, "View");
    click(&mut h, "Theme: light");
    drop(h);
    let h = studio_with(Setup {
        state: Some(state),
        ..Setup::default()
    });
    assert!(!h.ctx.global_style().visuals.dark_mode);
    assert!(h.query_by_label("theme: light").is_some());
}

#[test]
fn the_window_combo_boxes_and_problems_speak_to_screen_readers() {
    let mut h = studio();
    let title = h.state().window_title();
    assert!(title.starts_with("Progressive Profiling Studio — "));
    assert_eq!(
        h.root().accesskit_node().label().as_deref(),
        Some(title.as_str())
    );
    click(&mut h, "Field Gender (gender) in Third Login");
    let combos = h.get_all_by_role(Role::ComboBox).collect::<Vec<_>>();
    assert!(combos.len() >= 2);
    for c in &combos {
        assert!(
            c.accesskit_node().value().is_some_and(|v| !v.is_empty()),
            "combo {:?} has no value",
            c.accesskit_node().label()
        );
    }
    assert_eq!(
        h.get_by_role_and_label(Role::ComboBox, "Type")
            .value()
            .as_deref(),
        Some("Dropdown")
    );
    // Problems: the severity is part of the name.
    assert!(
        h.query_by_label_contains("Note: First Login › phoneid")
            .is_some()
    );
}

#[test]
fn two_studios_on_one_state_folder_keep_their_own_recovery_copies() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let setup = || Setup {
        state: Some(state.clone()),
        step_dt: Some(0.5),
        ..Setup::default()
    };
    let mut a = studio_with(setup());
    let mut b = studio_with(setup());
    // Each deletes a different field and pauses: two copies.
    for (h, field) in [
        (&mut a, "Field Gender (gender) in Third Login"),
        (&mut b, "Field Company (company) in Pricing Page"),
    ] {
        click(h, field);
        h.key_press(Key::Delete);
        h.run_steps(2);
    }
    for h in [&mut a, &mut b] {
        h.run_steps(5);
        // The copy is written in the background.
        h.state_mut().wait_for_files();
    }
    let copies = ppstudio::studio::recovery::copies(&state);
    assert_eq!(copies.len(), 2, "one copy per studio");
    // A saves nothing but quits cleanly (Don't save): only its copy goes.
    a.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    a.run_steps(2);
    click(&mut a, "Don't save");
    a.state_mut().wait_for_files();
    let copies = ppstudio::studio::recovery::copies(&state);
    assert_eq!(copies.len(), 1);
    assert!(copies[0].0.steps[2].field("company").is_none(), "B's copy");
    // A third studio while B runs offers nothing.
    let c = studio_with(setup());
    assert!(c.query_by_label("Recover unsaved work?").is_none());
    drop(c);
    // B crashes (dropped without a clean exit): the next studio offers its copy by name.
    drop(b);
    let d = studio_with(setup());
    assert!(d.query_by_label("Recover unsaved work?").is_some());
    assert!(
        d.query_by_label("A studio closed without saving the unsaved new project. Recover it?")
            .is_some()
    );
}

#[test]
fn undo_brings_the_user_back_to_what_the_step_changed() {
    let mut h = studio();
    // A label typed on Pricing Page's Company, then the user goes elsewhere.
    click(&mut h, "Field Company (company) in Pricing Page");
    let label = h.get_by_role_and_label(Role::TextInput, "Label");
    label.focus();
    h.run_steps(1);
    h.key_press(Key::End);
    type_letters(&mut h, " name");
    h.key_press(Key::Enter);
    h.run_steps(2);
    click(&mut h, "Step First Login");
    assert_eq!(
        h.state().selection(),
        Selection::Step(project(&h).steps[0].id)
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    let p = project(&h);
    let company = p.steps[2].field("company").unwrap();
    assert_eq!(company.display, "Company");
    assert_eq!(
        h.state().selection(),
        Selection::Field(company.id),
        "the field the undone step changed is selected again"
    );
    assert!(
        h.query_by_label("Field company of step Pricing Page")
            .is_some()
    );
    // Redo too.
    click(&mut h, "Step First Login");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run_steps(3);
    assert_eq!(h.state().selection(), Selection::Field(company.id));
    assert_eq!(project(&h).steps[2].fields[0].display, "Company name");
}
