//! Passwords: argon2id with the crate's default cost (19 MiB, 2 passes), PHC strings.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// The PHC string of `pw` (argon2id, random salt).
pub fn hash_password(pw: &str) -> String {
    let salt_bytes: [u8; 16] = rand::random();
    let salt = SaltString::encode_b64(&salt_bytes).expect("16 bytes make a valid salt");
    Argon2::default()
        .hash_password(pw.as_bytes(), &salt)
        .expect("argon2 with default parameters")
        .to_string()
}

/// Whether `pw` matches `hash` (false for a malformed hash).
pub fn verify_password(hash: &str, pw: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| Argon2::default().verify_password(pw.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

/// Passwords that must never open an account in production mode: the demo password and the
/// usual first guesses.
pub fn is_default_password(pw: &str) -> bool {
    const DEFAULTS: [&str; 8] = [
        "motcua-demo",
        "motcua",
        "password",
        "12345678",
        "123456789",
        "admin",
        "admin123",
        "changeme",
    ];
    DEFAULTS.iter().any(|d| d.eq_ignore_ascii_case(pw.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let h = hash_password("mật khẩu dài");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&h, "mật khẩu dài"));
        assert!(!verify_password(&h, "mat khau dai"));
        assert!(!verify_password("not a hash", "x"));
    }
}
