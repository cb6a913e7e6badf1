//! The key a file is stored under ([`path_key`]) and back ([`key_path`]): the
//! absolute path, with the bytes of a name that is not UTF-8 kept.

use std::path::{Path, PathBuf};

/// The key a path is stored under: the absolute path (made absolute lexically, so a
/// symlink keeps its own name), so `ingest seeds` and `watch` agree. A name that is
/// not valid UTF-8 keeps its bytes: each byte of an invalid sequence becomes the
/// private-use character U+10FF00 + byte ([`ESCAPE_BASE`]), so `bad\xff.txt` and
/// `bad\xfe.txt` get different keys, and [`key_path`] turns a key back into the
/// exact path (the daemon checks stored paths for deletion by their keys).
pub fn path_key(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    match abs.to_str() {
        Some(s) if !s.chars().any(is_escape_char) => s.to_owned(),
        _ => escape_bytes(abs.as_os_str().as_encoded_bytes()),
    }
}

/// Start of the private-use block that stands for raw bytes in a [`path_key`].
pub const ESCAPE_BASE: u32 = 0x10_FF00;

/// Characters whose bytes a key spells out one by one (they could be read back as
/// escaped bytes otherwise): U+10FF80..=U+10FFFF.
fn is_escape_char(c: char) -> bool {
    (ESCAPE_BASE + 0x80..=ESCAPE_BASE + 0xFF).contains(&(c as u32))
}

fn escape_bytes(bytes: &[u8]) -> String {
    let mut key = String::with_capacity(bytes.len() + 8);
    let escape = |key: &mut String, b: u8| {
        key.push(char::from_u32(ESCAPE_BASE + u32::from(b)).unwrap_or('\u{fffd}'));
    };
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if is_escape_char(c) {
                let mut buf = [0; 4];
                for &b in c.encode_utf8(&mut buf).as_bytes() {
                    escape(&mut key, b);
                }
            } else {
                key.push(c);
            }
        }
        for &b in chunk.invalid() {
            escape(&mut key, b);
        }
    }
    key
}

/// The path a [`path_key`] was made from.
pub fn key_path(key: &str) -> PathBuf {
    if !key.chars().any(is_escape_char) {
        return PathBuf::from(key);
    }
    let mut bytes = Vec::with_capacity(key.len());
    for c in key.chars() {
        if is_escape_char(c) {
            bytes.push((c as u32 - ESCAPE_BASE) as u8);
        } else {
            let mut buf = [0; 4];
            bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(std::ffi::OsString::from_vec(bytes))
    }
    #[cfg(not(unix))]
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn path_keys_of_different_names_differ_and_lead_back_to_their_path(
            a in proptest::collection::vec(any::<u8>(), 1..24),
            b in proptest::collection::vec(any::<u8>(), 1..24),
        ) {
            use std::os::unix::ffi::OsStrExt;
            let clean = |v: &[u8]| -> Vec<u8> {
                v.iter().copied().filter(|c| !matches!(c, 0 | b'/' | b'.')).collect()
            };
            let (a, b) = (clean(&a), clean(&b));
            prop_assume!(!a.is_empty() && !b.is_empty());
            let pa = Path::new("/seeds").join(std::ffi::OsStr::from_bytes(&a));
            let pb = Path::new("/seeds").join(std::ffi::OsStr::from_bytes(&b));
            prop_assert_eq!(key_path(&path_key(&pa)), pa.clone());
            prop_assert_eq!(path_key(&pa) == path_key(&pb), a == b);
        }
    }

    #[test]
    fn names_that_are_not_utf8_get_distinct_keys_and_utf8_names_are_unchanged() {
        use std::os::unix::ffi::OsStrExt;
        let ff = Path::new(std::ffi::OsStr::from_bytes(b"/seeds/bad\xff.txt"));
        let fe = Path::new(std::ffi::OsStr::from_bytes(b"/seeds/bad\xfe.txt"));
        assert_ne!(path_key(ff), path_key(fe));
        assert_eq!(key_path(&path_key(ff)), ff);
        assert_eq!(
            path_key(Path::new("/seeds/caf\u{e9}.txt")),
            "/seeds/caf\u{e9}.txt"
        );
        // A valid name spelling an escape character is spelled out too.
        let odd = Path::new("/seeds/\u{10ffe9}.txt");
        assert_eq!(key_path(&path_key(odd)), odd);
    }
}
