//! Where command output goes: stdout, or a file written atomically (a temp file
//! beside it, then a rename) that is never overwritten without `--force`.

use super::Failure;
use std::io::{self, Write};
use std::path::Path;

/// Renders with `render` into `dest` (stdout when `None`).
pub fn emit(
    dest: Option<&Path>,
    force: bool,
    render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Failure> {
    match dest {
        None => {
            let stdout = io::stdout();
            let mut out = PipeWatch { inner: io::BufWriter::new(stdout.lock()), closed: false };
            let result = render(&mut out).and_then(|_| out.flush());
            // A closed pipe (`report ... | head`) is the reader's choice, not an error,
            // however the renderer wrapped the error it got (csv and xlsx wrap theirs).
            match result {
                Err(_) if out.closed => Ok(()),
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(Failure::from),
            }
        }
        Some(path) => write_atomic(path, force, render),
    }
}

/// A writer that remembers whether its reader went away (EPIPE).
struct PipeWatch<W: Write> {
    inner: W,
    closed: bool,
}

impl<W: Write> PipeWatch<W> {
    fn watch<T>(&mut self, r: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &r
            && e.kind() == io::ErrorKind::BrokenPipe
        {
            self.closed = true;
        }
        r
    }
}

impl<W: Write> Write for PipeWatch<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = self.inner.write(buf);
        self.watch(r)
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = self.inner.flush();
        self.watch(r)
    }
}

fn write_atomic(
    path: &Path,
    force: bool,
    render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Failure> {
    let shown = path.display();
    if path.exists() && !force {
        return Err(Failure::Other(format!("{shown}: already exists (use --force to overwrite)")));
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let (mut tmp, guard) = crate::interrupt::TempGuard::create(
        || tempfile::NamedTempFile::new_in(dir),
        |t: &tempfile::NamedTempFile| t.path(),
    )
    .map_err(|e| Failure::Other(format!("{shown}: {e}")))?;
    {
        let mut w = io::BufWriter::new(tmp.as_file_mut());
        render(&mut w).and_then(|_| w.flush()).map_err(|e| Failure::Other(format!("{shown}: {e}")))?;
    }
    tmp.as_file().sync_all().map_err(|e| Failure::Other(format!("{shown}: {e}")))?;
    // a temp file is created private (0600); an output is an ordinary file
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    let persisted =
        guard.finish(|| if force { tmp.persist(path).map(|_| ()) } else { tmp.persist_noclobber(path).map(|_| ()) });
    persisted.map_err(|e| Failure::Other(format!("{shown}: {}", e.error)))
}

/// The file name of each input's output in a directory: its file name plus `ext`
/// (`report.pdf.json`; `stdin.json` for `-`), `-2`, `-3`, ... where two inputs share
/// a name (numbered in input order, whether or not they fail).
pub fn names_in_dir(inputs: &[std::path::PathBuf], ext: &str) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    inputs
        .iter()
        .map(|p| {
            let base = match p.as_os_str() == "-" {
                true => "stdin".to_string(),
                false => p.file_name().map_or("stdin".into(), |n| n.to_string_lossy().into_owned()),
            };
            let mut name = format!("{base}.{ext}");
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}-{n}.{ext}");
                n += 1;
            }
            name
        })
        .collect()
}
