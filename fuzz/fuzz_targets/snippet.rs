//! Any project (a project file, or platform JSON imported): the trigger snippet is generated
//! without a panic, parses as a classic script (oxc's parser, which passes Test262's parser
//! tests; `tests/snippet_triggers_node.rs` has the same property checked with `node --check`,
//! too slow per case for a fuzzer), and no text of the project closes its `<script>` tag.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxc_allocator::Allocator;
use oxc_parser::Parser;
use oxc_span::SourceType;
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
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, &js, SourceType::script()).parse();
    assert!(
        parsed.diagnostics.is_empty() && !parsed.panicked,
        "the snippet does not parse: {:?}\n{js}",
        parsed.diagnostics
    );
    // Every text of the project is inside string literals: none ends the script early.
    assert!(
        !js.contains("</script"),
        "a project's text closes the script tag"
    );
});
