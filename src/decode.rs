//! Bytes to text: UTF-8 with or without BOM, falling back to Windows-1252, with CRLF
//! and lone CR turned into LF. Input that is empty, binary or in an encoding we do not
//! read is rejected with a [`DecodeError`] naming the reason.

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
}

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
    if bytes.contains(&0) {
        return Err(DecodeError::Binary("NUL bytes"));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, encoding) = match std::str::from_utf8(body) {
        Ok(s) => (s.to_owned(), "utf-8"),
        Err(_) => {
            let undefined = body.iter().filter(|b| CP1252_UNDEFINED.contains(b)).count();
            let controls = body
                .iter()
                .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
                .count();
            if undefined > 0 || controls * 100 > body.len() {
                return Err(DecodeError::NotText(undefined + controls));
            }
            let (cow, _, _) = encoding_rs::WINDOWS_1252.decode(body);
            (cow.into_owned(), "windows-1252")
        }
    };
    let text = normalize_newlines(&text);
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded { text, encoding })
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
        assert!(matches!(
            decode(b"abc \x81\x8d def"),
            Err(DecodeError::NotText(_))
        ));
    }
}
