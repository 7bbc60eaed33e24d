//! Small drawing helpers shared by the panels.

pub mod combo;
pub mod draft;

use egui::{Align2, Color32, FontId, Id, Rect, Response, Role, Sense, Ui, WidgetInfo, vec2};

/// `1 step`, `2 steps`: a count with its noun, singular for one.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The height of one row in the palette and in a step card (fixed, so that long lists can
/// draw only what is visible).
pub const ROW_HEIGHT: f32 = 24.0;

/// One row of a field list: label, name, type, and optional marks, clickable and draggable.
pub struct FieldRow<'a> {
    pub label: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub required: bool,
    /// A problem mark and its colour.
    pub mark: Option<(&'static str, Color32)>,
    pub selected: bool,
    /// A short note drawn before the type (e.g. "never asked" by the journey).
    pub note: Option<&'a str>,
    /// The accessible name (tests find the row by it).
    pub a11y: String,
}

impl<'a> FieldRow<'a> {
    /// The row of `field`: unmarked, unselected, with no note.
    pub fn of(field: &'a crate::project::Field, a11y: String) -> Self {
        FieldRow {
            label: field.label(),
            name: &field.name,
            kind: field.field_type.title(),
            required: field.mentions_required(),
            mark: None,
            selected: false,
            note: None,
            a11y,
        }
    }
}

/// Draws a field row in `rect` and returns its response (click and drag).
pub fn field_row(ui: &mut Ui, id: Id, rect: Rect, row: &FieldRow<'_>) -> Response {
    let resp = ui.interact(rect, id, Sense::click_and_drag());
    let a11y = row.a11y.clone();
    let selected = row.selected;
    resp.widget_info(|| WidgetInfo::selected(Role::Button, true, selected, &a11y));
    if ui.is_rect_visible(rect) {
        let visuals = ui.visuals();
        let painter = ui.painter_at(rect);
        if row.selected {
            painter.rect_filled(rect, 3.0, visuals.selection.bg_fill);
        } else if resp.hovered() {
            painter.rect_filled(rect, 3.0, visuals.widgets.hovered.weak_bg_fill);
        }
        let strong = if row.selected {
            visuals.selection.stroke.color
        } else {
            visuals.strong_text_color()
        };
        let weak = visuals.weak_text_color();
        let font = FontId::proportional(13.5);
        let small = FontId::proportional(11.5);
        let y = rect.center().y;
        // Right to left first: the type, then the note; the label and the name get what is
        // left, cut with "…" rather than drawn over each other.
        let t = painter.text(
            egui::pos2(rect.right() - 6.0, y),
            Align2::RIGHT_CENTER,
            row.kind,
            small.clone(),
            weak,
        );
        let mut right = t.left() - 8.0;
        if let Some(note) = row.note {
            let n = painter.text(
                egui::pos2(right, y),
                Align2::RIGHT_CENTER,
                note,
                small.clone(),
                visuals.warn_fg_color,
            );
            right = n.left() - 8.0;
        }
        let mut x = rect.left() + 6.0;
        if let Some((mark, color)) = row.mark {
            let r = painter.text(
                egui::pos2(x, y),
                Align2::LEFT_CENTER,
                mark,
                font.clone(),
                color,
            );
            x = r.right() + 4.0;
        }
        let star = if row.required { 10.0 } else { 0.0 };
        let label = elided(ui, row.label, font, strong, right - x - star);
        let label_width = label.size().x;
        painter.galley(egui::pos2(x, y - label.size().y / 2.0), label, strong);
        x += label_width;
        if row.required {
            let r = painter.text(
                egui::pos2(x + 2.0, y),
                Align2::LEFT_CENTER,
                "*",
                FontId::proportional(13.5),
                visuals.error_fg_color,
            );
            x = r.right();
        }
        if right - (x + 8.0) >= 24.0 {
            let name = elided(ui, row.name, small, weak, right - x - 8.0);
            painter.galley(egui::pos2(x + 8.0, y - name.size().y / 2.0), name, weak);
        }
    }
    resp
}

/// Draws `add` in the rest of `ui`'s width and never wider: what would overflow (a long word,
/// a wide row) is cut at the edge instead of widening the panel, so a side panel keeps the
/// width the user gave it whatever its tab shows or the user types.
pub fn within_width<R>(ui: &mut Ui, add: impl FnOnce(&mut Ui) -> R) -> R {
    let rect = ui.available_rect_before_wrap();
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect).layout(*ui.layout()));
    child.shrink_clip_rect(rect);
    let r = add(&mut child);
    let used = child.min_rect();
    ui.advance_cursor_after_rect(egui::Rect::from_min_max(
        rect.min,
        egui::pos2(rect.max.x, used.max.y.max(rect.min.y)),
    ));
    r
}

/// `text` laid out on one line at most `width` wide, cut with "…" when longer.
pub fn elided(
    ui: &Ui,
    text: &str,
    font: FontId,
    color: Color32,
    width: f32,
) -> std::sync::Arc<egui::Galley> {
    let mut job = egui::text::LayoutJob::simple_singleline(text.to_string(), font, color);
    job.wrap = egui::text::TextWrapping {
        max_width: width.max(8.0),
        max_rows: 1,
        break_anywhere: true,
        overflow_character: Some('…'),
    };
    ui.fonts_mut(|f| f.layout_job(job))
}

/// A text field in a two-column grid, tied to its label for screen readers and tests.
/// Returns the new text when the user changed it.
pub fn text_row(
    ui: &mut Ui,
    label: &str,
    id_salt: impl egui::AsIdSalt,
    value: &str,
    multiline: bool,
) -> (Option<String>, Response) {
    let l = ui.label(label);
    let mut text = value.to_string();
    let edit = if multiline {
        egui::TextEdit::multiline(&mut text).desired_rows(2)
    } else {
        egui::TextEdit::singleline(&mut text)
    };
    let resp = ui
        .add(edit.id_salt(id_salt).desired_width(f32::INFINITY))
        .labelled_by(l.id);
    ui.end_row();
    ((resp.changed()).then_some(text), resp)
}

/// A multi-line monospace text field in a two-column grid whose `marks` (byte ranges of
/// `value`) are drawn in their colour and underlined, as a spell checker marks words.
/// Returns the new text when the user changed it.
pub fn marked_text_row(
    ui: &mut Ui,
    label: &str,
    id_salt: impl egui::AsIdSalt,
    value: &str,
    marks: &[(std::ops::Range<usize>, Color32)],
) -> (Option<String>, Response) {
    let l = ui.label(label);
    let mut text = value.to_string();
    let original = value;
    let mut layouter = |ui: &Ui, buf: &dyn egui::TextBuffer, wrap_width: f32| {
        let text = buf.as_str();
        let font = egui::TextStyle::Monospace.resolve(ui.style());
        let plain = egui::TextFormat::simple(font.clone(), ui.visuals().text_color());
        let mut job = egui::text::LayoutJob::default();
        // The marks belong to the saved text: while it differs (this very keystroke), none.
        let marks = if text == original { marks } else { &[] };
        let mut cuts: Vec<usize> = vec![0, text.len()];
        for (r, _) in marks {
            cuts.push(r.start.min(text.len()));
            cuts.push(r.end.max(r.start + 1).min(text.len()));
        }
        cuts.retain(|&c| text.is_char_boundary(c));
        cuts.sort_unstable();
        cuts.dedup();
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let mark = marks
                .iter()
                .find(|(r, _)| r.start < b && a < r.end.max(r.start + 1))
                .map(|(_, c)| *c);
            let format = match mark {
                Some(c) => egui::TextFormat {
                    color: c,
                    underline: egui::Stroke::new(1.5, c),
                    ..plain.clone()
                },
                None => plain.clone(),
            };
            job.append(&text[a..b], 0.0, format);
        }
        job.wrap.max_width = wrap_width;
        // A validation string has no spaces: it wraps anywhere rather than widening its box
        // (and with it the side panel) while the user types.
        job.wrap.break_anywhere = true;
        ui.fonts_mut(|f| f.layout_job(job))
    };
    let resp = ui
        .add(
            egui::TextEdit::multiline(&mut text)
                .desired_rows(2)
                .id_salt(id_salt)
                .desired_width(f32::INFINITY)
                .layouter(&mut layouter),
        )
        .labelled_by(l.id);
    ui.end_row();
    ((resp.changed()).then_some(text), resp)
}

/// Paints a drop insertion line across `rect`'s width at `y`.
pub fn insertion_line(ui: &Ui, x: egui::Rangef, y: f32, refused: bool) {
    let color = if refused {
        ui.visuals().error_fg_color
    } else {
        ui.visuals().selection.stroke.color
    };
    let painter = ui.ctx().layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        Id::unique("insertion-line"),
    ));
    painter.hline(x, y, egui::Stroke::new(3.0, color));
    painter.circle_filled(egui::pos2(x.min, y), 4.0, color);
}

/// A ghost of the dragged thing, following the pointer.
pub fn drag_ghost(ctx: &egui::Context, text: &str) {
    let Some(pos) = ctx.pointer_interact_pos() else {
        return;
    };
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Tooltip,
        Id::unique("ghost"),
    ));
    let visuals = ctx.global_style().visuals.clone();
    let galley = painter.layout_no_wrap(
        text.to_string(),
        FontId::proportional(13.5),
        visuals.strong_text_color(),
    );
    let rect = Rect::from_min_size(pos + vec2(12.0, 6.0), galley.size() + vec2(16.0, 10.0));
    let mut fill = visuals.widgets.active.bg_fill;
    fill = fill.gamma_multiply(0.85);
    painter.rect_filled(rect, 4.0, fill);
    painter.rect_stroke(
        rect,
        4.0,
        egui::Stroke::new(1.0, visuals.selection.stroke.color),
        egui::StrokeKind::Inside,
    );
    painter.galley(
        rect.min + vec2(8.0, 5.0),
        galley,
        visuals.strong_text_color(),
    );
}
