//! Base64 decoded as Python's `base64.b64decode` decodes it (not strict): characters
//! outside the alphabet are skipped, decoding ends at complete padding, and data that
//! stops mid-group is an error. HTTP Basic credentials answer 401 exactly when FastAPI's
//! decoding fails.

/// The decoded bytes, or `None` where Python raises `binascii.Error` or `ValueError`
/// (a character that is not ASCII).
pub(super) fn decode(text: &str) -> Option<Vec<u8>> {
    if !text.is_ascii() {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut quad, mut left, mut pads) = (0u8, 0u8, 0u8);
    for byte in text.bytes() {
        if byte == b'=' {
            pads += 1;
            if quad >= 2 && quad + pads >= 4 {
                return Some(out);
            }
            continue;
        }
        let Some(value) = sextet(byte) else { continue };
        pads = 0;
        match quad {
            0 => left = value,
            1 => {
                out.push((left << 2) | (value >> 4));
                left = value & 0x0f;
            }
            2 => {
                out.push((left << 4) | (value >> 2));
                left = value & 0x03;
            }
            _ => out.push((left << 6) | value),
        }
        quad = (quad + 1) % 4;
    }
    (quad == 0).then_some(out)
}

fn sextet(byte: u8) -> Option<u8> {
    Some(match byte {
        b'A'..=b'Z' => byte - b'A',
        b'a'..=b'z' => byte - b'a' + 26,
        b'0'..=b'9' => byte - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::decode;

    /// Each answer as Python 3's `base64.b64decode` gives it (`None`: it raises).
    #[test]
    fn decodes_as_python_does() {
        let cases: &[(&str, Option<&[u8]>)] = &[
            ("am9objpzZWNyZXQ=", Some(b"john:secret")),
            ("YWxpY2U6c2VjcmV0", Some(b"alice:secret")),
            ("YQ==", Some(b"a")),
            ("YQ==junk", Some(b"a")),
            ("Y Q = =", Some(b"a")),
            ("YQ", None),
            ("YQ=", None),
            ("Y", None),
            ("", Some(b"")),
            ("!!!", Some(b"")),
            ("YW-Jj", Some(b"abc")),
            ("é", None),
        ];
        for (text, expected) in cases {
            assert_eq!(decode(text).as_deref(), *expected, "{text:?}");
        }
    }
}
