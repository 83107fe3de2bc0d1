//! `report extract`: typed, sourced facts from reports.
//!
//! Usage: report extract [-f table|json|jsonl|csv] [-o FILE | --output-dir DIR] [--force]
//!                       [--files-from LIST] FILE|DIR|-...
//!
//! FILE is a PDF or a text file (UTF-8, UTF-16 with BOM, GB18030/GBK); `-` reads one
//! report from stdin; a DIR is searched recursively for .pdf, .txt and .md files;
//! `--files-from LIST` reads paths, one a line, from LIST (`-` for stdin). Several
//! inputs are read in parallel; a bad one is reported in one line on stderr (and in
//! the JSON `errors`) and the others go on; the exit code is then the first failure's.

use super::{Failure, write};
use crate::error::ReportError;
use crate::output::{self, BatchDocument, BatchError, BatchOutput, DocumentInfo, Format, SCHEMA_VERSION};
use crate::pipeline::{self, Analysis};
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
#[command(
    about = "Extract facts from reports, each with its evidence: market sizes, CAGRs, market shares, investments, policies, data sources, trends and challenges"
)]
pub struct Args {
    /// Reports: PDF or text files, directories (searched for .pdf/.txt/.md), or `-` for stdin
    #[arg(required_unless_present = "files_from")]
    pub files: Vec<PathBuf>,
    /// Also read report paths, one a line, from this file (`-` for stdin)
    #[arg(long, value_name = "LIST")]
    pub files_from: Option<PathBuf>,
    /// Output format [default: from -o's extension (.xlsx .csv .json .jsonl .md), else table]
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,
    /// Write to this file (atomically) instead of stdout
    #[arg(short, long, conflicts_with = "output_dir")]
    pub output: Option<PathBuf>,
    /// Write one output per input into this directory (NAME.EXT.FORMAT, atomically)
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Overwrite existing output files
    #[arg(long)]
    pub force: bool,
    /// Start CSV output with a UTF-8 byte-order mark (for Excel and Chinese text)
    #[arg(long)]
    pub bom: bool,
}

/// The format `-o PATH`'s extension names, if it names one.
fn format_of_path(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "xlsx" => Format::Xlsx,
        "csv" => Format::Csv,
        "json" => Format::Json,
        "jsonl" | "ndjson" => Format::Jsonl,
        "md" | "markdown" => Format::Md,
        "html" | "htm" => Format::Html,
        _ => return None,
    })
}

/// The output format: `-f`, else the one `-o`'s extension names, else the table. A
/// `-f` that contradicts the extension is a usage error: one of them is a mistake.
fn format(args: &Args) -> Result<Format, Failure> {
    let by_path = args.output.as_deref().and_then(format_of_path);
    match (args.format, by_path) {
        (Some(f), Some(p)) if f != p => Err(Failure::Usage(format!(
            "-f {} contradicts -o {} (a {} file): give one, or make them agree",
            f.name(),
            args.output.as_deref().map_or(String::new(), |o| o.display().to_string()),
            p.name()
        ))),
        (Some(f), _) | (None, Some(f)) => Ok(f),
        (None, None) => Ok(Format::Table),
    }
}

pub fn run(args: Args, stages: &pipeline::Options) -> Result<(), Failure> {
    let format = format(&args)?;
    if format == Format::Xlsx && args.output.is_none() && args.output_dir.is_none() && std::io::stdout().is_terminal() {
        return Err(Failure::Other("xlsx is a binary format: write it with -o FILE.xlsx (or redirect stdout)".into()));
    }
    let options = output::Options { bom: args.bom, color: super::settings().color };
    let inputs = inputs(&args)?;
    if inputs.len() == 1 && args.output_dir.is_none() {
        return write_one(&inputs[0], args.output.as_deref(), args.force, format, options, stages);
    }
    if let Some(dir) = &args.output_dir {
        return write_each(dir, args.force, format, options, &inputs, stages);
    }
    if format == Format::Html {
        return Err(Failure::Usage("an HTML page shows one report: give --output-dir DIR for several".into()));
    }
    let results = analyze_all(&inputs, stages, |_, _| {});
    let mut errors = Vec::new();
    let mut done: Vec<Done> = Vec::new();
    for (path, result) in inputs.iter().zip(results) {
        match result {
            // (each failure was said as it happened)
            Ok(d) => done.push(d),
            Err(e) => errors.push(batch_error(path, &e)),
        }
    }
    let first_code = errors.first().map(|e| e.exit_code);
    let written = write::emit(args.output.as_deref(), args.force, |out| {
        crate::timing::time(crate::timing::Stage::Output, || write_batch(out, format, options, &done, errors))
    });
    // every input failure was reported above; the exit code is the first one's,
    // else an output's that could not be written
    match (first_code, written) {
        (Some(code), Err(Failure::Other(msg))) => {
            super::say(&format!("report: {msg}"));
            Err(Failure::Quiet(code))
        }
        (Some(code), _) => Err(Failure::Quiet(code)),
        (None, written) => written,
    }
}

fn batch_error(path: &Path, e: &ReportError) -> BatchError {
    BatchError { path: path.display().to_string(), error: e.to_string(), exit_code: e.exit_code() }
}

/// One document's output in `format`: the review page is drawn from the document
/// itself, every other format from its facts.
fn render(out: &mut dyn Write, format: Format, options: output::Options, a: &Analysis) -> std::io::Result<()> {
    match format {
        Format::Html => output::html::write_html(out, &a.document, &a.facts, &a.checks),
        _ => output::write_with(out, format, options, &DocumentInfo::of(&a.document), &a.facts, &a.checks),
    }
}

/// The output of one input, to `dest` (atomically) or stdout: the process reads
/// this one document (`extract FILE`, `view FILE`).
pub(super) fn write_one(
    input: &Path,
    dest: Option<&Path>,
    force: bool,
    format: Format,
    options: output::Options,
    stages: &pipeline::Options,
) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    let one = pipeline::Options { one_document: true, ..stages.clone() };
    let analysis = pipeline::analyze(input, &one)?;
    super::verbose(&analysis, started.elapsed());
    super::warn_failed_pages(&analysis.document);
    write::emit(dest, force, |out| render(out, format, options, &analysis))
}

/// What a batch keeps of a document once it is analyzed: its text is dropped, so a
/// batch holds the facts of its documents, not their texts.
struct Done {
    info: DocumentInfo,
    facts: Vec<crate::extract::Fact>,
    checks: Vec<crate::check::Check>,
}

/// The inputs: FILE arguments (directories expanded, sorted) and `--files-from` lines.
fn inputs(args: &Args) -> Result<Vec<PathBuf>, Failure> {
    let mut out = Vec::new();
    for f in &args.files {
        let before = out.len();
        expand(f, &mut out);
        if out.len() == before {
            return Err(Failure::Input(ReportError::NoReports { path: f.clone() }));
        }
    }
    if let Some(list) = &args.files_from {
        let lines: Vec<String> = if list.as_os_str() == "-" {
            std::io::stdin().lock().lines().collect::<Result<_, _>>()?
        } else {
            std::fs::read_to_string(list)
                .map_err(|e| Failure::Other(format!("{}: cannot read the list of files: {e}", list.display())))?
                .lines()
                .map(str::to_string)
                .collect()
        };
        for line in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
            expand(Path::new(line), &mut out);
        }
    }
    if out.is_empty() {
        return Err(Failure::Other("no reports found in the inputs given".into()));
    }
    Ok(out)
}

/// A directory becomes the reports under it (.pdf, .txt, .md, sorted); anything else
/// stays as given, so that a missing file is reported as such.
fn expand(path: &Path, out: &mut Vec<PathBuf>) {
    if !path.is_dir() {
        out.push(path.to_path_buf());
        return;
    }
    let mut found = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                let e = e.to_ascii_lowercase();
                e == "pdf" || e == "txt" || e == "md"
            }) {
                found.push(p);
            }
        }
    }
    found.sort();
    out.extend(found);
}

/// Analyzes every input on all cores, with a progress bar on a terminal; warns about
/// each document's missing or garbled pages and hands it to `finished` (with its
/// index) as soon as it is read. The results come back in input order.
fn analyze_all(
    inputs: &[PathBuf],
    stages: &pipeline::Options,
    finished: impl Fn(usize, &Analysis) + Sync,
) -> Vec<Result<Done, ReportError>> {
    let bar = (std::io::stderr().is_terminal() && !super::settings().quiet).then(|| {
        let bar = indicatif::ProgressBar::new(inputs.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}") {
            bar.set_style(style);
        }
        super::start_progress(&bar);
        bar
    });
    // a batch's last inputs spread their PDF's pages over the cores the others leave
    let spread = pipeline::Options {
        ingest: crate::ingest::Options { spread: true, ..stages.ingest.clone() },
        ..stages.clone()
    };
    let one = |n: usize, p: &PathBuf, last: bool| {
        let started = std::time::Instant::now();
        let r = pipeline::analyze(p, if last { &spread } else { stages }).map(|a| {
            super::verbose(&a, started.elapsed());
            let info = DocumentInfo::of(&a.document);
            super::warn_failed_info(&info);
            finished(n, &a);
            Done { info, facts: a.facts, checks: a.checks }
        });
        // an input that failed is said as it happens, above the bar
        if let Err(e) = &r {
            super::say(&format!("report: {e}"));
        }
        if let Some(b) = &bar {
            b.inc(1);
        }
        r
    };
    let results = in_size_order(inputs, |n, last| one(n, &inputs[n], last));
    if bar.is_some() {
        super::end_progress();
    }
    results
}

/// `work(n, last)` for the `n` inputs, in input order, on all cores: each thread
/// takes the largest input not yet taken (by file size), so that the last ones
/// taken are short and no thread idles long at the end while another finishes a
/// long report (on one thread, in input order). `last`: each thread's last input
/// (none is left to take when it is taken), whose work may spread over the cores
/// the threads done with theirs leave idle; never on one thread, or for one input.
fn in_size_order<R: Send>(inputs: &[PathBuf], work: impl Fn(usize, bool) -> R + Sync) -> Vec<R> {
    let threads = rayon::current_num_threads();
    if threads <= 1 || inputs.len() <= 1 {
        return (0..inputs.len()).map(|n| work(n, false)).collect();
    }
    small_pages();
    let order = largest_first(inputs);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<R>>> = inputs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    rayon::scope(|scope| {
        for _ in 0..threads.min(inputs.len()) {
            scope.spawn(|_| {
                loop {
                    let taken = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(&n) = order.get(taken) else { break };
                    let r = work(n, taken + threads >= order.len());
                    *slots[n].lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(r);
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|s| s.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner).expect("every input was taken"))
        .collect()
}

/// Gives up transparent huge pages (Linux), for this process and the PDF workers it
/// starts from now on (the flag is inherited): a batch on several threads. There each
/// core faults in fresh heaps of its own (two main threads, two workers), and in
/// about half the rounds of a batch of the 14 corpus reports on two threads the
/// kernel spent 0.3-0.7 s of system time zeroing huge pages, where it spent 0.1 s
/// in the others and on one thread. With pages of 4 KiB it spent 0.14-0.20 s in
/// every round. (A document alone, or a batch on one thread, keeps them: there they
/// cost less CPU than the smaller pages' faults.)
fn small_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(2) sets a flag of this process's memory; a refusal leaves it as it was.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// The indices of `inputs`, the largest file first (one that cannot be read as the
/// smallest); inputs of one size in input order.
fn largest_first(inputs: &[PathBuf]) -> Vec<usize> {
    let size = |p: &PathBuf| std::fs::metadata(p).map_or(0, |m| m.len());
    let mut order: Vec<(u64, usize)> = inputs.iter().enumerate().map(|(n, p)| (size(p), n)).collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    order.into_iter().map(|(_, n)| n).collect()
}

fn write_batch(
    out: &mut dyn Write,
    format: Format,
    options: output::Options,
    done: &[Done],
    errors: Vec<BatchError>,
) -> std::io::Result<()> {
    match format {
        Format::Json => {
            let documents = done
                .iter()
                .map(|a| BatchDocument { document: a.info.clone(), facts: &a.facts, checks: &a.checks })
                .collect();
            let mut out = output::buffered(out);
            serde_json::to_writer_pretty(&mut out, &BatchOutput { schema_version: SCHEMA_VERSION, documents, errors })?;
            writeln!(out)?;
            out.flush()
        }
        Format::Csv => output::write_csv_many(out, options, done.iter().map(|a| (a.info.clone(), a.facts.as_slice()))),
        Format::Xlsx => {
            let docs = done.iter().map(|a| output::Book { info: a.info.clone(), facts: &a.facts, checks: &a.checks });
            let written = output::workbook(docs, &errors).map_err(std::io::Error::other)?;
            output::report_cuts("xlsx", &written.warnings);
            out.write_all(&written.bytes)
        }
        Format::Jsonl => {
            let mut out = output::buffered(out);
            for a in done {
                output::write_jsonl(&mut out, &a.info, &a.facts, &a.checks)?;
            }
            // one stream is the whole result: the inputs that failed too
            output::write_jsonl_errors(&mut out, &errors)?;
            out.flush()
        }
        // (refused before: a page shows one report)
        Format::Html => Err(std::io::Error::other("an HTML page shows one report")),
        Format::Table | Format::Md => {
            for a in done {
                output::write_with(out, format, options, &a.info, &a.facts, &a.checks)?;
                writeln!(out)?;
            }
            Ok(())
        }
    }
}

/// One output per input in `dir`, each written (atomically) as soon as its document
/// is read, so that an interrupt keeps every output finished before it: the input's
/// file name plus the format's extension (`report.pdf.json`), `-2`, `-3`, ... where
/// two inputs share a name (numbered in input order, whether or not they fail).
pub(super) fn write_each(
    dir: &Path,
    force: bool,
    format: Format,
    options: output::Options,
    inputs: &[PathBuf],
    stages: &pipeline::Options,
) -> Result<(), Failure> {
    std::fs::create_dir_all(dir).map_err(|e| Failure::Other(format!("{}: {e}", dir.display())))?;
    let ext = match format {
        Format::Table => "txt",
        Format::Json => "json",
        Format::Jsonl => "jsonl",
        Format::Csv => "csv",
        Format::Xlsx => "xlsx",
        Format::Md => "md",
        Format::Html => "html",
    };
    let names = write::names_in_dir(inputs, ext);
    // an output that cannot be written does not stop the others
    let unwritten = std::sync::atomic::AtomicUsize::new(0);
    let results = analyze_all(inputs, stages, |n, a| {
        let written = write::emit(Some(&dir.join(&names[n])), force, |out| render(out, format, options, a));
        if let Err(Failure::Other(msg)) = written {
            super::say(&format!("report: {msg}"));
            unwritten.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    });
    let mut first_code = None;
    // (each failure was said as it happened)
    for result in &results {
        if let Err(e) = result {
            first_code.get_or_insert(e.exit_code());
        }
    }
    match first_code {
        Some(code) => Err(Failure::Quiet(code)),
        None if unwritten.into_inner() > 0 => Err(Failure::Quiet(crate::error::EXIT_INTERNAL)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    /// Inputs are taken largest first, ties and unreadable ones as the input has them;
    /// the results come back in input order, each input worked once, on one thread
    /// (in input order) and on two.
    #[test]
    fn inputs_are_taken_largest_first_and_given_back_in_order() {
        let dir = std::env::temp_dir().join(format!("report-size-order-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let sizes = [30, 5, 70, 5, 1, 50];
        let mut inputs: Vec<std::path::PathBuf> = sizes
            .iter()
            .enumerate()
            .map(|(n, &len)| {
                let p = dir.join(format!("{n}.txt"));
                std::fs::write(&p, "x".repeat(len)).unwrap();
                p
            })
            .collect();
        inputs.push(dir.join("missing.txt"));
        assert_eq!(super::largest_first(&inputs), [2, 5, 0, 1, 3, 4, 6]);
        let run = |threads: usize| {
            let taken = std::sync::Mutex::new(Vec::new());
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let out = pool.install(|| {
                super::in_size_order(&inputs, |n, last| {
                    taken.lock().unwrap().push((n, last));
                    n * 10
                })
            });
            (out, taken.into_inner().unwrap())
        };
        let (out, taken) = run(1);
        assert_eq!(out, [0, 10, 20, 30, 40, 50, 60]);
        assert_eq!(taken, [0, 1, 2, 3, 4, 5, 6].map(|n| (n, false)));
        let (out, mut taken) = run(2);
        assert_eq!(out, [0, 10, 20, 30, 40, 50, 60]);
        // on two threads the process has given up transparent huge pages
        #[cfg(target_os = "linux")]
        {
            let status = std::fs::read_to_string("/proc/self/status").unwrap();
            assert!(status.lines().any(|l| l.split_whitespace().eq(["THP_enabled:", "0"])), "{status}");
        }
        // the two taken last (the smallest, 4 and 6; none is left after them) spread
        taken.sort_unstable();
        assert_eq!(taken, [(0, false), (1, false), (2, false), (3, false), (4, true), (5, false), (6, true)]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
