//! The step cards: the registration form's card ("At sign-up") first, then one card per step,
//! in order, with drag and drop of fields and steps.
//!
//! Cards have a fixed layout (header plus one fixed-height row per field), so the list
//! computes every card's place without drawing it and draws only the visible ones.

use egui::{
    Align2, DragAndDrop, FontId, Id as EguiId, Rect, Role, Sense, Ui, WidgetInfo, pos2, vec2,
};

use super::{
    Action, PanelCx, Payload, Selection, severity_color, severity_mark, step_target_button,
};
use crate::edit::{Edit, find_field};
use crate::project::{Field, Id, Project, SharedVec, Step};
use crate::studio::commands::Command;
use crate::studio::widgets::{FieldRow, ROW_HEIGHT, elided, field_row, insertion_line};

const HEADER: f32 = 46.0;
const PAD: f32 = 8.0;
const GAP: f32 = 10.0;

/// The height of a step's card.
pub fn card_height(step: &Step) -> f32 {
    HEADER + step.fields.len().max(1) as f32 * ROW_HEIGHT + 2.0 * PAD
}

/// The height of the registration form's card.
fn sign_up_height(project: &Project) -> f32 {
    let rows = project.registration.as_ref().map_or(0, Vec::len);
    HEADER + rows.max(1) as f32 * ROW_HEIGHT + 2.0 * PAD
}

/// The registration form with `change` applied, as one undoable edit named `label`.
fn registration_change(
    project: &Project,
    label: String,
    change: impl FnOnce(&mut Vec<Field>),
) -> Edit {
    let mut fields = project.registration.clone().unwrap_or_default();
    change(&mut fields);
    Edit::SetRegistration {
        fields: Some(fields),
        label,
    }
}

/// [`registration_change`] as the card's action.
fn registration_edit(
    project: &Project,
    label: String,
    change: impl FnOnce(&mut Vec<Field>),
) -> Action {
    Action::Edit(registration_change(project, label, change))
}

/// The step cards' UI state.
#[derive(Default)]
pub struct StepsPanel {
    /// Scroll to this step's card on the next frame.
    pub scroll_to: Option<Id>,
}

/// Where a dragged thing would land.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Drop {
    /// Into a step's field list at an index of the CURRENT list.
    Field { step: Id, index: usize },
    /// Before the step at this index of the current list.
    Step { index: usize },
    /// Into the registration form at an index of the current list.
    SignUp { index: usize },
}

/// The text of a drag's ghost.
pub fn payload_text(project: &Project, payload: Payload) -> String {
    match payload {
        Payload::Catalog(id) | Payload::Field(id) => find_field(project, id)
            .map_or_else(String::new, |(f, _)| format!("{} ({})", f.label(), f.name)),
        Payload::Step(id) => project
            .step(id)
            .map_or_else(String::new, |s| format!("Step: {}", s.name)),
    }
}

/// The edit a drop makes, if any (a drop where the thing already is makes none).
fn drop_edit(project: &Project, payload: Payload, drop: Drop) -> Option<Edit> {
    match (payload, drop) {
        (Payload::Catalog(cid), Drop::Field { step, index }) => {
            let ci = project.catalog_index(cid)?;
            Some(Edit::InsertField {
                step,
                index,
                field: Box::new(project.catalog[ci].field.duplicate()),
            })
        }
        (Payload::Field(fid), Drop::Field { step, index }) => {
            crate::edit::moves::drop_field(project, fid, step, index)
        }
        (Payload::Catalog(cid), Drop::SignUp { index }) => {
            let ci = project.catalog_index(cid)?;
            let field = project.catalog[ci].field.duplicate();
            if project
                .registration
                .iter()
                .flatten()
                .any(|f| f.name == field.name)
            {
                return None;
            }
            let label = format!("Add {} to the registration form", field.label());
            Some(registration_change(project, label, |fields| {
                fields.insert(index.min(fields.len()), field);
            }))
        }
        (Payload::Step(sid), Drop::Step { index }) => {
            let from = project.step_index(sid)?;
            let to = crate::edit::moves::landing(from, index);
            (to != from).then_some(Edit::MoveStep { step: sid, to })
        }
        _ => None,
    }
}

/// Why a drop would be refused (shown while hovering).
fn refusal(project: &Project, payload: Payload, drop: Drop) -> Option<String> {
    if let (Drop::SignUp { .. }, Payload::Catalog(id)) = (drop, payload) {
        let name = &find_field(project, id)?.0.name;
        return project
            .registration
            .iter()
            .flatten()
            .any(|f| &f.name == name)
            .then(|| format!("The registration form already has {name}"));
    }
    if let (Drop::SignUp { .. }, _) = (drop, payload) {
        return Some("Drag a field from the catalog into the registration form".into());
    }
    let Drop::Field { step, .. } = drop else {
        return None;
    };
    let target = project.step(step)?;
    let (name, same_step) = match payload {
        Payload::Catalog(id) => (find_field(project, id)?.0.name.clone(), false),
        Payload::Field(id) => {
            let (si, fi) = project.field_position(id)?;
            (
                project.steps[si].fields[fi].name.clone(),
                project.steps[si].id == step,
            )
        }
        Payload::Step(_) => return None,
    };
    (!same_step && target.field(&name).is_some())
        .then(|| format!("{} already has {name}", target.name))
}

impl StepsPanel {
    /// Draws the cards.
    pub fn ui(&mut self, ui: &mut Ui, cx: &PanelCx<'_>, out: &mut Vec<Action>) {
        let project = cx.project;
        ui.horizontal(|ui| {
            ui.heading("Steps");
            ui.weak(crate::studio::widgets::count(
                project.steps.len(),
                "step",
                "steps",
            ));
            if ui.button("+ Add step").clicked() {
                out.push(Action::Command(Command::AddStep));
            }
        });
        ui.separator();
        let ctx = ui.ctx().clone();
        let payload = DragAndDrop::payload::<Payload>(&ctx).map(|p| *p);
        let pointer = ctx.pointer_interact_pos();
        let released = ctx.input(|i| i.pointer.any_released());

        let mut tops = Vec::with_capacity(project.steps.len());
        let sign_up = sign_up_height(project);
        let mut y = sign_up + GAP;
        for s in &project.steps {
            tops.push(y);
            y += card_height(s) + GAP;
        }
        // With no step, a hint says what a step is and how to make one.
        const EMPTY_HINT: f32 = 110.0;
        let total = if project.steps.is_empty() {
            y + EMPTY_HINT
        } else {
            y
        };
        let mut scroll = egui::ScrollArea::vertical()
            .id_salt("steps-scroll")
            .auto_shrink([false, false]);
        if let Some(id) = self.scroll_to.take()
            && let Some(i) = project.step_index(id)
        {
            scroll = scroll.vertical_scroll_offset((tops[i] - 20.0).max(0.0));
        }
        let mut hovered_drop: Option<(Drop, Rect, f32)> = None;
        let area = scroll.show_viewport(ui, |ui, viewport| {
            ui.set_height(total.max(viewport.height()));
            let origin = ui.max_rect().min;
            let width = ui.available_width();
            let rect = Rect::from_min_size(origin, vec2(width, sign_up));
            if rect.max.y > viewport.min.y - 50.0 {
                sign_up_card_ui(ui, cx, rect, out);
            }
            if let (Some(Payload::Catalog(_)), Some(pos)) = (payload, pointer)
                && rect.expand2(vec2(0.0, GAP / 2.0)).contains(pos)
            {
                let top = rect.top() + PAD + HEADER;
                let n = project.registration.as_ref().map_or(0, Vec::len);
                let idx = (((pos.y - top) / ROW_HEIGHT).round().max(0.0) as usize).min(n);
                hovered_drop = Some((
                    Drop::SignUp { index: idx },
                    rect,
                    top + idx as f32 * ROW_HEIGHT,
                ));
            }
            if project.steps.is_empty() {
                let hint =
                    Rect::from_min_size(origin + vec2(0.0, sign_up + GAP), vec2(width, EMPTY_HINT));
                ui.scope_builder(egui::UiBuilder::new().max_rect(hint), |ui| {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.label(egui::RichText::new("No steps yet").strong());
                        ui.label(
                            "A step asks returning consumers for a few more fields at a moment \
                             you choose: a login count, a page visit, a click.",
                        );
                        ui.horizontal_wrapped(|ui| {
                            if ui.button("+ Add the first step").clicked() {
                                out.push(Action::Command(Command::AddStep));
                            }
                            ui.weak("(Ctrl+Shift+N), then drag fields from the palette onto it.");
                        });
                    });
                });
            }
            for (i, step) in project.steps.iter().enumerate() {
                let h = card_height(step);
                if tops[i] + h < viewport.min.y - 50.0 || tops[i] > viewport.max.y + 50.0 {
                    continue;
                }
                let rect = Rect::from_min_size(origin + vec2(0.0, tops[i]), vec2(width, h));
                self.card_ui(ui, cx, step, rect, out);
                if let (Some(p), Some(pos)) = (payload, pointer)
                    && rect.expand2(vec2(0.0, GAP / 2.0)).contains(pos)
                {
                    let (drop, line_y) = match p {
                        Payload::Step(_) if pos.y < rect.center().y => {
                            (Drop::Step { index: i }, rect.top() - GAP / 2.0)
                        }
                        Payload::Step(_) => {
                            (Drop::Step { index: i + 1 }, rect.bottom() + GAP / 2.0)
                        }
                        _ => {
                            let top = rect.top() + PAD + HEADER;
                            let idx = ((pos.y - top) / ROW_HEIGHT).round().max(0.0) as usize;
                            let idx = idx.min(step.fields.len());
                            (
                                Drop::Field {
                                    step: step.id,
                                    index: idx,
                                },
                                top + idx as f32 * ROW_HEIGHT,
                            )
                        }
                    };
                    hovered_drop = Some((drop, rect, line_y));
                }
            }
        });
        let visible = area.inner_rect;
        // Scroll while a drag is near the top or bottom edge.
        if payload.is_some()
            && let Some(pos) = pointer
            && visible.x_range().contains(pos.x)
        {
            let edge = 30.0;
            let delta = if pos.y < visible.top() + edge && pos.y > visible.top() - edge {
                8.0
            } else if pos.y > visible.bottom() - edge && pos.y < visible.bottom() + edge {
                -8.0
            } else {
                0.0
            };
            if delta != 0.0 {
                ui.scroll_with_delta(vec2(0.0, delta));
                ctx.request_repaint();
            }
        }
        let Some(p) = payload else { return };
        let Some((drop, rect, line_y)) =
            hovered_drop.filter(|_| pointer.is_some_and(|q| visible.contains(q)))
        else {
            // Outside every card: releasing here cancels the drag (egui drops the payload).
            return;
        };
        let refused = refusal(project, p, drop);
        insertion_line(ui, rect.x_range().shrink(4.0), line_y, refused.is_some());
        if let Some(why) = &refused {
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                EguiId::unique("refusal"),
            ));
            let galley = painter.layout_no_wrap(
                format!("⛔ {why}"),
                FontId::proportional(13.0),
                ui.visuals().error_fg_color,
            );
            let plate = Align2::RIGHT_BOTTOM
                .anchor_size(pos2(rect.right() - 10.0, line_y - 3.0), galley.size())
                .expand2(vec2(6.0, 2.0));
            painter.rect_filled(plate, 3.0, ui.visuals().extreme_bg_color);
            painter.rect_stroke(
                plate,
                3.0,
                egui::Stroke::new(1.0, ui.visuals().error_fg_color),
                egui::StrokeKind::Inside,
            );
            painter.galley(
                plate.min + vec2(6.0, 2.0),
                galley,
                ui.visuals().error_fg_color,
            );
        }
        if released {
            DragAndDrop::clear_payload(&ctx);
            if let Some(edit) = drop_edit(project, p, drop) {
                out.push(Action::Edit(edit));
                if let Payload::Field(id) = p {
                    out.push(Action::Select(Selection::Field(id)));
                }
            }
        }
    }

    fn card_ui(
        &mut self,
        ui: &mut Ui,
        cx: &PanelCx<'_>,
        step: &Step,
        rect: Rect,
        out: &mut Vec<Action>,
    ) {
        let visuals = ui.visuals().clone();
        let selected = cx.selection == Selection::Step(step.id);
        let never_fired = cx.journey.is_some_and(|j| j.never_fired(&step.name));
        let painter = ui.painter().clone();
        let stroke = if selected {
            visuals.selection.stroke
        } else if never_fired {
            egui::Stroke::new(1.5, visuals.warn_fg_color)
        } else {
            visuals.widgets.noninteractive.bg_stroke
        };
        painter.rect(
            rect,
            6.0,
            visuals.faint_bg_color,
            stroke,
            egui::StrokeKind::Inside,
        );

        // Header: a drag handle, then the name and the trigger (click to select).
        let header = Rect::from_min_size(
            rect.min + vec2(PAD, PAD),
            vec2(rect.width() - 2.0 * PAD, HEADER - 4.0),
        );
        let handle = Rect::from_min_size(header.min, vec2(22.0, header.height()));
        let handle_resp = ui.interact(
            handle,
            EguiId::unique(("step-handle", step.id.0)),
            Sense::drag(),
        );
        let name = step.name.clone();
        handle_resp
            .widget_info(|| WidgetInfo::labeled(Role::Button, true, format!("Drag step {name}")));
        handle_resp.dnd_set_drag_payload(Payload::Step(step.id));
        let handle_resp = handle_resp.on_hover_text("Drag to reorder steps");
        painter.text(
            handle.center(),
            Align2::CENTER_CENTER,
            "☰",
            FontId::proportional(16.0),
            if handle_resp.hovered() {
                visuals.strong_text_color()
            } else {
                visuals.weak_text_color()
            },
        );
        let title = Rect::from_min_max(pos2(handle.right() + 4.0, header.top()), header.max);
        let title_resp = ui.interact(
            title,
            EguiId::unique(("step-header", step.id.0)),
            Sense::click(),
        );
        let a11y = if never_fired {
            format!("Step {} (never shown in the journey)", step.name)
        } else {
            format!("Step {}", step.name)
        };
        title_resp.widget_info(|| WidgetInfo::selected(Role::Button, true, selected, &a11y));
        if title_resp.clicked() {
            out.push(Action::Select(Selection::Step(step.id)));
        }
        let mut x = title.left();
        if let Some(s) = cx.cache.step_marks.get(&step.id) {
            let r = painter.text(
                pos2(x, title.top() + 11.0),
                Align2::LEFT_CENTER,
                severity_mark(*s),
                FontId::proportional(15.0),
                severity_color(ui, *s),
            );
            x = r.right() + 4.0;
        }
        // The count and the journey note on the right first; the name and the trigger get
        // what is left, cut with "…" (never drawn over each other).
        let fields = painter.text(
            pos2(title.right(), title.top() + 11.0),
            Align2::RIGHT_CENTER,
            match step.fields.len() {
                1 => "1 field".to_string(),
                n => format!("{n} fields"),
            },
            FontId::proportional(12.0),
            visuals.weak_text_color(),
        );
        let name = elided(
            ui,
            &step.name,
            FontId::proportional(16.0),
            visuals.strong_text_color(),
            fields.left() - 8.0 - x,
        );
        painter.galley(
            pos2(x, title.top() + 11.0 - name.size().y / 2.0),
            name,
            visuals.strong_text_color(),
        );
        let mut right = title.right();
        if never_fired {
            let note = painter.text(
                pos2(title.right(), title.top() + 31.0),
                Align2::RIGHT_CENTER,
                "never shown in the journey",
                FontId::proportional(12.0),
                visuals.warn_fg_color,
            );
            right = note.left() - 8.0;
        }
        let trigger = elided(
            ui,
            &step.trigger.kind.describe(),
            FontId::proportional(13.0),
            visuals.text_color(),
            right - title.left(),
        );
        painter.galley(
            pos2(title.left(), title.top() + 31.0 - trigger.size().y / 2.0),
            trigger,
            visuals.text_color(),
        );
        let steps = &cx.project.steps;
        title_resp.context_menu(|ui| {
            out.push(Action::Select(Selection::Step(step.id)));
            for (label, cmd) in [
                ("Rename", Command::RenameStep),
                ("Duplicate step", Command::DuplicateStep),
                ("Move step up", Command::MoveStepUp),
                ("Move step down", Command::MoveStepDown),
                ("Delete step", Command::DeleteStep),
            ] {
                if ui.button(label).clicked() {
                    out.push(Action::Command(cmd));
                    ui.close();
                }
            }
        });

        // Fields.
        let top = rect.top() + PAD + HEADER;
        if step.fields.is_empty() {
            painter.text(
                pos2(rect.center().x, top + ROW_HEIGHT / 2.0),
                Align2::CENTER_CENTER,
                "Drop fields here",
                FontId::proportional(13.0),
                visuals.weak_text_color(),
            );
        }
        for (j, f) in step.fields.iter().enumerate() {
            let row_rect = Rect::from_min_size(
                pos2(rect.left() + PAD, top + j as f32 * ROW_HEIGHT),
                vec2(rect.width() - 2.0 * PAD, ROW_HEIGHT),
            );
            let mark = cx
                .field_mark(f.id)
                .map(|s| (severity_mark(s), severity_color(ui, s)));
            let never_asked = cx.journey.is_some_and(|j| j.never_asked(&f.name));
            let a11y = format!("Field {} ({}) in {}", f.label(), f.name, step.name);
            let row = FieldRow {
                mark,
                selected: cx.selection == Selection::Field(f.id),
                note: never_asked.then_some("never asked"),
                ..FieldRow::of(
                    f,
                    if never_asked {
                        format!("{a11y} (never asked in the journey)")
                    } else {
                        a11y
                    },
                )
            };
            let resp = field_row(ui, EguiId::unique(("step-field", f.id.0)), row_rect, &row);
            resp.dnd_set_drag_payload(Payload::Field(f.id));
            if resp.clicked() {
                out.push(Action::Select(Selection::Field(f.id)));
            }
            resp.context_menu(|ui| field_menu_ui(ui, steps, step, f, out));
        }
    }
}

/// The context menu of a field in a step: the keyboard-and-menu twin of dragging it.
pub fn field_menu_ui(
    ui: &mut Ui,
    steps: &SharedVec<Step>,
    step: &Step,
    f: &Field,
    out: &mut Vec<Action>,
) {
    out.push(Action::Select(Selection::Field(f.id)));
    ui.menu_button("Move to step", |ui| {
        for other in steps.iter().filter(|s| s.id != step.id) {
            if step_target_button(ui, other, &f.name, &other.name) {
                out.push(Action::Edit(Edit::MoveField {
                    field: f.id,
                    to_step: other.id,
                    index: other.fields.len(),
                }));
                ui.close();
            }
        }
    });
    ui.menu_button("Duplicate to step", |ui| {
        for other in steps.iter().filter(|s| s.id != step.id) {
            if step_target_button(ui, other, &f.name, &other.name) {
                out.push(Action::Edit(Edit::append_copy(other, f)));
                ui.close();
            }
        }
    });
    for (label, cmd) in [
        ("Move up", Command::MoveFieldUp),
        ("Move down", Command::MoveFieldDown),
        ("Remove", Command::RemoveField),
    ] {
        if ui.button(label).clicked() {
            out.push(Action::Command(cmd));
            ui.close();
        }
    }
}

/// The registration form's card: what a new consumer gives at sign-up, in the form's order,
/// each field with its move and remove buttons; catalog fields are dragged in.
fn sign_up_card_ui(ui: &mut Ui, cx: &PanelCx<'_>, rect: Rect, out: &mut Vec<Action>) {
    let project = cx.project;
    let visuals = ui.visuals().clone();
    ui.painter().rect(
        rect,
        6.0,
        visuals.faint_bg_color,
        visuals.widgets.noninteractive.bg_stroke,
        egui::StrokeKind::Inside,
    );
    let inner = rect.shrink(PAD);
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(inner)
            .id_salt("sign-up-card"),
    );
    let ui = &mut child;
    ui.horizontal(|ui| {
        ui.strong("At sign-up");
        match &project.registration {
            Some(fields) => {
                ui.weak(format!(
                    "the registration form, {}",
                    crate::studio::widgets::count(fields.len(), "field", "fields")
                ));
            }
            None => {
                ui.weak("no registration form");
            }
        }
    });
    let weak = |ui: &mut Ui, text: &str| {
        ui.add(egui::Label::new(egui::RichText::new(text).weak()).truncate());
    };
    weak(
        ui,
        if project.settings.show_in_editor {
            "Also the profile page's first fields, then the steps' (showInEditor on)."
        } else {
            "Also the profile page's fields (showInEditor off: not the steps')."
        },
    );
    let Some(fields) = &project.registration else {
        weak(
            ui,
            "Drag catalog fields here, or import the site's registration schema.",
        );
        return;
    };
    if fields.is_empty() {
        weak(ui, "Drag catalog fields here.");
    }
    let n = fields.len();
    for (i, f) in fields.iter().enumerate() {
        let row = Rect::from_min_size(
            pos2(
                inner.left(),
                inner.top() + HEADER - PAD + i as f32 * ROW_HEIGHT,
            ),
            vec2(inner.width(), ROW_HEIGHT),
        );
        let mut row_ui = ui.new_child(
            egui::UiBuilder::new()
                .max_rect(row)
                .id_salt(("sign-up-row", i))
                .layout(egui::Layout::right_to_left(egui::Align::Center)),
        );
        let label = f.label().to_string();
        let required = if f.mentions_required() { " *" } else { "" };
        let text = format!("{label} ({}){required}", f.name);
        {
            let ui = &mut row_ui;
            let remove = ui
                .small_button("✖")
                .on_hover_text("Remove from the registration form");
            remove.widget_info(|| {
                WidgetInfo::labeled(
                    Role::Button,
                    true,
                    format!("Remove {label} from the registration form"),
                )
            });
            if remove.clicked() {
                out.push(registration_edit(
                    project,
                    format!("Remove {label} from the registration form"),
                    |fields| {
                        fields.remove(i);
                    },
                ));
            }
            let down = ui.add_enabled(i + 1 < n, egui::Button::new("⏷").small());
            down.widget_info(|| {
                WidgetInfo::labeled(
                    Role::Button,
                    i + 1 < n,
                    format!("Move {label} down in the registration form"),
                )
            });
            if down.clicked() {
                out.push(registration_edit(
                    project,
                    format!("Move {label} down in the registration form"),
                    |fields| fields.swap(i, i + 1),
                ));
            }
            let up = ui.add_enabled(i > 0, egui::Button::new("⏶").small());
            up.widget_info(|| {
                WidgetInfo::labeled(
                    Role::Button,
                    i > 0,
                    format!("Move {label} up in the registration form"),
                )
            });
            if up.clicked() {
                out.push(registration_edit(
                    project,
                    format!("Move {label} up in the registration form"),
                    |fields| fields.swap(i - 1, i),
                ));
            }
            let selected = cx.selection == Selection::Field(f.id);
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                let rich = if selected {
                    egui::RichText::new(text)
                        .strong()
                        .color(visuals.selection.stroke.color)
                } else {
                    egui::RichText::new(text)
                };
                let r = ui
                    .add(egui::Label::new(rich).truncate().sense(Sense::click()))
                    .on_hover_text("Select to edit it in the inspector");
                if r.clicked() {
                    out.push(Action::Select(Selection::Field(f.id)));
                }
            });
        }
    }
}
