//! Any text as a consumer profile, through every reader of profiles: the forecast's scan
//! (`Compiled::scan`), the whole forecast over it as one JSON line, the preview's and the CLI's
//! `parse_profile`, and a journey file holding it. They must agree on whether it is a profile,
//! refuse what JSON.parse reads but no `Value` holds in the same words, and, when it is a
//! profile, decide every step of the default project alike (scan against the parsed profile).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ppstudio::asked::raw::RawSlots;
use ppstudio::asked::{Compiled, profile};
use ppstudio::audience::{Audience, RunOptions};
use ppstudio::journey::Journey;
use ppstudio::project::{Project, error::beyond_a_value};

struct Fixture {
    project: Project,
    compiled: Compiled,
    audience: Audience,
}

fn fixture() -> &'static Fixture {
    static F: std::sync::OnceLock<Fixture> = std::sync::OnceLock::new();
    F.get_or_init(|| {
        let project = Project::default_project();
        Fixture {
            compiled: Compiled::new(&project.steps),
            audience: Audience::new(&project),
            project,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let f = fixture();
    let mut slots = RawSlots::default();
    let scanned = f.compiled.scan(text, &mut slots);
    let parsed = profile::parse_profile(data);
    // parse_profile also refuses what is no file at all (empty, a byte-order mark).
    let blank = text.trim().is_empty() || text.starts_with('\u{feff}');
    if !blank {
        assert_eq!(
            scanned.is_ok(),
            parsed.is_ok(),
            "{text:?}: {scanned:?} / {parsed:?}"
        );
    }
    if let (Err(a), Err(b)) = (&scanned, &parsed) {
        assert_eq!(
            beyond_a_value(&a.message),
            beyond_a_value(&b.message),
            "{a:?} / {b:?}"
        );
        if beyond_a_value(&b.message) {
            assert_eq!(a.message, b.message);
        }
    }
    let journey_text = format!("{{\"profile\": {text}\n, \"events\": [{{\"kind\": \"login\"}}]}}");
    let journey = Journey::from_bytes(journey_text.as_bytes());
    if !blank && text.trim_start().starts_with('{') {
        assert_eq!(
            journey.is_ok(),
            parsed.is_ok(),
            "{text:?}: journey {journey:?}"
        );
    }
    if let (Err(j), Err(p)) = (&journey, &parsed)
        && beyond_a_value(&p.message)
    {
        assert_eq!(j.message, p.message);
    }
    if let Ok(j) = &journey {
        let _ = ppstudio::journey::simulate(&f.project, j).to_json_string();
    }
    // The whole forecast over it as a line of JSON Lines.
    if !text.contains(['\n', '\r']) && text.trim_start().starts_with('{') {
        let forecast = f
            .audience
            .run(text.as_bytes(), &RunOptions { threads: 1 }, None)
            .expect("JSON Lines always give a forecast");
        assert_eq!(forecast.profiles, u64::from(parsed.is_ok()));
    }
    if let (Ok(raw), Ok(map)) = (&scanned, &parsed) {
        let prepared = f.compiled.prepare(map);
        for settings in [
            f.project.settings.clone(),
            ppstudio::project::Settings::all_off(),
        ] {
            for step in 0..f.compiled.len() {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                let sa = f.compiled.decide(step, &prepared, &settings, None, &mut a);
                let sb = f.compiled.decide(step, raw, &settings, None, &mut b);
                assert_eq!((sa, &a), (sb, &b), "{text:?} step {step}");
            }
        }
        assert_eq!(Compiled::login_count(&prepared), Compiled::login_count(raw));
    }
});
