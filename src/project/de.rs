//! Reading the project file with serde visitors, so every error carries the line and column
//! of the value at fault and unknown keys are kept in order.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{
    CatalogEntry, FORMAT, Field, FieldOption, FieldType, Group, Id, LoadError, Options, Presence,
    Project, Scope, Settings, Step, Trigger, TriggerKind, VERSION,
};

/// Parses a whole project file.
pub fn project_from_str(text: &str) -> Result<Project, LoadError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let project = de.deserialize_map(ProjectVisitor)?;
    de.end()?;
    Ok(project)
}

/// Reads a string that may be `null` or absent, remembering which.
fn string_or_null<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(String, Presence), A::Error> {
    Ok(match map.next_value::<Option<String>>()? {
        Some(s) => (s, Presence::Present),
        None => (String::new(), Presence::Null),
    })
}

/// A map key, borrowed from the input when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

fn missing<E: de::Error>(what: &str, key: &str) -> E {
    E::custom(format_args!("{what} is missing the required key `{key}`"))
}

struct ProjectVisitor;

impl<'de> Visitor<'de> for ProjectVisitor {
    type Value = Project;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a ppstudio project (a JSON object with \"format\": \"ppstudio-project\")")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Project, A::Error> {
        let mut p = Project::default();
        let mut format = false;
        let mut version = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    let f: String = map.next_value()?;
                    if f != FORMAT {
                        return Err(de::Error::custom(format_args!(
                            "\"format\" is \"{f}\", expected \"{FORMAT}\""
                        )));
                    }
                    format = true;
                }
                "version" => {
                    let v: Value = map.next_value()?;
                    if v.as_u64() != Some(VERSION) {
                        return Err(de::Error::custom(format_args!(
                            "unknown format version {v}: this studio reads version {VERSION}; \
                             a newer studio may have written this file"
                        )));
                    }
                    version = true;
                }
                "name" => p.name = map.next_value()?,
                "settings" => p.settings = map.next_value()?,
                "locales" => p.locales = map.next_value()?,
                "catalog" => p.catalog = map.next_value()?,
                "registration" => p.registration = map.next_value()?,
                "steps" => p.steps = map.next_value()?,
                "platform" => p.platform = map.next_value()?,
                super::SAMPLE_PROFILE_KEY => {
                    p.sample_profile = map.next_value::<SampleProfile>()?.0;
                }
                super::JOURNEYS_KEY => p.journeys = Some(map.next_value()?),
                _ => {
                    let v: Value = map.next_value()?;
                    p.extra.insert(key, v);
                }
            }
        }
        if !format {
            return Err(de::Error::custom(
                "not a ppstudio project: the key \"format\": \"ppstudio-project\" is missing \
                 (to read the platform's JSON, use import)",
            ));
        }
        if !version {
            return Err(missing("the project", "version"));
        }
        Ok(p)
    }
}

impl<'de> Deserialize<'de> for Settings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Settings;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of settings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Settings, A::Error> {
                let mut s = Settings::default();
                while let Some(key) = map.next_key::<String>()? {
                    let v: Value = map.next_value()?;
                    s.read_key(key, v).map_err(de::Error::custom)?;
                }
                Ok(s)
            }
        }
        d.deserialize_map(V)
    }
}

/// A field object, with or without a palette `group`.
pub(crate) struct FieldSeed {
    pub catalog: bool,
}

impl<'de> DeserializeSeed<'de> for FieldSeed {
    type Value = (Option<Group>, Field);
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FieldSeed {
    type Value = (Option<Group>, Field);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field object ({\"type\": ..., \"name\": ..., ...})")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut group = None;
        let mut field_type = None;
        let mut name = None;
        let mut display = (String::new(), Presence::Absent);
        let mut rules = (String::new(), Presence::Absent);
        let mut options = Options::Absent;
        let mut extra = Map::new();
        while let Some(Key(key)) = map.next_key::<Key>()? {
            match key.as_ref() {
                "group" if self.catalog => {
                    let g: String = map.next_value()?;
                    group = Some(Group::parse(&g).ok_or_else(|| {
                        de::Error::custom(format_args!(
                            "unknown group \"{g}\": expected standard-basic, standard-advanced \
                             or custom"
                        ))
                    })?);
                }
                "type" => field_type = Some(FieldType::parse(&map.next_value::<String>()?)),
                "name" => name = Some(map.next_value::<String>()?),
                "display" => display = string_or_null(&mut map)?,
                "rules" => rules = string_or_null(&mut map)?,
                "options" => options = map.next_value_seed(OptionsSeed)?,
                _ => {
                    let v: Value = map.next_value()?;
                    extra.insert(key.into_owned(), v);
                }
            }
        }
        let name: String = name.ok_or_else(|| missing("a field", "name"))?;
        let field_type =
            field_type.ok_or_else(|| missing(&format!("the field \"{name}\""), "type"))?;
        let group = if self.catalog {
            Some(group.unwrap_or(Group::for_name(&name)))
        } else {
            None
        };
        Ok((
            group,
            Field {
                id: Id::fresh(),
                field_type,
                name,
                display: display.0,
                display_presence: display.1,
                rules: rules.0,
                rules_presence: rules.1,
                options,
                extra,
            },
        ))
    }
}

/// `options`: a list of choices, `null` or `""`, read without an intermediate tree.
struct OptionsSeed;

impl<'de> DeserializeSeed<'de> for OptionsSeed {
    type Value = Options;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Options, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for OptionsSeed {
    type Value = Options;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of {\"text\", \"value\"} objects, null or \"\"")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Options, E> {
        Ok(Options::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Options, E> {
        Ok(Options::Null)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Options, E> {
        if v.is_empty() {
            Ok(Options::EmptyString)
        } else {
            Err(E::invalid_value(de::Unexpected::Str(v), &self))
        }
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Options, A::Error> {
        let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(o) = seq.next_element::<FieldOption>()? {
            list.push(o);
        }
        Ok(Options::List(list))
    }
}

impl<'de> Deserialize<'de> for FieldOption {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FieldOption;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an option object with \"text\" and \"value\"")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FieldOption, A::Error> {
                let mut text = None;
                let mut value = None;
                let mut extra = Map::new();
                while let Some(Key(key)) = map.next_key::<Key>()? {
                    match key.as_ref() {
                        "text" => text = Some(map.next_value::<Scalar>()?),
                        "value" => value = Some(map.next_value::<Scalar>()?),
                        _ => {
                            let v: Value = map.next_value()?;
                            extra.insert(key.into_owned(), v);
                        }
                    }
                }
                let Scalar(text, text_json) = text.ok_or_else(|| missing("an option", "text"))?;
                let Scalar(value, value_json) =
                    value.ok_or_else(|| missing("an option", "value"))?;
                Ok(FieldOption::read(
                    (text, text_json),
                    (value, value_json),
                    extra,
                ))
            }
        }
        d.deserialize_map(V)
    }
}

/// A string, or a number or boolean kept as its text (seen in hand-written schemas) and as
/// the JSON it was.
struct Scalar(String, Option<Value>);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string(), None))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar(v, None))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string(), Some(Value::from(v))))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string(), Some(Value::from(v))))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(match serde_json::Number::from_f64(v) {
                    Some(n) => Scalar(n.to_string(), Some(Value::Number(n))),
                    None => Scalar(v.to_string(), None),
                })
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string(), Some(Value::Bool(v))))
            }
        }
        d.deserialize_any(V)
    }
}

/// "a number", "an array"... for messages.
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(FieldSeed { catalog: false }.deserialize(d)?.1)
    }
}

impl<'de> Deserialize<'de> for CatalogEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (group, field) = FieldSeed { catalog: true }.deserialize(d)?;
        Ok(CatalogEntry {
            group: group.unwrap_or(Group::StandardBasic),
            field,
        })
    }
}

impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut obj = Map::<String, Value>::deserialize(d)?;
        let mut take = |key: &str| match obj.shift_remove(key) {
            Some(Value::String(s)) => Ok((s, Presence::Present)),
            None => Ok((String::new(), Presence::Absent)),
            Some(Value::Null) => Ok((String::new(), Presence::Null)),
            Some(other) => Err(de::Error::custom(format_args!(
                "scope \"{key}\" must be a string, found {}",
                kind_of(&other)
            ))),
        };
        let (provider, provider_presence) = take("Provider")?;
        let (scopes, scopes_presence) = take("Scopes")?;
        Ok(Scope {
            provider,
            scopes,
            extra: obj,
            provider_presence,
            scopes_presence,
        })
    }
}

impl<'de> Deserialize<'de> for Trigger {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut obj = Map::<String, Value>::deserialize(d)?;
        let on = match obj.shift_remove("on") {
            Some(Value::String(s)) => s,
            Some(other) => {
                return Err(de::Error::custom(format_args!(
                    "trigger \"on\" must be a string, found {}",
                    kind_of(&other)
                )));
            }
            None => return Err(missing("the trigger", "on")),
        };
        let mut string_param = |key: &str| match obj.shift_remove(key) {
            Some(Value::String(s)) => Ok(s),
            Some(other) => Err(de::Error::custom(format_args!(
                "trigger \"{key}\" must be a string, found {}",
                kind_of(&other)
            ))),
            None => Err(missing(&format!("the {on} trigger"), key)),
        };
        let kind = match on.as_str() {
            "first_login" => TriggerKind::FirstLogin,
            "manual" => TriggerKind::Manual,
            "page_visit" => TriggerKind::PageVisit(string_param("path")?),
            "cta_click" => TriggerKind::CtaClick(string_param("target")?),
            "login_count" => match obj.shift_remove("count") {
                Some(Value::Number(n)) if n.as_i64().is_some() => {
                    TriggerKind::LoginCount(n.as_i64().unwrap_or_default())
                }
                Some(other) => {
                    return Err(de::Error::custom(format_args!(
                        "trigger \"count\" must be a whole number, found {other}"
                    )));
                }
                None => return Err(missing("the login_count trigger", "count")),
            },
            _ => TriggerKind::Unknown(on),
        };
        Ok(Trigger { kind, extra: obj })
    }
}

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Step;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a step object ({\"name\": ..., \"trigger\": ..., \"fields\": [...]})")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Step, A::Error> {
                let mut name = None;
                let mut step = Step::new("");
                step.scopes_present = false;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "name" => name = Some(map.next_value::<String>()?),
                        "trigger" => step.trigger = map.next_value()?,
                        "fields" => step.fields = map.next_value()?,
                        "scopes" => {
                            step.scopes = map.next_value()?;
                            step.scopes_present = true;
                        }
                        _ => {
                            let v: Value = map.next_value()?;
                            step.extra.insert(key, v);
                        }
                    }
                }
                step.name = name.ok_or_else(|| missing("a step", "name"))?;
                Ok(step)
            }
        }
        d.deserialize_map(V)
    }
}

/// The `sampleProfile` key: a consumer profile (an object); `null` is none.
struct SampleProfile(Option<Map<String, Value>>);

impl<'de> Deserialize<'de> for SampleProfile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(SampleProfile(None)),
            Value::Object(m) => Ok(SampleProfile(Some(m))),
            other => Err(de::Error::custom(format_args!(
                "\"{}\" must be a consumer profile, an object of attribute names to values \
                 ({{\"FirstName\": \"Ann\"}}), found {}",
                super::SAMPLE_PROFILE_KEY,
                kind_of(&other)
            ))),
        }
    }
}
