//! Any project (a project file, or platform JSON imported): the trigger snippet is generated
//! without a panic. That it parses as JavaScript is `tests/snippet_node.rs`'s property test
//! (node per case is too slow for a fuzzer).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ppstudio::loginradius::{self, snippet};
use ppstudio::project::Project;

fuzz_target!(|data: &[u8]| {
    let project = match Project::from_bytes(data) {
        Ok(p) => p,
        Err(_) => match loginradius::import(data) {
            Ok(i) => i.project,
            Err(_) => return,
        },
    };
    let js = snippet::snippet(&project);
    assert!(!js.is_empty());
    // Every text of the project is inside string literals: none ends the script early.
    assert!(
        !js.contains("</script"),
        "a project's text closes the script tag"
    );
});
