//! Reading journeys with serde visitors, so every error carries the line and column of the
//! value at fault (as the project file does).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::{Event, Journey, JourneySettings};
use crate::edit::Edit;
use crate::project::{LoadError, Project};

/// The project key holding named sample journeys.
pub const JOURNEYS_KEY: &str = "journeys";

/// Parses a whole journey file.
pub(super) fn journey_from_str(text: &str) -> Result<Journey, LoadError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let journey = de.deserialize_map(JourneyVisitor)?;
    de.end()?;
    Ok(journey)
}

/// Reads a journey already parsed as JSON (a project's kept journey): the error says what is
/// wrong, without a place (the value has none).
pub(super) fn journey_from_value(value: &Value) -> Result<Journey, String> {
    value
        .deserialize_map(JourneyVisitor)
        .map_err(|e| LoadError::from(e).message)
}

/// Reads the journey `name` of the project file `bytes` (its `journeys` object), with errors
/// placed in the project file.
pub fn named_in_project(bytes: &[u8], name: &str) -> Result<Journey, LoadError> {
    let text = crate::project::check_text(bytes)?;
    let mut de = serde_json::Deserializer::from_str(text);
    let journey = de.deserialize_map(ProjectJourneys { name })?;
    de.end()?;
    Ok(journey)
}

/// The edit that keeps `journey` (a journey file's JSON) in the project's `journeys` object
/// under `name`, replacing one of that name and keeping the others in place. `Err` when the
/// project's `journeys` key holds something other than an object (it is left alone).
pub fn keep_journey(project: &Project, name: &str, journey: Value) -> Result<Edit, String> {
    let mut journeys = match project.extra.get(JOURNEYS_KEY) {
        None => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => {
            return Err(format!(
                "the project's \"{JOURNEYS_KEY}\" key is not an object; fix it in the file \
                 before keeping journeys in it"
            ));
        }
    };
    journeys.insert(name.to_string(), journey);
    Ok(Edit::SetProjectExtra {
        key: JOURNEYS_KEY.to_string(),
        value: Some(Value::Object(journeys)),
    })
}

/// The names of a project's sample journeys (its `journeys` object), in file order.
pub fn journey_names(project: &Project) -> Vec<String> {
    match project.extra.get(JOURNEYS_KEY) {
        Some(Value::Object(m)) => m.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

fn missing<E: de::Error>(what: &str, key: &str) -> E {
    E::custom(format_args!("{what} is missing the required key `{key}`"))
}

struct JourneyVisitor;

impl<'de> Visitor<'de> for JourneyVisitor {
    type Value = Journey;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a journey (an object with \"events\": [...])")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Journey, A::Error> {
        let mut journey = Journey::default();
        let mut events = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "profile" => {
                    journey.profile = match map.next_value::<Value>()? {
                        Value::Object(m) => m,
                        Value::Null => Map::new(),
                        other => {
                            return Err(de::Error::custom(format_args!(
                                "\"profile\" must be an object of attribute names to values, \
                                 found {}",
                                crate::project::de::kind_of(&other)
                            )));
                        }
                    }
                }
                "settings" => {
                    journey.settings = map.next_value::<Option<SettingsDe>>()?.map(|s| s.0);
                }
                "events" => events = Some(map.next_value_seed(EventsSeed)?),
                _ => {
                    let v: Value = map.next_value()?;
                    journey.extra.insert(key, v);
                }
            }
        }
        journey.events = events.ok_or_else(|| missing("the journey", "events"))?;
        Ok(journey)
    }
}

struct SettingsDe(JourneySettings);

impl<'de> de::Deserialize<'de> for SettingsDe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SettingsDe;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of settings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SettingsDe, A::Error> {
                let mut s = JourneySettings::default();
                while let Some(key) = map.next_key::<String>()? {
                    let v: Value = map.next_value()?;
                    s.read_key(key, v).map_err(de::Error::custom)?;
                }
                Ok(SettingsDe(s))
            }
        }
        d.deserialize_map(V)
    }
}

struct EventsSeed;

impl<'de> DeserializeSeed<'de> for EventsSeed {
    type Value = Vec<Event>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Event>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EventsSeed {
    type Value = Vec<Event>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of events ({\"type\": \"login\" | \"visit\" | \"click\", ...})")
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Event>, A::Error> {
        let mut events = Vec::new();
        while let Some(e) = seq.next_element_seed(EventSeed {
            index: events.len(),
        })? {
            events.push(e);
        }
        Ok(events)
    }
}

struct EventSeed {
    index: usize,
}

impl<'de> DeserializeSeed<'de> for EventSeed {
    type Value = Event;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Event, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EventSeed {
    type Value = Event;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "event {} to be an object ({{\"type\": \"login\" | \"visit\" | \"click\", ...}})",
            self.index
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Event, A::Error> {
        let mut kind: Option<String> = None;
        let mut path: Option<String> = None;
        let mut target: Option<String> = None;
        let mut dismiss = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => kind = Some(map.next_value()?),
                "path" => path = Some(map.next_value()?),
                "target" => target = Some(map.next_value()?),
                // `null` reads as false.
                "dismiss" => dismiss = map.next_value::<Option<bool>>()?.unwrap_or(false),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let what = format!("event {}", self.index);
        let kind = kind.ok_or_else(|| missing(&what, "type"))?;
        match kind.as_str() {
            "login" => Ok(Event::Login { dismiss }),
            "signup" => Ok(Event::SignUp),
            "visit" => Ok(Event::Visit {
                path: path.ok_or_else(|| missing(&format!("{what} (visit)"), "path"))?,
                dismiss,
            }),
            "click" => Ok(Event::Click {
                target: target.ok_or_else(|| missing(&format!("{what} (click)"), "target"))?,
                dismiss,
            }),
            other => Err(de::Error::custom(format_args!(
                "{what}: unknown event type \"{other}\": expected \"login\", \"visit\", \"click\" or \"signup\""
            ))),
        }
    }
}

/// Walks a project file to its `journeys` object and reads the journey `name` there.
struct ProjectJourneys<'n> {
    name: &'n str,
}

impl<'de> Visitor<'de> for ProjectJourneys<'_> {
    type Value = Journey;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a ppstudio project (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Journey, A::Error> {
        let mut found = None;
        let mut names = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == JOURNEYS_KEY {
                let (journey, all) = map.next_value_seed(NamedJourney { name: self.name })?;
                // A repeated key: the last one counts, as when the project is loaded.
                found = journey;
                names = Some(all);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        match (found, names) {
            (Some(j), _) => Ok(j),
            (None, None) => Err(de::Error::custom(format_args!(
                "the project has no \"{JOURNEYS_KEY}\" object, so no journey named \"{}\"; \
                 give a journey file instead",
                self.name
            ))),
            (None, Some(all)) => Err(de::Error::custom(format_args!(
                "no journey named \"{}\" in \"{JOURNEYS_KEY}\"; it has: {}",
                self.name,
                if all.is_empty() {
                    "none".to_string()
                } else {
                    all.iter()
                        .map(|n| format!("\"{n}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            ))),
        }
    }
}

/// The `journeys` object: the journey `name` (if there) and every name.
struct NamedJourney<'n> {
    name: &'n str,
}

impl<'de> DeserializeSeed<'de> for NamedJourney<'_> {
    type Value = (Option<Journey>, Vec<String>);
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for NamedJourney<'_> {
    type Value = (Option<Journey>, Vec<String>);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "\"{JOURNEYS_KEY}\" to be an object of named journeys ({{\"name\": {{\"events\": [...]}}}})"
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        let mut names = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == self.name {
                found = Some(map.next_value_seed(JourneySeed)?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
            names.push(key);
        }
        Ok((found, names))
    }
}

struct JourneySeed;

impl<'de> DeserializeSeed<'de> for JourneySeed {
    type Value = Journey;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Journey, D::Error> {
        d.deserialize_map(JourneyVisitor)
    }
}
