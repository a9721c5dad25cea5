//! Passphrase encryption through Web Crypto: PBKDF2-SHA256 key derivation, AES-256-GCM.
//! The domain builds the header; this only turns bytes into bytes.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

/// At least what OWASP recommends for PBKDF2-SHA256 (2023).
pub const PBKDF2_ITERATIONS: u32 = 600_000;

pub struct Sealed {
    pub salt: [u8; 16],
    pub iv: [u8; 12],
    pub iterations: u32,
    pub ciphertext: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CryptoError {
    /// Wrong passphrase, or the ciphertext was changed (GCM's tag check failed).
    WrongPassphrase,
    Unavailable(String),
}

fn subtle() -> Result<(web_sys::Crypto, SubtleCrypto), CryptoError> {
    let c = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or_else(|| CryptoError::Unavailable("Web Crypto is not available".into()))?;
    let s = c.subtle();
    Ok((c, s))
}

fn obj(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn js_err(e: JsValue) -> CryptoError {
    CryptoError::Unavailable(format!("{e:?}"))
}

async fn derive_key(
    subtle: &SubtleCrypto,
    passphrase: &str,
    salt: &[u8],
    iterations: u32,
) -> Result<CryptoKey, CryptoError> {
    let raw = Uint8Array::from(passphrase.as_bytes());
    let usages = Array::of1(&JsValue::from_str("deriveKey"));
    let base = subtle
        .import_key_with_str("raw", &raw, "PBKDF2", false, &usages)
        .map_err(js_err)?;
    let base: CryptoKey = JsFuture::from(base).await.map_err(js_err)?.unchecked_into();
    let params = obj(&[
        ("name", "PBKDF2".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", iterations.into()),
        ("hash", "SHA-256".into()),
    ]);
    let aes = obj(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
    let key = subtle
        .derive_key_with_object_and_object(&params, &base, &aes, false, &usages)
        .map_err(js_err)?;
    Ok(JsFuture::from(key).await.map_err(js_err)?.unchecked_into())
}

/// Encrypts with a fresh random salt and IV for every file.
pub async fn seal(passphrase: &str, plaintext: &[u8]) -> Result<Sealed, CryptoError> {
    let (crypto, subtle) = subtle()?;
    let mut salt = [0u8; 16];
    let mut iv = [0u8; 12];
    crypto
        .get_random_values_with_u8_array(&mut salt)
        .map_err(js_err)?;
    crypto
        .get_random_values_with_u8_array(&mut iv)
        .map_err(js_err)?;
    let key = derive_key(&subtle, passphrase, &salt, PBKDF2_ITERATIONS).await?;
    let alg = obj(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(&iv[..]).into()),
    ]);
    let promise = subtle
        .encrypt_with_object_and_u8_array(&alg, &key, plaintext)
        .map_err(js_err)?;
    let buf = JsFuture::from(promise).await.map_err(js_err)?;
    Ok(Sealed {
        salt,
        iv,
        iterations: PBKDF2_ITERATIONS,
        ciphertext: Uint8Array::new(&buf).to_vec(),
    })
}

/// Decrypts; a wrong passphrase fails GCM authentication and nothing is returned.
pub async fn open(
    passphrase: &str,
    salt: &[u8],
    iv: &[u8],
    iterations: u32,
    ciphertext: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let (_, subtle) = subtle()?;
    let key = derive_key(&subtle, passphrase, salt, iterations).await?;
    let alg = obj(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv).into()),
    ]);
    let promise = subtle
        .decrypt_with_object_and_u8_array(&alg, &key, ciphertext)
        .map_err(js_err)?;
    match JsFuture::from(promise).await {
        Ok(buf) => Ok(Uint8Array::new(&buf).to_vec()),
        Err(_) => Err(CryptoError::WrongPassphrase),
    }
}
