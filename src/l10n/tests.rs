use super::*;
use crate::lint::Problem;
use crate::lint::translations as lint;
use crate::project::{Field, FieldType, Locale, Locales, MessageEntry, Project, Step, TextKind};
use crate::rules::{CompiledRules, Form, Subject};

fn field(name: &str, display: &str, rules: &str) -> Field {
    let mut f = Field::new(name, display, FieldType::String);
    f.rules = rules.into();
    f
}

fn step() -> Step {
    let mut s = Step::new("First Login");
    let mut first = field("firstname", "First Name", "required|max_length[50]");
    first.extra.insert(
        "placeholder".into(),
        Value::String("Your first name".into()),
    );
    s.fields.push(first);
    s.fields.push(field(
        "cf_Code",
        "Code",
        "custom_validation[^[0-9]{4}$]|required",
    ));
    s.fields.push(field(
        "cf_Pin",
        "PIN",
        "custom_validation[^[0-9]{4}$###Four digits]",
    ));
    let mut hidden = Field::new("source", "Source", FieldType::Hidden);
    hidden.rules = "required".into();
    s.fields.push(hidden);
    s
}

fn fr() -> Locale {
    let mut l = Locale::new("fr");
    for (kind, key, text) in [
        (TextKind::Label, "firstname", "Prénom"),
        (TextKind::Placeholder, "firstname", "Votre prénom"),
        (
            TextKind::Message,
            "required",
            "Le champ %s est obligatoire.",
        ),
        (
            TextKind::Message,
            "max_length",
            "Le champ %s ne doit pas dépasser %s caractères.",
        ),
        (TextKind::Button, STEP_BUTTON, "Envoyer"),
    ] {
        l.set_text(&TextKey::new(kind, key), Some(text.into()));
    }
    l
}

fn project(locales: Vec<Locale>) -> Project {
    let mut p = Project::default();
    p.steps.push(step());
    p.locales = Locales {
        list: locales,
        present: true,
    };
    p
}

fn keys(rows: &[TextRow]) -> Vec<String> {
    rows.iter().map(|r| r.key.describe()).collect()
}

#[test]
fn a_step_needs_its_labels_placeholders_messages_and_button() {
    let rows = step_texts(&step());
    assert_eq!(
        keys(&rows),
        [
            "label firstname",
            "label cf_Code",
            "label cf_Pin",
            "placeholder firstname",
            "message required",
            "message max_length",
            "message custom_validation#cf_Code",
            "button progressiveprofiling",
        ],
        "hidden fields show nothing; a ###message needs no template; custom_validation per field"
    );
    assert_eq!(rows[0].source, "First Name");
    assert_eq!(rows[3].source, "Your first name");
    assert_eq!(rows[4].source, "The %s field is required.");
    assert_eq!(rows[6].source, "The %s field is not valid.");
    assert_eq!(rows[7].source, SOURCE_BUTTON);
}

#[test]
fn message_keys_follow_the_validators_names() {
    let keys = |rules: &str| message_keys(&field("f", "F", rules));
    assert_eq!(
        keys("callback_valid_date|Required|min_length[3]"),
        ["valid_date", "min_length"]
    );
    assert_eq!(
        keys("custom_validation[a]|custom_validation[b]"),
        ["custom_validation#f"]
    );
    // With the callback_ form written, a plain custom_validation is an unknown rule.
    assert_eq!(
        keys("callback_custom_validation[a]|custom_validation[b]"),
        ["custom_validation#f"]
    );
    assert!(keys("min_length[6###Too short]|hasOwnProperty").is_empty());
}

#[test]
fn the_localized_step_takes_labels_and_placeholders_and_keeps_identities() {
    let s = step();
    let mut l = fr();
    l.set_text(
        &TextKey::new(TextKind::Label, "cf_Code"),
        Some(String::new()),
    );
    let t = localized_step(&s, &l);
    assert_eq!(t.fields[0].display, "Prénom");
    assert_eq!(t.fields[0].extra_str("placeholder"), Some("Votre prénom"));
    assert_eq!(
        t.fields[1].display, "Code",
        "an empty label is no translation"
    );
    assert_eq!(t.fields[0].id, s.fields[0].id);
    assert_eq!(button_text(Some(&l)), "Envoyer");
    assert_eq!(button_text(None), SOURCE_BUTTON);
}

#[test]
fn the_engine_builds_the_translated_message_with_the_translated_labels() {
    // Labels replace the display everywhere: in %s and where a parameter names a field.
    let l = fr();
    let t = localized_step(&step(), &l);
    let m = messages(&l);
    let f = &t.fields[0];
    let mut form = Form::new();
    form.insert(&f.name, "", &f.display);
    let v = CompiledRules::new(&f.rules).evaluate_field(
        &Subject::new(&f.name, &f.display, ""),
        &form,
        &m,
    );
    assert_eq!(v.message(), Some("Le champ Prénom est obligatoire."));
    let v = CompiledRules::new("max_length[firstname]").evaluate_field(
        &Subject::new("x", "X", "abc"),
        &form,
        &m,
    );
    assert_eq!(
        v.message(),
        Some("Le champ X ne doit pas dépasser Prénom caractères.")
    );
}

#[test]
fn a_plain_custom_validation_translation_does_not_count() {
    let mut l = Locale::new("fr");
    l.set_text(
        &TextKey::new(TextKind::Message, "custom_validation"),
        Some("Non".into()),
    );
    assert_eq!(
        translated(&l, &TextKey::new(TextKind::Message, "custom_validation")),
        None
    );
}

#[test]
fn project_texts_add_what_locales_have_beyond_the_steps() {
    let mut l = fr();
    l.set_text(
        &TextKey::new(TextKind::Message, "required#cf_Code"),
        Some("Code requis".into()),
    );
    l.set_text(
        &TextKey::new(TextKind::Label, "nickname"),
        Some("Surnom".into()),
    );
    let p = project(vec![l]);
    let all = keys(&project_texts(&p));
    assert!(
        all.ends_with(&["label nickname".into(), "message required#cf_Code".into()]),
        "{all:?}"
    );
    let view = keys(&step_view_texts(&p, &p.steps[0]));
    assert_eq!(
        view[view.len() - 2],
        "message required#cf_Code",
        "per-field messages of the step, before the button"
    );
    assert!(!view.contains(&"label nickname".to_string()));
}

// ----- lint -----

/// The translation problems but the one about cf_Pin's `###message`, which the fixture step
/// carries for the message tests (its own test says it).
fn problems(p: &Project) -> Vec<Problem> {
    let mut out = Vec::new();
    lint::translation_problems(p, &mut out);
    out.retain(|p| p.code != "translation-message-in-rule");
    out
}

fn codes(p: &Project) -> Vec<&'static str> {
    problems(p).iter().map(|p| p.code).collect()
}

#[test]
fn missing_texts_are_named_per_locale_and_step() {
    let p = project(vec![fr()]);
    let all = problems(&p);
    assert_eq!(all.len(), 1, "{all:?}");
    let m = &all[0];
    assert_eq!(m.code, "translation-missing");
    assert_eq!(m.location.locale.as_deref(), Some("fr"));
    assert_eq!(m.location.step.as_deref(), Some("First Login"));
    assert_eq!(
        m.message,
        "The translation fr has no text for 2 labels (\"Code\" and \"PIN\") and 1 validation \
         message (custom_validation#cf_Code) of the step \"First Login\": a consumer who sees \
         the step in fr reads them in the source language. Fill them in the Translations view."
    );
    // A per-field message covers its field; the plain rule covers every field.
    let mut l = fr();
    for (k, t) in [
        (TextKind::Label, "cf_Code"),
        (TextKind::Label, "cf_Pin"),
        (TextKind::Message, "custom_validation#cf_Code"),
    ] {
        l.set_text(&TextKey::new(k, t), Some("x %s".into()));
    }
    assert!(codes(&project(vec![l.clone()])).is_empty());
    l.set_text(
        &TextKey::new(TextKind::Button, STEP_BUTTON),
        Some(String::new()),
    );
    assert!(
        problems(&project(vec![l]))
            .iter()
            .any(|p| p.message.contains("the submit button"))
    );
}

#[test]
fn a_plain_custom_validation_message_is_flagged_with_the_per_field_fix() {
    let mut l = fr();
    l.validation_messages
        .get_or_insert_with(Vec::new)
        .push(MessageEntry::new("custom_validation", "Code invalide"));
    let all = problems(&project(vec![l]));
    let p = all
        .iter()
        .find(|p| p.code == "translation-custom-validation-ignored")
        .expect("flagged");
    assert_eq!(p.fix.as_deref(), Some("custom_validation#cf_Code"));
    assert!(
        p.message
            .contains("The consumer sees \"The %s field is not valid.\""),
        "{}",
        p.message
    );
    assert!(p.message.contains("custom_validation#cf_Code"));
}

#[test]
fn a_template_with_another_count_of_percent_s_is_flagged() {
    let mut l = fr();
    for (rule, msg) in [
        ("required", "Obligatoire."),
        ("max_length", "Le champ %s est trop long."),
        ("alpha", "%s : lettres %s"),
        ("min_length", "Au moins %s caractères pour %s."),
    ] {
        l.set_text(&TextKey::new(TextKind::Message, rule), Some(msg.into()));
    }
    let found: Vec<String> = problems(&project(vec![l]))
        .into_iter()
        .filter(|p| p.code == "translation-placeholders")
        .map(|p| p.message)
        .collect();
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].contains("has 0 %s where the platform's (\"The %s field is required.\") has 1: the consumer's message will not name the field"));
    assert!(found[1].contains("has 1 %s") && found[1].contains("will not show the rule's value"));
    assert!(found[2].contains("alpha") && found[2].contains("the extra %s will show as is"));
}

#[test]
fn unknown_rules_in_messages_are_flagged_with_a_fix_when_one_is_clear() {
    let mut l = Locale::new("fr");
    l.validation_messages = Some(
        [
            ("requried", "A %s"),
            ("min_lenght#firstname", "B %s %s"),
            ("callback_custom_validation#cf_Code", "C %s"),
            ("callback_valid_date#birthdate", "D %s"),
            ("zzz", "E %s"),
            ("callback_valid_date", "fine %s"),
            ("required#firstname", "fine %s"),
        ]
        .into_iter()
        .map(|(r, m)| MessageEntry::new(r, m))
        .collect(),
    );
    let found: Vec<(String, Option<String>)> = problems(&project(vec![l]))
        .into_iter()
        .filter(|p| p.code == "translation-unknown-rule")
        .map(|p| (p.location.key.unwrap_or_default(), p.fix))
        .collect();
    assert_eq!(
        found,
        [
            (
                "validationMessages › requried".into(),
                Some("required".into())
            ),
            (
                "validationMessages › min_lenght#firstname".into(),
                Some("min_length#firstname".into())
            ),
            (
                "validationMessages › callback_custom_validation#cf_Code".into(),
                Some("custom_validation#cf_Code".into())
            ),
            (
                "validationMessages › callback_valid_date#birthdate".into(),
                Some("valid_date#birthdate".into())
            ),
            ("validationMessages › zzz".into(), None),
        ]
    );
}

#[test]
fn a_message_for_a_field_no_step_has_is_noted() {
    let mut l = fr();
    l.set_text(
        &TextKey::new(TextKind::Message, "required#FirstName"),
        Some("X %s".into()),
    );
    let all = problems(&project(vec![l]));
    let p = all
        .iter()
        .find(|p| p.code == "translation-absent-field")
        .expect("noted");
    assert!(p.message.contains("\"FirstName\", which no step has"));
}

#[test]
fn check_lists_translation_problems_with_their_place() {
    let mut l = fr();
    l.set_text(
        &TextKey::new(TextKind::Message, "custom_validation"),
        Some("Non".into()),
    );
    let p = project(vec![l]);
    let all = crate::lint::check(&p);
    let t: Vec<String> = all
        .iter()
        .filter(|p| p.location.locale.is_some())
        .map(|p| p.location.describe())
        .collect();
    assert_eq!(
        t,
        [
            "translation fr › First Login › locales",
            "translation fr › validationMessages › custom_validation"
        ]
    );
}

// ----- CSV -----

fn import(p: &Project, text: &str) -> Result<Locales, String> {
    csv::import(p, text.as_bytes()).map_err(|e| e.to_string())
}

#[test]
fn export_writes_one_row_per_text_with_a_column_per_locale() {
    let mut de = Locale::new("de");
    de.set_text(
        &TextKey::new(TextKind::Label, "firstname"),
        Some("Vorname, \"Rufname\"".into()),
    );
    let p = project(vec![fr(), de]);
    let text = csv::export(&p);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "kind,key,source,fr,de");
    assert_eq!(
        lines[1],
        "label,firstname,First Name,Prénom,\"Vorname, \"\"Rufname\"\"\""
    );
    assert_eq!(
        lines[4],
        "placeholder,firstname,Your first name,Votre prénom,"
    );
    assert_eq!(
        lines[5],
        "message,required,The %s field is required.,Le champ %s est obligatoire.,"
    );
    assert_eq!(
        lines.last(),
        Some(&"button,progressiveprofiling,Progressive Profiling,Envoyer,")
    );
}

#[test]
fn importing_the_export_changes_nothing_and_fills_an_empty_project() {
    let mut l = fr();
    l.extra.insert(
        "errorMessages".into(),
        serde_json::json!([{"code": 1, "message": "x"}]),
    );
    let p = project(vec![l]);
    let text = csv::export(&p);
    assert_eq!(import(&p, &text).unwrap(), p.locales);
    let mut bare = p.clone();
    bare.locales = Locales::default();
    let filled = import(&bare, &text).unwrap();
    assert_eq!(filled.get("fr").unwrap().texts(), fr().texts());
}

#[test]
fn import_sets_clears_and_adds_locales() {
    let p = project(vec![fr()]);
    let text = "kind,key,source,fr,it\r\n\
                label,firstname,First Name,,Nome\r\n\
                \r\n\
                message,required#firstname,x,Obligatoire %s,\r\n";
    let l = import(&p, text).unwrap();
    let fr = l.get("fr").unwrap();
    assert_eq!(fr.text(&TextKey::new(TextKind::Label, "firstname")), None);
    assert_eq!(
        fr.text(&TextKey::new(TextKind::Message, "required#firstname")),
        Some("Obligatoire %s")
    );
    assert_eq!(
        fr.text(&TextKey::new(TextKind::Button, STEP_BUTTON)),
        Some("Envoyer"),
        "rows not in the file stay"
    );
    assert_eq!(
        l.get("it")
            .unwrap()
            .text(&TextKey::new(TextKind::Label, "firstname")),
        Some("Nome")
    );
}

#[test]
fn a_malformed_csv_says_where() {
    let p = project(vec![fr()]);
    for (text, says) in [
        ("", "1:1: the file is empty"),
        (
            "kind,key,text,fr\n",
            "1:10: the header must start with kind,key,source; column 3 is \"text\"",
        ),
        (
            "kind,key\n",
            "1:1: the header must start with kind,key,source; column 3 is missing",
        ),
        (
            "kind,key,source,fr,fr\n",
            "1:20: the locale fr has two columns",
        ),
        (
            "kind,key,source,\n",
            "1:17: column 4 of the header has no locale code",
        ),
        (
            "kind,key,source,fr\nlabel,a,b\n",
            "2:10: this row has 3 cells where the header has 4 (kind,key,source,fr)",
        ),
        (
            "kind,key,source,fr\nlabel,a,b,c,d\n",
            "2:13: this row has 5 cells",
        ),
        (
            "kind,key,source,fr\nlable,a,b,c\n",
            "2:1: unknown kind \"lable\"",
        ),
        (
            "kind,key,source,fr\nlabel,a,b,c\nlabel,a,\"b\nb\",c\n",
            "3:1: label a is already on line 2",
        ),
        (
            "kind,key,source,fr\nlabel,a,b,\"c\n",
            "2:11: this quoted cell is never closed",
        ),
        ("kind,key,source,fr\nlabel,é,b,\u{FFFD}\n", ""),
    ] {
        match import(&p, text) {
            Err(e) => assert!(e.starts_with(says) && !says.is_empty(), "{text:?}: {e}"),
            Ok(_) => assert!(says.is_empty(), "{text:?} should fail with {says}"),
        }
    }
    let e = csv::import(&p, b"kind,key,source,fr\nlabel,a,\xff,c\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "2:9: the file is not valid UTF-8: save it as CSV UTF-8"
    );
    // A byte-order mark is accepted.
    assert!(csv::import(&p, "\u{FEFF}kind,key,source,fr\n".as_bytes()).is_ok());
}

// ----- the document -----

#[test]
fn locales_are_part_of_the_canonical_file_and_not_of_the_platform_json() {
    let mut p = Project::default_project();
    let plain_export = crate::loginradius::export_string(&p);
    p.locales = Locales {
        list: vec![fr()],
        present: true,
    };
    p.locales.list[0].extra.insert(
        "errorMessages".into(),
        serde_json::json!([{"code": 970, "message": "Erreur"}]),
    );
    let text = p.to_canonical();
    assert!(
        text.contains(
            "  \"settings\": {\n    \"askOptionalFieldsOnProgressiveSteps\": true\n  },\n  \"locales\": {\n    \"fr\": {\n      \"labels\": {"
        ),
        "after settings"
    );
    let back = Project::from_bytes(text.as_bytes()).unwrap();
    assert_eq!(back, p);
    assert_eq!(
        back.to_canonical(),
        text,
        "a canonical file saves to the same bytes"
    );
    assert_eq!(
        crate::loginradius::export_string(&back),
        plain_export,
        "export unchanged"
    );
    // Import of platform JSON has no translations.
    let imported = crate::loginradius::import(plain_export.as_bytes()).unwrap();
    assert!(!imported.project.locales.written());
    // An empty `locales` stays; none stays none.
    let empty = text.replace(
        &text[text.find("  \"locales\"").unwrap()..text.find("  \"catalog\"").unwrap()],
        "  \"locales\": {},\n",
    );
    let q = Project::from_bytes(empty.as_bytes()).unwrap();
    assert!(q.locales.is_empty() && q.locales.written());
    assert_eq!(q.to_canonical(), empty);
    assert!(
        !Project::default_project()
            .to_canonical()
            .contains("locales")
    );
}

#[test]
fn a_bad_translation_is_refused_with_its_line_and_column() {
    let text = Project::default_project().to_canonical().replacen(
        "  \"catalog\"",
        "  \"locales\": {\n    \"fr\": {\n      \"labels\": {\n        \"firstname\": 3\n      }\n    }\n  },\n  \"catalog\"",
        1,
    );
    let e = Project::from_bytes(text.as_bytes()).unwrap_err();
    assert_eq!((e.line, e.column), (11, 22), "{e}");
    assert_eq!(
        e.message,
        "\"firstname\" in \"labels\" of the translation \"fr\" must be a text (a string), not a \
         number (3)"
    );
}

#[test]
fn switch_texts_set_again_every_text_any_locale_sets() {
    let mut p = Project::default_project();
    p.locales = serde_json::from_value(serde_json::json!({
        "fr": { "labels": { "firstname": "Prénom", "lastname": "" },
                "placeholders": { "phoneid": "+33" },
                "validationMessages": [
                    { "rule": "required", "message": "Requis %s" },
                    { "rule": "callback_valid_date", "message": "Date ?" },
                    { "rule": "custom_validation", "message": "lost" },
                    { "rule": "max_length#lastname", "message": "" },
                    { "rule": "callback_custom_validation", "message": "never looked up" } ],
                "buttonsName": { "progressiveProfiling": "Envoyer", "login": "Connexion" } },
        "de": { "validationMessages": [ { "rule": "min_length#firstname", "message": "Kurz" },
                                        { "rule": "valid_date", "message": "Datum" } ] }
    }))
    .unwrap();
    let t = switch_texts(&p);
    assert_eq!(t.labels, ["firstname"]);
    assert_eq!(t.placeholders, ["phoneid"]);
    let fr = &t.locales[0].1;
    let de = &t.locales[1].1;
    // Every applied key of every locale, each with this locale's template: its own entry,
    // else its plain rule's, else the platform's; valid_date under both spellings alike.
    assert_eq!(
        fr["validationMessages"],
        serde_json::json!([
            { "rule": "required", "message": "Requis %s" },
            { "rule": "callback_valid_date", "message": "Date ?" },
            { "rule": "min_length#firstname", "message": "The %s field must be at least %s characters in length." },
            { "rule": "valid_date", "message": "Date ?" }
        ])
    );
    assert_eq!(
        de["validationMessages"],
        serde_json::json!([
            { "rule": "required", "message": "The %s field is required." },
            { "rule": "callback_valid_date", "message": "Datum" },
            { "rule": "min_length#firstname", "message": "Kurz" },
            { "rule": "valid_date", "message": "Datum" }
        ])
    );
    // The step button under every spelling; other buttons as the locale wrote them.
    assert_eq!(
        fr["buttonsName"],
        serde_json::json!({ "progressiveProfiling": "Envoyer", "login": "Connexion",
                            "progressiveprofiling": "Envoyer" })
    );
    assert_eq!(
        de["buttonsName"],
        serde_json::json!({ "progressiveprofiling": SOURCE_BUTTON,
                            "progressiveProfiling": SOURCE_BUTTON })
    );
    assert_eq!(
        t.source["validationMessages"][0]["message"],
        "The %s field is required."
    );
    assert_eq!(
        t.source["buttonsName"]["progressiveProfiling"],
        SOURCE_BUTTON
    );
    assert_eq!(button_text(p.locales.get("fr")), "Envoyer");
}

#[test]
fn a_text_translated_for_a_field_without_its_own_is_noted_as_sticky() {
    let mut p = Project::default_project();
    p.locales = serde_json::from_value(serde_json::json!({
        "fr": { "placeholders": { "firstname": "Votre prénom", "phoneid": "+33", "lastname": "" } }
    }))
    .unwrap();
    let mut out = Vec::new();
    lint::sticky_texts(&p.locales.list[0], &p.steps[0], &mut out);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].code, "translation-sticky");
    assert!(
        out[0]
            .message
            .starts_with("The translation fr gives the placeholder of firstname (\"Votre prénom\") in the step \"First Login\", where the field has none of its own"),
        "{}",
        out[0].message
    );
    // phoneid has a placeholder of its own, lastname's translation is empty: nothing to say.
    assert!(!out[0].message.contains("phoneid") && !out[0].message.contains("lastname"));
}

#[test]
fn a_message_written_into_a_rule_is_said_to_stay_as_written_once_there_are_locales() {
    let mut out = Vec::new();
    lint::message_in_rule(&project(Vec::new()), &mut out);
    assert!(out.is_empty(), "no locale, nothing to say: {out:#?}");
    lint::message_in_rule(&project(vec![fr(), Locale::new("de")]), &mut out);
    assert_eq!(out.len(), 1, "{out:#?}");
    let p = &out[0];
    assert_eq!(p.code, "translation-message-in-rule");
    assert_eq!(p.location.field.as_deref(), Some("cf_Pin"));
    assert_eq!(p.location.key.as_deref(), Some("rules"));
    assert_eq!(
        p.message,
        "Consumers reading fr and de see \"Four digits\" as written: the message is in \
         cf_Pin's custom_validation rule (###Four digits), and a message written into a rule \
         wins over every translation. To translate it, remove ###Four digits from the rule and \
         give custom_validation#cf_Pin a message in each locale."
    );
}
