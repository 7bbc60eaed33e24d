//! The trigger snippet under node (see `snippet_node.rs`): each kind of trigger, the
//! simulator's predictions against what the page shows, and bad input.
//!
//! Needs node and the npm packages of `tests/glue` (`npm ci --prefix tests/glue`, which the
//! README's test command runs). When node is missing each test fails, unless
//! `PPSTUDIO_SKIP_NODE_TESTS=1` says skipping is allowed (CI never sets it).

mod cli_support;
mod glue_support;

use glue_support::*;
use ppstudio::journey::{Journey, simulate};
use ppstudio::loginradius::snippet::snippet;
use ppstudio::project::{Project, TriggerKind};
use serde_json::{Value, json};

// ----- Triggers -----

#[test]
fn logins_counted_per_user_in_local_storage_or_given_by_the_site() {
    let p = Project::default_project();
    let Some(out) = run(
        "logins",
        &p,
        quick(json!({ "actions": [
            ["login", "u1"], ["login", "u1"], ["login", "u1"], ["login", "u1"],
            ["login", "u2"],
            ["login", "u3", 3], ["login", "u4", "1"], ["login", "u5", 0], ["login", "u6", 2.5]
        ] })),
    ) else {
        return;
    };
    assert_eq!(
        per_action(&out, 0),
        [
            vec!["First Login"],
            vec![],
            vec!["Third Login"],
            vec![],
            vec!["First Login"],
            vec!["Third Login"],
            vec!["First Login"],
            vec!["First Login"],
            vec!["First Login"]
        ]
    );
    assert_eq!(out["pages"][0]["local"]["ppstudio.logins.u1"], "4");
    assert_eq!(out["pages"][0]["local"]["ppstudio.logins.u3"], "3");
}

#[test]
fn without_storage_logins_are_counted_in_memory() {
    let p = Project::default_project();
    let Some(out) = run(
        "no storage",
        &p,
        quick(json!({ "storageThrows": true,
                      "actions": [["login", "u"], ["login", "u"], ["login", "u"]] })),
    ) else {
        return;
    };
    assert_eq!(
        per_action(&out, 0),
        [vec!["First Login"], vec![], vec!["Third Login"]]
    );
}

#[test]
fn page_steps_fire_on_load_when_the_whole_path_matches() {
    let p = Project::default_project();
    for (path, shown) in [
        ("/pricing", true),
        ("/pricing/teams", true),
        ("/Pricing", false),
        ("/en/pricing", false),
        ("/", false),
    ] {
        let Some(out) = run("page load", &p, quick(json!({ "path": path }))) else {
            return;
        };
        let expected: Vec<&str> = if shown { vec!["Pricing Page"] } else { vec![] };
        assert_eq!(executed(&out), expected, "{path}");
    }
}

#[test]
fn single_page_apps_drive_page_views_and_a_waiting_page_step_ends_with_its_page() {
    let p = Project::default_project();
    let Some(out) = run(
        "manual page views",
        &p,
        quick(
            json!({ "path": "/pricing", "preset": { "manualPageViews": true },
                      "actions": [["onPageView"], ["onPageView", "/nope"], ["onPageView", "/pricing/x"]] }),
        ),
    ) else {
        return;
    };
    assert_eq!(
        per_action(&out, 0),
        [vec!["Pricing Page"], vec![], vec!["Pricing Page"]]
    );
    // Not logged in on /pricing, then the app moves on to /about: the step is forgotten.
    let Some(out) = run(
        "page step forgotten",
        &p,
        json!({ "pages": [{ "path": "/pricing", "token": false, "preset": { "manualPageViews": true },
                            "actions": [["onPageView"], ["onPageView", "/about"], ["login", "u", 2]] }] }),
    ) else {
        return;
    };
    assert!(executed(&out).is_empty());
}

#[test]
fn page_patterns_are_literal_except_the_star_and_see_the_decoded_path() {
    let mut p = Project::default_project();
    p.steps.clear();
    let p = with_step(p, "Cafe", TriggerKind::PageVisit("/café/*".into()));
    let p = with_step(p, "Dots", TriggerKind::PageVisit("/a.b?c".into()));
    let p = with_step(p, "Stars", TriggerKind::PageVisit("*/x/*/y".into()));
    let Some(out) = run(
        "page patterns",
        &p,
        quick(json!({ "path": "/caf%C3%A9/menu", "preset": { },
                      "actions": [["onPageView", "/a.b?c"], ["onPageView", "/aXb?c"],
                                  ["onPageView", "/1/x/2/3/y"], ["onPageView", "/x/y"],
                                  ["onPageView", "/%E0%A4%A"]] })),
    ) else {
        return;
    };
    assert_eq!(executed(&out)[0], "Cafe");
    assert_eq!(
        per_action(&out, 0),
        [vec!["Dots"], vec![], vec!["Stars"], vec![], vec![]]
    );
}

#[test]
fn click_steps_fire_on_the_target_element_its_event_or_a_call() {
    let p = Project::default_project();
    let Some(out) = run(
        "clicks",
        &p,
        quick(json!({ "actions": [
            ["click", "icon"],
            ["click", "upgrade-cta"],
            ["click", "other"],
            ["event", "ppstudio:upgrade-cta"],
            ["event", "upgrade-cta"],
            ["onClick", "upgrade-cta"],
            ["onClick", "upgrade"]
        ] })),
    ) else {
        return;
    };
    assert_eq!(
        per_action(&out, 0),
        [
            vec!["Upgrade CTA"],
            vec!["Upgrade CTA"],
            vec![],
            vec!["Upgrade CTA"],
            vec![],
            vec!["Upgrade CTA"],
            vec![]
        ]
    );
}

#[test]
fn a_target_named_click_does_not_fire_on_every_click() {
    let mut p = Project::default_project();
    p.steps.clear();
    let p = with_step(p, "Any", TriggerKind::CtaClick("click".into()));
    let Some(out) = run(
        "click named click",
        &p,
        quick(json!({ "actions": [["click", "other"], ["event", "ppstudio:click"]] })),
    ) else {
        return;
    };
    assert_eq!(per_action(&out, 0), [vec![], vec!["Any"]]);
}

#[test]
fn manual_and_unknown_steps_are_never_called() {
    let p = with_step(Project::default_project(), "By hand", TriggerKind::Manual);
    let p = with_step(p, "Odd", TriggerKind::Unknown("purchase".into()));
    let p = with_step(p, "Never", TriggerKind::LoginCount(0));
    let js = snippet(&p);
    assert!(js.contains("\"By hand\""));
    let Some(out) = run(
        "manual",
        &p,
        quick(json!({ "path": "/pricing", "actions": [
            ["login", "u"], ["login", "u", 0], ["onClick", "By hand"], ["event", "ppstudio:manual"],
            ["onPageView", "/By hand"], ["login", "u"]
        ] })),
    ) else {
        return;
    };
    let all = executed(&out).join(",");
    assert!(!all.contains("By hand") && !all.contains("Odd") && !all.contains("Never"));
}

#[test]
fn loading_the_snippet_twice_adds_no_second_set_of_listeners() {
    let p = Project::default_project();
    let twice = format!("{0}\n{0}", snippet(&p));
    let Some(out) = run_script(
        "twice",
        &p,
        &twice,
        quick(json!({ "actions": [["click", "upgrade-cta"], ["login", "u"]] })),
    ) else {
        return;
    };
    assert_eq!(
        per_action(&out, 0),
        [vec!["Upgrade CTA"], vec!["First Login"]]
    );
}

#[test]
fn hostile_names_paths_and_targets_reach_exec_step_exactly() {
    let nasty = "He said \"hi\" \\ </script><!-- ' \u{2028}\u{2029} 😀 `${x}` @@PAGE_STEPS@@ end";
    let mut p = Project::default_project();
    p.steps.clear();
    p.name = nasty.into();
    let p = with_step(p, nasty, TriggerKind::FirstLogin);
    let p = with_step(
        p,
        &format!("page {nasty}"),
        TriggerKind::PageVisit(format!("/{nasty}*")),
    );
    let p = with_step(
        p,
        &format!("click {nasty}"),
        TriggerKind::CtaClick(nasty.into()),
    );
    let js = snippet(&p);
    assert!(js.is_ascii(), "ASCII only");
    assert!(!js.to_ascii_lowercase().contains("</script"));
    assert!(!js.contains("<!--"));
    let Some(out) = run(
        "escaping",
        &p,
        quick(
            json!({ "actions": [["login", "u"], ["onPageView", format!("/{nasty}/x")],
                                  ["onClick", nasty], ["event", format!("ppstudio:{nasty}")]] }),
        ),
    ) else {
        return;
    };
    assert_eq!(
        per_action(&out, 0),
        [
            vec![nasty.to_string()],
            vec![format!("page {nasty}")],
            vec![format!("click {nasty}")],
            vec![format!("click {nasty}")]
        ]
    );
}

#[test]
fn without_the_library_the_snippet_waits_and_says_so() {
    let p = Project::default_project();
    let Some(out) = run(
        "no LRObject",
        &p,
        json!({ "pages": [{ "site": "nolibrary", "path": "/pricing", "actions": [["login", "u"]] }] }),
    ) else {
        return;
    };
    let warnings = console(&out, "warn");
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("\"Pricing Page\""));
    assert!(warnings[0].contains("load LoginRadiusV2.js"));
}

#[test]
fn an_unknown_locale_is_refused_with_the_known_ones() {
    let p = switching_project();
    let Some(out) = run(
        "unknown locale",
        &p,
        quick(
            json!({ "actions": [["setLocale", "it"], ["setLocale", "de-AT"], ["setLocale", "FR"]] }),
        ),
    ) else {
        return;
    };
    let returned: Vec<&Value> = records(&out, "action")
        .filter(|r| r["action"] == "setLocale")
        .map(|r| &r["returned"])
        .collect();
    assert_eq!(returned, vec![&json!(false), &json!(true), &json!(true)]);
    assert_eq!(
        console(&out, "warn"),
        ["ppstudio: no translation for the locale \"it\"; the project has: fr, de"]
    );
    // With no locale ever chosen the hook is never called.
    let Some(out) = run(
        "no locale",
        &p,
        quick(json!({ "actions": [["login", "u"]] })),
    ) else {
        return;
    };
    assert!(records(&out, "hook").next().is_none());
}

// ----- The simulator and the page agree -----

/// Journeys through `ppstudio simulate`'s engine and through the snippet on the page: the
/// same steps, with the same fields, in the same order. The consumer submits every form.
#[test]
fn the_page_shows_what_the_simulator_predicts() {
    let p = Project::default_project();
    // A second first-login step sharing a field with the first.
    let mut shared = p.steps[2].fields.clone();
    shared.insert(0, p.steps[0].fields[1].clone());
    let p = with_step(p.clone(), "Welcome", TriggerKind::LoginCount(1));
    let mut p = p;
    p.steps[4].fields = shared;
    for (name, profile, pages) in [
        (
            "three logins",
            json!({ "lastname": "Lee" }),
            vec![("/", "login"), ("/", "login"), ("/", "login")],
        ),
        (
            "visit then click",
            json!({ "company": "Acme" }),
            vec![("/", "login"), ("/pricing/teams", ""), ("/", "click")],
        ),
    ] {
        let events: Vec<Value> = pages
            .iter()
            .flat_map(|(path, action)| {
                let mut e = Vec::new();
                if *path != "/" {
                    e.push(json!({ "type": "visit", "path": path }));
                }
                match *action {
                    "login" => e.push(json!({ "type": "login" })),
                    "click" => e.push(json!({ "type": "click", "target": "upgrade-cta" })),
                    _ => {}
                }
                e
            })
            .collect();
        let journey = Journey::from_bytes(
            json!({ "profile": profile, "events": events })
                .to_string()
                .as_bytes(),
        )
        .unwrap();
        let predicted: Vec<(String, Vec<String>)> = simulate(&p, &journey)
            .prompts
            .into_iter()
            .map(|x| (x.step, x.fields))
            .collect();
        let page_list: Vec<Value> = pages
            .iter()
            .map(|(path, action)| {
                let mut actions = vec![];
                match *action {
                    "login" => actions.push(json!(["login", "u"])),
                    "click" => actions.push(json!(["click", "upgrade-cta"])),
                    _ => {}
                }
                for _ in 0..3 {
                    actions.push(json!(["wait", 2000]));
                    actions.push(json!(["submit"]));
                }
                json!({ "path": path, "token": *action != "login", "actions": actions })
            })
            .collect();
        let Some(out) = run(name, &p, json!({ "profile": profile, "pages": page_list })) else {
            return;
        };
        let shown: Vec<(String, Vec<String>)> = records(&out, "render")
            .map(|r| {
                let html = r["html"].as_str().unwrap();
                let fields = html
                    .split(" name=\"")
                    .skip(1)
                    .filter_map(|s| s.split('"').next())
                    .filter(|n| *n != "loginradius-progressiveProfiling")
                    .map(str::to_string)
                    .collect();
                (r["step"].as_str().unwrap().to_string(), fields)
            })
            .collect();
        assert_eq!(shown, predicted, "{name}");
        assert!(!shown.is_empty());
    }
}

// ----- Bad input -----

#[test]
fn odd_projects_give_a_snippet_that_parses_and_never_breaks_the_page() {
    let mut odd = Project::default_project();
    odd.name = "Ünïcödé \"quotes\" </script> <!-- --> \u{2028}".into();
    odd.steps[0].name = "It's \"</script>\" ✓".into();
    odd.locales = serde_json::from_value(json!({
        "fr\"</script>": { "labels": { "firstname": "Prénom </script> \u{2029}" },
                           "errorMessages": [ { "code": 1, "message": "☃" } ] }
    }))
    .unwrap();
    for (name, p) in [("no steps", Project::default()), ("odd names", odd)] {
        let js = snippet(&p);
        assert!(js.is_ascii() && !js.to_ascii_lowercase().contains("</script"));
        let Some(out) = run(
            name,
            &p,
            json!({ "pages": [{ "path": "/pricing", "token": true,
                                "actions": [["setLocale", "fr\"</script>"], ["login", "u"],
                                            ["wait", 2000], ["submit"], ["wait", 2000],
                                            ["click", "upgrade-cta"], ["wait", 2000], ["status"]] }] }),
        ) else {
            return;
        };
        if name == "odd names" {
            let steps = executed(&out);
            assert_eq!(steps[0], "Pricing Page");
            assert_eq!(steps[1], "It's \"</script>\" ✓", "{steps:?}");
        } else {
            assert!(executed(&out).is_empty());
        }
    }
}

#[test]
fn the_project_s_show_in_editor_setting_turns_the_profile_page_s_fields_on() {
    let script_probe = |p: &Project| {
        format!(
            "{}\nconsole.log('showInEditor ' + LRObject.progressiveProfiling.showInEditor);",
            snippet(p)
        )
    };
    let mut p = Project::default_project();
    for on in [false, true] {
        p.settings.show_in_editor = on;
        let Some(out) = run_script(
            "showInEditor",
            &p,
            &script_probe(&p),
            json!({ "pages": [{}] }),
        ) else {
            return;
        };
        assert_eq!(console(&out, "log"), [format!("showInEditor {on}")]);
    }
}
