//! The Help menu's windows: getting started, the keyboard shortcuts (read off the command
//! table, so they never drift from what the keys do) and about.

use super::StudioApp;
use crate::studio::APP_NAME;
use crate::studio::commands::{COMMANDS, Command, info_of};

/// Which Help window is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpPage {
    GettingStarted,
    KeyboardShortcuts,
    About,
}

/// The five things a new user does first, each with the commands that do it.
const FIRST_STEPS: [(&str, &[Command]); 5] = [
    (
        "Start: open a project, begin an empty one, or import the site's platform JSON.",
        &[Command::Open, Command::New, Command::Import],
    ),
    (
        "Add a step, then set when it shows (its trigger) in the inspector.",
        &[Command::AddStep, Command::ShowInspector],
    ),
    (
        "Drag fields from the palette on the left onto the step (or type one in the step \
         inspector's Add a field box), and see the consumer's form.",
        &[Command::ShowPreview],
    ),
    (
        "Fix what the Problems list at the bottom says (ppstudio check says the same).",
        &[Command::ToggleProblems],
    ),
    (
        "Save the project, then export the platform's JSON for LoginRadius.",
        &[Command::Save, Command::Export],
    ),
];

/// "File › Save (Ctrl+S)": where a command is and its shortcut, from the table.
fn how(ctx: &egui::Context, command: Command) -> String {
    let Some(c) = info_of(command) else {
        return String::new();
    };
    match c.shortcuts.first() {
        Some(s) => format!(
            "{} › {} ({})",
            c.menu.title(),
            c.name,
            ctx.format_shortcut(s)
        ),
        None => format!("{} › {}", c.menu.title(), c.name),
    }
}

impl StudioApp {
    /// Draws a Help window's content; false when the user closed it.
    pub(super) fn help_ui(ui: &mut egui::Ui, page: HelpPage) -> bool {
        let ctx = ui.ctx().clone();
        match page {
            HelpPage::GettingStarted => {
                ui.heading("Getting started");
                for (i, (what, commands)) in FIRST_STEPS.iter().enumerate() {
                    ui.label(format!("{}. {what}", i + 1));
                    let hows: Vec<String> = commands.iter().map(|c| how(&ctx, *c)).collect();
                    ui.weak(format!("    {}", hows.join("; ")));
                }
                ui.label(format!(
                    "Every command is in the command palette: {}.",
                    how(&ctx, Command::CommandPalette)
                ));
            }
            HelpPage::KeyboardShortcuts => {
                ui.heading("Keyboard shortcuts");
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .min_scrolled_height(360.0)
                    .show(ui, |ui| {
                        egui::Grid::new("help-shortcuts")
                            .num_columns(2)
                            .show(ui, |ui| {
                                for c in COMMANDS.iter().filter(|c| !c.shortcuts.is_empty()) {
                                    // Not selectable: a row scrolled out of sight would
                                    // still take the click meant for Close below it.
                                    ui.add(
                                        egui::Label::new(format!(
                                            "{} › {}",
                                            c.menu.title(),
                                            c.name
                                        ))
                                        .selectable(false),
                                    );
                                    let keys: Vec<String> = c
                                        .shortcuts
                                        .iter()
                                        .map(|s| ctx.format_shortcut(s))
                                        .collect();
                                    ui.add(egui::Label::new(keys.join(" or ")).selectable(false));
                                    ui.end_row();
                                }
                            });
                    });
            }
            HelpPage::About => {
                ui.heading(format!("About {APP_NAME}"));
                ui.label(format!("Version {}", env!("PPSTUDIO_VERSION")));
                ui.label("Licence: MIT");
                ui.label(
                    "Documentation: the README (README.md beside the source, or \
                     /usr/share/doc/ppstudio/README.md where the package is installed); \
                     ppstudio --help and man ppstudio for the command line.",
                );
            }
        }
        !ui.button("Close").clicked()
    }
}
