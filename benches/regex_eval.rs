//! Regex-heavy rule evaluation, whole process: `ppstudio rules eval` (this build, bench
//! profile) against V8's own RegExp in node (`benches/regex_peer.js`), on a generated JSON
//! Lines workload where most lines bring a new `custom_validation` pattern.
//! `cargo bench --bench regex_eval` (needs node on the PATH).
//!
//! Both read the same file on standard input and write their verdicts to a file; the two
//! outputs must be identical (the bench fails otherwise). Each is run several times,
//! alternately, and timed from spawn to exit (wall clock); the table gives the medians and
//! the ratio node / ppstudio (above 1: ppstudio is faster).
//!
//! `cargo bench --bench regex_eval -- --write FILE` only writes the workload to FILE.

#[path = "common.rs"]
mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ppstudio::audience::generate::Rng;

/// Lines in the workload.
const LINES: usize = 100_000;
/// Runs of each program.
const RUNS: usize = 5;
/// One line in this many repeats a pattern seen a little earlier.
const REPEAT_EVERY: u64 = 10;

/// A pattern (with `or` for `|`, as a rules string must write it) and a value to test, which
/// matches about half the time.
fn case(rng: &mut Rng, n: u64) -> (String, String) {
    let k = 2 + (n % 7) as usize;
    let hit = rng.below(2) == 0;
    match rng.below(12) {
        0 => (
            format!("^[A-Z]{{{k}}}[0-9]{{{}}}$", k + 1),
            if hit {
                rng.upper(k) + &rng.digits(k + 1)
            } else {
                rng.upper(k) + &rng.digits(k)
            },
        ),
        1 => (
            format!("^[0-9]{{{k}}}(-[0-9]{{{}}})?$", (n % 5) + 2),
            if hit {
                rng.digits(k)
            } else {
                rng.digits(k) + "-x"
            },
        ),
        2 => (
            format!("^\\+?[0-9 ]{{{k},{}}}$", k + 8),
            if hit {
                format!("+{}", rng.digits(k + 2))
            } else {
                format!("tel {}", rng.digits(k))
            },
        ),
        3 => {
            let domain = rng.word(k + 2);
            (
                format!("^[a-z0-9._%+-]+@{domain}\\.com$"),
                if hit {
                    format!("{}@{domain}.com", rng.word(5))
                } else {
                    format!("{}@{}.com", rng.word(5), rng.word(3))
                },
            )
        }
        4 => {
            let (a, b, c) = (rng.word(k), rng.word(k + 1), rng.word(3));
            (
                format!("^({a}{}{b}{}{c})$", "or", "or"),
                if hit { b } else { rng.word(k + 2) },
            )
        }
        5 => (
            format!("^.{{{k},{}}}$", k * 3),
            if hit {
                rng.word(k + 1)
            } else {
                rng.word(k * 3 + 1)
            },
        ),
        6 => (
            format!("\\d{{{k}}}"),
            if hit {
                format!("ref {}", rng.digits(k + 1))
            } else {
                format!("ref {}", rng.word(k))
            },
        ),
        7 => (
            format!("^(?:[A-Z][a-z]+ ?){{1,{k}}}$"),
            if hit {
                format!("Ann Lee{}", rng.word(2))
            } else {
                format!("ann {}", rng.digits(2))
            },
        ),
        8 => (
            format!("^[^<>]{{1,{}}}$", k * 10),
            if hit {
                rng.word(k)
            } else {
                format!("<{}>", rng.word(k))
            },
        ),
        9 => {
            let lit = rng.word(k + 3);
            (
                lit.clone(),
                if hit {
                    format!("x{lit}y")
                } else {
                    rng.word(k + 3)
                },
            )
        }
        10 => (
            format!("^[a-z]{{{k}}}\\d{{2}}$"),
            if hit {
                rng.word(k) + &rng.digits(2)
            } else {
                rng.word(k + 1)
            },
        ),
        _ => (
            format!("^(?=.*\\d)(?=.*[a-z]).{{{k},}}$"),
            if hit {
                rng.word(k) + &rng.digits(1)
            } else {
                rng.word(k + 1)
            },
        ),
    }
}

/// The workload: one `custom_validation` case a line; about nine lines in ten bring a
/// pattern not seen before.
fn workload() -> String {
    let mut rng = Rng::new(0x9e37_79b9_7f4a_7c15);
    let mut recent: Vec<String> = Vec::new();
    let mut out = String::with_capacity(LINES * 120);
    for i in 0..LINES as u64 {
        let (mut pattern, value) = case(&mut rng, i);
        if i % REPEAT_EVERY == 0 && !recent.is_empty() {
            pattern.clone_from(&recent[rng.below(recent.len() as u64) as usize]);
        } else {
            // A number of its own makes the pattern new (a literal, so the shape is kept).
            pattern = format!("{pattern}(?:#{i})?");
            recent.push(pattern.clone());
            if recent.len() > 64 {
                recent.remove(0);
            }
        }
        let message = if rng.below(3) == 0 {
            String::new()
        } else {
            format!("Please check this value ({})", i % 97)
        };
        let case = serde_json::json!({
            "rules": format!("custom_validation[{pattern}###{message}]"),
            "display": format!("Field {}", i % 50),
            "value": value,
        });
        out.push_str(&case.to_string());
        out.push('\n');
    }
    out
}

/// Runs `program` with `input` on standard input and `output` as standard output; the wall
/// time from spawn to exit.
fn time(program: &mut Command, input: &Path, output: &Path) -> Duration {
    let stdin = std::fs::File::open(input).expect("the workload");
    let stdout = std::fs::File::create(output).expect("an output file");
    let start = Instant::now();
    let status = program
        .stdin(Stdio::from(stdin))
        .stdout(Stdio::from(stdout))
        .status()
        .expect("the program runs");
    let elapsed = start.elapsed();
    assert!(status.success(), "{program:?} failed: {status}");
    elapsed
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = workload();
    if let Some(i) = args.iter().position(|a| a == "--write") {
        let path = args.get(i + 1).expect("--write FILE");
        std::fs::write(path, &text).expect("the workload written");
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let input = dir.path().join("workload.jsonl");
    std::fs::write(&input, &text).expect("the workload written");
    let ours = PathBuf::from(env!("CARGO_BIN_EXE_ppstudio"));
    let peer = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/regex_peer.js");
    let node = std::env::var("NODE").unwrap_or_else(|_| "node".into());
    let node_version = Command::new(&node).arg("--version").output().map_or_else(
        |e| panic!("node is needed for this bench ({node}: {e})"),
        |o| String::from_utf8_lossy(&o.stdout).trim().to_string(),
    );
    let (out_ours, out_peer) = (dir.path().join("ours.jsonl"), dir.path().join("peer.jsonl"));
    let mut t_ours = Vec::new();
    let mut t_peer = Vec::new();
    for _ in 0..RUNS {
        t_ours.push(time(
            Command::new(&ours).args(["rules", "eval"]),
            &input,
            &out_ours,
        ));
        t_peer.push(time(Command::new(&node).arg(&peer), &input, &out_peer));
    }
    let a = std::fs::read(&out_ours).expect("our output");
    let b = std::fs::read(&out_peer).expect("node's output");
    if a != b {
        let first = a
            .split(|c| *c == b'\n')
            .zip(b.split(|c| *c == b'\n'))
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        panic!("ppstudio and node disagree, first at line {}", first + 1);
    }
    let invalid = String::from_utf8_lossy(&a)
        .matches("\"valid\":false")
        .count();
    let load = std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "unknown".into(),
        |s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    );
    let (m_ours, m_peer) = (
        common::median_of(&mut t_ours.clone()),
        common::median_of(&mut t_peer.clone()),
    );
    let range = |t: &[Duration]| {
        let lo = t.iter().min().copied().unwrap_or_default();
        let hi = t.iter().max().copied().unwrap_or_default();
        format!(
            "{:.0}–{:.0}",
            lo.as_secs_f64() * 1e3,
            hi.as_secs_f64() * 1e3
        )
    };
    println!(
        "workload: {LINES} lines ({} bytes), about {}% of them a new pattern, {invalid} invalid; \
         node {node_version}; load average {load}; {RUNS} runs each, alternately",
        text.len(),
        100 - 100 / REPEAT_EVERY
    );
    println!();
    println!("| whole process, same input and output          | median ms | range ms  |");
    println!("|-----------------------------------------------|----------:|-----------|");
    println!(
        "| ppstudio rules eval                           | {:>9.0} | {:<9} |",
        m_ours.as_secs_f64() * 1e3,
        range(&t_ours)
    );
    println!(
        "| node: JSON.parse, new RegExp(p, 'g').test      | {:>9.0} | {:<9} |",
        m_peer.as_secs_f64() * 1e3,
        range(&t_peer)
    );
    println!();
    println!(
        "ratio node / ppstudio: {:.2} (goal: at least 1.5); outputs identical ({} lines)",
        m_peer.as_secs_f64() / m_ours.as_secs_f64(),
        a.iter().filter(|c| **c == b'\n').count()
    );
    let _ = std::io::stdout().flush();
}
