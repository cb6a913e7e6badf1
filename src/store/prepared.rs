//! What the writer is given: a [`PreparedFile`] per file, either an article with
//! everything the writer needs computed ahead (on the preparing threads), or the
//! [`Rejection`] that says why the file is not stored.

use std::path::PathBuf;

use thiserror::Error;

use super::write::{FileMeta, LineHashes};
use crate::decode::DecodeError;
use crate::link::LinkPrep;
use crate::pipeline::Extracted;

/// Why a file is recorded as rejected. The text (`Display`) is what `files.error`
/// holds.
#[derive(Debug, Error)]
pub enum Rejection {
    /// The file could not be stat'ed.
    #[error("cannot stat: {0}")]
    Stat(#[source] std::io::Error),
    /// A symlink that leads nowhere, or round in a loop.
    #[error("broken or looping symlink: {0}")]
    BrokenSymlink(#[source] std::io::Error),
    /// A symlink to a file outside the watched folder.
    #[error(
        "symlink to {} outside the watched folder (watch.follow_symlinks = false)",
        .0.display()
    )]
    SymlinkOutside(PathBuf),
    /// A folder named where a file was expected (`extract`; `ingest` walks folders).
    #[error("a folder")]
    Folder,
    /// A FIFO, socket or device: never opened.
    #[error("not a regular file ({kind}); not read")]
    NotRegular {
        /// "a FIFO", "a socket", "a device" or "not a regular file".
        kind: &'static str,
    },
    /// Larger than `watch.max_file_size`.
    #[error("file too large: {size} bytes > watch.max_file_size {limit}")]
    TooLarge {
        /// The file's size.
        size: u64,
        /// `watch.max_file_size`.
        limit: u64,
    },
    /// Opening or reading failed.
    #[error("cannot read: {0}")]
    Unreadable(#[source] std::io::Error),
    /// More than `watch.max_file_size` bytes were read.
    #[error("file grew past watch.max_file_size {limit} while reading")]
    GrewWhileRead {
        /// `watch.max_file_size`.
        limit: u64,
    },
    /// The bytes are not text (empty, binary, an unsupported encoding).
    #[error(transparent)]
    NotText(#[from] DecodeError),
}

/// One file ready for the writer: its key, size and mtime, and its article or why
/// it has none.
#[derive(Debug)]
pub struct PreparedFile {
    /// The key the file is stored under (`ingest::path_key`).
    path: String,
    meta: FileMeta,
    content: Content,
}

#[derive(Debug)]
enum Content {
    Article(Box<PreparedArticle>),
    Rejected {
        /// blake3 of the bytes, when they were read.
        content_hash: Option<String>,
        why: Rejection,
    },
}

/// An extracted article with the pure work its writing needs, done once.
#[derive(Debug)]
pub(crate) struct PreparedArticle {
    /// blake3 of the file's bytes.
    pub(crate) content_hash: String,
    pub(crate) extracted: Extracted,
    /// Linking's pure part (body signature, quote shapes).
    pub(crate) link: LinkPrep,
    /// Hashes of its removed and template lines.
    pub(crate) line_hashes: LineHashes,
}

impl PreparedFile {
    /// An article: computes its link data and line hashes (pure work, meant for the
    /// preparing threads, not the writer).
    pub fn article(
        path: String,
        meta: FileMeta,
        content_hash: String,
        extracted: Extracted,
    ) -> PreparedFile {
        let link = LinkPrep::of(&extracted);
        let line_hashes = LineHashes::of(&extracted);
        PreparedFile {
            path,
            meta,
            content: Content::Article(Box::new(PreparedArticle {
                content_hash,
                extracted,
                link,
                line_hashes,
            })),
        }
    }

    /// A rejected file; `content_hash` is the hash of its bytes when they were read.
    pub fn rejected(
        path: String,
        meta: FileMeta,
        content_hash: Option<String>,
        why: Rejection,
    ) -> PreparedFile {
        PreparedFile {
            path,
            meta,
            content: Content::Rejected { content_hash, why },
        }
    }

    /// The key the file is stored under.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Size and mtime.
    pub fn meta(&self) -> &FileMeta {
        &self.meta
    }

    /// blake3 of the bytes, when they were read.
    pub fn content_hash(&self) -> Option<&str> {
        match &self.content {
            Content::Article(a) => Some(&a.content_hash),
            Content::Rejected { content_hash, .. } => content_hash.as_deref(),
        }
    }

    /// The extraction, or why the file is rejected.
    pub fn result(&self) -> Result<&Extracted, &Rejection> {
        match &self.content {
            Content::Article(a) => Ok(&a.extracted),
            Content::Rejected { why, .. } => Err(why),
        }
    }

    /// The article and its prepared data, or why the file is rejected.
    pub(crate) fn prepared(&self) -> Result<&PreparedArticle, &Rejection> {
        match &self.content {
            Content::Article(a) => Ok(a),
            Content::Rejected { why, .. } => Err(why),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `files.error` keeps the words it had when reasons were strings, so stored
    /// tables and anyone matching on them see no change.
    #[test]
    fn each_rejection_reads_as_the_files_error_text() {
        let io = || std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let cases = [
            (Rejection::Stat(io()), "cannot stat: permission denied"),
            (
                Rejection::BrokenSymlink(io()),
                "broken or looping symlink: permission denied",
            ),
            (
                Rejection::SymlinkOutside(PathBuf::from("/elsewhere/p.html")),
                "symlink to /elsewhere/p.html outside the watched folder (watch.follow_symlinks = false)",
            ),
            (Rejection::Folder, "a folder"),
            (
                Rejection::NotRegular { kind: "a FIFO" },
                "not a regular file (a FIFO); not read",
            ),
            (
                Rejection::TooLarge { size: 30, limit: 20 },
                "file too large: 30 bytes > watch.max_file_size 20",
            ),
            (Rejection::Unreadable(io()), "cannot read: permission denied"),
            (
                Rejection::GrewWhileRead { limit: 20 },
                "file grew past watch.max_file_size 20 while reading",
            ),
            (Rejection::NotText(DecodeError::Empty), "empty file"),
        ];
        for (rejection, text) in cases {
            assert_eq!(rejection.to_string(), text);
        }
    }

    #[test]
    fn a_prepared_article_has_its_hash_and_a_rejected_file_keeps_the_hash_it_was_given() {
        let meta = || FileMeta {
            size: 3,
            modified_at: None,
        };
        let x = crate::pipeline::process(
            b"Headline\n\nThe council said it would spend 5 million on roads.\n",
            &Default::default(),
        )
        .expect("text");
        let article = PreparedFile::article("/a.txt".into(), meta(), "h1".into(), x);
        assert_eq!(article.content_hash(), Some("h1"));
        assert!(article.result().is_ok());
        let empty = PreparedFile::rejected(
            "/b.txt".into(),
            meta(),
            Some("h2".into()),
            DecodeError::Empty.into(),
        );
        assert_eq!(empty.content_hash(), Some("h2"));
        assert_eq!(
            empty.result().map_err(ToString::to_string).err().as_deref(),
            Some("empty file")
        );
        let unread = PreparedFile::rejected(
            "/c.txt".into(),
            meta(),
            None,
            Rejection::GrewWhileRead { limit: 1 },
        );
        assert_eq!(unread.content_hash(), None);
    }
}
