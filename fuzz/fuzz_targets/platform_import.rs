//! Any bytes given to the platform import: an error or a project; export of what was imported
//! imports again to the same steps.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ppstudio::loginradius;

fuzz_target!(|data: &[u8]| {
    if let Ok(imported) = loginradius::import(data) {
        let exported = loginradius::export_string(&imported.project);
        let again = loginradius::import(exported.as_bytes()).expect("an export imports");
        assert_eq!(again.project.steps, imported.project.steps);
        assert_eq!(loginradius::export_string(&again.project), exported);
    }
});
