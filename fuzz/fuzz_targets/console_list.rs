//! Any bytes as the entries of the Admin Console's registration field list
//! (`{"data": [ ... ]}`): an error or a project, never a panic; what imports exports and
//! imports back to the same catalog.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ppstudio::loginradius;

fuzz_target!(|data: &[u8]| {
    let Ok(entries) = std::str::from_utf8(data) else {
        return;
    };
    let text = format!("{{\"data\": [{entries}]}}");
    if let Ok(imported) = loginradius::import(text.as_bytes()) {
        let exported = loginradius::export_string(&imported.project);
        // (The export is the platform's ProfilingSteps: it carries the steps, not the catalog
        // the Admin Console's list fills, so the round trip keeps the steps.)
        let again = loginradius::import(exported.as_bytes()).expect("an export imports");
        assert_eq!(again.project.steps.len(), imported.project.steps.len());
    }
});
