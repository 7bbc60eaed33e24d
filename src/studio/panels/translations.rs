//! The Translations tab: the project's locales and a table of every text the selected step
//! shows (labels, placeholders, validation messages per rule and per rule and field, the
//! submit button), the source text beside one column per locale, missing texts marked.
//!
//! A cell is a draft while it has the keyboard: every keystroke stays in the box, and the
//! text is committed once, as one undo step, on Enter, Tab or a click elsewhere (Escape puts
//! the old text back). Clearing a cell removes the translation. Which step is shown, the
//! "show all" switch and rows added for one field's message are UI state.

use egui::{Key, RichText, Ui};

use super::{Action, PanelCx, SideTab, preview_step, severity_mark};
use crate::edit::locales::check_new_code;
use crate::edit::{Edit, LocaleEdit};
use crate::l10n::{self, TextRow};
use crate::lint::Severity;
use crate::project::{Locale, Project, Step, TextKey, TextKind};
use crate::studio::commands::Command;
use crate::studio::widgets::combo::combo;
use crate::studio::widgets::count;

/// The width of one locale's column.
const CELL_WIDTH: f32 = 160.0;
/// The width of the source column.
const SOURCE_WIDTH: f32 = 150.0;

/// The cell being typed.
#[derive(Debug, Clone, PartialEq)]
struct Draft {
    code: String,
    key: TextKey,
    text: String,
}

/// The Translations tab. UI state only; see the module notes.
#[derive(Debug, Default)]
pub struct TranslationsPanel {
    /// The code typed in "New locale".
    new_code: String,
    /// Show every text of the project, not only the selected step's.
    pub show_all: bool,
    draft: Option<Draft>,
    /// `rule#field` rows the user added (shown until they hold a text, then they are the
    /// project's).
    added_rows: Vec<TextKey>,
    /// The field and rule picked for a new per-field message row.
    pick_field: String,
    pick_rule: String,
}

fn cell_id(code: &str, key: &TextKey) -> egui::Id {
    egui::Id::unique((
        "translation-cell",
        code,
        key.kind.as_str(),
        key.key.as_str(),
    ))
}

/// The accessible name of a cell: `fr label firstname`.
pub fn cell_name(code: &str, key: &TextKey) -> String {
    format!("{code} {}", key.describe())
}

/// The edit that stores `text` for `key` in `locale`, if it changes anything: an empty text
/// clears the translation.
fn commit_edit(locale: &Locale, key: &TextKey, text: &str) -> Option<Edit> {
    let current = locale.text(key);
    let new = if text.is_empty() {
        // An empty text is no translation already.
        current.filter(|c| !c.is_empty())?;
        None
    } else {
        if current == Some(text) {
            return None;
        }
        Some(text.to_string())
    };
    Some(Edit::Locales(LocaleEdit::SetText {
        code: locale.code.clone(),
        key: key.clone(),
        text: new,
    }))
}

impl TranslationsPanel {
    /// Commits the draft being typed, if any (the cell lost the keyboard while not drawn, or
    /// a command needs the text now).
    fn commit_draft(&mut self, project: &Project) -> Option<Action> {
        let d = self.draft.take()?;
        let locale = project.locales.get(&d.code)?;
        commit_edit(locale, &d.key, &d.text).map(Action::Edit)
    }

    /// The rows shown: the step's texts (or every text), the per-field rows added here.
    fn rows(&self, project: &Project, step: Option<&Step>) -> Vec<TextRow> {
        let mut rows = match (self.show_all, step) {
            (false, Some(step)) => l10n::step_view_texts(project, step),
            _ => l10n::project_texts(project),
        };
        let at = rows
            .iter()
            .position(|r| r.key.kind == TextKind::Button)
            .unwrap_or(rows.len());
        let mut extra = Vec::new();
        for key in &self.added_rows {
            let shown_step = step.is_none_or(|s| {
                key.key
                    .split_once('#')
                    .is_some_and(|(_, f)| s.field(f).is_some())
            });
            if (self.show_all || shown_step) && !rows.iter().any(|r| &r.key == key) {
                extra.push(TextRow {
                    key: key.clone(),
                    source: l10n::source_of(project, key),
                });
            }
        }
        rows.splice(at..at, extra);
        rows
    }

    /// Draws the tab.
    pub fn ui(&mut self, ui: &mut Ui, cx: &PanelCx<'_>, out: &mut Vec<Action>) {
        let project = cx.project;
        // A draft whose cell no longer has the keyboard (the tab was hidden, the step
        // changed) is committed, never lost.
        // Escape takes the keyboard away before the cell is drawn (egui drops the focus at
        // the start of the frame), so it is seen here: the draft is dropped, not committed.
        if let Some(d) = &self.draft {
            let focused = ui.ctx().memory(egui::Memory::focused);
            if focused != Some(cell_id(&d.code, &d.key)) {
                if ui.input(|i| i.key_pressed(Key::Escape)) {
                    self.draft = None;
                } else {
                    out.extend(self.commit_draft(project));
                }
            }
        }
        let step = preview_step(cx).and_then(|id| project.step(id));
        egui::ScrollArea::vertical()
            .id_salt("translations-scroll")
            .auto_shrink([false, true])
            .show(ui, |ui| {
                ui.heading("Translations");
                self.locales_ui(ui, project, out);
                ui.separator();
                ui.horizontal_wrapped(|ui| {
                    match (self.show_all, step) {
                        (false, Some(s)) => {
                            ui.label(format!("The texts of the step \"{}\".", s.name));
                        }
                        _ => {
                            ui.label("Every text of the project.");
                        }
                    }
                    ui.checkbox(&mut self.show_all, "Show all texts")
                        .on_hover_text("Every step's texts, and every text a locale has");
                });
                if let (false, Some(s)) = (self.show_all, step) {
                    self.add_row_ui(ui, s);
                }
                let rows = self.rows(project, step);
                self.missing_ui(ui, project, &rows);
                // Messages written into a rule: no row can translate them, so they are said
                // here (the checker's words, as in the problems list).
                for p in cx.cache.problems().iter().filter(|p| {
                    p.code == "translation-message-in-rule"
                        && (self.show_all || step.is_some_and(|s| p.location.step_id == Some(s.id)))
                }) {
                    ui.horizontal_wrapped(|ui| {
                        ui.colored_label(ui.visuals().warn_fg_color, "⚠");
                        ui.label(&p.message);
                    });
                }
                ui.add_space(4.0);
                egui::ScrollArea::horizontal()
                    .id_salt("translations-table-scroll")
                    .auto_shrink([false, true])
                    .show(ui, |ui| self.table_ui(ui, project, &rows, out));
            });
    }

    fn locales_ui(&mut self, ui: &mut Ui, project: &Project, out: &mut Vec<Action>) {
        ui.horizontal_wrapped(|ui| {
            ui.label("Locales:");
            if project.locales.is_empty() {
                ui.weak("none yet");
            }
            for code in project.locales.codes() {
                ui.label(RichText::new(code).strong());
                if ui
                    .small_button("✖")
                    .on_hover_text(format!("Remove the locale {code} (undo brings it back)"))
                    .accessible_name(format!("Remove locale {code}"))
                    .clicked()
                {
                    out.push(Action::Edit(Edit::Locales(LocaleEdit::Remove {
                        code: code.to_string(),
                    })));
                }
            }
        });
        let problem = (!self.new_code.is_empty())
            .then(|| check_new_code(project, &self.new_code))
            .flatten();
        ui.horizontal(|ui| {
            let label = ui.label("New locale");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut self.new_code)
                        .id_salt("translations-new-locale")
                        .hint_text("fr, de, pt-BR")
                        .desired_width(90.0),
                )
                .labelled_by(label.id);
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            let can_add = !self.new_code.is_empty() && problem.is_none();
            let add = ui.add_enabled(can_add, egui::Button::new("Add locale"));
            let add = if self.new_code.is_empty() {
                add.on_disabled_hover_text("Type a locale code first")
            } else {
                add
            };
            if (add.clicked() || enter) && can_add {
                out.push(Action::Edit(Edit::Locales(LocaleEdit::Add {
                    index: project.locales.list.len(),
                    locale: Box::new(Locale::new(self.new_code.clone())),
                })));
                self.new_code.clear();
            }
            if ui
                .button("Export CSV…")
                .on_hover_text("Every text, one row each, a column per locale: for translators")
                .clicked()
            {
                out.push(Action::Command(Command::ExportTranslations));
            }
            if ui
                .button("Import CSV…")
                .on_hover_text("Read a translated CSV back (one undo step)")
                .clicked()
            {
                out.push(Action::Command(Command::ImportTranslations));
            }
        });
        // Always one line, so a message never moves what is below.
        let line = match &problem {
            Some(why) => RichText::new(why.as_str()).color(ui.visuals().error_fg_color),
            None => RichText::new(" "),
        };
        ui.add(egui::Label::new(line.size(12.0)).truncate());
    }

    /// "Message for one field": adds a `rule#field` row for a field of the step.
    fn add_row_ui(&mut self, ui: &mut Ui, step: &Step) {
        let fields: Vec<&crate::project::Field> = step
            .fields
            .iter()
            .filter(|f| !l10n::message_keys(f).is_empty())
            .collect();
        if fields.is_empty() {
            return;
        }
        if !fields.iter().any(|f| f.name == self.pick_field) {
            self.pick_field.clone_from(&fields[0].name);
        }
        let rules: Vec<String> = fields
            .iter()
            .find(|f| f.name == self.pick_field)
            .map(|f| {
                l10n::message_keys(f)
                    .iter()
                    .map(|k| l10n::rule_of(k).to_string())
                    .collect()
            })
            .unwrap_or_default();
        if !rules.contains(&self.pick_rule) {
            self.pick_rule = rules.first().cloned().unwrap_or_default();
        }
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Message for one field:");
            let selected = self.pick_field.clone();
            combo(
                ui,
                label.id,
                "translations-pick-field",
                &selected,
                Some(120.0),
                |ui| {
                    for f in &fields {
                        ui.selectable_value(&mut self.pick_field, f.name.clone(), f.name.as_str());
                    }
                },
            );
            let rule_label = ui.label("rule");
            let selected = self.pick_rule.clone();
            combo(
                ui,
                rule_label.id,
                "translations-pick-rule",
                &selected,
                Some(120.0),
                |ui| {
                    for r in &rules {
                        ui.selectable_value(&mut self.pick_rule, r.clone(), r.as_str());
                    }
                },
            );
            let key = TextKey::new(
                TextKind::Message,
                format!("{}#{}", self.pick_rule, self.pick_field),
            );
            let exists = self.added_rows.contains(&key);
            if ui
                .add_enabled(!exists, egui::Button::new("Add row"))
                .on_hover_text(
                    "A message for this field only (rule#field): it wins over the rule's message",
                )
                .clicked()
            {
                self.added_rows.push(key);
            }
        });
    }

    /// One line per locale: how many of the shown texts it lacks.
    fn missing_ui(&self, ui: &mut Ui, project: &Project, rows: &[TextRow]) {
        for l in &project.locales.list {
            let missing = rows
                .iter()
                .filter(|r| l10n::translated(l, &r.key).is_none())
                .count();
            if missing > 0 {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "{} {}: {} missing, shown in the source language",
                        severity_mark(Severity::Warning),
                        l.code,
                        count(missing, "text", "texts")
                    ),
                );
            }
        }
    }

    fn table_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        rows: &[TextRow],
        out: &mut Vec<Action>,
    ) {
        let locales = &project.locales.list;
        egui::Grid::new("translations-table")
            .striped(true)
            .num_columns(2 + locales.len())
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                ui.strong("Text");
                ui.strong("Source");
                for l in locales {
                    ui.strong(&l.code);
                }
                ui.end_row();
                for row in rows {
                    ui.vertical(|ui| {
                        ui.add(
                            egui::Label::new(RichText::new(kind_title(row.key.kind)).weak())
                                .extend(),
                        );
                        ui.add(egui::Label::new(&row.key.key).extend());
                    });
                    let source = if row.source.is_empty() {
                        RichText::new("(none)").weak().italics()
                    } else {
                        RichText::new(&row.source)
                    };
                    // Left-aligned and wrapped in a column of its own width (a vertical
                    // cell, so that the row grows with the lines).
                    ui.vertical(|ui| {
                        ui.set_width(SOURCE_WIDTH);
                        ui.add(egui::Label::new(source).wrap());
                    });
                    for l in locales {
                        self.cell_ui(ui, l, row, out);
                    }
                    ui.end_row();
                }
            });
        if rows.is_empty() {
            ui.weak("This step shows no text: it has no field that is drawn.");
        }
    }

    fn cell_ui(&mut self, ui: &mut Ui, locale: &Locale, row: &TextRow, out: &mut Vec<Action>) {
        let key = &row.key;
        let id = cell_id(&locale.code, key);
        let current = locale.text(key);
        let draft = self
            .draft
            .as_ref()
            .filter(|d| d.code == locale.code && d.key == *key)
            .map(|d| d.text.clone());
        let typing = draft.is_some();
        let mut text = draft.unwrap_or_else(|| current.unwrap_or_default().to_string());
        let ignored =
            key.kind == TextKind::Message && key.key == "custom_validation" && !text.is_empty();
        let missing = l10n::translated(locale, key).is_none() && !typing;
        ui.horizontal(|ui| {
            let mark = if ignored {
                Some((
                    "⚠",
                    "The platform ignores a plain custom_validation message: add a row for the \
                     field (Message for one field) and put the text there.",
                ))
            } else if missing {
                Some((
                    "⚠",
                    "Missing: consumers in this locale read the source text.",
                ))
            } else {
                None
            };
            let warn = ui.visuals().warn_fg_color;
            // The mark's room is the same with or without it: filling a cell moves nothing.
            let slot = egui::vec2(ui.spacing().icon_width + 4.0, ui.spacing().interact_size.y);
            match mark {
                Some((m, why)) => {
                    ui.add_sized(slot, egui::Label::new(RichText::new(m).color(warn)))
                        .on_hover_text(why);
                }
                None => {
                    ui.allocate_space(slot);
                }
            }
            // Wrapped, so that a long text shows whole (the row grows), never cut; Enter
            // finishes the cell as in a one-line box (a translation has no line breaks).
            let enter = ui.input(|i| i.key_pressed(Key::Enter));
            let resp = ui
                .add(
                    egui::TextEdit::multiline(&mut text)
                        .id(id)
                        .desired_rows(1)
                        .return_key(None)
                        .hint_text(if current == Some("") {
                            "missing (empty)"
                        } else {
                            "missing"
                        })
                        .desired_width(CELL_WIDTH),
                )
                .accessible_name(cell_name(&locale.code, key));
            if enter && resp.has_focus() {
                resp.surrender_focus();
            }
            let resp_lost = resp.lost_focus() || (enter && resp.has_focus());
            if resp.changed() || (resp.has_focus() && !typing) {
                self.draft = Some(Draft {
                    code: locale.code.clone(),
                    key: key.clone(),
                    text: text.clone(),
                });
            }
            if resp_lost
                && self
                    .draft
                    .as_ref()
                    .is_some_and(|d| d.key == *key && d.code == locale.code)
            {
                if ui.input(|i| i.key_pressed(Key::Escape)) {
                    self.draft = None;
                } else {
                    self.draft = None;
                    out.extend(commit_edit(locale, key, &text).map(Action::Edit));
                }
            }
        });
    }
}

fn kind_title(kind: TextKind) -> &'static str {
    match kind {
        TextKind::Label => "Label",
        TextKind::Placeholder => "Placeholder",
        TextKind::Message => "Message",
        TextKind::Button => "Button",
    }
}

impl SideTab for TranslationsPanel {
    fn tab(&self) -> super::Tab {
        super::Tab::Translations
    }

    fn ui(&mut self, ui: &mut Ui, cx: &PanelCx<'_>, out: &mut Vec<Action>) {
        TranslationsPanel::ui(self, ui, cx, out);
    }

    fn follows_selection(&self) -> bool {
        true
    }

    fn settle(&mut self, project: &Project) -> Vec<Action> {
        self.commit_draft(project).into_iter().collect()
    }

    fn translations_panel(&mut self) -> Option<&mut TranslationsPanel> {
        Some(self)
    }
}
