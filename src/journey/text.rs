//! The journey's outcome in words: the studio's timeline and `ppstudio simulate --format text`
//! say the same sentences. Events count from 1 here, as the user counts them (the JSON's
//! `event` is the 0-based index in `events`).

use super::{Event, Journey, Outcome};
use crate::project::Project;

/// One event of the timeline: what happened, and what the consumer was shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEvent {
    /// "#3 Login #2", "#4 Visit /pricing (dismissed)".
    pub head: String,
    /// One sentence per step shown, in the order shown; empty when nothing was.
    pub shown: Vec<String>,
}

/// What an event is, in the timeline's words: "Login #3", "Visit /pricing/teams",
/// "Click upgrade-cta" (`logins` is the login count after the event).
pub fn describe_event(event: &Event, logins: u64) -> String {
    match event {
        Event::Login { .. } => format!("Login #{logins}"),
        Event::Visit { path, .. } => format!("Visit {path}"),
        Event::Click { target, .. } => format!("Click {target}"),
        Event::SignUp => "Sign-up through the registration form".into(),
    }
}

/// Every event of `journey` with the steps `outcome` says it showed. Steps due at one event
/// show one after the other, as the snippet shows them: each once the previous one ends.
pub fn timeline(project: &Project, journey: &Journey, outcome: &Outcome) -> Vec<TimelineEvent> {
    let mut logins = 0u64;
    journey
        .events
        .iter()
        .enumerate()
        .map(|(i, event)| {
            if let Event::Login { .. } = event {
                logins += 1;
            }
            let mut head = format!("#{} {}", i + 1, describe_event(event, logins));
            if event.dismiss() {
                head.push_str(" (dismissed)");
            }
            TimelineEvent {
                head,
                shown: shown_at(project, outcome, i),
            }
        })
        .collect()
}

fn shown_at(project: &Project, outcome: &Outcome, i: usize) -> Vec<String> {
    let mut previous: Option<&str> = None;
    let mut out = Vec::new();
    for prompt in outcome.prompts.iter().filter(|p| p.event == i) {
        let then = previous.map_or(String::new(), |p| format!("then, once \"{p}\" ends, "));
        previous = Some(&prompt.step);
        if let Some(consent) = &prompt.consent {
            let scopes = if consent.scopes.is_empty() {
                "no scope".to_string()
            } else {
                consent.scopes.clone()
            };
            out.push(format!(
                "{then}\"{}\" sends the consumer to {} to re-consent ({scopes})",
                prompt.step, consent.provider
            ));
            continue;
        }
        let step = project.steps.iter().find(|s| s.name == prompt.step);
        let fields: Vec<String> = prompt
            .fields
            .iter()
            .map(|name| {
                match step
                    .and_then(|s| s.field(name))
                    .map(|f| f.display.as_str())
                    .filter(|d| !d.is_empty())
                {
                    Some(display) => format!("{display} ({name})"),
                    None => name.clone(),
                }
            })
            .collect();
        out.push(format!(
            "{then}shows \"{}\": {}",
            prompt.step,
            fields.join(", ")
        ));
    }
    out
}

/// The closing sentences: which steps and fields the journey never reaches, each with
/// whether it is a warning (something never reached). `None` when there is nothing to say
/// yet (no step, or no event).
pub fn reach(project: &Project, journey: &Journey, outcome: &Outcome) -> Vec<(String, bool)> {
    if project.steps.is_empty() {
        return vec![(
            "This project has no steps: add one to see when it shows.".into(),
            false,
        )];
    }
    if journey.events.is_empty() {
        return vec![(
            "Add events to see what the consumer is shown, and which steps and fields the \
             journey never reaches."
                .into(),
            false,
        )];
    }
    let mut out = Vec::new();
    if outcome.never_fired.is_empty() {
        out.push(("Every step shows at least once.".into(), false));
    } else {
        out.push((
            format!("Steps that never show: {}", outcome.never_fired.join(", ")),
            true,
        ));
    }
    if outcome.never_asked.is_empty() {
        out.push(("Every field is asked at least once.".into(), false));
    } else {
        out.push((
            format!("Fields never asked: {}", outcome.never_asked.join(", ")),
            true,
        ));
    }
    out
}

/// The whole outcome as text, one event a paragraph (`simulate --format text`).
pub fn to_text(project: &Project, journey: &Journey, outcome: &Outcome) -> String {
    let mut s = String::new();
    for e in timeline(project, journey, outcome) {
        s.push_str(&e.head);
        s.push('\n');
        if e.shown.is_empty() {
            s.push_str("  nothing shown\n");
        }
        for line in &e.shown {
            s.push_str("  ");
            s.push_str(line);
            s.push('\n');
        }
    }
    if !journey.events.is_empty() {
        s.push('\n');
    }
    for (line, _) in reach(project, journey, outcome) {
        s.push_str(&line);
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journey::simulate;

    #[test]
    fn the_text_counts_events_from_1_and_says_what_each_showed() {
        let project = Project::default_project();
        let journey = Journey::from_bytes(
            br#"{"profile": {"Provider": "Email"}, "events": [
                {"type": "login"}, {"type": "login"}, {"type": "visit", "path": "/pricing/teams"}
            ]}"#,
        )
        .unwrap();
        let outcome = simulate(&project, &journey);
        let text = to_text(&project, &journey, &outcome);
        assert!(
            text.starts_with(
                "#1 Login #1\n  shows \"First Login\": First Name (firstname), Last Name \
                 (lastname), Phone Number (phoneid)\n#2 Login #2\n  nothing shown\n#3 Visit \
                 /pricing/teams\n  shows \"Pricing Page\": "
            ),
            "{text}"
        );
        assert!(
            text.contains("\nSteps that never show: Third Login, Upgrade CTA\n"),
            "{text}"
        );
    }

    #[test]
    fn with_no_event_or_no_step_it_says_so_plainly() {
        let journey = Journey::from_bytes(br#"{"events": []}"#).unwrap();
        let project = Project::default_project();
        let outcome = simulate(&project, &journey);
        assert_eq!(
            to_text(&project, &journey, &outcome),
            "Add events to see what the consumer is shown, and which steps and fields the \
             journey never reaches.\n"
        );
        let empty = Project::empty();
        let outcome = simulate(&empty, &journey);
        assert_eq!(
            to_text(&empty, &journey, &outcome),
            "This project has no steps: add one to see when it shows.\n"
        );
    }
}
