//! Edits of the translations (`locales`): add and remove a locale, set or clear one text,
//! replace them all (a CSV import). Each returns [`LocaleEdit::Replace`] with the translations
//! as they were, so that an undo gives back the very same document (section order, an empty
//! `locales` key, entries written twice) whatever the edit touched.

use super::{EditError, err};
use crate::project::{Locale, Locales, Project, TextKey};

/// A change of the project's translations.
#[derive(Debug, Clone, PartialEq)]
pub enum LocaleEdit {
    /// Inserts a locale at `index` (clamped); refused when the code is empty or taken.
    Add { index: usize, locale: Box<Locale> },
    /// Removes the locale of that code.
    Remove { code: String },
    /// Sets (`Some`) or clears (`None`) one text of a locale (see [`Locale::set_text`]).
    SetText {
        code: String,
        key: TextKey,
        text: Option<String>,
    },
    /// Replaces every translation (an import, and the inverse of the others).
    Replace(Box<Locales>),
}

/// Why a locale code cannot be added, or `None` when it can.
pub fn check_new_code(p: &Project, code: &str) -> Option<String> {
    if code.trim().is_empty() {
        return Some("A locale needs a code, such as fr or pt-BR.".into());
    }
    if code.trim() != code {
        return Some(format!(
            "\"{code}\" starts or ends with a space: the site would have to pass it exactly."
        ));
    }
    if p.locales.get(code).is_some() {
        return Some(format!("The project already has the locale {code}."));
    }
    None
}

/// Applies `edit` and returns its inverse; a refused edit changes nothing.
pub(super) fn apply(p: &mut Project, edit: LocaleEdit) -> Result<LocaleEdit, EditError> {
    let before = p.locales.clone();
    match edit {
        LocaleEdit::Add { index, locale } => {
            if let Some(why) = check_new_code(p, &locale.code) {
                return err(why);
            }
            let index = index.min(p.locales.list.len());
            p.locales.list.insert(index, *locale);
        }
        LocaleEdit::Remove { code } => {
            let Some(i) = p.locales.position(&code) else {
                return err(format!("The project has no locale {code}."));
            };
            p.locales.list.remove(i);
        }
        LocaleEdit::SetText { code, key, text } => {
            let Some(l) = p.locales.get_mut(&code) else {
                return err(format!("The project has no locale {code}."));
            };
            if text.is_none() && l.text(&key).is_none() {
                return err(format!("{code} has no {} to clear.", key.describe()));
            }
            l.set_text(&key, text);
        }
        LocaleEdit::Replace(locales) => p.locales = *locales,
    }
    Ok(LocaleEdit::Replace(Box::new(before)))
}

impl LocaleEdit {
    /// The edit in words, for the undo menu.
    pub fn label(&self) -> String {
        match self {
            LocaleEdit::Add { locale, .. } => format!("Add locale {}", locale.code),
            LocaleEdit::Remove { code } => format!("Remove locale {code}"),
            LocaleEdit::SetText {
                code,
                key,
                text: Some(_),
            } => format!("Translate {} ({code})", key.describe()),
            LocaleEdit::SetText {
                code,
                key,
                text: None,
            } => format!("Clear {} ({code})", key.describe()),
            LocaleEdit::Replace(_) => "Replace translations".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Document, Edit};
    use crate::project::TextKind;

    fn label(name: &str) -> TextKey {
        TextKey::new(TextKind::Label, name)
    }

    #[test]
    fn add_translate_clear_remove_and_undo_give_back_the_same_bytes() {
        let mut doc = Document::new(Project::default_project(), None);
        let original = doc.project().to_canonical();
        let edits = [
            LocaleEdit::Add {
                index: 9,
                locale: Box::new(Locale::new("fr")),
            },
            LocaleEdit::SetText {
                code: "fr".into(),
                key: label("firstname"),
                text: Some("Prénom".into()),
            },
            LocaleEdit::SetText {
                code: "fr".into(),
                key: TextKey::new(TextKind::Message, "required"),
                text: Some("Le champ %s est obligatoire.".into()),
            },
            LocaleEdit::SetText {
                code: "fr".into(),
                key: label("firstname"),
                text: None,
            },
            LocaleEdit::Remove { code: "fr".into() },
        ];
        let mut texts = vec![original.clone()];
        for e in edits {
            doc.apply(Edit::Locales(e)).unwrap();
            texts.push(doc.project().to_canonical());
        }
        assert!(texts[2].contains(
            "\"locales\": {\n    \"fr\": {\n      \"labels\": {\n        \"firstname\": \"Prénom\""
        ));
        assert_eq!(doc.history().undo_label(), Some("Remove locale fr"));
        for expected in texts.iter().rev().skip(1) {
            doc.undo();
            assert_eq!(&doc.project().to_canonical(), expected);
        }
        assert_eq!(doc.project().to_canonical(), original);
    }

    #[test]
    fn refused_edits_say_why_and_change_nothing() {
        let mut p = Project::default_project();
        apply(
            &mut p,
            LocaleEdit::Add {
                index: 0,
                locale: Box::new(Locale::new("fr")),
            },
        )
        .unwrap();
        let before = p.clone();
        for (e, says) in [
            (
                LocaleEdit::Add {
                    index: 0,
                    locale: Box::new(Locale::new("fr")),
                },
                "already has the locale fr",
            ),
            (
                LocaleEdit::Add {
                    index: 0,
                    locale: Box::new(Locale::new(" ")),
                },
                "needs a code",
            ),
            (LocaleEdit::Remove { code: "de".into() }, "no locale de"),
            (
                LocaleEdit::SetText {
                    code: "de".into(),
                    key: label("x"),
                    text: Some("y".into()),
                },
                "no locale de",
            ),
            (
                LocaleEdit::SetText {
                    code: "fr".into(),
                    key: label("x"),
                    text: None,
                },
                "no label x to clear",
            ),
        ] {
            let e = apply(&mut p, e).unwrap_err();
            assert!(e.0.contains(says), "{e}");
            assert_eq!(p, before);
        }
    }
}
