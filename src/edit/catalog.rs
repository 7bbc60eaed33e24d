//! Keeping step fields and the catalog together: a catalog rename that takes the steps along,
//! what a step's copy changed from its catalog field and "update from catalog", fixes for a
//! step field whose name is not in the catalog, and deleting a catalog field everywhere.
//!
//! Step fields are copies of catalog fields, edited freely within their step (FORMATS.md);
//! they share the catalog field's `name`, which is how a step field finds its catalog field.

use serde_json::Value;

use super::names::check_field_name;
use super::{Edit, EditError, FieldProp, find_field};
use crate::project::{CatalogEntry, Field, FieldPart, Group, Id, Options, Project};

/// The steps (names, project order) that have a field named `name`.
pub fn steps_using(p: &Project, name: &str) -> Vec<String> {
    p.steps
        .iter()
        .filter(|s| s.field(name).is_some())
        .map(|s| s.name.clone())
        .collect()
}

/// Renames the catalog field `field` to `name`; with `with_steps`, every step field of the
/// old name is renamed too, in the same undo step. Refused (with the reason) when the name is
/// not allowed or a step already has a field of the new name.
pub fn rename_catalog_field(
    p: &Project,
    field: Id,
    name: &str,
    with_steps: bool,
) -> Result<Edit, EditError> {
    let ci = p
        .catalog_index(field)
        .ok_or_else(|| EditError("That catalog field no longer exists.".into()))?;
    let old = p.catalog[ci].field.name.clone();
    check_field_name(p, field, name).map_err(EditError)?;
    let mut edits = vec![Edit::SetField {
        field,
        prop: FieldProp::Name(name.to_string()),
    }];
    if with_steps && old != name {
        for step in &p.steps {
            let Some(f) = step.field(&old) else { continue };
            if step.field(name).is_some() {
                return Err(EditError(format!(
                    "\"{}\" already has a field named {name}: rename or remove it first.",
                    step.name
                )));
            }
            edits.push(Edit::SetField {
                field: f.id,
                prop: FieldProp::Name(name.to_string()),
            });
        }
    }
    Ok(Edit::Batch(edits))
}

/// The words for a catalog rename's undo step.
pub fn rename_catalog_label(old: &str, new: &str, steps: usize) -> String {
    match steps {
        0 => format!("Rename field {old} to {new}"),
        1 => format!("Rename field {old} to {new} in the catalog and 1 step"),
        n => format!("Rename field {old} to {new} in the catalog and {n} steps"),
    }
}

/// One way a step's field differs from its catalog field.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// What differs, in the inspector's words: `label`, `type`, `validation`, `options`, or
    /// the key (`permission`, `placeholder`, ...).
    pub what: String,
    /// The step's value and the catalog's, as short texts (`(none)` when absent).
    pub step: String,
    pub catalog: String,
}

fn short(v: Option<&Value>) -> String {
    match v {
        None => "(none)".into(),
        Some(Value::String(s)) => format!("\"{s}\""),
        Some(v) => v.to_string(),
    }
}

fn options_text(o: &Options) -> String {
    match o {
        Options::List(l) => match l.len() {
            1 => "1 option".into(),
            n => format!("{n} options"),
        },
        _ => "(none)".into(),
    }
}

/// How the step field `f` differs from the catalog field `c` (empty: it is a plain copy).
/// The name is the link between them and never a difference.
pub fn differences(f: &Field, c: &Field) -> Vec<Difference> {
    let quoted = |s: &str| format!("\"{s}\"");
    f.differing(c)
        .into_iter()
        .filter_map(|part| {
            let (what, step, catalog) = match part {
                FieldPart::Display => ("label".into(), quoted(&f.display), quoted(&c.display)),
                FieldPart::Type => (
                    "type".into(),
                    f.field_type.title().into(),
                    c.field_type.title().into(),
                ),
                FieldPart::Rules => ("validation".into(), quoted(&f.rules), quoted(&c.rules)),
                FieldPart::Options => {
                    let (a, b) = (options_text(&f.options), options_text(&c.options));
                    let a = if a == b { format!("{a}, changed") } else { a };
                    ("options".into(), a, b)
                }
                FieldPart::Extra(key) => (
                    key.to_string(),
                    short(f.extra.get(key)),
                    short(c.extra.get(key)),
                ),
                // How an empty label was written changes nothing a consumer sees.
                FieldPart::Presence => return None,
            };
            Some(Difference {
                what,
                step,
                catalog,
            })
        })
        .collect()
}

/// How a step field stands to the catalog: what the inspector says of it, worked out once.
#[derive(Debug, Clone, PartialEq)]
pub enum Standing<'a> {
    /// Its catalog field is `entry`; `differences` is what this step's copy changed (empty: a
    /// plain copy).
    InCatalog {
        entry: &'a CatalogEntry,
        differences: Vec<Difference>,
    },
    /// The catalog has no field of its name; `similar` are the names it may have meant.
    NotInCatalog { similar: Vec<&'a CatalogEntry> },
}

/// How the step field `f` of `p` stands to the catalog.
pub fn standing<'a>(p: &'a Project, f: &Field) -> Standing<'a> {
    match catalog_of(p, f) {
        Some(entry) => Standing::InCatalog {
            entry,
            differences: differences(f, &entry.field),
        },
        None => Standing::NotInCatalog {
            similar: similar_catalog_fields(p, &f.name),
        },
    }
}

/// The catalog field a step field was copied from (same name), if the catalog has one.
pub fn catalog_of<'a>(p: &'a Project, step_field: &Field) -> Option<&'a CatalogEntry> {
    p.catalog_field(&step_field.name)
}

/// Makes the step field `field` a copy of its catalog field again (label, type, validation,
/// options and every other key), keeping its identity: `None` when it is one already or has
/// no catalog field.
pub fn update_from_catalog(p: &Project, field: Id) -> Option<Edit> {
    let (si, fi) = p.field_position(field)?;
    let f = &p.steps[si].fields[fi];
    let c = &catalog_of(p, f)?.field;
    let set = |prop| Edit::SetField { field, prop };
    let mut edits = Vec::new();
    for part in f.differing(c) {
        edits.push(match part {
            FieldPart::Display => set(FieldProp::Display(c.display.clone())),
            FieldPart::Type => set(FieldProp::Type(c.field_type.clone())),
            FieldPart::Rules => set(FieldProp::Rules(c.rules.clone())),
            FieldPart::Options => set(FieldProp::Options(c.options.clone())),
            // Keys are put in the catalog's order below, once the others are gone.
            FieldPart::Extra(key) if !c.extra.contains_key(key) => set(FieldProp::extra(key, None)),
            FieldPart::Extra(_) | FieldPart::Presence => continue,
        });
    }
    for (index, (key, value)) in c.extra.iter().enumerate() {
        if f.extra.get(key) != Some(value) {
            edits.push(set(FieldProp::Extra {
                key: key.clone(),
                value: Some(value.clone()),
                index: Some(index),
            }));
        }
    }
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

/// Adds a copy of the step field `field` (whose name the catalog lacks) to the catalog, in the
/// tab its name belongs to (`cf_` names are custom).
pub fn add_to_catalog(p: &Project, field: Id) -> Result<Edit, EditError> {
    let (si, fi) = p
        .field_position(field)
        .ok_or_else(|| EditError("That field is no longer in a step.".into()))?;
    let f = &p.steps[si].fields[fi];
    if p.catalog_field(&f.name).is_some() {
        return Err(EditError(format!(
            "The catalog already has a field named {}.",
            f.name
        )));
    }
    Ok(Edit::AddCatalog {
        index: usize::MAX,
        entry: Box::new(CatalogEntry {
            group: Group::for_name(&f.name),
            field: f.duplicate(),
        }),
    })
}

/// The number of single-character insertions, deletions and substitutions between two
/// names, compared without case.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// How many similar names [`similar_catalog_fields`] offers at most.
pub const SIMILAR: usize = 3;

/// The catalog fields whose names look like `name` (a typo, another case, a missing or extra
/// `cf_`), closest first: candidates to re-point an orphaned step field to.
pub fn similar_catalog_fields<'a>(p: &'a Project, name: &str) -> Vec<&'a CatalogEntry> {
    let bare = |n: &str| {
        n.strip_prefix(super::names::CUSTOM_PREFIX)
            .unwrap_or(n)
            .to_lowercase()
    };
    let wanted = bare(name);
    let mut scored: Vec<(usize, &CatalogEntry)> = p
        .catalog
        .iter()
        .filter(|c| c.field.name != name)
        .filter_map(|c| {
            let other = bare(&c.field.name);
            let d = distance(&wanted, &other);
            let limit = (wanted.chars().count().max(other.chars().count()) / 3).max(1);
            let contains =
                wanted.len() >= 4 && (other.contains(&wanted) || wanted.contains(&other));
            (d <= limit || contains).then_some((if contains { d.min(limit) } else { d }, c))
        })
        .collect();
    scored.sort_by_key(|(d, _)| *d);
    scored.into_iter().take(SIMILAR).map(|(_, c)| c).collect()
}

/// Re-points the step field `field` to the catalog field named `name` (renames it), keeping
/// everything else the step set.
pub fn repoint(p: &Project, field: Id, name: &str) -> Result<Edit, EditError> {
    if p.catalog_field(name).is_none() {
        return Err(EditError(format!("The catalog has no field named {name}.")));
    }
    if p.field_position(field).is_none() {
        return Err(EditError("That field is no longer in a step.".into()));
    }
    check_field_name(p, field, name).map_err(EditError)?;
    Ok(Edit::SetField {
        field,
        prop: FieldProp::Name(name.to_string()),
    })
}

/// Deletes the catalog field `field` and every step field of its name, as one undo step.
pub fn delete_everywhere(p: &Project, field: Id) -> Option<(Edit, String)> {
    let (f, step) = find_field(p, field)?;
    if step.is_some() {
        return None;
    }
    let name = f.name.clone();
    let mut edits: Vec<Edit> = p
        .steps
        .iter()
        .filter_map(|s| s.field(&name))
        .map(|f| Edit::RemoveField { field: f.id })
        .collect();
    edits.push(Edit::RemoveCatalog { field });
    Some((Edit::Batch(edits), format!("Delete field {name}")))
}

/// The rename a finished name draft makes: of a step (`step` true), of a catalog field (its
/// steps' copies follow unless `catalog_only`), or of a step field; `None` when the name is
/// unchanged; the label says how many steps followed ("Rename cf_Team to cf_Club in 2
/// steps"). `Err` says why the name is refused.
pub fn rename(
    p: &Project,
    target: Id,
    text: &str,
    step: bool,
    catalog_only: bool,
) -> Result<Option<(Edit, Option<String>)>, EditError> {
    if step {
        return super::names::rename_step(p, target, text).map(|e| e.map(|e| (e, None)));
    }
    if p.catalog_index(target).is_none() {
        return super::names::rename_field(p, target, text).map(|e| e.map(|e| (e, None)));
    }
    let Some(old) = find_field(p, target).map(|(f, _)| f.name.clone()) else {
        return Ok(None);
    };
    if old == text {
        return Ok(None);
    }
    let users = if catalog_only {
        0
    } else {
        steps_using(p, &old).len()
    };
    rename_catalog_field(p, target, text, !catalog_only)
        .map(|e| Some((e, Some(rename_catalog_label(&old, text, users)))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Document;

    #[test]
    fn a_step_fields_standing_is_its_differences_or_the_names_it_may_have_meant() {
        let mut p = Project::default_project();
        let (si, fi) = (0, 0);
        let name = p.steps[si].fields[fi].name.clone();
        let Standing::InCatalog { entry, differences } = standing(&p, &p.steps[si].fields[fi])
        else {
            panic!("{name} is in the catalog");
        };
        assert_eq!(entry.field.name, name);
        assert!(differences.is_empty(), "{differences:?}");
        p.steps[si].fields[fi].display = "Changed".into();
        let Standing::InCatalog { differences, .. } = standing(&p, &p.steps[si].fields[fi]) else {
            panic!("still in the catalog");
        };
        assert_eq!(differences.len(), 1);
        assert_eq!(differences[0].what, "label");
        // A typo of a catalog name: not in the catalog, the name offered.
        p.steps[si].fields[fi].name = format!("{name}x");
        let Standing::NotInCatalog { similar } = standing(&p, &p.steps[si].fields[fi]) else {
            panic!("not in the catalog");
        };
        assert_eq!(
            similar.first().map(|c| c.field.name.as_str()),
            Some(name.as_str())
        );
    }

    fn custom(p: &Project) -> (Id, String) {
        let c = p
            .catalog
            .iter()
            .find(|c| c.group == Group::Custom && !steps_using(p, &c.field.name).is_empty())
            .expect("the default project uses a custom field in a step");
        (c.field.id, c.field.name.clone())
    }

    #[test]
    fn a_catalog_rename_takes_every_step_along_in_one_undo_step() {
        let mut doc = Document::new(Project::default_project(), None);
        let (id, old) = custom(doc.project());
        let before = doc.project().clone();
        let users = steps_using(doc.project(), &old);
        let edit = rename_catalog_field(doc.project(), id, "cf_Renamed", true).unwrap();
        doc.apply_labelled(edit, rename_catalog_label(&old, "cf_Renamed", users.len()))
            .unwrap();
        let p = doc.project();
        assert!(p.catalog_field(&old).is_none());
        assert!(p.catalog_field("cf_Renamed").is_some());
        assert_eq!(steps_using(p, "cf_Renamed"), users);
        assert!(steps_using(p, &old).is_empty());
        assert_eq!(doc.history().undo_len(), 1);
        doc.undo();
        assert_eq!(*doc.project(), before);
        // Without the steps: only the catalog changes.
        let edit = rename_catalog_field(&before, id, "cf_Renamed", false).unwrap();
        let mut p = before.clone();
        crate::edit::apply(&mut p, edit).unwrap();
        assert_eq!(steps_using(&p, &old), users);
    }

    #[test]
    fn a_catalog_rename_is_refused_when_a_step_has_the_new_name() {
        let mut p = Project::default_project();
        let (id, old) = custom(&p);
        let si = p
            .steps
            .iter()
            .position(|s| s.field(&old).is_some())
            .unwrap();
        let mut extra = Field::new("cf_Taken", "Taken", crate::project::FieldType::String);
        extra.id = Id::fresh();
        p.steps[si].fields.push(extra);
        let err = rename_catalog_field(&p, id, "cf_Taken", true).unwrap_err();
        assert!(
            err.0.contains("already has a field named cf_Taken"),
            "{err}"
        );
        assert!(rename_catalog_field(&p, id, "cf_Taken", false).is_ok());
        assert!(rename_catalog_field(&p, id, "firstname", true).is_err());
        assert_eq!(
            rename_catalog_label("cf_A", "cf_B", 1),
            "Rename field cf_A to cf_B in the catalog and 1 step"
        );
    }

    #[test]
    fn a_step_copy_shows_what_it_changed_and_updates_from_the_catalog() {
        let mut p = Project::default_project();
        let f = p.steps[0].fields[0].clone();
        let c = catalog_of(&p, &f).unwrap().field.clone();
        let base = differences(&f, &c);
        // Edit the catalog label and a key; the step copy now differs.
        let ci = p.catalog_index(c.id).unwrap();
        p.catalog[ci].field.display = "Given name".into();
        p.catalog[ci]
            .field
            .extra
            .insert("placeholder".into(), Value::String("Ann".into()));
        let f = &p.steps[0].fields[0];
        let d = differences(f, &p.catalog[ci].field);
        assert_eq!(d.len(), base.len() + 2, "{d:?}");
        assert!(d.iter().any(|x| x.what == "label"
            && x.step == format!("\"{}\"", f.display)
            && x.catalog == "\"Given name\""));
        assert!(
            d.iter()
                .any(|x| x.what == "placeholder" && x.step == "(none)" && x.catalog == "\"Ann\"")
        );
        let id = f.id;
        let mut doc = Document::new(p.clone(), None);
        doc.apply(update_from_catalog(&p, id).unwrap()).unwrap();
        let f = &doc.project().steps[0].fields[0];
        assert_eq!(f.id, id);
        assert!(differences(f, &doc.project().catalog[ci].field).is_empty());
        assert!(update_from_catalog(doc.project(), id).is_none());
        doc.undo();
        assert_eq!(*doc.project(), p);
    }

    #[test]
    fn an_orphaned_step_field_can_join_the_catalog_or_be_repointed() {
        let mut p = Project::default_project();
        let f = &mut p.steps[0].fields[0];
        let proper = f.name.clone();
        f.name = "frstname".into();
        let id = f.id;
        let similar: Vec<&str> = similar_catalog_fields(&p, "frstname")
            .iter()
            .map(|c| c.field.name.as_str())
            .collect();
        assert_eq!(similar.first(), Some(&proper.as_str()), "{similar:?}");
        let mut q = p.clone();
        crate::edit::apply(&mut q, repoint(&p, id, &proper).unwrap()).unwrap();
        assert_eq!(q.steps[0].fields[0].name, proper);
        assert!(repoint(&p, id, "nothing_like_it").is_err());
        let mut q = p.clone();
        crate::edit::apply(&mut q, add_to_catalog(&p, id).unwrap()).unwrap();
        let added = q.catalog_field("frstname").unwrap();
        assert_eq!(added.group, Group::StandardBasic);
        assert_ne!(added.field.id, id);
        assert!(add_to_catalog(&q, id).is_err());
        // Case and a missing cf_ are found too.
        let names: Vec<&str> = similar_catalog_fields(&p, "FirstName")
            .iter()
            .map(|c| c.field.name.as_str())
            .collect();
        assert_eq!(names.first(), Some(&"firstname"));
        assert!(similar_catalog_fields(&p, "zzzzzzzz").is_empty());
    }

    #[test]
    fn deleting_a_catalog_field_everywhere_is_one_step() {
        let p = Project::default_project();
        let (id, name) = custom(&p);
        let (edit, label) = delete_everywhere(&p, id).unwrap();
        assert_eq!(label, format!("Delete field {name}"));
        let mut q = p.clone();
        crate::edit::apply(&mut q, edit).unwrap();
        assert!(q.catalog_field(&name).is_none());
        assert!(steps_using(&q, &name).is_empty());
        assert!(delete_everywhere(&p, p.steps[0].fields[0].id).is_none());
    }
}
