//! The Admin Console's registration field list: `{"data": [{"Display", "Enabled", "Name",
//! "Options", "Rules", "Type", "Permission", "Parent"}, ...]}` (`data` or `Data`), read into
//! platform field objects for the catalog (FORMATS.md "The platform's JSON").
//!
//! - The eight keys are matched ignoring letter case and become the field's own keys
//!   (`display`, `name`, `rules`, `options`, `type`, `permission`, `Parent`); `Enabled` and
//!   every other key are kept as they are, in order.
//! - Standard names are lower-cased (`FirstName` is `firstname`); names that start with `cf_`
//!   (any case) are kept as written.
//! - A `Type` that is a known type in another case (`String`, `CheckBox`) is read as that type
//!   (`checkbox` is `multi`); an unknown one is kept as written.
//! - `Options` entries may spell `Text`/`Value` in any case; other keys of an entry are kept.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::project::{Field, FieldOption, FieldType, Id, Options, Presence};

/// The `data` array of the console's field list.
pub(super) struct FieldListSeed;

impl<'de> DeserializeSeed<'de> for FieldListSeed {
    type Value = Vec<Field>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Field>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for FieldListSeed {
    type Value = Vec<Field>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the console's field list: an array of {\"Name\", \"Type\", \"Display\", ...}")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Field>, A::Error> {
        let mut out = Vec::new();
        while let Some(f) = seq.next_element_seed(ConsoleField { index: out.len() })? {
            out.push(f);
        }
        Ok(out)
    }
}

struct ConsoleField {
    index: usize,
}

impl<'de> DeserializeSeed<'de> for ConsoleField {
    type Value = Field;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Field, D::Error> {
        d.deserialize_map(self)
    }
}

fn text_or_null<E: de::Error>(key: &str, v: Value) -> Result<(String, Presence), E> {
    match v {
        Value::String(s) => Ok((s, Presence::Present)),
        Value::Null => Ok((String::new(), Presence::Null)),
        other => Err(E::custom(format_args!(
            "\"{key}\" must be a string or null, found {}",
            crate::project::de::kind_of(&other)
        ))),
    }
}

/// A field's `Type` as the console writes it.
fn field_type(t: &str) -> FieldType {
    let lower = t.to_lowercase();
    // The console's "CheckBox" is the platform's checkbox field, `multi`.
    if lower == "checkbox" {
        return FieldType::Multi;
    }
    match FieldType::parse(&lower) {
        FieldType::Other(_) => FieldType::Other(t.to_string()),
        known => known,
    }
}

/// The console's `Options`: `null`, `""` or a list of `{Text, Value}` in any case.
fn options<E: de::Error>(v: Value) -> Result<Options, E> {
    match v {
        Value::Null => Ok(Options::Null),
        Value::String(s) if s.is_empty() => Ok(Options::EmptyString),
        Value::Array(items) => items
            .into_iter()
            .map(|item| {
                let Value::Object(m) = item else {
                    return Err(E::custom("an option must be an object with Text and Value"));
                };
                let mut text = None;
                let mut value = None;
                let mut extra = Map::new();
                for (k, v) in m {
                    let slot = if k.eq_ignore_ascii_case("text") {
                        &mut text
                    } else if k.eq_ignore_ascii_case("value") {
                        &mut value
                    } else {
                        extra.insert(k, v);
                        continue;
                    };
                    if slot.is_none() {
                        *slot = Some(v);
                    } else {
                        extra.insert(k, v);
                    }
                }
                let scalar = |v: Option<Value>, key: &str| match v {
                    Some(Value::String(s)) => Ok((s, None)),
                    Some(v @ (Value::Number(_) | Value::Bool(_))) => {
                        Ok((crate::project::scalar_text(&v).unwrap_or_default(), Some(v)))
                    }
                    _ => Err(E::custom(format_args!("an option has no {key}"))),
                };
                Ok(FieldOption::read(
                    scalar(text, "Text")?,
                    scalar(value, "Value")?,
                    extra,
                ))
            })
            .collect::<Result<Vec<_>, E>>()
            .map(Options::List),
        other => Err(E::custom(format_args!(
            "\"Options\" must be a list, null or \"\", found {}",
            crate::project::de::kind_of(&other)
        ))),
    }
}

impl<'de> Visitor<'de> for ConsoleField {
    type Value = Field;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "field {} of the list to be an object", self.index)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Field, A::Error> {
        let mut name = None;
        let mut field_type_text = None;
        let mut display = (String::new(), Presence::Absent);
        let mut rules = (String::new(), Presence::Absent);
        let mut opts = Options::Absent;
        let mut extra = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let v: Value = map.next_value()?;
            match key.to_ascii_lowercase().as_str() {
                "name" if name.is_none() => match v {
                    Value::String(s) => name = Some(s),
                    other => {
                        return Err(de::Error::custom(format_args!(
                            "field {}: \"Name\" must be a string, found {}",
                            self.index,
                            crate::project::de::kind_of(&other)
                        )));
                    }
                },
                "type" if field_type_text.is_none() => match v {
                    Value::String(s) => field_type_text = Some(s),
                    other => {
                        return Err(de::Error::custom(format_args!(
                            "field {}: \"Type\" must be a string, found {}",
                            self.index,
                            crate::project::de::kind_of(&other)
                        )));
                    }
                },
                "display" if display.1 == Presence::Absent => {
                    display = text_or_null(&key, v)?;
                }
                "rules" if rules.1 == Presence::Absent => rules = text_or_null(&key, v)?,
                "options" if opts == Options::Absent => opts = options(v)?,
                "permission" => {
                    extra.entry("permission").or_insert(v);
                }
                "parent" => {
                    extra.entry("Parent").or_insert(v);
                }
                _ => {
                    extra.entry(key).or_insert(v);
                }
            }
        }
        let name = name.ok_or_else(|| {
            de::Error::custom(format_args!(
                "field {} of the list is missing the required key `Name`",
                self.index
            ))
        })?;
        let name = if name.to_lowercase().starts_with("cf_") {
            name
        } else {
            name.to_lowercase()
        };
        let field_type = field_type(&field_type_text.ok_or_else(|| {
            de::Error::custom(format_args!(
                "the field \"{name}\" of the list is missing the required key `Type`"
            ))
        })?);
        Ok(Field {
            id: Id::fresh(),
            field_type,
            name,
            display: display.0,
            display_presence: display.1,
            rules: rules.0,
            rules_presence: rules.1,
            options: opts,
            extra,
        })
    }
}
