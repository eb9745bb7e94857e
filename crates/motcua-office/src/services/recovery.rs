//! Recovery codes for an officer who lost the phone with the authenticator: ten one-time codes
//! shown once at enrolment. Only a SHA-256 salted with the account id is stored; a code has 50
//! random bits, so a fast hash is enough (no dictionary to guess from).

use motcua_domain::ids::AccountId;
use sha2::{Digest, Sha256};

/// How many codes an enrolment gives.
pub const COUNT: usize = 10;

/// Unambiguous letters and digits (no 0/O, 1/l/I), so a code read from paper is typed right.
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// Ten new codes as shown to the officer, e.g. `k7m2q-x9tra`.
pub fn new_codes() -> Vec<String> {
    (0..COUNT)
        .map(|_| {
            let raw: String = (0..10)
                .map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char)
                .collect();
            format!("{}-{}", &raw[..5], &raw[5..])
        })
        .collect()
}

/// What is stored for a code (the typed form is normalised first).
pub fn hash(account: AccountId, code: &str) -> String {
    let norm: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    hex::encode(Sha256::digest(format!(
        "motcua-recovery:{}:{norm}",
        account.0
    )))
}

/// Does the typed text look like a recovery code rather than a 6-digit TOTP code?
pub fn looks_like_code(typed: &str) -> bool {
    typed.chars().filter(|c| c.is_ascii_alphanumeric()).count() == 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_hash_typed_forms_alike() {
        let codes = new_codes();
        assert_eq!(codes.len(), COUNT);
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), COUNT);
        let c = &codes[0];
        let a = AccountId(7);
        assert_eq!(hash(a, c), hash(a, &c.to_uppercase().replace('-', " ")));
        assert_ne!(hash(a, c), hash(AccountId(8), c));
        assert!(looks_like_code(c));
        assert!(!looks_like_code("123456"));
    }
}
