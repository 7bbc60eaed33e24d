//! Any bytes as the translators' CSV for the default project: an error or locales, never a
//! panic; what imports is checked, exported and imported back to the same locales.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ppstudio::l10n::csv;
use ppstudio::project::Project;

fuzz_target!(|data: &[u8]| {
    static PROJECT: std::sync::OnceLock<Project> = std::sync::OnceLock::new();
    let project = PROJECT.get_or_init(Project::default_project);
    if let Ok(locales) = csv::import(project, data) {
        let mut p = project.clone();
        p.locales = locales;
        let _ = ppstudio::lint::check(&p);
        let exported = csv::export(&p);
        let again = csv::import(project, exported.as_bytes()).expect("an export imports");
        assert_eq!(
            csv::export(&Project {
                locales: again,
                ..p.clone()
            }),
            exported
        );
    }
});
