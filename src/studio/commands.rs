//! The one table of commands: each with its name, tooltip, menu and shortcuts
//! ([`Command::info`], an exhaustive match: a command without them does not compile). Menus,
//! their tooltips, keyboard shortcuts, the command palette and the Help menu's list of
//! shortcuts are all drawn from [`COMMANDS`].

use std::sync::LazyLock;

use egui::{Key, KeyboardShortcut, Modifiers};
use strum::IntoEnumIterator;

/// Every command of the studio, in menu order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum Command {
    New,
    NewSample,
    Open,
    Save,
    SaveAs,
    Import,
    Export,
    Snippet,
    ExportReview,
    ExportRegistration,
    CompareWithFile,
    ExportTranslations,
    ImportTranslations,
    OpenAudienceProfiles,
    ProjectSettings,
    Quit,
    Undo,
    Redo,
    CommandPalette,
    AddStep,
    RenameStep,
    DuplicateStep,
    DeleteStep,
    MoveStepUp,
    MoveStepDown,
    NewCustomField,
    RemoveField,
    MoveFieldUp,
    MoveFieldDown,
    ToggleProblems,
    TogglePalette,
    ToggleSide,
    ShowInspector,
    ShowPreview,
    ShowJourney,
    ShowChanges,
    ShowTranslations,
    ShowAudience,
    ShowProfilePage,
    ConsumerView,
    ThemeSystem,
    ThemeDark,
    ThemeLight,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    GettingStarted,
    KeyboardShortcuts,
    About,
}

/// The menu a command appears in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    File,
    Edit,
    Step,
    Field,
    View,
    Help,
}

impl Menu {
    /// The menus in menu-bar order.
    pub const ALL: [Menu; 6] = [
        Menu::File,
        Menu::Edit,
        Menu::Step,
        Menu::Field,
        Menu::View,
        Menu::Help,
    ];

    /// The menu's title.
    pub fn title(self) -> &'static str {
        match self {
            Menu::File => "File",
            Menu::Edit => "Edit",
            Menu::Step => "Step",
            Menu::Field => "Field",
            Menu::View => "View",
            Menu::Help => "Help",
        }
    }
}

/// A command's entry in the table.
#[derive(Debug, Clone, Copy)]
pub struct CommandInfo {
    pub command: Command,
    /// The name in menus and in the command palette.
    pub name: &'static str,
    /// What it does, in one line: the menu item's and the palette row's tooltip.
    pub tooltip: &'static str,
    pub menu: Menu,
    /// The first is shown in menus; all of them trigger the command.
    pub shortcuts: &'static [KeyboardShortcut],
    /// Whether the shortcut is ignored while a text field has the keyboard (its keys then
    /// edit the text: Ctrl+Z undoes typing, Delete deletes a character).
    pub yields_to_text: bool,
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers {
    alt: false,
    ctrl: false,
    shift: true,
    mac_cmd: false,
    command: true,
};
const NONE: Modifiers = Modifiers::NONE;
const ALT: Modifiers = Modifiers::ALT;

const fn k(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

/// Every command, in menu order.
/// Every command, in menu order (the enum's order).
pub static COMMANDS: LazyLock<Vec<CommandInfo>> =
    LazyLock::new(|| Command::iter().map(Command::info).collect());

impl Command {
    /// The command's row: its words, its tooltip, its menu, its shortcuts. The match is
    /// exhaustive: a command without them does not compile.
    pub fn info(self) -> CommandInfo {
        use Command::*;
        let (name, tooltip, menu, shortcuts, yields_to_text): (
            &'static str,
            &'static str,
            Menu,
            &'static [KeyboardShortcut],
            bool,
        ) = match self {
            New => (
                "New empty project",
                "Start a project with the platform's standard fields and no steps",
                Menu::File,
                const { &[k(CMD, Key::N)] },
                false,
            ),
            NewSample => (
                "New from the sample project",
                "Start from the sample project: four steps, one per kind of trigger",
                Menu::File,
                const { &[] },
                false,
            ),
            Open => (
                "Open…",
                "Open a project file (or platform JSON, which is imported)",
                Menu::File,
                const { &[k(CMD, Key::O)] },
                false,
            ),
            Save => (
                "Save",
                "Save the project to its file",
                Menu::File,
                const { &[k(CMD, Key::S)] },
                false,
            ),
            SaveAs => (
                "Save As…",
                "Save the project to another file, which then becomes its file",
                Menu::File,
                const { &[k(CMD_SHIFT, Key::S)] },
                false,
            ),
            Import => (
                "Import platform JSON…",
                "Read the platform's ProfilingSteps JSON, or a registration schema, as a new project",
                Menu::File,
                const { &[k(CMD, Key::I)] },
                false,
            ),
            Export => (
                "Export platform JSON…",
                "Write the platform's ProfilingSteps JSON for Deployment › Progressive Profiling",
                Menu::File,
                const { &[k(CMD, Key::E)] },
                false,
            ),
            Snippet => (
                "Generate trigger snippet…",
                "Write the JavaScript that shows each step at its trigger on the site",
                Menu::File,
                const { &[] },
                false,
            ),
            ExportReview => (
                "Export review page…",
                "Write one HTML page for reviewers: each step's form, rules, texts and problems",
                Menu::File,
                const { &[] },
                false,
            ),
            ExportRegistration => (
                "Export registration form…",
                "Write the registration form back in the shape it was imported from",
                Menu::File,
                const { &[] },
                false,
            ),
            CompareWithFile => (
                "Compare with file…",
                "List what deploying this project over another file (project or platform JSON) changes",
                Menu::File,
                const { &[] },
                false,
            ),
            ExportTranslations => (
                "Export translations (CSV)…",
                "Write every text with one column per locale, for translators",
                Menu::File,
                const { &[] },
                false,
            ),
            ImportTranslations => (
                "Import translations (CSV)…",
                "Read translators' CSV back into the project's locales",
                Menu::File,
                const { &[] },
                false,
            ),
            OpenAudienceProfiles => (
                "Who would be asked: open profiles…",
                "Forecast who would be asked, over a file of your consumers' profiles",
                Menu::File,
                const { &[] },
                false,
            ),
            ProjectSettings => (
                "Project settings…",
                "The project's name and the site's progressive-profiling options",
                Menu::File,
                const { &[k(CMD, Key::Comma)] },
                false,
            ),
            Quit => (
                "Quit",
                "Close the studio (asking first about unsaved changes)",
                Menu::File,
                const { &[k(CMD, Key::Q)] },
                false,
            ),
            Undo => (
                "Undo",
                "Take back the last change",
                Menu::Edit,
                const { &[k(CMD, Key::Z)] },
                true,
            ),
            Redo => (
                "Redo",
                "Make the last undone change again",
                Menu::Edit,
                const { &[k(CMD_SHIFT, Key::Z), k(CMD, Key::Y)] },
                true,
            ),
            CommandPalette => (
                "Command palette…",
                "Find any command by its words",
                Menu::Edit,
                const { &[k(CMD_SHIFT, Key::P)] },
                false,
            ),
            AddStep => (
                "Add step",
                "Add a step after the selected one, its name ready for typing",
                Menu::Step,
                const { &[k(CMD_SHIFT, Key::N)] },
                false,
            ),
            RenameStep => (
                "Rename step",
                "Type a new name for the selected step",
                Menu::Step,
                const { &[k(NONE, Key::F2)] },
                true,
            ),
            DuplicateStep => (
                "Duplicate step",
                "Add a copy of the selected step, with its fields",
                Menu::Step,
                const { &[] },
                false,
            ),
            DeleteStep => (
                "Delete step",
                "Remove the selected step (undo brings it back)",
                Menu::Step,
                const { &[] },
                false,
            ),
            MoveStepUp => (
                "Move step up",
                "Move the selected step before the previous one",
                Menu::Step,
                const { &[] },
                false,
            ),
            MoveStepDown => (
                "Move step down",
                "Move the selected step after the next one",
                Menu::Step,
                const { &[] },
                false,
            ),
            NewCustomField => (
                "New custom field…",
                "Make a cf_ field in the catalog (and in the step being edited)",
                Menu::Field,
                const { &[] },
                false,
            ),
            RemoveField => (
                "Remove field",
                "Remove the selected field from its step",
                Menu::Field,
                const { &[k(NONE, Key::Delete)] },
                true,
            ),
            MoveFieldUp => (
                "Move field up",
                "Move the selected field up in its step",
                Menu::Field,
                const { &[k(ALT, Key::ArrowUp)] },
                true,
            ),
            MoveFieldDown => (
                "Move field down",
                "Move the selected field down in its step",
                Menu::Field,
                const { &[k(ALT, Key::ArrowDown)] },
                true,
            ),
            ToggleProblems => (
                "Show or hide problems",
                "Show or hide the list of problems at the bottom",
                Menu::View,
                const { &[] },
                false,
            ),
            TogglePalette => (
                "Show or hide the fields palette",
                "Show or hide the catalog of fields on the left",
                Menu::View,
                const { &[] },
                false,
            ),
            ToggleSide => (
                "Show or hide the side panel",
                "Show or hide the tabs on the right",
                Menu::View,
                const { &[] },
                false,
            ),
            ShowInspector => (
                "Show inspector",
                "Edit the selected step or field",
                Menu::View,
                const { &[k(CMD, Key::Num1)] },
                false,
            ),
            ShowPreview => (
                "Show preview",
                "The selected step as the consumer's form, validated as the browser does",
                Menu::View,
                const { &[k(CMD, Key::Num2)] },
                false,
            ),
            ShowJourney => (
                "Show journey",
                "Replay a consumer's logins, visits and clicks, and see what each shows",
                Menu::View,
                const { &[k(CMD, Key::Num3)] },
                false,
            ),
            ShowChanges => (
                "Show changes",
                "What changed since the last save, or against another file",
                Menu::View,
                const { &[k(CMD, Key::Num4)] },
                false,
            ),
            ShowTranslations => (
                "Show translations",
                "The project's locales and the texts each step needs",
                Menu::View,
                const { &[k(CMD, Key::Num5)] },
                false,
            ),
            ShowAudience => (
                "Show audience",
                "Who would be asked, over a file of consumer profiles",
                Menu::View,
                const { &[k(CMD, Key::Num6)] },
                false,
            ),
            ShowProfilePage => (
                "Show the consumer's profile page",
                "What the consumer's profile page shows, for the sample profile",
                Menu::View,
                const { &[k(CMD, Key::Num7)] },
                false,
            ),
            ConsumerView => (
                "Consumer view: the preview at full size",
                "The preview's form at full size in the middle, the reasons beside it",
                Menu::View,
                const { &[k(CMD, Key::Num8)] },
                false,
            ),
            ThemeSystem => (
                "Theme: follow the system",
                "Follow the desktop's light or dark setting",
                Menu::View,
                const { &[] },
                false,
            ),
            ThemeDark => (
                "Theme: dark",
                "Light text on a dark background",
                Menu::View,
                const { &[] },
                false,
            ),
            ThemeLight => (
                "Theme: light",
                "Dark text on a light background",
                Menu::View,
                const { &[] },
                false,
            ),
            ZoomIn => (
                "Zoom in",
                "Make everything larger",
                Menu::View,
                const { &[k(CMD, Key::Plus), k(CMD, Key::Equals)] },
                false,
            ),
            ZoomOut => (
                "Zoom out",
                "Make everything smaller",
                Menu::View,
                const { &[k(CMD, Key::Minus)] },
                false,
            ),
            ZoomReset => (
                "Reset zoom",
                "Back to the normal size",
                Menu::View,
                const { &[k(CMD, Key::Num0)] },
                false,
            ),
            GettingStarted => (
                "Getting started",
                "The five things a new user does first, each with its command",
                Menu::Help,
                const { &[k(NONE, Key::F1)] },
                false,
            ),
            KeyboardShortcuts => (
                "Keyboard shortcuts",
                "Every shortcut, from the command table",
                Menu::Help,
                const { &[] },
                false,
            ),
            About => (
                "About",
                "The version, the licence and where the documentation is",
                Menu::Help,
                const { &[] },
                false,
            ),
        };
        CommandInfo {
            command: self,
            name,
            tooltip,
            menu,
            shortcuts,
            yields_to_text,
        }
    }
}

/// The table entry of a command.
pub fn info_of(command: Command) -> Option<&'static CommandInfo> {
    COMMANDS.iter().find(|c| c.command == command)
}

/// The commands whose shortcut was pressed this frame (consumed from the input). Shortcuts
/// with more modifiers are tried first, so Ctrl+Shift+Z is not taken for Ctrl+Z.
pub fn pressed(ctx: &egui::Context) -> Vec<Command> {
    let text_has_keyboard = ctx.egui_wants_keyboard_input();
    let mut all: Vec<(&CommandInfo, &KeyboardShortcut)> = COMMANDS
        .iter()
        .filter(|c| !(c.yields_to_text && text_has_keyboard))
        .flat_map(|c| c.shortcuts.iter().map(move |s| (c, s)))
        .collect();
    all.sort_by_key(|(_, s)| {
        std::cmp::Reverse(
            u8::from(s.modifiers.shift) + u8::from(s.modifiers.alt) + u8::from(s.modifiers.command),
        )
    });
    let mut out = Vec::new();
    ctx.input_mut(|i| {
        for (c, s) in all {
            if i.consume_shortcut(s) && !out.contains(&c.command) {
                out.push(c.command);
            }
        }
    });
    out
}

/// The commands in which every word of `query` begins a word of the name or of its menu's
/// title (case-insensitive), in table order: "mo fi" finds "Move field up", not "Remove
/// field"; "help" finds the Help menu.
pub fn search(query: &str) -> Vec<&'static CommandInfo> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    COMMANDS
        .iter()
        .filter(|c| {
            let name = format!("{} {}", c.name, c.menu.title()).to_lowercase();
            let name_words: Vec<&str> = name
                .split(|ch: char| !ch.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            words
                .iter()
                .all(|w| name_words.iter().any(|n| n.starts_with(w.as_str())))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_in_the_table_once_and_shortcuts_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for c in COMMANDS.iter() {
            assert!(seen.insert(c.command), "{:?} twice", c.command);
            assert!(
                !c.name.is_empty() && !c.tooltip.is_empty(),
                "{:?}",
                c.command
            );
            assert!(
                !c.tooltip.ends_with('.'),
                "{:?}: a tooltip is a phrase",
                c.command
            );
        }
        assert_eq!(
            seen.len(),
            Command::iter().count(),
            "every command has its row"
        );
        let mut keys = std::collections::HashSet::new();
        for s in COMMANDS.iter().flat_map(|c| c.shortcuts) {
            assert!(keys.insert(*s), "{s:?} twice");
        }
    }

    #[test]
    fn search_finds_by_words() {
        let names: Vec<_> = search("mo fi").iter().map(|c| c.name).collect();
        assert_eq!(names, ["Move field up", "Move field down"]);
        assert_eq!(search("").len(), COMMANDS.len());
        let names: Vec<_> = search("help").iter().map(|c| c.name).collect();
        assert_eq!(names, ["Getting started", "Keyboard shortcuts", "About"]);
        assert!(search("xyzzy").is_empty());
    }
}
