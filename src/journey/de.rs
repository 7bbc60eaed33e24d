//! The journeys a project keeps: the edit that keeps one, and the reader that finds one in a
//! project file with its errors placed in that file (for `ppstudio simulate --journey`).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

use crate::edit::Edit;
use crate::project::journeys::{JourneySeed, NAMED_JOURNEYS};
use crate::project::{JOURNEYS_KEY, Journey, LoadError, Project};

/// Reads the journey `name` of the project file `bytes` (its `journeys` object), with errors
/// placed in the project file.
pub fn named_in_project(bytes: &[u8], name: &str) -> Result<Journey, LoadError> {
    let text = crate::project::check_text(bytes)?;
    let mut de = serde_json::Deserializer::from_str(text);
    let journey = de.deserialize_map(ProjectJourneys { name })?;
    de.end()?;
    Ok(journey)
}

/// The edit that keeps `journey` (a journey file's JSON) in the project's `journeys` under
/// `name`, replacing one of that name and keeping the others in place.
pub fn keep_journey(project: &Project, name: &str, journey: Value) -> Edit {
    let kept = project.journeys.clone().unwrap_or_default();
    Edit::SetJourneys(Some(kept.with(name, journey)))
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
        f.write_str(NAMED_JOURNEYS)
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
