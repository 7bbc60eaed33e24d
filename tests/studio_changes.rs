//! The Changes tab, driven through the studio's UI (egui_kittest, no GPU, no display):
//! "Changes since last save", "Compare with file…", selecting a change, its consumer impact.
#![cfg(feature = "gui")]

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ppstudio::edit::{Edit, FieldProp};
use ppstudio::loginradius;
use ppstudio::project::{Id, Project, TriggerKind};
use ppstudio::studio::StudioApp;
use ppstudio::studio::files::FakeDialogs;
use ppstudio::studio::panels::Selection;
use ppstudio::studio::panels::changes::Mode;

mod support;

use support::click;
use support::studio_with as studio;

/// The default project saved in `dir`, opened in a studio.
fn opened(dir: &Path, dialogs: FakeDialogs) -> (Harness<'static, StudioApp>, PathBuf) {
    let path = dir.join("acme.ppstudio.json");
    std::fs::write(&path, Project::default_project().to_canonical()).expect("the file is written");
    (studio(dialogs, Some(path.clone())), path)
}

fn step(h: &Harness<'_, StudioApp>, name: &str) -> Id {
    let p = h.state().document().project();
    p.steps
        .iter()
        .find(|s| s.name == name)
        .expect("a step of that name")
        .id
}

fn field(h: &Harness<'_, StudioApp>, step: &str, name: &str) -> Id {
    let p = h.state().document().project();
    p.steps
        .iter()
        .find(|s| s.name == step)
        .and_then(|s| s.field(name))
        .expect("a field of that name")
        .id
}

fn show_changes(h: &mut Harness<'_, StudioApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    h.run_steps(2);
}

/// A rename, a tightened rules string and a new trigger, made as the panels make them.
fn edit(h: &mut Harness<'_, StudioApp>) {
    let third = step(h, "Third Login");
    let company = field(h, "Pricing Page", "company");
    let upgrade = step(h, "Upgrade CTA");
    let app = h.state_mut();
    app.apply_edit(Edit::RenameStep {
        step: third,
        name: "3rd Login".into(),
    });
    app.apply_edit(Edit::SetField {
        field: company,
        prop: FieldProp::Rules("required|min_length[3]|max_length[100]".into()),
    });
    app.apply_edit(Edit::SetTrigger {
        step: upgrade,
        trigger: TriggerKind::PageVisit("/upgrade".into()).into(),
    });
    h.run_steps(2);
}

#[test]
fn changes_since_last_save_list_each_change_with_its_consumer_impact() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = opened(dir.path(), FakeDialogs::default());
    show_changes(&mut h);
    assert!(h.query_by_label("Changes since last save").is_some());
    assert!(h.query_by_label("No changes.").is_some());
    assert!(
        h.query_by_label("The document against its last save.")
            .is_some()
    );

    edit(&mut h);
    assert!(h.query_by_label("3 changes").is_some());
    for text in [
        "~ Step \"Third Login\" renamed to \"3rd Login\"",
        "~ Company (company) in \"Pricing Page\": rules \"required|max_length[100]\" became \"required|min_length[3]|max_length[100]\"",
        "~ Trigger of \"Upgrade CTA\": \"When upgrade-cta is clicked\" became \"When /upgrade is visited\"",
        "min_length[3] added",
        "For consumers: now refused: \"aa\" (length limit): \"The Company field must be at least 3 characters in length.\"",
    ] {
        assert!(h.query_by_label(text).is_some(), "no {text:?}");
    }
}

#[test]
fn selecting_a_change_jumps_to_its_step_or_field_and_the_tab_stays() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = opened(dir.path(), FakeDialogs::default());
    edit(&mut h);
    show_changes(&mut h);
    click(&mut h, "~ Step \"Third Login\" renamed to \"3rd Login\"");
    assert_eq!(
        h.state().selection(),
        Selection::Step(step(&h, "3rd Login"))
    );
    // Still the Changes tab: the next change can be clicked.
    h.get_by_label_contains("~ Company (company) in \"Pricing Page\"")
        .click();
    h.run_steps(2);
    assert_eq!(
        h.state().selection(),
        Selection::Field(field(&h, "Pricing Page", "company"))
    );
    assert!(h.query_by_label("Changes since last save").is_some());
    // Selecting is not an edit.
    assert_eq!(h.state().document().history().undo_len(), 3);
}

#[test]
fn saving_empties_the_list_and_undo_brings_the_change_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = opened(dir.path(), FakeDialogs::default());
    edit(&mut h);
    show_changes(&mut h);
    assert!(h.query_by_label("3 changes").is_some());
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(1);
    // The save runs in the background: wait for it, then a frame takes its report.
    h.state_mut().wait_for_files();
    h.run_steps(2);
    assert!(h.query_by_label("No changes.").is_some());
    assert_eq!(
        Project::from_bytes(&std::fs::read(&path).unwrap()).unwrap(),
        *h.state().document().project()
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    // Undoing the trigger: the saved version had /upgrade, the document has the click again.
    assert!(h.query_by_label("1 change").is_some());
    assert!(
        h.query_by_label(
            "~ Trigger of \"Upgrade CTA\": \"When /upgrade is visited\" became \"When upgrade-cta is clicked\""
        )
        .is_some()
    );
}

#[test]
fn compare_with_file_takes_a_platform_export_and_says_what_was_compared() {
    let dir = tempfile::tempdir().unwrap();
    let deployed = dir.path().join("deployed.json");
    std::fs::write(
        &deployed,
        loginradius::export_string(&Project::default_project()),
    )
    .unwrap();
    let dialogs = FakeDialogs::default();
    dialogs.answer(Some(deployed.clone()));
    let (mut h, _) = opened(dir.path(), dialogs.clone());
    edit(&mut h);
    show_changes(&mut h);
    click(&mut h, "Compare with file…");
    h.run_steps(2);
    assert_eq!(h.state_mut().changes_panel().unwrap().mode(), Mode::File);
    assert!(h.query_by_label("Compared with deployed.json").is_some());
    assert!(h.query_by_label_contains("Not compared").is_some());
    // The trigger is not in the platform's JSON: two changes, not three.
    assert!(h.query_by_label("2 changes").is_some());
    click(
        &mut h,
        "~ Company (company) in \"Pricing Page\": rules \"required|max_length[100]\" became \"required|min_length[3]|max_length[100]\"",
    );
    assert_eq!(
        h.state().selection(),
        Selection::Field(field(&h, "Pricing Page", "company"))
    );
    // Back to the last save, and to the file again, without asking for it again.
    click(&mut h, "Changes since last save");
    assert!(h.query_by_label("3 changes").is_some());
    click(&mut h, "Compared with deployed.json");
    assert!(h.query_by_label("2 changes").is_some());
    assert_eq!(
        dialogs.asked.lock().unwrap().len(),
        1,
        "one dialog, from the button"
    );
}

#[test]
fn compare_with_file_from_the_file_menu_and_a_bad_file_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"ProfilingSteps\": [ {\"Step\": 3} ]\n}").unwrap();
    let dialogs = FakeDialogs::default();
    dialogs.answer(Some(bad.clone()));
    let (mut h, _) = opened(dir.path(), dialogs);
    click(&mut h, "File");
    click(&mut h, "Compare with file…");
    h.run_steps(2);
    let status = h.state().status().unwrap_or_default().to_string();
    // What is wrong first, then where.
    assert!(
        status.contains("Expected a text in double quotes here, not a number (3) (")
            && status.contains(&format!("{}, line 2, column", bad.display())),
        "{status}"
    );
    // Nothing to compare with: the tab shows the changes since the last save.
    assert_eq!(
        h.state_mut().changes_panel().unwrap().mode(),
        Mode::SinceSave
    );
    assert!(h.query_by_label("No changes.").is_some());
}

#[test]
fn the_diff_is_computed_when_the_document_changes_not_per_frame() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = opened(dir.path(), FakeDialogs::default());
    show_changes(&mut h);
    let before = h.state_mut().changes_panel().unwrap().computations();
    h.run_steps(10);
    assert_eq!(
        h.state_mut().changes_panel().unwrap().computations(),
        before
    );
    edit(&mut h);
    let after = h.state_mut().changes_panel().unwrap().computations();
    assert!(after > before);
    h.run_steps(10);
    assert_eq!(h.state_mut().changes_panel().unwrap().computations(), after);
}

#[test]
fn a_document_never_saved_compares_with_what_was_opened() {
    let mut h = studio(FakeDialogs::default(), None);
    show_changes(&mut h);
    assert!(
        h.query_by_label("Not saved yet: the document against what was opened.")
            .is_some()
    );
    let id = step(&h, "Upgrade CTA");
    h.state_mut().apply_edit(Edit::RemoveStep { step: id });
    h.run_steps(2);
    click(&mut h, "- Step \"Upgrade CTA\" removed (it had 4 fields)");
    // A removed step is nowhere to jump to.
    assert_eq!(h.state().selection(), Selection::None);
}
