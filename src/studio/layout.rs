//! Where the panels go for a window width (in points, so zoom is included): the palette on
//! the left, the side tabs on the right and the step cards in the middle never overlap, the
//! cards keep a readable width, and a narrow window folds a side panel away (a toggle in the
//! menu bar brings it back, folding the other one if both cannot fit).

use egui::Rangef;

/// The palette's width: least, first and most.
pub const PALETTE: (f32, f32, f32) = (220.0, 300.0, 420.0);
/// The side panel's width (inspector, preview, journey).
pub const SIDE: (f32, f32, f32) = (320.0, 400.0, 640.0);
/// The least width left to the step cards.
pub const CENTRAL_MIN: f32 = 300.0;
/// The least width left to the step cards when the user insists on a side panel in a window
/// too narrow for both.
pub const CENTRAL_TIGHT: f32 = 160.0;

/// The side panels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Side {
    Palette,
    #[default]
    Tabs,
}

/// What the user asked for: `None` lets the width decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PanelWants {
    pub palette: Option<bool>,
    pub side: Option<bool>,
    /// The panel the user opened last: it stays when both cannot.
    pub last_opened: Side,
}

impl PanelWants {
    /// The user toggled a panel that was `shown`.
    pub fn toggle(&mut self, which: Side, shown: bool) {
        match which {
            Side::Palette => self.palette = Some(!shown),
            Side::Tabs => self.side = Some(!shown),
        }
        if !shown {
            self.last_opened = which;
        }
    }

    /// The user asked for a panel (a side tab's shortcut): it opens if it was folded.
    pub fn open(&mut self, which: Side) {
        self.toggle(which, false);
    }
}

/// The widths the panels may take this frame (`None`: folded away).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plan {
    pub palette: Option<Rangef>,
    pub side: Option<Rangef>,
}

/// The panels for a window `width` points wide.
pub fn plan(width: f32, wants: PanelWants) -> Plan {
    let (pal_min, pal_default, pal_max) = PALETTE;
    let (side_min, side_default, side_max) = SIDE;
    let both = pal_min + side_min + CENTRAL_MIN;
    let mut palette = wants.palette.unwrap_or(width >= both + 150.0);
    let mut side = wants.side.unwrap_or(width >= side_min + CENTRAL_MIN);
    if palette && side && width < both {
        match wants.last_opened {
            Side::Palette => side = false,
            Side::Tabs => palette = false,
        }
    }
    // Where there is room a panel is at least its first width: one squeezed by a narrow
    // window grows back when the window widens.
    let range = |min: f32, default: f32, max: f32, others: f32| {
        let room = width - others;
        if room >= min + CENTRAL_MIN {
            let max = max.min(room - CENTRAL_MIN);
            Rangef::new(default.min(max), max)
        } else {
            // Asked for in a window too narrow: as wide as leaves the cards CENTRAL_TIGHT.
            let w = (room - CENTRAL_TIGHT).max(80.0);
            Rangef::new(w.min(min), w)
        }
    };
    let side_others = if palette { pal_min } else { 0.0 };
    let side_range = side.then(|| range(side_min, side_default, side_max, side_others));
    let pal_others = side_range.map_or(0.0, |r| r.min);
    let palette_range = palette.then(|| range(pal_min, pal_default, pal_max, pal_others));
    Plan {
        palette: palette_range,
        side: side_range,
    }
}

/// The side panel's widths once the palette took `palette_width` (drawn first).
pub fn side_after_palette(width: f32, palette_width: f32, side: Rangef) -> Rangef {
    let room = width - palette_width - CENTRAL_MIN;
    if room >= side.min {
        Rangef::new(side.min, side.max.min(room))
    } else {
        Rangef::new(side.min.min(room.max(80.0)), side.min.min(room.max(80.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn central(width: f32, p: &Plan) -> f32 {
        width - p.palette.map_or(0.0, |r| r.max) - p.side.map_or(0.0, |r| r.min)
    }

    #[test]
    fn wide_windows_show_both_and_leave_the_cards_room() {
        for width in [1024.0, 1400.0, 1920.0, 3840.0] {
            let p = plan(width, PanelWants::default());
            let (pal, side) = (p.palette.unwrap(), p.side.unwrap());
            assert!(pal.min <= pal.max && side.min <= side.max, "{width}");
            assert!(central(width, &p) >= CENTRAL_MIN, "{width}: {p:?}");
            let after = side_after_palette(width, pal.max, side);
            assert!(width - pal.max - after.max >= CENTRAL_MIN - 0.5, "{width}");
        }
    }

    #[test]
    fn narrow_windows_fold_the_palette_then_the_side_panel() {
        let p = plan(800.0, PanelWants::default());
        assert!(p.palette.is_none());
        assert!(p.side.is_some());
        assert!(800.0 - p.side.unwrap().max >= CENTRAL_MIN);
        // 800 px at zoom 2: 400 points; the cards alone.
        let p = plan(400.0, PanelWants::default());
        assert!(p.palette.is_none() && p.side.is_none());
    }

    #[test]
    fn a_toggle_brings_a_folded_panel_back_and_folds_the_other_when_both_cannot_fit() {
        let mut wants = PanelWants::default();
        wants.toggle(Side::Palette, false);
        let p = plan(800.0, wants);
        assert!(p.palette.is_some());
        assert!(
            p.side.is_none(),
            "800 points cannot hold both: the older one folds"
        );
        wants.toggle(Side::Tabs, false);
        let p = plan(800.0, wants);
        assert!(p.side.is_some() && p.palette.is_none());
        // Insisted on in a tiny window: the cards keep CENTRAL_TIGHT.
        let p = plan(400.0, wants);
        let side = p.side.unwrap();
        assert!(side.min <= side.max);
        assert!(400.0 - side.max >= CENTRAL_TIGHT);
        // Hidden on purpose in a wide window.
        let mut wants = PanelWants::default();
        wants.toggle(Side::Palette, true);
        assert!(plan(1920.0, wants).palette.is_none());
    }
}
