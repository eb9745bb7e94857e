//! Time-based one-time passwords for officers' second factor: RFC 6238 (TOTP) over RFC 4226
//! (HOTP), HMAC-SHA1, 30-second steps, 6 digits, one step of clock drift either way — what every
//! authenticator app (Google Authenticator, Microsoft Authenticator, FreeOTP …) does by default.
//! Secrets are 20 random bytes, shown as RFC 4648 base32 and as an `otpauth://` URI in a QR code.

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Seconds per time step (RFC 6238 §4.1, X = 30).
pub const STEP_SECONDS: i64 = 30;
/// Digits of a code.
pub const DIGITS: u32 = 6;
/// Steps of clock drift accepted on either side (RFC 6238 §5.2 recommends at most one).
pub const DRIFT_STEPS: i64 = 1;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding (what authenticator apps expect).
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    for chunk in bytes.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let n = u64::from_be_bytes([0, 0, 0, buf[0], buf[1], buf[2], buf[3], buf[4]]);
        let chars = (chunk.len() * 8).div_ceil(5);
        for i in 0..chars {
            let idx = (n >> (35 - 5 * i)) & 31;
            out.push(ALPHABET[idx as usize] as char);
        }
    }
    out
}

/// Decodes base32 as people type it: case, spaces, dashes and padding are ignored.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut bits: u64 = 0;
    let mut nbits = 0;
    let mut out = Vec::new();
    for c in text.chars() {
        if c.is_whitespace() || c == '-' || c == '=' {
            continue;
        }
        let v = ALPHABET
            .iter()
            .position(|&a| a as char == c.to_ascii_uppercase())? as u64;
        bits = (bits << 5) | v;
        nbits += 5;
        if nbits >= 8 {
            nbits -= 8;
            out.push((bits >> nbits) as u8);
            bits &= (1 << nbits) - 1;
        }
    }
    Some(out)
}

/// A new secret (160 bits, the HMAC-SHA1 block recommended by RFC 4226 §4), base32.
pub fn new_secret() -> String {
    let bytes: [u8; 20] = rand::random();
    base32_encode(&bytes)
}

/// HOTP (RFC 4226 §5.3) with `digits` digits.
pub fn hotp(key: &[u8], counter: u64, digits: u32) -> u32 {
    let mut mac = Hmac::<Sha1>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(&counter.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = (h[19] & 0x0f) as usize;
    let bin = (u32::from(h[offset]) & 0x7f) << 24
        | u32::from(h[offset + 1]) << 16
        | u32::from(h[offset + 2]) << 8
        | u32::from(h[offset + 3]);
    bin % 10u32.pow(digits)
}

/// The time step of a Unix time.
pub fn step_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The code for a Unix time, zero-padded.
pub fn code_at(key: &[u8], unix_seconds: i64) -> String {
    let step = step_of(unix_seconds).max(0) as u64;
    format!(
        "{:0width$}",
        hotp(key, step, DIGITS),
        width = DIGITS as usize
    )
}

/// Checks a typed code against the secret at `unix_seconds`, allowing one step of drift either
/// way. Returns the matching step (the caller refuses a step already used: no replay).
pub fn verify(secret_base32: &str, typed: &str, unix_seconds: i64) -> Option<i64> {
    let key = base32_decode(secret_base32)?;
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != DIGITS as usize || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let typed: u32 = digits.parse().ok()?;
    let now = step_of(unix_seconds);
    let mut found = None;
    // Check every candidate (no early exit), so the time taken does not tell which matched.
    for step in (now - DRIFT_STEPS)..=(now + DRIFT_STEPS) {
        if step >= 0 && hotp(&key, step as u64, DIGITS) == typed && found.is_none() {
            found = Some(step);
        }
    }
    found
}

/// The `otpauth://` URI authenticator apps read from the QR code (Key URI format).
pub fn otpauth_uri(issuer: &str, account: &str, secret_base32: &str) -> String {
    let enc = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={}&period={}",
        enc(issuer),
        enc(account),
        secret_base32,
        enc(issuer),
        DIGITS,
        STEP_SECONDS
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B, the SHA-1 rows (8 digits, key "12345678901234567890").
    #[test]
    fn rfc6238_vectors() {
        let key = b"12345678901234567890";
        for (t, expected) in [
            (59i64, 94287082u32),
            (1111111109, 7081804),
            (1111111111, 14050471),
            (1234567890, 89005924),
            (2000000000, 69279037),
            (20000000000, 65353130),
        ] {
            assert_eq!(hotp(key, step_of(t) as u64, 8), expected, "T = {t}");
        }
    }

    /// RFC 4226 Appendix D (HOTP, 6 digits).
    #[test]
    fn rfc4226_vectors() {
        let key = b"12345678901234567890";
        let expected = [
            755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489,
        ];
        for (c, e) in expected.iter().enumerate() {
            assert_eq!(hotp(key, c as u64, 6), *e);
        }
    }

    #[test]
    fn base32_round_trip_and_rfc4648() {
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(
            base32_encode(b"12345678901234567890"),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
        assert_eq!(base32_decode("mzxw 6ytb-oi==").unwrap(), b"foobar");
        let s = new_secret();
        assert_eq!(s.len(), 32);
        assert_eq!(base32_decode(&s).unwrap().len(), 20);
        assert!(base32_decode("1").is_none());
    }

    #[test]
    fn drift_of_one_step_only() {
        let secret = base32_encode(b"12345678901234567890");
        let key = base32_decode(&secret).unwrap();
        let t = 1_111_111_109;
        let now = code_at(&key, t);
        assert_eq!(verify(&secret, &now, t), Some(step_of(t)));
        let before = code_at(&key, t - 30);
        assert_eq!(verify(&secret, &before, t), Some(step_of(t) - 1));
        let long_ago = code_at(&key, t - 90);
        assert_eq!(verify(&secret, &long_ago, t), None);
        assert_eq!(verify(&secret, "12345", t), None);
        assert_eq!(verify(&secret, "abcdef", t), None);
        let spaced = format!("{} {}", &now[..3], &now[3..]);
        assert!(verify(&secret, &spaced, t).is_some());
    }

    #[test]
    fn uri() {
        let u = otpauth_uri("motcua", "nv.an@xa-a", "ABC");
        assert!(u.starts_with("otpauth://totp/motcua:nv%2Ean%40xa%2Da?secret=ABC&issuer=motcua"));
    }
}
