//! The palette: the catalog in three tabs, with a search box; rows are dragged onto cards.

use egui::{Id as EguiId, Ui};

use super::{
    Action, PanelCx, Payload, Selection, severity_color, severity_mark, step_target_button,
};
use crate::edit::Edit;
use crate::project::{CatalogEntry, Group};
use crate::studio::commands::Command;
use crate::studio::widgets::{FieldRow, ROW_HEIGHT, field_row};

/// The palette's own UI state.
pub struct Palette {
    pub tab: Group,
    pub search: String,
}

impl Default for Palette {
    fn default() -> Self {
        Palette {
            tab: Group::StandardBasic,
            search: String::new(),
        }
    }
}

/// The test of the search text (label or name, case-insensitive), lower-cased once.
pub fn matcher(search: &str) -> impl Fn(&CatalogEntry) -> bool {
    let s = search.trim().to_lowercase();
    move |entry| {
        s.is_empty()
            || entry.field.display.to_lowercase().contains(&s)
            || entry.field.name.to_lowercase().contains(&s)
    }
}

impl Palette {
    /// A project was opened or made: the palette shows its first tab that has fields (an
    /// import with no custom fields does not open on "Custom (0)"), with no search.
    pub fn show_project(&mut self, project: &crate::project::Project) {
        self.search.clear();
        let has = |g: Group| project.catalog.iter().any(|c| c.group == g);
        if !has(self.tab)
            && let Some(g) = Group::ALL.into_iter().find(|&g| has(g))
        {
            self.tab = g;
        }
    }

    /// Draws the palette.
    pub fn ui(&mut self, ui: &mut Ui, cx: &PanelCx<'_>, out: &mut Vec<Action>) {
        ui.heading("Fields");
        // Wrapped, so that the tabs never make the palette wider than the window allows.
        ui.horizontal_wrapped(|ui| {
            for g in Group::ALL {
                let n = cx.project.catalog.iter().filter(|c| c.group == g).count();
                let text = format!("{} ({n})", g.title());
                if ui.selectable_label(self.tab == g, text).clicked() {
                    self.tab = g;
                }
            }
        });
        ui.horizontal(|ui| {
            let l = ui.label("Search");
            ui.add(
                egui::TextEdit::singleline(&mut self.search)
                    .hint_text("label or name")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id);
        });
        if self.tab == Group::Custom && ui.button("+ New custom field").clicked() {
            out.push(Action::Command(Command::NewCustomField));
        }
        ui.separator();
        let matches = matcher(&self.search);
        let entries: Vec<&CatalogEntry> = cx
            .project
            .catalog
            .iter()
            .filter(|c| c.group == self.tab && matches(c))
            .collect();
        if entries.is_empty() {
            let elsewhere: Vec<(Group, usize)> = Group::ALL
                .into_iter()
                .filter(|&g| g != self.tab)
                .map(|g| {
                    let n = cx
                        .project
                        .catalog
                        .iter()
                        .filter(|c| c.group == g && matches(c))
                        .count();
                    (g, n)
                })
                .filter(|&(_, n)| n > 0)
                .collect();
            if self.search.trim().is_empty() {
                ui.weak(match self.tab {
                    Group::Custom => "No custom fields yet: + New custom field makes one.",
                    _ => "This tab has no fields.",
                });
            } else {
                ui.weak(format!("No field in {} matches.", self.tab.title()));
            }
            for (g, n) in elsewhere
                .into_iter()
                .filter(|_| !self.search.trim().is_empty())
            {
                let text = format!(
                    "{} in {}",
                    crate::studio::widgets::count(n, "match", "matches"),
                    g.title()
                );
                if ui.button(text).clicked() {
                    self.tab = g;
                }
            }
            return;
        }
        egui::ScrollArea::vertical()
            .id_salt("palette-scroll")
            .auto_shrink([false, false])
            .show_rows(ui, ROW_HEIGHT, entries.len(), |ui, range| {
                for entry in &entries[range] {
                    let f = &entry.field;
                    let (rect, _) = ui.allocate_exact_size(
                        egui::vec2(ui.available_width(), ROW_HEIGHT),
                        egui::Sense::hover(),
                    );
                    let mark = cx
                        .field_mark(f.id)
                        .map(|s| (severity_mark(s), severity_color(ui, s)));
                    let row = FieldRow {
                        mark,
                        selected: cx.selection == Selection::Catalog(f.id),
                        ..FieldRow::of(f, format!("Palette field {} ({})", f.label(), f.name))
                    };
                    let id = EguiId::unique(("palette-row", f.id.0));
                    let resp = field_row(ui, id, rect, &row);
                    resp.dnd_set_drag_payload(Payload::Catalog(f.id));
                    if resp.clicked() {
                        out.push(Action::Select(Selection::Catalog(f.id)));
                    }
                    let used = cx.cache.used_in.get(&f.name).map_or(0, Vec::len);
                    resp.on_hover_text(format!(
                        "{} ({}), {}. Used in {}. Drag onto a step to add it.",
                        f.label(),
                        f.name,
                        f.field_type.title(),
                        crate::studio::widgets::count(used, "step", "steps")
                    ))
                    .context_menu(|ui| {
                        ui.menu_button("Add to step", |ui| {
                            for step in &cx.project.steps {
                                if step_target_button(ui, step, &f.name, &step.name) {
                                    out.push(Action::Edit(Edit::append_copy(step, f)));
                                    ui.close();
                                }
                            }
                        });
                        if ui.button("Edit").clicked() {
                            out.push(Action::Select(Selection::Catalog(f.id)));
                            ui.close();
                        }
                        if ui.button("Delete field…").clicked() {
                            out.push(Action::DeleteCatalog(f.id));
                            ui.close();
                        }
                    });
                }
            });
    }
}
