//! Service worker bridge: registers `/sw.js` (see `public/sw.js`) and tells the UI when a new
//! version has been installed and is waiting. The worker never takes over by itself: the UI calls
//! [`apply_update`] when the person chooses to reload, so nobody loses an edit to an update.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration};

/// Checking for a new version when the tab comes back is cheap, but not on every alt-tab.
const UPDATE_CHECK_INTERVAL_MS: f64 = 30.0 * 60.0 * 1000.0;

thread_local! {
    static REGISTRATION: RefCell<Option<ServiceWorkerRegistration>> = const { RefCell::new(None) };
}

/// `navigator.serviceWorker`, or `None` where unsupported (old browsers, insecure origins).
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // Read it reflectively: the web-sys getter would throw on browsers without the API.
    let value = Reflect::get(&navigator, &JsValue::from_str("serviceWorker")).ok()?;
    value.dyn_into().ok()
}

fn state_of(worker: &ServiceWorker) -> Option<String> {
    Reflect::get(worker, &JsValue::from_str("state"))
        .ok()?
        .as_string()
}

/// Registers `/sw.js` and calls `on_update_ready` whenever a new version is installed and waiting
/// while this page is controlled by an older one (including one already waiting at page load).
/// Does nothing where service workers are unsupported, and in debug builds.
pub fn register(on_update_ready: impl Fn() + 'static) {
    // Debug builds come from `trunk serve`, whose rebuilds a cached app shell would hide.
    if cfg!(debug_assertions) {
        return;
    }
    let Some(container) = container() else {
        return;
    };
    let notify: Rc<dyn Fn()> = Rc::new(on_update_ready);
    spawn_local(async move {
        let Ok(registration) = JsFuture::from(container.register("/sw.js")).await else {
            return; // e.g. a dev server without sw.js: the app works, just not offline
        };
        let Ok(registration) = registration.dyn_into::<ServiceWorkerRegistration>() else {
            return;
        };
        REGISTRATION.with(|r| *r.borrow_mut() = Some(registration.clone()));

        // A controller means this is an update, not the first install.
        if registration.waiting().is_some() && container.controller().is_some() {
            notify();
        }
        watch_installs(&container, &registration, notify);
        check_for_updates_when_visible(registration);
    });
}

/// Calls `notify` when a newly found worker reaches "installed" under an existing controller.
fn watch_installs(
    container: &ServiceWorkerContainer,
    registration: &ServiceWorkerRegistration,
    notify: Rc<dyn Fn()>,
) {
    let container = container.clone();
    let reg = registration.clone();
    let on_update_found = Closure::<dyn Fn()>::new(move || {
        let Some(installing) = reg.installing() else {
            return;
        };
        let worker = installing.clone();
        let container = container.clone();
        let notify = notify.clone();
        let on_state_change = Closure::<dyn Fn()>::new(move || {
            if state_of(&worker).as_deref() == Some("installed") && container.controller().is_some()
            {
                notify();
            }
        });
        let _ = installing.add_event_listener_with_callback(
            "statechange",
            on_state_change.as_ref().unchecked_ref(),
        );
        // Lives as long as the worker object; there are only a handful per session.
        on_state_change.forget();
    });
    let _ = registration
        .add_event_listener_with_callback("updatefound", on_update_found.as_ref().unchecked_ref());
    on_update_found.forget();
}

/// The browser checks for a new sw.js only on navigations, which a single-page app rarely makes;
/// so check again when a long-open tab becomes visible.
fn check_for_updates_when_visible(registration: ServiceWorkerRegistration) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let last_check = Cell::new(js_sys::Date::now());
    let doc = document.clone();
    let on_visibility = Closure::<dyn Fn()>::new(move || {
        let visible = Reflect::get(&doc, &JsValue::from_str("visibilityState"))
            .ok()
            .and_then(|v| v.as_string())
            .is_some_and(|s| s == "visible");
        let now = js_sys::Date::now();
        if !visible || now - last_check.get() < UPDATE_CHECK_INTERVAL_MS {
            return;
        }
        last_check.set(now);
        if let Ok(promise) = registration.update() {
            // Offline, the check fails; that is expected and harmless.
            spawn_local(async move {
                let _ = JsFuture::from(promise).await;
            });
        }
    });
    let _ = document.add_event_listener_with_callback(
        "visibilitychange",
        on_visibility.as_ref().unchecked_ref(),
    );
    on_visibility.forget();
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// Activates the waiting version and reloads this page once it has taken control.
/// Call only when the person has asked to reload (nothing unsaved is lost).
pub fn apply_update() {
    let Some(container) = container() else {
        return;
    };
    spawn_local(async move {
        let registration = match REGISTRATION.with(|r| r.borrow().clone()) {
            Some(r) => Some(r),
            None => JsFuture::from(container.get_registration())
                .await
                .ok()
                .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok()),
        };
        let Some(registration) = registration else {
            return;
        };
        let Some(waiting) = registration.waiting() else {
            // Another tab already activated it: this page only needs the new files.
            reload();
            return;
        };
        let reloaded = Rc::new(Cell::new(false));
        let on_controller_change = Closure::<dyn Fn()>::new(move || {
            if !reloaded.replace(true) {
                reload();
            }
        });
        let _ = container.add_event_listener_with_callback(
            "controllerchange",
            on_controller_change.as_ref().unchecked_ref(),
        );
        on_controller_change.forget();

        let message = js_sys::Object::new();
        let _ = Reflect::set(
            &message,
            &JsValue::from_str("type"),
            &JsValue::from_str("SKIP_WAITING"),
        );
        let _ = waiting.post_message(&message);
    });
}
