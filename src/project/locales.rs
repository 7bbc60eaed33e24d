//! Translations: the project's `locales`, one per locale code, each in the shape of the
//! platform's `setLocaleBasedInfo` hook (`labels`, `placeholders`, `validationMessages`,
//! `buttonsName`; unknown keys such as `errorMessages` kept in order).
//!
//! A section the file did not have stays absent (`None`), so a canonical file loads and saves
//! to the same bytes. The platform's behaviour (which entry wins, what is ignored) is not
//! decided here: see `crate::l10n`.

use std::fmt;

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value};

use super::de::kind_of;

/// Texts by key (a field name, a button name), in file order.
pub type TextMap = IndexMap<String, String>;

/// The section names of a locale, in canonical order.
pub const SECTIONS: [&str; 4] = [
    "labels",
    "placeholders",
    "validationMessages",
    "buttonsName",
];

/// The key of the step form's submit button in `buttonsName`.
pub const STEP_BUTTON: &str = "progressiveprofiling";

/// Every locale of a project, in file order.
#[derive(Debug, Clone, Default)]
pub struct Locales {
    pub list: Vec<Locale>,
    /// Whether the file had a `locales` key: it is written back even when empty.
    pub present: bool,
}

/// Equal when they write the same `locales`.
impl PartialEq for Locales {
    fn eq(&self, o: &Self) -> bool {
        self.list == o.list && self.written() == o.written()
    }
}

impl Locales {
    /// The locale of that code.
    pub fn get(&self, code: &str) -> Option<&Locale> {
        self.list.iter().find(|l| l.code == code)
    }

    /// The locale of that code, to change it.
    pub fn get_mut(&mut self, code: &str) -> Option<&mut Locale> {
        self.list.iter_mut().find(|l| l.code == code)
    }

    /// Where the locale of that code is in the list.
    pub fn position(&self, code: &str) -> Option<usize> {
        self.list.iter().position(|l| l.code == code)
    }

    /// Whether there is no locale.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The codes, in order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|l| l.code.as_str())
    }

    /// Whether the project file writes a `locales` key.
    pub fn written(&self) -> bool {
        self.present || !self.list.is_empty()
    }
}

/// One locale: the texts a site passes to `setLocaleBasedInfo` for that language.
#[derive(Debug, Clone, PartialEq)]
pub struct Locale {
    /// The locale code (`fr`, `pt-BR`): the key in `locales`.
    pub code: String,
    /// `labels`: field name to label (replaces the field's display everywhere).
    pub labels: Option<TextMap>,
    /// `placeholders`: field name to placeholder.
    pub placeholders: Option<TextMap>,
    /// `validationMessages`: `{rule, message}` entries in order (a later one for the same rule
    /// wins).
    pub validation_messages: Option<Vec<MessageEntry>>,
    /// `buttonsName`: button to text (`progressiveprofiling` is the step form's).
    pub buttons_name: Option<TextMap>,
    /// Every other key (`errorMessages`...), in order.
    pub extra: Map<String, Value>,
}

/// One entry of `validationMessages`.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageEntry {
    /// `required`, `min_length`, `required#firstname`...
    pub rule: String,
    /// The template: `%s` is the label, a second `%s` the parameter.
    pub message: String,
    pub extra: Map<String, Value>,
}

impl MessageEntry {
    /// An entry with no other keys.
    pub fn new(rule: impl Into<String>, message: impl Into<String>) -> MessageEntry {
        MessageEntry {
            rule: rule.into(),
            message: message.into(),
            extra: Map::new(),
        }
    }
}

/// What a text is: the four kinds of the hook that the studio translates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TextKind {
    /// A field's label, by field name.
    Label,
    /// A field's placeholder, by field name.
    Placeholder,
    /// A validation message template, by rule (`required`, `required#firstname`).
    Message,
    /// A button's text, by button (`progressiveprofiling`).
    Button,
}

impl TextKind {
    /// Every kind, in table order.
    pub const ALL: [TextKind; 4] = [
        TextKind::Label,
        TextKind::Placeholder,
        TextKind::Message,
        TextKind::Button,
    ];

    /// The word used in CSV files (`kind` column).
    pub fn as_str(self) -> &'static str {
        match self {
            TextKind::Label => "label",
            TextKind::Placeholder => "placeholder",
            TextKind::Message => "message",
            TextKind::Button => "button",
        }
    }

    /// Reads the CSV word.
    pub fn parse(s: &str) -> Option<TextKind> {
        TextKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The locale's section holding this kind.
    pub fn section(self) -> &'static str {
        match self {
            TextKind::Label => "labels",
            TextKind::Placeholder => "placeholders",
            TextKind::Message => "validationMessages",
            TextKind::Button => "buttonsName",
        }
    }
}

/// One text of a locale: its kind and key (a field name, a rule, a button).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TextKey {
    pub kind: TextKind,
    pub key: String,
}

impl TextKey {
    /// A key of that kind.
    pub fn new(kind: TextKind, key: impl Into<String>) -> TextKey {
        TextKey {
            kind,
            key: key.into(),
        }
    }

    /// `label firstname`, `message required#firstname`.
    pub fn describe(&self) -> String {
        format!("{} {}", self.kind.as_str(), self.key)
    }
}

impl Locale {
    /// A locale with no section.
    pub fn new(code: impl Into<String>) -> Locale {
        Locale {
            code: code.into(),
            labels: None,
            placeholders: None,
            validation_messages: None,
            buttons_name: None,
            extra: Map::new(),
        }
    }

    fn map(&self, kind: TextKind) -> Option<&TextMap> {
        match kind {
            TextKind::Label => self.labels.as_ref(),
            TextKind::Placeholder => self.placeholders.as_ref(),
            TextKind::Button => self.buttons_name.as_ref(),
            TextKind::Message => None,
        }
    }

    fn map_mut(&mut self, kind: TextKind) -> Option<&mut Option<TextMap>> {
        match kind {
            TextKind::Label => Some(&mut self.labels),
            TextKind::Placeholder => Some(&mut self.placeholders),
            TextKind::Button => Some(&mut self.buttons_name),
            TextKind::Message => None,
        }
    }

    /// The text of `key` as written (possibly empty); for a message, the last entry with that
    /// rule (the one the platform keeps).
    pub fn text(&self, key: &TextKey) -> Option<&str> {
        match key.kind {
            TextKind::Message => self
                .validation_messages
                .as_ref()?
                .iter()
                .rev()
                .find(|e| e.rule == key.key)
                .map(|e| e.message.as_str()),
            kind => self.map(kind)?.get(&key.key).map(String::as_str),
        }
    }

    /// Sets (`Some`) or clears (`None`) one text. Setting a message changes the last entry
    /// with that rule (the one the platform keeps), else appends one; clearing removes every
    /// entry with that rule, so that no earlier one takes over. A section that a clear leaves
    /// empty is removed.
    pub fn set_text(&mut self, key: &TextKey, text: Option<String>) {
        if key.kind == TextKind::Message {
            let list = &mut self.validation_messages;
            match text {
                Some(text) => {
                    let entries = list.get_or_insert_with(Vec::new);
                    match entries.iter_mut().rev().find(|e| e.rule == key.key) {
                        Some(e) => e.message = text,
                        None => entries.push(MessageEntry::new(key.key.clone(), text)),
                    }
                }
                None => {
                    if let Some(entries) = list {
                        entries.retain(|e| e.rule != key.key);
                        if entries.is_empty() {
                            *list = None;
                        }
                    }
                }
            }
            return;
        }
        let Some(map) = self.map_mut(key.kind) else {
            return;
        };
        match text {
            Some(text) => {
                map.get_or_insert_with(TextMap::new)
                    .insert(key.key.clone(), text);
            }
            None => {
                if let Some(m) = map {
                    m.shift_remove(&key.key);
                    if m.is_empty() {
                        *map = None;
                    }
                }
            }
        }
    }

    /// Every text of the locale in order (labels, placeholders, messages, buttons); a message
    /// rule written several times appears once, with the text of its last entry.
    pub fn texts(&self) -> Vec<(TextKey, &str)> {
        let mut out = Vec::new();
        for kind in [TextKind::Label, TextKind::Placeholder] {
            if let Some(m) = self.map(kind) {
                out.extend(m.iter().map(|(k, v)| (TextKey::new(kind, k), v.as_str())));
            }
        }
        if let Some(entries) = &self.validation_messages {
            let mut seen = std::collections::HashSet::new();
            for e in entries {
                if seen.insert(e.rule.as_str()) {
                    let key = TextKey::new(TextKind::Message, &e.rule);
                    let text = self.text(&key).unwrap_or_default();
                    out.push((key, text));
                }
            }
        }
        if let Some(m) = &self.buttons_name {
            out.extend(
                m.iter()
                    .map(|(k, v)| (TextKey::new(TextKind::Button, k), v.as_str())),
            );
        }
        out
    }

    /// The locale as the hook takes it (and as the project file writes it).
    pub fn to_value(&self) -> Value {
        serde_json::to_value(LocaleSer(self)).unwrap_or_default()
    }
}

// ----- writing -----

/// Writes `locales` in canonical form: codes in order; in each, the sections in
/// [`SECTIONS`] order when present, then the unknown keys.
pub(super) struct LocalesSer<'a>(pub &'a Locales);

impl Serialize for LocalesSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.list.len()))?;
        for l in &self.0.list {
            m.serialize_entry(&l.code, &LocaleSer(l))?;
        }
        m.end()
    }
}

struct LocaleSer<'a>(&'a Locale);

impl Serialize for LocaleSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let l = self.0;
        let mut m = s.serialize_map(None)?;
        if let Some(v) = &l.labels {
            m.serialize_entry("labels", v)?;
        }
        if let Some(v) = &l.placeholders {
            m.serialize_entry("placeholders", v)?;
        }
        if let Some(v) = &l.validation_messages {
            m.serialize_entry("validationMessages", &EntriesSer(v))?;
        }
        if let Some(v) = &l.buttons_name {
            m.serialize_entry("buttonsName", v)?;
        }
        for (k, v) in &l.extra {
            if !SECTIONS.contains(&k.as_str()) {
                m.serialize_entry(k, v)?;
            }
        }
        m.end()
    }
}

struct EntriesSer<'a>(&'a [MessageEntry]);

impl Serialize for EntriesSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for e in self.0 {
            seq.serialize_element(&EntrySer(e))?;
        }
        seq.end()
    }
}

struct EntrySer<'a>(&'a MessageEntry);

impl Serialize for EntrySer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("rule", &e.rule)?;
        m.serialize_entry("message", &e.message)?;
        for (k, v) in &e.extra {
            if k != "rule" && k != "message" {
                m.serialize_entry(k, v)?;
            }
        }
        m.end()
    }
}

// ----- reading -----

impl<'de> Deserialize<'de> for Locales {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Locales;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "an object of translations by locale code ({\"fr\": {\"labels\": {...}}})",
                )
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Locales, A::Error> {
                let mut locales = Locales {
                    list: Vec::new(),
                    present: true,
                };
                while let Some(code) = map.next_key::<String>()? {
                    let locale = map.next_value_seed(LocaleSeed(code))?;
                    // A code written twice: the later one wins, as in a JSON object.
                    match locales.position(&locale.code) {
                        Some(i) => locales.list[i] = locale,
                        None => locales.list.push(locale),
                    }
                }
                Ok(locales)
            }
        }
        d.deserialize_map(V)
    }
}

struct LocaleSeed(String);

impl<'de> DeserializeSeed<'de> for LocaleSeed {
    type Value = Locale;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Locale, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LocaleSeed {
    type Value = Locale;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "the translation \"{}\" as an object ({{\"labels\", \"placeholders\", \
             \"validationMessages\", \"buttonsName\"}})",
            self.0
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Locale, A::Error> {
        let mut l = Locale::new(self.0);
        while let Some(key) = map.next_key::<String>()? {
            let code = l.code.as_str();
            match key.as_str() {
                "labels" => l.labels = Some(map.next_value_seed(TextMapSeed(code, "labels"))?),
                "placeholders" => {
                    l.placeholders = Some(map.next_value_seed(TextMapSeed(code, "placeholders"))?);
                }
                "buttonsName" => {
                    l.buttons_name = Some(map.next_value_seed(TextMapSeed(code, "buttonsName"))?);
                }
                "validationMessages" => {
                    l.validation_messages = Some(map.next_value_seed(EntriesSeed(code))?);
                }
                _ => {
                    let v: Value = map.next_value()?;
                    l.extra.insert(key, v);
                }
            }
        }
        Ok(l)
    }
}

/// `labels`, `placeholders` or `buttonsName`: an object of strings.
struct TextMapSeed<'a>(&'a str, &'static str);

impl<'de> DeserializeSeed<'de> for TextMapSeed<'_> {
    type Value = TextMap;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<TextMap, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TextMapSeed<'_> {
    type Value = TextMap;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "\"{}\" of the translation \"{}\" as an object of texts ({{\"firstname\": \"...\"}})",
            self.1, self.0
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TextMap, A::Error> {
        let mut m = TextMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let text = map.next_value_seed(TextSeed {
                key: &key,
                section: self.1,
                code: self.0,
            })?;
            m.insert(key, text);
        }
        Ok(m)
    }
}

/// One text: a string, else an error placed at the value.
struct TextSeed<'a> {
    key: &'a str,
    section: &'a str,
    code: &'a str,
}

impl<'de> DeserializeSeed<'de> for TextSeed<'_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl Visitor<'_> for TextSeed<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "\"{}\" in \"{}\" of the translation \"{}\" as a text (a string)",
            self.key, self.section, self.code
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
}

/// `validationMessages`: a list of `{rule, message}` objects.
struct EntriesSeed<'a>(&'a str);

impl<'de> DeserializeSeed<'de> for EntriesSeed<'_> {
    type Value = Vec<MessageEntry>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<MessageEntry>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EntriesSeed<'_> {
    type Value = Vec<MessageEntry>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "\"validationMessages\" of the translation \"{}\" as a list of {{\"rule\", \
             \"message\"}} objects",
            self.0
        )
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<MessageEntry>, A::Error> {
        let mut out = Vec::new();
        while let Some(obj) = seq.next_element::<Map<String, Value>>()? {
            let mut extra = obj;
            let mut take = |key: &str| match extra.shift_remove(key) {
                Some(Value::String(s)) => Ok(s),
                Some(other) => Err(de::Error::custom(format_args!(
                    "\"{key}\" of a validationMessages entry of the translation \"{}\" must be \
                     a text (a string), not {}",
                    self.0,
                    kind_of(&other)
                ))),
                None => Err(de::Error::custom(format_args!(
                    "a validationMessages entry of the translation \"{}\" has no \"{key}\": \
                     each entry is {{\"rule\": \"required\", \"message\": \"...\"}}",
                    self.0
                ))),
            };
            let rule = take("rule")?;
            let message = take("message")?;
            out.push(MessageEntry {
                rule,
                message,
                extra,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr() -> Locale {
        let mut l = Locale::new("fr");
        l.set_text(
            &TextKey::new(TextKind::Label, "firstname"),
            Some("Prénom".into()),
        );
        l.set_text(
            &TextKey::new(TextKind::Message, "required"),
            Some("Le champ %s est obligatoire.".into()),
        );
        l
    }

    #[test]
    fn texts_are_set_read_and_cleared() {
        let mut l = fr();
        let label = TextKey::new(TextKind::Label, "firstname");
        assert_eq!(l.text(&label), Some("Prénom"));
        l.set_text(&label, Some("Prénom usuel".into()));
        assert_eq!(l.text(&label), Some("Prénom usuel"));
        l.set_text(&label, None);
        assert_eq!(l.text(&label), None);
        assert!(l.labels.is_none(), "a section a clear empties is removed");
        let button = TextKey::new(TextKind::Button, STEP_BUTTON);
        l.set_text(&button, Some("Envoyer".into()));
        assert_eq!(l.buttons_name.as_ref().map(TextMap::len), Some(1));
        assert_eq!(l.text(&button), Some("Envoyer"));
    }

    #[test]
    fn a_message_rule_written_twice_reads_and_sets_its_last_entry() {
        let mut l = Locale::new("de");
        l.validation_messages = Some(vec![
            MessageEntry::new("required", "A"),
            MessageEntry::new("alpha", "B"),
            MessageEntry::new("required", "C"),
        ]);
        let key = TextKey::new(TextKind::Message, "required");
        assert_eq!(l.text(&key), Some("C"));
        l.set_text(&key, Some("D".into()));
        let messages: Vec<_> = l
            .validation_messages
            .iter()
            .flatten()
            .map(|e| e.message.as_str())
            .collect();
        assert_eq!(messages, ["A", "B", "D"]);
        assert_eq!(
            l.texts()
                .iter()
                .map(|(k, t)| (k.key.as_str(), *t))
                .collect::<Vec<_>>(),
            [("required", "D"), ("alpha", "B")]
        );
        l.set_text(&key, None);
        let rules: Vec<_> = l
            .validation_messages
            .iter()
            .flatten()
            .map(|e| e.rule.as_str())
            .collect();
        assert_eq!(rules, ["alpha"], "clearing removes every entry of the rule");
    }

    #[test]
    fn canonical_order_and_unknown_keys() {
        let text = r#"{"errorMessages": [{"code": 1, "message": "x"}], "buttonsName": {"progressiveprofiling": "Envoyer"}, "labels": {"b": "B", "a": "A"}, "validationMessages": [{"message": "m", "rule": "required", "note": 1}]}"#;
        let mut de = serde_json::Deserializer::from_str(text);
        let l = LocaleSeed("fr".into()).deserialize(&mut de).unwrap();
        let v = serde_json::to_string(&LocaleSer(&l)).unwrap();
        assert_eq!(
            v,
            r#"{"labels":{"b":"B","a":"A"},"validationMessages":[{"rule":"required","message":"m","note":1}],"buttonsName":{"progressiveprofiling":"Envoyer"},"errorMessages":[{"code":1,"message":"x"}]}"#
        );
    }

    #[test]
    fn wrong_shapes_are_refused_with_their_place() {
        for (text, says) in [
            (
                r#"{"fr": {"labels": {"a": 3}}}"#,
                "expected \"a\" in \"labels\" of the translation \"fr\" as a text",
            ),
            (
                r#"{"fr": {"validationMessages": [{"rule": "required"}]}}"#,
                "has no \"message\"",
            ),
            (
                r#"{"fr": {"validationMessages": {"rule": "x"}}}"#,
                "as a list of",
            ),
            (r#"{"fr": []}"#, "the translation \"fr\" as an object"),
            (r#"[]"#, "translations by locale code"),
        ] {
            let e = serde_json::from_str::<Locales>(text)
                .unwrap_err()
                .to_string();
            assert!(e.contains(says), "{text}: {e}");
            assert!(e.contains("line 1 column"), "{e}");
        }
    }
}
