//! Cross-module tests of the quality module (golden data set, property tests).

mod aggregates;
mod dataset;
