//! The studio's one combo box: tied to its visible label, and telling assistive technology
//! its current value (a screen reader says "Type, combo box, Dropdown").

use egui::{InnerResponse, Ui};

/// A combo box named by the label `label_id` whose current value is `selected`; `contents`
/// draws the choices. Returns what `contents` returned when the list was open.
pub fn combo<R>(
    ui: &mut Ui,
    label_id: egui::Id,
    id_salt: impl egui::AsIdSalt,
    selected: &str,
    width: Option<f32>,
    contents: impl FnOnce(&mut Ui) -> R,
) -> InnerResponse<Option<R>> {
    let mut combo = egui::ComboBox::from_id_salt(id_salt).selected_text(selected.to_string());
    if let Some(w) = width {
        combo = combo.width(w);
    }
    let inner = combo.show_ui(ui, contents);
    let response = inner.response.labelled_by(label_id);
    let value = selected.to_string();
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_value(value));
    InnerResponse::new(inner.inner, response)
}

/// A label and a combo box after it (in a grid: the label's cell, then the box's).
pub fn labelled_combo<R>(
    ui: &mut Ui,
    label: &str,
    id_salt: impl egui::AsIdSalt,
    selected: &str,
    contents: impl FnOnce(&mut Ui) -> R,
) -> InnerResponse<Option<R>> {
    let l = ui.label(label);
    combo(ui, l.id, id_salt, selected, None, contents)
}
