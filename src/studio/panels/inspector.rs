//! The inspector: edits the selected field (of a step or of the catalog) or step.

use egui::{Grid, RichText, Ui};
use serde_json::Value;

use super::problems::severity_word;
use super::{
    Action, PanelCx, Selection, SideTab, severity_color, severity_mark, step_target_button,
};
use crate::edit::catalog::{self, Difference, Standing};
use crate::edit::names;
use crate::edit::{Edit, FieldProp, find_field};
use crate::lint::Problem;
use crate::project::{
    Field, FieldOption, FieldType, Group, Id, Options, Project, Scope, Step, Trigger, TriggerKind,
};
use crate::rules::{self, RuleSet};
use crate::studio::commands::Command;
use crate::studio::widgets::combo::labelled_combo;
use crate::studio::widgets::draft::{DraftEvent, DraftKey, Drafts, draft_row};
use crate::studio::widgets::{count, marked_text_row, text_row};

mod step;

use step::{add_field_ui, step_ui};

/// The inspector's own state.
#[derive(Default)]
pub struct Inspector {
    /// The parsed rules of the field shown, parsed again only when they change.
    rules: Option<RulesView>,
    /// The text of the "paste options" box.
    paste: String,
    /// The search text of a step's "Add a field" box, and the step it was typed for (another
    /// step starts with an empty box).
    add_search: (Option<Id>, String),
    /// The name being typed (step name, custom field key), committed when finished.
    drafts: Drafts,
    /// Whether a catalog rename leaves the steps' copies with the old name (off: they follow).
    rename_catalog_only: bool,
}

/// What a step name draft is keyed by.
const STEP_NAME: &str = "step-name";
/// What a field name draft is keyed by.
const FIELD_NAME: &str = "field-name";

/// The edit a finished name draft makes, as actions (a refused one says why in the status bar).
fn commit_draft(p: &Project, key: DraftKey, text: &str, catalog_only: bool) -> Vec<Action> {
    match catalog::rename(p, key.target, text, key.what == STEP_NAME, catalog_only) {
        Ok(Some((edit, Some(label)))) => vec![Action::EditLabelled(edit, label)],
        Ok(Some((edit, None))) => vec![Action::Edit(edit)],
        Ok(None) => Vec::new(),
        Err(e) => vec![Action::Message(format!("⛔ Not renamed: {e}"))],
    }
}

impl Inspector {
    /// Commits the name being typed, if any (Save and the other file commands call this, so
    /// the file has the name the user sees).
    pub fn settle_drafts(&mut self, project: &Project) -> Vec<Action> {
        match self.drafts.take() {
            Some((key, text)) => commit_draft(project, key, &text, self.rename_catalog_only),
            None => Vec::new(),
        }
    }
}

/// The rules of the field shown, parsed into their segments.
struct RulesView {
    field: Id,
    source: String,
    set: RuleSet,
}

/// Whether a problem is about the field's validation string.
fn is_rules(p: &Problem) -> bool {
    p.location.key.as_deref() == Some("rules")
}

/// The accessible name of a problem shown in the inspector: its severity, then its message.
fn problem_name(p: &Problem) -> String {
    format!("{}: {}", severity_word(p.severity), p.message)
}

/// One problem as the inspector shows it: the severity's mark and the message, named for a
/// screen reader (and the tests) by [`problem_name`].
fn problem_row(ui: &mut Ui, p: &Problem) {
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(severity_color(ui, p.severity), severity_mark(p.severity));
        ui.label(&p.message).accessible_name(problem_name(p));
    });
}

impl SideTab for Inspector {
    fn tab(&self) -> super::Tab {
        super::Tab::Inspector
    }

    fn settle(&mut self, project: &Project) -> Vec<Action> {
        self.settle_drafts(project)
    }

    fn ui(&mut self, ui: &mut Ui, cx: &PanelCx<'_>, out: &mut Vec<Action>) {
        let shown = match cx.selection {
            Selection::Field(id) | Selection::Catalog(id) | Selection::Step(id) => Some(id),
            Selection::None => None,
        };
        if self
            .drafts
            .pending()
            .is_some_and(|(key, _)| Some(key.target) != shown)
        {
            // The selection moved on while a name was being typed: the name is finished.
            out.extend(self.settle_drafts(cx.project));
        }
        egui::ScrollArea::vertical()
            .id_salt("inspector-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| match cx.selection {
                Selection::Field(id) | Selection::Catalog(id) => self.field_ui(ui, cx, id, out),
                Selection::Step(id) => match cx.project.step(id) {
                    Some(step) => {
                        step_ui(
                            ui,
                            cx.project,
                            step,
                            cx.focus_step_name,
                            &mut self.drafts,
                            out,
                        );
                        if self.add_search.0 != Some(step.id) {
                            self.add_search = (Some(step.id), String::new());
                        }
                        add_field_ui(ui, cx, step, &mut self.add_search.1, out);
                    }
                    None => nothing_ui(ui),
                },
                Selection::None => nothing_ui(ui),
            });
    }
}

/// The width of the inspector's label column: as wide as its widest label in any state, so
/// that a row that appears (a trigger's target) never widens the column under the pointer.
const LABEL_COLUMN: f32 = 96.0;

/// One line saying how a step's field stands to its catalog field. Always one line high,
/// whatever the field's state, so that a label edit that makes it differ moves nothing
/// below it; the differences and their fixes are at the end of the inspector.
fn catalog_status_line(ui: &mut Ui, f: &Field, standing: &Standing<'_>) {
    let (text, warn) = match standing {
        Standing::NotInCatalog { .. } => (
            format!("⚠ {} is not in the catalog (see below).", f.name),
            true,
        ),
        Standing::InCatalog {
            differences: diffs, ..
        } => {
            if diffs.is_empty() {
                ("Same as its catalog field.".to_string(), false)
            } else {
                let what: Vec<&str> = diffs.iter().map(|d| d.what.as_str()).collect();
                (
                    format!(
                        "Differs from its catalog field in {} ({}): see below.",
                        count(diffs.len(), "property", "properties"),
                        what.join(", ")
                    ),
                    true,
                )
            }
        }
    };
    let color = if warn {
        ui.visuals().warn_fg_color
    } else {
        ui.visuals().weak_text_color()
    };
    ui.add(egui::Label::new(RichText::new(text).color(color)).truncate());
}

/// How a step's field stands to its catalog field: what it changed (with "Update from
/// catalog"), or, when the catalog has no field of its name, the fixes.
///
/// `standing` is [`catalog::standing`], worked out once per frame for this part and
/// [`catalog_status_line`].
fn catalog_link_ui(
    ui: &mut Ui,
    p: &Project,
    step: &Step,
    f: &Field,
    standing: &Standing<'_>,
    out: &mut Vec<Action>,
) {
    let diffs = match standing {
        Standing::InCatalog { differences, .. } => differences,
        Standing::NotInCatalog { similar } => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("⚠ {} is not in the catalog.", f.name),
            );
            ui.horizontal_wrapped(|ui| {
                if ui
                    .button(format!("Add {} to the catalog", f.name))
                    .on_hover_text("A copy of this field becomes a catalog field")
                    .clicked()
                    && let Ok(edit) = catalog::add_to_catalog(p, f.id)
                {
                    out.push(Action::EditLabelled(
                        edit,
                        format!("Add {} to the catalog", f.name),
                    ));
                }
                for c in similar {
                    let target = &c.field;
                    let taken = step.field(&target.name).is_some();
                    let text = format!("Use {} ({}) instead", target.label(), target.name);
                    let b = ui.add_enabled(!taken, egui::Button::new(text));
                    let b = if taken {
                        b.on_disabled_hover_text(format!(
                            "{} already has {}",
                            step.name, target.name
                        ))
                    } else {
                        b.on_hover_text("Rename this step field to the catalog field's name")
                    };
                    if b.clicked()
                        && let Ok(edit) = catalog::repoint(p, f.id, &target.name)
                    {
                        out.push(Action::EditLabelled(
                            edit,
                            format!("Point {} in {} to {}", f.name, step.name, target.name),
                        ));
                    }
                }
            });
            return;
        }
    };
    if diffs.is_empty() {
        return;
    }
    ui.label(RichText::new("Catalog field").strong());
    ui.label(format!(
        "This step's copy differs from its catalog field in {}:",
        count(diffs.len(), "property", "properties")
    ));
    for Difference {
        what,
        step: here,
        catalog: there,
    } in diffs
    {
        let line = format!("{what}: {here} here, {there} in the catalog");
        ui.add(egui::Label::new(line.as_str()).truncate())
            .on_hover_text(line);
    }
    if ui
        .button("Update from catalog (overwrites this step's copy)")
        .on_hover_text(
            "Overwrites this step's label, validation, options and other properties with the \
             catalog field's (undoable)",
        )
        .clicked()
        && let Some(edit) = catalog::update_from_catalog(p, f.id)
    {
        out.push(Action::EditLabelled(
            edit,
            format!("Update {} in {} from the catalog", f.label(), step.name),
        ));
    }
}

fn nothing_ui(ui: &mut Ui) {
    ui.weak("Select a step or a field to edit it here.");
    ui.add_space(8.0);
    ui.weak("Drag a field from the palette onto a step to add it.");
}

/// Pushes an edit made by typing (one undo step while the same text field keeps focus).
fn typed(out: &mut Vec<Action>, edit: Edit) {
    out.push(Action::Typing(edit));
}

impl Inspector {
    fn field_ui(&mut self, ui: &mut Ui, cx: &PanelCx<'_>, id: Id, out: &mut Vec<Action>) {
        let Some((f, step)) = find_field(cx.project, id) else {
            nothing_ui(ui);
            return;
        };
        self.refresh_rules(f);
        // The field's problems are the checker's (the problems list's and `ppstudio check`'s).
        let problems: Vec<&Problem> = cx.cache.field_problems(id).collect();
        // The characters of each rule problem, underlined in the validation text.
        // A problem of two rules marks those two, not the rules between them.
        let set = self.rules.as_ref().map(|r| &r.set);
        let marks: Vec<(std::ops::Range<usize>, egui::Color32)> = problems
            .iter()
            .filter(|p| is_rules(p))
            .filter_map(|p| Some((p.location.span?, severity_color(ui, p.severity))))
            .flat_map(|((start, end), color)| {
                let parts = set.map_or_else(
                    || std::iter::once(start..end).collect(),
                    |s| s.marked_parts(start..end),
                );
                parts.into_iter().map(move |r| (r, color))
            })
            .collect();
        let entry = cx.project.catalog.iter().find(|c| c.field.id == id);
        // How a step's copy stands to its catalog field, once for the status line at the top
        // and the details at the end.
        let standing = step.map(|_| catalog::standing(cx.project, f));
        // Everything above the form is one line high whatever the field holds (a long label,
        // a new difference from the catalog), so that no edit moves a control under the
        // pointer: what grows (problems, the catalog's differences) is at the end.
        let heading = f.label().to_string();
        ui.add(egui::Label::new(RichText::new(heading.as_str()).heading()).truncate())
            .on_hover_text(heading);
        let context = |ui: &mut Ui, text: String| {
            ui.add(egui::Label::new(RichText::new(text).weak()).truncate());
        };
        match (step, entry) {
            (Some(s), _) => {
                context(ui, format!("Field {} of step {}", f.name, s.name));
                ui.horizontal(|ui| {
                    if ui.button("Move up").clicked() {
                        out.push(Action::Command(Command::MoveFieldUp));
                    }
                    if ui.button("Move down").clicked() {
                        out.push(Action::Command(Command::MoveFieldDown));
                    }
                    if ui.button("Remove from step").clicked() {
                        out.push(Action::Command(Command::RemoveField));
                    }
                });
                if let Some(standing) = &standing {
                    catalog_status_line(ui, f, standing);
                }
            }
            (None, Some(e)) => {
                let used = cx.cache.used_in.get(&f.name).cloned().unwrap_or_default();
                context(ui, format!("Catalog field ({})", e.group.title()));
                ui.horizontal(|ui| {
                    let mut g = e.group;
                    labelled_combo(ui, "Palette tab", ("group", id.0), g.title(), |ui| {
                        for x in Group::ALL {
                            ui.selectable_value(&mut g, x, x.title());
                        }
                    });
                    if g != e.group {
                        out.push(Action::Edit(Edit::SetCatalogGroup {
                            field: id,
                            group: g,
                        }));
                    }
                    if ui.button("Delete field…").clicked() {
                        out.push(Action::DeleteCatalog(id));
                    }
                });
                if used.is_empty() {
                    context(ui, "Not used by any step.".to_string());
                } else {
                    context(ui, format!("Used in: {}", used.join(", ")));
                }
            }
            (None, None) => {
                if cx.project.registration.iter().flatten().any(|r| r.id == id) {
                    context(
                        ui,
                        format!("Field {} of the registration form (At sign-up)", f.name),
                    );
                }
            }
        }
        ui.add_space(6.0);
        let set = |prop: FieldProp| Edit::SetField { field: id, prop };
        Grid::new(("field-grid", id.0))
            .num_columns(2)
            .min_col_width(LABEL_COLUMN)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                if let (Some(new), _) = text_row(ui, "Label", (id.0, "display"), &f.display, false)
                {
                    typed(out, set(FieldProp::Display(new)));
                }
                let custom = entry.is_some_and(|e| e.group == Group::Custom);
                if custom {
                    let key = DraftKey {
                        target: id,
                        what: FIELD_NAME,
                    };
                    let (event, resp) = draft_row(
                        ui,
                        "Name",
                        key,
                        &f.name,
                        &mut self.drafts,
                        |n| names::check_field_name(cx.project, id, n),
                        false,
                        "Enter renames it; Escape cancels",
                    );
                    resp.on_hover_text(
                        "The profile attribute: cf_ followed by the custom field's key",
                    );
                    match event {
                        Some(DraftEvent::Commit(text)) => out.extend(commit_draft(
                            cx.project,
                            key,
                            &text,
                            self.rename_catalog_only,
                        )),
                        Some(DraftEvent::Rejected(why)) => {
                            out.push(Action::Message(format!("⛔ Not renamed: {why}")));
                        }
                        None => {}
                    }
                    let users = cx.cache.used_in.get(&f.name).map_or(0, Vec::len);
                    if users > 0 {
                        ui.label("");
                        let mut along = !self.rename_catalog_only;
                        ui.checkbox(
                            &mut along,
                            format!(
                                "Rename it in the {} using it too",
                                count(users, "step", "steps")
                            ),
                        );
                        self.rename_catalog_only = !along;
                        ui.end_row();
                    }
                } else {
                    ui.label("Name");
                    ui.monospace(&f.name);
                    ui.end_row();
                }
                let mut kind = f.field_type.clone();
                let title = kind.title().to_string();
                labelled_combo(ui, "Type", ("type", id.0), &title, |ui| {
                    for t in FieldType::KNOWN {
                        let title = t.title().to_string();
                        ui.selectable_value(&mut kind, t, title);
                    }
                });
                ui.end_row();
                if let Some(edit) = Edit::set_type(cx.project, id, kind) {
                    out.push(Action::Edit(edit));
                }
                let current = f.extra_str("permission").unwrap_or("w").to_string();
                let mut perm = current.clone();
                let perm_text = if perm == "r" {
                    "Read-only (r)"
                } else {
                    "Editable (w)"
                };
                labelled_combo(ui, "Permission", ("permission", id.0), perm_text, |ui| {
                    ui.selectable_value(&mut perm, "w".to_string(), "Editable (w)");
                    ui.selectable_value(&mut perm, "r".to_string(), "Read-only (r)");
                });
                ui.end_row();
                if perm != current {
                    out.push(Action::Edit(set(FieldProp::extra(
                        "permission",
                        Some(Value::String(perm)),
                    ))));
                }
                let placeholder = f.extra_str("placeholder").unwrap_or("");
                if let (Some(new), _) =
                    text_row(ui, "Placeholder", (id.0, "placeholder"), placeholder, false)
                {
                    let value = (!new.is_empty()).then_some(Value::String(new));
                    typed(out, set(FieldProp::extra("placeholder", value)));
                }
                if let (Some(new), _) =
                    marked_text_row(ui, "Validation", (id.0, "rules"), &f.rules, &marks)
                {
                    typed(out, set(FieldProp::Rules(new)));
                }
            });
        if f.field_type == FieldType::Option || !f.options.list().is_empty() {
            ui.separator();
            self.options_ui(ui, f, out);
        }
        ui.separator();
        self.rules_ui(ui, f, &problems, out);
        // Problems of the field's other keys (its name, type, options, catalog entry...);
        // those of its validation are shown with its rules, above.
        for p in problems.iter().filter(|p| !is_rules(p)) {
            problem_row(ui, p);
            if let Some(fix) = &p.fix
                && p.location.key.as_deref() == Some("name")
            {
                let button = ui
                    .button(format!("Rename it {fix}"))
                    .on_hover_text("Fix the name as the problem says");
                if button.clicked() {
                    let key = DraftKey {
                        target: id,
                        what: FIELD_NAME,
                    };
                    out.extend(commit_draft(cx.project, key, fix, self.rename_catalog_only));
                }
            }
        }
        if let Some(s) = step {
            ui.separator();
            if let Some(standing) = &standing {
                catalog_link_ui(ui, cx.project, s, f, standing, out);
            }
        }
    }

    /// Parses the field's rules again when they changed (for the list of rules).
    fn refresh_rules(&mut self, f: &Field) {
        let fresh = self
            .rules
            .as_ref()
            .is_some_and(|r| r.field == f.id && r.source == f.rules);
        if !fresh {
            self.rules = Some(RulesView {
                field: f.id,
                source: f.rules.clone(),
                set: rules::parse(&f.rules),
            });
        }
    }

    /// The validation string as a readable list of rules, with the checker's problems of the
    /// field's validation marked on them and listed below.
    fn rules_ui(&mut self, ui: &mut Ui, f: &Field, problems: &[&Problem], out: &mut Vec<Action>) {
        let Some(view) = &self.rules else { return };
        ui.label(RichText::new("Rules").strong());
        let segments: Vec<_> = view
            .set
            .segments()
            .iter()
            .filter(|s| !s.is_empty())
            .collect();
        if segments.is_empty() {
            ui.weak("No validation: any value is accepted.");
        }
        for seg in segments {
            let worst = problems
                .iter()
                .filter(|p| is_rules(p))
                .filter(|p| {
                    p.location.span.is_some_and(|(start, end)| {
                        view.set.marked_parts(start..end).iter().any(|r| {
                            r.start < seg.span.end.max(seg.span.start + 1)
                                && seg.span.start < r.end.max(r.start + 1)
                        })
                    })
                })
                .map(|p| p.severity)
                .min();
            ui.horizontal(|ui| {
                match worst {
                    Some(s) => ui.colored_label(severity_color(ui, s), severity_mark(s)),
                    None => ui.label("✔"),
                };
                let (kind, _, _) = rules::classify(&seg.name);
                // As the user wrote it: the browser's renaming to callback_custom_validation
                // is its own business.
                let (written, param) = view.set.written(seg);
                let name = if seg.bang {
                    format!("!{written}")
                } else {
                    written.to_string()
                };
                let mut text = name;
                if let Some(p) = param {
                    text.push_str(&format!("[{p}]"));
                }
                ui.add(egui::Label::new(RichText::new(text).monospace()).truncate());
                match kind {
                    rules::RuleKind::Unknown => {
                        ui.colored_label(ui.visuals().warn_fg_color, "unknown rule: always passes");
                    }
                    rules::RuleKind::Member(_) => {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            "the browser's validator throws here",
                        );
                    }
                    rules::RuleKind::CustomValidation if seg.param.is_none() => {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            "no [pattern]: the browser's validator throws here",
                        );
                    }
                    _ => {}
                }
            });
        }
        for (i, p) in problems.iter().filter(|p| is_rules(p)).enumerate() {
            problem_row(ui, p);
            if let Some(fix) = &p.fix {
                ui.horizontal_wrapped(|ui| {
                    let button = ui
                        .button(format!("Fix problem {}", i + 1))
                        .on_hover_text(format!("Replace the validation with: {fix}"));
                    if button.clicked() {
                        out.push(Action::EditLabelled(
                            Edit::SetField {
                                field: f.id,
                                prop: FieldProp::Rules(fix.clone()),
                            },
                            format!("Fix validation of {}", f.label()),
                        ));
                    }
                    ui.monospace(fix);
                });
            }
        }
    }

    fn options_ui(&mut self, ui: &mut Ui, f: &Field, out: &mut Vec<Action>) {
        let list = f.options.list().to_vec();
        let id = f.id;
        ui.label(RichText::new(format!("Options ({})", list.len())).strong());
        ui.weak("Each option: its value (what is saved), then its text (what the consumer sees), as in value|text lines.");
        let put = |list: Vec<FieldOption>| Edit::SetField {
            field: id,
            prop: FieldProp::Options(Options::List(list)),
        };
        // Long lists (249 countries) draw only the visible rows.
        let row_h = ui.spacing().interact_size.y + 4.0;
        egui::ScrollArea::vertical()
            .id_salt(("options", id.0))
            .max_height(240.0)
            .auto_shrink([false, true])
            .show_rows(ui, row_h, list.len(), |ui, range| {
                // The two boxes share what the labels and the three buttons leave, so the
                // row fits the panel whatever its width (a cut row would hide Remove).
                let buttons = 3.0 * (ui.spacing().interact_size.y + ui.spacing().item_spacing.x);
                let labels = 2.0 * 52.0 + 4.0 * ui.spacing().item_spacing.x;
                let boxes = (ui.available_width() - buttons - labels - 24.0).max(80.0);
                let (value_w, text_w) = (boxes * 0.45, boxes * 0.55);
                for i in range {
                    let o = &list[i];
                    ui.horizontal(|ui| {
                        let l = ui.weak(format!("Value {}", i + 1));
                        let mut value = o.value.clone();
                        let r = ui
                            .add(
                                egui::TextEdit::singleline(&mut value)
                                    .id_salt(("opt-value", id.0, i))
                                    .desired_width(value_w),
                            )
                            .labelled_by(l.id);
                        if r.changed() {
                            let mut l2 = list.clone();
                            l2[i].value = value;
                            typed(out, put(l2));
                        }
                        let l = ui.weak(format!("Text {}", i + 1));
                        let mut text = o.text.clone();
                        let r = ui
                            .add(
                                egui::TextEdit::singleline(&mut text)
                                    .id_salt(("opt-text", id.0, i))
                                    .desired_width(text_w),
                            )
                            .labelled_by(l.id);
                        if r.changed() {
                            let mut l2 = list.clone();
                            l2[i].text = text;
                            typed(out, put(l2));
                        }
                        if ui
                            .add_enabled(i > 0, egui::Button::new("⏶"))
                            .on_hover_text("Move up")
                            .clicked()
                        {
                            let mut l2 = list.clone();
                            l2.swap(i, i - 1);
                            out.push(Action::Edit(put(l2)));
                        }
                        if ui
                            .add_enabled(i + 1 < list.len(), egui::Button::new("⏷"))
                            .on_hover_text("Move down")
                            .clicked()
                        {
                            let mut l2 = list.clone();
                            l2.swap(i, i + 1);
                            out.push(Action::Edit(put(l2)));
                        }
                        if ui.button("🗑").on_hover_text("Remove option").clicked() {
                            let mut l2 = list.clone();
                            l2.remove(i);
                            out.push(Action::Edit(put(l2)));
                        }
                    });
                }
            });
        if ui.button("Add option").clicked() {
            let mut l2 = list.clone();
            let n = l2.len() + 1;
            l2.push(FieldOption::new(
                format!("Option {n}"),
                format!("option{n}"),
            ));
            out.push(Action::Edit(put(l2)));
        }
        let l = ui.label("Paste value|text lines");
        ui.add(
            egui::TextEdit::multiline(&mut self.paste)
                .id_salt(("paste", id.0))
                .desired_rows(3)
                .hint_text("M|Male\nF|Female")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
        let pasted = FieldOption::parse_lines(&self.paste);
        if ui
            .add_enabled(
                !pasted.is_empty(),
                egui::Button::new(format!("Add {} pasted options", pasted.len())),
            )
            .clicked()
        {
            let mut l2 = list;
            l2.extend(pasted);
            out.push(Action::Edit(put(l2)));
            self.paste.clear();
        }
    }
}
