//! Undo and redo: stacks of labelled inverse edits.

use super::Edit;
use crate::project::Id;

/// Consecutive edits with the same key are undone as one step (typing into one text field).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CoalesceKey {
    pub target: Id,
    pub what: String,
}

impl CoalesceKey {
    /// A key for property `what` of step or field `target`.
    pub fn new(target: Id, what: &str) -> Self {
        CoalesceKey {
            target,
            what: what.into(),
        }
    }
}

/// One undoable step: the edit that reverts it, its label and the document states around it.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    pub label: String,
    /// Where the user was when the step was made (what they had selected): undo and redo
    /// bring them back there, as an editor's history restores the selection.
    pub place: Place,
    /// Applying this reverts the step (on the undo stack) or redoes it (on the redo stack).
    pub edit: Edit,
    pub key: Option<CoalesceKey>,
    /// The document state before and after the step (for the unsaved mark).
    pub state_before: u64,
    pub state_after: u64,
}

/// What the user had selected when an edit was made, in the core's terms (the studio's
/// selection maps to it one to one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Place {
    #[default]
    Nowhere,
    Step(Id),
    /// A field of a step or of the registration form.
    Field(Id),
    Catalog(Id),
}

/// Undo and redo stacks. The newest entry is last.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub(super) undo: Vec<HistoryEntry>,
    pub(super) redo: Vec<HistoryEntry>,
    /// False after [`History::seal`]: the next edit starts a new step even with the same key.
    open: bool,
}

/// How many steps are kept.
pub const MAX_UNDO: usize = 1000;

impl History {
    /// Records an applied edit by its inverse. Returns true when it was merged into the
    /// previous step (same coalesce key, not sealed).
    pub(super) fn record(&mut self, entry: HistoryEntry) -> bool {
        self.redo.clear();
        if self.open
            && let Some(key) = &entry.key
            && let Some(last) = self.undo.last_mut()
            && last.key.as_ref() == Some(key)
        {
            // Keep the oldest inverse: undo goes back to before the first keystroke.
            last.state_after = entry.state_after;
            return true;
        }
        self.open = entry.key.is_some();
        self.undo.push(entry);
        if self.undo.len() > MAX_UNDO {
            self.undo.remove(0);
        }
        false
    }

    /// Ends the current coalescing run (a text field lost focus).
    pub fn seal(&mut self) {
        self.open = false;
    }

    /// The label of the step that undo would revert.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|e| e.label.as_str())
    }

    /// The label of the step that redo would repeat.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|e| e.label.as_str())
    }

    /// Number of undoable steps.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// Number of redoable steps.
    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.open = false;
    }
}
