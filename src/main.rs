//! Entry point: mounts the app and nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    critical_friend::ui::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Critical Friend runs in the browser: build it with `make run`.");
}
