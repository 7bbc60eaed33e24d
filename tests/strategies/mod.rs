//! The proptest strategies of the project's documents, shared by the property tests
//! (`mod strategies;`): arbitrary JSON, unknown keys, fields, triggers, steps and projects.
#![allow(dead_code)]

use proptest::prelude::*;
use serde_json::{Map, Value};

use ppstudio::project::{
    CatalogEntry, Field, FieldOption, FieldType, Group, KeptJourneys, Locale, Locales,
    MessageEntry, Options, Presence, Project, Scope, Settings, SiteOption, Step, TextMap, Trigger,
    TriggerKind,
};

pub fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        ".{0,8}".prop_map(Value::String),
    ]
}

pub fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("x_[a-z]{1,4}", inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Unknown keys: never one the studio knows.
pub fn extra() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec(("x_[A-Za-z]{1,6}", json_value()), 0..3)
        .prop_map(|kv| kv.into_iter().collect())
}

pub fn field_type() -> impl Strategy<Value = FieldType> {
    prop_oneof![
        Just(FieldType::String),
        Just(FieldType::Email),
        Just(FieldType::Password),
        Just(FieldType::Text),
        Just(FieldType::Option),
        Just(FieldType::Multi),
        Just(FieldType::Hidden),
        "[a-z]{1,6}".prop_map(|s| FieldType::parse(&s)),
    ]
}

pub fn options() -> impl Strategy<Value = Options> {
    prop_oneof![
        Just(Options::Absent),
        Just(Options::Null),
        Just(Options::EmptyString),
        prop::collection::vec((".{0,6}", ".{0,6}", extra()), 0..4).prop_map(|l| {
            Options::List(
                l.into_iter()
                    .map(|(t, v, e)| FieldOption {
                        extra: e,
                        ..FieldOption::new(t, v)
                    })
                    .collect(),
            )
        }),
    ]
}

pub fn text_with_presence() -> impl Strategy<Value = (String, Presence)> {
    prop_oneof![
        ".{1,12}".prop_map(|s| (s, Presence::Present)),
        Just((String::new(), Presence::Present)),
        Just((String::new(), Presence::Absent)),
        Just((String::new(), Presence::Null)),
    ]
}

pub fn field() -> impl Strategy<Value = Field> {
    (
        field_type(),
        "[a-z_A-Z]{1,10}",
        text_with_presence(),
        text_with_presence(),
        options(),
        extra(),
        prop::option::of("[rw]"),
    )
        .prop_map(|(t, name, display, rules, options, extra, permission)| {
            let mut f = Field::new(name, "", t);
            f.display = display.0;
            f.display_presence = display.1;
            f.rules = rules.0;
            f.rules_presence = rules.1;
            f.options = options;
            f.extra = extra;
            if let Some(p) = permission {
                f.extra.insert("permission".into(), p.into());
            }
            f
        })
}

pub fn trigger() -> impl Strategy<Value = Trigger> {
    let kind = prop_oneof![
        Just(TriggerKind::FirstLogin),
        any::<i64>().prop_map(TriggerKind::LoginCount),
        ".{0,8}".prop_map(TriggerKind::PageVisit),
        ".{0,8}".prop_map(TriggerKind::CtaClick),
        Just(TriggerKind::Manual),
        "z[a-z]{0,5}".prop_map(TriggerKind::Unknown),
    ];
    (kind, extra()).prop_map(|(kind, extra)| Trigger { kind, extra })
}

pub fn step() -> impl Strategy<Value = Step> {
    (
        ".{0,10}",
        trigger(),
        prop::collection::vec(field(), 0..4),
        prop::collection::vec(
            proptest::option::of(("[a-z]{0,6}", "[a-z_,]{0,10}", 0..3usize, 0..3usize, extra())),
            0..3,
        ),
        any::<bool>(),
        extra(),
    )
        .prop_map(|(name, trigger, fields, scopes, scopes_present, extra)| {
            let mut s = Step::new(name);
            s.trigger = trigger;
            s.fields = fields;
            s.scopes = scopes
                .into_iter()
                .map(|entry| {
                    entry.map(|(provider, scopes, pp, sp, extra)| {
                        // A null or absent Provider/Scopes is kept only while it is empty.
                        let presence = |i: usize, text: &str| match (i, text.is_empty()) {
                            (1, true) => Presence::Absent,
                            (2, true) => Presence::Null,
                            _ => Presence::Present,
                        };
                        Scope {
                            provider_presence: presence(pp, &provider),
                            scopes_presence: presence(sp, &scopes),
                            provider,
                            scopes,
                            extra,
                        }
                    })
                })
                .collect();
            s.scopes_present = scopes_present || !s.scopes.is_empty();
            s.extra = extra;
            s
        })
}

/// Texts by key: names and rules of a few shapes, any text (empty included).
pub fn text_map() -> impl Strategy<Value = TextMap> {
    prop::collection::vec(("[a-z_A-Z]{1,8}", ".{0,10}"), 0..4)
        .prop_map(|kv| kv.into_iter().collect())
}

/// A `validationMessages` rule: known rules, `rule#field`, the callback names, misspellings.
pub fn message_rule() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("required".to_string()),
        Just("min_length".to_string()),
        Just("custom_validation".to_string()),
        Just("callback_valid_date".to_string()),
        "[a-z_]{1,10}(#[a-z_A-Z]{1,6})?",
    ]
}

/// One locale (its code is set by [`locales`]).
pub fn locale() -> impl Strategy<Value = Locale> {
    (
        prop::option::of(text_map()),
        prop::option::of(text_map()),
        prop::option::of(prop::collection::vec(
            (message_rule(), ".{0,16}", extra()),
            0..4,
        )),
        prop::option::of(text_map()),
        extra(),
    )
        .prop_map(|(labels, placeholders, messages, buttons, extra)| {
            let mut l = Locale::new("");
            l.labels = labels;
            l.placeholders = placeholders;
            l.validation_messages = messages.map(|m| {
                m.into_iter()
                    .map(|(rule, message, extra)| MessageEntry {
                        extra,
                        ..MessageEntry::new(rule, message)
                    })
                    .collect()
            });
            l.buttons_name = buttons;
            l.extra = extra;
            l
        })
}

/// Translations: distinct codes, sometimes an empty but present `locales`.
pub fn locales() -> impl Strategy<Value = Locales> {
    (
        prop::collection::vec(("[a-z]{2}(-[A-Z]{2})?", locale()), 0..3),
        any::<bool>(),
    )
        .prop_map(|(list, present)| {
            let mut out = Locales {
                list: Vec::new(),
                present,
            };
            for (code, mut l) in list {
                if out.get(&code).is_none() {
                    l.code = code;
                    out.list.push(l);
                }
            }
            out
        })
}

/// A kept journey as written: a readable one (an event with a key the simulator does not
/// read) or any JSON (kept, and said unreadable).
pub fn kept_journey() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(serde_json::json!({"events": []})),
        Just(serde_json::json!({"profile": {"FirstName": "Ann"},
                                "events": [{"type": "login", "x_note": 1}]})),
        json_value(),
    ]
}

/// A project's kept journeys, sometimes an empty but present `journeys`.
pub fn journeys() -> impl Strategy<Value = Option<KeptJourneys>> {
    prop::option::of(
        prop::collection::vec(("[A-Za-z ]{1,8}", kept_journey()), 0..3)
            .prop_map(|list| list.into_iter().collect()),
    )
}

pub fn project() -> impl Strategy<Value = Project> {
    (
        ".{0,12}",
        prop::array::uniform10(any::<bool>()),
        extra(),
        prop::collection::vec((0..3usize, field()), 0..5),
        prop::collection::vec(step(), 0..4),
        extra(),
        locales(),
        prop::option::of(prop::collection::vec(field(), 0..4)),
        prop::option::of(extra()),
        journeys(),
    )
        .prop_map(
            |(
                name,
                options,
                settings_extra,
                catalog,
                steps,
                extra,
                locales,
                registration,
                sample_profile,
                journeys,
            )| {
                Project {
                    name,
                    settings: {
                        let mut s = Settings::default();
                        for (o, on) in SiteOption::ALL.into_iter().zip(options) {
                            s.set(o, on);
                        }
                        s.extra = settings_extra;
                        s
                    },
                    locales,
                    catalog: catalog
                        .into_iter()
                        .map(|(g, field)| CatalogEntry {
                            group: Group::ALL[g],
                            field,
                        })
                        .collect(),
                    registration,
                    steps: steps.into(),
                    platform: Map::new(),
                    sample_profile,
                    journeys,
                    extra,
                }
            },
        )
}
