//! The problems list: every problem of the project; a click selects what it is about.

use egui::{RichText, Ui};

use super::{Action, PanelCx, Selection, severity_color, severity_mark};
use crate::lint::{Problem, Severity};
use crate::studio::commands::Command;
use crate::studio::widgets::count;

/// A severity in words, for screen readers.
pub fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Note",
    }
}

/// Where clicking a problem takes the user.
pub fn target(p: &Problem) -> Selection {
    let l = &p.location;
    match (l.field_id, l.step_id) {
        (Some(f), _) if l.catalog => Selection::Catalog(f),
        (Some(f), _) => Selection::Field(f),
        (None, Some(s)) => Selection::Step(s),
        (None, None) => Selection::None,
    }
}

/// Draws the problems list.
pub fn problems_ui(ui: &mut Ui, cx: &PanelCx<'_>, out: &mut Vec<Action>) {
    let (e, w, i) = cx.cache.counts;
    ui.horizontal(|ui| {
        ui.label(RichText::new("Problems").strong());
        ui.weak(format!(
            "{}, {}, {}",
            count(e, "error", "errors"),
            count(w, "warning", "warnings"),
            count(i, "note", "notes")
        ));
    });
    // Errors first: the one thing that stops consumers is never line 2 of 9.
    let problems: Vec<&crate::lint::Problem> = cx.cache.problems_by_severity().collect();
    if problems.is_empty() {
        ui.weak("No problems found.");
        return;
    }
    let row_h = ui.spacing().interact_size.y;
    // A low window leaves the list three rows: it scrolls rather than needing more height.
    egui::ScrollArea::vertical()
        .id_salt("problems-scroll")
        .min_scrolled_height(row_h)
        .auto_shrink([false, false])
        .show_rows(ui, row_h, problems.len(), |ui, range| {
            for p in &problems[range] {
                ui.horizontal(|ui| {
                    ui.colored_label(severity_color(ui, p.severity), severity_mark(p.severity));
                    let text = format!("{}: {}", p.location.describe(), p.message);
                    let selected = target(p) != Selection::None && target(p) == cx.selection;
                    // The severity is part of the name a screen reader reads.
                    let name = format!("{}: {text}", severity_word(p.severity));
                    let r = ui
                        .add(egui::Button::selectable(selected, text).truncate())
                        .accessible_name(name);
                    if r.clicked() {
                        out.push(Action::Select(target(p)));
                        if p.location.locale.is_some() {
                            // A translation's problem is fixed in the Translations tab.
                            out.push(Action::Command(Command::ShowTranslations));
                        }
                        let journeys = crate::project::JOURNEYS_KEY;
                        if p.location.key.as_deref().is_some_and(|k| {
                            k.strip_prefix(journeys).is_some_and(|r| r.starts_with('.'))
                        }) {
                            // A kept journey's problem: the journeys are in the Journey tab.
                            out.push(Action::Command(Command::ShowJourney));
                        }
                    }
                    r.on_hover_text(&p.message);
                });
            }
        });
}
