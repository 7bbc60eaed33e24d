//! Property tests of the round trips: load(save(p)) == p, canonical bytes are stable, and the
//! platform's JSON survives import and export.

use proptest::prelude::*;
use serde_json::{Map, Value};

use ppstudio::loginradius;
use ppstudio::project::{
    CatalogEntry, Field, FieldOption, FieldType, Group, Options, Presence, Project, Scope,
    Settings, SiteOption, Step, Trigger, TriggerKind,
};

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        ".{0,8}".prop_map(Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("x_[a-z]{1,4}", inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Unknown keys: never one the studio knows.
fn extra() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec(("x_[A-Za-z]{1,6}", json_value()), 0..3)
        .prop_map(|kv| kv.into_iter().collect())
}

fn field_type() -> impl Strategy<Value = FieldType> {
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

fn options() -> impl Strategy<Value = Options> {
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

fn text_with_presence() -> impl Strategy<Value = (String, Presence)> {
    prop_oneof![
        ".{1,12}".prop_map(|s| (s, Presence::Present)),
        Just((String::new(), Presence::Present)),
        Just((String::new(), Presence::Absent)),
        Just((String::new(), Presence::Null)),
    ]
}

fn field() -> impl Strategy<Value = Field> {
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

fn trigger() -> impl Strategy<Value = Trigger> {
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

fn step() -> impl Strategy<Value = Step> {
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

fn project() -> impl Strategy<Value = Project> {
    (
        ".{0,12}",
        prop::array::uniform9(any::<bool>()),
        extra(),
        prop::collection::vec((0..3usize, field()), 0..5),
        prop::collection::vec(step(), 0..4),
        extra(),
    )
        .prop_map(
            |(name, options, settings_extra, catalog, steps, extra)| Project {
                name,
                settings: {
                    let mut s = Settings::default();
                    for (o, on) in SiteOption::ALL.into_iter().zip(options) {
                        s.set(o, on);
                    }
                    s.extra = settings_extra;
                    s
                },
                catalog: catalog
                    .into_iter()
                    .map(|(g, field)| CatalogEntry {
                        group: Group::ALL[g],
                        field,
                    })
                    .collect(),
                steps,
                platform: Map::new(),
                extra,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn load_of_save_gives_back_the_project(p in project()) {
        let text = p.to_canonical();
        let back = Project::from_bytes(text.as_bytes()).expect("a saved project loads");
        prop_assert_eq!(&back, &p);
        prop_assert_eq!(back.to_canonical(), text, "canonical bytes are stable");
    }

    #[test]
    fn import_of_export_keeps_every_step_and_field(p in project()) {
        let exported = loginradius::export_string(&p);
        let imported = loginradius::import(exported.as_bytes()).expect("an export imports").project;
        prop_assert_eq!(imported.steps.len(), p.steps.len());
        for (a, b) in imported.steps.iter().zip(&p.steps) {
            prop_assert_eq!(&a.name, &b.name);
            prop_assert_eq!(&a.fields, &b.fields);
            prop_assert_eq!(&a.scopes, &b.scopes);
            prop_assert_eq!(&a.extra, &b.extra);
        }
        // And the platform document is a fixed point.
        prop_assert_eq!(loginradius::export_string(&imported), exported);
    }

    #[test]
    fn arbitrary_platform_documents_export_to_the_same_values(p in project(), top in extra()) {
        let mut doc = loginradius::export(&p);
        doc.as_object_mut().expect("an object").extend(top);
        let imported = loginradius::import(doc.to_string().as_bytes()).expect("imports").project;
        prop_assert_eq!(loginradius::export(&imported), doc);
    }

    #[test]
    fn loading_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = Project::from_bytes(&bytes);
        let _ = loginradius::import(&bytes);
    }

    #[test]
    fn loading_never_panics_on_mutated_projects(p in project(), cut in 0usize..2000, byte in any::<u8>()) {
        let mut text = p.to_canonical().into_bytes();
        let i = cut % text.len();
        text[i] = byte;
        let _ = Project::from_bytes(&text);
        text.truncate(i);
        let _ = Project::from_bytes(&text);
    }
}
