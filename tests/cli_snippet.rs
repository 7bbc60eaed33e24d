//! `ppstudio snippet`, run as a user runs it.

mod cli_support;

use cli_support::run as ppstudio;

use ppstudio::loginradius::snippet::snippet;
use ppstudio::project::Project;

#[test]
fn prints_or_writes_the_snippet_of_the_project() {
    let expected = snippet(&Project::default_project());
    let o = ppstudio(&["snippet", "assets/default-project.json"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&o.stdout), expected);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pp.js");
    let o = ppstudio(&[
        "snippet",
        "assets/default-project.json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
}

#[test]
fn an_unusable_project_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pp.js");
    let o = ppstudio(&[
        "snippet",
        "tests/data/journey-bad-event.json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("error: tests/data/journey-bad-event.json:"),
        "{err}"
    );
    assert!(!out.exists());
}
