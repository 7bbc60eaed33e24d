//! Sets `PPSTUDIO_VERSION` for `ppstudio --version`: the package's version and the commit it was
//! built from, "0.1.0 (abc1234)". Outside a git checkout (a source tarball, git missing) the
//! version alone, "0.1.0"; `PPSTUDIO_COMMIT` in the environment names the commit instead of git.

use std::path::Path;
use std::process::Command;

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=PPSTUDIO_COMMIT");
    let commit = match std::env::var("PPSTUDIO_COMMIT") {
        Ok(c) if !c.trim().is_empty() => Some(c.trim().to_owned()),
        _ => git_commit(),
    };
    match commit {
        Some(c) => println!("cargo:rustc-env=PPSTUDIO_VERSION={version} ({c})"),
        None => println!("cargo:rustc-env=PPSTUDIO_VERSION={version}"),
    }
}

/// The short hash of HEAD, and the files to watch so that a commit or a checkout runs this
/// again (only files that exist: a missing one would rebuild the crate on every build).
fn git_commit() -> Option<String> {
    let commit = git(&["rev-parse", "--short", "HEAD"])?;
    let mut watched = vec![git(&["rev-parse", "--git-path", "HEAD"])];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(git(&["rev-parse", "--git-path", &branch]));
    }
    watched.push(git(&["rev-parse", "--git-path", "packed-refs"]));
    for path in watched.into_iter().flatten() {
        if Path::new(&path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    Some(commit)
}

/// One line of git's output, or `None` when git is missing or fails (not a checkout).
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let line = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (!line.is_empty()).then_some(line)
}
