//! The open document: a project, its history, its revision and where it is saved.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::history::{HistoryEntry, Place};
use super::{Edit, EditError, History, Touched, apply, restore};
use crate::project::Project;

/// How many changes [`Document::changes_since`] remembers.
const CHANGES_KEPT: usize = 256;

/// One content of one document: what a save started in the background reports back with, so
/// that only that content is marked saved (see [`Document::mark_saved_at`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentState {
    document: u64,
    state: u64,
}

/// The open document. [`Document::apply`], [`Document::undo`] and [`Document::redo`] are the
/// only ways the studio changes the project.
#[derive(Debug, Clone)]
pub struct Document {
    /// Shared with the snapshots handed to a save or a recovery copy
    /// ([`Document::snapshot`]); a change while one is still held copies the project first
    /// (`Arc::make_mut`), so a snapshot never sees a later edit.
    project: Arc<Project>,
    history: History,
    /// Grows by one with every change (apply, undo, redo): caches compare it.
    revision: u64,
    /// Identifies the current content: undo goes back to an earlier state's number.
    state: u64,
    next_state: u64,
    saved_state: u64,
    /// The project as last saved (or as opened), for "changes since last save".
    saved: Project,
    /// Grows by one whenever `saved` is replaced: caches compare it.
    saved_generation: u64,
    /// Whether `saved` is a file's content (false: an import or a recovered copy, unsaved).
    saved_is_file: bool,
    /// Where the document is saved; `None` for a new or imported document.
    pub path: Option<PathBuf>,
    /// Unique to this document in the process (a replaced document gets another).
    identity: u64,
    /// Where the user is ([`Document::set_place`]) and where the last undone or redone step
    /// was made.
    place: Place,
    last_place: Place,
    /// What each of the latest revisions touched: `(revision, touched)`, oldest first.
    changes: VecDeque<(u64, Touched)>,
    /// [`Document::changes`] knows every change after this revision.
    changes_from: u64,
}

impl Document {
    /// A document for `project`, unchanged since `path` (if any).
    pub fn new(project: Project, path: Option<PathBuf>) -> Self {
        static IDENTITY: AtomicU64 = AtomicU64::new(1);
        Document {
            identity: IDENTITY.fetch_add(1, Ordering::Relaxed),
            place: Place::Nowhere,
            last_place: Place::Nowhere,
            changes: VecDeque::new(),
            changes_from: 0,
            saved: project.clone(),
            saved_generation: 0,
            saved_is_file: path.is_some(),
            project: Arc::new(project),
            history: History::default(),
            revision: 0,
            state: 0,
            next_state: 1,
            saved_state: 0,
            path,
        }
    }

    /// The project as last saved, or as opened when it was not saved since.
    pub fn saved_project(&self) -> &Project {
        &self.saved
    }

    /// Changes whenever [`Document::saved_project`] does.
    pub fn saved_generation(&self) -> u64 {
        self.saved_generation
    }

    /// Whether [`Document::saved_project`] is what a file holds (false for a new document,
    /// an import or a recovered copy until they are saved).
    pub fn saved_is_file(&self) -> bool {
        self.saved_is_file
    }

    /// The project, read-only: change it with [`Document::apply`].
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The project as it is now, shared: a pointer copy, for a save or a recovery copy that
    /// serializes it on another thread. Later edits do not change it (the document copies
    /// the project before changing it while a snapshot is held, so drop it soon).
    pub fn snapshot(&self) -> Arc<Project> {
        Arc::clone(&self.project)
    }

    /// The undo history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Ends the current coalescing run of text edits.
    pub fn seal_history(&mut self) {
        self.history.seal();
    }

    /// Changes with every change of the project.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether the project differs from the saved (or opened) one.
    pub fn is_dirty(&self) -> bool {
        self.state != self.saved_state
    }

    /// Records that the current content is saved (at `path`).
    pub fn mark_saved(&mut self, path: Option<PathBuf>) {
        let saved = Box::new(Project::clone(&self.project));
        let _ = self.mark_saved_at(self.content_state(), saved, path);
    }

    /// The current content, for a save that finishes later ([`Document::mark_saved_at`]).
    pub fn content_state(&self) -> ContentState {
        ContentState {
            document: self.identity,
            state: self.state,
        }
    }

    /// Records that the content `state` was saved (at `path`), `saved` being that content (a
    /// copy taken when the save started): the document is clean only while it holds that
    /// content, so edits made while the save ran stay unsaved. Returns the project `saved`
    /// replaces as the baseline (for the caller to drop where it costs nothing). When `state`
    /// is not a content of this document (a save of a document since replaced), changes
    /// nothing and gives `saved` back as the error.
    pub fn mark_saved_at(
        &mut self,
        state: ContentState,
        saved: Box<Project>,
        path: Option<PathBuf>,
    ) -> Result<Box<Project>, Box<Project>> {
        if state.document != self.identity {
            return Err(saved);
        }
        self.saved_state = state.state;
        if path.is_some() {
            self.path = path;
        }
        self.saved_generation += 1;
        self.saved_is_file = true;
        Ok(Box::new(std::mem::replace(&mut self.saved, *saved)))
    }

    /// What the changes after `revision` touched (nothing when `revision` is the current
    /// one; everything when it is older than the changes remembered, or of a replaced
    /// document).
    pub fn changes_since(&self, revision: u64) -> Touched {
        if revision >= self.revision {
            return Touched::default();
        }
        if revision < self.changes_from {
            return Touched::everything();
        }
        let mut all = Touched::default();
        for (_, t) in self.changes.iter().filter(|(r, _)| *r > revision) {
            all.merge(t);
        }
        all
    }

    /// Counts a change of the content, touching `touched`.
    fn changed(&mut self, touched: Touched) {
        self.revision += 1;
        if self.changes.len() == CHANGES_KEPT
            && let Some((oldest, _)) = self.changes.pop_front()
        {
            self.changes_from = oldest;
        }
        self.changes.push_back((self.revision, touched));
    }

    /// Makes `on_disk` (what the document's file holds now) the project "changes since last
    /// save" compares with, the document staying unsaved: a recovered copy is compared with
    /// its file, not with itself.
    pub fn compare_with_file(&mut self, on_disk: Project) {
        self.saved = on_disk;
        self.saved_generation += 1;
        self.saved_is_file = true;
        self.saved_state = u64::MAX;
    }

    /// Marks the document as unsaved whatever its history (a recovered copy, an import).
    pub fn mark_unsaved(&mut self) {
        self.saved_state = u64::MAX;
        self.saved_is_file = false;
    }

    /// Applies an edit with its default label, as its own undo step.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        let label = edit.label(&self.project);
        self.apply_inner(edit, label, false)
    }

    /// Applies an edit, as its own undo step, under `label`.
    pub fn apply_labelled(&mut self, edit: Edit, label: String) -> Result<(), EditError> {
        self.apply_inner(edit, label, false)
    }

    /// Applies an edit made by typing: it joins the previous undo step when that one was typing
    /// into the same property of the same step or field and the history was not sealed since
    /// (the studio seals it when the keyboard focus moves).
    pub fn apply_typing(&mut self, edit: Edit) -> Result<(), EditError> {
        let label = edit.label(&self.project);
        self.apply_inner(edit, label, true)
    }

    /// [`Document::apply_typing`] under `label`.
    pub fn apply_typing_labelled(&mut self, edit: Edit, label: String) -> Result<(), EditError> {
        self.apply_inner(edit, label, true)
    }

    /// Where the user is now: the next edit records it, and undo or redo of that edit brings
    /// them back ([`Document::last_place`]).
    pub fn set_place(&mut self, place: Place) {
        self.place = place;
    }

    /// Where the step the last undo or redo took back or made again was made.
    pub fn last_place(&self) -> Place {
        self.last_place
    }

    /// Unique to this document in the process: a replaced document ([`Document::replace`])
    /// has another, so a panel can tell a new document from a new revision.
    pub fn identity(&self) -> u64 {
        self.identity
    }

    /// Applies an edit, records its inverse under `label` and marks the document changed.
    fn apply_inner(&mut self, edit: Edit, label: String, typing: bool) -> Result<(), EditError> {
        let key = if typing { edit.coalesce_key() } else { None };
        let touched = Touched::of(&self.project, &edit);
        let inverse = apply(Arc::make_mut(&mut self.project), edit)?;
        let before = self.state;
        let after = self.next_state;
        self.next_state += 1;
        self.history.record(HistoryEntry {
            label,
            place: self.place,
            edit: inverse,
            key,
            state_before: before,
            state_after: after,
        });
        self.state = after;
        self.changed(touched);
        Ok(())
    }

    /// Reverts the newest step; returns its label.
    pub fn undo(&mut self) -> Option<String> {
        let entry = self.history.undo.pop()?;
        self.history.seal();
        let touched = Touched::of(&self.project, &entry.edit);
        match restore(Arc::make_mut(&mut self.project), entry.edit) {
            Ok(redo) => {
                self.state = entry.state_before;
                self.last_place = entry.place;
                self.changed(touched);
                let label = entry.label.clone();
                self.history.redo.push(HistoryEntry {
                    edit: redo,
                    ..entry
                });
                Some(label)
            }
            // An inverse always applies to the state it was made from; if it did not, the
            // history is dropped rather than left inconsistent.
            Err(_) => {
                self.history.clear();
                None
            }
        }
    }

    /// Repeats the newest undone step; returns its label.
    pub fn redo(&mut self) -> Option<String> {
        let entry = self.history.redo.pop()?;
        self.history.seal();
        let touched = Touched::of(&self.project, &entry.edit);
        match restore(Arc::make_mut(&mut self.project), entry.edit) {
            Ok(undo) => {
                self.state = entry.state_after;
                self.last_place = entry.place;
                self.changed(touched);
                let label = entry.label.clone();
                self.history.undo.push(HistoryEntry {
                    edit: undo,
                    ..entry
                });
                Some(label)
            }
            Err(_) => {
                self.history.clear();
                None
            }
        }
    }

    /// Replaces the document (New, Open): a fresh history, saved at `path`.
    pub fn replace(&mut self, project: Project, path: Option<PathBuf>) {
        let revision = self.revision + 1;
        let saved_generation = self.saved_generation + 1;
        *self = Document::new(project, path);
        self.revision = revision;
        // Nothing is known of the changes up to the new document.
        self.changes_from = revision;
        self.saved_generation = saved_generation;
    }
}
