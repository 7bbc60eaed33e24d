//! Themes: follow the system, or dark, or light; a few touches on egui's defaults.

use egui::ThemePreference;

/// Applies the theme preference and the studio's style tweaks.
pub fn apply(ctx: &egui::Context, preference: ThemePreference) {
    ctx.set_theme(preference);
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 5.0);
        style.spacing.button_padding = egui::vec2(6.0, 3.0);
        style.interaction.tooltip_delay = 0.4;
    });
}

/// The preference's name in the View menu.
pub fn name(preference: ThemePreference) -> &'static str {
    match preference {
        ThemePreference::System => "system",
        ThemePreference::Dark => "dark",
        ThemePreference::Light => "light",
    }
}
