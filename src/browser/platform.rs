//! Clock, random ids and persistent-storage calls.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A random UUID from the browser's CSPRNG (also used as respondent ids, so it must not be guessable).
pub fn random_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{:x}", (js_sys::Math::random() * 1e16) as u64))
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    Some(web_sys::window()?.navigator().storage())
}

/// Asks the browser not to evict our data (`navigator.storage.persist()`); true if granted.
pub async fn request_persistence() -> bool {
    let Some(sm) = storage_manager() else {
        return false;
    };
    match sm.persist() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        Err(_) => false,
    }
}

pub async fn is_persisted() -> Option<bool> {
    let sm = storage_manager()?;
    JsFuture::from(sm.persisted().ok()?).await.ok()?.as_bool()
}

/// (usage, quota) in bytes from `navigator.storage.estimate()`.
pub async fn estimate() -> Option<(f64, f64)> {
    let sm = storage_manager()?;
    let est = JsFuture::from(sm.estimate().ok()?).await.ok()?;
    // A dictionary, not a class: `dyn_into` would fail its instanceof check.
    let est: web_sys::StorageEstimate = est.unchecked_into();
    Some((est.get_usage()?, est.get_quota()?))
}
