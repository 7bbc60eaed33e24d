//! Who would be asked: profiles per second of `ppstudio audience`'s engine
//! ([`ppstudio::audience::Audience::run`]) for the default project's four steps (14 fields),
//! on generated realistic ~1.2 KB platform profiles (`ppstudio synthetic-profiles`), as JSON
//! Lines in memory, on one and on two threads; and the same bytes parsed by `serde_json`
//! alone (each line into a `Value`, and validated only into `IgnoredAny`), one and two
//! threads (the input cut in halves at a line). `cargo bench --bench audience`.
//!
//! Wall-clock time of each run (7 runs: median, and the range), and the CPU time of the whole
//! process (every thread) per run, which holds better on a shared machine. `AUDIENCE_N` sets the number of profiles (default 200,000); `AUDIENCE_ONLY=1` runs the engine
//! alone (for profilers).

use std::hint::black_box;
use std::time::Instant;

use ppstudio::audience::{Audience, RunOptions, generate};
use ppstudio::project::Project;

const RUNS: usize = 7;

/// CPU seconds used by the whole process so far (every thread, the finished ones included;
/// Linux `/proc/self/stat` fields 14 and 15, utime and stime, in clock ticks of 10 ms); `None`
/// elsewhere. Per CPU-second, a run on two threads that scales perfectly gives the same
/// figure as on one (each profile costs the same processor time): the column is the cost,
/// and "cores busy" (CPU seconds / wall seconds) shows the parallelism.
fn cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = after.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// (min, median, max) wall seconds, and the median CPU seconds (all threads) of a run.
fn figures(mut f: impl FnMut() -> u64) -> ((f64, f64, f64), f64) {
    let mut runs: Vec<(f64, f64)> = (0..RUNS)
        .map(|_| {
            let (t, c) = (Instant::now(), cpu_secs());
            black_box(f());
            let wall = t.elapsed().as_secs_f64();
            let cpu = match (c, cpu_secs()) {
                (Some(a), Some(b)) => b - a,
                _ => wall,
            };
            (wall, cpu)
        })
        .collect();
    let mut cpu: Vec<f64> = runs.iter().map(|r| r.1).collect();
    cpu.sort_by(f64::total_cmp);
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    (
        (runs[0].0, runs[RUNS / 2].0, runs[RUNS - 1].0),
        cpu[RUNS / 2],
    )
}

/// The lines of `text` parsed on `threads` threads (the text cut at line boundaries).
fn serde_parse(text: &str, threads: usize, validate_only: bool) -> u64 {
    let parts = split(text, threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .iter()
            .map(|part| {
                s.spawn(move || {
                    let mut n = 0u64;
                    for line in part.lines() {
                        if validate_only {
                            let v: serde::de::IgnoredAny =
                                serde_json::from_str(line).expect("valid JSON");
                            black_box(v);
                        } else {
                            let v: serde_json::Value =
                                serde_json::from_str(line).expect("valid JSON");
                            black_box(&v);
                        }
                        n += 1;
                    }
                    n
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("no panic"))
            .sum()
    })
}

fn split(text: &str, parts: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    for k in (1..=parts).rev() {
        if k == 1 {
            out.push(rest);
            break;
        }
        let at = rest.len() / k;
        let cut = rest[at..].find('\n').map_or(rest.len(), |p| at + p + 1);
        out.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    out
}

fn main() {
    let n: u64 = std::env::var("AUDIENCE_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let mut bytes = Vec::new();
    generate::write_lines(n, 1, &mut bytes).expect("generated");
    let text = String::from_utf8(bytes).expect("utf-8");
    let project = Project::default_project();
    let audience = Audience::new(&project);
    println!(
        "{n} generated profiles, {:.1} MB ({} bytes each on average); default project: {} steps, {} fields",
        text.len() as f64 / 1e6,
        text.len() as u64 / n,
        project.steps.len(),
        project.steps.iter().map(|s| s.fields.len()).sum::<usize>()
    );
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average before: {}", load.trim());
    let rate = |secs: f64| n as f64 / secs / 1e6;
    let show = |what: &str, ((lo, med, hi), cpu): ((f64, f64, f64), f64)| {
        println!(
            "{what:<46} wall {:>5.2} M profiles/s (median; {:.2}–{:.2}); {:>5.2} M per \
             CPU-second ({:.2} cores busy)",
            rate(med),
            rate(hi),
            rate(lo),
            rate(cpu),
            cpu / med
        );
        med
    };
    let mut audience_med = [0.0; 2];
    let mut serde_med = [0.0; 2];
    let mut ignored_med = [0.0; 2];
    for threads in [1, 2] {
        let a = show(
            &format!("audience, {threads} thread(s)"),
            figures(|| {
                let f = audience
                    .run(text.as_bytes(), &RunOptions { threads }, None)
                    .expect("a forecast");
                assert_eq!(f.profiles, n);
                f.profiles
            }),
        );
        if std::env::var_os("AUDIENCE_ONLY").is_some() {
            // For profilers: the engine alone.
            continue;
        }
        let s = show(
            &format!("serde_json into Value, {threads} thread(s)"),
            figures(|| serde_parse(&text, threads, false)),
        );
        ignored_med[threads - 1] = show(
            &format!("serde_json IgnoredAny (validate), {threads} thread(s)"),
            figures(|| serde_parse(&text, threads, true)),
        );
        audience_med[threads - 1] = a;
        serde_med[threads - 1] = s;
    }
    for t in [1, 2] {
        println!(
            "ratio audience / serde_json Value parse, {t} thread(s): {:.2} (median times)",
            audience_med[t - 1] / serde_med[t - 1]
        );
    }
    for t in [1, 2] {
        println!(
            "speed of audience / serde_json IgnoredAny (validating only), {t} thread(s): {:.2} \
             (median times; 1.00 or more: the forecast is as fast as merely validating)",
            ignored_med[t - 1] / audience_med[t - 1]
        );
    }
    println!(
        "two threads / one thread (audience): {:.2}x",
        audience_med[0] / audience_med[1]
    );
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average after: {}", load.trim());
}
