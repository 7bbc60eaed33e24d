//! `ppstudio report`, run as a user runs it: the page it writes (parsed as a browser parses
//! it), its exit codes, and nothing written when an input cannot be used. The page in a real
//! browser is `tests/report_browser.rs`.

mod cli_support;

use cli_support::{run, stderr};

use ppstudio::project::Project;
use ppstudio::report::markup::{form_markup, html_fragment};
use scraper::{Html, Selector};
use serde_json::json;

fn translated(dir: &std::path::Path) -> std::path::PathBuf {
    let mut v: serde_json::Value =
        serde_json::from_str(&Project::default_project().to_canonical()).unwrap();
    v["locales"] = json!({ "fr": { "labels": { "firstname": "Prénom" },
        "buttonsName": { "progressiveprofiling": "Envoyer" } } });
    v["name"] = json!("Acme <b>&</b> \"Co\"");
    let path = dir.join("acme.ppstudio.json");
    std::fs::write(&path, v.to_string()).unwrap();
    path
}

#[test]
fn every_form_is_the_platform_s_markup_in_every_locale_and_our_texts_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let project_path = translated(dir.path());
    let out = dir.path().join("review.html");
    let o = run(&[
        "report",
        project_path.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    let project = Project::from_bytes(&std::fs::read(&project_path).unwrap()).unwrap();
    let page = Html::parse_document(&text);
    let forms = Selector::parse("[data-step]").unwrap();
    let mut seen = 0;
    for el in page.select(&forms) {
        let step_name = el.value().attr("data-step").unwrap();
        let code = el.value().attr("data-locale").unwrap();
        let step = project.steps.iter().find(|s| s.name == step_name).unwrap();
        let locale = project.locales.get(code);
        assert_eq!(code.is_empty(), locale.is_none());
        // What a browser parses out of the page is the platform's markup.
        assert_eq!(
            html_fragment(&el.inner_html()),
            form_markup(step, locale, &project.settings),
            "{step_name} {code}"
        );
        seen += 1;
    }
    assert_eq!(seen, project.steps.len() * 2);
    // Our own texts are escaped; no script anywhere; nothing fetched.
    assert!(text.contains("<h1>Acme &lt;b&gt;&amp;&lt;/b&gt; \"Co\"</h1>"));
    assert!(!text.contains("<script"));
    assert!(text.contains("script-src 'none'"));
    for order in [
        "The consumer's life",
        "First Login",
        "Problems",
        "Translations",
    ] {
        assert!(text.contains(order), "{order}");
    }
    let life = text.find("id=\"life\"").unwrap();
    let step = text.find("id=\"step-1\"").unwrap();
    let problems = text.find("id=\"problems\"").unwrap();
    assert!(life < step && step < problems);
}

#[test]
fn unusable_inputs_exit_2_naming_the_file_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let project_path = translated(dir.path());
    let p = project_path.to_str().unwrap();
    let out = dir.path().join("review.html");
    let o_path = out.to_str().unwrap();
    let bad_json = dir.path().join("deployed.json");
    std::fs::write(&bad_json, "{ not json").unwrap();
    let bad_profiles = dir.path().join("profiles.jsonl");
    std::fs::write(&bad_profiles, "[1, 2, 3]").unwrap();
    let bad_css = dir.path().join("site.css");
    std::fs::write(&bad_css, [0xff_u8, 0xfe, 0x00]).unwrap();
    for (args, file) in [
        (
            vec!["--against", bad_json.to_str().unwrap()],
            "deployed.json",
        ),
        (
            vec!["--profiles", bad_profiles.to_str().unwrap()],
            "profiles.jsonl",
        ),
        (vec!["--css", bad_css.to_str().unwrap()], "site.css"),
        (
            vec!["--css", "/nonexistent/site.css"],
            "/nonexistent/site.css",
        ),
    ] {
        let mut all = vec!["report", p, "-o", o_path];
        all.extend(args);
        let o = run(&all);
        assert_eq!(o.status.code(), Some(2), "{all:?}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("error: ") && err.contains(file), "{err}");
        assert!(!out.exists(), "{all:?} wrote the page");
    }
}

#[test]
fn the_forecast_the_changes_and_the_site_css_are_on_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let project_path = translated(dir.path());
    let profiles = dir.path().join("profiles.jsonl");
    let o = run(&[
        "synthetic-profiles",
        "--count",
        "300",
        "-o",
        profiles.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let deployed = dir.path().join("deployed.json");
    let mut old = Project::default_project();
    old.steps[0].fields[0].rules = "required|max_length[40]".into();
    std::fs::write(&deployed, ppstudio::loginradius::export_string(&old)).unwrap();
    let css = dir.path().join("site.css");
    std::fs::write(
        &css,
        ".loginradius-submit { color: rebeccapurple } </style><script>",
    )
    .unwrap();
    let out = dir.path().join("review.html");
    let o = run(&[
        "report",
        project_path.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--profiles",
        profiles.to_str().unwrap(),
        "--against",
        deployed.to_str().unwrap(),
        "--css",
        css.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("Over 300 profiles"));
    assert!(text.contains("<svg role=\"img\""));
    assert!(
        text.contains("max_length[40] became max_length[50]"),
        "{text}"
    );
    assert!(text.contains("color: rebeccapurple"));
    // The site's stylesheet cannot close its style element.
    assert!(!text.contains("</style><script>"));
}
