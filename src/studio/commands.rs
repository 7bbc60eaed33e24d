//! The one table of commands: each with its name, menu and shortcuts. Menus, keyboard
//! shortcuts and the command palette are all drawn from [`COMMANDS`].

use egui::{Key, KeyboardShortcut, Modifiers};

/// Every command of the studio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    CommandPalette,
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

const fn info(
    command: Command,
    name: &'static str,
    menu: Menu,
    shortcuts: &'static [KeyboardShortcut],
    yields_to_text: bool,
) -> CommandInfo {
    CommandInfo {
        command,
        name,
        menu,
        shortcuts,
        yields_to_text,
    }
}

/// Every command, in menu order.
pub const COMMANDS: &[CommandInfo] = &[
    info(
        Command::New,
        "New empty project",
        Menu::File,
        &[k(CMD, Key::N)],
        false,
    ),
    info(
        Command::NewSample,
        "New from the sample project",
        Menu::File,
        &[],
        false,
    ),
    info(Command::Open, "Open…", Menu::File, &[k(CMD, Key::O)], false),
    info(Command::Save, "Save", Menu::File, &[k(CMD, Key::S)], false),
    info(
        Command::SaveAs,
        "Save As…",
        Menu::File,
        &[k(CMD_SHIFT, Key::S)],
        false,
    ),
    info(
        Command::Import,
        "Import platform JSON…",
        Menu::File,
        &[k(CMD, Key::I)],
        false,
    ),
    info(
        Command::Export,
        "Export platform JSON…",
        Menu::File,
        &[k(CMD, Key::E)],
        false,
    ),
    info(
        Command::Snippet,
        "Generate trigger snippet…",
        Menu::File,
        &[],
        false,
    ),
    info(
        Command::ExportReview,
        "Export review page…",
        Menu::File,
        &[],
        false,
    ),
    info(
        Command::ExportRegistration,
        "Export registration form…",
        Menu::File,
        &[],
        false,
    ),
    info(
        Command::CompareWithFile,
        "Compare with file…",
        Menu::File,
        &[],
        false,
    ),
    info(
        Command::ExportTranslations,
        "Export translations (CSV)…",
        Menu::File,
        &[],
        false,
    ),
    info(
        Command::ImportTranslations,
        "Import translations (CSV)…",
        Menu::File,
        &[],
        false,
    ),
    info(
        Command::OpenAudienceProfiles,
        "Who would be asked: open profiles…",
        Menu::File,
        &[],
        false,
    ),
    info(
        Command::ProjectSettings,
        "Project settings…",
        Menu::File,
        &[k(CMD, Key::Comma)],
        false,
    ),
    info(Command::Quit, "Quit", Menu::File, &[k(CMD, Key::Q)], false),
    info(Command::Undo, "Undo", Menu::Edit, &[k(CMD, Key::Z)], true),
    info(
        Command::Redo,
        "Redo",
        Menu::Edit,
        &[k(CMD_SHIFT, Key::Z), k(CMD, Key::Y)],
        true,
    ),
    info(
        Command::CommandPalette,
        "Command palette…",
        Menu::Edit,
        &[k(CMD_SHIFT, Key::P)],
        false,
    ),
    info(
        Command::AddStep,
        "Add step",
        Menu::Step,
        &[k(CMD_SHIFT, Key::N)],
        false,
    ),
    info(
        Command::RenameStep,
        "Rename step",
        Menu::Step,
        &[k(NONE, Key::F2)],
        true,
    ),
    info(
        Command::DuplicateStep,
        "Duplicate step",
        Menu::Step,
        &[],
        false,
    ),
    info(Command::DeleteStep, "Delete step", Menu::Step, &[], false),
    info(Command::MoveStepUp, "Move step up", Menu::Step, &[], false),
    info(
        Command::MoveStepDown,
        "Move step down",
        Menu::Step,
        &[],
        false,
    ),
    info(
        Command::NewCustomField,
        "New custom field…",
        Menu::Field,
        &[],
        false,
    ),
    info(
        Command::RemoveField,
        "Remove field",
        Menu::Field,
        &[k(NONE, Key::Delete)],
        true,
    ),
    info(
        Command::MoveFieldUp,
        "Move field up",
        Menu::Field,
        &[k(ALT, Key::ArrowUp)],
        true,
    ),
    info(
        Command::MoveFieldDown,
        "Move field down",
        Menu::Field,
        &[k(ALT, Key::ArrowDown)],
        true,
    ),
    info(
        Command::ToggleProblems,
        "Show or hide problems",
        Menu::View,
        &[],
        false,
    ),
    info(
        Command::TogglePalette,
        "Show or hide the fields palette",
        Menu::View,
        &[],
        false,
    ),
    info(
        Command::ToggleSide,
        "Show or hide the side panel",
        Menu::View,
        &[],
        false,
    ),
    info(
        Command::ShowInspector,
        "Show inspector",
        Menu::View,
        &[k(CMD, Key::Num1)],
        false,
    ),
    info(
        Command::ShowPreview,
        "Show preview",
        Menu::View,
        &[k(CMD, Key::Num2)],
        false,
    ),
    info(
        Command::ShowJourney,
        "Show journey",
        Menu::View,
        &[k(CMD, Key::Num3)],
        false,
    ),
    info(
        Command::ShowChanges,
        "Show changes",
        Menu::View,
        &[k(CMD, Key::Num4)],
        false,
    ),
    info(
        Command::ShowTranslations,
        "Show translations",
        Menu::View,
        &[k(CMD, Key::Num5)],
        false,
    ),
    info(
        Command::ShowAudience,
        "Show audience",
        Menu::View,
        &[k(CMD, Key::Num6)],
        false,
    ),
    info(
        Command::ShowProfilePage,
        "Show the consumer's profile page",
        Menu::View,
        &[k(CMD, Key::Num7)],
        false,
    ),
    info(
        Command::ConsumerView,
        "Consumer view: the preview at full size",
        Menu::View,
        &[k(CMD, Key::Num8)],
        false,
    ),
    info(
        Command::ThemeSystem,
        "Theme: follow the system",
        Menu::View,
        &[],
        false,
    ),
    info(Command::ThemeDark, "Theme: dark", Menu::View, &[], false),
    info(Command::ThemeLight, "Theme: light", Menu::View, &[], false),
    info(
        Command::ZoomIn,
        "Zoom in",
        Menu::View,
        &[k(CMD, Key::Plus), k(CMD, Key::Equals)],
        false,
    ),
    info(
        Command::ZoomOut,
        "Zoom out",
        Menu::View,
        &[k(CMD, Key::Minus)],
        false,
    ),
    info(
        Command::ZoomReset,
        "Reset zoom",
        Menu::View,
        &[k(CMD, Key::Num0)],
        false,
    ),
    info(
        Command::GettingStarted,
        "Getting started",
        Menu::Help,
        &[k(NONE, Key::F1)],
        false,
    ),
    info(
        Command::KeyboardShortcuts,
        "Keyboard shortcuts",
        Menu::Help,
        &[],
        false,
    ),
    info(Command::About, "About", Menu::Help, &[], false),
];

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
        for c in COMMANDS {
            assert!(seen.insert(c.command), "{:?} twice", c.command);
        }
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
