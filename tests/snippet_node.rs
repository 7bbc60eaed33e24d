//! The trigger snippet, run under node in a browser-like page (jsdom, `tests/glue/run.js`)
//! with a stand-in of the platform's library (`tests/glue/standin.js`) that behaves as
//! `shared/GLUE.md` says, under a fake clock. The first tests check the stand-in, one per fact
//! of GLUE.md; the others run the generated snippet through each scenario of the glue issue:
//! every step the simulator predicts appears, whatever the timing.
//!
//! Needs node and the npm packages of `tests/glue` (`npm ci --prefix tests/glue`, which the
//! README's test command runs). When node is missing each test fails, unless
//! `PPSTUDIO_SKIP_NODE_TESTS=1` says skipping is allowed (CI never sets it).

mod cli_support;
mod glue_support;

use glue_support::*;
use ppstudio::journey::{Journey, simulate};
use ppstudio::loginradius::export;
use ppstudio::project::{Project, TriggerKind};
use serde_json::{Value, json};

// ----- The stand-in: one test per fact of GLUE.md -----

const EXEC_AT_ONCE: &str =
    "LRObject.progressiveProfiling.execStep(\"First Login\", ppstudio.options);";

#[test]
fn glue_1_exec_step_before_the_schema_or_without_a_token_does_nothing_without_a_word() {
    let p = Project::default_project();
    let Some(out) = run_script(
        "glue 1",
        &p,
        EXEC_AT_ONCE,
        json!({ "pages": [{ "token": true }] }),
    ) else {
        return;
    };
    let exec: Vec<&Value> = records(&out, "execStep").collect();
    assert_eq!(exec.len(), 1);
    assert_eq!(exec[0]["ignored"], "no schema");
    assert!(rendered(&out).is_empty() && records(&out, "site").next().is_none());
    assert!(records(&out, "console").next().is_none());
    // With the schema there but no token: nothing either.
    let late = "setTimeout(function () { LRObject.progressiveProfiling.execStep(\"First Login\", \
                ppstudio.options); }, 5000);";
    let Some(out) = run_script(
        "glue 1b",
        &p,
        late,
        json!({ "pages": [{ "token": false }] }),
    ) else {
        return;
    };
    let exec: Vec<&Value> = records(&out, "execStep").collect();
    assert_eq!(exec[0]["ignored"], "no token");
    assert!(rendered(&out).is_empty() && records(&out, "site").next().is_none());
}

#[test]
fn glue_2_the_schema_arrives_two_round_trips_after_the_start_then_end_process_is_called() {
    let p = Project::default_project();
    let script = "LRObject.$hooks.register(\"endProcess\", function (what) { \
                  console.log(what + \": \" + !!LRObject.progressiveProfilingSchema); });";
    let Some(out) = run_script("glue 2", &p, script, json!({ "pages": [{}] })) else {
        return;
    };
    let requests: Vec<(&Value, &Value)> = records(&out, "request")
        .map(|r| (&r["what"], &r["t"]))
        .collect();
    assert_eq!(
        requests,
        vec![
            (&json!("app configuration"), &json!(0)),
            (&json!("progressive profiling schema"), &json!(300))
        ]
    );
    assert_eq!(
        console(&out, "log"),
        [
            "app configuration: false",
            "progressive profiling schema: true"
        ]
    );
}

#[test]
fn glue_3_init_after_the_app_configuration_was_handled_never_fetches_the_schema() {
    let p = Project::default_project();
    let Some(out) = run_script(
        "glue 3",
        &p,
        "",
        json!({ "pages": [{ "site": "late", "token": true }] }),
    ) else {
        return;
    };
    let whats: Vec<&Value> = records(&out, "request").map(|r| &r["what"]).collect();
    assert_eq!(whats, vec![&json!("app configuration")]);
    let init: Vec<&Value> = records(&out, "ppinit").collect();
    assert_eq!(init[0]["configHandled"], true);
}

#[test]
fn glue_4_a_step_name_the_platform_does_not_serve_only_logs_in_debug_mode() {
    let p = Project::default_project();
    let script = "setTimeout(function () { LRObject.progressiveProfiling.execStep(\"first login\", \
                  ppstudio.options); }, 2000);";
    let Some(out) = run_script(
        "glue 4",
        &p,
        script,
        json!({ "lrOptions": { "debugMode": true }, "pages": [{ "token": true }] }),
    ) else {
        return;
    };
    assert_eq!(
        records(&out, "execStep").next().unwrap()["ignored"],
        "not served"
    );
    assert_eq!(console(&out, "log"), ["Step Schema not found."]);
    assert!(rendered(&out).is_empty() && records(&out, "site").next().is_none());
}

#[test]
fn glue_5_a_second_step_in_the_same_container_replaces_the_first() {
    let p = Project::default_project();
    let script = "setTimeout(function () { \
                  LRObject.progressiveProfiling.execStep(\"First Login\", ppstudio.options); \
                  LRObject.progressiveProfiling.execStep(\"Pricing Page\", ppstudio.options); \
                  }, 2000);";
    let Some(out) = run_script(
        "glue 5",
        &p,
        script,
        json!({ "pages": [{ "token": true }] }),
    ) else {
        return;
    };
    assert_eq!(rendered(&out), ["First Login", "Pricing Page"]);
    let html = out["pages"][0]["html"].as_str().unwrap();
    assert_eq!(html.matches("<form").count(), 1);
    assert!(html.contains("loginradius-company") && !html.contains("loginradius-firstname"));
}

#[test]
fn glue_6_with_no_field_left_the_library_completes_or_reports_970() {
    let p = Project::default_project();
    let script = "setTimeout(function () { \
                  LRObject.progressiveProfiling.execStep(\"First Login\", ppstudio.options); \
                  }, 2000);";
    let profile = json!({ "FirstName": "Ann", "lastname": "Lee", "PhoneId": "+1" });
    let Some(out) = run_script(
        "glue 6",
        &p,
        script,
        json!({ "profile": profile, "pages": [{ "token": true }] }),
    ) else {
        return;
    };
    assert!(rendered(&out).is_empty());
    let site: Vec<&Value> = records(&out, "site").map(|r| &r["callback"]).collect();
    assert_eq!(site, vec![&json!("onSuccess")]);
    let mut unverified = profile.clone();
    unverified["EmailVerified"] = json!(false);
    let Some(out) = run_script(
        "glue 6b",
        &p,
        script,
        json!({ "profile": unverified, "pages": [{ "token": true }] }),
    ) else {
        return;
    };
    let site: Vec<&Value> = records(&out, "site").collect();
    assert_eq!(site.len(), 1);
    assert_eq!(site[0]["callback"], "onError");
    assert_eq!(site[0]["errors"][0]["ErrorCode"], 970);
}

#[test]
fn glue_7_a_social_consumer_gets_a_re_consent_button_instead_of_a_form() {
    let p = Project::default_project();
    let script = "setTimeout(function () { ppstudio.options.templateName = \"consent-tmpl\"; \
                  LRObject.progressiveProfiling.execStep(\"Third Login\", ppstudio.options); \
                  }, 2000);";
    let Some(out) = run_script(
        "glue 7",
        &p,
        script,
        json!({ "profile": { "Provider": "facebook" }, "pages": [{ "token": true }] }),
    ) else {
        return;
    };
    let html = out["pages"][0]["html"].as_str().unwrap();
    assert!(html.contains("data-template=\"consent-tmpl\""), "{html}");
    assert!(!html.contains("<form"));
}

#[test]
fn glue_8_a_submit_is_saved_then_on_success_and_a_failed_validation_calls_on_error() {
    let p = Project::default_project();
    let script = "setTimeout(function () { \
                  LRObject.progressiveProfiling.execStep(\"First Login\", ppstudio.options); \
                  }, 2000);";
    let Some(out) = run_script(
        "glue 8",
        &p,
        script,
        json!({ "pages": [{ "token": true, "actions": [
            ["wait", 3000], ["submit", {}], ["wait", 1000], ["submit"], ["wait", 1000]
        ] }] }),
    ) else {
        return;
    };
    let site: Vec<&Value> = records(&out, "site").collect();
    assert_eq!(site.len(), 2);
    assert_eq!(site[0]["callback"], "onError");
    assert_eq!(
        site[0]["errors"][0]["Description"],
        "The First Name field is required."
    );
    assert_eq!(site[1]["callback"], "onSuccess");
    let saved: Vec<&Value> = records(&out, "saved").collect();
    assert_eq!(saved[0]["values"]["firstname"], "value of firstname");
}

#[test]
fn glue_9_locale_texts_merge_empty_texts_are_ignored_and_placeholders_stay_in_the_schema() {
    let p = Project::default_project();
    let script = "function show() { LRObject.progressiveProfiling.execStep(\"First Login\", \
                  ppstudio.options); }\n\
                  setTimeout(function () { LRObject.$hooks.call(\"setLocaleBasedInfo\", \
                  { labels: { firstname: \"Prénom\", lastname: \"Nom\" }, \
                    placeholders: { firstname: \"Votre prénom\" } }); show(); }, 2000);\n\
                  setTimeout(function () { LRObject.$hooks.call(\"setLocaleBasedInfo\", \
                  { labels: { firstname: \"Vorname\", lastname: \"\" }, placeholders: {} }); \
                  show(); }, 4000);";
    let Some(out) = run_script(
        "glue 9",
        &p,
        script,
        json!({ "pages": [{ "token": true }] }),
    ) else {
        return;
    };
    let html = out["pages"][0]["html"].as_str().unwrap();
    assert!(html.contains(">Vorname</label>"), "{html}");
    // The earlier locale's label stays, "" did not clear it, and the placeholder stays.
    assert!(html.contains(">Nom</label>"), "{html}");
    assert!(html.contains("placeholder=\"Votre prénom\""), "{html}");
}

#[test]
fn glue_10_with_no_locale_the_button_is_the_librarys_default_and_labels_the_display() {
    let p = Project::default_project();
    let script = "setTimeout(function () { \
                  LRObject.progressiveProfiling.execStep(\"First Login\", ppstudio.options); \
                  }, 2000);";
    let Some(out) = run_script(
        "glue 10",
        &p,
        script,
        json!({ "pages": [{ "token": true }] }),
    ) else {
        return;
    };
    let html = out["pages"][0]["html"].as_str().unwrap();
    assert!(html.contains("value=\"Progressive Profiling\""), "{html}");
    assert!(html.contains(">First Name</label>"), "{html}");
    assert_eq!(ppstudio::l10n::SOURCE_BUTTON, "Progressive Profiling");
}

// ----- The snippet: each step the simulator predicts appears, whatever the timing -----

/// The five cases that showed nothing in 10 of 10 runs before: the first login, the third
/// login, a page visit, a click and a translated step, each handled in the page's first
/// moments, with answers after 0 ms and 300 ms.
#[test]
fn steps_asked_for_before_the_schema_wait_and_are_shown() {
    let mut p = Project::default_project();
    p.locales =
        serde_json::from_value(json!({ "fr": { "labels": { "firstname": "Prénom" } } })).unwrap();
    for delay in [0, 300] {
        let cases = [
            ("first login", "/", json!([["login", "u"]]), "First Login"),
            (
                "third login",
                "/",
                json!([["login", "u", 3]]),
                "Third Login",
            ),
            ("page visit", "/pricing/teams", json!([]), "Pricing Page"),
            ("click", "/", json!([["click", "icon"]]), "Upgrade CTA"),
            (
                "translated",
                "/",
                json!([["setLocale", "fr"], ["login", "u"]]),
                "First Login",
            ),
        ];
        for (name, path, actions, step) in cases {
            let Some(out) = run(
                name,
                &p,
                json!({ "delay": delay, "pages": [{ "path": path, "token": true, "actions": actions }] }),
            ) else {
                return;
            };
            assert_eq!(rendered(&out), [step], "{name}, answers after {delay} ms");
            let ignored: Vec<&Value> = records(&out, "execStep")
                .filter(|r| r.get("ignored").is_some())
                .collect();
            assert!(ignored.is_empty(), "{name}: {ignored:?}");
            if name == "translated" {
                let html = out["pages"][0]["html"].as_str().unwrap();
                assert!(html.contains(">Prénom</label>"), "{html}");
            }
        }
    }
}

#[test]
fn a_step_asked_for_before_the_login_is_shown_once_the_consumer_logs_in_on_the_page() {
    let p = Project::default_project();
    let Some(out) = run(
        "visit then login",
        &p,
        json!({ "pages": [{ "path": "/pricing", "token": false,
                            "actions": [["wait", 3000], ["login", "u", 5], ["wait", 2000]] }] }),
    ) else {
        return;
    };
    assert_eq!(rendered(&out), ["Pricing Page"]);
    let render = records(&out, "render").next().unwrap();
    assert!(render["t"].as_u64().unwrap() >= 3000);
}

#[test]
fn a_login_step_not_shown_before_a_redirect_is_shown_on_the_next_page_once() {
    let p = Project::default_project();
    // The site redirects right after the login: the page is left 50 ms later, long before
    // the schema (answers after 300 ms).
    let Some(out) = run(
        "redirect",
        &p,
        json!({ "pages": [
            { "path": "/login", "token": false, "actions": [["login", "u"]], "tail": 50 },
            { "path": "/account" },
            { "path": "/account" }
        ] }),
    ) else {
        return;
    };
    let renders: Vec<(&Value, &Value)> = records(&out, "render")
        .map(|r| (&r["page"], &r["step"]))
        .collect();
    assert_eq!(renders, vec![(&json!(1), &json!("First Login"))]);
    assert_eq!(out["pages"][0]["local"]["ppstudio.logins.u"], "1");
    assert!(
        out["pages"][0]["session"]["ppstudio.pending"]
            .as_str()
            .unwrap()
            .contains("First Login")
    );
    // Shown, so no longer kept: never twice.
    assert!(out["pages"][1]["session"].get("ppstudio.pending").is_none());
    // A click on a link that leaves the page waits the same way.
    let Some(out) = run(
        "click then leave",
        &p,
        json!({ "pages": [
            { "path": "/", "token": true, "actions": [["click", "upgrade-cta"]], "tail": 10 },
            { "path": "/upgrade" }
        ] }),
    ) else {
        return;
    };
    let renders: Vec<(&Value, &Value)> = records(&out, "render")
        .map(|r| (&r["page"], &r["step"]))
        .collect();
    assert_eq!(renders, vec![(&json!(1), &json!("Upgrade CTA"))]);
}

#[test]
fn a_step_left_waiting_by_another_consumer_is_not_shown_to_the_next() {
    let p = Project::default_project();
    let Some(out) = run(
        "other consumer",
        &p,
        json!({ "pages": [
            { "path": "/login", "token": false, "actions": [["login", "u1"], ["logout"]], "tail": 50 },
            { "path": "/login", "token": false, "actions": [["login", "u2", 2]] }
        ] }),
    ) else {
        return;
    };
    assert!(rendered(&out).is_empty(), "{:?}", rendered(&out));
}

#[test]
fn steps_due_together_show_one_after_the_other_in_project_order() {
    let p = with_step(
        Project::default_project(),
        "Also first",
        TriggerKind::LoginCount(1),
    );
    let mut p = p;
    let extra = p.steps[0].fields[0].clone();
    let mut extra2 = p.steps[0].fields[0].clone();
    extra2.name = "company".into();
    extra2.display = "Company".into();
    p.steps[4].fields = vec![extra, extra2];
    let Some(out) = run(
        "two at once",
        &p,
        json!({ "pages": [{ "token": true, "actions": [
            ["login", "u"], ["wait", 2000], ["status"], ["submit"], ["wait", 2000], ["status"],
            ["submit"], ["wait", 2000]
        ] }] }),
    ) else {
        return;
    };
    assert_eq!(rendered(&out), ["First Login", "Also first"]);
    // One form at a time: the second appears only after the first was submitted.
    let render_times: Vec<u64> = records(&out, "render")
        .map(|r| r["t"].as_u64().unwrap())
        .collect();
    let saved_times: Vec<u64> = records(&out, "saved")
        .map(|r| r["t"].as_u64().unwrap())
        .collect();
    assert!(render_times[1] > saved_times[0]);
    // The second asks only what the first left (its firstname was just submitted).
    let second = &records(&out, "render").nth(1).unwrap()["html"];
    assert!(second.as_str().unwrap().contains("loginradius-company"));
    assert!(!second.as_str().unwrap().contains("loginradius-firstname"));
    // The site's own callbacks still run, once per step.
    let site: Vec<&Value> = records(&out, "site").map(|r| &r["callback"]).collect();
    assert_eq!(site, vec![&json!("onSuccess"), &json!("onSuccess")]);
    let status: Vec<&Value> = records(&out, "status").map(|r| &r["value"]).collect();
    assert_eq!(status[0][0]["step"], "First Login");
    assert_eq!(status[0][0]["state"], "showing");
    assert_eq!(status[0][1]["step"], "Also first");
    assert_eq!(
        status[0][1]["reason"],
        "waits for the step \"First Login\" to end"
    );
    assert_eq!(status[1][0]["step"], "Also first");
    // The simulator says the same: both, in this order.
    let journey =
        Journey::from_bytes(br#"{"profile": {}, "events": [{"type": "login"}]}"#).unwrap();
    let prompts: Vec<String> = simulate(&p, &journey)
        .prompts
        .iter()
        .map(|x| x.step.clone())
        .collect();
    assert_eq!(prompts, ["First Login", "Also first"]);
}

#[test]
fn the_next_step_follows_when_the_library_completes_one_or_the_page_dismisses_it() {
    let p = with_step(
        Project::default_project(),
        "Also first",
        TriggerKind::LoginCount(1),
    );
    let mut p = p;
    copy_fields(&mut p, 2, 4);
    // The profile already holds the first step's fields: the library completes it at once.
    let Some(out) = run(
        "completed",
        &p,
        json!({ "profile": { "firstname": "A", "lastname": "B", "phoneid": "1" },
                "pages": [{ "token": true, "actions": [["login", "u"]] }] }),
    ) else {
        return;
    };
    assert_eq!(executed(&out), ["First Login", "Also first"]);
    assert_eq!(rendered(&out), ["Also first"]);
    // Dismissed by the page: the next one shows.
    let Some(out) = run(
        "dismissed",
        &p,
        json!({ "pages": [{ "token": true, "actions": [["login", "u"], ["wait", 2000], ["dismiss"]] }] }),
    ) else {
        return;
    };
    assert_eq!(rendered(&out), ["First Login", "Also first"]);
    assert!(records(&out, "site").next().is_none());
}

#[test]
fn a_failed_validation_keeps_the_form_and_the_next_step_waits() {
    let p = with_step(
        Project::default_project(),
        "Also first",
        TriggerKind::LoginCount(1),
    );
    let mut p = p;
    copy_fields(&mut p, 2, 4);
    let Some(out) = run(
        "invalid",
        &p,
        json!({ "pages": [{ "token": true, "actions": [
            ["login", "u"], ["wait", 2000], ["submit", {}], ["wait", 2000]
        ] }] }),
    ) else {
        return;
    };
    assert_eq!(rendered(&out), ["First Login"]);
    let site: Vec<&Value> = records(&out, "site").map(|r| &r["callback"]).collect();
    assert_eq!(site, vec![&json!("onError")]);
    assert!(
        out["pages"][0]["html"]
            .as_str()
            .unwrap()
            .contains("loginradius-firstname")
    );
}

#[test]
fn a_language_switch_leaves_nothing_of_the_earlier_language() {
    let p = switching_project();
    let Some(only_de) = forms_after("only de", &p, &[json!("de")]) else {
        return;
    };
    let Some(fr_de) = forms_after("fr then de", &p, &[json!("fr"), json!("de")]) else {
        return;
    };
    assert_eq!(fr_de, only_de);
    assert!(only_de.0.contains(">Vorname</label>") && only_de.0.contains(">Last Name</label>"));
    assert!(only_de.0.contains("placeholder=\"Your first name\""));
    assert!(only_de.0.contains("value=\"Progressive Profiling\""));
    assert_eq!(only_de.1, "The Vorname field is required.");
    let Some(none) = forms_after("none", &p, &[]) else {
        return;
    };
    let Some(fr_de_none) = forms_after(
        "fr, de, then none",
        &p,
        &[json!("fr"), json!("de"), Value::Null],
    ) else {
        return;
    };
    assert_eq!(fr_de_none, none);
    assert!(none.0.contains(">First Name</label>"));
    assert_eq!(none.1, "The First Name field is required.");
    // And French alone reads French, the button under its other spelling included.
    let Some(fr) = forms_after("fr", &p, &[json!("fr")]) else {
        return;
    };
    assert!(fr.0.contains("value=\"Envoyer\"") && fr.0.contains("placeholder=\"Votre prénom\""));
    assert_eq!(fr.1, "Le champ Prénom est obligatoire.");
}

#[test]
fn the_console_says_why_a_step_waits_or_was_dropped() {
    let p = Project::default_project();
    // init() called too late: the schema never comes.
    let Some(out) = run(
        "late init",
        &p,
        json!({ "pages": [{ "site": "late", "token": true, "actions": [["login", "u"], ["status"]] }] }),
    ) else {
        return;
    };
    let warnings = console(&out, "warn");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("ppstudio: the step \"First Login\" is still waiting after 5 s: the platform's steps have not arrived"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("called too late"));
    let status = &records(&out, "status").next().unwrap()["value"];
    assert_eq!(status[0]["step"], "First Login");
    assert_eq!(status[0]["state"], "waiting");
    assert!(
        status[0]["reason"]
            .as_str()
            .unwrap()
            .contains("progressiveProfilingSchema is not set")
    );
    // Not logged in: said once, as information.
    let Some(out) = run(
        "no login",
        &p,
        json!({ "pages": [{ "path": "/pricing", "token": false }] }),
    ) else {
        return;
    };
    assert_eq!(
        console(&out, "info"),
        [
            "ppstudio: the step \"Pricing Page\" is still waiting after 5 s: the consumer is not \
          logged in on this page (no access token in LRObject.sessionData); it shows once they \
          log in."
        ]
    );
    // A step the platform does not serve: dropped, with the names it has.
    let mut served = p.clone();
    served.steps[0].name = "first login".into();
    let Some(out) = run(
        "not served",
        &p,
        json!({ "steps": export(&served), "pages": [{ "token": true, "actions": [["login", "u"]] }] }),
    ) else {
        return;
    };
    assert!(executed(&out).is_empty());
    let warnings = console(&out, "warn");
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].starts_with(
        "ppstudio: the step \"First Login\" was dropped: the platform serves no step of that name \
         (names are case-sensitive; it serves \"first login\", \"Third Login\""
    ));
    // No container on the page.
    let Some(out) = run(
        "no container",
        &p,
        json!({ "pages": [{ "token": true, "noContainer": true, "actions": [["login", "u"]] }] }),
    ) else {
        return;
    };
    assert!(console(&out, "warn")[0].contains("ppstudio.options.container is not set"));
}

#[test]
fn debug_traces_every_decision() {
    let p = Project::default_project();
    let Some(out) = run(
        "debug",
        &p,
        json!({ "pages": [{ "preset": { "debug": true }, "token": true,
                            "actions": [["login", "u"], ["wait", 2000], ["submit"]] }] }),
    ) else {
        return;
    };
    let log = console(&out, "log").join("\n");
    for said in [
        "login number 1 of \"u\"",
        "the step \"First Login\" is queued (login)",
        "the step \"First Login\" waits: the platform's steps have not arrived",
        "the step \"First Login\" is shown: execStep(\"First Login\")",
        "the step \"First Login\" ended: the platform called onSuccess",
    ] {
        assert!(log.contains(said), "{said} not in:\n{log}");
    }
}
