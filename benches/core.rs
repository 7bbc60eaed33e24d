//! Loading, checking and saving a large project, against `serde_json::Value`.
//! `cargo bench --bench core` prints a table of medians.

#[path = "common.rs"]
mod common;

use std::hint::black_box;
use std::time::Duration;

use common::median;

use ppstudio::lint::Checker;
use ppstudio::project::{Project, synthetic::large_project};

fn row(name: &str, figure: String, goal: &str, met: bool) {
    println!(
        "| {name:<58} | {figure:>16} | {goal:<14} | {:<4} |",
        match (goal.is_empty(), met) {
            (true, _) => "",
            (false, true) => "met",
            (false, false) => "MISS",
        }
    );
}

fn main() {
    // Ignore the harness's own flags (`--bench`).
    println!(
        "| {:<58} | {:>16} | {:<14} | {:<4} |",
        "benchmark (median)", "figure", "goal", ""
    );
    println!(
        "|{}|{}|{}|{}|",
        "-".repeat(60),
        "-".repeat(18),
        "-".repeat(16),
        "-".repeat(6)
    );

    // 2. Load + check + canonical save of a ~10 MB project, against serde_json::Value.
    let big = large_project(200, 25, 2000, 100);
    let text = big.to_canonical();
    let bytes = text.as_bytes();
    let value = median(7, || {
        let v: serde_json::Value = serde_json::from_slice(black_box(bytes)).unwrap_or_default();
        black_box(v);
    });
    let ours = median(7, || {
        let p = Project::from_bytes(black_box(bytes)).unwrap_or_default();
        let problems = Checker::default().check(&p);
        let out = p.to_canonical();
        black_box((problems, out));
    });
    let load_only = median(7, || {
        black_box(Project::from_bytes(black_box(bytes)).unwrap_or_default());
    });
    let p = Project::from_bytes(bytes).unwrap_or_default();
    let check_only = median(7, || {
        black_box(Checker::default().check(&p));
    });
    let mut warm = Checker::default();
    warm.check(&p);
    let recheck = median(7, || {
        black_box(warm.check(&p));
    });
    let save_only = median(7, || {
        black_box(p.to_canonical());
    });
    let ratio = ours.as_secs_f64() / value.as_secs_f64();
    row(
        &format!(
            "project of {:.1} MB: serde_json::from_slice into Value",
            bytes.len() as f64 / 1e6
        ),
        format!("{:.1} ms", value.as_secs_f64() * 1e3),
        "",
        true,
    );
    row(
        "  load + check + canonical save",
        format!("{:.1} ms", ours.as_secs_f64() * 1e3),
        "",
        true,
    );
    row(
        "    of which load",
        format!("{:.1} ms", load_only.as_secs_f64() * 1e3),
        "",
        true,
    );
    row(
        "    of which check (cold)",
        format!("{:.1} ms", check_only.as_secs_f64() * 1e3),
        "",
        true,
    );
    row(
        "    of which canonical save",
        format!("{:.1} ms", save_only.as_secs_f64() * 1e3),
        "",
        true,
    );
    row(
        "  re-check after an edit (warm rule cache)",
        format!("{:.1} ms", recheck.as_secs_f64() * 1e3),
        "",
        true,
    );
    row(
        "  ratio to serde_json::Value",
        format!("{ratio:.2}"),
        "< 2.5",
        ratio < 2.5,
    );
    // The review page of the same project (ppstudio report, no forecast or diff).
    let mut size = 0;
    let review = median(5, || {
        let extras = ppstudio::report::Extras {
            file: "large.ppstudio.json",
            date: "2026-12-07",
            ..Default::default()
        };
        let page = ppstudio::report::page(black_box(&p), &extras);
        size = page.len();
        black_box(page);
    });
    row(
        &format!(
            "  review page ({:.1} MB of HTML, {:.1} times the project file)",
            size as f64 / 1e6,
            size as f64 / bytes.len() as f64
        ),
        format!("{:.0} ms", review.as_secs_f64() * 1e3),
        "< 1000 ms",
        review < Duration::from_secs(1),
    );
}
