//! Thin browser adapters: files, Web Crypto, service worker, tabs, storage estimates.
//! Nothing here decides anything; the domain does.

pub mod crypto;
pub mod files;
pub mod platform;
pub mod sw;
pub mod tabs;
