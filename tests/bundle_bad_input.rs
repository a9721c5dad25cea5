#![cfg(not(target_arch = "wasm32"))]
//! Bundle decoding against bad, hostile and old input; plus conformance of what we write to
//! docs/bundle.schema.json and docs/bundle-format.md so code and docs cannot drift.

use critical_friend::domain::bundle::*;
use critical_friend::domain::revision::{RecordKind, Revision};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

const FILE: &str = "Fife – Housing voids – response – 3f2a.pcibundle";
const REVIEW: &str = "rv-1";

fn review() -> ReviewRef {
    ReviewRef {
        id: REVIEW.into(),
        title: "Fife – Housing voids".into(),
    }
}

fn author() -> CreatedBy {
    CreatedBy {
        id: "dev-9f3b".into(),
        org: Some("Fife Council".into()),
    }
}

/// Revisions in the order a writer stores them (by `rev_id`).
fn sorted(mut revs: Vec<Revision>) -> Vec<Revision> {
    revs.sort_by(|a, b| a.rev_id.cmp(&b.rev_id));
    revs
}

fn revs(review_id: &str) -> Vec<Revision> {
    let a = Revision::new(
        "resp-1",
        review_id,
        RecordKind::Response,
        vec![],
        "dev-9f3b",
        1_000,
        1,
        json!({"answers": {"q1": 3}, "comment": "fine"}),
    );
    let b = Revision::new(
        "resp-1",
        review_id,
        RecordKind::Response,
        vec![a.rev_id.clone()],
        "dev-9f3b",
        2_000,
        1,
        json!({"answers": {"q1": 4}, "comment": "better"}),
    );
    vec![a, b]
}

fn bundle_of(kind: BundleKind, revisions: &[Revision]) -> String {
    let review = review();
    let review = (kind != BundleKind::Workspace).then_some(&review);
    encode(
        kind,
        review,
        &author(),
        5_000,
        "0.1.0",
        revisions,
        &Map::new(),
    )
}

fn valid() -> String {
    bundle_of(BundleKind::Response, &revs(REVIEW))
}

/// Decodes and returns the error message, asserting it names the file.
fn error_of(bytes: &[u8]) -> String {
    match decode(FILE, bytes) {
        Ok(d) => panic!("expected an error, got {d:?}"),
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.contains(FILE), "message does not name the file: {msg}");
            msg
        }
    }
}

fn envelope_value(text: &str) -> Map<String, Value> {
    match serde_json::from_str(text) {
        Ok(Value::Object(obj)) => obj,
        other => panic!("not an object: {other:?}"),
    }
}

/// Re-wraps `content` in a valid envelope with a correct digest.
fn with_content(content: &str) -> String {
    let mut obj = envelope_value(&valid());
    obj.insert("digest".into(), Value::String(digest_of(content)));
    obj.insert("content".into(), Value::String(content.to_owned()));
    Value::Object(obj).to_string()
}

fn plain(text: &str) -> Bundle {
    match decode(FILE, text.as_bytes()) {
        Ok(Decoded::Plain(b)) => b,
        other => panic!("expected a plain bundle, got {other:?}"),
    }
}

#[test]
fn every_kind_round_trips() {
    for kind in BundleKind::ALL {
        let revisions = revs(REVIEW);
        let mut extra = Map::new();
        extra.insert("message".into(), json!("Please respond by Friday"));
        let review = review();
        let text = encode(
            kind,
            (kind != BundleKind::Workspace).then_some(&review),
            &author(),
            5_000,
            "0.1.0",
            &revisions,
            &extra,
        );
        let b = plain(&text);
        assert_eq!(b.header.kind, kind);
        assert_eq!(b.header.version, FORMAT_VERSION);
        assert_eq!(b.content.revisions, sorted(revisions));
        assert_eq!(b.content.extra, extra);
        assert_eq!(b.migrated_from, None);
    }
}

#[test]
fn hostile_strings_round_trip_byte_exact() {
    let nasty = [
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "\"quoted\" & 'apos' \\ back\\slash",
        "</textarea><b>bold</b>&amp;&lt;",
        "line\nbreak\r\ttab\u{0}nul\u{7f}del\u{2028}sep",
        "emoji 🏴󠁧󠁢󠁳󠁣󠁴󠁿 and right-to-left \u{202e}txt",
        "{\"not\": \"json\"}]]]}}}",
    ];
    for s in nasty {
        let rev = Revision::new(
            s,
            REVIEW,
            RecordKind::Note,
            vec![],
            s,
            1,
            1,
            json!({"text": s, s: [s]}),
        );
        let mut extra = Map::new();
        extra.insert(s.to_owned(), json!(s));
        let hostile_review = ReviewRef {
            id: REVIEW.into(),
            title: s.into(),
        };
        let text = encode(
            BundleKind::Contribution,
            Some(&hostile_review),
            &CreatedBy {
                id: s.into(),
                org: Some(s.into()),
            },
            1,
            s,
            std::slice::from_ref(&rev),
            &extra,
        );
        let b = plain(&text);
        let got = &b.content.revisions[0];
        assert_eq!(got, &rev);
        assert_eq!(got.body["text"].as_str(), Some(s));
        assert_eq!(got.record_id.as_bytes(), s.as_bytes());
        assert_eq!(b.header.review.as_ref().map(|r| r.title.as_str()), Some(s));
        assert_eq!(b.header.created_by.org.as_deref(), Some(s));
        assert_eq!(b.header.app_version, s);
        assert_eq!(b.content.extra.get(s), Some(&json!(s)));
    }
}

#[test]
fn not_json() {
    let msg = error_of(b"Dear colleague, please find attached");
    assert!(
        msg.contains("is not a Critical Friend bundle: it is not readable JSON"),
        "{msg}"
    );
    let msg = error_of(&[0xff, 0xfe, 0x00, 0x01]);
    assert!(msg.contains("not readable JSON"), "{msg}");
}

#[test]
fn empty_file() {
    assert!(error_of(b"").contains("is empty"));
    assert!(error_of(b" \n\t ").contains("is empty"));
}

#[test]
fn truncated() {
    let text = valid();
    for cut in [1, 10, text.len() / 3, text.len() / 2, text.len() - 3] {
        let msg = error_of(&text.as_bytes()[..cut]);
        assert!(
            msg.contains("looks cut short – it may have been truncated by email; ask for it again"),
            "cut at {cut}: {msg}"
        );
    }
    // Cut in the middle of a multi-byte character.
    let dash = text.find('–').expect("title has an en dash");
    let msg = error_of(&text.as_bytes()[..dash + 1]);
    assert!(msg.contains("looks cut short"), "{msg}");
}

#[test]
fn not_a_bundle_or_wrong_format() {
    let msg = error_of(br#"{"name": "some other app"}"#);
    assert!(msg.contains("is not a Critical Friend bundle"), "{msg}");
    assert!(msg.contains("\"format\""), "{msg}");
    let msg = error_of(br#"[1, 2, 3]"#);
    assert!(msg.contains("is not a Critical Friend bundle"), "{msg}");
    let mut obj = envelope_value(&valid());
    obj.insert("format".into(), json!("excel-export"));
    let msg = error_of(Value::Object(obj).to_string().as_bytes());
    assert!(msg.contains("is not a Critical Friend bundle"), "{msg}");
    assert!(msg.contains("excel-export"), "{msg}");
}

#[test]
fn future_and_bad_versions() {
    let mut obj = envelope_value(&valid());
    obj.insert("version".into(), json!(4));
    let msg = error_of(Value::Object(obj.clone()).to_string().as_bytes());
    assert!(
        msg.contains("was made by a newer version of Critical Friend (format 4); update the app"),
        "{msg}"
    );
    obj.insert("version".into(), json!(0));
    let msg = error_of(Value::Object(obj.clone()).to_string().as_bytes());
    assert!(msg.contains("\"version\" field is wrong"), "{msg}");
    obj.insert("version".into(), json!("two"));
    let msg = error_of(Value::Object(obj.clone()).to_string().as_bytes());
    assert!(msg.contains("\"version\" field is wrong"), "{msg}");
    obj.remove("version");
    let msg = error_of(Value::Object(obj).to_string().as_bytes());
    assert!(msg.contains("the \"version\" field is missing"), "{msg}");
}

#[test]
fn missing_fields_are_named() {
    let fields = [
        "version",
        "kind",
        "review",
        "created_by",
        "created_at",
        "app_version",
        "digest",
        "encryption",
        "content",
    ];
    for field in fields {
        let mut obj = envelope_value(&valid());
        obj.remove(field);
        let msg = error_of(Value::Object(obj).to_string().as_bytes());
        assert!(
            msg.contains(&format!("the \"{field}\" field is missing")),
            "{field}: {msg}"
        );
    }
    let mut obj = envelope_value(&valid());
    obj.insert("review".into(), json!({"id": REVIEW}));
    let msg = error_of(Value::Object(obj).to_string().as_bytes());
    assert!(
        msg.contains("the \"review.title\" field is missing"),
        "{msg}"
    );
    let msg = error_of(with_content(r#"{"extra": {}}"#).as_bytes());
    assert!(
        msg.contains("the \"content.revisions\" field is missing"),
        "{msg}"
    );
}

#[test]
fn wrong_field_types_are_named() {
    let cases = [
        ("kind", json!("spreadsheet")),
        ("created_at", json!("yesterday")),
        ("created_by", json!(42)),
        ("app_version", json!(null)),
        ("digest", json!("md5:abc")),
        ("review", json!(null)),
    ];
    for (field, value) in cases {
        let mut obj = envelope_value(&valid());
        obj.insert(field.into(), value);
        let msg = error_of(Value::Object(obj).to_string().as_bytes());
        assert!(
            msg.contains(&format!("the \"{field}\" field is wrong")),
            "{field}: {msg}"
        );
    }
    // A workspace backup spans reviews, so naming one is an error.
    let mut obj = envelope_value(&bundle_of(BundleKind::Workspace, &revs(REVIEW)));
    obj.insert("review".into(), json!({"id": REVIEW, "title": "x"}));
    let msg = error_of(Value::Object(obj).to_string().as_bytes());
    assert!(msg.contains("the \"review\" field is wrong"), "{msg}");
}

#[test]
fn digest_mismatch() {
    let mut obj = envelope_value(&valid());
    let content = obj["content"]
        .as_str()
        .unwrap_or_default()
        .replace("better", "worse!");
    obj.insert("content".into(), Value::String(content));
    let msg = error_of(Value::Object(obj).to_string().as_bytes());
    assert!(
        msg.contains("has been changed or damaged since it was made"),
        "{msg}"
    );
}

#[test]
fn wrong_kind_for_the_place() {
    let decoded = plain(&valid());
    let err = decoded
        .header
        .check_place(FILE, &[BundleKind::Invitation], Some(REVIEW))
        .expect_err("a response is not an invitation");
    let msg = err.to_string();
    assert!(msg.contains(FILE), "{msg}");
    assert!(
        msg.contains("is a response bundle, but here you can only import an invitation"),
        "{msg}"
    );
    assert!(decoded
        .header
        .check_place(FILE, &[BundleKind::Response], Some(REVIEW))
        .is_ok());
}

#[test]
fn belongs_to_another_review() {
    let decoded = plain(&valid());
    let msg = decoded
        .header
        .check_place(FILE, &[BundleKind::Response], Some("rv-other"))
        .expect_err("other review")
        .to_string();
    assert!(msg.contains(FILE), "{msg}");
    assert!(
        msg.contains("belongs to another review: Fife – Housing voids"),
        "{msg}"
    );
}

#[test]
fn too_large_is_refused_before_parsing() {
    let huge = vec![b' '; MAX_BUNDLE_BYTES + 1];
    let msg = error_of(&huge);
    assert!(msg.contains("is too large"), "{msg}");
    assert!(msg.contains("25 MB"), "{msg}");
}

#[test]
fn too_deep_is_refused_before_parsing() {
    // Far past serde_json's own recursion limit: the byte scan must catch it first.
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    let msg = error_of(deep.as_bytes());
    assert!(msg.contains("nested more than 64 levels"), "{msg}");
    let just_over = format!("{{\"a\":{}{}}}", "[".repeat(64), "]".repeat(64));
    assert!(error_of(just_over.as_bytes()).contains("nested more than 64 levels"));
    // Deep nesting hidden inside the content string is caught too.
    let content = format!(
        "{{\"revisions\":[],\"extra\":{{\"x\":{}{}}}}}",
        "[".repeat(70),
        "]".repeat(70)
    );
    let msg = error_of(with_content(&content).as_bytes());
    assert!(msg.contains("nested more than 64 levels"), "{msg}");
}

#[test]
fn duplicate_rev_ids_with_different_content() {
    let good = revs(REVIEW);
    let mut forged = good[0].clone();
    forged.body = json!({"answers": {"q1": 1}, "comment": "forged"});
    let content = json!({"revisions": [good[0], forged], "extra": {}}).to_string();
    let msg = error_of(with_content(&content).as_bytes());
    assert!(
        msg.contains("two different revisions with the same id"),
        "{msg}"
    );
    // The same revision twice is harmless.
    let content = json!({"revisions": [good[0], good[0]], "extra": {}}).to_string();
    let b = plain(&with_content(&content));
    assert_eq!(b.content.revisions.len(), 2);
}

#[test]
fn revision_id_that_does_not_verify() {
    let mut r = revs(REVIEW);
    r[1].body = json!({"answers": {"q1": 5}, "comment": "tampered"});
    let content = json!({"revisions": r, "extra": {}}).to_string();
    let msg = error_of(with_content(&content).as_bytes());
    assert!(msg.contains("does not match its content"), "{msg}");
    assert!(msg.contains(&r[1].rev_id), "{msg}");
}

#[test]
fn revision_for_another_review() {
    let content = json!({"revisions": revs("rv-other"), "extra": {}}).to_string();
    let msg = error_of(with_content(&content).as_bytes());
    assert!(msg.contains("belongs to a different review"), "{msg}");
    // Workspace bundles may span reviews.
    let mut both = revs(REVIEW);
    both.extend(revs("rv-other"));
    let b = plain(&bundle_of(BundleKind::Workspace, &both));
    assert_eq!(b.content.revisions.len(), 4);
}

#[test]
fn content_that_is_not_json_or_wrong_shape() {
    let msg = error_of(with_content("not json at all").as_bytes());
    assert!(
        msg.contains("\"content\" field is wrong (it is not readable JSON)"),
        "{msg}"
    );
    let msg = error_of(with_content("[1,2]").as_bytes());
    assert!(msg.contains("\"content\" field is wrong"), "{msg}");
    let msg = error_of(with_content(r#"{"revisions": [{"rev_id": 1}]}"#).as_bytes());
    assert!(msg.contains("\"content\" field is wrong"), "{msg}");
}

/// Native stand-ins for what src/browser/crypto.rs asks Web Crypto to do (PBKDF2-HMAC-SHA256,
/// then AES-256-GCM with the tag appended), so files can be sealed and opened here exactly as
/// the browser seals and opens them.
mod browser {
    use aes_gcm::aead::{Aead, KeyInit, Payload};
    use aes_gcm::{Aes256Gcm, Nonce};
    use critical_friend::domain::bundle::*;
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};

    /// 600,000 PBKDF2 rounds take seconds in a debug build, so each key is derived once, even
    /// when several tests ask for it at the same time.
    fn key(passphrase: &str, salt: &[u8], iterations: u32) -> [u8; 32] {
        type Slot = Arc<OnceLock<[u8; 32]>>;
        type Keys = Mutex<HashMap<(String, Vec<u8>, u32), Slot>>;
        static KEYS: OnceLock<Keys> = OnceLock::new();
        let id = (passphrase.to_owned(), salt.to_vec(), iterations);
        let slot: Slot = match KEYS.get_or_init(Default::default).lock() {
            Ok(mut keys) => keys.entry(id).or_default().clone(),
            Err(_) => Slot::default(),
        };
        *slot.get_or_init(|| {
            let mut k = [0u8; 32];
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(passphrase.as_bytes(), salt, iterations, &mut k);
            k
        })
    }

    fn cipher(passphrase: &str, enc: &Encryption) -> (Aes256Gcm, Vec<u8>) {
        let salt = enc.salt_bytes().expect("valid salt");
        let k = key(passphrase, &salt, enc.iterations);
        let cipher = Aes256Gcm::new_from_slice(&k).expect("32-byte key");
        (cipher, enc.iv_bytes().expect("valid iv"))
    }

    /// `make_file`: prepare, seal with the associated data, finish.
    pub fn seal(passphrase: &str, to_seal: &ToSeal) -> String {
        let (cipher, iv) = cipher(passphrase, &to_seal.encryption);
        let payload = Payload {
            msg: to_seal.plaintext.as_bytes(),
            aad: &to_seal.aad,
        };
        let ciphertext = cipher
            .encrypt(Nonce::from_slice(&iv), payload)
            .expect("AES-GCM seals");
        to_seal.finish(&ciphertext)
    }

    /// `ImportPanel`'s unlock: decrypt with the file's associated data (none for format 2),
    /// then let the domain check what came out.
    pub fn open(passphrase: &str, e: &EncryptedBundle) -> Result<Bundle, BundleError> {
        let (cipher, iv) = cipher(passphrase, e.encryption());
        let payload = Payload {
            msg: e.ciphertext(),
            aad: e.aad().unwrap_or_default(),
        };
        match cipher.decrypt(Nonce::from_slice(&iv), payload) {
            Ok(plain) => e.open(&plain),
            Err(_) => Err(e.wrong_passphrase()),
        }
    }
}

const PASSPHRASE: &str = "correct horse battery";
/// What AES-GCM's refusal is reported as: a changed file and a wrong passphrase look the same.
const REFUSED: &str = "has been changed since it was made, or the passphrase is wrong";

/// Identifying strings that must never be readable in an encrypted file.
const SECRET_REVIEW: &str = "rv-7d3c9e41";
const SECRET_TITLE: &str = "Perth – Adult social care";
const SECRET_ORG: &str = "Perth and Kinross Council";
const SECRET_DEVICE: &str = "dev-4f1a9c77";

fn secret_review() -> ReviewRef {
    ReviewRef {
        id: SECRET_REVIEW.into(),
        title: SECRET_TITLE.into(),
    }
}

fn test_encryption() -> Encryption {
    Encryption::new(MIN_ITERATIONS, &[7; 16], &[9; 12])
}

fn to_seal(kind: BundleKind, review: &ReviewRef, revisions: &[Revision]) -> ToSeal {
    let mut extra = Map::new();
    extra.insert("message".into(), json!("Please respond by Friday"));
    prepare_encrypted(
        kind,
        (kind != BundleKind::Workspace).then_some(review),
        &CreatedBy {
            id: SECRET_DEVICE.into(),
            org: Some(SECRET_ORG.into()),
        },
        1_767_225_600_000,
        "0.1.0",
        revisions,
        &extra,
        &test_encryption(),
    )
}

/// A format 3 encrypted backup of the secret review, sealed as the browser seals it.
fn sealed_backup() -> String {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        browser::seal(
            PASSPHRASE,
            &to_seal(BundleKind::Backup, &secret_review(), &revs(SECRET_REVIEW)),
        )
    })
    .clone()
}

fn encrypted(text: &str) -> EncryptedBundle {
    match decode(FILE, text.as_bytes()) {
        Ok(Decoded::Encrypted(e)) => e,
        other => panic!("expected an encrypted bundle, got {other:?}"),
    }
}

#[test]
fn an_encrypted_file_opens_to_the_bundle_it_was_made_from() {
    for kind in BundleKind::ALL {
        let seal = to_seal(kind, &secret_review(), &revs(SECRET_REVIEW));
        let text = browser::seal(PASSPHRASE, &seal);
        let e = encrypted(&text);
        assert_eq!((e.kind, e.version), (kind, FORMAT_VERSION));
        assert_eq!(e.encryption(), &test_encryption());
        assert_eq!(e.aad(), Some(seal.aad.as_slice()));
        let b = browser::open(PASSPHRASE, &e).expect("the right passphrase opens it");
        // Exactly what the same export, unencrypted, would have held: header included.
        assert_eq!(b, plain(&seal.plaintext));
        assert_eq!(b.header.kind, kind);
        assert_eq!(b.header.created_by.id, SECRET_DEVICE);
        assert_eq!(b.header.created_at, 1_767_225_600_000);
        assert_eq!(b.header.encryption, None);
        assert_eq!(b.migrated_from, None);
        let title = b.header.review.as_ref().map(|r| r.title.as_str());
        assert_eq!(
            title,
            (kind != BundleKind::Workspace).then_some(SECRET_TITLE)
        );
        assert_eq!(b.content.revisions, sorted(revs(SECRET_REVIEW)));
    }
}

#[test]
fn an_encrypted_file_shows_only_what_decryption_needs() {
    let text = sealed_backup();
    let clear = envelope_value(&text);
    let mut keys: Vec<&str> = clear.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["ciphertext", "encryption", "format", "kind", "version"]
    );
    assert_eq!(clear["version"], json!(3));
    assert_eq!(clear["kind"], json!("backup"));
    for secret in [
        SECRET_REVIEW,
        SECRET_TITLE,
        "Adult social care",
        SECRET_ORG,
        SECRET_DEVICE,
        "Please respond",
    ] {
        assert!(!text.contains(secret), "{secret} is readable in:\n{text}");
    }
    // Before the passphrase, the import list can say only what kind of file it is.
    let e = encrypted(&text);
    assert_eq!(
        e.described(),
        "An encrypted backup file. Enter the passphrase to see which review it belongs to."
    );
    assert!(e.check_kind(&[BundleKind::Backup]).is_ok());
    let msg = e
        .check_kind(&[BundleKind::Response])
        .expect_err("a backup is not a response")
        .to_string();
    assert!(
        msg.contains(FILE)
            && msg.contains("is a backup bundle, but here you can only import a response"),
        "{msg}"
    );
}

#[test]
fn the_associated_data_is_the_canonical_json_of_the_clear_header() {
    let e = encrypted(&sealed_backup());
    let aad = String::from_utf8(e.aad().unwrap_or_default().to_vec()).expect("UTF-8");
    assert_eq!(
        aad,
        "{\"encryption\":{\"alg\":\"AES-256-GCM\",\"iterations\":600000,\"iv\":\"CQkJCQkJCQkJCQkJ\",\
         \"kdf\":\"PBKDF2-SHA256\",\"salt\":\"BwcHBwcHBwcHBwcHBwcHBw==\"},\
         \"format\":\"critical-friend-bundle\",\"kind\":\"backup\",\"version\":3}"
    );
}

#[test]
fn changing_any_clear_field_makes_the_file_refused() {
    let text = sealed_backup();
    assert!(browser::open(PASSPHRASE, &encrypted(&text)).is_ok());
    let mut flipped = encrypted(&text).ciphertext().to_vec();
    flipped[0] ^= 1;
    let edits = [
        ("kind", "/kind", json!("response")),
        ("kind to workspace", "/kind", json!("workspace")),
        ("version 2", "/version", json!(2)),
        ("version 4", "/version", json!(4)),
        (
            "iterations",
            "/encryption/iterations",
            json!(MIN_ITERATIONS + 1),
        ),
        ("salt", "/encryption/salt", json!(base64_encode(&[8; 16]))),
        ("iv", "/encryption/iv", json!(base64_encode(&[10; 12]))),
        ("alg", "/encryption/alg", json!("AES-128-GCM")),
        (
            "an added field",
            "/review",
            json!({"id": "rv-x", "title": "Forged"}),
        ),
        (
            "an added created_at",
            "/created_at",
            json!(4_102_444_800_000i64),
        ),
        (
            "a field added to encryption",
            "/encryption/note",
            json!("x"),
        ),
        ("encryption removed", "/encryption", Value::Null),
        ("ciphertext", "/ciphertext", json!(base64_encode(&flipped))),
    ];
    let mut reached_aes = 0;
    for (what, pointer, value) in edits {
        let mut file: Value = serde_json::from_str(&text).expect("JSON");
        let (parent, name) = pointer.rsplit_once('/').unwrap_or_default();
        if let Some(obj) = file.pointer_mut(parent).and_then(Value::as_object_mut) {
            obj.insert(name.to_owned(), value);
        }
        let tampered = file.to_string();
        assert_ne!(tampered, Value::Object(envelope_value(&text)).to_string());
        let msg = match decode(FILE, tampered.as_bytes()) {
            // Refused before anyone is asked for a passphrase.
            Err(e) => e.to_string(),
            Ok(Decoded::Encrypted(e)) => {
                reached_aes += 1;
                let err = browser::open(PASSPHRASE, &e).expect_err(what).to_string();
                assert!(err.contains(REFUSED), "{what}: {err}");
                err
            }
            Ok(Decoded::Plain(b)) => panic!("{what}: read as a plain file: {b:?}"),
        };
        assert!(msg.contains(FILE), "{what}: {msg}");
    }
    assert!(reached_aes >= 9, "{reached_aes}");
}

#[test]
fn a_wrong_passphrase_is_refused_with_a_clear_message() {
    let e = encrypted(&sealed_backup());
    let msg = browser::open("wrong guess", &e)
        .expect_err("wrong")
        .to_string();
    assert_eq!(
        msg,
        format!("{FILE} could not be opened: it has been changed since it was made, or the passphrase is wrong. Check the passphrase and try again.")
    );
}

#[test]
fn a_file_for_another_review_is_still_refused_once_unlocked() {
    let e = encrypted(&sealed_backup());
    // Before: only the kind is known, and it suits this place.
    assert!(e.check_kind(&[BundleKind::Backup]).is_ok());
    let b = browser::open(PASSPHRASE, &e).expect("opens");
    let msg = b
        .header
        .check_place(FILE, &[BundleKind::Backup], Some("rv-somewhere-else"))
        .expect_err("another review")
        .to_string();
    assert!(
        msg.contains(FILE) && msg.contains(&format!("belongs to another review: {SECRET_TITLE}")),
        "{msg}"
    );
    assert!(b
        .header
        .check_place(FILE, &[BundleKind::Backup], Some(SECRET_REVIEW))
        .is_ok());
}

/// Seals `plaintext` under a clear header saying `kind`: what a hostile sender who knows the
/// passphrase could make.
fn forged(kind: BundleKind, plaintext: &str) -> EncryptedBundle {
    let enc = test_encryption();
    let aad = associated_data(&envelope_value(&encode_encrypted(kind, &enc, &[])));
    let seal = ToSeal {
        kind,
        encryption: enc,
        plaintext: plaintext.to_owned(),
        aad,
    };
    encrypted(&browser::seal(PASSPHRASE, &seal))
}

#[test]
fn what_is_inside_gets_every_check_a_plain_file_gets() {
    let inner = to_seal(BundleKind::Response, &secret_review(), &revs(SECRET_REVIEW)).plaintext;
    assert!(browser::open(PASSPHRASE, &forged(BundleKind::Response, &inner)).is_ok());
    let other_review = to_seal(BundleKind::Response, &secret_review(), &revs("rv-other")).plaintext;
    let mut bad_digest = envelope_value(&inner);
    bad_digest["digest"] = json!(digest_of("something else"));
    let mut workspace_with_review = envelope_value(&inner);
    workspace_with_review["kind"] = json!("workspace");
    let mut nested = envelope_value(&inner);
    nested["encryption"] = serde_json::to_value(test_encryption()).expect("json");
    let v2 = inner.replacen("\"version\": 3", "\"version\": 2", 1);
    let cases: Vec<(BundleKind, String, &str)> = vec![
        (
            BundleKind::Backup,
            inner.clone(),
            "the file says it is a backup, but what it holds is a response",
        ),
        (
            BundleKind::Response,
            other_review,
            "belongs to a different review",
        ),
        (
            BundleKind::Response,
            Value::Object(bad_digest).to_string(),
            "changed or damaged since it was made",
        ),
        (
            BundleKind::Workspace,
            Value::Object(workspace_with_review).to_string(),
            "the \"review\" field is wrong",
        ),
        (
            BundleKind::Response,
            Value::Object(nested).to_string(),
            "another encrypted file",
        ),
        (BundleKind::Response, v2, "it holds a format 2 file"),
        (
            BundleKind::Response,
            "Dear colleague".into(),
            "what it decrypts to is not a bundle",
        ),
        (
            BundleKind::Response,
            "\u{1}\u{2}".into(),
            "what it decrypts to is not a bundle",
        ),
        (
            BundleKind::Response,
            "[".repeat(100) + &"]".repeat(100),
            "nested more than 64 levels",
        ),
    ];
    for (kind, plaintext, needle) in cases {
        let msg = browser::open(PASSPHRASE, &forged(kind, &plaintext))
            .expect_err(needle)
            .to_string();
        assert!(
            msg.contains(FILE) && msg.contains(needle),
            "{needle}: {msg}"
        );
    }
    // Bytes that are not UTF-8 at all.
    let e = forged(BundleKind::Response, "x");
    assert!(e.open(&[0xff, 0xfe, 0x00]).is_err());
}

#[test]
fn the_committed_v2_encrypted_backup_still_opens() {
    let text = include_str!("fixtures/v2-encrypted-backup.pcibundle");
    let e = match decode("v2-encrypted-backup.pcibundle", text.as_bytes()) {
        Ok(Decoded::Encrypted(e)) => e,
        other => panic!("expected an encrypted bundle, got {other:?}"),
    };
    assert_eq!((e.kind, e.version, e.aad()), (BundleKind::Backup, 2, None));
    let b = browser::open("correct horse battery staple", &e).expect("opens with its passphrase");
    assert_eq!(b.migrated_from, Some(2));
    assert_eq!(b.header.version, FORMAT_VERSION);
    assert_eq!(
        b.header.review,
        Some(ReviewRef {
            id: "rv-5e1f0a77".into(),
            title: "Angus – Housing repairs".into()
        })
    );
    assert_eq!(b.header.created_by.org.as_deref(), Some("Angus Council"));
    assert_eq!(b.content.revisions.len(), 2);
    assert!(b.content.revisions.iter().all(Revision::verify));
    assert_eq!(
        b.content.extra["local_meta"]["role:rv-5e1f0a77"],
        json!("host")
    );
    // Its digest still catches damage before any passphrase is asked for.
    let damaged = text.replacen("NHFm", "NHFn", 1);
    assert!(error_of(damaged.as_bytes()).contains("changed or damaged"));
}

#[test]
fn neutral_file_names_say_nothing_about_the_review() {
    assert_eq!(neutral_file_name("3f2a"), "critical-friend-3f2a.pcibundle");
    assert_eq!(neutral_file_name(""), "critical-friend.pcibundle");
    assert_eq!(neutral_file_name("a/b:c"), "critical-friend-abc.pcibundle");
}

fn encrypted_text(enc: &Encryption, ciphertext: &[u8]) -> String {
    encode_encrypted(BundleKind::Response, enc, ciphertext)
}

#[test]
fn bad_encryption_parameters() {
    let good = Encryption::new(600_000, &[1; 16], &[2; 12]);
    let cases = [
        (
            Encryption {
                iterations: 1_000,
                ..good.clone()
            },
            "iterations",
        ),
        (
            Encryption {
                iterations: u32::MAX,
                ..good.clone()
            },
            "iterations",
        ),
        (
            Encryption {
                alg: "ROT13".into(),
                ..good.clone()
            },
            "unknown cipher",
        ),
        (
            Encryption {
                kdf: "MD5".into(),
                ..good.clone()
            },
            "unknown key derivation",
        ),
        (
            Encryption {
                salt: base64_encode(&[1; 8]),
                ..good.clone()
            },
            "salt",
        ),
        (
            Encryption {
                iv: "!!not base64!!".into(),
                ..good.clone()
            },
            "iv",
        ),
    ];
    for (enc, needle) in cases {
        let msg = error_of(encrypted_text(&enc, &[0; 32]).as_bytes());
        assert!(
            msg.contains("cannot be decrypted") && msg.contains(needle),
            "{msg}"
        );
    }
    // Ciphertext shorter than a GCM tag cannot be whole.
    assert!(error_of(encrypted_text(&good, &[0; 5]).as_bytes()).contains("cut short"));
    let mut obj = envelope_value(&encrypted_text(&good, &[0; 32]));
    obj.insert("ciphertext".into(), json!("***"));
    let msg = error_of(Value::Object(obj).to_string().as_bytes());
    assert!(
        msg.contains("\"ciphertext\" field is wrong (it is not valid base64)"),
        "{msg}"
    );
    for field in ["kind", "encryption", "ciphertext"] {
        let mut obj = envelope_value(&encrypted_text(&good, &[0; 32]));
        obj.remove(field);
        let msg = error_of(Value::Object(obj).to_string().as_bytes());
        // Without its encryption it is read as a plain file, which lacks a review.
        let named = if field == "encryption" {
            "review"
        } else {
            field
        };
        assert!(
            msg.contains(&format!("the \"{named}\" field is missing")),
            "{field}: {msg}"
        );
    }
}

#[test]
fn reads_the_committed_v1_fixture_through_migration() {
    let bytes = include_bytes!("fixtures/v1-response.pcibundle");
    let Ok(Decoded::Plain(b)) = decode("v1-response.pcibundle", bytes) else {
        panic!("v1 fixture must decode");
    };
    assert_eq!(b.migrated_from, Some(1));
    assert_eq!(b.header.version, FORMAT_VERSION);
    assert_eq!(b.header.kind, BundleKind::Response);
    assert_eq!(b.header.created_by.id, "dev-9f3b2a");
    assert_eq!(b.header.created_by.org, None);
    assert_eq!(b.content.revisions.len(), 2);
    assert!(b.content.revisions.iter().all(Revision::verify));
    let first = b.content.revisions.iter().find(|r| r.parents.is_empty());
    let second = b.content.revisions.iter().find(|r| !r.parents.is_empty());
    let (Some(first), Some(second)) = (first, second) else {
        panic!("fixture holds an edit and its parent");
    };
    assert_eq!(second.parents, vec![first.rev_id.clone()]);
    assert_eq!(
        first.body["answers"]["leadership.1"]["comment"],
        json!("Good <b>support</b> & \"clear\" aims")
    );
    // The migrated header's digest describes the migrated content.
    assert_eq!(
        b.header.digest,
        digest_of(&content_json(&b.content.revisions, &b.content.extra))
    );
    // Re-exporting a migrated bundle writes the current format.
    let again = plain(&encode(
        b.header.kind,
        b.header.review.as_ref(),
        &b.header.created_by,
        b.header.created_at,
        "0.1.0",
        &b.content.revisions,
        &b.content.extra,
    ));
    assert_eq!(again.content.revisions, b.content.revisions);
}

#[test]
fn v1_damage_is_still_caught() {
    let text = include_str!("fixtures/v1-response.pcibundle");
    let tampered = text.replacen("\"rating\": 3", "\"rating\": 5", 1);
    assert_ne!(tampered, text);
    let msg = error_of(tampered.as_bytes());
    assert!(
        msg.contains("has been changed or damaged since it was made"),
        "{msg}"
    );
    let mut obj = envelope_value(text);
    obj.remove("revisions");
    let msg = error_of(Value::Object(obj).to_string().as_bytes());
    assert!(msg.contains("the \"revisions\" field is missing"), "{msg}");
    let mut obj = envelope_value(text);
    obj.insert("kind".into(), json!("workspace"));
    let msg = error_of(Value::Object(obj).to_string().as_bytes());
    assert!(msg.contains("format 1 had no workspace bundles"), "{msg}");
}

#[test]
fn committed_v2_fixture_reads_and_re_encodes_byte_exact() {
    let text = include_str!("fixtures/v2-invitation.pcibundle");
    let b = plain(text);
    assert_eq!(b.header.kind, BundleKind::Invitation);
    assert_eq!(b.migrated_from, Some(2));
    let kinds: Vec<RecordKind> = b.content.revisions.iter().map(|r| r.kind).collect();
    assert!(kinds.contains(&RecordKind::Checklist) && kinds.contains(&RecordKind::Review));
    assert_eq!(
        b.content.extra.get("respond_by"),
        Some(&json!("2026-01-16"))
    );
    let again = encode(
        b.header.kind,
        b.header.review.as_ref(),
        &b.header.created_by,
        b.header.created_at,
        &b.header.app_version,
        &b.content.revisions,
        &b.content.extra,
    );
    // A plain file keeps the version 2 layout; only the version number moved on.
    assert_eq!(
        again,
        text.replacen("\"version\": 2,", "\"version\": 3,", 1),
        "the writer's output changed: bump the format version?"
    );
    assert_eq!(
        file_name(
            BundleKind::Invitation,
            "Fife",
            "Housing voids",
            &b.header.short_id()
        ),
        "Fife – Housing voids – invitation – 7540.pcibundle"
    );
}

/// A small JSON Schema (draft 2020-12) checker covering exactly the keywords our schema uses.
/// It panics on any keyword or pattern syntax it does not know, so the schema cannot quietly
/// grow rules this test would skip.
mod schema {
    use serde_json::{Map, Value};

    pub fn validate(root: &Value, schema: &Value, value: &Value, path: &str) -> Vec<String> {
        let mut errors = Vec::new();
        check(root, schema, value, path, &mut errors);
        errors
    }

    fn check(root: &Value, schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
        let obj = match schema {
            Value::Bool(true) => return,
            Value::Bool(false) => {
                errors.push(format!("{path}: nothing is allowed here"));
                return;
            }
            Value::Object(obj) => obj,
            other => panic!("schema at {path} is not a schema: {other}"),
        };
        for (keyword, arg) in obj {
            match keyword.as_str() {
                "$schema" | "$id" | "title" | "description" | "$defs" | "then" | "else" => {}
                "$ref" => {
                    let target = resolve(root, arg.as_str().unwrap_or_default());
                    check(root, target, value, path, errors);
                }
                "type" => {
                    let types: Vec<&str> = match arg {
                        Value::String(s) => vec![s.as_str()],
                        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                        other => panic!("bad type {other}"),
                    };
                    if !types.iter().any(|t| has_type(value, t)) {
                        errors.push(format!("{path}: expected {types:?}, got {value}"));
                    }
                }
                "const" if value != arg => errors.push(format!("{path}: expected {arg}")),
                "const" => {}
                "enum" => {
                    if !arg.as_array().is_some_and(|a| a.contains(value)) {
                        errors.push(format!("{path}: {value} not in {arg}"));
                    }
                }
                "required" => {
                    for name in arg
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                    {
                        if value.as_object().is_some_and(|o| !o.contains_key(name)) {
                            errors.push(format!("{path}: missing {name}"));
                        }
                    }
                }
                "properties" => {
                    if let (Some(props), Some(o)) = (arg.as_object(), value.as_object()) {
                        for (name, sub) in props {
                            if let Some(v) = o.get(name) {
                                check(root, sub, v, &format!("{path}.{name}"), errors);
                            }
                        }
                    }
                }
                "additionalProperties" => {
                    let known = obj.get("properties").and_then(Value::as_object);
                    if let Some(o) = value.as_object() {
                        for (name, v) in o {
                            if !known.is_some_and(|k| k.contains_key(name)) {
                                check(root, arg, v, &format!("{path}.{name}"), errors);
                            }
                        }
                    }
                }
                "items" => {
                    for (i, v) in value.as_array().into_iter().flatten().enumerate() {
                        check(root, arg, v, &format!("{path}[{i}]"), errors);
                    }
                }
                "minimum" | "maximum" => {
                    if let (Some(n), Some(limit)) = (value.as_f64(), arg.as_f64()) {
                        let ok = if keyword == "minimum" {
                            n >= limit
                        } else {
                            n <= limit
                        };
                        if !ok {
                            errors.push(format!("{path}: {n} breaks {keyword} {limit}"));
                        }
                    }
                }
                "minLength" => {
                    if let (Some(s), Some(min)) = (value.as_str(), arg.as_u64()) {
                        if (s.chars().count() as u64) < min {
                            errors.push(format!("{path}: shorter than {min}"));
                        }
                    }
                }
                "pattern" => {
                    if let Some(s) = value.as_str() {
                        if !matches_pattern(arg.as_str().unwrap_or_default(), s) {
                            errors.push(format!("{path}: {s:?} does not match {arg}"));
                        }
                    }
                }
                "oneOf" => {
                    let passing = arg
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter(|sub| validate(root, sub, value, path).is_empty())
                        .count();
                    if passing != 1 {
                        errors.push(format!("{path}: {passing} of oneOf matched"));
                    }
                }
                "allOf" => {
                    for sub in arg.as_array().into_iter().flatten() {
                        check(root, sub, value, path, errors);
                    }
                }
                "if" => {
                    let branch = if validate(root, arg, value, path).is_empty() {
                        obj.get("then")
                    } else {
                        obj.get("else")
                    };
                    if let Some(branch) = branch {
                        check(root, branch, value, path, errors);
                    }
                }
                other => panic!("schema keyword {other:?} is not supported by this checker"),
            }
        }
    }

    pub fn resolve<'a>(root: &'a Value, reference: &str) -> &'a Value {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("only local $refs are supported: {reference}"));
        root.pointer(pointer)
            .unwrap_or_else(|| panic!("unresolved $ref {reference}"))
    }

    fn has_type(value: &Value, t: &str) -> bool {
        match t {
            "null" => value.is_null(),
            "boolean" => value.is_boolean(),
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "number" => value.is_number(),
            "integer" => value.is_i64() || value.is_u64(),
            other => panic!("unknown type {other}"),
        }
    }

    /// Anchored patterns made of literals and `[...]` classes, each optionally `{n}`.
    fn matches_pattern(pattern: &str, s: &str) -> bool {
        let body = pattern
            .strip_prefix('^')
            .and_then(|p| p.strip_suffix('$'))
            .unwrap_or_else(|| panic!("pattern must be anchored: {pattern}"));
        let atoms = parse_atoms(body);
        let mut chars = s.chars();
        for (set, count) in atoms {
            for _ in 0..count {
                match chars.next() {
                    Some(c) if set(c) => {}
                    _ => return false,
                }
            }
        }
        chars.next().is_none()
    }

    type Atom = (Box<dyn Fn(char) -> bool>, usize);

    fn parse_atoms(body: &str) -> Vec<Atom> {
        let chars: Vec<char> = body.chars().collect();
        let mut atoms: Vec<Atom> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let set: Box<dyn Fn(char) -> bool> = if chars[i] == '[' {
                let end = chars[i..]
                    .iter()
                    .position(|&c| c == ']')
                    .unwrap_or_else(|| panic!("unclosed class in {body}"))
                    + i;
                let mut ranges = Vec::new();
                let mut j = i + 1;
                while j < end {
                    if j + 2 < end && chars[j + 1] == '-' {
                        ranges.push((chars[j], chars[j + 2]));
                        j += 3;
                    } else {
                        ranges.push((chars[j], chars[j]));
                        j += 1;
                    }
                }
                i = end + 1;
                Box::new(move |c| ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi))
            } else {
                let lit = chars[i];
                assert!(
                    !"\\.()|?*+^$".contains(lit),
                    "pattern syntax {lit:?} is not supported by this checker"
                );
                i += 1;
                Box::new(move |c| c == lit)
            };
            let mut count = 1;
            if chars.get(i) == Some(&'{') {
                let end = chars[i..]
                    .iter()
                    .position(|&c| c == '}')
                    .unwrap_or_else(|| panic!("unclosed count in {body}"))
                    + i;
                let n: String = chars[i + 1..end].iter().collect();
                count = n
                    .parse()
                    .unwrap_or_else(|_| panic!("only {{n}} counts are supported: {n}"));
                i = end + 1;
            }
            atoms.push((set, count));
        }
        atoms
    }

    /// Every key that appears under any "properties" object.
    pub fn property_names(schema: &Value, out: &mut Vec<String>) {
        match schema {
            Value::Object(obj) => {
                if let Some(Value::Object(props)) = obj.get("properties") {
                    out.extend(props.keys().cloned());
                }
                obj.values().for_each(|v| property_names(v, out));
            }
            Value::Array(a) => a.iter().for_each(|v| property_names(v, out)),
            _ => {}
        }
    }

    pub fn object(text: &str) -> Map<String, Value> {
        match serde_json::from_str(text) {
            Ok(Value::Object(o)) => o,
            other => panic!("not a JSON object: {other:?}"),
        }
    }
}

fn schema_value() -> Value {
    serde_json::from_str(include_str!("../docs/bundle.schema.json")).expect("schema is JSON")
}

fn assert_conforms(text: &str) {
    let root = schema_value();
    let envelope = Value::Object(schema::object(text));
    let errors = schema::validate(&root, &root, &envelope, "$");
    assert!(errors.is_empty(), "envelope: {errors:#?}");
    if envelope["encryption"].is_null() {
        assert!(envelope.get("ciphertext").is_none());
        let content: Value =
            serde_json::from_str(envelope["content"].as_str().unwrap_or_default()).expect("json");
        let content_schema = schema::resolve(&root, "#/$defs/content");
        let errors = schema::validate(&root, content_schema, &content, "$.content");
        assert!(errors.is_empty(), "content: {errors:#?}");
    }
}

#[test]
fn generated_bundles_of_every_kind_match_the_schema() {
    for kind in BundleKind::ALL {
        assert_conforms(&bundle_of(kind, &revs(REVIEW)));
    }
    let enc = Encryption::new(MIN_ITERATIONS, &[3; 16], &[4; 12]);
    assert_conforms(&encrypted_text(&enc, &[5; 48]));
    assert_conforms(&sealed_backup());
    // The plain layout is unchanged since version 2.
    let v2 = include_str!("fixtures/v2-invitation.pcibundle");
    assert_conforms(&v2.replacen("\"version\": 2,", "\"version\": 3,", 1));
}

#[test]
fn schema_checker_rejects_what_it_should() {
    let root = schema_value();
    let mut bad = schema::object(&valid());
    bad.insert("kind".into(), json!("memo"));
    bad.insert("digest".into(), json!("sha256:XYZ"));
    bad.insert("surprise".into(), json!(1));
    bad.remove("content");
    let errors = schema::validate(&root, &root, &Value::Object(bad), "$");
    for needle in ["$.kind", "$.digest", "$.surprise", "missing content"] {
        assert!(
            errors.iter().any(|e| e.contains(needle)),
            "{needle}: {errors:#?}"
        );
    }
    let mut ws = schema::object(&bundle_of(BundleKind::Workspace, &revs(REVIEW)));
    ws.insert("review".into(), json!({"id": "x", "title": "y"}));
    assert!(!schema::validate(&root, &root, &Value::Object(ws), "$").is_empty());
}

#[test]
fn the_doc_describes_every_schema_field_and_limit() {
    let doc = include_str!("../docs/bundle-format.md");
    let mut names = Vec::new();
    schema::property_names(&schema_value(), &mut names);
    assert!(names.len() > 20, "{names:?}");
    for name in names {
        assert!(
            doc.contains(&format!("`{name}`")) || doc.contains(&format!("\"{name}\"")),
            "docs/bundle-format.md does not mention the field {name}"
        );
    }
    for kind in BundleKind::ALL {
        assert!(doc.contains(&format!("`{}`", kind.as_str())), "{kind:?}");
    }
    for kind in RecordKind::ALL {
        assert!(doc.contains(&format!("`{}`", kind.as_str())), "{kind:?}");
    }
    for fact in [
        FORMAT_NAME.to_owned(),
        FILE_EXTENSION.to_owned(),
        ENCRYPTION_ALG.to_owned(),
        ENCRYPTION_KDF.to_owned(),
        MIN_ITERATIONS.to_string(),
        MAX_ITERATIONS.to_string(),
        MAX_BUNDLE_BYTES.to_string(),
        format!("more than {MAX_DEPTH} deep"),
        format!("**format version {FORMAT_VERSION}**"),
        "migrate_v1".to_owned(),
    ] {
        assert!(
            doc.contains(&fact),
            "docs/bundle-format.md does not state {fact}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Err(e) = decode(FILE, &bytes) {
            prop_assert!(e.to_string().contains(FILE));
        }
    }

    #[test]
    fn arbitrary_json_like_text_never_panics(text in "[\\[\\]{}\":,0-9a-z\\\\ ]{0,300}") {
        let _ = decode(FILE, text.as_bytes());
    }

    #[test]
    fn truncations_are_errors_and_never_panic(cut in 0usize..100_000) {
        let text = valid();
        // Only the final newline may go without losing anything.
        let cut = cut % (text.len() - 1);
        let result = decode(FILE, &text.as_bytes()[..cut]);
        prop_assert!(result.is_err());
        if let Err(e) = result {
            prop_assert!(e.to_string().contains(FILE));
        }
    }

    #[test]
    fn mutations_never_panic(
        edits in proptest::collection::vec((0usize..100_000, any::<u8>()), 1..6)
    ) {
        let mut bytes = valid().into_bytes();
        for (at, byte) in edits {
            let i = at % bytes.len();
            bytes[i] = byte;
        }
        match decode(FILE, &bytes) {
            Err(e) => prop_assert!(e.to_string().contains(FILE)),
            // Some edits are harmless (whitespace); what decodes must still be sound.
            Ok(Decoded::Plain(b)) => prop_assert!(b.content.revisions.iter().all(Revision::verify)),
            Ok(Decoded::Encrypted(_)) => {}
        }
    }

    #[test]
    fn encrypted_mutations_never_panic(
        at in 0usize..100_000,
        byte in any::<u8>(),
        ct in proptest::collection::vec(any::<u8>(), 16..64),
    ) {
        let enc = Encryption::new(MIN_ITERATIONS, &[1; 16], &[2; 12]);
        let mut bytes = encrypted_text(&enc, &ct).into_bytes();
        let i = at % bytes.len();
        bytes[i] = byte;
        if let Ok(Decoded::Encrypted(e)) = decode(FILE, &bytes) {
            let _ = (e.ciphertext(), e.aad(), e.described());
            let _ = e.open(b"{}");
        }
    }

    #[test]
    fn whatever_decrypts_is_checked_and_never_panics(
        plaintext in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let e = encrypted(&encrypted_text(&test_encryption(), &[0; 32]));
        if let Err(err) = e.open(&plaintext) {
            prop_assert!(err.to_string().contains(FILE));
        }
    }

    #[test]
    fn base64_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        prop_assert_eq!(base64_decode(&base64_encode(&bytes)), Some(bytes));
    }

    #[test]
    fn file_names_are_always_safe(
        host in "\\PC{0,80}", focus in "\\PC{0,120}", id in "\\PC{0,20}"
    ) {
        for kind in BundleKind::ALL {
            let name = file_name(kind, &host, &focus, &id);
            prop_assert!(name.len() <= 200);
            prop_assert!(name.ends_with(".pcibundle"));
            prop_assert!(!name.starts_with('.') && !name.starts_with(' '));
            prop_assert!(!name.chars().any(|c| c.is_control() || "<>:\"/\\|?*".contains(c)));
        }
    }
}

proptest! {
    // Each case decrypts in a debug build; fewer cases keep `cargo test` quick.
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any one byte of a sealed file changed: refused, or (whitespace, say) it still opens to
    /// exactly the same bundle.
    #[test]
    fn a_changed_byte_in_a_sealed_file_is_refused_or_harmless(
        at in 0usize..100_000,
        byte in any::<u8>(),
    ) {
        let text = sealed_backup();
        let original = browser::open(PASSPHRASE, &encrypted(&text)).expect("opens");
        let mut bytes = text.into_bytes();
        let i = at % bytes.len();
        bytes[i] = byte;
        match decode(FILE, &bytes) {
            Err(e) => prop_assert!(e.to_string().contains(FILE)),
            Ok(Decoded::Plain(b)) => prop_assert!(false, "read as plain: {:?}", b),
            Ok(Decoded::Encrypted(e)) => match browser::open(PASSPHRASE, &e) {
                Ok(b) => prop_assert_eq!(b, original),
                Err(e) => prop_assert!(e.to_string().contains(REFUSED), "{}", e),
            },
        }
    }
}
