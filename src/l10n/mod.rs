//! Translations as the consumer meets them: which texts a step needs, what a locale gives
//! for them, and the step as the browser shows it in that language. No GUI.
//!
//! The runtime behaviour is the platform's `setLocaleBasedInfo` hook (DOMAIN.md, "Messages in
//! the consumer's language"):
//! - `labels` replace a field's display everywhere, so also inside messages (`%s`, and a
//!   parameter that names another field of the form);
//! - `placeholders` replace a field's placeholder;
//! - `validationMessages` become the validator's templates through [`crate::rules::Messages`]
//!   (the one message builder: `rule#field` wins, a plain `custom_validation` is lost);
//! - `buttonsName.progressiveprofiling` is the step form's submit button.
//!
//! An empty text (`""`) counts as no translation: the platform ignores it (GLUE.md 9,
//! MARKUP.md), and the submit button reads [`SOURCE_BUTTON`], the platform's own default, when
//! not translated (its key `progressiveprofiling` in any letter case).
//!
//! - [`csv`]: the translators' file (`ppstudio translations export/import`);
//!
//! The problems list's translation checks are `crate::lint::translations`.

pub mod csv;

use std::collections::HashSet;

use serde_json::Value;

use crate::project::{Field, FieldType, Locale, Project, STEP_BUTTON, Step, TextKey, TextKind};
use crate::rules::eval::RuleKind;
use crate::rules::messages::platform_template;
use crate::rules::{Messages, RuleSet, classify};

/// The step form's submit button when no locale names it: the platform's default (GLUE.md 10,
/// MARKUP.md "The submit button").
pub const SOURCE_BUTTON: &str = "Progressive Profiling";

/// The validator's templates for a locale: its `validationMessages` applied to the
/// platform's, as the platform applies them.
pub fn messages(locale: &Locale) -> Messages {
    Messages::from_entries(
        locale
            .validation_messages
            .iter()
            .flatten()
            .map(|e| (e.rule.as_str(), e.message.as_str())),
    )
}

/// What the locale gives for `key` that the consumer sees: a non-empty text the platform
/// uses. `None` means the source text shows (a plain `custom_validation` message is lost).
pub fn translated<'a>(locale: &'a Locale, key: &TextKey) -> Option<&'a str> {
    if key.kind == TextKind::Message && key.key == "custom_validation" {
        return None;
    }
    locale.text(key).filter(|t| !t.is_empty())
}

/// The step as the consumer's browser shows it in `locale`: each field's label and
/// placeholder replaced where the locale translates them (identities kept, so the preview's
/// caches follow the same fields).
pub fn localized_step(step: &Step, locale: &Locale) -> Step {
    let mut s = step.clone();
    for f in &mut s.fields {
        if let Some(label) = translated(locale, &TextKey::new(TextKind::Label, &f.name)) {
            f.display = label.to_string();
        }
        if let Some(p) = translated(locale, &TextKey::new(TextKind::Placeholder, &f.name)) {
            f.extra
                .insert("placeholder".into(), Value::String(p.to_string()));
        }
    }
    s
}

/// The step form's submit button in `locale` (the source's without one). The platform reads
/// `buttonsName` with the key in any letter case (`progressiveProfiling` works); of several
/// spellings the last non-empty one counts.
pub fn button_text(locale: Option<&Locale>) -> &str {
    locale
        .and_then(|l| l.buttons_name.as_ref())
        .and_then(|m| {
            m.iter()
                .rev()
                .find(|(k, v)| k.eq_ignore_ascii_case(STEP_BUTTON) && !v.is_empty())
        })
        .map_or(SOURCE_BUTTON, |(_, v)| v.as_str())
}

/// What a page passes to the platform's `setLocaleBasedInfo` so that a step form reads exactly
/// as in one language, whatever languages the page showed before. The hook merges into what
/// earlier calls set and ignores empty texts (GLUE.md 9), so every text any locale sets must be
/// set again on each switch: to the new locale's text, else to the source's.
#[derive(Debug, Clone, PartialEq)]
pub struct SwitchTexts {
    /// Each locale as written, except `validationMessages`: one entry for every message key
    /// any locale sets, with the template the platform would use in this locale (its own
    /// entry, else its plain rule's, else the platform's), and `buttonsName`: the step button
    /// under every spelling any locale uses, with this locale's text or [`SOURCE_BUTTON`].
    pub locales: Vec<(String, Value)>,
    /// The same messages and button in the source language.
    pub source: Value,
    /// The field names some locale gives a non-empty label, in first-seen order. Their source
    /// text is the served field's `display`, known only on the page.
    pub labels: Vec<String>,
    /// The field names some locale gives a non-empty placeholder.
    pub placeholders: Vec<String>,
}

/// The [`SwitchTexts`] of a project's locales (the trigger snippet's tables).
pub fn switch_texts(project: &Project) -> SwitchTexts {
    use crate::rules::messages::{entry_ignored, entry_target};
    let list = &project.locales.list;
    let mut message_keys: Vec<&str> = Vec::new();
    let mut buttons: Vec<&str> = vec![STEP_BUTTON];
    let mut labels: Vec<String> = Vec::new();
    let mut placeholders: Vec<String> = Vec::new();
    let source = Messages::platform();
    for l in list {
        for e in l.validation_messages.iter().flatten() {
            let applied = entry_ignored(&e.rule, &e.message).is_none();
            let looked_up = entry_target(&e.rule)
                .is_some_and(|(rule, field)| source.template(rule, field).is_some());
            if applied && looked_up && !message_keys.contains(&e.rule.as_str()) {
                message_keys.push(&e.rule);
            }
        }
        for k in l.buttons_name.iter().flat_map(|m| m.keys()) {
            if k.eq_ignore_ascii_case(STEP_BUTTON) && !buttons.contains(&k.as_str()) {
                buttons.push(k);
            }
        }
        for (names, map) in [
            (&mut labels, &l.labels),
            (&mut placeholders, &l.placeholders),
        ] {
            for (k, v) in map.iter().flatten() {
                if !v.is_empty() && !names.contains(k) {
                    names.push(k.clone());
                }
            }
        }
    }
    let resolved = |templates: &Messages, button: &str| {
        let messages: Vec<Value> = message_keys
            .iter()
            .filter_map(|key| {
                let (rule, field) = entry_target(key)?;
                let message = templates.template(rule, field)?;
                Some(serde_json::json!({ "rule": key, "message": message }))
            })
            .collect();
        let names: serde_json::Map<String, Value> = buttons
            .iter()
            .map(|k| ((*k).to_string(), Value::String(button.to_string())))
            .collect();
        (Value::Array(messages), Value::Object(names))
    };
    let locales = list
        .iter()
        .map(|l| {
            let mut v = l.to_value();
            let (messages, names) = resolved(&messages(l), button_text(Some(l)));
            if let Value::Object(m) = &mut v {
                if message_keys.is_empty() {
                    m.shift_remove("validationMessages");
                } else {
                    m.insert("validationMessages".into(), messages);
                }
                // The locale's other buttons (other forms') as written, the step's resolved.
                let mut all = match m.get("buttonsName") {
                    Some(Value::Object(b)) => b.clone(),
                    _ => serde_json::Map::new(),
                };
                if let Value::Object(n) = names {
                    all.extend(n);
                }
                m.insert("buttonsName".into(), Value::Object(all));
            }
            (l.code.clone(), v)
        })
        .collect();
    let (messages, names) = resolved(&source, SOURCE_BUTTON);
    let mut src = serde_json::Map::new();
    if !message_keys.is_empty() {
        src.insert("validationMessages".into(), messages);
    }
    src.insert("buttonsName".into(), names);
    SwitchTexts {
        locales,
        source: Value::Object(src),
        labels,
        placeholders,
    }
}

/// One text a step needs, with its source-language text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextRow {
    pub key: TextKey,
    /// What the consumer reads without a translation (a template for a message).
    pub source: String,
}

/// The message keys a field's rules need, in order: each rule that can fail with the
/// platform's template (`required`, `min_length`...), and `custom_validation#name` for a
/// regex rule (the platform ignores a plain `custom_validation` entry). A rule whose
/// parameter carries its own `###message` needs none: that message wins.
pub fn message_keys(field: &Field) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for seg in RuleSet::parse(&field.rules).segments() {
        if seg.is_empty() || seg.custom_message().is_some_and(|m| !m.is_empty()) {
            continue;
        }
        match classify(&seg.name).0 {
            RuleKind::Unknown | RuleKind::Member(_) => continue,
            _ => {}
        }
        let rule = seg.reported_name();
        let key = if rule == "custom_validation" {
            format!("custom_validation#{}", field.name)
        } else {
            rule.to_string()
        };
        if !out.contains(&key) {
            out.push(key);
        }
    }
    out
}

/// The rule of a message key (`required#firstname` is `required`).
pub fn rule_of(key: &str) -> &str {
    key.split_once('#').map_or(key, |(r, _)| r)
}

/// The platform's template of a message key (the text shown without a translation).
pub fn source_message(key: &str) -> Option<&'static str> {
    match rule_of(key) {
        "callback_valid_date" => platform_template("valid_date"),
        rule => platform_template(rule),
    }
}

fn shows_label(f: &Field) -> bool {
    f.field_type != FieldType::Hidden
}

fn placeholder(f: &Field) -> Option<&str> {
    f.extra_str("placeholder").filter(|p| !p.is_empty())
}

/// Every text `step` shows, in order: its drawn fields' labels, their placeholders, the
/// messages their rules can give, and the submit button.
pub fn step_texts(step: &Step) -> Vec<TextRow> {
    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |rows: &mut Vec<TextRow>, key: TextKey, source: &str| {
        if seen.insert(key.clone()) {
            rows.push(TextRow {
                key,
                source: source.to_string(),
            });
        }
    };
    let shown: Vec<&Field> = step.fields.iter().filter(|f| shows_label(f)).collect();
    for f in &shown {
        push(&mut rows, TextKey::new(TextKind::Label, &f.name), f.label());
    }
    for f in &shown {
        if let Some(p) = placeholder(f) {
            push(&mut rows, TextKey::new(TextKind::Placeholder, &f.name), p);
        }
    }
    for f in &shown {
        for key in message_keys(f) {
            let source = source_message(&key).unwrap_or_default();
            push(&mut rows, TextKey::new(TextKind::Message, key), source);
        }
    }
    if !shown.is_empty() {
        push(
            &mut rows,
            TextKey::new(TextKind::Button, STEP_BUTTON),
            SOURCE_BUTTON,
        );
    }
    rows
}

/// The source text of a key that no step needs (a locale's own entry): the label or
/// placeholder of a field of that name in a step or the catalog, a message's template.
pub fn source_of(project: &Project, key: &TextKey) -> String {
    let field = || {
        project
            .steps
            .iter()
            .flat_map(|s| &s.fields)
            .chain(project.catalog.iter().map(|c| &c.field))
            .find(|f| f.name == key.key)
    };
    match key.kind {
        TextKind::Label => field().map(|f| f.label().to_string()),
        TextKind::Placeholder => field().and_then(|f| placeholder(f).map(str::to_string)),
        TextKind::Message => source_message(&key.key).map(str::to_string),
        TextKind::Button => (key.key == STEP_BUTTON).then(|| SOURCE_BUTTON.to_string()),
    }
    .unwrap_or_default()
}

/// Every text of the project: what each step needs (in step order, each key once), then
/// every other text a locale has (in locale order).
pub fn project_texts(project: &Project) -> Vec<TextRow> {
    let mut rows: Vec<TextRow> = Vec::new();
    let mut seen: HashSet<TextKey> = HashSet::new();
    for step in &project.steps {
        for row in step_texts(step) {
            if seen.insert(row.key.clone()) {
                rows.push(row);
            }
        }
    }
    for locale in &project.locales.list {
        for (key, _) in locale.texts() {
            if seen.insert(key.clone()) {
                let source = source_of(project, &key);
                rows.push(TextRow { key, source });
            }
        }
    }
    rows
}

/// The texts of one step and the `rule#field` messages the locales set for its fields: what
/// the Translations view shows for a selected step.
pub fn step_view_texts(project: &Project, step: &Step) -> Vec<TextRow> {
    let mut rows = step_texts(step);
    let names: HashSet<&str> = step.fields.iter().map(|f| f.name.as_str()).collect();
    let mut seen: HashSet<TextKey> = rows.iter().map(|r| r.key.clone()).collect();
    let button = rows.iter().position(|r| r.key.kind == TextKind::Button);
    let mut extra = Vec::new();
    for locale in &project.locales.list {
        for (key, _) in locale.texts() {
            let for_this_step = key.kind == TextKind::Message
                && key
                    .key
                    .split_once('#')
                    .is_some_and(|(_, f)| names.contains(f));
            if for_this_step && seen.insert(key.clone()) {
                let source = source_of(project, &key);
                extra.push(TextRow { key, source });
            }
        }
    }
    let at = button.unwrap_or(rows.len());
    rows.splice(at..at, extra);
    rows
}

#[cfg(test)]
mod tests;
