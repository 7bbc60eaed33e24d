//! The recovery copy of unsaved work: written when the user pauses, removed when the work is
//! saved or undone, offered at the next start after a crash (`crate::studio::recovery`). The
//! writing runs on the studio's writer thread ([`crate::studio::writer`]).

use super::StudioApp;
use crate::studio::writer::Job;

/// Seconds after the last change before the recovery copy is written.
pub const AUTOSAVE_PAUSE: f64 = 1.5;
/// At most this many seconds between recovery copies while changes keep coming.
pub const AUTOSAVE_SECONDS: f64 = 20.0;

/// When the recovery copy was last written, and of which revision.
#[derive(Debug, Default)]
pub struct AutosaveClock {
    last: f64,
    revision: u64,
    /// The revision seen last frame, and when it changed (for the pause).
    seen_revision: u64,
    changed_at: f64,
}

impl StudioApp {
    /// Asks for the recovery copy once the user pauses ([`AUTOSAVE_PAUSE`] after the last
    /// change), or every [`AUTOSAVE_SECONDS`] during long runs of changes. The frame hands a
    /// copy of the project to the writer thread, which serializes and writes it.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        if !self.recovery_on {
            return;
        }
        let clock = &mut self.autosave;
        let now = ctx.input(|i| i.time);
        if clock.seen_revision != self.doc.revision() {
            clock.seen_revision = self.doc.revision();
            clock.changed_at = now;
        }
        if !self.doc.is_dirty() {
            // Undone back to the saved state: the copy no longer holds unsaved work.
            if self.recovery_copy {
                self.recovery_clear();
            }
            return;
        }
        if clock.revision != self.doc.revision()
            && (now - clock.changed_at >= AUTOSAVE_PAUSE || now - clock.last >= AUTOSAVE_SECONDS)
        {
            clock.last = now;
            clock.revision = self.doc.revision();
            self.writer.send(Job::RecoveryWrite {
                project: self.doc.snapshot(),
                origin: self.doc.path.clone(),
            });
            self.recovery_copy = true;
        }
        if clock.revision != self.doc.revision() {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(AUTOSAVE_PAUSE));
        }
    }

    /// Removes this studio's recovery copy (the work is saved, or deliberately left).
    pub(super) fn recovery_clear(&mut self) {
        if self.recovery_on {
            self.writer.send(Job::RecoveryClear);
            self.recovery_copy = false;
        }
    }
}
