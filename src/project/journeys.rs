//! Journeys as files hold them (FORMATS.md "Journeys"): a journey file, and the named journeys
//! a project keeps under `journeys`. Reading is done with serde visitors, so every error in a
//! journey file carries the line and column of the value at fault (as the project file does).
//! Running a journey is the simulator's part ([`crate::journey`]).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::{LoadError, Settings, SettingsOverride, check_text};

/// The project key holding the kept journeys.
pub const JOURNEYS_KEY: &str = "journeys";

/// What the `journeys` key must hold, in the reader's words (every reader of it says so).
pub(crate) const NAMED_JOURNEYS: &str =
    "\"journeys\" to be an object of named journeys ({\"name\": {\"events\": [...]}})";

/// A consumer's journey, read from a journey file or from a project's `journeys`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Journey {
    /// The consumer's profile at the start: attribute name to value, as written.
    pub profile: Map<String, Value>,
    /// Overrides of the project's settings, when the journey has `settings`.
    pub settings: Option<JourneySettings>,
    /// What the consumer does, in order.
    pub events: Vec<Event>,
    /// Top-level keys the simulator does not know, in their original order.
    pub extra: Map<String, Value>,
}

/// A journey's `settings`: each option present overrides the project's.
pub type JourneySettings = SettingsOverride;

/// One thing the consumer does. `dismiss: true` closes whatever the event shows without
/// submitting it. Unknown keys of an event are ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// `{"type": "login"}`: the login count goes up by one.
    Login {
        /// The consumer closes the prompts without submitting.
        dismiss: bool,
    },
    /// `{"type": "visit", "path": "/pricing/teams"}`: a page load.
    Visit {
        /// The page's path.
        path: String,
        /// The consumer closes the prompts without submitting.
        dismiss: bool,
    },
    /// `{"type": "click", "target": "upgrade-cta"}`: a click on an element id, or an event.
    Click {
        /// The element id or event name.
        target: String,
        /// The consumer closes the prompts without submitting.
        dismiss: bool,
    },
    /// `{"type": "signup"}`: the consumer signs up through the project's registration form
    /// and gives its fields (they count as known from then on). No step fires on it; the
    /// login that follows is a login event of its own.
    SignUp,
}

impl Event {
    /// Whether the consumer closes the prompts of this event without submitting them.
    pub fn dismiss(&self) -> bool {
        match self {
            Event::Login { dismiss }
            | Event::Visit { dismiss, .. }
            | Event::Click { dismiss, .. } => *dismiss,
            Event::SignUp => false,
        }
    }
}

impl Journey {
    /// Reads a journey file's bytes. `Err` says where (line, column) and what is wrong.
    pub fn from_bytes(bytes: &[u8]) -> Result<Journey, LoadError> {
        let text = check_text(bytes)?;
        journey_from_str(text)
    }

    /// Reads a journey held as JSON (a project's kept journey, with no text to point into).
    /// `Err` says what is wrong.
    pub fn from_value(value: &Value) -> Result<Journey, String> {
        journey_from_value(value)
    }

    /// The options in effect: the project's, with the journey's overrides key by key.
    pub fn effective_settings(&self, project: &Settings) -> Settings {
        match &self.settings {
            Some(o) => project.with_override(o),
            None => project.clone(),
        }
    }
}

/// A journey kept in a project: its name, its JSON as written (saved back as it is, so the
/// keys the simulator does not read stay), and what the simulator reads from it, read once
/// when the project is loaded or the journey kept.
#[derive(Debug, Clone)]
pub struct KeptJourney {
    name: String,
    written: Value,
    read: Result<Journey, String>,
}

impl KeptJourney {
    /// The journey `written` kept under `name`, read now.
    pub fn new(name: String, written: Value) -> KeptJourney {
        let read = Journey::from_value(&written);
        KeptJourney {
            name,
            written,
            read,
        }
    }

    /// Its name in the project's `journeys`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its JSON as the file holds it.
    pub fn written(&self) -> &Value {
        &self.written
    }

    /// The journey, or why it cannot be read (the reader's words, without a place: the file's
    /// place is what `ppstudio simulate --journey` gives).
    pub fn journey(&self) -> Result<&Journey, &str> {
        self.read.as_ref().map_err(String::as_str)
    }
}

/// Two kept journeys are the same when they are written the same under the same name (what is
/// read follows from it).
impl PartialEq for KeptJourney {
    fn eq(&self, o: &Self) -> bool {
        self.name == o.name && self.written == o.written
    }
}

/// A project's `journeys`: named journeys in file order, each name once.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KeptJourneys(Vec<KeptJourney>);

impl KeptJourneys {
    /// The journeys in file order.
    pub fn iter(&self) -> std::slice::Iter<'_, KeptJourney> {
        self.0.iter()
    }

    /// The journey kept under `name`.
    pub fn get(&self, name: &str) -> Option<&KeptJourney> {
        self.0.iter().find(|k| k.name == name)
    }

    /// Whether no journey is kept.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// These journeys with `written` kept under `name`: in the place of the journey of that
    /// name, else last.
    #[must_use]
    pub fn with(mut self, name: &str, written: Value) -> KeptJourneys {
        self.insert(KeptJourney::new(name.to_string(), written));
        self
    }

    /// Keeps `k`, replacing the journey of its name in place (a repeated name in a file: the
    /// last journey counts, where the name first appeared, as a JSON object reads).
    fn insert(&mut self, k: KeptJourney) {
        match self.0.iter_mut().find(|o| o.name == k.name) {
            Some(o) => *o = k,
            None => self.0.push(k),
        }
    }

    /// The `journeys` object as the file holds it.
    pub fn to_json(&self) -> Value {
        Value::Object(
            self.0
                .iter()
                .map(|k| (k.name.clone(), k.written.clone()))
                .collect(),
        )
    }
}

impl FromIterator<(String, Value)> for KeptJourneys {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        let mut out = KeptJourneys::default();
        for (name, written) in iter {
            out.insert(KeptJourney::new(name, written));
        }
        out
    }
}

impl<'de> de::Deserialize<'de> for KeptJourneys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeptJourneys;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(NAMED_JOURNEYS)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KeptJourneys, A::Error> {
                let mut out = KeptJourneys::default();
                while let Some(name) = map.next_key::<String>()? {
                    let written: Value = map.next_value()?;
                    out.insert(KeptJourney::new(name, written));
                }
                Ok(out)
            }
        }
        d.deserialize_map(V)
    }
}

/// Parses a whole journey file.
pub(crate) fn journey_from_str(text: &str) -> Result<Journey, LoadError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let journey = de.deserialize_map(JourneyVisitor)?;
    de.end()?;
    Ok(journey)
}

/// Reads a journey already parsed as JSON (a project's kept journey): the error says what is
/// wrong, without a place (the value has none).
pub(crate) fn journey_from_value(value: &Value) -> Result<Journey, String> {
    value
        .deserialize_map(JourneyVisitor)
        .map_err(|e| LoadError::from(e).message)
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
                                super::value_kind(&other)
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

/// One journey read in place (the errors point into the text being read).
pub(crate) struct JourneySeed;

impl<'de> DeserializeSeed<'de> for JourneySeed {
    type Value = Journey;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Journey, D::Error> {
        d.deserialize_map(JourneyVisitor)
    }
}
