//! What the command-line tests share: the built binary, run with arguments or with an input on
//! standard input, and node for the tests that compare with V8 (no GUI crate here).
#![allow(dead_code)] // each test file uses its own part

use std::ffi::OsStr;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// The built `ppstudio` binary.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ppstudio"))
}

/// `ppstudio ARGS` in the repository's folder with nothing on standard input; its output,
/// whatever its exit status.
pub fn run<S: AsRef<OsStr>>(args: &[S]) -> Output {
    bin()
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

/// The program with `input` on standard input (written from a thread, so that a long input
/// cannot block on a full pipe); its output, whatever its exit status.
pub fn with_stdin(program: &mut Command, input: &str) -> Output {
    let mut child = program
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the program runs");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = input.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("the program ends");
    writer
        .join()
        .expect("the writer ends")
        .expect("the input is written");
    out
}

/// The lines the program prints with `input` on standard input; it must succeed.
pub fn output_lines(program: &mut Command, input: &str) -> Vec<String> {
    let out = with_stdin(program, input);
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(str::to_string)
        .collect()
}

/// `ppstudio rules eval ARGS` on `input` (JSON Lines): its output lines; it must succeed.
pub fn rules_eval(input: &str, args: &[&str]) -> Vec<String> {
    output_lines(bin().args(["rules", "eval"]).args(args), input)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The variable that allows the tests that need node to skip when it is missing.
pub const SKIP_NODE_VAR: &str = "PPSTUDIO_SKIP_NODE_TESTS";

/// node, if it runs here.
pub fn node() -> Option<PathBuf> {
    ["node", "/usr/bin/node", "/usr/local/bin/node"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| {
            Command::new(p)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

/// node for the test `test`. When node is missing: a failure that says how to install it, or
/// `None` with a notice on the terminal when [`SKIP_NODE_VAR`] is `1` (CI never sets it).
pub fn node_for(test: &str) -> Option<PathBuf> {
    if let Some(node) = node() {
        return Some(node);
    }
    assert!(
        std::env::var(SKIP_NODE_VAR).is_ok_and(|v| v == "1"),
        "{test}: node is not on the PATH, so this test cannot run. Install node (apt-get \
         install nodejs), or set {SKIP_NODE_VAR}=1 to skip the tests that need it."
    );
    // Straight to the terminal: the test harness captures print! and eprint!.
    let _ = writeln!(
        std::io::stderr().lock(),
        "NOTICE: {test}: node not found on PATH, test SKIPPED ({SKIP_NODE_VAR}=1)"
    );
    None
}
