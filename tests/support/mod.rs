//! What the studio's UI tests share: the studio in a harness, and a user's gestures.
#![allow(dead_code)] // each test file uses its own part

use std::path::PathBuf;

use egui::accesskit::Role;
use egui::{Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ppstudio::project::Project;
use ppstudio::studio::files::FakeDialogs;
use ppstudio::studio::{StudioApp, StudioOptions};

/// The studio in a test harness: `state_dir` keeps recent files and the recovery copy;
/// `step_dt` is the seconds each frame advances the clock (kittest's default when `None`).
pub fn studio_full(
    dialogs: FakeDialogs,
    file: Option<PathBuf>,
    state_dir: Option<PathBuf>,
    step_dt: Option<f32>,
) -> Harness<'static, StudioApp> {
    let mut builder = Harness::builder().with_size(vec2(1400.0, 1300.0));
    if let Some(dt) = step_dt {
        builder = builder.with_step_dt(dt);
    }
    let mut h = builder.build_eframe(move |cc| {
        StudioApp::new(
            cc,
            StudioOptions {
                file,
                state_dir,
                dialogs: Box::new(dialogs),
            },
        )
    });
    h.run_steps(3);
    h
}

pub fn studio_with(dialogs: FakeDialogs, file: Option<PathBuf>) -> Harness<'static, StudioApp> {
    studio_full(dialogs, file, None, None)
}

pub fn studio() -> Harness<'static, StudioApp> {
    studio_with(FakeDialogs::default(), None)
}

pub fn project(h: &Harness<'_, StudioApp>) -> Project {
    h.state().document().project().clone()
}

pub fn field_names(h: &Harness<'_, StudioApp>, step: &str) -> Vec<String> {
    let p = project(h);
    p.steps
        .iter()
        .find(|s| s.name == step)
        .map(|s| s.fields.iter().map(|f| f.name.clone()).collect())
        .unwrap_or_default()
}

pub fn center(h: &Harness<'_, StudioApp>, label: &str) -> Pos2 {
    h.get_by_label(label).rect().center()
}

pub fn rect(h: &Harness<'_, StudioApp>, label: &str) -> egui::Rect {
    h.get_by_label(label).rect()
}

/// Presses at `from`, moves in small steps to `to` and releases there.
pub fn drag(h: &mut Harness<'_, StudioApp>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.run_steps(1);
    h.drag_at(from);
    h.run_steps(1);
    h.hover_at(from + vec2(4.0, 4.0));
    h.run_steps(2);
    for i in 1..=6 {
        h.hover_at(from.lerp(to, i as f32 / 6.0));
        h.run_steps(2);
    }
    h.drop_at(to);
    h.run_steps(3);
}

pub fn palette_tab(h: &mut Harness<'_, StudioApp>, title: &str) {
    h.get_by_label_contains(title).click();
    h.run_steps(2);
}

/// Clicks the widget named `label` (in the studio or in a panel's own harness).
pub fn click<S>(h: &mut Harness<'_, S>, label: &str) {
    h.get_by_label(label).click();
    h.run_steps(2);
}

/// Selects the whole text of the box named `label` and types `text` over it.
pub fn replace_in<S>(h: &mut Harness<'_, S>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(1);
    h.get_by_label(label).type_text(text);
    h.run_steps(2);
}

/// Types `text` one character a frame, as a user does (into the focused box).
pub fn type_letters<S>(h: &mut Harness<'_, S>, text: &str) {
    for c in text.chars() {
        h.event(egui::Event::Text(c.to_string()));
        h.run_steps(1);
    }
}

pub fn context_click(h: &mut Harness<'_, StudioApp>, target: &str, item: &str) {
    h.get_by_label(target).click_secondary();
    h.run_steps(2);
    h.get_by_label(item).click();
    h.run_steps(2);
}

pub fn studio_tab(h: &mut Harness<'_, StudioApp>, title: &str) {
    h.get_by_role_and_label(Role::Button, title).click();
    h.run_steps(2);
}

/// A file dropped on the window.
#[derive(Debug)]
pub struct Dropped(pub PathBuf);

/// A platform document with one step, "Imported", asking First Name: what the studio imports.
pub const ONE_IMPORTED_STEP: &str = r#"{ "ProfilingSteps": [ { "Step": "Imported", "Schema": [
    { "type": "string", "name": "firstname", "display": "First Name", "rules": "required" } ] } ] }"#;

/// Drops the file at `path` on the window, as a desktop's drag and drop does, and lets the
/// studio take it.
pub fn drop_file(h: &mut Harness<'_, StudioApp>, path: PathBuf) {
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path)));
    h.run_steps(3);
}

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}
