//! One test (at least) per rule of SKIP.md: the path, R1–R10, the show rule, the reasons.

use serde_json::{Value, json};

use super::*;
use crate::project::{Scope, SiteOption};

fn field(name: &str, rules: &str, parent: Value) -> Field {
    let mut f = Field::new(name, name, crate::project::FieldType::String);
    f.rules = rules.into();
    match parent {
        Value::Null => {
            f.extra.insert("Parent".into(), Value::Null);
        }
        Value::Bool(false) => {
            f.extra.shift_remove("Parent");
        }
        p => {
            f.extra.insert("Parent".into(), p);
        }
    }
    f
}

/// A flat field (Parent "").
fn flat(name: &str, rules: &str) -> Field {
    field(name, rules, json!(""))
}

fn step(fields: Vec<Field>) -> Step {
    let mut s = Step::new("S");
    s.fields = fields;
    s
}

fn settings(on: &[SiteOption]) -> Settings {
    let mut s = Settings::all_off();
    for o in on {
        s.set(*o, true);
    }
    s
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => panic!("a profile object"),
    }
}

/// The one field's state and reason, with every option off but askOptionalFieldsOnProgressiveSteps.
fn one(f: Field, profile: Value, on: &[SiteOption]) -> (FieldState, Reason) {
    let mut opts = vec![SiteOption::AskOptionalFieldsOnProgressiveSteps];
    opts.extend_from_slice(on);
    let d = decide_step(&step(vec![f]), &obj(profile), &settings(&opts));
    assert_eq!(d.path, Path::Schema);
    (d.fields[0].state, d.fields[0].reason)
}

fn state(f: Field, profile: Value) -> FieldState {
    one(f, profile, &[]).0
}

use FieldState::{Dropped, Kept, Known};

// ----- the path -----

#[test]
fn email_and_raas_consumers_take_the_schema_path_any_case_no_trimming() {
    let s = step(vec![flat("firstname", "required")]);
    let opts = Settings::default();
    for p in ["Email", "email", "RAAS", "RaaS", "raas"] {
        let d = decide_step(&s, &obj(json!({"Provider": p})), &opts);
        assert_eq!(d.path, Path::Schema, "{p}");
        assert!(matches!(d.shows, Shows::Form(_)), "{p}");
    }
    for p in ["Email ", " RAAS", "facebook", "Google", ""] {
        let d = decide_step(&s, &obj(json!({"Provider": p})), &opts);
        assert_eq!(d.path, Path::Social, "{p:?}");
        assert_eq!(
            d.shows,
            Shows::Nothing(NothingReason::NoScopeMatches),
            "{p:?}"
        );
        assert!(
            d.fields.is_empty(),
            "the social path never walks the Schema"
        );
    }
    // No Provider (a flat profile), or one that is not a string: an email consumer.
    for p in [
        json!({}),
        json!({"Provider": null}),
        json!({"provider": "facebook"}),
    ] {
        assert_eq!(
            decide_step(&s, &obj(p.clone()), &opts).path,
            Path::Schema,
            "{p}"
        );
    }
}

#[test]
fn progressive_profiling_traditional_sends_social_consumers_down_the_schema_path() {
    let s = step(vec![flat("firstname", "required")]);
    let opts = settings(&[SiteOption::ProgressiveProfilingTraditional]);
    let d = decide_step(&s, &obj(json!({"Provider": "facebook"})), &opts);
    assert_eq!(d.path, Path::Schema);
    assert_eq!(d.form_fields(), [0]);
}

#[test]
fn the_first_scopes_entry_matching_the_provider_ignoring_case_gives_the_consent() {
    let mut s = step(vec![flat("firstname", "required")]);
    s.scopes = vec![
        None,
        Some(Scope::new("google ", "a")),
        Some(Scope::new("FaceBook", "user_birthday")),
        Some(Scope::new("facebook", "second")),
    ];
    // A complete profile is still sent to re-consent: the path never reads the data.
    let p = obj(json!({"Provider": "facebook", "FirstName": "Ann"}));
    let d = decide_step(&s, &p, &Settings::default());
    assert_eq!(d.shows, Shows::Consent(2));
    let d = decide_step(
        &s,
        &obj(json!({"Provider": "Google"})),
        &Settings::default(),
    );
    assert_eq!(d.shows, Shows::Nothing(NothingReason::NoScopeMatches));
    let mut null_provider = Scope::new("", "x");
    null_provider.provider_presence = crate::project::Presence::Null;
    s.scopes = vec![Some(null_provider), Some(Scope::new("", "empty"))];
    let d = decide_step(&s, &obj(json!({"Provider": ""})), &Settings::default());
    assert_eq!(d.shows, Shows::Consent(1), "a null Provider never matches");
}

// ----- §2.1 preparing the profile -----

#[test]
fn keys_are_lower_cased_at_every_depth_and_the_first_of_two_wins() {
    assert_eq!(
        state(
            flat("firstname", ""),
            json!({"FirstName": "", "firstname": "Asha"})
        ),
        Kept
    );
    assert_eq!(
        state(
            flat("firstname", ""),
            json!({"firstname": "Asha", "FirstName": ""})
        ),
        Known
    );
    assert_eq!(
        state(flat("FirstName", ""), json!({"FIRSTNAME": "Asha"})),
        Known,
        "the field name is lower-cased too"
    );
    assert_eq!(
        state(
            flat("birthdate", ""),
            json!({"BirthDate": "1990", "birthDate": "01-15-1990"})
        ),
        Kept
    );
    assert_eq!(
        state(
            flat("cf_Plan", ""),
            json!({"CustomFields": {"PLAN": "", "plan": "gold"}})
        ),
        Kept,
        "inside nested objects too"
    );
    assert_eq!(
        state(
            flat("emailid", ""),
            json!({"email": [{"VALUE": "a@x", "value": ""}], "EMAILVERIFIED": true})
        ),
        Known,
        "and inside objects in arrays"
    );
}

// ----- R1 -----

#[test]
fn r1_a_verified_email_is_known_whatever_the_truthy_value() {
    for v in [json!(true), json!(1), json!("false")] {
        let p = json!({"Email": [{"Type": "Primary", "Value": "a@x"}], "EmailVerified": v});
        assert_eq!(
            one(flat("emailid", "required"), p, &[]),
            (Known, Reason::EmailVerified)
        );
    }
}

#[test]
fn r1_an_unverified_email_is_dropped_unless_asked_always_which_beats_optional_verification() {
    let p = json!({"Email": [{"Type": "Primary", "Value": "a@x"}], "EmailVerified": false});
    assert_eq!(
        one(flat("emailid", "required"), p.clone(), &[]),
        (Dropped, Reason::EmailUnverified)
    );
    for o in [
        SiteOption::OptionalEmailVerification,
        SiteOption::DisabledEmailVerification,
    ] {
        assert_eq!(
            one(flat("emailid", ""), p.clone(), &[o]),
            (Known, Reason::EmailVerificationNotRequired)
        );
        assert_eq!(
            one(
                flat("emailid", ""),
                p.clone(),
                &[o, SiteOption::AskEmailForUnverifiedProfileAlways]
            ),
            (Kept, Reason::EmailUnverifiedAskedAgain)
        );
    }
    assert_eq!(
        one(
            flat("emailid", ""),
            p,
            &[SiteOption::AskEmailForUnverifiedProfileAlways]
        ),
        (Kept, Reason::EmailUnverifiedAskedAgain)
    );
}

#[test]
fn r1_only_the_first_email_entry_counts_else_r10_reads_a_flat_emailid() {
    let verified = |email: Value| json!({"Email": email, "EmailVerified": true});
    for email in [
        json!([{"Type": "Primary", "Value": ""}, {"Type": "Secondary", "Value": "b@x"}]),
        json!([{"Type": "Primary", "Value": null}, {"Type": "Primary", "Value": "b@x"}]),
        json!([]),
        json!({}),
        json!("a@x"),
        json!(null),
    ] {
        assert_eq!(
            one(flat("emailid", ""), verified(email.clone()), &[]),
            (Kept, Reason::NoUsableEmail),
            "{email}"
        );
    }
    // A Secondary entry that comes first is the one read.
    assert_eq!(
        state(
            flat("emailid", ""),
            verified(
                json!([{"Type": "Secondary", "Value": "b@x"}, {"Type": "Primary", "Value": ""}])
            )
        ),
        Known
    );
    assert_eq!(
        state(flat("emailid", ""), json!({"emailid": "a@x"})),
        Known,
        "a flat emailid"
    );
}

// ----- R2 -----

#[test]
fn r2_a_country_object_with_a_name_is_known_only_for_a_parent_of_empty_string() {
    let p = |name: Value| json!({"Country": {"Code": "in", "Name": name}});
    assert_eq!(
        one(flat("country", ""), p(json!("India")), &[]),
        (Known, Reason::CountryNamed)
    );
    assert_eq!(state(flat("country", ""), p(json!(" unknown"))), Known);
    for n in [
        json!("unknown"),
        json!("UNKNOWN"),
        json!("uNkNoWn"),
        json!(""),
        json!(null),
    ] {
        assert_eq!(state(flat("country", ""), p(n.clone())), Kept, "{n}");
    }
    // Parent null or absent: the Country object is ignored, always asked.
    for parent in [Value::Null, Value::Bool(false)] {
        assert_eq!(
            one(field("country", "", parent), p(json!("India")), &[]),
            (Kept, Reason::CountryParentNotEmpty)
        );
    }
}

#[test]
fn r2_falls_through_to_r10_for_a_country_string() {
    for (v, s) in [
        ("India", Known),
        ("Unknown", Known),
        ("UNKNOWN", Known),
        ("unknown", Kept),
        ("", Kept),
    ] {
        assert_eq!(
            state(flat("country", ""), json!({"Country": v})),
            s,
            "{v:?}"
        );
    }
}

// ----- R3 -----

#[test]
fn r3_is_email_subscribed_truthy_is_known_false_is_asked_again() {
    for v in [json!(true), json!("false")] {
        assert_eq!(
            one(
                flat("emailsubscription", ""),
                json!({"IsEmailSubscribed": v}),
                &[]
            ),
            (Known, Reason::Subscribed)
        );
    }
    assert_eq!(
        one(
            flat("emailsubscription", ""),
            json!({"IsEmailSubscribed": false}),
            &[]
        ),
        (Kept, Reason::NotSubscribed)
    );
    assert_eq!(
        state(
            flat("emailsubscription", ""),
            json!({"IsEmailSubscribed": false, "EmailSubscription": false})
        ),
        Known,
        "R10 reads a flat emailsubscription"
    );
}

// ----- R4 -----

#[test]
fn r4_any_truthy_phone_id_is_known_and_r10_takes_zero_and_false() {
    assert_eq!(
        one(flat("phoneid", ""), json!({"PhoneId": "unknown"}), &[]),
        (Known, Reason::PhoneIdSet)
    );
    assert_eq!(
        one(flat("phoneid", ""), json!({"PhoneId": 0}), &[]),
        (Known, Reason::AttributeSet)
    );
    assert_eq!(state(flat("phoneid", ""), json!({"PhoneId": false})), Known);
    assert_eq!(state(flat("phoneid", ""), json!({"PhoneId": null})), Kept);
    assert_eq!(state(flat("phoneid", ""), json!({"PhoneId": ""})), Kept);
    assert_eq!(
        state(
            flat("phoneid", ""),
            json!({"PhoneId": null, "phoneId": "+1"})
        ),
        Kept,
        "the first of two colliding keys wins, even when null"
    );
}

// ----- R5 -----

#[test]
fn r5_a_birth_date_needs_a_third_piece_and_a_year_less_one_is_asked() {
    for v in [
        "01-15-1990",
        "1990-02-07",
        "01/15/1990",
        "1/2/3",
        "01-15-0",
        "01--1990",
    ] {
        assert_eq!(
            one(flat("birthdate", ""), json!({"BirthDate": v}), &[]),
            (Known, Reason::BirthDateWithYear),
            "{v}"
        );
    }
    for v in [
        "1990",
        "01-15",
        "01/15",
        "15.01.1990",
        "01-15-",
        "unknown",
        " ",
    ] {
        assert_eq!(
            one(flat("birthdate", ""), json!({"BirthDate": v}), &[]),
            (Kept, Reason::BirthDateWithoutYear),
            "{v}"
        );
    }
    // Falsy: R10 makes false and 0 known, null and "" stay kept.
    assert_eq!(state(flat("birthdate", ""), json!({"BirthDate": 0})), Known);
    assert_eq!(
        state(flat("birthdate", ""), json!({"BirthDate": false})),
        Known
    );
    assert_eq!(
        state(flat("birthdate", ""), json!({"BirthDate": null})),
        Kept
    );
    assert_eq!(state(flat("birthdate", ""), json!({"BirthDate": ""})), Kept);
}

// ----- R6 -----

#[test]
fn r6_passwords_are_dropped_when_set_or_when_no_prompt_option_is_on() {
    for v in [json!(""), json!(0), json!(false), json!("hash")] {
        for name in ["password", "confirmpassword"] {
            assert_eq!(
                one(
                    flat(name, "required"),
                    json!({"Password": v}),
                    &[SiteOption::PromptPasswordOnSocialLogin]
                ),
                (Dropped, Reason::HasPassword),
                "{v}"
            );
        }
    }
    assert_eq!(
        one(flat("password", "required"), json!({"Password": null}), &[]),
        (Dropped, Reason::PasswordNotPrompted)
    );
    for o in [
        SiteOption::PromptPasswordOnSocialLogin,
        SiteOption::PromptPasswordOnFirstLoginForSocial,
    ] {
        assert_eq!(
            one(flat("password", ""), json!({"Provider": "Email"}), &[o]),
            (Kept, Reason::PasswordPrompted),
            "an email consumer without a password is asked"
        );
    }
}

// ----- R7 -----

#[test]
fn r7_pins_are_dropped_when_pin_pin_is_set_or_pin_authentication_is_off() {
    let on = [SiteOption::IsPinAuthentication];
    assert_eq!(
        one(flat("pin", ""), json!({"PIN": {"PIN": "1234"}}), &on),
        (Dropped, Reason::HasPin)
    );
    assert_eq!(
        one(flat("confirmpin", ""), json!({"PIN": "1234"}), &on),
        (Kept, Reason::PinAsked),
        "a PIN stored as a string does not count"
    );
    assert_eq!(
        one(flat("pin", ""), json!({}), &[]),
        (Dropped, Reason::PinAuthenticationOff)
    );
}

// ----- R8 -----

#[test]
fn r8_a_sub_field_is_asked_only_when_the_parent_is_missing_or_the_last_entry_says_unknown() {
    let city = || field("addresses_city", "", json!("Addresses"));
    assert_eq!(one(city(), json!({}), &[]), (Kept, Reason::ParentMissing));
    for v in [json!(null), json!(""), json!(0), json!(false)] {
        assert_eq!(state(city(), json!({"Addresses": v})), Kept, "{v}");
    }
    assert_eq!(
        one(
            city(),
            json!({"Addresses": [{"City": "Pune"}, {"City": "unknown"}]}),
            &[]
        ),
        (Kept, Reason::ParentLastUnknown)
    );
    assert_eq!(
        one(
            city(),
            json!({"Addresses": [{"City": "unknown"}, {"City": "Pune"}]}),
            &[]
        ),
        (Known, Reason::ParentLastHasValue),
        "earlier entries are ignored"
    );
    assert_eq!(
        state(city(), json!({"Addresses": [{"City": "Unknown"}]})),
        Known,
        "only lower-case unknown"
    );
    for v in [
        json!([]),
        json!({}),
        json!({"City": "unknown"}),
        json!("Pune"),
        json!(5),
        json!(true),
        json!([null]),
        json!([{"Country": "in"}]),
        json!([{"City": ""}]),
        json!([{"City": 0}]),
    ] {
        assert_eq!(
            one(city(), json!({"Addresses": v}), &[]),
            (Known, Reason::ParentNothingFound),
            "{v}"
        );
    }
}

#[test]
fn r8_the_sub_key_is_between_the_first_and_second_underscore() {
    let p = |key: &str| json!({"Addresses": [{ key: "unknown" }]});
    for (name, key) in [
        ("addresses_address1", "Address1"),
        ("Addresses_City", "city"),
        ("addresses_address_line1", "address"),
        ("address1", "address1"),
    ] {
        assert_eq!(
            state(field(name, "", json!("Addresses")), p(key)),
            Kept,
            "{name} reads {key}"
        );
    }
    // A Parent decides even for names R9 or R10 would have read.
    assert_eq!(
        state(
            field("cf_Size", "", json!("CustomFields")),
            json!({"CustomFields": {"size": "10"}})
        ),
        Known
    );
    assert_eq!(
        state(
            field("firstname", "", json!("Addresses")),
            json!({"FirstName": "Ann"})
        ),
        Kept,
        "R8 decides: Addresses is missing"
    );
}

// ----- R9 -----

#[test]
fn r9_custom_fields_are_read_from_custom_fields_by_lower_case_cf_names_only() {
    for v in [
        json!("unknown"),
        json!("false"),
        json!(5),
        json!([]),
        json!({}),
    ] {
        assert_eq!(
            one(
                flat("cf_CompanySize", ""),
                json!({"CustomFields": {"companysize": v}}),
                &[]
            ),
            (Known, Reason::CustomFieldSet),
            "{v}"
        );
    }
    assert_eq!(
        state(
            flat("cf_COMPANYSIZE", ""),
            json!({"CustomFields": {"CompanySize": "10"}})
        ),
        Known
    );
    assert_eq!(
        one(
            flat("CF_Plan", ""),
            json!({"CustomFields": {"Plan": "gold"}}),
            &[]
        ),
        (Kept, Reason::AttributeMissing),
        "CF_ names skip R9"
    );
    assert_eq!(
        state(flat("cf_companysize", ""), json!({"cf_CompanySize": "10"})),
        Known,
        "R10 reads a flat key"
    );
    assert_eq!(
        state(flat("CF_PLAN", ""), json!({"cf_plan": "gold"})),
        Known,
        "R10 lower-cases the name"
    );
}

// ----- R10 -----

#[test]
fn r10_any_scalar_but_null_empty_and_exactly_unknown_is_a_value() {
    for v in [
        json!(0),
        json!(false),
        json!("Unknown"),
        json!("UNKNOWN"),
        json!(" "),
        json!("null"),
        json!("U"),
    ] {
        assert_eq!(
            one(flat("gender", ""), json!({"Gender": v}), &[]),
            (Known, Reason::AttributeSet),
            "{v}"
        );
    }
    for (v, r) in [
        (json!(null), Reason::AttributeMissing),
        (json!(""), Reason::AttributeEmpty),
        (json!("unknown"), Reason::AttributeUnknown),
        (json!([]), Reason::AttributeNotAValue),
        (json!({"a": 1}), Reason::AttributeNotAValue),
    ] {
        assert_eq!(
            one(flat("city", ""), json!({"City": v}), &[]),
            (Kept, r),
            "{v}"
        );
    }
    assert_eq!(
        one(flat("city", ""), json!({}), &[]),
        (Kept, Reason::AttributeMissing)
    );
    assert_eq!(
        one(flat("", ""), json!({"": "x"}), &[]),
        (Kept, Reason::NoName)
    );
}

// ----- §2.3 the show rule -----

fn shows(fields: Vec<Field>, profile: Value, on: &[SiteOption]) -> (Shows, Vec<usize>) {
    let d = decide_step(&step(fields), &obj(profile), &settings(on));
    (d.shows, d.form_fields())
}

#[test]
fn nothing_kept_shows_nothing_whatever_the_options() {
    let all = SiteOption::ALL;
    let all: Vec<SiteOption> = all
        .into_iter()
        .filter(|o| *o != SiteOption::ProgressiveProfilingTraditional)
        .collect();
    assert_eq!(
        shows(
            vec![flat("firstname", "required")],
            json!({"FirstName": "Ann"}),
            &all
        )
        .0,
        Shows::Nothing(NothingReason::NothingKept)
    );
}

#[test]
fn a_required_substring_in_a_kept_field_pulls_every_kept_field_in() {
    for rules in [
        "required",
        "not_required",
        "isrequired",
        "custom_validation[x###a required value]",
    ] {
        let (s, f) = shows(
            vec![
                flat("company", ""),
                flat("firstname", rules),
                flat("city", ""),
            ],
            json!({}),
            &[],
        );
        assert_eq!(s, Shows::Form(ShowReason::Required(1)), "{rules}");
        assert_eq!(f, [0, 1, 2]);
    }
    for rules in ["Required", "REQUIRED", ""] {
        let (s, _) = shows(vec![flat("firstname", rules)], json!({}), &[]);
        assert_eq!(s, Shows::Nothing(NothingReason::OnlyOptional), "{rules}");
    }
    // A required field that is known pulls nothing in.
    let (s, _) = shows(
        vec![flat("firstname", "required"), flat("company", "")],
        json!({"FirstName": "Ann"}),
        &[],
    );
    assert_eq!(s, Shows::Nothing(NothingReason::OnlyOptional));
}

#[test]
fn ask_optional_on_registration_needs_a_boolean_first_login_and_a_non_email_registration() {
    let on = [SiteOption::AskOptionalFieldsOnRegistration];
    let f = || vec![flat("company", "")];
    for rp in [
        json!("Facebook"),
        json!("RAAS"),
        json!(""),
        json!("email "),
        json!(null),
    ] {
        assert_eq!(
            shows(
                f(),
                json!({"FirstLogin": true, "RegistrationProvider": rp}),
                &on
            )
            .0,
            Shows::Form(ShowReason::FirstLoginAfterSocialSignup),
            "{rp}"
        );
    }
    for p in [
        json!({"FirstLogin": true, "RegistrationProvider": "Email"}),
        json!({"FirstLogin": "true", "RegistrationProvider": "google"}),
        json!({"FirstLogin": 1, "RegistrationProvider": "google"}),
        json!({"FirstLogin": false, "RegistrationProvider": "google"}),
    ] {
        assert_eq!(
            shows(f(), p.clone(), &on).0,
            Shows::Nothing(NothingReason::OnlyOptional),
            "{p}"
        );
    }
    assert_eq!(
        shows(
            f(),
            json!({}),
            &[SiteOption::AskOptionalFieldsOnProgressiveSteps]
        )
        .0,
        Shows::Form(ShowReason::OptionalFieldsAsked)
    );
}

// ----- journeys, compiled steps, reasons -----

#[test]
fn submitted_fields_are_known_and_many_steps_share_one_prepared_profile() {
    let a = step(vec![flat("firstname", "required"), flat("city", "")]);
    let b = step(vec![flat("City", ""), flat("company", "")]);
    let c = Compiled::new([&a, &b]);
    let profile = obj(json!({"Provider": "Email"}));
    let p = c.prepare(&profile);
    let mut out = Vec::new();
    let mut sub = c.submitted();
    let s = Settings::default();
    assert!(matches!(
        c.decide(1, &p, &s, Some(&sub), &mut out),
        Shows::Form(_)
    ));
    c.submit(&mut sub, 0, 1);
    assert!(matches!(
        c.decide(1, &p, &s, Some(&sub), &mut out),
        Shows::Form(_)
    ));
    assert_eq!(
        out[0],
        FieldDecision {
            state: Known,
            reason: Reason::Submitted
        },
        "city and City are one attribute"
    );
    assert_eq!(out[1].state, Kept);
    assert_eq!(
        c.decide(7, &p, &s, None, &mut out),
        Shows::Nothing(NothingReason::NothingKept)
    );
}

#[test]
fn every_decision_explains_itself_in_one_sentence() {
    let s = step(vec![
        flat("emailid", "required"),
        flat("password", ""),
        field("addresses_city", "", json!("Addresses")),
        flat("gender", ""),
        flat("cf_Plan", ""),
    ]);
    let p = obj(json!({
        "Email": [{"Type": "Primary", "Value": "a@x"}], "EmailVerified": true,
        "Addresses": [{"City": "unknown"}], "Gender": "U", "CustomFields": null
    }));
    let d = decide_step(&s, &p, &Settings::default());
    assert_eq!(
        d.reasons,
        [
            "known: the email is verified (EmailVerified is true)",
            "never asked: passwords are asked only with promptPasswordOnSocialLogin or \
             promptPasswordOnFirstLoginForSocial",
            "asked: the last entry of Addresses has \"unknown\" for city",
            "known: the profile has gender = \"U\"",
            "asked: CustomFields has no plan, and the profile has no cf_Plan",
        ]
    );
    assert_eq!(
        ShowReason::OptionalFieldsAsked.sentence(&s),
        "askOptionalFieldsOnProgressiveSteps is on"
    );
    assert!(
        NothingReason::NoScopeMatches
            .sentence(Some("google"))
            .contains("\"google\"")
    );
}

#[test]
fn reading_only_the_keys_the_rules_read_gives_the_same_decisions() {
    let s = step(vec![
        flat("firstname", "required"),
        field("addresses_city", "", json!("Addresses")),
        flat("cf_Plan", ""),
    ]);
    let c = Compiled::new([&s]);
    let text = r#"{"Uid": "x", "Provider": "Email", "FirstName": "", "firstname": "Ann",
        "Addresses": [{"City": "unknown"}], "Huge": [1, 2, {"a": [3]}], "CustomFields": {"plan": "gold"}}"#;
    let mut slots = super::raw::RawSlots::default();
    let read = c.scan(text, &mut slots).unwrap();
    // Only the keys the rules read are noted.
    assert!(read.get(c.slot_for("firstname").unwrap()).is_some());
    assert!(c.slot_for("Uid").is_none() && c.slot_for("Huge").is_none());
    assert!(c.reads("FIRSTNAME") && c.reads("Provider") && !c.reads("Uid") && !c.reads("provider"));
    let full = profile::parse_profile(text.as_bytes()).unwrap();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let s1 = c.decide(0, &read, &Settings::default(), None, &mut a);
    let s2 = c.decide(0, &c.prepare(&full), &Settings::default(), None, &mut b);
    assert_eq!((s1, &a), (s2, &b));
    assert_eq!(a[0].state, Kept, "the first of FirstName/firstname wins");
    // A fault in a value the rules do not read is found all the same, where it is.
    let bad = "{\"Uid\": [1,\n 2,]}";
    let e = c.scan(bad, &mut slots).unwrap_err();
    assert_eq!(e.offset, bad.find(']').unwrap());
}

#[test]
fn step_inputs_change_with_what_the_rule_reads_only() {
    let s = step(vec![
        flat("firstname", "required"),
        field("city", "", json!("Addresses")),
    ]);
    let inputs = StepInputs::of(&s);
    assert!(inputs.matches(&s));
    // A label is not read by the rule.
    let mut relabelled = s.clone();
    relabelled.fields[0].display = "Given name".into();
    assert!(inputs.matches(&relabelled));
    assert_eq!(StepInputs::of(&relabelled), inputs);
    // A field's Parent, whether its rules mention required, and the scopes are.
    let mut moved = s.clone();
    moved.fields[1].extra.insert("Parent".into(), json!(""));
    let mut optional = s.clone();
    optional.fields[0].rules = "max_length[5]".into();
    let mut scoped = s.clone();
    scoped.scopes.push(None);
    for other in [&moved, &optional, &scoped] {
        assert!(!inputs.matches(other));
        assert_ne!(StepInputs::of(other), inputs);
    }
}
