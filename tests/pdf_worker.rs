//! The PDF worker kept between PDFs (`report __pdf-pages --serve`): one process
//! serves PDF after PDF, gives what decoding in-process gives, and a PDF that
//! crashes it or runs past the time limit costs that PDF alone.

mod common;

use common::fixture;
use report::ingest::worker::{Worker, pdf_pages_contained, shut_down};
use report::ingest::{PdfError, pdf_pages};
use std::time::Duration;

/// The pids of this process's children that run a PDF worker (from /proc: each
/// process's parent is the fourth field of its `stat`, after its name in brackets).
#[cfg(target_os = "linux")]
fn workers() -> Vec<u32> {
    let me = std::process::id().to_string();
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let (Ok(stat), Ok(cmdline)) =
            (std::fs::read_to_string(entry.path().join("stat")), std::fs::read(entry.path().join("cmdline")))
        else {
            continue;
        };
        let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        let parent = after_name.split_whitespace().nth(1);
        if parent == Some(me.as_str()) && cmdline.split(|&b| b == 0).any(|a| a == b"__pdf-pages") {
            found.push(pid);
        }
    }
    found
}

#[cfg(target_os = "linux")]
#[test]
fn one_worker_serves_pdf_after_pdf_and_a_failure_costs_that_pdf_alone() {
    let worker = Worker::new(env!("CARGO_BIN_EXE_report").into());
    let robotics = std::fs::read(fixture("robotics-2025.pdf")).unwrap();
    let storage = std::fs::read(fixture("storage-tables-2025.pdf")).unwrap();
    let here = |bytes: &[u8]| pdf_pages(bytes, None).unwrap();
    assert!(workers().is_empty());

    // two PDFs, one worker: each as decoded in this process
    assert_eq!(pdf_pages_contained(&robotics, None, Some(&worker), false).unwrap(), here(&robotics));
    let first = workers();
    assert_eq!(first.len(), 1);
    assert_eq!(pdf_pages_contained(&storage, None, Some(&worker), false).unwrap(), here(&storage));
    assert_eq!(workers(), first);
    // pages spread over the cores (a batch's last PDFs), by our layer and by
    // pdf-extract on the pages with no text: the same pages
    for name in ["smart-manufacturing-2025.pdf", "mostly-scanned.pdf"] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        assert_eq!(pdf_pages_contained(&bytes, None, Some(&worker), true).unwrap(), here(&bytes), "{name}");
    }
    assert_eq!(workers(), first);

    // pdf-extract overflows its stack on this page (our layer finds no text on it):
    // the worker dies, the page comes back empty, and the next PDF gets a new worker
    let recursive = std::fs::read(fixture("recursive-form.pdf")).unwrap();
    let crashed = pdf_pages_contained(&recursive, None, Some(&worker), false).unwrap();
    assert_eq!((crashed.pages, crashed.failed), (vec![String::new()], vec![]));
    assert!(workers().is_empty());
    assert_eq!(pdf_pages_contained(&robotics, None, Some(&worker), false).unwrap(), here(&robotics));
    let second = workers();
    assert_eq!(second.len(), 1);
    assert_ne!(second, first);

    // past the time limit the worker is killed and reaped; the PDF after it is read
    let hasty = Worker { time_limit: Duration::ZERO, ..worker.clone() };
    let late = pdf_pages_contained(&robotics, None, Some(&hasty), false).unwrap_err();
    assert_eq!(late, PdfError::Damaged("the PDF engine did not finish within 0 s".into()));
    assert!(workers().is_empty());
    assert_eq!(pdf_pages_contained(&storage, None, Some(&worker), false).unwrap(), here(&storage));
    assert_eq!(workers().len(), 1);

    // a worker that hangs (here one that never reads its request) is killed at the
    // limit, not waited for
    let dir = std::env::temp_dir().join(format!("report-hanging-worker-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let hanging = dir.join("hangs");
    std::fs::write(&hanging, "#!/bin/sh\nexec sleep 600\n").unwrap();
    std::fs::set_permissions(&hanging, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let hangs = Worker { exe: hanging, time_limit: Duration::from_millis(200), ..worker.clone() };
    let asked = std::time::Instant::now();
    let late = pdf_pages_contained(&robotics, None, Some(&hangs), false).unwrap_err();
    assert_eq!(late, PdfError::Damaged("the PDF engine did not finish within 0 s".into()));
    assert!(asked.elapsed() < Duration::from_secs(300), "killed, not waited for until it ended");
    assert_eq!(workers().len(), 1);
    std::fs::remove_dir_all(&dir).unwrap();

    // an encrypted PDF is refused as in this process, and the worker stays
    let encrypted = std::fs::read(fixture("encrypted-password-secret.pdf")).unwrap();
    assert_eq!(pdf_pages_contained(&encrypted, None, Some(&worker), false), pdf_pages(&encrypted, None));
    assert_eq!(
        pdf_pages_contained(&encrypted, Some("secret"), Some(&worker), false),
        pdf_pages(&encrypted, Some("secret"))
    );
    assert_eq!(workers().len(), 1);

    // and none outlives shut_down
    shut_down();
    assert!(workers().is_empty());
}
