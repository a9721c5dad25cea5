//! Critical Friend: an offline-first app for peer collaborative improvement reviews.
//!
//! `domain` is pure Rust and tested natively. `storage`, `browser` and `ui` exist only in wasm.

pub mod domain;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod ui;
