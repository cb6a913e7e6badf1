//! Bytes to text: UTF-8 with or without BOM, falling back to Windows-1252, with CRLF
//! and lone CR turned into LF. Input that is empty, binary or in an encoding we do not
//! read is rejected with a [`DecodeError`] naming the reason.
//!
//! Damage short of that is repaired with a warning ([`Decoded::warnings`]): text
//! that is mostly valid UTF-8 (at least as many well-formed multi-byte characters
//! as invalid bytes) is read as UTF-8 with U+FFFD for the invalid bytes, not as
//! Windows-1252 mojibake, and a few stray NUL bytes (at most one per
//! [`NUL_RATIO`] bytes) are dropped rather than taken for a binary file.

use thiserror::Error;

/// Why a file's bytes could not be turned into text.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DecodeError {
    /// Zero bytes, or nothing but whitespace.
    #[error("empty file")]
    Empty,
    /// NUL bytes or a known binary signature.
    #[error("binary content ({0})")]
    Binary(&'static str),
    /// A UTF-16 or UTF-32 byte order mark.
    #[error("unsupported encoding ({0}); save the page as UTF-8")]
    UnsupportedEncoding(&'static str),
    /// Neither UTF-8 nor plausible Windows-1252.
    #[error("not text: invalid UTF-8 and not Windows-1252 ({0} undefined bytes)")]
    NotText(usize),
}

/// The text and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The page as text with LF line endings.
    pub text: String,
    /// "utf-8" or "windows-1252".
    pub encoding: &'static str,
    /// What was repaired (invalid bytes replaced, NUL bytes dropped).
    pub warnings: Vec<String>,
}

/// A file with more than one NUL byte per this many bytes is binary; fewer are
/// stray bytes in a text page (a bad download, a broken CMS) and are dropped.
/// Compressed or random data has one in 256, UTF-16 text one in two.
pub const NUL_RATIO: usize = 1000;

/// Signatures of common binary formats that happen to contain no NUL early on.
const BINARY_MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG", "PNG image"),
    (b"\x7fELF", "ELF executable"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
];

/// Bytes in 0x80..=0x9F that Windows-1252 leaves undefined.
const CP1252_UNDEFINED: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

/// Turns a file's bytes into LF-terminated text, or says why it cannot.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(DecodeError::UnsupportedEncoding("UTF-32"));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError::UnsupportedEncoding("UTF-16"));
    }
    for (magic, what) in BINARY_MAGIC {
        if bytes.starts_with(magic) {
            return Err(DecodeError::Binary(what));
        }
    }
    let mut warnings = Vec::new();
    let nuls = memchr::memchr_iter(0, bytes).count();
    let without_nuls;
    let bytes = if nuls == 0 {
        bytes
    } else if nuls.saturating_mul(NUL_RATIO) > bytes.len() {
        return Err(DecodeError::Binary("NUL bytes"));
    } else {
        warnings.push(format!("{nuls} NUL bytes dropped"));
        without_nuls = bytes
            .iter()
            .copied()
            .filter(|&b| b != 0)
            .collect::<Vec<u8>>();
        &without_nuls[..]
    };
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, encoding) = match std::str::from_utf8(body) {
        Ok(s) => (s.to_owned(), "utf-8"),
        Err(_) => match utf8_damage(body) {
            Some(replaced) => {
                warnings.push(format!(
                    "invalid UTF-8: {replaced} sequences replaced with U+FFFD"
                ));
                (String::from_utf8_lossy(body).into_owned(), "utf-8")
            }
            None => windows_1252(body)?,
        },
    };
    let text = normalize_newlines(&text);
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded {
        text,
        encoding,
        warnings,
    })
}

/// When invalid UTF-8 is damaged UTF-8 rather than another encoding (at least as
/// many well-formed multi-byte characters as invalid bytes; Windows-1252 text has
/// almost none, its accented letters being single bytes UTF-8 rejects), the number
/// of invalid sequences `from_utf8_lossy` will replace.
fn utf8_damage(body: &[u8]) -> Option<usize> {
    let (mut multibyte, mut invalid, mut sequences) = (0usize, 0usize, 0usize);
    for chunk in body.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
        sequences += usize::from(!chunk.invalid().is_empty());
    }
    (invalid > 0 && multibyte >= invalid).then_some(sequences)
}

/// Windows-1252, unless bytes it leaves undefined or control characters say the
/// input is not text at all.
fn windows_1252(body: &[u8]) -> Result<(String, &'static str), DecodeError> {
    let undefined = body.iter().filter(|b| CP1252_UNDEFINED.contains(b)).count();
    let controls = body
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    if undefined > 0 || controls * 100 > body.len() {
        return Err(DecodeError::NotText(undefined + controls));
    }
    let (cow, _, _) = encoding_rs::WINDOWS_1252.decode(body);
    Ok((cow.into_owned(), "windows-1252"))
}

/// CRLF and lone CR become LF.
fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_bom_and_crlf() {
        let d = decode(b"\xEF\xBB\xBFHello\r\nworld\rend").expect("decodes");
        assert_eq!(d.text, "Hello\nworld\nend");
        assert_eq!(d.encoding, "utf-8");
    }

    #[test]
    fn falls_back_to_windows_1252() {
        let d = decode(b"\x93Quoted\x94 caf\xe9 4\xbd-inch").expect("decodes");
        assert_eq!(d.text, "\u{201c}Quoted\u{201d} caf\u{e9} 4\u{bd}-inch");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn mostly_utf8_with_one_bad_byte_is_utf8_with_a_replacement_and_a_warning() {
        let page = "Jos\u{e9} M\u{fc}ller said \u{201c}no\u{201d}. ".repeat(3);
        let mut bytes = page.clone().into_bytes();
        bytes.extend_from_slice(b"broken \xff byte\n");
        let d = decode(&bytes).expect("decodes");
        assert_eq!(d.encoding, "utf-8");
        assert!(d.text.starts_with("Jos\u{e9} M\u{fc}ller"), "{}", d.text);
        assert!(d.text.contains("broken \u{fffd} byte"));
        assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
        assert!(
            d.warnings[0].contains("1 sequences replaced"),
            "{:?}",
            d.warnings
        );
    }

    #[test]
    fn a_few_stray_nul_bytes_in_a_page_are_dropped_with_a_warning() {
        let mut page = b"<html><body>".to_vec();
        page.extend_from_slice(&b"<p>Some words of the article.</p>\n".repeat(100));
        page.insert(100, 0);
        page.insert(900, 0);
        let d = decode(&page).expect("decodes");
        assert!(!d.text.contains('\0'));
        assert_eq!(d.warnings, vec!["2 NUL bytes dropped".to_owned()]);
    }

    #[test]
    fn rejects_bad_input_with_reasons() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\t "), Err(DecodeError::Empty));
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n"),
            Err(DecodeError::Binary("PNG image"))
        );
        assert_eq!(
            decode(b"\xFF\xFEh\0i\0"),
            Err(DecodeError::UnsupportedEncoding("UTF-16"))
        );
        assert_eq!(decode(b"abc\0def"), Err(DecodeError::Binary("NUL bytes")));
        assert_eq!(
            decode(&[b"ab\0\0".repeat(100), b"text".to_vec()].concat()),
            Err(DecodeError::Binary("NUL bytes"))
        );
        assert!(matches!(
            decode(b"abc \x81\x8d def"),
            Err(DecodeError::NotText(_))
        ));
    }
}
