//! The officer workspace's services, free of HTTP: the second factor, signing keys, the forms
//! and the logbook read from the event log, desk reception and the signed result.

pub mod forms;
pub mod logbook;
pub mod reception;
pub mod recovery;
pub mod result;
pub mod signing;
pub mod totp;
