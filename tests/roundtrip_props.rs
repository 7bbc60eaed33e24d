//! Property tests of the round trips: load(save(p)) == p, canonical bytes are stable, and the
//! platform's JSON survives import and export.

mod strategies;

use proptest::prelude::*;

use ppstudio::loginradius;
use ppstudio::project::Project;
use serde_json::Value;
use strategies::{extra, field, project};

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

    /// A registration schema, as an array or as `{"RegistrationFormSchema": [...]}` with other
    /// keys, imports and exports back (`export --registration`) to the same JSON values.
    #[test]
    fn registration_schemas_export_back_to_the_same_values(
        fields in prop::collection::vec(field(), 0..5),
        top in extra(),
        as_object in any::<bool>(),
    ) {
        let list = Value::Array(fields.iter().map(ppstudio::project::field_to_value).collect());
        let doc = if as_object {
            let mut m = top;
            m.shift_remove("ProfilingSteps");
            m.shift_remove("data");
            m.shift_remove("Data");
            m.insert("RegistrationFormSchema".into(), list);
            Value::Object(m)
        } else {
            list
        };
        let imported = loginradius::import(doc.to_string().as_bytes()).expect("imports").project;
        let (back, note) = loginradius::export_registration(&imported).expect("a registration form");
        prop_assert_eq!(note, None);
        prop_assert_eq!(back, doc);
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
