//! What an interrupt must undo: the temp files of outputs being written and the
//! PDF workers still running. The library keeps the list; the `report` binary
//! installs the handler ([`install`]) that, on SIGINT, SIGTERM or SIGHUP, removes
//! those files, kills those workers, prints one line and exits 128 + the signal.
//! Outputs already renamed into place are finished work and stay.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

static TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static CHILDREN: Mutex<Vec<u32>> = Mutex::new(Vec::new());
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Has an interrupt begun? Then nothing else should be printed.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Runs `make` (which creates a temp file) and `finish` (which renames or removes
/// it) with the file on the list in between: an interrupt at any point leaves
/// either the finished output or no file at all. The list is locked while a file is
/// created and while it is renamed, so the handler never races either.
pub struct TempGuard {
    path: PathBuf,
}

impl TempGuard {
    /// Creates a temp file with `make` and puts its path on the list.
    pub fn create<T, E>(
        make: impl FnOnce() -> Result<T, E>,
        path_of: impl Fn(&T) -> &Path,
    ) -> Result<(T, TempGuard), E> {
        let mut temps = lock(&TEMPS);
        let made = make()?;
        let path = path_of(&made).to_path_buf();
        temps.push(path.clone());
        Ok((made, TempGuard { path }))
    }

    /// Runs `finish` (the rename) with the list locked, then takes the path off it.
    pub fn finish<R>(self, finish: impl FnOnce() -> R) -> R {
        let mut temps = lock(&TEMPS);
        let r = finish();
        temps.retain(|p| *p != self.path);
        std::mem::forget(self);
        r
    }
}

impl Drop for TempGuard {
    /// An output abandoned (an error while writing): its temp file is removed by its
    /// owner; it only leaves the list here.
    fn drop(&mut self) {
        lock(&TEMPS).retain(|p| *p != self.path);
    }
}

/// A PDF worker started: an interrupt kills it.
pub fn child_started(pid: u32) {
    lock(&CHILDREN).push(pid);
}

/// A PDF worker reaped.
pub fn child_finished(pid: u32) {
    lock(&CHILDREN).retain(|&p| p != pid);
}

/// Undoes what is unfinished: removes the temp files on the list and kills the
/// workers. The temp list stays locked, so no new output is renamed into place
/// after this.
pub fn clean_up() {
    INTERRUPTED.store(true, Ordering::SeqCst);
    let temps = lock(&TEMPS);
    for p in temps.iter() {
        let _ = std::fs::remove_file(p);
    }
    for &pid in lock(&CHILDREN).iter() {
        #[cfg(unix)]
        // SAFETY: kill(2) on a worker of ours that has not been reaped (it is
        // taken off the list only after its wait returned).
        unsafe {
            libc::kill(pid as libc::pid_t, libc::SIGKILL);
        }
        #[cfg(not(unix))]
        let _ = pid;
    }
    // keep the temp list locked until the process exits
    std::mem::forget(temps);
}

/// Installs the handler for SIGINT, SIGTERM and SIGHUP: [`clean_up`], one line on
/// stderr, exit 130, 143 or 129. For the `report` binary; a program using the
/// library handles its own signals.
#[cfg(all(unix, feature = "cli"))]
pub fn install() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else { return };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            clean_up();
            let name = match signal {
                SIGINT => "SIGINT",
                SIGTERM => "SIGTERM",
                _ => "SIGHUP",
            };
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "report: interrupted ({name}): outputs already written are kept, unfinished ones removed"
            );
            std::process::exit(128 + signal);
        }
    });
}

#[cfg(not(all(unix, feature = "cli")))]
pub fn install() {}
