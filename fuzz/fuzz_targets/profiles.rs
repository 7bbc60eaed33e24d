//! Any bytes as a consumer profile: a differential between the forecast's hand-written scanner
//! (`asked/raw/`, the one room of `unsafe` code) and the readers built on `serde_json`.
//!
//! - The scanner against itself: the exact reader and the fast path of every kernel this
//!   processor runs (portable, SSE2, AVX2, AVX-512) give one answer (`scan_every_way`).
//! - The scanner against `serde_json` into a `Value` and `parse_profile` (the preview, the CLI):
//!   the same texts are profiles; a refusal of what `JSON.parse` reads but no `Value` holds
//!   (a lone surrogate, a number past a double's range) is said in the same words, at the
//!   same column.
//! - The whole forecast over the text as one line of JSON Lines counts it exactly when
//!   `parse_profile` takes it, and skips it in the same words otherwise.
//! - A journey file holding it is read when the profile is, and `simulate` runs over it.
//! - A profile read both ways gets the same decisions on every step of the default project,
//!   under its settings and with every site option off, and the same login count.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ppstudio::asked::raw::RawSlots;
use ppstudio::asked::{Compiled, profile};
use ppstudio::audience::{Audience, RunOptions};
use ppstudio::journey::Journey;
use ppstudio::project::{Project, Settings, error::beyond_a_value};

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
    let f = fixture();
    let parsed = profile::parse_profile(data);
    let one_line = !data.contains(&b'\n') && !data.contains(&b'\r');
    let Ok(text) = std::str::from_utf8(data) else {
        // Not UTF-8: no reader takes it.
        assert!(parsed.is_err());
        if one_line && data.first() == Some(&b'{') {
            let forecast = f.audience.run(data, &RunOptions { threads: 1 }, None);
            assert_eq!(forecast.expect("a forecast").profiles, 0);
        }
        return;
    };

    // The scanner's paths agree with each other.
    let every_way = f.compiled.scan_every_way(text);
    let scan_error = match every_way {
        Ok(e) => e,
        Err(difference) => panic!("{text:?}: {difference}"),
    };

    // ... and with serde_json and parse_profile. parse_profile also refuses what is no file at
    // all (nothing but white space, a byte-order mark).
    let blank = text.trim().is_empty() || text.starts_with('\u{feff}');
    let value = serde_json::from_str::<serde_json::Value>(text);
    if !blank {
        assert_eq!(
            scan_error.is_none(),
            parsed.is_ok(),
            "{text:?}: {scan_error:?} / {parsed:?}"
        );
        assert_eq!(
            scan_error.is_none(),
            value.as_ref().is_ok_and(serde_json::Value::is_object),
            "{text:?}: {scan_error:?} / {value:?}"
        );
    }
    if let (Some(a), Err(b)) = (&scan_error, &parsed) {
        assert_eq!(
            beyond_a_value(&a.message),
            beyond_a_value(&b.message),
            "{text:?}: {a:?} / {b:?}"
        );
        if beyond_a_value(&b.message) && !text.contains(['\n', '\r']) {
            assert_eq!(a.message, b.message);
            assert_eq!(a.offset + 1, b.column, "{text:?}");
        }
    }

    // The whole forecast over it as a line of JSON Lines (a text opening with `[` would be
    // read as an array of profiles).
    if one_line && text.trim_start().starts_with('{') {
        let forecast = f
            .audience
            .run(data, &RunOptions { threads: 1 }, None)
            .expect("JSON Lines always give a forecast");
        assert_eq!(forecast.profiles, u64::from(parsed.is_ok()), "{text:?}");
        if let (Some(skipped), Err(e)) = (forecast.skipped_lines.first(), &parsed)
            && beyond_a_value(&e.message)
        {
            assert_eq!(skipped.message, e.message);
        }
    }

    // A journey file holding it, and the simulator over it.
    let journey_text = format!("{{\"profile\": {text}\n, \"events\": [{{\"type\": \"login\"}}]}}");
    let journey = Journey::from_bytes(journey_text.as_bytes());
    // (Only one way: a text that is no profile can still close the journey's object early and
    // make another journey, such as `{"a":1},"b":2`.)
    if parsed.is_ok() {
        assert!(journey.is_ok(), "{text:?}: journey {journey:?}");
    }
    if let Err(p) = &parsed
        && beyond_a_value(&p.message)
    {
        let j = journey
            .as_ref()
            .expect_err("the journey refuses its profile");
        assert_eq!(j.message, p.message);
    }
    if let Ok(j) = &journey {
        let _ = ppstudio::journey::simulate(&f.project, j).to_json_string();
    }

    // The same decisions from the scanned profile and the parsed one.
    let mut slots = RawSlots::default();
    if let (Ok(raw), Ok(map)) = (f.compiled.scan(text, &mut slots), &parsed) {
        let prepared = f.compiled.prepare(map);
        for settings in [f.project.settings.clone(), Settings::all_off()] {
            for step in 0..f.compiled.len() {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                let sa = f.compiled.decide(step, &prepared, &settings, None, &mut a);
                let sb = f.compiled.decide(step, &raw, &settings, None, &mut b);
                assert_eq!((sa, &a), (sb, &b), "{text:?} step {step}");
            }
        }
        assert_eq!(
            Compiled::login_count(&prepared),
            Compiled::login_count(&raw)
        );
    }
});
