//! Integration tests: each module drives the real `folio` binary on fixture sites from
//! `tests/fixtures/` and asserts on its exit status, its diagnostics and the parsed HTML.

mod browser;
mod support;

mod apparatus;
mod bibliography;
mod build;
mod charts;
mod errors;
mod filesystem;
mod fonts;
mod home;
mod incremental;
mod interactive;
mod layout;
mod locale;
mod memo_edits;
mod navigation;
mod new;
mod output;
mod print;
mod properties;
mod readme;
mod records;
mod regression;
mod schema;
mod search;
mod serve;
mod templates;
mod transcription;
