//! The rules of the law for motcua: identifiers and codes, government units, the procedure
//! catalog and the dossier lifecycle. No I/O, no async, no clock: "now" is an argument.
//! See docs/ARCHITECTURE.md.

pub mod catalog;
pub mod code;
pub mod dossier;
pub mod fold;
pub mod ids;
pub mod message;
pub mod procedure;
pub mod quality;
pub mod unit;
pub mod validate;

pub use message::{Lang, Localized};
