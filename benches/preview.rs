//! The live preview: re-validating a 30-field step after one keystroke.
//! `cargo bench --bench preview`.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use ppstudio::preview::Preview;
use ppstudio::project::{Field, FieldType, Settings, Step};

const RULES: [(&str, FieldType, &str, &str); 10] = [
    (
        "firstname",
        FieldType::String,
        "required|min_length[2]|max_length[50]",
        "Ann",
    ),
    (
        "emailid",
        FieldType::Email,
        "required|valid_email",
        "ann@example.com",
    ),
    (
        "password",
        FieldType::Password,
        "required|min_length[6]|max_length[32]",
        "secret1",
    ),
    (
        "confirmpassword",
        FieldType::Password,
        "required|matches[password]",
        "secret1",
    ),
    (
        "birthdate",
        FieldType::String,
        "required|callback_valid_date",
        "02-29-2024",
    ),
    (
        "cf_TeamSize",
        FieldType::String,
        "required|numeric|greater_than[0]|max_length[6]",
        "12",
    ),
    (
        "website",
        FieldType::String,
        "valid_url|max_length[255]",
        "https://example.com/a",
    ),
    (
        "phoneid",
        FieldType::String,
        "valid_phoneno|max_length[20]",
        "4155550100",
    ),
    (
        "cf_Code",
        FieldType::String,
        "custom_validation[^[A-Z]{3}-[0-9]{4}$###Use ABC-1234]",
        "ABC-1234",
    ),
    ("cf_Opt", FieldType::Multi, "required", "true"),
];

fn step() -> (Step, HashMap<String, String>) {
    let mut s = Step::new("Thirty");
    let mut values = HashMap::new();
    for i in 0..30 {
        let (name, ty, rules, value) = &RULES[i % RULES.len()];
        // Three copies of each kind; `matches` points at the copy of its own group.
        let name = format!("{name}{}", i / RULES.len());
        let rules = rules.replace(
            "matches[password]",
            &format!("matches[password{}]", i / RULES.len()),
        );
        let mut f = Field::new(name.clone(), format!("Label {i}"), ty.clone());
        f.rules = rules;
        s.fields.push(f);
        values.insert(name, value.to_string());
    }
    (s, values)
}

fn main() {
    let (step, mut values) = step();
    // A consumer the platform knows nothing about (every field is asked), default options.
    let known = serde_json::Map::new();
    let settings = Settings::default();
    let mut preview = Preview::new();
    black_box(preview.compute(&step, &known, &settings, &values));
    let rounds = 20_000;
    let mut times = Vec::with_capacity(rounds);
    let start = Instant::now();
    for i in 0..rounds {
        // Type one character into one field, then erase it, cycling through the fields.
        let name = step.fields[i % step.fields.len()].name.clone();
        let v = values.entry(name).or_default();
        if i % 2 == 0 {
            v.push('x');
        } else {
            v.pop();
        }
        let t = Instant::now();
        let p = black_box(preview.compute(&step, &known, &settings, &values));
        times.push(t.elapsed());
        black_box(p.timed_out);
    }
    let mean = start.elapsed() / rounds as u32;
    times.sort();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "30-field step, one keystroke: mean {:.1} us, median {:.1} us, p99 {:.1} us, max {:.1} us",
        us(mean),
        us(times[rounds / 2]),
        us(times[rounds * 99 / 100]),
        us(times[rounds - 1])
    );

    // Every field evaluated (no verdict reused): a cold engine's second call.
    let cold_rounds = 2_000;
    let start = Instant::now();
    for _ in 0..cold_rounds {
        let mut fresh = Preview::new();
        black_box(fresh.compute(&step, &known, &settings, &values));
    }
    let cold = start.elapsed() / cold_rounds;
    println!(
        "30-field step, fresh engine (compile + evaluate all): {:.1} us",
        cold.as_secs_f64() * 1e6
    );
    println!(
        "goal: under 200 us per keystroke: {}",
        if mean < Duration::from_micros(200) {
            "met"
        } else {
            "MISSED"
        }
    );
}
