//! Any bytes given to the project loader: an error or a project, never a panic; a loaded
//! project saves to a canonical file that loads back to the same project.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ppstudio::project::Project;

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = Project::from_bytes(data) {
        let text = p.to_canonical();
        let back = Project::from_bytes(text.as_bytes()).expect("a saved project loads");
        assert_eq!(back, p);
        assert_eq!(back.to_canonical(), text);
        let _ = ppstudio::lint::check(&p);
    }
});
