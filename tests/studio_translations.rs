//! The Translations tab and the preview in a locale, driven through the UI as a product
//! manager would (egui_kittest, no GPU, no display).
#![cfg(feature = "gui")]

use std::path::PathBuf;

use egui::accesskit::Role;
use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ppstudio::edit::{Edit, LocaleEdit};
use ppstudio::project::{Id, Locales, Project, TextKey, TextKind};
use ppstudio::studio::files::FakeDialogs;
use ppstudio::studio::panels::Selection;
use ppstudio::studio::panels::preview::{PreviewPanel, SubmitResult};
use ppstudio::studio::{StudioApp, StudioOptions};
use serde_json::json;

mod support;
use support::click;

fn studio(dialogs: FakeDialogs, file: Option<PathBuf>) -> Harness<'static, StudioApp> {
    let mut h = Harness::builder()
        .with_size(vec2(1600.0, 1300.0))
        .build_eframe(move |cc| {
            StudioApp::new(
                cc,
                StudioOptions {
                    file,
                    state_dir: None,
                    dialogs: Box::new(dialogs),
                },
            )
        });
    h.run_steps(3);
    h
}

fn step(p: &Project, name: &str) -> Id {
    p.steps.iter().find(|s| s.name == name).unwrap().id
}

fn project(h: &Harness<'_, StudioApp>) -> Project {
    h.state().document().project().clone()
}

fn french() -> Locales {
    serde_json::from_value(json!({
        "fr": { "labels": { "firstname": "Prénom", "lastname": "Nom" },
                "placeholders": { "firstname": "Votre prénom" },
                "validationMessages": [
                    { "rule": "required", "message": "Le champ %s est obligatoire." },
                    { "rule": "max_length", "message": "Le champ %s ne doit pas dépasser %s caractères." } ],
                "buttonsName": { "progressiveprofiling": "Envoyer" } }
    }))
    .unwrap()
}

fn show_translations(h: &mut Harness<'_, StudioApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num5);
    h.run_steps(3);
}

fn fr_text(h: &Harness<'_, StudioApp>, kind: TextKind, key: &str) -> Option<String> {
    project(h)
        .locales
        .get("fr")?
        .text(&TextKey::new(kind, key))
        .map(str::to_string)
}

#[test]
fn add_a_locale_translate_a_cell_and_undo_each_as_one_step() {
    let mut h = studio(FakeDialogs::default(), None);
    show_translations(&mut h);
    h.get_by_label("Locales:");
    let code = h.get_by_role_and_label(Role::TextInput, "New locale");
    code.focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "New locale")
        .type_text("fr");
    h.run();
    click(&mut h, "Add locale");
    assert_eq!(project(&h).locales.codes().collect::<Vec<_>>(), ["fr"]);
    assert_eq!(
        h.state().document().history().undo_label(),
        Some("Add locale fr")
    );

    // The first step's texts, each missing in fr.
    h.get_by_label_contains("fr: 8 texts missing");
    let cell = "fr label firstname";
    h.get_by_role_and_label(Role::MultilineTextInput, cell)
        .focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, cell)
        .type_text("Prén");
    h.run();
    // While typing, every keystroke stays in the box and nothing is committed yet.
    assert_eq!(fr_text(&h, TextKind::Label, "firstname"), None);
    assert_eq!(
        h.get_by_role_and_label(Role::MultilineTextInput, cell)
            .value()
            .as_deref(),
        Some("Prén")
    );
    h.get_by_role_and_label(Role::MultilineTextInput, cell)
        .type_text("om");
    h.run();
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert_eq!(
        fr_text(&h, TextKind::Label, "firstname").as_deref(),
        Some("Prénom")
    );
    assert_eq!(
        h.state().document().history().undo_label(),
        Some("Translate label firstname (fr)")
    );
    assert_eq!(
        h.state().document().history().undo_len(),
        2,
        "one step per cell"
    );
    h.get_by_label_contains("fr: 7 texts missing");

    // Escape puts the old text back.
    h.get_by_role_and_label(Role::MultilineTextInput, cell)
        .focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, cell)
        .type_text("xyz");
    h.run();
    h.key_press(Key::Escape);
    h.run_steps(3);
    assert_eq!(
        fr_text(&h, TextKind::Label, "firstname").as_deref(),
        Some("Prénom")
    );
    assert_eq!(
        h.get_by_role_and_label(Role::MultilineTextInput, cell)
            .value()
            .as_deref(),
        Some("Prénom")
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert_eq!(fr_text(&h, TextKind::Label, "firstname"), None);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert!(project(&h).locales.is_empty());
    assert_eq!(
        project(&h).to_canonical(),
        Project::default_project().to_canonical()
    );
}

#[test]
fn a_cell_left_by_tab_or_a_click_is_committed_and_clearing_removes_the_text() {
    let mut h = studio(FakeDialogs::default(), None);
    h.state_mut()
        .apply_edit(Edit::Locales(LocaleEdit::Replace(Box::new(french()))));
    show_translations(&mut h);
    let cell = "fr label phoneid";
    h.get_by_role_and_label(Role::MultilineTextInput, cell)
        .focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, cell)
        .type_text("Téléphone");
    h.run();
    h.key_press(Key::Tab);
    h.run_steps(3);
    assert_eq!(
        fr_text(&h, TextKind::Label, "phoneid").as_deref(),
        Some("Téléphone")
    );
    // Clearing a cell removes the translation.
    let cell = "fr label lastname";
    h.get_by_role_and_label(Role::MultilineTextInput, cell)
        .focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.key_press(Key::Backspace);
    h.run();
    // A click elsewhere leaves the cell.
    click(&mut h, "Show all texts");
    assert_eq!(fr_text(&h, TextKind::Label, "lastname"), None);
    assert_eq!(
        h.state().document().history().undo_label(),
        Some("Clear label lastname (fr)")
    );
}

#[test]
fn the_table_follows_the_selected_step_with_a_switch_to_show_all() {
    let mut h = studio(FakeDialogs::default(), None);
    h.state_mut()
        .apply_edit(Edit::Locales(LocaleEdit::Replace(Box::new(french()))));
    let p = project(&h);
    h.state_mut()
        .select(Selection::Step(step(&p, "Third Login")));
    show_translations(&mut h);
    h.get_by_label("The texts of the step \"Third Login\".");
    for cell in [
        "fr label gender",
        "fr label birthdate",
        "fr placeholder birthdate",
        "fr message required",
        "fr message valid_date",
        "fr button progressiveprofiling",
    ] {
        h.get_by_role_and_label(Role::MultilineTextInput, cell);
    }
    assert!(h.query_by_label("fr label firstname").is_none());
    // The source beside the cell, the translation in it.
    h.get_by_label("The %s field must contain a valid date.");
    assert_eq!(
        h.get_by_role_and_label(Role::MultilineTextInput, "fr message required")
            .value()
            .as_deref(),
        Some("Le champ %s est obligatoire.")
    );
    h.get_by_label_contains("fr: 5 texts missing");
    click(&mut h, "Show all texts");
    h.get_by_label("Every text of the project.");
    h.get_by_role_and_label(Role::MultilineTextInput, "fr label firstname");
    h.get_by_role_and_label(Role::MultilineTextInput, "fr label cf_UseCase");
    // Selecting another step while the tab is in front keeps the tab (it follows).
    click(&mut h, "Show all texts");
    let first = step(&p, "First Login");
    h.state_mut().select(Selection::Step(first));
    h.run_steps(2);
    h.get_by_label("The texts of the step \"First Login\".");
}

#[test]
fn a_message_for_one_field_gets_its_own_row() {
    let mut h = studio(FakeDialogs::default(), None);
    h.state_mut()
        .apply_edit(Edit::Locales(LocaleEdit::Replace(Box::new(french()))));
    show_translations(&mut h);
    assert!(h.query_by_label("fr message required#firstname").is_none());
    click(&mut h, "Add row");
    let cell = "fr message required#firstname";
    h.get_by_role_and_label(Role::MultilineTextInput, cell)
        .focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, cell)
        .type_text("Votre prénom, s'il vous plaît");
    h.run();
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert_eq!(
        fr_text(&h, TextKind::Message, "required#firstname").as_deref(),
        Some("Votre prénom, s'il vous plaît")
    );
}

#[test]
fn removing_a_locale_is_undone_by_one_key() {
    let mut h = studio(FakeDialogs::default(), None);
    h.state_mut()
        .apply_edit(Edit::Locales(LocaleEdit::Replace(Box::new(french()))));
    show_translations(&mut h);
    click(&mut h, "Remove locale fr");
    assert!(project(&h).locales.is_empty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert_eq!(project(&h).locales, french());
}

#[test]
fn a_translation_problem_leads_to_the_translations_tab() {
    let mut h = studio(FakeDialogs::default(), None);
    h.state_mut()
        .apply_edit(Edit::Locales(LocaleEdit::Replace(Box::new(french()))));
    h.run_steps(2);
    let problem = h
        .get_all_by_role(Role::Button)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with("Warning: translation fr › First Login › locales"))
        })
        .expect("the missing texts of First Login are a problem")
        .accesskit_node()
        .label()
        .unwrap_or_default();
    assert!(problem.contains("1 label (\"Phone Number\")"), "{problem}");
    h.get_by_label(&problem).click();
    h.run_steps(3);
    h.get_by_label("The texts of the step \"First Login\".");
}

#[test]
fn csv_export_and_import_from_the_file_menu() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("acme-translations.csv");
    let dialogs = FakeDialogs::default();
    dialogs.answer(Some(out.clone()));
    let mut h = studio(dialogs.clone(), None);
    h.state_mut()
        .apply_edit(Edit::Locales(LocaleEdit::Replace(Box::new(french()))));
    click(&mut h, "File");
    click(&mut h, "Export translations (CSV)…");
    h.run_steps(2);
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text, ppstudio::l10n::csv::export(&project(&h)));

    // A malformed file: said where, the project unchanged.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "kind,key,source,fr\nlabel,gender,Gender\n").unwrap();
    dialogs.answer(Some(bad.clone()));
    let before = project(&h);
    let undo = h.state().document().history().undo_len();
    click(&mut h, "File");
    click(&mut h, "Import translations (CSV)…");
    h.run_steps(2);
    let error = h.state().error().unwrap_or_default().to_string();
    assert!(
        error.contains(&format!("{}:2:20: this row has 3 cells", bad.display())),
        "{error}"
    );
    // The status bar says it too, with the line, as the user sees it.
    let status = h.state().status().unwrap_or_default().to_string();
    assert!(
        status.starts_with("⛔ Translations not imported:"),
        "{status}"
    );
    assert!(
        status.contains(&format!("{}:2:20:", bad.display())),
        "{status}"
    );
    h.get_by_label_contains(&format!(
        "Translations not imported: {}:2:20",
        bad.display()
    ));
    assert_eq!(project(&h), before);
    assert_eq!(h.state().document().history().undo_len(), undo);
    h.key_press(Key::Escape);
    h.run_steps(2);

    // A good one: applied as one undo step.
    std::fs::write(
        &bad,
        text.replace("label,gender,Gender,", "label,gender,Gender,Genre"),
    )
    .unwrap();
    dialogs.answer(Some(bad.clone()));
    click(&mut h, "File");
    click(&mut h, "Import translations (CSV)…");
    h.run_steps(2);
    assert_eq!(
        fr_text(&h, TextKind::Label, "gender").as_deref(),
        Some("Genre")
    );
    assert_eq!(
        h.state().document().history().undo_label(),
        Some("Import translations from bad.csv")
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert_eq!(project(&h), before);
}

// ----- the preview in a locale -----

struct State {
    panel: PreviewPanel,
    project: Project,
    revision: u64,
    step: Option<Id>,
}

fn preview(step_name: &str) -> Harness<'static, State> {
    let mut project = Project::default_project();
    project.locales = french();
    let step = Some(step(&project, step_name));
    Harness::builder()
        .with_size(vec2(1400.0, 2400.0))
        .build_ui_state(
            |ui, s: &mut State| {
                s.panel.ui(ui, &s.project, s.revision, s.step);
            },
            State {
                panel: PreviewPanel::default(),
                project,
                revision: 1,
                step,
            },
        )
}

fn pick_locale(h: &mut Harness<'_, State>, choice: &str) {
    h.get_by_role_and_label(Role::ComboBox, "Language:").click();
    h.run();
    h.get_by_label(choice).click();
    h.run_steps(3);
}

#[test]
fn the_preview_shows_a_step_as_a_french_consumer_sees_it() {
    let mut h = preview("First Login");
    h.run();
    h.get_by_role_and_label(Role::TextInput, "First Name");
    pick_locale(&mut h, "fr");
    assert_eq!(h.state().panel.locale(), Some("fr"));
    // Labels and placeholders of the locale, the source where it has none.
    h.get_by_role_and_label(Role::TextInput, "Prénom");
    h.get_by_role_and_label(Role::TextInput, "Nom");
    h.get_by_role_and_label(Role::TextInput, "Phone Number");
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Prénom")
            .accesskit_node()
            .placeholder(),
        Some("Votre prénom")
    );
    // The button of the locale; the messages through the same engine as rules eval, with
    // the translated label inside.
    h.get_by_role_and_label(Role::Button, "Envoyer").click();
    h.run_steps(3);
    h.get_by_label("Le champ Prénom est obligatoire.");
    h.get_by_label("Le champ Nom est obligatoire.");
    match h.state().panel.last_submit() {
        Some(SubmitResult::Invalid(list)) => assert_eq!(
            list,
            &[
                (
                    "Prénom".to_string(),
                    "Le champ Prénom est obligatoire.".to_string()
                ),
                (
                    "Nom".to_string(),
                    "Le champ Nom est obligatoire.".to_string()
                ),
            ]
        ),
        other => panic!("{other:?}"),
    }
    // A message the locale does not translate is the platform's, with the French label.
    h.get_by_role_and_label(Role::TextInput, "Prénom").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Prénom")
        .type_text(&"x".repeat(51));
    h.run_steps(3);
    h.get_by_label("Le champ Prénom ne doit pas dépasser 50 caractères.");
    h.get_by_role_and_label(Role::TextInput, "Phone Number")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Phone Number")
        .type_text("abc");
    h.run_steps(3);
    h.get_by_label("The Phone Number field is not valid.");
    // Back to the source language.
    pick_locale(&mut h, "Source language");
    h.get_by_role_and_label(Role::TextInput, "First Name");
    h.get_by_label("The First Name field must not exceed 50 characters in length.");
    h.get_by_role_and_label(Role::Button, "Progressive Profiling");
}

#[test]
fn editing_a_translation_changes_the_preview_at_once() {
    let mut h = preview("First Login");
    h.run();
    pick_locale(&mut h, "fr");
    h.get_by_role_and_label(Role::TextInput, "Prénom");
    let fr = h.state_mut().project.locales.get_mut("fr").unwrap();
    fr.set_text(
        &TextKey::new(TextKind::Label, "firstname"),
        Some("Prénom usuel".into()),
    );
    h.state_mut().revision = 2;
    h.run_steps(3);
    h.get_by_role_and_label(Role::TextInput, "Prénom usuel");
    // A locale the project no longer has: the source language.
    h.state_mut().project.locales = Locales::default();
    h.state_mut().revision = 3;
    h.run_steps(3);
    h.get_by_role_and_label(Role::TextInput, "First Name");
    h.get_by_role_and_label(Role::Button, "Progressive Profiling");
}

#[test]
fn a_message_written_into_a_rule_is_said_untranslatable_and_a_long_text_shows_whole() {
    let mut h = studio(FakeDialogs::default(), None);
    let p = project(&h);
    let phone = p.steps[0].fields[2].id;
    h.state_mut().apply_edit(ppstudio::edit::Edit::SetField {
        field: phone,
        prop: ppstudio::edit::FieldProp::Rules(
            "custom_validation[^\\+?[0-9 ]+$###Digits and spaces only]".into(),
        ),
    });
    show_translations(&mut h);
    h.get_by_role_and_label(Role::TextInput, "New locale")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "New locale")
        .type_text("fr");
    h.run();
    click(&mut h, "Add locale");
    h.run_steps(2);
    // Said in the problems list and in the Translations tab.
    assert_eq!(
        h.query_all_by_label_contains(
            "Consumers reading fr see \"Digits and spaces only\" as written"
        )
        .count(),
        2
    );
    // A long translation wraps in its cell: the box grows in height, not cut.
    let cell = "fr label firstname";
    let before = h
        .get_by_role_and_label(Role::MultilineTextInput, cell)
        .rect();
    h.get_by_role_and_label(Role::MultilineTextInput, cell)
        .focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, cell)
        .type_text("Votre prénom, tel qu'il figure sur votre pièce d'identité");
    h.run();
    h.key_press(Key::Enter);
    h.run_steps(2);
    let after = h
        .get_by_role_and_label(Role::MultilineTextInput, cell)
        .rect();
    assert_eq!(after.width(), before.width());
    assert!(
        after.height() > before.height() * 1.5,
        "{before:?} {after:?}"
    );
    assert_eq!(
        fr_text(&h, TextKind::Label, "firstname").as_deref(),
        Some("Votre prénom, tel qu'il figure sur votre pièce d'identité"),
        "Enter finished the cell"
    );
}
