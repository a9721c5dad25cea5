//! Files the operating system opens with the installed app (the File Handling API: the
//! manifest's `file_handlers` and `window.launchQueue`). This is how a stakeholder opens an
//! emailed `.pcibundle` straight into Critical Friend. Browsers without it simply never call.

use js_sys::{Array, Function, Promise, Reflect};
use std::rc::Rc;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::File;

fn method(target: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(target, &name.into()).ok()?.dyn_into().ok()
}

/// Calls `on_files` with the files of each launch that brings any. Returns whether this
/// browser can open files with the app at all.
pub fn on_launch_files(on_files: impl Fn(Vec<File>) + 'static) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Ok(queue) = Reflect::get(&window, &"launchQueue".into()) else {
        return false;
    };
    let Some(set_consumer) = (!queue.is_undefined() && !queue.is_null())
        .then(|| method(&queue, "setConsumer"))
        .flatten()
    else {
        return false;
    };
    let on_files = Rc::new(on_files);
    let consumer = Closure::<dyn FnMut(JsValue)>::new(move |params: JsValue| {
        let handles: Array = Reflect::get(&params, &"files".into())
            .ok()
            .filter(Array::is_array)
            .map(|v| Array::from(&v))
            .unwrap_or_default();
        if handles.length() == 0 {
            return;
        }
        let on_files = on_files.clone();
        spawn_local(async move {
            let mut files = Vec::new();
            for handle in handles.iter() {
                let Some(get_file) = method(&handle, "getFile") else {
                    continue;
                };
                let Ok(promise) = get_file.call0(&handle) else {
                    continue;
                };
                if let Ok(file) = JsFuture::from(Promise::resolve(&promise)).await {
                    if let Ok(file) = file.dyn_into::<File>() {
                        files.push(file);
                    }
                }
            }
            if !files.is_empty() {
                on_files(files);
            }
        });
    });
    let ok = set_consumer.call1(&queue, consumer.as_ref()).is_ok();
    // The consumer is called for as long as the page lives.
    consumer.forget();
    ok
}
