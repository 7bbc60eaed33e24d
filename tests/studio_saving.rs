//! Saving, opening and the recovery copy, driven through the studio's UI as a user would
//! (egui_kittest, no GPU, no display): what a failed or late save does to the work.
#![cfg(feature = "gui")]

use std::path::PathBuf;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ppstudio::project::Project;
use ppstudio::studio::StudioApp;
use ppstudio::studio::files::FakeDialogs;

mod support;

use support::*;

#[test]
fn opening_a_broken_file_shows_where_and_keeps_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ppstudio.json");
    std::fs::write(
        &broken,
        "{\n  \"format\": \"ppstudio-project\",\n  \"steps\": [,]\n}\n",
    )
    .unwrap();
    let dialogs = FakeDialogs::default();
    dialogs.answer(Some(broken.clone()));
    let mut h = studio_with(dialogs.clone(), None);
    let before = project(&h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run_steps(3);
    let error = h.state().error().unwrap_or_default().to_string();
    // Plain words first, then where.
    let words = "A value is needed here: a text in double quotes, a number, true, false, null, \
                 a list [...] or an object {...} (line 3, column 13).";
    assert_eq!(
        error,
        format!("{words}\nIn {}", broken.display()),
        "{error}"
    );
    assert_eq!(project(&h), before);
    assert!(h.query_by_label_contains(words).is_some());
    click(&mut h, "OK");
    assert!(h.state().error().is_none());
}

#[test]
fn save_as_then_open_round_trips_and_the_title_tracks_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.ppstudio.json");
    let dialogs = FakeDialogs::default();
    dialogs.answer(Some(path.clone()));
    let mut h = studio_with(dialogs.clone(), None);
    click(&mut h, "Field Gender (gender) in Third Login");
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert!(h.state().window_title().ends_with(" *"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(1);
    h.state_mut().wait_for_files();
    h.run_steps(2);
    assert_eq!(
        h.state().window_title(),
        "Progressive Profiling Studio — acme.ppstudio.json"
    );
    let saved = Project::from_bytes(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(saved, project(&h));
    // A project with a name of its own keeps it.
    assert_eq!(saved.name, "Starter progressive profile");
    // `ppstudio FILE` opens it.
    let h2 = studio_with(FakeDialogs::default(), Some(path));
    assert_eq!(project(&h2), saved);
}

#[test]
fn an_untitled_project_saved_as_acme_is_named_acme_in_the_same_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.ppstudio.json");
    let dialogs = FakeDialogs::default();
    dialogs.answer(Some(path.clone()));
    let mut h = studio_with(dialogs.clone(), None);
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    assert_eq!(project(&h).name, "Untitled project");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(1);
    h.state_mut().wait_for_files();
    h.run_steps(2);
    assert_eq!(project(&h).name, "acme");
    let saved = Project::from_bytes(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(saved.name, "acme");
    assert_eq!(saved, project(&h));
    assert!(!h.state().window_title().ends_with(" *"));
    let status = h.state().status().unwrap_or_default().to_string();
    assert!(
        status.contains("named the project \"acme\" after the file"),
        "{status}"
    );
    assert!(h.query_by_label_contains("named the project").is_some());
}

#[test]
fn new_with_unsaved_changes_asks_first() {
    let mut h = studio();
    click(&mut h, "Field Gender (gender) in Third Login");
    h.key_press(Key::Delete);
    h.run_steps(2);
    let edited = project(&h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    assert!(h.query_by_label("Unsaved changes").is_some());
    click(&mut h, "Cancel");
    assert_eq!(project(&h), edited);
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    click(&mut h, "Don't save");
    assert!(project(&h).steps.is_empty());
}

#[test]
fn a_save_that_fails_says_so_and_keeps_the_work_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("acme.ppstudio.json");
    // A "folder" that is a file: no one, root included, can write under it.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let bad = blocker.join("acme.ppstudio.json");
    let dialogs = FakeDialogs::default();
    dialogs.answer(Some(good.clone()));
    let mut h = studio_with(dialogs.clone(), None);
    click(&mut h, "Field Gender (gender) in Third Login");
    h.key_press(Key::Delete);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(1);
    h.state_mut().wait_for_files();
    h.run_steps(2);
    let saved = std::fs::read(&good).unwrap();
    // Another edit, then Save As into the impossible place.
    click(&mut h, "Field Country (country) in Third Login");
    h.key_press(Key::Delete);
    h.run_steps(2);
    dialogs.answer(Some(bad.clone()));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run_steps(1);
    h.state_mut().wait_for_files();
    h.run_steps(2);
    let status = h.state().status().unwrap_or_default().to_string();
    assert!(status.starts_with("⛔ Could not save"), "{status}");
    assert!(status.contains("not-a-folder"), "{status}");
    assert!(h.state().document().is_dirty());
    assert!(h.state().window_title().ends_with("acme.ppstudio.json *"));
    assert_eq!(
        std::fs::read(&good).unwrap(),
        saved,
        "the saved file is untouched"
    );
    assert!(!bad.exists());
    assert_eq!(field_names(&h, "Third Login"), ["birthdate"]);
}

/// A new document with one change, then Ctrl+N and "Save" in the question about unsaved
/// work; the Save As dialog answers `path`. Returns the project as edited.
fn save_before_new(
    h: &mut Harness<'_, StudioApp>,
    dialogs: &FakeDialogs,
    path: PathBuf,
) -> Project {
    click(h, "Field Gender (gender) in Third Login");
    h.key_press(Key::Delete);
    h.run_steps(2);
    let edited = project(h);
    dialogs.answer(Some(path));
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    click(h, "Save");
    h.run_steps(2);
    // The save runs in the background: wait for it, then a frame takes its report.
    h.state_mut().wait_for_files();
    h.run_steps(2);
    edited
}

#[test]
fn save_then_new_writes_the_work_before_the_new_project_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("before-new.ppstudio.json");
    let dialogs = FakeDialogs::default();
    let mut h = studio_with(dialogs.clone(), None);
    let edited = save_before_new(&mut h, &dialogs, path.clone());
    assert_eq!(
        Project::from_bytes(&std::fs::read(&path).unwrap()).unwrap(),
        edited
    );
    assert!(project(&h).steps.is_empty(), "the new empty project");
    assert!(!h.state().document().is_dirty());
}

#[test]
fn a_failed_save_before_new_replaces_nothing_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = studio_with(dialogs.clone(), None);
    let edited = save_before_new(&mut h, &dialogs, blocker.join("a.ppstudio.json"));
    let status = h.state().status().unwrap_or_default().to_string();
    assert!(status.starts_with("⛔ Could not save"), "{status}");
    assert!(
        status.contains("Nothing was closed or replaced"),
        "{status}"
    );
    assert_eq!(project(&h), edited, "the work is still open");
    assert!(h.state().document().is_dirty());
    assert!(h.state().window_title().ends_with(" *"));
}

#[test]
fn a_save_that_finishes_after_another_edit_leaves_that_edit_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("late.ppstudio.json");
    let dialogs = FakeDialogs::default();
    dialogs.answer(Some(path.clone()));
    let mut h = studio_with(dialogs, None);
    click(&mut h, "Field Gender (gender) in Third Login");
    h.key_press(Key::Delete);
    h.run_steps(2);
    let saved = project(&h);
    click(&mut h, "Field Country (country) in Third Login");
    // One frame: Ctrl+S starts the save (of the project as it is), then Delete removes the
    // field; the save's report is taken by a later frame.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.key_press(Key::Delete);
    h.run_steps(1);
    assert_ne!(
        project(&h),
        saved,
        "the second delete ran in the same frame"
    );
    h.state_mut().wait_for_files();
    h.run_steps(2);
    assert_eq!(
        Project::from_bytes(&std::fs::read(&path).unwrap()).unwrap(),
        saved
    );
    assert_ne!(project(&h), saved);
    assert!(
        h.state().document().is_dirty(),
        "the second change is unsaved"
    );
    assert!(h.state().window_title().ends_with(" *"));
    // Undoing it comes back to what is on disk: clean again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(project(&h), saved);
    assert!(!h.state().document().is_dirty());
}

#[test]
fn the_recovery_copy_follows_unsaved_work_and_goes_when_it_is_undone() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let mut h = studio_full(FakeDialogs::default(), None, Some(state.clone()), Some(0.5));
    assert!(ppstudio::studio::recovery::copies(&state).is_empty());
    click(&mut h, "Field Gender (gender) in Third Login");
    h.key_press(Key::Delete);
    h.run_steps(1);
    // Not while the change is fresh; 1.5 s after it.
    h.state_mut().wait_for_files();
    assert!(ppstudio::studio::recovery::copies(&state).is_empty());
    h.run_steps(4);
    // Asked at the pause, written in the background.
    h.state_mut().wait_for_files();
    let (copy, _) = ppstudio::studio::recovery::copies(&state)
        .pop()
        .expect("a recovery copy");
    assert_eq!(copy, project(&h));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert!(!h.state().document().is_dirty());
    h.state_mut().wait_for_files();
    assert!(ppstudio::studio::recovery::copies(&state).is_empty());
}

#[test]
fn exporting_a_project_with_errors_asks_first_and_names_the_first_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme.ppstudio.json");
    let text =
        Project::default_project()
            .to_canonical()
            .replacen("\"count\": 3", "\"count\": 0", 1);
    std::fs::write(&file, text).unwrap();
    let out = dir.path().join("acme-platform.json");
    let dialogs = FakeDialogs::default();
    let mut h = studio_with(dialogs.clone(), Some(file));
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(2);
    // Asked first: no file dialog yet, the first error named.
    assert!(dialogs.asked.lock().unwrap().is_empty());
    assert!(h.query_by_label("The project has an error").is_some());
    assert!(
        h.query_by_label_contains(
            "The first: Third Login › trigger: The step \"Third Login\" fires on login number 0"
        )
        .is_some()
    );
    click(&mut h, "Cancel");
    assert!(h.query_by_label("Export anyway").is_none());
    assert!(dialogs.asked.lock().unwrap().is_empty());
    // Export anyway writes it.
    dialogs.answer(Some(out.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(2);
    click(&mut h, "Export anyway");
    h.run_steps(2);
    assert_eq!(dialogs.asked.lock().unwrap().len(), 1);
    assert!(out.exists());
}

#[test]
fn the_builtin_chooser_opens_a_typed_name() {
    use egui::accesskit::Role;
    use ppstudio::studio::file_chooser::BuiltinChooser;
    use ppstudio::studio::files::{DialogKind, DialogRequest};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme.ppstudio.json");
    std::fs::write(&file, "{}").unwrap();
    let request = DialogRequest {
        kind: DialogKind::Open,
        suggested: String::new(),
        start_dir: Some(dir.path().to_path_buf()),
    };
    let mut chooser = BuiltinChooser::open(&request);
    let answer = std::rc::Rc::new(std::cell::RefCell::new(None));
    let seen = answer.clone();
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(900.0, 700.0))
        .build_ui(move |ui| {
            let mut seen = seen.borrow_mut();
            if seen.is_none() {
                *seen = chooser.ui(ui.ctx());
            }
        });
    h.run_steps(2);
    // The name box is the chooser's last text box (the first is the folder).
    let boxes: Vec<_> = h.get_all_by_role(Role::TextInput).collect();
    let name_box = boxes.last().expect("the name box");
    name_box.focus();
    h.run_steps(1);
    h.get_all_by_role(Role::TextInput)
        .last()
        .unwrap()
        .type_text("acme.ppstudio.json");
    h.run_steps(2);
    h.get_by_role_and_label(Role::Button, "Open").click();
    h.run_steps(2);
    assert_eq!(*answer.borrow(), Some(Some(file)));
}

#[test]
fn recovered_work_is_compared_with_its_file_in_the_changes_tab() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let file = dir.path().join("acme.ppstudio.json");
    let saved = Project::default_project();
    std::fs::write(&file, saved.to_canonical()).unwrap();
    // A studio edited the file's project (renamed a step, removed another) and died.
    let mut edited = saved.clone();
    edited.steps.get_mut(0).unwrap().name = "Welcome".into();
    edited.steps.remove(3);
    {
        let mut copy = ppstudio::studio::recovery::Recovery::new(&state);
        copy.write(&edited, Some(&file)).unwrap();
    }
    let mut h = studio_full(FakeDialogs::default(), None, Some(state), None);
    h.get_by_label("Recover unsaved work?");
    click(&mut h, "Recover");
    assert!(h.state().document().is_dirty());
    assert!(
        h.state()
            .status()
            .is_some_and(|s| s.contains("the Changes tab shows what it changed in the file")),
        "{:?}",
        h.state().status()
    );
    studio_tab(&mut h, "Changes");
    assert!(h.query_by_label("No changes.").is_none());
    assert!(
        h.query_by_label("~ Step \"First Login\" renamed to \"Welcome\"")
            .is_some()
    );
    assert!(
        h.query_by_label("- Step \"Upgrade CTA\" removed (it had 4 fields)")
            .is_some()
    );
}
