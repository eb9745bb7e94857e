//! The project-wide `Localized` contract for every error of this layer that can reach a person
//! (docs/ARCHITECTURE.md, "Errors"). Each type keeps inherent methods of the same names so
//! callers without the trait in scope can use them too; these impls only delegate.

use motcua_domain::message::Localized;

use crate::blob::BlobError;
use crate::chain::ChainError;
use crate::error::StoreError;
use crate::idempotency::IdempotencyError;
use crate::migrate::MigrationError;

macro_rules! delegate {
    ($($t:ty),*) => {$(
        impl Localized for $t {
            fn code(&self) -> &'static str {
                <$t>::code(self)
            }
            fn message_vi(&self) -> String {
                <$t>::message_vi(self)
            }
            fn message_en(&self) -> String {
                <$t>::message_en(self)
            }
        }
    )*};
}

delegate!(
    StoreError,
    MigrationError,
    ChainError,
    IdempotencyError,
    BlobError
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_speak_both_languages_without_sql() {
        let e = StoreError::Db {
            kind: crate::DbErrorKind::UniqueViolation,
            detail: "UNIQUE constraint failed; sql: INSERT INTO x".into(),
        };
        let l: &dyn Localized = &e;
        assert_eq!(l.code(), "store.conflict");
        assert!(!l.message_vi().contains("INSERT") && !l.message_en().contains("INSERT"));
        let c: &dyn Localized = &ChainError::Missing { seq: 7 };
        assert!(c.message_vi().contains('7') && c.message_en().contains('7'));
        let b: &dyn Localized = &BlobError::TooLarge {
            limit: 10 * 1024 * 1024,
        };
        assert!(b.message_vi().contains("10240 KB"));
    }
}
