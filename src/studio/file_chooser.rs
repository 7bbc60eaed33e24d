//! File dialogs: the desktop's own (rfd: the XDG desktop portal, else zenity) when this
//! machine can show one, and the studio's own chooser (the `egui_file` crate) when it cannot.
//!
//! rfd answers `None` both when the user cancels and when no dialog could be shown, so the
//! studio finds out beforehand, honestly: zenity on `PATH`, or a desktop portal on the D-Bus
//! session bus that really offers the FileChooser interface. rfd's own error reports (its
//! `log` records) are caught too, so a dialog that fails after all is not taken for a cancel.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use super::files::{DialogAnswer, DialogRequest, FileDialogs};

/// What this machine offers for native file dialogs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NativeSupport {
    /// `zenity` is on `PATH` (rfd's fallback; works on a bare X server).
    Zenity,
    /// A desktop portal on the session bus offers the FileChooser interface.
    Portal,
    /// Neither: the sentence says what was looked for.
    Unavailable(String),
}

/// How long the portal may take to answer (it may have to be started by D-Bus).
const PORTAL_TIMEOUT: Duration = Duration::from_secs(5);

/// Whether an executable named `name` is in one of the folders of `path` (a `PATH` value).
pub fn on_path(name: &str, path: Option<&std::ffi::OsStr>) -> bool {
    let Some(path) = path else { return false };
    std::env::split_paths(path).any(|dir| is_executable(&dir.join(name)))
}

fn is_executable(p: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(p) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// Asks the session bus whether a desktop portal offers the FileChooser interface (reading
/// its `version` property starts the portal when D-Bus can activate it).
fn portal_file_chooser() -> Result<u32, String> {
    async_io::block_on(async {
        // Short reasons for the status bar; the details go to standard error.
        let conn = zbus::Connection::session().await.map_err(|e| {
            eprintln!("ppstudio: file dialog: no D-Bus session bus: {e}");
            "there is no D-Bus session bus (so no desktop portal)".to_string()
        })?;
        let props = zbus::fdo::PropertiesProxy::builder(&conn)
            .destination("org.freedesktop.portal.Desktop")
            .and_then(|b| b.path("/org/freedesktop/portal/desktop"))
            .map_err(|e| e.to_string())?
            .build()
            .await
            .map_err(|e| e.to_string())?;
        let interface = zbus::names::InterfaceName::from_static_str_unchecked(
            "org.freedesktop.portal.FileChooser",
        );
        let version = props.get(interface, "version").await.map_err(|e| {
            eprintln!("ppstudio: file dialog: no desktop portal file chooser: {e}");
            "no desktop portal offers a file chooser".to_string()
        })?;
        u32::try_from(version).map_err(|e| e.to_string())
    })
}

/// Finds out what this machine offers (zenity first: it needs no bus).
pub fn probe() -> NativeSupport {
    if on_path("zenity", std::env::var_os("PATH").as_deref()) {
        return NativeSupport::Zenity;
    }
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let _ = tx.send(portal_file_chooser());
    });
    match rx.recv_timeout(PORTAL_TIMEOUT) {
        Ok(Ok(_)) => NativeSupport::Portal,
        Ok(Err(why)) => NativeSupport::Unavailable(format!("zenity is not installed and {why}")),
        Err(_) => NativeSupport::Unavailable(format!(
            "zenity is not installed and the desktop portal did not answer within {} s",
            PORTAL_TIMEOUT.as_secs()
        )),
    }
}

thread_local! {
    /// rfd's error reports on this thread (each dialog runs on a thread of its own).
    static RFD_ERRORS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Catches rfd's error records (and prints them), so a dialog that failed is told from one
/// the user cancelled. Other crates' records are dropped, as without a logger.
struct RfdErrors;

impl log::Log for RfdErrors {
    fn enabled(&self, meta: &log::Metadata<'_>) -> bool {
        meta.target().starts_with("rfd") && meta.level() <= log::Level::Warn
    }

    fn log(&self, record: &log::Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        eprintln!("ppstudio: file dialog: {}", record.args());
        if record.level() == log::Level::Error {
            let message = record.args().to_string();
            RFD_ERRORS.with(|e| e.borrow_mut().push(message));
        }
    }

    fn flush(&self) {}
}

fn install_logger() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        if log::set_boxed_logger(Box::new(RfdErrors)).is_ok() {
            log::set_max_level(log::LevelFilter::Warn);
        }
    });
}

/// Native dialogs (rfd), each on its own thread; what the machine offers is found out once,
/// at the first request.
#[derive(Default)]
pub struct NativeDialogs {
    support: Arc<OnceLock<NativeSupport>>,
}

impl NativeDialogs {
    /// Native dialogs, with rfd's error reports caught.
    pub fn new() -> Self {
        install_logger();
        NativeDialogs::default()
    }
}

impl FileDialogs for NativeDialogs {
    fn request(&mut self, request: &DialogRequest, ctx: &egui::Context) -> Receiver<DialogAnswer> {
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        let support = self.support.clone();
        let request = request.clone();
        std::thread::spawn(move || {
            let answer = match support.get_or_init(probe) {
                NativeSupport::Unavailable(why) => DialogAnswer::Unavailable(why.clone()),
                _ => native_dialog(&request),
            };
            let _ = tx.send(answer);
            ctx.request_repaint();
        });
        rx
    }
}

fn native_dialog(request: &DialogRequest) -> DialogAnswer {
    let kind = request.kind;
    let (filter, ext) = kind.filter();
    let mut dialog = rfd::FileDialog::new()
        .set_title(kind.title())
        .add_filter(filter, ext)
        .add_filter("All files", &["*"]);
    if let Some(dir) = &request.start_dir {
        dialog = dialog.set_directory(dir);
    }
    RFD_ERRORS.with(|e| e.borrow_mut().clear());
    let path = if kind.saves() {
        dialog.set_file_name(&request.suggested).save_file()
    } else {
        dialog.pick_file()
    };
    let errors = RFD_ERRORS.with(|e| std::mem::take(&mut *e.borrow_mut()));
    match (path, errors.last()) {
        (Some(p), _) => DialogAnswer::Picked(p),
        (None, Some(error)) => {
            DialogAnswer::Unavailable(format!("the desktop's file dialog failed ({error})"))
        }
        (None, None) => DialogAnswer::Cancelled,
    }
}

/// The studio's own file chooser, shown when no native dialog can be.
pub struct BuiltinChooser {
    dialog: egui_file::FileDialog,
}

impl BuiltinChooser {
    /// Opens the chooser for `request`, in its start folder.
    pub fn open(request: &DialogRequest) -> Self {
        let kind = request.kind;
        let mut dialog = if kind.saves() {
            egui_file::FileDialog::save_file().default_filename(request.suggested.clone())
        } else {
            egui_file::FileDialog::open_file()
        };
        if let Some(dir) = &request.start_dir {
            dialog = dialog.initial_path(dir.clone());
        }
        let (_, exts) = kind.filter();
        let mut dialog = dialog
            .title(&format!("{} (the studio's own chooser)", kind.title()))
            .id(egui::Id::unique("builtin-file-chooser"))
            .default_size(egui::vec2(560.0, 420.0))
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show_rename(false)
            .show_files_filter(Box::new(move |p: &Path| {
                p.extension()
                    .is_some_and(|e| exts.iter().any(|x| e == std::ffi::OsStr::new(x)))
            }));
        dialog.open();
        BuiltinChooser { dialog }
    }

    /// Draws the chooser; `Some` once the user chose (`Some(path)`) or cancelled (`None`).
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<Option<PathBuf>> {
        self.dialog.show(ctx);
        match self.dialog.state() {
            egui_file::State::Open => None,
            egui_file::State::Selected => Some(self.dialog.path().map(Path::to_path_buf)),
            egui_file::State::Cancelled | egui_file::State::Closed => Some(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn zenity_is_found_on_path_only_when_there_and_executable() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = std::env::join_paths([dir.path()]).unwrap();
        assert!(!on_path("zenity", Some(&path)));
        let z = dir.path().join("zenity");
        std::fs::write(&z, "#!/bin/sh\n").unwrap();
        assert!(!on_path("zenity", Some(&path)), "not executable");
        std::fs::set_permissions(&z, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(on_path("zenity", Some(&path)));
        assert!(!on_path("zenity", None));
    }
}
