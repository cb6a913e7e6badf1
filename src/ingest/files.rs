//! The file policy: which paths are read and how. A file is stat'ed, checked
//! (symlinks against the watched folder, `watch.max_file_size`, never a FIFO or
//! device) and read with a bound; what cannot be read is a [`Rejection`] or a skip.
//! Input files are only ever read.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::keys::path_key;
use super::Prepared;
use crate::config::Config;
use crate::store::{FileMeta, PreparedFile, Rejection};

/// `paths` with their sizes, read as the iterator is consumed (a file that cannot
/// be read counts as empty: preparing it records why). Each regular file of at most
/// `read_ahead_max` bytes (0: none) is also given to the kernel to start reading
/// (`posix_fadvise(WILLNEED)`), for the walking thread: a backfill's files are
/// rarely in the page cache, and a preparing thread blocked on a disk read leaves
/// its core idle. The advice is only advice: a file that cannot be opened is left
/// to preparing. Opened non-blocking, so a FIFO swapped in after the stat cannot
/// hang the walk.
pub(super) fn with_sizes<P: AsRef<Path>>(
    paths: impl Iterator<Item = P>,
    read_ahead_max: u64,
) -> impl Iterator<Item = (PathBuf, u64)> {
    paths.map(move |p| {
        let p = p.as_ref();
        let size = match std::fs::metadata(p) {
            Ok(m) if m.is_file() => {
                if (1..=read_ahead_max).contains(&m.len()) {
                    read_ahead(p, m.len());
                }
                m.len()
            }
            Ok(m) => m.len(),
            Err(_) => 0,
        };
        (p.to_path_buf(), size)
    })
}

/// Starts reading `len` bytes of `path` into the page cache without waiting.
#[cfg(target_os = "linux")]
fn read_ahead(path: &Path, len: u64) {
    use rustix::fs::{fadvise, open, Advice, Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY;
    if let Ok(fd) = open(path, flags, Mode::empty()) {
        // The fd is closed when dropped; advice that fails changes nothing.
        let _ = fadvise(&fd, 0, std::num::NonZeroU64::new(len), Advice::WillNeed);
    }
}

#[cfg(not(target_os = "linux"))]
fn read_ahead(_path: &Path, _len: u64) {}

/// Size and mtime of `meta`.
pub fn file_meta(meta: &std::fs::Metadata) -> FileMeta {
    FileMeta {
        size: meta.len(),
        modified_at: meta
            .modified()
            .ok()
            .map(|t| humantime::format_rfc3339_nanos(t).to_string()),
    }
}

/// Stats, checks and reads a file; what to record instead when it cannot be read.
pub(super) fn read_checked(
    path: &Path,
    root: Option<&Path>,
    config: &Config,
    recheck: bool,
) -> Result<(String, FileMeta, Vec<u8>), Prepared> {
    let key = path_key(path);
    let link_meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Prepared::Skip("gone")),
        Err(e) => return Err(reject(key, None, Rejection::Stat(e))),
    };
    if link_meta.file_type().is_symlink() {
        match std::fs::canonicalize(path) {
            Err(e) => {
                return Err(reject(
                    key,
                    Some(file_meta(&link_meta)),
                    Rejection::BrokenSymlink(e),
                ))
            }
            Ok(target) => {
                let inside = root
                    .and_then(|r| std::fs::canonicalize(r).ok())
                    .is_some_and(|r| target.starts_with(r));
                if !inside && !config.watch.follow_symlinks && root.is_some() {
                    return Err(reject(
                        key,
                        Some(file_meta(&link_meta)),
                        Rejection::SymlinkOutside(target),
                    ));
                }
            }
        }
    }
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Prepared::Skip("gone")),
        Err(e) => return Err(reject(key, None, Rejection::Stat(e))),
    };
    if meta.is_dir() {
        return Err(Prepared::Skip("a folder"));
    }
    if let Some(kind) = not_regular(&meta) {
        // A FIFO, socket or device under a watched name: recorded, never opened.
        return Err(reject(
            key,
            Some(file_meta(&meta)),
            Rejection::NotRegular { kind },
        ));
    }
    let fmeta = file_meta(&meta);
    let limit = config.watch.max_file_size;
    if meta.len() > limit {
        return Err(reject(
            key,
            Some(fmeta),
            Rejection::TooLarge {
                size: meta.len(),
                limit,
            },
        ));
    }
    let bytes = match read_bounded(path, limit) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Prepared::Skip("gone")),
        Err(e) => return Err(reject(key, Some(fmeta), Rejection::Unreadable(e))),
    };
    if recheck {
        // A writer may still be appending: the bytes we read must match what the
        // file is now.
        match std::fs::metadata(path) {
            Ok(now) if file_meta(&now) == fmeta && now.len() == bytes.len() as u64 => {}
            Ok(_) => return Err(Prepared::Unsettled),
            Err(_) => return Err(Prepared::Skip("gone")),
        }
    }
    if bytes.len() as u64 > limit {
        return Err(reject(key, Some(fmeta), Rejection::GrewWhileRead { limit }));
    }
    Ok((key, fmeta, bytes))
}

/// Reads at most `limit + 1` bytes of `path`. Opened non-blocking and checked
/// again after opening, so a FIFO or device swapped in after the stat is refused
/// instead of blocking or read without end.
fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(unix)]
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let nonblock = rustix::fs::OFlags::NONBLOCK.bits() | rustix::fs::OFlags::NOCTTY.bits();
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nonblock as i32)
        .open(path)?;
    match not_regular(&file.metadata()?) {
        Some(kind) => Err(std::io::Error::other(
            Rejection::NotRegular { kind }.to_string(),
        )),
        None => Ok(file),
    }
}

#[cfg(not(unix))]
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// What a path that is neither a folder nor a regular file is, as a reason.
fn not_regular(meta: &std::fs::Metadata) -> Option<&'static str> {
    if meta.is_file() || meta.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        let kind = if t.is_fifo() {
            "a FIFO"
        } else if t.is_socket() {
            "a socket"
        } else if t.is_char_device() || t.is_block_device() {
            "a device"
        } else {
            "not a regular file"
        };
        Some(kind)
    }
    #[cfg(not(unix))]
    Some("not a regular file")
}

/// Reads a file named on the command line (`extract`) under the guards `ingest`
/// applies: a regular file (symlinks followed), at most `limit` bytes, never a FIFO
/// or device. The error says why, in words.
pub fn read_input(path: &Path, limit: u64) -> Result<Vec<u8>, Rejection> {
    let meta = std::fs::metadata(path).map_err(Rejection::Stat)?;
    if meta.is_dir() {
        return Err(Rejection::Folder);
    }
    if let Some(kind) = not_regular(&meta) {
        return Err(Rejection::NotRegular { kind });
    }
    if meta.len() > limit {
        return Err(Rejection::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let bytes = read_bounded(path, limit).map_err(Rejection::Unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(Rejection::GrewWhileRead { limit });
    }
    Ok(bytes)
}

/// A file rejected before its bytes were read.
fn reject(path: String, meta: Option<FileMeta>, why: Rejection) -> Prepared {
    let meta = meta.unwrap_or(FileMeta {
        size: 0,
        modified_at: None,
    });
    Prepared::File(Box::new(PreparedFile::rejected(path, meta, None, why)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn reading_ahead_gives_the_same_sizes_and_never_blocks_on_a_fifo() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let mut paths = Vec::new();
        for (name, size) in [("small", 10), ("empty", 0), ("big", 5000)] {
            let p = tmp.path().join(name);
            std::fs::write(&p, vec![b'x'; size]).expect("write");
            paths.push(p);
        }
        paths.push(tmp.path().join("missing"));
        paths.push(tmp.path().to_path_buf());
        // Opening a FIFO for reading waits for a writer unless it is non-blocking.
        let fifo = tmp.path().join("fifo.html");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
            0,
        )
        .expect("mkfifo");
        paths.push(fifo.clone());
        let plain: Vec<(PathBuf, u64)> = with_sizes(paths.iter(), 0).collect();
        assert_eq!(plain[0].1, 10);
        assert_eq!(plain[2].1, 5000);
        let (tx, rx) = std::sync::mpsc::channel();
        let ahead_paths = paths.clone();
        std::thread::spawn(move || {
            // A cap below "big": it is sized but not read ahead.
            let sized: Vec<(PathBuf, u64)> = with_sizes(ahead_paths.iter(), 100).collect();
            // The stat said FIFO, so it was never opened: open it as a swap would.
            read_ahead(&fifo, 1);
            let _ = tx.send(sized);
        });
        let sized = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("reading ahead blocked");
        assert_eq!(sized, plain);
    }
}
