//! Any bytes as a journey file: an error or a journey, never a panic; a journey runs on the
//! default project and its outcome is written as JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ppstudio::journey::{self, Journey};
use ppstudio::project::Project;

fuzz_target!(|data: &[u8]| {
    static PROJECT: std::sync::OnceLock<Project> = std::sync::OnceLock::new();
    let project = PROJECT.get_or_init(Project::default_project);
    if let Ok(j) = Journey::from_bytes(data) {
        let outcome = journey::simulate(project, &j);
        let json = outcome.to_json_string();
        assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    }
});
