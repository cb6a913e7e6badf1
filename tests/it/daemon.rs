//! The watch loop, run in-process: the test owns the folder, the database and the
//! shutdown flag, and waits on the database with a deadline (no fixed sleeps).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Duration;

use newsdb::config::Config;
use newsdb::daemon::{Control, Event};

use crate::support::{
    column, count, fill, make_corpus, seeds_dir, start_daemon, wait_for, Daemon, SmallDisk,
};

struct Running {
    daemon: Daemon,
    db: PathBuf,
    dir: PathBuf,
    _tmp: tempfile::TempDir,
}

impl Running {
    fn start(poll: bool) -> Running {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("inbox");
        std::fs::create_dir(&dir).expect("mkdir");
        let db = tmp.path().join("n.db");
        let mut config = Config::default();
        config.watch.dir = dir.clone();
        config.database.path = db.clone();
        config.watch.settle_ms = 300;
        config.watch.poll = poll;
        config.watch.poll_interval_ms = 100;
        let daemon = start_daemon(config.clone(), config);
        daemon.wait_event(Event::Ready, Duration::from_secs(20));
        Running {
            daemon,
            db,
            dir,
            _tmp: tmp,
        }
    }

    fn articles_like(&self, title_word: &str) -> Option<i64> {
        count(
            &self.db,
            &format!("SELECT count(*) FROM articles WHERE body LIKE '%{title_word}%'"),
        )
        .filter(|&n| n > 0)
    }

    fn stop(self) -> newsdb::daemon::DaemonReport {
        self.daemon.stop()
    }
}

fn page(marker: &str) -> String {
    format!(
        "Council backs {marker} plan\n\nBy Jane Reporter\n\nThe city council voted on Tuesday to approve the {marker} plan, which will add 300 new parking bays.\n\n\"We gave this an honest try,\" said deputy mayor Anna Berg.\n"
    )
}

#[test]
fn a_file_written_slowly_in_place_is_ingested_once_whole() {
    let d = Running::start(false);
    let path = d.dir.join("slow.txt");
    let text = page("slowwrite");
    let mut f = std::fs::File::create(&path).expect("create");
    let (head, tail) = text.split_at(text.len() / 2);
    f.write_all(head.as_bytes()).expect("write");
    f.flush().expect("flush");
    // The writer pauses mid-file for less than the settle window, then finishes.
    std::thread::sleep(Duration::from_millis(150));
    f.write_all(tail.as_bytes()).expect("write");
    drop(f);
    wait_for("slow file", Duration::from_secs(10), || {
        d.articles_like("Anna Berg")
    });
    assert_eq!(count(&d.db, "SELECT count(*) FROM articles"), Some(1));
    let report = d.stop();
    assert_eq!(report.tally.new, 1);
}

#[test]
fn a_file_renamed_into_the_folder_is_ingested() {
    let d = Running::start(false);
    let outside = d.dir.parent().expect("parent").join("staging.txt");
    std::fs::write(&outside, page("renamedin")).expect("write");
    std::fs::rename(&outside, d.dir.join("renamed.txt")).expect("rename");
    wait_for("renamed file", Duration::from_secs(10), || {
        d.articles_like("renamedin")
    });
    d.stop();
}

#[test]
fn polling_mode_finds_files_without_os_events() {
    let d = Running::start(true);
    std::fs::copy(
        seeds_dir().join("004_c7bed5cdc093ebdf.txt"),
        d.dir.join("seed.txt"),
    )
    .expect("copy");
    wait_for("polled file", Duration::from_secs(10), || {
        d.articles_like("Mandiant")
    });
    d.stop();
}

#[test]
fn bad_files_are_recorded_and_the_daemon_keeps_going() {
    let d = Running::start(false);
    std::fs::write(d.dir.join("empty.txt"), b"").expect("write");
    std::fs::write(d.dir.join("binary.txt"), b"\x7fELF\x02\x01\x01\0\0\0").expect("write");
    std::fs::write(d.dir.join("garbage.txt"), b"\x81\x8d\x8f\x90\x9d\x81\x8d").expect("write");
    wait_for("rejections", Duration::from_secs(10), || {
        count(
            &d.db,
            "SELECT count(*) FROM files WHERE status = 'rejected'",
        )
        .filter(|&n| n == 3)
    });
    std::fs::write(d.dir.join("good.txt"), page("aftergarbage")).expect("write");
    wait_for("good file after bad ones", Duration::from_secs(10), || {
        d.articles_like("aftergarbage")
    });
    let reasons = column(
        &d.db,
        "SELECT error FROM files WHERE status = 'rejected' ORDER BY path",
    );
    assert!(
        reasons
            .iter()
            .all(|r| r.as_str().is_some_and(|s| !s.is_empty())),
        "{reasons:?}"
    );
    d.stop();
}

#[test]
fn files_present_at_start_are_caught_up_and_deletions_recorded() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("inbox");
    std::fs::create_dir(&dir).expect("mkdir");
    for f in std::fs::read_dir(seeds_dir()).expect("seeds") {
        let f = f.expect("entry").path();
        std::fs::copy(&f, dir.join(f.file_name().expect("name"))).expect("copy");
    }
    let db = tmp.path().join("n.db");
    let mut config = Config::default();
    config.watch.dir = dir.clone();
    config.database.path = db.clone();
    // Ready is only signalled after the catch-up scan is stored: stop right away.
    let run_once = |config: &Config| {
        let control = Control::default();
        let reload = config.clone();
        newsdb::daemon::run(
            config,
            &control,
            move || Ok(reload.clone()),
            |e| {
                if e == Event::Ready {
                    control.shutdown.store(true, Ordering::SeqCst);
                }
            },
        )
        .expect("daemon")
    };
    let report = run_once(&config);
    assert_eq!(report.tally.new, 5);
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), Some(5));
    // Delete one while the daemon is down: the next start records it.
    remove_one(&dir);
    let report = run_once(&config);
    assert_eq!((report.tally.new, report.deleted), (0, 1));
    assert_eq!(
        count(&db, "SELECT count(*) FROM files WHERE status = 'deleted'"),
        Some(1)
    );
}

#[test]
fn a_shutdown_during_a_backlog_stops_between_batches_and_the_rest_goes_in_next_time() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("inbox");
    std::fs::create_dir(&dir).expect("mkdir");
    // 20 files, stable already (modified an hour ago), so the catch-up takes them all.
    let hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    for i in 0..20 {
        let path = dir.join(format!("page{i:02}.txt"));
        std::fs::write(&path, page(&format!("backlog{i:02}"))).expect("write");
        let file = std::fs::File::options()
            .write(true)
            .open(&path)
            .expect("open");
        file.set_modified(hour_ago).expect("set mtime");
    }
    let db = tmp.path().join("n.db");
    let mut config = Config::default();
    config.watch.dir = dir.clone();
    config.database.path = db.clone();
    config.watch.batch_files = 4;
    let run = |stop_at_once: bool| {
        let control = Control::default();
        control.shutdown.store(stop_at_once, Ordering::SeqCst);
        let reload = config.clone();
        let mut writing = Vec::new();
        let report = newsdb::daemon::run(
            &config,
            &control,
            move || Ok(reload.clone()),
            |e| match e {
                Event::Ready => control.shutdown.store(true, Ordering::SeqCst),
                Event::Writing { done, left } => writing.push((done, left)),
                _ => {}
            },
        )
        .expect("daemon");
        (report, writing)
    };
    // Shutdown already asked for: the first batch is written while the second is
    // prepared (and the third staged); the run writes the prepared one and stops.
    // Each batch is reported as it is committed.
    let (first, writing) = run(true);
    assert_eq!(writing, [(4, 16), (8, 12)]);
    assert_eq!(first.tally.new, 8);
    assert_eq!(count(&db, "SELECT count(*) FROM files"), Some(8));
    // The next start finds the other 12 and writes each once.
    let (second, writing) = run(false);
    assert_eq!(writing.last(), Some(&(12, 0)));
    assert_eq!(second.tally.new, 12);
    assert_eq!(second.tally.duplicate + second.tally.unchanged, 0);
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), Some(20));
    assert_eq!(
        count(
            &db,
            "SELECT count(DISTINCT path) FROM files WHERE status = 'ingested'"
        ),
        Some(20)
    );
}

fn remove_one(dir: &Path) {
    let first = std::fs::read_dir(dir)
        .expect("dir")
        .next()
        .expect("one")
        .expect("entry");
    std::fs::remove_file(first.path()).expect("remove");
}

#[test]
fn reload_applies_a_new_config_without_a_restart() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("inbox");
    std::fs::create_dir(&dir).expect("mkdir");
    let mut config = Config::default();
    config.watch.dir = dir.clone();
    config.database.path = tmp.path().join("n.db");
    config.watch.settle_ms = 100;
    config.watch.extensions = vec!["txt".into()];
    let mut reloaded = config.clone();
    reloaded.watch.extensions = vec!["txt".into(), "md".into()];
    let db = config.database.path.clone();
    let daemon = start_daemon(config, reloaded);
    daemon.wait_event(Event::Ready, Duration::from_secs(20));
    std::fs::write(dir.join("note.md"), page("markdownnote")).expect("write");
    daemon.control.reload.store(true, Ordering::SeqCst);
    daemon.wait_event(Event::Reloaded, Duration::from_secs(10));
    // The reload rescans, so the .md file written before it is found too.
    wait_for(".md ingested after reload", Duration::from_secs(10), || {
        count(
            &db,
            "SELECT count(*) FROM articles WHERE body LIKE '%markdownnote%'",
        )
        .filter(|&n| n == 1)
    });
    daemon.stop();
}

#[test]
fn a_full_disk_pauses_the_daemon_and_it_resumes_when_space_returns() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let Some(disk) = SmallDisk::mount(&tmp.path().join("disk"), "8m") else {
        eprintln!("cannot mount a tmpfs here (not root): skipped");
        return;
    };
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).expect("mkdir");
    let db = disk.0.join("n.db");
    let mut config = newsdb::config::Config::default();
    config.watch.dir = dir.clone();
    config.database.path = db.clone();
    config.watch.settle_ms = 20;
    config.watch.rescan_secs = 0;
    let daemon = start_daemon(config.clone(), config);
    daemon.wait_event(Event::Ready, Duration::from_secs(30));
    // The database's disk fills up; then files arrive.
    let filler = disk.0.join("filler");
    fill(&filler);
    let files = make_corpus(&dir, 40);
    daemon.wait_event(Event::Paused, Duration::from_secs(60));
    // Space comes back: every file is stored, once.
    std::fs::remove_file(&filler).expect("free space");
    wait_for("every file stored", Duration::from_secs(120), || {
        (count(&db, "SELECT count(*) FROM files WHERE status = 'ingested'")
            == Some(files.len() as i64))
        .then_some(())
    });
    let report = daemon.stop();
    assert_eq!(report.tally.new, files.len());
    assert_eq!(
        count(&db, "SELECT count(*) FROM articles"),
        Some(files.len() as i64)
    );
    let check = newsdb::store::Reader::open(&db, Duration::from_secs(5))
        .expect("open")
        .check();
    assert!(check.is_ok(), "{check:?}");
}
