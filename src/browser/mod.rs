//! Thin browser adapters: files (and files the OS opens with the app), Web Crypto, service
//! worker, tabs, storage estimates.
//! Nothing here decides anything; the domain does.

pub mod crypto;
pub mod files;
pub mod launch;
pub mod platform;
pub mod sw;
pub mod tabs;
