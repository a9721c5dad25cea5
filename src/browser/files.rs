//! Files in and out: download, pick/drop, Web Share, and mailto links.

use crate::domain::bundle::MAX_BUNDLE_BYTES;
use crate::domain::validation::{file_too_large, MAX_TABLE_FILE_BYTES};
use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, File, FileList, HtmlAnchorElement, Url};

/// A file the user picked or dropped, read whole.
pub struct Picked {
    pub name: String,
    pub bytes: Vec<u8>,
}

fn blob(bytes: &[u8], mime: &str) -> Result<Blob, JsValue> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    Blob::new_with_u8_array_sequence_and_options(&parts, &opts)
}

/// Starts a download of `bytes` named `name`.
pub fn download(name: &str, bytes: &[u8], mime: &str) -> Result<(), JsValue> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let url = Url::create_object_url_with_blob(&blob(bytes, mime)?)?;
    let a: HtmlAnchorElement = doc.create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // Revoke later: some browsers read the URL after click() returns.
    let cb = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    let _ = web_sys::window()
        .ok_or("no window")?
        .set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), 10_000);
    Ok(())
}

/// The files in a FileList. Take them before clearing the input: a FileList is live.
pub fn files_of(list: &FileList) -> Vec<File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Reads every table file (checklist or LGBF data) in a FileList, refusing any over
/// [`MAX_TABLE_FILE_BYTES`] before reading it.
pub async fn read_all(list: &FileList) -> Vec<Result<Picked, String>> {
    read_capped(files_of(list), MAX_TABLE_FILE_BYTES).await
}

/// Reads each bundle file whole, refusing any over the bundle size cap before reading it.
pub async fn read_files(files: Vec<File>) -> Vec<Result<Picked, String>> {
    read_capped(files, MAX_BUNDLE_BYTES as u64).await
}

async fn read_capped(files: Vec<File>, limit: u64) -> Vec<Result<Picked, String>> {
    let mut out = Vec::new();
    for file in files {
        // `size` comes from the file system: nothing is loaded into memory to learn it.
        let size = file.size() as u64;
        out.push(if size > limit {
            Err(file_too_large(&file.name(), size, limit))
        } else {
            read(&file).await
        });
    }
    out
}

async fn read(file: &File) -> Result<Picked, String> {
    let name = file.name();
    match JsFuture::from(file.array_buffer()).await {
        Ok(buf) => Ok(Picked {
            name,
            bytes: Uint8Array::new(&buf).to_vec(),
        }),
        Err(_) => Err(format!("{name} could not be read from your device.")),
    }
}

/// True where the Web Share API can share files (most phones).
pub fn can_share_files() -> bool {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    let can = Reflect::get(&nav, &"canShare".into()).ok();
    let Some(can) = can.and_then(|f| f.dyn_into::<js_sys::Function>().ok()) else {
        return false;
    };
    let probe = match File::new_with_u8_array_sequence(
        &Array::of1(&Uint8Array::new_with_length(1)),
        "x.pcibundle",
    ) {
        Ok(f) => f,
        Err(_) => return false,
    };
    let data = js_sys::Object::new();
    let _ = Reflect::set(&data, &"files".into(), &Array::of1(&probe));
    can.call1(&nav, &data)
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Hands the file to the system share sheet (and so to the mail app). Closing the sheet is
/// not an error; Err if sharing is unsupported or fails.
pub async fn share_file(
    name: &str,
    bytes: &[u8],
    mime: &str,
    title: &str,
    text: &str,
) -> Result<(), String> {
    let nav = web_sys::window().ok_or("no window")?.navigator();
    let opts = web_sys::FilePropertyBag::new();
    opts.set_type(mime);
    let file = File::new_with_u8_array_sequence_and_options(
        &Array::of1(&Uint8Array::from(bytes)),
        name,
        &opts,
    )
    .map_err(|_| "The file could not be prepared for sharing.".to_string())?;
    let data = js_sys::Object::new();
    let _ = Reflect::set(&data, &"files".into(), &Array::of1(&file));
    let _ = Reflect::set(&data, &"title".into(), &title.into());
    let _ = Reflect::set(&data, &"text".into(), &text.into());
    let share = Reflect::get(&nav, &"share".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or("Sharing is not available in this browser.")?;
    let promise: js_sys::Promise = share
        .call1(&nav, &data)
        .map_err(|_| "Sharing failed.".to_string())?
        .unchecked_into();
    match JsFuture::from(promise).await {
        Ok(_) => Ok(()),
        // The person closed the share sheet: not a failure.
        Err(e)
            if Reflect::get(&e, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                .as_deref()
                == Some("AbortError") =>
        {
            Ok(())
        }
        Err(_) => Err(
            "The file could not be shared. Download it and attach it to an email instead.".into(),
        ),
    }
}

/// A `mailto:` URL with subject and body percent-encoded.
pub fn mailto(to: &str, subject: &str, body: &str) -> String {
    format!(
        "mailto:{}?subject={}&body={}",
        js_sys::encode_uri_component(to),
        js_sys::encode_uri_component(subject),
        js_sys::encode_uri_component(body)
    )
}

/// Copies text to the clipboard. Err where the browser refuses (no permission, insecure page).
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = web_sys::window()
        .ok_or("no window")?
        .navigator()
        .clipboard();
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| {
            "Your browser did not allow copying. Select the text and copy it instead.".into()
        })
}
