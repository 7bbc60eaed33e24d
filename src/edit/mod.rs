//! Every change to a project, as data: [`Edit`], [`apply`] (which returns the inverse edit),
//! [`History`] (labelled undo and redo with coalescing) and [`Document`] (THE only place where
//! a project is changed).
//!
//! This module uses no GUI crate: the studio's panels produce `Edit`s, and the tests drive the
//! same code without a window.

pub mod catalog;
mod document;
mod history;
pub mod locales;
pub mod moves;
pub mod names;
mod touched;

#[cfg(test)]
pub(crate) mod tests;

use serde_json::{Map, Value};

use crate::project::{
    CatalogEntry, Field, FieldType, Group, Id, KeptJourneys, Options, Project, Scope, Settings,
    SiteOption, Step, Trigger,
};

pub use document::{ContentState, Document};
pub use history::{CoalesceKey, History, HistoryEntry, Place};
pub use locales::LocaleEdit;
pub use touched::Touched;

/// A change of one property of a field (of a step or of the catalog).
#[derive(Debug, Clone, PartialEq)]
pub enum FieldProp {
    /// The label (`display`).
    Display(String),
    /// The attribute name (`name`); unique within its step or within the catalog.
    Name(String),
    /// The type.
    Type(FieldType),
    /// The validation string.
    Rules(String),
    /// The choices.
    Options(Options),
    /// Any other key (`permission`, `placeholder`, ...): `None` removes it. `index` keeps the
    /// key's place when an undo puts a removed key back.
    Extra {
        key: String,
        value: Option<Value>,
        index: Option<usize>,
    },
}

impl FieldProp {
    /// Sets (or with `None` removes) an extra key such as `permission`.
    pub fn extra(key: &str, value: Option<Value>) -> FieldProp {
        FieldProp::Extra {
            key: key.into(),
            value,
            index: None,
        }
    }

    /// The property's name in words, for labels.
    pub fn title(&self) -> String {
        match self {
            FieldProp::Display(_) => "label".into(),
            FieldProp::Name(_) => "name".into(),
            FieldProp::Type(_) => "type".into(),
            FieldProp::Rules(_) => "validation".into(),
            FieldProp::Options(_) => "options".into(),
            FieldProp::Extra { key, .. } => key.clone(),
        }
    }
}

/// Every change to a project. [`apply`] performs one and returns its inverse.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Inserts a step at `index` (clamped to the end).
    AddStep { index: usize, step: Box<Step> },
    /// Removes a step.
    RemoveStep { step: Id },
    /// Moves a step so that it ends up at `to` (an index in the list after removal).
    MoveStep { step: Id, to: usize },
    /// Renames a step (step names are unique).
    RenameStep { step: Id, name: String },
    /// Sets a step's trigger.
    SetTrigger { step: Id, trigger: Trigger },
    /// Sets a step's social-login scopes.
    SetScopes {
        step: Id,
        scopes: Vec<Option<Scope>>,
    },
    /// Inserts a field into a step at `index` (clamped); refused when the step has that name.
    InsertField {
        step: Id,
        index: usize,
        field: Box<Field>,
    },
    /// Removes a field from its step.
    RemoveField { field: Id },
    /// Moves a field to `index` of step `to_step` (an index in the list after removal);
    /// refused when another field of that step has its name.
    MoveField {
        field: Id,
        to_step: Id,
        index: usize,
    },
    /// Changes one property of a step field or a catalog field.
    SetField { field: Id, prop: FieldProp },
    /// Inserts a catalog field at `index` (clamped); names are unique in the catalog.
    AddCatalog {
        index: usize,
        entry: Box<CatalogEntry>,
    },
    /// Removes a catalog field (step fields are copies and stay).
    RemoveCatalog { field: Id },
    /// Moves a catalog field to another palette tab.
    SetCatalogGroup { field: Id, group: Group },
    /// Sets the site settings.
    SetSettings(Settings),
    /// Turns one of the site's options on or off.
    SetOption { option: SiteOption, value: bool },
    /// Renames the project.
    SetProjectName(String),
    /// Sets the registration form (`None`: the project has none); `label` says what changed
    /// ("Add City to the registration form").
    SetRegistration {
        fields: Option<Vec<Field>>,
        label: String,
    },
    /// Sets (`Some`) or removes (`None`) a top-level key of the project that the studio does
    /// not know (its parts have edits of their own). A key that exists keeps its place.
    SetProjectExtra { key: String, value: Option<Value> },
    /// Sets (`Some`) or removes (`None`) the preview's sample profile (`sampleProfile`).
    SetSampleProfile(Option<Map<String, Value>>),
    /// Sets (`Some`) or removes (`None`) the kept journeys (`journeys`).
    SetJourneys(Option<KeptJourneys>),
    /// Changes the translations (`locales`).
    Locales(LocaleEdit),
    /// Several edits applied in order, undone as one.
    Batch(Vec<Edit>),
}

/// Why an edit was refused: a sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct EditError(pub String);

fn err<T>(msg: impl Into<String>) -> Result<T, EditError> {
    Err(EditError(msg.into()))
}

fn step_mut(p: &mut Project, id: Id) -> Result<(usize, &mut Step), EditError> {
    match p.steps.iter().position(|s| s.id == id) {
        Some(i) => Ok((i, &mut p.steps[i])),
        None => err("that step no longer exists"),
    }
}

/// Finds a field by id, in the steps, the catalog or the registration form.
fn field_mut(p: &mut Project, id: Id) -> Option<&mut Field> {
    if let Some((si, fi)) = p.field_position(id) {
        return Some(&mut p.steps[si].fields[fi]);
    }
    if let Some(ci) = p.catalog_index(id) {
        return Some(&mut p.catalog[ci].field);
    }
    p.registration.iter_mut().flatten().find(|f| f.id == id)
}

/// A field by id, in the steps or in the catalog, with the name of its step (None: catalog).
pub fn find_field(p: &Project, id: Id) -> Option<(&Field, Option<&Step>)> {
    if let Some((si, fi)) = p.field_position(id) {
        let step = &p.steps[si];
        return Some((&step.fields[fi], Some(step)));
    }
    if let Some(ci) = p.catalog_index(id) {
        return Some((&p.catalog[ci].field, None));
    }
    p.registration
        .iter()
        .flatten()
        .find(|f| f.id == id)
        .map(|f| (f, None))
}

/// A copy of a step with fresh identities for it and its fields.
pub fn duplicate_step(step: &Step, name: String) -> Step {
    Step {
        id: Id::fresh(),
        name,
        fields: step.fields.iter().map(Field::duplicate).collect(),
        ..step.clone()
    }
}

/// A step name not yet used: `base`, else `base 2`, `base 3`...
pub fn unique_step_name(p: &Project, base: &str) -> String {
    let taken = |n: &str| p.steps.iter().any(|s| s.name == n);
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|i| format!("{base} {i}"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| base.to_string())
}

/// Applies `edit` to `project` and returns the edit that undoes it. A refused edit leaves the
/// project exactly as it was.
pub fn apply(project: &mut Project, edit: Edit) -> Result<Edit, EditError> {
    apply_with(project, edit, Names::Checked)
}

/// Applies an inverse made by [`apply`] (undo, redo): the state it gives back existed, so the
/// name rules for new names (not empty, no clash) are not asked again of it. A project can
/// hold names those rules refuse (a file written by hand, a field added with an empty name):
/// renaming such a field and undoing must give the old name back, not fail and drop the
/// history. Identities are still checked.
pub(crate) fn restore(project: &mut Project, edit: Edit) -> Result<Edit, EditError> {
    apply_with(project, edit, Names::AsTheyWere)
}

/// Whether an edit's names are checked against the rules for new names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Names {
    Checked,
    AsTheyWere,
}

fn apply_with(project: &mut Project, edit: Edit, names: Names) -> Result<Edit, EditError> {
    let check = names == Names::Checked;
    match edit {
        Edit::AddStep { index, step } => {
            if check && project.steps.iter().any(|s| s.name == step.name) {
                return err(format!("A step named \"{}\" already exists.", step.name));
            }
            if project.step_index(step.id).is_some() {
                return err("that step is already in the project");
            }
            let index = index.min(project.steps.len());
            let id = step.id;
            project.steps.insert(index, *step);
            Ok(Edit::RemoveStep { step: id })
        }
        Edit::RemoveStep { step } => {
            let (index, _) = step_mut(project, step)?;
            let removed = project.steps.remove(index);
            Ok(Edit::AddStep {
                index,
                step: Box::new(removed),
            })
        }
        Edit::MoveStep { step, to } => {
            let (from, _) = step_mut(project, step)?;
            let s = project.steps.remove(from);
            let to = to.min(project.steps.len());
            project.steps.insert(to, s);
            Ok(Edit::MoveStep { step, to: from })
        }
        Edit::RenameStep { step, name } => {
            if check && project.steps.iter().any(|s| s.name == name && s.id != step) {
                return err(format!("A step named \"{name}\" already exists."));
            }
            let (_, s) = step_mut(project, step)?;
            let old = std::mem::replace(&mut s.name, name);
            Ok(Edit::RenameStep { step, name: old })
        }
        Edit::SetTrigger { step, trigger } => {
            let (_, s) = step_mut(project, step)?;
            let old = std::mem::replace(&mut s.trigger, trigger);
            Ok(Edit::SetTrigger { step, trigger: old })
        }
        Edit::SetScopes { step, scopes } => {
            let (_, s) = step_mut(project, step)?;
            let old = std::mem::replace(&mut s.scopes, scopes);
            Ok(Edit::SetScopes { step, scopes: old })
        }
        Edit::InsertField { step, index, field } => {
            if find_field(project, field.id).is_some() {
                return err("that field is already in the project");
            }
            let (_, s) = step_mut(project, step)?;
            if check && s.field(&field.name).is_some() {
                return err(format!(
                    "\"{}\" already has the field {} ({}).",
                    s.name,
                    field.label(),
                    field.name
                ));
            }
            let index = index.min(s.fields.len());
            let id = field.id;
            s.fields.insert(index, *field);
            Ok(Edit::RemoveField { field: id })
        }
        Edit::RemoveField { field } => {
            let Some((si, fi)) = project.field_position(field) else {
                return err("that field is no longer in a step");
            };
            let step = &mut project.steps[si];
            let removed = step.fields.remove(fi);
            Ok(Edit::InsertField {
                step: step.id,
                index: fi,
                field: Box::new(removed),
            })
        }
        Edit::MoveField {
            field,
            to_step,
            index,
        } => {
            let Some((si, fi)) = project.field_position(field) else {
                return err("that field is no longer in a step");
            };
            let Some(ti) = project.step_index(to_step) else {
                return err("that step no longer exists");
            };
            let from_step = project.steps[si].id;
            if check && si != ti {
                let name = &project.steps[si].fields[fi].name;
                let target = &project.steps[ti];
                if target.field(name).is_some() {
                    let f = &project.steps[si].fields[fi];
                    return err(format!(
                        "\"{}\" already has the field {} ({}).",
                        target.name,
                        f.label(),
                        f.name
                    ));
                }
            }
            let f = project.steps[si].fields.remove(fi);
            let target = &mut project.steps[ti];
            let index = index.min(target.fields.len());
            target.fields.insert(index, f);
            Ok(Edit::MoveField {
                field,
                to_step: from_step,
                index: fi,
            })
        }
        Edit::SetField { field, prop } => set_field(project, field, prop, check),
        Edit::AddCatalog { index, entry } => {
            if check && project.catalog_field(&entry.field.name).is_some() {
                return err(format!(
                    "The catalog already has a field named {}.",
                    entry.field.name
                ));
            }
            if find_field(project, entry.field.id).is_some() {
                return err("that field is already in the project");
            }
            let index = index.min(project.catalog.len());
            let id = entry.field.id;
            project.catalog.insert(index, *entry);
            Ok(Edit::RemoveCatalog { field: id })
        }
        Edit::RemoveCatalog { field } => {
            let Some(index) = project.catalog_index(field) else {
                return err("that catalog field no longer exists");
            };
            let entry = project.catalog.remove(index);
            Ok(Edit::AddCatalog {
                index,
                entry: Box::new(entry),
            })
        }
        Edit::SetCatalogGroup { field, group } => {
            let Some(index) = project.catalog_index(field) else {
                return err("that catalog field no longer exists");
            };
            let old = std::mem::replace(&mut project.catalog[index].group, group);
            Ok(Edit::SetCatalogGroup { field, group: old })
        }
        Edit::SetSettings(settings) => Ok(Edit::SetSettings(std::mem::replace(
            &mut project.settings,
            settings,
        ))),
        Edit::SetOption { option, value } => Ok(Edit::SetOption {
            option,
            value: project.settings.set(option, value),
        }),
        Edit::SetProjectName(name) => Ok(Edit::SetProjectName(std::mem::replace(
            &mut project.name,
            name,
        ))),
        Edit::SetRegistration { fields, label } => Ok(Edit::SetRegistration {
            fields: std::mem::replace(&mut project.registration, fields),
            label,
        }),
        Edit::SetProjectExtra { key, value } => {
            if crate::project::RESERVED_KEYS.contains(&key.as_str()) {
                return err(format!("{key} is not a free key of the project"));
            }
            let old = match value {
                Some(v) => project.extra.insert(key.clone(), v),
                None => project.extra.shift_remove(&key),
            };
            Ok(Edit::SetProjectExtra { key, value: old })
        }
        Edit::SetSampleProfile(profile) => Ok(Edit::SetSampleProfile(std::mem::replace(
            &mut project.sample_profile,
            profile,
        ))),
        Edit::SetJourneys(journeys) => Ok(Edit::SetJourneys(std::mem::replace(
            &mut project.journeys,
            journeys,
        ))),
        Edit::Locales(e) => locales::apply(project, e).map(Edit::Locales),
        Edit::Batch(edits) => {
            let mut inverses = Vec::with_capacity(edits.len());
            for e in edits {
                match apply_with(project, e, names) {
                    Ok(inv) => inverses.push(inv),
                    Err(e) => {
                        // Roll back what was done, so a refused batch changes nothing.
                        for inv in inverses.into_iter().rev() {
                            let _ = restore(project, inv);
                        }
                        return Err(e);
                    }
                }
            }
            inverses.reverse();
            Ok(Edit::Batch(inverses))
        }
    }
}

/// `check`: the new name must follow the rules for new names (not when restoring one).
fn set_field(
    project: &mut Project,
    id: Id,
    prop: FieldProp,
    check: bool,
) -> Result<Edit, EditError> {
    if check && let FieldProp::Name(name) = &prop {
        let clash = if let Some((si, _)) = project.field_position(id) {
            project.steps[si]
                .fields
                .iter()
                .any(|f| f.name == *name && f.id != id)
        } else {
            project
                .catalog
                .iter()
                .any(|c| c.field.name == *name && c.field.id != id)
        };
        if clash {
            return err(format!("Another field is already named {name}."));
        }
        if name.trim().is_empty() {
            return err("A field needs a name.");
        }
    }
    let Some(f) = field_mut(project, id) else {
        return err("that field no longer exists");
    };
    let old = match prop {
        FieldProp::Display(s) => FieldProp::Display(std::mem::replace(&mut f.display, s)),
        FieldProp::Name(s) => FieldProp::Name(std::mem::replace(&mut f.name, s)),
        FieldProp::Type(t) => FieldProp::Type(std::mem::replace(&mut f.field_type, t)),
        FieldProp::Rules(s) => FieldProp::Rules(std::mem::replace(&mut f.rules, s)),
        FieldProp::Options(o) => FieldProp::Options(std::mem::replace(&mut f.options, o)),
        FieldProp::Extra { key, value, index } => {
            let old_index = f.extra.keys().position(|k| *k == key);
            let old_value = match value {
                Some(v) => match (old_index, index) {
                    (Some(_), _) => f.extra.insert(key.clone(), v),
                    (None, Some(i)) if i <= f.extra.len() => {
                        f.extra.shift_insert(i, key.clone(), v);
                        None
                    }
                    (None, _) => {
                        f.extra.insert(key.clone(), v);
                        None
                    }
                },
                None => f.extra.shift_remove(&key),
            };
            FieldProp::Extra {
                key,
                value: old_value,
                index: old_index,
            }
        }
    };
    Ok(Edit::SetField {
        field: id,
        prop: old,
    })
}

impl Edit {
    /// The edit of a field's type: a dropdown gets an (empty) option list when it has none, so
    /// that the platform's form has a list to draw.
    pub fn set_type(p: &Project, field: Id, kind: FieldType) -> Option<Edit> {
        let f = find_field(p, field)?.0;
        if f.field_type == kind {
            return None;
        }
        let set = |prop| Edit::SetField { field, prop };
        let mut edits = vec![set(FieldProp::Type(kind.clone()))];
        if kind == FieldType::Option && !matches!(f.options, Options::List(_)) {
            edits.push(set(FieldProp::Options(Options::List(Vec::new()))));
        }
        Some(Edit::Batch(edits))
    }

    /// Inserts a copy of `field` (fresh identity) at the end of `step`.
    pub fn append_copy(step: &Step, field: &Field) -> Edit {
        Edit::InsertField {
            step: step.id,
            index: step.fields.len(),
            field: Box::new(field.duplicate()),
        }
    }

    /// The edit in words, for the undo menu ("Add Country to Third Login"). Computed against
    /// the project BEFORE the edit is applied.
    pub fn label(&self, p: &Project) -> String {
        let step_name = |id: Id| {
            p.step(id)
                .map_or_else(|| "a step".to_string(), |s| s.name.clone())
        };
        let field_name = |id: Id| {
            find_field(p, id).map_or_else(|| "a field".to_string(), |(f, _)| f.label().into())
        };
        match self {
            Edit::AddStep { step, .. } => format!("Add step {}", step.name),
            Edit::RemoveStep { step } => format!("Delete step {}", step_name(*step)),
            Edit::MoveStep { step, .. } => format!("Move step {}", step_name(*step)),
            Edit::RenameStep { step, name } => {
                format!("Rename step {} to {name}", step_name(*step))
            }
            Edit::SetTrigger { step, .. } => format!("Change trigger of {}", step_name(*step)),
            Edit::SetScopes { step, .. } => format!("Change scopes of {}", step_name(*step)),
            Edit::InsertField { step, field, .. } => {
                format!("Add {} to {}", field.label(), step_name(*step))
            }
            Edit::RemoveField { field } => {
                let from = p
                    .field_position(*field)
                    .map_or_else(String::new, |(si, _)| format!(" from {}", p.steps[si].name));
                format!("Remove {}{from}", field_name(*field))
            }
            Edit::MoveField { field, to_step, .. } => {
                let same = p
                    .field_position(*field)
                    .is_some_and(|(si, _)| p.steps[si].id == *to_step);
                if same {
                    format!("Reorder {}", field_name(*field))
                } else {
                    format!("Move {} to {}", field_name(*field), step_name(*to_step))
                }
            }
            Edit::SetField { field, prop } => {
                format!("Change {} of {}", prop.title(), field_name(*field))
            }
            Edit::AddCatalog { entry, .. } => {
                format!("Create field {}", &entry.field.label())
            }
            Edit::RemoveCatalog { field } => format!("Delete field {}", field_name(*field)),
            Edit::SetCatalogGroup { field, group } => {
                format!("Move {} to {}", field_name(*field), group.title())
            }
            Edit::SetSettings(_) => "Change settings".into(),
            Edit::SetOption { option, value } => format!(
                "Turn {} {}",
                if *value { "on" } else { "off" },
                option.key()
            ),
            Edit::SetProjectName(n) => format!("Rename project to {n}"),
            Edit::SetRegistration { label, .. } => label.clone(),
            Edit::SetProjectExtra {
                key,
                value: Some(_),
            } => format!("Set project {key}"),
            Edit::SetProjectExtra { key, value: None } => format!("Remove project {key}"),
            Edit::SetSampleProfile(Some(_)) => "Set the sample profile".into(),
            Edit::SetSampleProfile(None) => "Clear the sample profile".into(),
            Edit::SetJourneys(_) => "Change the kept journeys".into(),
            Edit::Locales(e) => e.label(),
            Edit::Batch(edits) => match edits.first() {
                Some(e) if edits.len() == 1 => e.label(p),
                Some(e) => format!("{} and {} more", e.label(p), edits.len() - 1),
                None => "Nothing".into(),
            },
        }
    }

    /// What consecutive typing edits must share to be undone as one step.
    pub fn coalesce_key(&self) -> Option<CoalesceKey> {
        match self {
            Edit::RenameStep { step, .. } => Some(CoalesceKey::new(*step, "step-name")),
            Edit::SetTrigger { step, .. } => Some(CoalesceKey::new(*step, "trigger")),
            Edit::SetScopes { step, .. } => Some(CoalesceKey::new(*step, "scopes")),
            Edit::SetField { field, prop } => Some(CoalesceKey::new(*field, &prop.title())),
            Edit::SetProjectName(_) => Some(CoalesceKey::new(Id(0), "project-name")),
            Edit::SetProjectExtra { key, .. } => {
                Some(CoalesceKey::new(Id(0), &format!("project-key:{key}")))
            }
            Edit::SetSampleProfile(_) => Some(CoalesceKey::new(Id(0), "sample-profile")),
            Edit::SetJourneys(_) => Some(CoalesceKey::new(Id(0), "journeys")),
            _ => None,
        }
    }
}
