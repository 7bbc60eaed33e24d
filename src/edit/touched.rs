//! What an edit may have changed, so that what is derived from the project (the problems)
//! recomputes only that: [`Touched`], and [`super::Document::changes_since`].

use std::collections::HashSet;

use super::Edit;
use crate::project::{Id, Project};

/// The steps and catalog fields an edit (or a run of edits) may have changed, by identity.
/// A step or catalog field it does not name is unchanged, unless [`Touched::everything`] is
/// set. The project's own keys (name, settings, translations, the sample profile, other
/// top-level keys) and
/// the order of the steps and of the catalog are not tracked: they are small, and a consumer
/// compares them with what it saw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    /// Anything may have changed (another document, a past too old to know).
    pub everything: bool,
    /// Steps whose name, trigger, scopes, fields or fields' order may have changed, and steps
    /// added, removed or moved.
    pub steps: HashSet<Id>,
    /// Catalog fields whose content or palette tab may have changed, and catalog fields added
    /// or removed.
    pub catalog: HashSet<Id>,
}

impl Touched {
    /// Everything may have changed.
    pub fn everything() -> Touched {
        Touched {
            everything: true,
            ..Touched::default()
        }
    }

    /// What `edit` may change when it is applied to `project` (as it is before the edit).
    pub fn of(project: &Project, edit: &Edit) -> Touched {
        let mut t = Touched::default();
        t.add_edit(project, edit);
        t
    }

    /// Whether nothing was touched.
    pub fn is_empty(&self) -> bool {
        !self.everything && self.steps.is_empty() && self.catalog.is_empty()
    }

    /// Adds what `other` touched.
    pub fn merge(&mut self, other: &Touched) {
        self.everything |= other.everything;
        if !self.everything {
            self.steps.extend(other.steps.iter().copied());
            self.catalog.extend(other.catalog.iter().copied());
        }
    }

    /// Whether the step `id` may have changed.
    pub fn step(&self, id: Id) -> bool {
        self.everything || self.steps.contains(&id)
    }

    /// Whether the catalog field `id` may have changed.
    pub fn catalog_field(&self, id: Id) -> bool {
        self.everything || self.catalog.contains(&id)
    }

    /// The step holding the step field `field`, marked; else the catalog field `field`.
    fn field(&mut self, project: &Project, field: Id) {
        if let Some((si, _)) = project.field_position(field) {
            self.steps.insert(project.steps[si].id);
        } else if project.catalog_index(field).is_some() {
            self.catalog.insert(field);
        }
        // Neither: the field is made by an earlier edit of the same batch, in a step or
        // catalog field that edit marked, or the edit is refused and changes nothing.
    }

    fn add_edit(&mut self, project: &Project, edit: &Edit) {
        match edit {
            Edit::AddStep { step, .. } => {
                self.steps.insert(step.id);
            }
            Edit::RemoveStep { step }
            | Edit::MoveStep { step, .. }
            | Edit::RenameStep { step, .. }
            | Edit::SetTrigger { step, .. }
            | Edit::SetScopes { step, .. }
            | Edit::InsertField { step, .. } => {
                self.steps.insert(*step);
            }
            Edit::RemoveField { field } | Edit::SetField { field, .. } => {
                self.field(project, *field);
            }
            Edit::MoveField { field, to_step, .. } => {
                self.field(project, *field);
                self.steps.insert(*to_step);
            }
            Edit::AddCatalog { entry, .. } => {
                self.catalog.insert(entry.field.id);
            }
            Edit::RemoveCatalog { field } | Edit::SetCatalogGroup { field, .. } => {
                self.catalog.insert(*field);
            }
            // The project's own keys: compared by whoever depends on them.
            Edit::SetSettings(_)
            | Edit::SetOption { .. }
            | Edit::SetProjectName(_)
            | Edit::SetRegistration { .. }
            | Edit::SetProjectExtra { .. }
            | Edit::SetSampleProfile(_)
            | Edit::SetJourneys(_)
            | Edit::Locales(_) => {}
            // Each edit of a batch is judged against the project before the batch: a field a
            // later edit names either was there (and is found) or was made by an earlier edit
            // of the batch, in a step or catalog field that edit marked.
            Edit::Batch(edits) => {
                for e in edits {
                    self.add_edit(project, e);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::FieldProp;

    #[test]
    fn a_label_edit_touches_its_step_only_and_a_catalog_edit_its_field() {
        let p = Project::default_project();
        let step = &p.steps[1];
        let field = step.fields[0].id;
        let t = Touched::of(
            &p,
            &Edit::SetField {
                field,
                prop: FieldProp::Display("Employer".into()),
            },
        );
        assert!(t.step(step.id));
        assert!(!t.step(p.steps[0].id));
        assert!(t.catalog.is_empty());
        let entry = p.catalog[3].field.id;
        let t = Touched::of(
            &p,
            &Edit::SetField {
                field: entry,
                prop: FieldProp::Rules("required".into()),
            },
        );
        assert!(t.catalog_field(entry) && t.steps.is_empty());
        let moved = Touched::of(
            &p,
            &Edit::MoveField {
                field,
                to_step: p.steps[2].id,
                index: 0,
            },
        );
        assert_eq!(moved.steps, HashSet::from([step.id, p.steps[2].id]));
        let all = Touched::everything();
        assert!(all.everything && all.step(Id(u64::MAX)));
        let mut union = t.clone();
        union.merge(&moved);
        assert_eq!(union.steps.len(), 2);
        assert!(union.catalog_field(entry));
        assert!(Touched::of(&p, &Edit::SetProjectName("x".into())).is_empty());
    }
}
