//! Writing journeys: the journey file's JSON (FORMATS.md "Journeys") and the defaults of a
//! new event taken from the project's triggers.

use serde_json::{Map, Value};

use super::{Event, Journey};
use crate::project::{Project, TriggerKind};

impl Journey {
    /// The journey as its file holds it: `profile`, `settings` when present, `events` (with
    /// `dismiss` only when true), then the keys the studio does not know, in their order.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("profile".into(), Value::Object(self.profile.clone()));
        if let Some(s) = &self.settings {
            m.insert("settings".into(), Value::Object(s.to_json()));
        }
        let events = self.events.iter().map(event_to_json).collect();
        m.insert("events".into(), Value::Array(events));
        for (k, v) in &self.extra {
            m.entry(k.clone()).or_insert_with(|| v.clone());
        }
        Value::Object(m)
    }

    /// The journey file's text: pretty JSON (two spaces) with a final newline.
    pub fn to_text(&self) -> String {
        let mut s = serde_json::to_string_pretty(&self.to_json()).unwrap_or_default();
        s.push('\n');
        s
    }
}

fn event_to_json(e: &Event) -> Value {
    let mut o = Map::new();
    match e {
        Event::Login { .. } => {
            o.insert("type".into(), "login".into());
        }
        Event::Visit { path, .. } => {
            o.insert("type".into(), "visit".into());
            o.insert("path".into(), path.clone().into());
        }
        Event::Click { target, .. } => {
            o.insert("type".into(), "click".into());
            o.insert("target".into(), target.clone().into());
        }
        Event::SignUp => {
            o.insert("type".into(), "signup".into());
        }
    }
    if e.dismiss() {
        o.insert("dismiss".into(), Value::Bool(true));
    }
    Value::Object(o)
}

/// The path a new visit event starts with: the project's first `page_visit` pattern with its
/// `*` removed (one click makes an event that fires that step), else `/`.
pub fn default_visit_path(project: &Project) -> String {
    project
        .steps
        .iter()
        .find_map(|s| match &s.trigger.kind {
            TriggerKind::PageVisit(p) => Some(p.replace('*', "")),
            _ => None,
        })
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "/".to_string())
}

/// The target a new click event starts with: the project's first `cta_click` target, else
/// empty.
pub fn default_click_target(project: &Project) -> String {
    project
        .steps
        .iter()
        .find_map(|s| match &s.trigger.kind {
            TriggerKind::CtaClick(t) => Some(t.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_journey_written_reads_back_the_same_with_dismiss_only_when_true() {
        let text = r#"{"zz": 1, "events": [{"type": "login"}, {"type": "visit", "path": "/p"},
            {"type": "click", "target": "up", "dismiss": true}], "profile": {"Email": []},
            "settings": {"askOnlyOnce": true}}"#;
        let j = Journey::from_bytes(text.as_bytes()).expect("valid");
        let v = j.to_json();
        let keys: Vec<&String> = v.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["profile", "settings", "events", "zz"]);
        assert_eq!(v["events"][0], json!({"type": "login"}));
        assert_eq!(
            v["events"][2],
            json!({"type": "click", "target": "up", "dismiss": true})
        );
        let text = j.to_text();
        assert!(text.ends_with("}\n"));
        assert_eq!(Journey::from_bytes(text.as_bytes()).expect("reloads"), j);
    }

    #[test]
    fn new_events_start_from_the_project_s_triggers() {
        let mut p = Project::default();
        assert_eq!(default_visit_path(&p), "/");
        assert_eq!(default_click_target(&p), "");
        for kind in [
            TriggerKind::FirstLogin,
            TriggerKind::PageVisit("*".into()),
            TriggerKind::PageVisit("/pricing*".into()),
            TriggerKind::CtaClick("upgrade-cta".into()),
            TriggerKind::CtaClick("other".into()),
        ] {
            let mut s = crate::project::Step::new("S");
            s.trigger = kind.into();
            p.steps.push(s);
        }
        // A bare `*` leaves nothing: the next pattern is not taken either, `/` is.
        assert_eq!(default_visit_path(&p), "/");
        p.steps.remove(1);
        assert_eq!(default_visit_path(&p), "/pricing");
        assert_eq!(default_click_target(&p), "upgrade-cta");
    }
}
