//! Cross-tab notices over BroadcastChannel: "data changed" and "close an old database".

use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

const CHANNEL: &str = "critical-friend";
pub const CHANGED: &str = "changed";
const CLOSE_IF_OLDER: &str = "close-db-if-older:";

pub enum Message {
    /// Another tab saved: re-read storage.
    Changed,
    /// A tab wants to open this database version; tabs on an older one must close theirs,
    /// or the upgrade would be blocked and that tab would hang.
    CloseIfOlder(u32),
    Other,
}

pub fn parse(msg: &str) -> Message {
    if msg == CHANGED {
        Message::Changed
    } else if let Some(v) = msg
        .strip_prefix(CLOSE_IF_OLDER)
        .and_then(|v| v.parse().ok())
    {
        Message::CloseIfOlder(v)
    } else {
        Message::Other
    }
}

pub fn close_if_older(version: u32) -> String {
    format!("{CLOSE_IF_OLDER}{version}")
}

thread_local! {
    /// One channel per page for sending and receiving: a BroadcastChannel never receives its
    /// own messages, so this page does not react to its own saves.
    static CH: Option<BroadcastChannel> = BroadcastChannel::new(CHANNEL).ok();
}

/// Sends a short message to every other tab of this app.
pub fn post(message: &str) {
    CH.with(|ch| {
        if let Some(ch) = ch {
            let _ = ch.post_message(&JsValue::from_str(message));
        }
    });
}

/// Calls `on_message` for each message from another tab, for the life of the page.
pub fn listen(on_message: impl Fn(String) + 'static) {
    let cb = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        if let Some(s) = ev.data().as_string() {
            on_message(s);
        }
    });
    CH.with(|ch| {
        if let Some(ch) = ch {
            ch.set_onmessage(Some(cb.as_ref().unchecked_ref()));
        }
    });
    // The listener lives as long as the page does.
    cb.forget();
}
