//! `ppstudio translations export/import`, run as a user runs it, and the CSV round trip as a
//! property.

mod cli_support;

use cli_support::run as ppstudio;

mod strategies;

use std::path::Path;

use ppstudio::l10n::csv;
use ppstudio::project::{Locale, Locales, Project, TextKey, TextKind};
use proptest::prelude::*;
use serde_json::json;

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The default project with a French translation, written into `dir`.
fn french_project(dir: &Path) -> std::path::PathBuf {
    let mut p = Project::default_project();
    p.locales = serde_json::from_value(json!({
        "fr": { "labels": { "firstname": "Prénom", "lastname": "Nom" },
                "validationMessages": [ { "rule": "required", "message": "Le champ %s est obligatoire." } ],
                "buttonsName": { "progressiveprofiling": "Envoyer" },
                "errorMessages": [ { "code": 970, "message": "Erreur" } ] }
    }))
    .unwrap();
    let file = dir.join("acme.ppstudio.json");
    std::fs::write(&file, p.to_canonical()).unwrap();
    file
}

#[test]
fn export_prints_or_writes_one_row_per_text() {
    let dir = tempfile::tempdir().unwrap();
    let project = french_project(dir.path());
    let o = ppstudio(&["translations", "export", path(&project)]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "kind,key,source,fr");
    assert!(lines.contains(&"label,firstname,First Name,Prénom"));
    assert!(
        lines.contains(&"message,required,The %s field is required.,Le champ %s est obligatoire.")
    );
    assert!(lines.contains(&"button,progressiveprofiling,Progressive Profiling,Envoyer"));
    // A text that the locale lacks has an empty cell.
    assert!(lines.contains(&"label,gender,Gender,"), "{text}");
    let out = dir.path().join("fr.csv");
    let o = ppstudio(&["translations", "export", path(&project), "-o", path(&out)]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
}

#[test]
fn import_fills_a_translation_and_writes_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let project = french_project(dir.path());
    let before = std::fs::read_to_string(&project).unwrap();
    let export = ppstudio(&["translations", "export", path(&project)]);
    let text = String::from_utf8(export.stdout)
        .unwrap()
        .replace("label,gender,Gender,", "label,gender,Gender,Genre")
        .replace("kind,key,source,fr", "kind,key,source,fr,de")
        .lines()
        .map(|l| {
            if l.starts_with("kind") {
                format!("{l}\n")
            } else {
                format!("{l},\n")
            }
        })
        .collect::<String>()
        .replace(
            "label,firstname,First Name,Prénom,",
            "label,firstname,First Name,Prénom,Vorname",
        );
    let csv_file = dir.path().join("back.csv");
    std::fs::write(&csv_file, text).unwrap();

    // Without -o: the project on standard output, the file untouched.
    let o = ppstudio(&["translations", "import", path(&project), path(&csv_file)]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(std::fs::read_to_string(&project).unwrap(), before);
    let printed = Project::from_bytes(&o.stdout).unwrap();
    let fr = printed.locales.get("fr").unwrap();
    assert_eq!(
        fr.text(&TextKey::new(TextKind::Label, "gender")),
        Some("Genre")
    );
    assert_eq!(
        fr.text(&TextKey::new(TextKind::Label, "lastname")),
        Some("Nom")
    );
    assert!(fr.extra.contains_key("errorMessages"), "other keys stay");
    let de = printed.locales.get("de").unwrap();
    assert_eq!(de.texts().len(), 1);
    assert_eq!(
        de.text(&TextKey::new(TextKind::Label, "firstname")),
        Some("Vorname")
    );

    // With -o PROJECT: written in place, canonical.
    let o = ppstudio(&[
        "translations",
        "import",
        path(&project),
        path(&csv_file),
        "-o",
        path(&project),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&project).unwrap(),
        printed.to_canonical()
    );
}

#[test]
fn a_malformed_csv_exits_2_with_its_place_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let project = french_project(dir.path());
    let before = std::fs::read(&project).unwrap();
    let csv_file = dir.path().join("bad.csv");
    std::fs::write(
        &csv_file,
        "kind,key,source,fr\nlabel,firstname,First Name,Prénom\nlabl,x,y,z\n",
    )
    .unwrap();
    let o = ppstudio(&[
        "translations",
        "import",
        path(&project),
        path(&csv_file),
        "-o",
        path(&project),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        err.trim_end(),
        format!(
            "error: {}:3:1: unknown kind \"labl\": expected label, placeholder, message or button",
            csv_file.display()
        )
    );
    assert!(o.stdout.is_empty());
    assert_eq!(std::fs::read(&project).unwrap(), before);

    let out = dir.path().join("new.ppstudio.json");
    std::fs::write(
        &csv_file,
        "kind,key,source,fr\nlabel,firstname,\"First Name,Prénom\n",
    )
    .unwrap();
    let o = ppstudio(&[
        "translations",
        "import",
        path(&project),
        path(&csv_file),
        "-o",
        path(&out),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("bad.csv:2:17: this quoted cell is never closed")
    );
    assert!(!out.exists());

    // An unusable project: exit 2 too, nothing written.
    let o = ppstudio(&["translations", "export", path(&csv_file), "-o", path(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .starts_with(&format!("error: {}:1:1:", csv_file.display()))
    );
    assert!(!out.exists());
}

/// Texts and keys with what CSV must quote: commas, quotes, line breaks, spaces, accents.
fn tricky() -> impl Strategy<Value = String> {
    "[a-z,\" \\n\\r\\té☃]{0,8}"
}

fn tricky_locale() -> impl Strategy<Value = Vec<(usize, String, String)>> {
    prop::collection::vec((0..4usize, "[a-z,\" \\né#]{1,6}", tricky()), 0..8)
}

/// The texts a locale gives the consumer (non-empty), in any order.
fn given(l: &Locale) -> Vec<(TextKey, String)> {
    let mut v: Vec<(TextKey, String)> = l
        .texts()
        .into_iter()
        .filter(|(_, t)| !t.is_empty())
        .map(|(k, t)| (k, t.to_string()))
        .collect();
    v.sort();
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Importing a project's export changes nothing, byte for byte; imported into the same
    /// project without translations it gives back every text each locale gives.
    #[test]
    fn the_csv_round_trip_loses_nothing(p in strategies::project(), extra in tricky_locale()) {
        let mut p = p;
        if p.locales.get("xx").is_none() {
            let mut l = Locale::new("xx");
            for (kind, key, text) in extra {
                l.set_text(&TextKey::new(TextKind::ALL[kind], key), Some(text));
            }
            p.locales.list.push(l);
        }
        let text = csv::export(&p);
        let back = csv::import(&p, text.as_bytes()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut q = p.clone();
        q.locales = back;
        prop_assert_eq!(q.to_canonical(), p.to_canonical());

        let mut bare = p.clone();
        bare.locales = Locales::default();
        let filled = csv::import(&bare, text.as_bytes()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(filled.codes().collect::<Vec<_>>(), p.locales.codes().collect::<Vec<_>>());
        for l in &p.locales.list {
            prop_assert_eq!(given(filled.get(&l.code).unwrap()), given(l));
        }
    }
}

#[test]
fn the_schema_describes_translations() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/ppstudio-project.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let dir = tempfile::tempdir().unwrap();
    let project: serde_json::Value =
        serde_json::from_slice(&std::fs::read(french_project(dir.path())).unwrap()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&project)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    for broken in [
        json!({ "fr": { "labels": { "firstname": 3 } } }),
        json!({ "fr": { "validationMessages": [ { "rule": "required" } ] } }),
        json!({ "fr": [] }),
    ] {
        let mut p = project.clone();
        p["locales"] = broken.clone();
        assert!(!validator.is_valid(&p), "{broken}");
        // The studio refuses it too, saying where.
        let text = serde_json::to_string_pretty(&p).unwrap();
        assert!(Project::from_bytes(text.as_bytes()).is_err(), "{broken}");
    }
}
