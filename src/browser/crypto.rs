//! Passphrase encryption through Web Crypto: PBKDF2-SHA256 key derivation, AES-256-GCM.
//! The domain builds the plaintext and the associated data (the file's clear header); this only
//! turns bytes into bytes.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

/// At least what OWASP recommends for PBKDF2-SHA256 (2023).
pub const PBKDF2_ITERATIONS: u32 = 600_000;

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

/// A fresh random salt and IV from the browser's CSPRNG, for every file.
pub fn random_salt_iv() -> Result<([u8; 16], [u8; 12]), CryptoError> {
    let (crypto, _) = subtle()?;
    let mut salt = [0u8; 16];
    let mut iv = [0u8; 12];
    crypto
        .get_random_values_with_u8_array(&mut salt)
        .map_err(js_err)?;
    crypto
        .get_random_values_with_u8_array(&mut iv)
        .map_err(js_err)?;
    Ok((salt, iv))
}

/// AesGcmParams; `additionalData` only when there is some, so format 2 files (sealed without
/// it) open exactly as they were made.
fn aes_gcm_params(iv: &[u8], aad: Option<&[u8]>) -> Object {
    let params = obj(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv).into()),
    ]);
    if let Some(aad) = aad {
        let _ = Reflect::set(
            &params,
            &JsValue::from_str("additionalData"),
            &Uint8Array::from(aad),
        );
    }
    params
}

/// Encrypts `plaintext`, binding `aad` (the file's clear header) to it. The key is derived
/// here, used once and never leaves Web Crypto (non-extractable).
pub async fn seal(
    passphrase: &str,
    salt: &[u8],
    iv: &[u8],
    iterations: u32,
    plaintext: &[u8],
    aad: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let (_, subtle) = subtle()?;
    let key = derive_key(&subtle, passphrase, salt, iterations).await?;
    let promise = subtle
        .encrypt_with_object_and_u8_array(&aes_gcm_params(iv, Some(aad)), &key, plaintext)
        .map_err(js_err)?;
    let buf = JsFuture::from(promise).await.map_err(js_err)?;
    Ok(Uint8Array::new(&buf).to_vec())
}

/// Decrypts; a wrong passphrase, or a changed ciphertext or associated data, fails GCM
/// authentication and nothing is returned.
pub async fn open(
    passphrase: &str,
    salt: &[u8],
    iv: &[u8],
    iterations: u32,
    ciphertext: &[u8],
    aad: Option<&[u8]>,
) -> Result<Vec<u8>, CryptoError> {
    let (_, subtle) = subtle()?;
    let key = derive_key(&subtle, passphrase, salt, iterations).await?;
    let promise = subtle
        .decrypt_with_object_and_u8_array(&aes_gcm_params(iv, aad), &key, ciphertext)
        .map_err(js_err)?;
    match JsFuture::from(promise).await {
        Ok(buf) => Ok(Uint8Array::new(&buf).to_vec()),
        Err(_) => Err(CryptoError::WrongPassphrase),
    }
}
