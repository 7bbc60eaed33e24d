//! The name rules (step names, field names, custom field keys) and the edits that rename.
//!
//! The studio edits a name as a draft: every keystroke is kept in the text box, these checks
//! say beside it what is wrong as the user types, and only the final name becomes an edit
//! (one undo step, labelled with the final name). So a name that is wrong on the way (the
//! "Pricing" of "Pricing 2" while a step "Pricing" exists) never loses a character.

use super::{Edit, EditError, FieldProp};
use crate::project::{Field, FieldType, Group, Id, Project, check_custom_name};

pub use crate::project::{CUSTOM_PREFIX, check_custom_key};

/// Why `name` cannot be the name of step `step` (`None`: a new step), or `Ok`.
pub fn check_step_name(p: &Project, step: Option<Id>, name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("A step needs a name.".into());
    }
    if name.trim() != name {
        return Err("A step name cannot start or end with a space.".into());
    }
    if p.steps.iter().any(|s| s.name == name && Some(s.id) != step) {
        return Err(format!("A step named \"{name}\" already exists."));
    }
    Ok(())
}

/// Why `name` cannot be the name of the field `field` (of a step or of the catalog), or `Ok`.
/// A custom catalog field's name is `cf_` and a key; names are unique in the catalog and
/// within a step.
pub fn check_field_name(p: &Project, field: Id, name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("A field needs a name.".into());
    }
    if let Some((si, _)) = p.field_position(field) {
        let step = &p.steps[si];
        if step.fields.iter().any(|f| f.name == name && f.id != field) {
            return Err(format!(
                "\"{}\" already has a field named {name}.",
                step.name
            ));
        }
        return Ok(());
    }
    let Some(ci) = p.catalog_index(field) else {
        return Err("That field no longer exists.".into());
    };
    if p.catalog[ci].group == Group::Custom {
        check_custom_name(name)?;
    }
    if p.catalog
        .iter()
        .any(|c| c.field.name == name && c.field.id != field)
    {
        return Err(format!("The catalog already has a field named {name}."));
    }
    Ok(())
}

/// The custom field key a label suggests: its words, each capitalised, run together, with
/// only ASCII letters and digits kept ("Favorite team" gives `FavoriteTeam`, "T-shirt size
/// (EU)" gives `TShirtSizeEU`). `Field` when nothing is left.
pub fn key_from_label(label: &str) -> String {
    let mut key = String::new();
    for word in label.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            key.push(first.to_ascii_uppercase());
            key.extend(chars);
        }
    }
    if key.is_empty() {
        key.push_str("Field");
    }
    key
}

/// A key from `label` that no catalog field uses yet: `FavoriteTeam`, else `FavoriteTeam2`...
pub fn unique_custom_key(p: &Project, label: &str) -> String {
    let base = key_from_label(label);
    let taken = |k: &str| p.catalog_field(&format!("{CUSTOM_PREFIX}{k}")).is_some();
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|i| format!("{base}{i}"))
        .find(|k| !taken(k))
        .unwrap_or(base)
}

/// The name a new custom field with key `key` would have, or why it cannot: a bad key, or a
/// catalog field with that name already.
pub fn check_new_custom_key(p: &Project, key: &str) -> Result<String, String> {
    check_custom_key(key)?;
    let name = format!("{CUSTOM_PREFIX}{key}");
    if p.catalog_field(&name).is_some() {
        return Err(format!("The catalog already has a field named {name}."));
    }
    Ok(name)
}

/// A new custom catalog field from the New custom field dialog's inputs, or why not.
/// An empty label takes the key.
pub fn new_custom_field(
    p: &Project,
    key: &str,
    label: &str,
    kind: &FieldType,
) -> Result<Edit, String> {
    let name = check_new_custom_key(p, key)?;
    let label = if label.trim().is_empty() {
        key
    } else {
        label.trim()
    };
    Ok(Edit::AddCatalog {
        index: usize::MAX,
        entry: Box::new(crate::project::CatalogEntry {
            group: Group::Custom,
            field: Field::new(name, label, kind.clone()),
        }),
    })
}

/// Renames a step, checked by [`check_step_name`]. `None` when the name is unchanged.
pub fn rename_step(p: &Project, step: Id, name: &str) -> Result<Option<Edit>, EditError> {
    let current = p
        .step(step)
        .ok_or_else(|| EditError("That step no longer exists.".into()))?;
    if current.name == name {
        return Ok(None);
    }
    check_step_name(p, Some(step), name).map_err(EditError)?;
    Ok(Some(Edit::RenameStep {
        step,
        name: name.to_string(),
    }))
}

/// Renames a field (of a step, or of the catalog without touching the steps), checked by
/// [`check_field_name`]. `None` when the name is unchanged.
pub fn rename_field(p: &Project, field: Id, name: &str) -> Result<Option<Edit>, EditError> {
    let Some((f, _)) = super::find_field(p, field) else {
        return Err(EditError("That field no longer exists.".into()));
    };
    if f.name == name {
        return Ok(None);
    }
    check_field_name(p, field, name).map_err(EditError)?;
    Ok(Some(Edit::SetField {
        field,
        prop: FieldProp::Name(name.to_string()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Document, apply};
    use crate::project::Step;

    fn project() -> Project {
        let mut p = Project::default_project();
        p.steps.push(Step::new("Pricing"));
        p
    }

    #[test]
    fn a_step_name_is_checked_as_typed_without_refusing_the_way_there() {
        let p = project();
        let upgrade = p.steps[3].id;
        // Every prefix of "Pricing 2" is a draft; only "Pricing" itself clashes, and
        // "Pricing " is flagged for its space: nothing is refused at the keyboard.
        let verdicts: Vec<bool> = (1..="Pricing 2".len())
            .map(|n| check_step_name(&p, Some(upgrade), &"Pricing 2"[..n]).is_ok())
            .collect();
        assert_eq!(
            verdicts,
            [true, true, true, true, true, true, false, false, true]
        );
        assert_eq!(
            check_step_name(&p, Some(upgrade), "Pricing"),
            Err("A step named \"Pricing\" already exists.".into())
        );
        assert!(check_step_name(&p, Some(upgrade), "  ").is_err());
        // Its own name is no clash.
        let name = p.steps[3].name.clone();
        assert!(check_step_name(&p, Some(upgrade), &name).is_ok());
    }

    #[test]
    fn renaming_a_step_is_one_undo_step_labelled_with_the_final_name() {
        let mut doc = Document::new(project(), None);
        let id = doc.project().steps[3].id;
        let old = doc.project().steps[3].name.clone();
        let edit = rename_step(doc.project(), id, "Pricing 2")
            .unwrap()
            .unwrap();
        doc.apply(edit).unwrap();
        assert_eq!(
            doc.history().undo_label(),
            Some(format!("Rename step {old} to Pricing 2").as_str())
        );
        assert!(
            rename_step(doc.project(), id, "Pricing 2")
                .unwrap()
                .is_none()
        );
        assert!(rename_step(doc.project(), id, "Pricing").is_err());
        doc.undo();
        assert_eq!(doc.project().steps[3].name, old);
    }

    #[test]
    fn custom_keys_come_from_labels_and_are_checked() {
        assert_eq!(key_from_label("Favorite team"), "FavoriteTeam");
        assert_eq!(key_from_label("T-shirt size (EU)"), "TShirtSizeEU");
        assert_eq!(key_from_label("  company_size 2 "), "CompanySize2");
        assert_eq!(key_from_label("Größe"), "GrE");
        assert_eq!(key_from_label("!!"), "Field");
        assert!(check_custom_key("FavoriteTeam").is_ok());
        assert_eq!(
            check_custom_key("Favorite team"),
            Err("A key has only letters, digits and underscores, not a space.".into())
        );
        assert!(check_custom_key("").is_err());
        let mut p = project();
        assert_eq!(unique_custom_key(&p, "Favorite team"), "FavoriteTeam");
        let add =
            new_custom_field(&p, "FavoriteTeam", "Favorite team", &FieldType::String).unwrap();
        apply(&mut p, add).unwrap();
        assert_eq!(
            p.catalog_field("cf_FavoriteTeam").unwrap().field.display,
            "Favorite team"
        );
        assert_eq!(unique_custom_key(&p, "Favorite team"), "FavoriteTeam2");
        assert!(
            new_custom_field(&p, "FavoriteTeam", "", &FieldType::String)
                .unwrap_err()
                .contains("already has")
        );
    }

    #[test]
    fn field_names_are_checked_in_their_step_or_in_the_catalog() {
        let p = project();
        let custom = p.catalog.iter().find(|c| c.group == Group::Custom).unwrap();
        let other = p
            .catalog
            .iter()
            .rfind(|c| c.group == Group::Custom)
            .unwrap();
        assert_ne!(custom.field.id, other.field.id);
        let id = custom.field.id;
        // Deleting letters of the key one by one: each draft is a valid name or says why.
        assert!(check_field_name(&p, id, "cf_Co").is_ok());
        assert!(check_field_name(&p, id, "cf_").is_err());
        assert!(check_field_name(&p, id, "cf").is_err());
        assert_eq!(
            check_field_name(&p, id, &other.field.name),
            Err(format!(
                "The catalog already has a field named {}.",
                other.field.name
            ))
        );
        let first = &p.steps[0];
        assert!(
            check_field_name(&p, first.fields[0].id, &first.fields[1].name)
                .unwrap_err()
                .contains("already has a field named")
        );
        assert!(check_field_name(&p, first.fields[0].id, "anything").is_ok());
        assert!(rename_field(&p, id, &custom.field.name).unwrap().is_none());
    }
}
