//! A name box edited as a draft: every keystroke stays in the box, a clash or an invalid name
//! is shown under it as the user types, and the name is committed once, on Enter or when the
//! keyboard focus leaves (Escape reverts). The core's checks (`crate::edit::names`) decide.

use egui::{Key, Response, RichText, Ui};

/// What a draft belongs to: the thing named and which of its names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DraftKey {
    pub target: crate::project::Id,
    pub what: &'static str,
}

/// The one draft being typed (only one box has the keyboard at a time).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drafts {
    current: Option<(DraftKey, String)>,
}

impl Drafts {
    /// The draft's key and text, if one is being typed.
    pub fn pending(&self) -> Option<(DraftKey, &str)> {
        self.current.as_ref().map(|(k, t)| (*k, t.as_str()))
    }

    /// Takes the draft away (to commit it from outside the box: the selection moved on, or a
    /// command such as Save needs the final name now).
    pub fn take(&mut self) -> Option<(DraftKey, String)> {
        self.current.take()
    }

    fn text_for(&self, key: DraftKey) -> Option<&str> {
        self.current
            .as_ref()
            .filter(|(k, _)| *k == key)
            .map(|(_, t)| t.as_str())
    }
}

/// What the box gave this frame.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftEvent {
    /// The user finished with a valid new name: make the edit.
    Commit(String),
    /// The user left the box with a name that cannot be used: it was reverted, for this
    /// reason.
    Rejected(String),
}

/// Draws a labelled name box in a two-column grid (label, then the box with its message line
/// under it) and returns what the user finished, if anything. `check` says why a draft
/// cannot be used. `focus` puts the keyboard in the box with its text selected.
#[allow(clippy::too_many_arguments)]
pub fn draft_row(
    ui: &mut Ui,
    label: &str,
    key: DraftKey,
    current: &str,
    drafts: &mut Drafts,
    check: impl Fn(&str) -> Result<(), String>,
    focus: bool,
    hint: &str,
) -> (Option<DraftEvent>, Response) {
    let l = ui.label(label);
    let mut event = None;
    let inner = ui.vertical(|ui| {
        let mut text = drafts.text_for(key).unwrap_or(current).to_string();
        let id = ui.make_persistent_id(("name-draft", key.target.0, key.what));
        let resp = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .id(id)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id);
        if focus {
            resp.request_focus();
            let mut state = egui::text_edit::TextEditState::load(ui.ctx(), id).unwrap_or_default();
            state
                .cursor
                .set_char_range(Some(egui::text_selection::CCursorRange::select_all_str(
                    &text,
                )));
            state.store(ui.ctx(), id);
        }
        if resp.changed() || (resp.has_focus() && drafts.text_for(key).is_none()) {
            drafts.current = Some((key, text.clone()));
        }
        if resp.lost_focus() && drafts.text_for(key).is_some() {
            let (escape, enter) =
                ui.input(|i| (i.key_pressed(Key::Escape), i.key_pressed(Key::Enter)));
            if escape || text == current {
                // Escape reverts; an unchanged name needs no edit.
                drafts.current = None;
            } else {
                match check(&text) {
                    Ok(()) => {
                        drafts.current = None;
                        event = Some(DraftEvent::Commit(text.clone()));
                    }
                    // Enter on a name that cannot be used keeps the box and the draft.
                    Err(_) if enter => resp.request_focus(),
                    Err(why) => {
                        drafts.current = None;
                        event = Some(DraftEvent::Rejected(why));
                    }
                }
            }
        }
        // One line under the box, always there, so that a message never moves what is below.
        let message = match drafts.text_for(key) {
            Some(draft) if draft != current => match check(draft) {
                Err(why) => RichText::new(why).color(ui.visuals().error_fg_color),
                Ok(()) => RichText::new(hint).weak(),
            },
            _ => RichText::new(" ").weak(),
        };
        ui.add(egui::Label::new(message.size(12.0)).truncate());
        resp
    });
    ui.end_row();
    (event, inner.inner)
}
