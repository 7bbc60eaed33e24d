//! The Changes tab: "Changes since last save" (the document against the project as last
//! saved, kept in memory by the document) and "Compare with file…" (a project or platform JSON
//! against the document: what deploying the document over that file changes). Each change
//! selects its step or field; its consumer impact is listed beneath it.
//!
//! The diff is computed by [`crate::diff`] only when the document, the saved state or the
//! compared file changes (and only while the tab is shown), never per frame.

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use super::{Action, PanelCx, Selection, SideTab};
use crate::diff::{self, Diff, Target, Version, prompt_change_words, value_words};
use crate::project::{MAX_FILE_BYTES, Project};
use crate::studio::commands::Command;

/// Changes drawn at most (a comparison of unrelated files can have thousands).
pub const MAX_SHOWN: usize = 500;

/// What the tab compares the document with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The document as last saved (or opened).
    #[default]
    SinceSave,
    /// The file chosen with "Compare with file…".
    File,
}

/// The project as last saved, as the document keeps it.
#[derive(Debug, Clone, Copy)]
pub struct Baseline<'a> {
    pub project: &'a Project,
    /// Changes whenever `project` does.
    pub generation: u64,
    /// Whether `project` is what a file holds (false: new, imported or recovered, unsaved).
    pub is_file: bool,
}

/// A file to compare with.
#[derive(Debug)]
struct OtherFile {
    path: PathBuf,
    version: Version,
    generation: u64,
}

/// What the cached diff was computed from: (mode, document revision, baseline or file
/// generation).
type Key = (Mode, u64, u64);

/// The Changes tab. UI state only: nothing here enters the project.
#[derive(Debug, Default)]
pub struct ChangesPanel {
    mode: Mode,
    file: Option<OtherFile>,
    files_loaded: u64,
    cached: Option<(Key, Diff)>,
    selected: Option<usize>,
    /// How many times a diff was computed (tests check it is not per frame).
    computations: u64,
}

/// The selection a change jumps to.
pub fn selection_of(t: Target) -> Selection {
    match t {
        Target::None => Selection::None,
        Target::Step(id) => Selection::Step(id),
        Target::Field(id) => Selection::Field(id),
        Target::Catalog(id) => Selection::Catalog(id),
    }
}

impl ChangesPanel {
    /// Reads `path` (a project or platform JSON) and compares the document with it from now
    /// on. `Err` names the file, line and column; the previous comparison stays.
    pub fn compare_with(&mut self, path: &Path) -> Result<(), String> {
        let bytes = crate::io::read_limited(path, MAX_FILE_BYTES)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let version = Version::from_bytes(&bytes).map_err(|e| {
            format!(
                "{} ({}, line {}, column {}).",
                e.message.trim_end_matches('.'),
                path.display(),
                e.line,
                e.column
            )
        })?;
        self.files_loaded += 1;
        self.file = Some(OtherFile {
            path: path.to_path_buf(),
            version,
            generation: self.files_loaded,
        });
        self.mode = Mode::File;
        self.selected = None;
        Ok(())
    }

    /// What the tab shows now.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// How many times a diff was computed.
    pub fn computations(&self) -> u64 {
        self.computations
    }

    /// The diff last shown, if any.
    pub fn diff(&self) -> Option<&Diff> {
        self.cached.as_ref().map(|(_, d)| d)
    }

    /// Recomputes the diff when what it depends on changed.
    fn refresh(&mut self, cx: &PanelCx<'_>) {
        let key = match (self.mode, &self.file) {
            (Mode::File, Some(f)) => (Mode::File, cx.revision, f.generation),
            _ => (Mode::SinceSave, cx.revision, cx.baseline.generation),
        };
        if self.cached.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        let d = match (key.0, &self.file) {
            (Mode::File, Some(f)) => diff::diff_against(&f.version, cx.project),
            _ => diff::diff(cx.baseline.project, cx.project),
        };
        self.computations += 1;
        if self.selected.is_some_and(|i| i >= d.changes.len()) {
            self.selected = None;
        }
        self.cached = Some((key, d));
    }

    fn header_ui(&mut self, ui: &mut Ui, cx: &PanelCx<'_>, out: &mut Vec<Action>) {
        ui.horizontal_wrapped(|ui| {
            if ui
                .selectable_label(self.mode == Mode::SinceSave, "Changes since last save")
                .on_hover_text("The document against the project as it was last saved")
                .clicked()
            {
                self.mode = Mode::SinceSave;
                self.selected = None;
            }
            if let Some(f) = &self.file {
                let name = f.path.file_name().map_or_else(
                    || f.path.display().to_string(),
                    |n| n.to_string_lossy().into(),
                );
                if ui
                    .selectable_label(self.mode == Mode::File, format!("Compared with {name}"))
                    .on_hover_text(f.path.display().to_string())
                    .clicked()
                {
                    self.mode = Mode::File;
                    self.selected = None;
                }
            }
            if ui
                .button("Compare with file…")
                .on_hover_text(
                    "Choose a project or platform JSON (what is deployed): the list shows what \
                     deploying this document over it changes",
                )
                .clicked()
            {
                out.push(Action::Command(Command::CompareWithFile));
            }
        });
        let what = match (self.mode, &self.file) {
            (Mode::File, Some(f)) => format!(
                "What deploying this document over {} ({}) changes.",
                f.path.display(),
                f.version.kind.title()
            ),
            _ if cx.baseline.is_file => "The document against its last save.".to_string(),
            _ => "Not saved yet: the document against what was opened.".to_string(),
        };
        ui.weak(what);
    }
}

impl SideTab for ChangesPanel {
    fn tab(&self) -> super::Tab {
        super::Tab::Changes
    }

    fn ui(&mut self, ui: &mut Ui, cx: &PanelCx<'_>, out: &mut Vec<Action>) {
        self.header_ui(ui, cx, out);
        self.refresh(cx);
        let Some((_, d)) = &self.cached else {
            return;
        };
        if let Some(note) = d.compared.describe() {
            ui.weak(note);
        }
        ui.label(
            RichText::new(match d.changes.len() {
                0 => "No changes.".to_string(),
                1 => "1 change".to_string(),
                n => format!("{n} changes"),
            })
            .strong(),
        );
        ui.separator();
        let mut clicked = None;
        egui::ScrollArea::vertical()
            .id_salt("changes-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for (i, c) in d.changes.iter().enumerate().take(MAX_SHOWN) {
                    let text = format!("{} {}", c.kind.mark(), c.summary);
                    // The change clicked, and every change of what is selected.
                    let selected = self.selected == Some(i)
                        || (c.target != Target::None && selection_of(c.target) == cx.selection);
                    let r = ui.add(egui::Button::selectable(selected, text).wrap());
                    let r = if c.target == Target::None {
                        r.on_hover_text("Not in this document any more")
                    } else {
                        r.on_hover_text("Select it")
                    };
                    if r.clicked() {
                        clicked = Some(i);
                    }
                    let lines = c.details.len() + c.impact.values.len() + c.impact.prompts.len();
                    if lines > 0 {
                        ui.indent(("change-detail", i), |ui| {
                            for line in &c.details {
                                ui.weak(line);
                            }
                            for v in &c.impact.values {
                                ui.label(format!("For consumers: {}", value_words(v)));
                            }
                            for p in &c.impact.prompts {
                                ui.label(format!("For consumers: {}", prompt_change_words(p)));
                            }
                        });
                    }
                }
                if d.changes.len() > MAX_SHOWN {
                    ui.weak(format!(
                        "and {} more (ppstudio diff lists them all)",
                        d.changes.len() - MAX_SHOWN
                    ));
                }
                if !d.journeys.is_empty() {
                    ui.separator();
                    ui.label(RichText::new("Kept journeys, prompts that differ").strong());
                    for p in &d.journeys {
                        ui.label(prompt_change_words(p));
                    }
                }
                for n in &d.notes {
                    ui.weak(format!("Note: {n}"));
                }
            });
        if let Some(i) = clicked {
            self.selected = Some(i);
            let target = d.changes[i].target;
            if target != Target::None {
                out.push(Action::Jump(selection_of(target)));
            }
        }
    }

    fn follows_selection(&self) -> bool {
        true
    }

    fn changes_panel(&mut self) -> Option<&mut ChangesPanel> {
        Some(self)
    }
}
