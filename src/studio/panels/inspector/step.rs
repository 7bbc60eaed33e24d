//! The inspector for a step: its name (a draft), trigger and scopes, its fields and the box
//! that adds a catalog field by typing.

use super::*;

/// How many catalog matches the "Add a field" box lists.
const ADD_MATCHES: usize = 8;

/// The step's fields (each selects it) and a box that adds a catalog field by typing: the
/// keyboard twin of dragging from the palette.
pub(super) fn add_field_ui(
    ui: &mut Ui,
    cx: &PanelCx<'_>,
    step: &Step,
    search: &mut String,
    out: &mut Vec<Action>,
) {
    ui.separator();
    ui.label(RichText::new(format!("Fields ({})", step.fields.len())).strong());
    ui.horizontal_wrapped(|ui| {
        for f in &step.fields {
            if ui
                .button(f.label())
                .on_hover_text(format!("Select {} ({})", f.label(), f.name))
                .clicked()
            {
                out.push(Action::Select(Selection::Field(f.id)));
            }
        }
    });
    let entered = ui
        .horizontal(|ui| {
            let l = ui.label("Add a field");
            let r = ui
                .add(
                    egui::TextEdit::singleline(search)
                        .id_salt(("add-field-search", step.id.0))
                        .hint_text("type a label or name")
                        .desired_width(180.0),
                )
                .labelled_by(l.id);
            r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
        })
        .inner;
    if search.trim().is_empty() {
        ui.weak("Type to find a catalog field, then press Enter or its button (or drag from the palette).");
        return;
    }
    let query = search.clone();
    let matches = crate::studio::panels::palette::matcher(&query);
    let matching: Vec<_> = cx.project.catalog.iter().filter(|c| matches(c)).collect();
    if matching.is_empty() {
        ui.weak(format!("No catalog field matches \"{}\".", search.trim()));
    }
    let addable: Vec<_> = matching
        .iter()
        .filter(|c| step.field(&c.field.name).is_none())
        .collect();
    if entered {
        match addable.as_slice() {
            [one] => {
                out.push(Action::Edit(Edit::append_copy(step, &one.field)));
                search.clear();
                return;
            }
            [] if !matching.is_empty() => out.push(Action::Message(format!(
                "⛔ Not added: {} already has every field matching \"{}\".",
                step.name,
                search.trim()
            ))),
            [] => out.push(Action::Message(format!(
                "⛔ Not added: no catalog field matches \"{}\".",
                search.trim()
            ))),
            many => out.push(Action::Message(format!(
                "⛔ Not added: {} fields match \"{}\"; type more of the name, or press one's button.",
                many.len(),
                search.trim()
            ))),
        }
    }
    let mut added = false;
    for c in matching.iter().take(ADD_MATCHES) {
        let f = &c.field;
        let text = format!("Add {} ({})", f.label(), f.name);
        if step_target_button(ui, step, &f.name, &text) {
            out.push(Action::Edit(Edit::append_copy(step, f)));
            added = true;
        }
    }
    if added {
        search.clear();
    }
    if matching.len() > ADD_MATCHES {
        ui.weak(format!(
            "and {} more: type more of the name",
            matching.len() - ADD_MATCHES
        ));
    }
}

/// The selected step: its name (a draft), trigger, scopes.
pub(super) fn step_ui(
    ui: &mut Ui,
    project: &Project,
    step: &Step,
    focus_name: bool,
    drafts: &mut Drafts,
    out: &mut Vec<Action>,
) {
    let id = step.id;
    ui.heading(&step.name);
    ui.weak(step.trigger.kind.describe());
    ui.add_space(6.0);
    let with_kind = |kind: TriggerKind| Trigger {
        kind,
        extra: step.trigger.extra.clone(),
    };
    Grid::new(("step-grid", id.0))
        .num_columns(2)
        .min_col_width(LABEL_COLUMN)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            let key = DraftKey {
                target: id,
                what: STEP_NAME,
            };
            // Focused with its text selected (Add step, Rename): typing replaces "New step".
            let (event, _) = draft_row(
                ui,
                "Step name",
                key,
                &step.name,
                drafts,
                |n| names::check_step_name(project, Some(id), n),
                focus_name,
                "Enter renames the step; Escape cancels",
            );
            match event {
                Some(DraftEvent::Commit(text)) => {
                    out.extend(commit_draft(project, key, &text, false));
                }
                Some(DraftEvent::Rejected(why)) => {
                    out.push(Action::Message(format!("⛔ Not renamed: {why}")));
                }
                None => {}
            }
            let current = step.trigger.kind.clone();
            let mut kind = current.clone();
            let title = kind.title();
            labelled_combo(ui, "Trigger", ("trigger", id.0), title, |ui| {
                for c in current.choices() {
                    let on = c.same_kind(&kind);
                    if ui.selectable_label(on, c.title()).clicked() {
                        kind = c;
                    }
                }
            });
            ui.end_row();
            if kind != current {
                out.push(Action::Edit(Edit::SetTrigger {
                    step: id,
                    trigger: with_kind(kind),
                }));
            }
            match &step.trigger.kind {
                TriggerKind::LoginCount(n) => {
                    let l = ui.label("Login number");
                    let mut v = *n;
                    let r = ui
                        .add(egui::DragValue::new(&mut v).range(1..=10_000))
                        .labelled_by(l.id);
                    ui.end_row();
                    if r.changed() && v != *n {
                        typed(
                            out,
                            Edit::SetTrigger {
                                step: id,
                                trigger: with_kind(TriggerKind::LoginCount(v)),
                            },
                        );
                    }
                }
                TriggerKind::PageVisit(p) => {
                    if let (Some(new), r) = text_row(ui, "Page path", (id.0, "path"), p, false) {
                        r.on_hover_text(
                            "The whole path must match; * matches anything, / included",
                        );
                        typed(
                            out,
                            Edit::SetTrigger {
                                step: id,
                                trigger: with_kind(TriggerKind::PageVisit(new)),
                            },
                        );
                    }
                }
                TriggerKind::CtaClick(t) => {
                    let (new, r) = text_row(ui, "Element id", (id.0, "target"), t, false);
                    r.on_hover_text("The id of the element clicked, or the name of the event");
                    if let Some(new) = new {
                        typed(
                            out,
                            Edit::SetTrigger {
                                step: id,
                                trigger: with_kind(TriggerKind::CtaClick(new)),
                            },
                        );
                    }
                }
                _ => {}
            }
        });
    ui.separator();
    ui.label(RichText::new(format!("Scopes ({})", step.scopes.len())).strong());
    for (i, entry) in step.scopes.iter().enumerate() {
        ui.horizontal(|ui| {
            let Some(s) = entry else {
                // A `null` entry of the platform's JSON: skipped by the platform, kept on export.
                ui.weak(format!("Scope {}: null (the platform skips it)", i + 1));
                if ui.button("🗑").on_hover_text("Remove scope").clicked() {
                    let mut all = step.scopes.clone();
                    all.remove(i);
                    out.push(Action::Edit(Edit::SetScopes {
                        step: id,
                        scopes: all,
                    }));
                }
                return;
            };
            let l = ui.weak(format!("Provider {}", i + 1));
            let mut provider = s.provider.clone();
            let r1 = ui
                .add(
                    egui::TextEdit::singleline(&mut provider)
                        .id_salt(("scope-p", id.0, i))
                        .desired_width(90.0),
                )
                .labelled_by(l.id);
            let l = ui.weak(format!("Scopes {}", i + 1));
            let mut scopes = s.scopes.clone();
            let r2 = ui
                .add(
                    egui::TextEdit::singleline(&mut scopes)
                        .id_salt(("scope-s", id.0, i))
                        .desired_width(140.0),
                )
                .labelled_by(l.id);
            if r1.changed() || r2.changed() {
                let mut all = step.scopes.clone();
                if let Some(Some(edited)) = all.get_mut(i) {
                    edited.provider = provider;
                    edited.scopes = scopes;
                }
                typed(
                    out,
                    Edit::SetScopes {
                        step: id,
                        scopes: all,
                    },
                );
            }
            if ui.button("🗑").on_hover_text("Remove scope").clicked() {
                let mut all = step.scopes.clone();
                all.remove(i);
                out.push(Action::Edit(Edit::SetScopes {
                    step: id,
                    scopes: all,
                }));
            }
        });
    }
    if ui.button("Add scope").clicked() {
        let mut all = step.scopes.clone();
        all.push(Some(Scope::new("facebook", "")));
        out.push(Action::Edit(Edit::SetScopes {
            step: id,
            scopes: all,
        }));
    }
    ui.separator();
    ui.horizontal(|ui| {
        if ui.button("Duplicate this step").clicked() {
            out.push(Action::Command(Command::DuplicateStep));
        }
        if ui.button("Delete this step").clicked() {
            out.push(Action::Command(Command::DeleteStep));
        }
    });
}
