//! The fast reading of profiles (`Compiled::scan`, straight from the JSON text, used by
//! `ppstudio audience`) gives the same decisions as the core rule over a parsed profile
//! (`Compiled::prepare`, used by the preview and the simulator): on every skip example's
//! profile (with every example's step and options), written compactly, pretty-printed and
//! with escaped keys; and on generated profiles (proptest) with odd values, colliding keys and
//! keys repeated exactly.

use ppstudio::asked::raw::RawSlots;
use ppstudio::asked::{Compiled, FieldDecision, Shows};
use ppstudio::loginradius;
use ppstudio::project::{Settings, SiteOption, Step};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

struct Case {
    id: String,
    step: Step,
    profile: Map<String, Value>,
    settings: Settings,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/skip-examples.jsonl"),
    )
    .expect("the example file");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("a JSON line");
            let doc = json!({ "ProfilingSteps": [v["step"].clone()] });
            let step = loginradius::import(doc.to_string().as_bytes())
                .expect("the step imports")
                .project
                .steps
                .remove(0);
            let mut settings = Settings::all_off();
            let options = v["options"].as_object().expect("options");
            for o in SiteOption::ALL {
                let on = options
                    .get(o.key())
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                settings
                    .read_key(o.key().to_string(), Value::Bool(on))
                    .expect("a boolean option");
            }
            Case {
                id: v["id"].as_str().expect("an id").to_string(),
                step,
                profile: v["profile"].as_object().expect("a profile").clone(),
                settings,
            }
        })
        .collect()
}

/// Every step decided both ways for one profile text; the parsed profile is `serde_json`'s
/// reading of the same text.
fn agree(
    compiled: &Compiled,
    settings: &Settings,
    text: &str,
    slots: &mut RawSlots,
) -> Result<(), String> {
    let parsed: Map<String, Value> = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let prepared = compiled.prepare(&parsed);
    let raw = compiled
        .scan(text, slots)
        .map_err(|e| format!("scan refused valid JSON: {e:?}"))?;
    for step in 0..compiled.len() {
        let mut a: Vec<FieldDecision> = Vec::new();
        let mut b: Vec<FieldDecision> = Vec::new();
        let sa: Shows = compiled.decide(step, &prepared, settings, None, &mut a);
        let sb: Shows = compiled.decide(step, &raw, settings, None, &mut b);
        if (sa, &a) != (sb, &b) {
            return Err(format!(
                "step {step}: parsed {sa:?} {a:?}, raw {sb:?} {b:?}"
            ));
        }
    }
    let (la, lb) = (
        Compiled::login_count(&prepared),
        Compiled::login_count(&raw),
    );
    if la != lb {
        return Err(format!("login count: parsed {la:?}, raw {lb:?}"));
    }
    Ok(())
}

/// The same object with every key written with `\u` escapes for its ASCII letters.
fn escaped_keys(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let members: Vec<String> = m
                .iter()
                .map(|(k, v)| {
                    let key: String = k
                        .chars()
                        .map(|c| {
                            if c.is_ascii_alphabetic() {
                                format!("\\u{:04x}", c as u32)
                            } else {
                                serde_json::to_string(&c.to_string())
                                    .expect("json")
                                    .trim_matches('"')
                                    .to_string()
                            }
                        })
                        .collect();
                    format!("\"{key}\" : {}", escaped_keys(v))
                })
                .collect();
            format!("{{ {} }}", members.join(" ,\n "))
        }
        Value::Array(a) => format!(
            "[ {} ]",
            a.iter().map(escaped_keys).collect::<Vec<_>>().join(" , ")
        ),
        other => other.to_string(),
    }
}

#[test]
fn the_fast_reading_agrees_on_every_skip_example() {
    let cases = cases();
    assert_eq!(cases.len(), 120);
    // Every example's profile against every example's step (each with its own options).
    let steps: Vec<Step> = cases.iter().map(|c| c.step.clone()).collect();
    let compiled = Compiled::new(&steps);
    let mut slots = RawSlots::default();
    // The distinct option sets of the examples.
    let mut option_sets: Vec<(&str, &Settings)> = Vec::new();
    for c in &cases {
        if !option_sets.iter().any(|(_, s)| **s == c.settings) {
            option_sets.push((&c.id, &c.settings));
        }
    }
    assert!(option_sets.len() > 5, "{}", option_sets.len());
    let mut failures = Vec::new();
    for (options_of, settings) in &option_sets {
        for case in &cases {
            let value = Value::Object(case.profile.clone());
            let texts = [
                serde_json::to_string(&value).expect("json"),
                serde_json::to_string_pretty(&value).expect("json"),
                escaped_keys(&value),
            ];
            for text in &texts {
                if let Err(e) = agree(&compiled, settings, text, &mut slots) {
                    failures.push(format!("{} with {options_of}'s options: {e}", case.id));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagree:\n{}",
        failures.len(),
        failures[..failures.len().min(20)].join("\n")
    );
}

/// Keys the rules read, in assorted letter cases, and a few they do not.
fn key() -> impl Strategy<Value = String> {
    let names = prop::sample::select(vec![
        "Email",
        "EmailVerified",
        "Country",
        "IsEmailSubscribed",
        "PhoneId",
        "BirthDate",
        "Password",
        "PIN",
        "CustomFields",
        "FirstLogin",
        "RegistrationProvider",
        "NoOfLogins",
        "FirstName",
        "City",
        "Gender",
        "Company",
        "Addresses",
        "PhoneNumbers",
        "emailid",
        "cf_CompanySize",
        "Provider",
        "Unrelated",
    ]);
    (names, 0..4u8).prop_map(|(n, case)| match case {
        0 => n.to_string(),
        1 => n.to_lowercase(),
        2 => n.to_uppercase(),
        _ => {
            let mut c = n.chars();
            c.next()
                .map(|f| f.to_lowercase().chain(c).collect())
                .unwrap_or_default()
        }
    })
}

/// Values with the platform's odd ones: falsy values, "unknown", numbers written oddly,
/// dates with and without years, nested objects and arrays with keys the rules read.
fn value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        Just("false".to_string()),
        Just("0".to_string()),
        Just("-0".to_string()),
        Just("0.0".to_string()),
        Just("1e-400".to_string()),
        Just("7".to_string()),
        Just("3.0".to_string()),
        Just("2.5".to_string()),
        Just("1E2".to_string()),
        Just("-4".to_string()),
        Just("\"\"".to_string()),
        Just("\"unknown\"".to_string()),
        Just("\"Unknown\"".to_string()),
        Just("\"Email\"".to_string()),
        Just("\"RAAS\"".to_string()),
        Just("\"facebook\"".to_string()),
        Just("\"01-15-1990\"".to_string()),
        Just("\"07-04\"".to_string()),
        Just("\"1/2/3\"".to_string()),
        Just("\"\\u0075nknown\"".to_string()),
        Just("\"caf\\u00e9 \\\"q\\\"\"".to_string()),
        Just("\"1234\"".to_string()),
        Just("\"false\"".to_string()),
        Just("[]".to_string()),
        Just("{}".to_string()),
        // An object as a collection: colliding keys count once in its length.
        Just(r#"{"A": 1, "a": 2, "1": {"City": "unknown", "Address1": "unknown"}}"#.to_string()),
        Just(r#"[{"City": "Pune"}, {"city": "unknown", "CITY": "x"}]"#.to_string()),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "Value",
                        "value",
                        "VALUE",
                        "Name",
                        "name",
                        "City",
                        "city",
                        "Address1",
                        "PIN",
                        "pin",
                        "0",
                        "1",
                        "CompanySize",
                        "companysize",
                        "Type",
                    ]),
                    inner
                ),
                0..4
            )
            .prop_map(|m| format!(
                "{{{}}}",
                m.iter()
                    .map(|(k, v)| format!("\"{k}\": {v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        ]
    })
}

/// Collections for the fields with a Parent: objects standing for arrays, colliding keys.
fn collection() -> impl Strategy<Value = (String, String)> {
    (
        prop::sample::select(vec![
            "Addresses",
            "addresses",
            "PhoneNumbers",
            "Email",
            "CustomFields",
        ]),
        prop::sample::select(vec![
            r#"{"A": 1, "a": 2, "1": {"City": "unknown", "Address1": "unknown"}}"#,
            r#"{"0": {"City": "Pune"}, "1": {"City": "unknown"}, "0": {"City": "unknown"}}"#,
            r#"[{"City": "Pune"}, {"city": "unknown", "CITY": "x"}]"#,
            r#"[{"City": "unknown"}, null]"#,
            r#"[{"Value": "", "Type": "Primary"}, {"Value": "a@x"}]"#,
            r#"{"CompanySize": "", "companysize": "11-50"}"#,
        ]),
    )
        .prop_map(|(k, v)| (k.to_string(), v.to_string()))
}

fn profile_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((key(), value()), 0..14),
        prop::option::of(collection()),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(mut members, extra, at)| {
            if let Some(m) = extra {
                let i = at.index(members.len() + 1);
                members.insert(i, m);
            }
            members
        })
        .prop_map(|members| {
            let body: Vec<String> = members
                .iter()
                .map(|(k, v)| format!("\"{k}\":{v}"))
                .collect();
            format!("{{{}}}", body.join(","))
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn the_fast_reading_agrees_on_generated_profiles(
        text in profile_text(),
        settings_from in 0usize..120,
    ) {
        static CASES: std::sync::OnceLock<(Compiled, Vec<Settings>)> = std::sync::OnceLock::new();
        let (compiled, settings) = CASES.get_or_init(|| {
            let cases = cases();
            let steps: Vec<Step> = cases.iter().map(|c| c.step.clone()).collect();
            (Compiled::new(&steps), cases.into_iter().map(|c| c.settings).collect())
        });
        let mut slots = RawSlots::default();
        // Generated text is valid JSON (a key repeated exactly included).
        let result = agree(compiled, &settings[settings_from], &text, &mut slots);
        prop_assert!(result.is_ok(), "{text}: {result:?}");
    }

    #[test]
    fn the_scan_refuses_what_serde_json_refuses(text in "[\\[\\]{}\",:0-9a-z\\\\ .eE+-]{0,24}") {
        let compiled = Compiled::new(std::iter::empty());
        let mut slots = RawSlots::default();
        let ours = compiled.scan(&text, &mut slots);
        let serde = serde_json::from_str::<Value>(&text);
        match (&ours, &serde) {
            // Valid JSON that is not an object is refused too, as not a profile.
            (Err(e), Ok(v)) => prop_assert!(e.not_an_object && !v.is_object(), "{text}"),
            // Every reader of a profile gives one answer: nothing serde_json refuses is taken.
            (Ok(_), Err(e)) => prop_assert!(false, "{text}: accepted, serde_json: {e}"),
            _ => {}
        }
    }
}

/// What `JSON.parse` reads but no reader of the studio can hold, put in a profile's values.
fn beyond_a_value() -> impl Strategy<Value = (String, &'static str)> {
    prop_oneof![
        Just((
            "\"\\udADD\"".to_string(),
            ppstudio::project::error::LONE_SURROGATE
        )),
        Just((
            "\"x\\ud800\"".to_string(),
            ppstudio::project::error::LONE_SURROGATE
        )),
        Just((
            "\"\\udc00\\ud800\"".to_string(),
            ppstudio::project::error::LONE_SURROGATE
        )),
        Just((
            "1E0000000000022222".to_string(),
            ppstudio::project::error::TOO_LARGE
        )),
        Just(("-1e309".to_string(), ppstudio::project::error::TOO_LARGE)),
        Just((
            "\"\\ud800\\u0041\"".to_string(),
            ppstudio::project::error::LONE_SURROGATE
        )),
        Just(("9".repeat(309), ppstudio::project::error::TOO_LARGE)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Every path that reads a profile (the forecast's scan and the whole forecast over a
    /// line of JSON Lines, the preview's and the CLI's `parse_profile`, a journey file's
    /// profile, and so `simulate`) refuses a profile holding a lone surrogate or a number past
    /// a double's range, in the same words, at the same column, wherever it is (a key the
    /// rules read or not, nested or not); and takes the same profile without it.
    #[test]
    fn every_reader_of_profiles_gives_one_answer(
        text in profile_text(),
        (odd, words) in beyond_a_value(),
        key in key(),
        nested in any::<bool>(),
    ) {
        let value = if nested { format!("[{{\"Value\": {odd}}}]") } else { odd.clone() };
        let odd_text = format!("{{\"{key}\": {value},{}", &text[1..]).replace(",}", "}");
        let project = ppstudio::project::Project::default_project();
        let compiled = Compiled::new(&project.steps);
        let audience = ppstudio::audience::Audience::new(&project);
        let mut slots = RawSlots::default();
        for (t, refused) in [(&text, false), (&odd_text, true)] {
            let scan = compiled.scan(t, &mut slots).map(|_| ()).map_err(|e| e.message.to_string());
            let preview = ppstudio::asked::profile::parse_profile(t.as_bytes())
                .map(|_| ()).map_err(|e| e.message);
            let forecast = audience
                .run(t.as_bytes(), &ppstudio::audience::RunOptions { threads: 1 }, None)
                .expect("a forecast");
            prop_assert_eq!(forecast.profiles, u64::from(!refused), "{}", t);
            if refused {
                let skipped = &forecast.skipped_lines[0];
                prop_assert_eq!(skipped.message.as_str(), words, "{}", t);
                let e = ppstudio::asked::profile::parse_profile(t.as_bytes()).unwrap_err();
                prop_assert_eq!(skipped.column, e.column as u64, "{}", t);
            }
            let journey_text = format!("{{\"events\": [], \"profile\": {t}}}");
            let journey = ppstudio::journey::Journey::from_bytes(journey_text.as_bytes())
                .map(|_| ()).map_err(|e| e.message);
            if refused {
                prop_assert_eq!(scan.as_ref().err().map(String::as_str), Some(words), "{}", t);
                prop_assert_eq!(preview.as_ref().err().map(String::as_str), Some(words), "{}", t);
                prop_assert_eq!(journey.as_ref().err().map(String::as_str), Some(words), "{}", t);
            } else {
                prop_assert!(scan.is_ok() && preview.is_ok() && journey.is_ok(), "{}", t);
            }
        }
    }
}
