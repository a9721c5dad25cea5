//! Review bundles: the one versioned file format people exchange (`.pcibundle`, JSON text).
//!
//! The format is documented in docs/bundle-format.md and docs/bundle.schema.json; tests keep the
//! three in step. A plain bundle is an envelope (format, version, kind, review, author, digest)
//! around a `content` string holding a list of revisions plus kind-specific extras. An encrypted
//! bundle keeps only what decryption needs in clear (format, version, kind, encryption
//! parameters) and seals a whole plain bundle inside, with the clear part bound to the
//! ciphertext as AES-GCM associated data. Encryption happens in the browser adapter (Web
//! Crypto); the domain builds the plaintext and associated data, and validates what comes out.
//!
//! Every failure is a [`BundleError`] whose message names the file and says what is wrong in
//! plain English. Nothing here panics on any input.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::revision::{canonical_json, sha256_hex, Revision};
use super::rules::Rule;

/// The `format` field of every bundle.
pub const FORMAT_NAME: &str = "critical-friend-bundle";
/// The version this code writes. Older versions are migrated on read.
pub const FORMAT_VERSION: u32 = 3;
/// File extension, without the dot.
pub const FILE_EXTENSION: &str = "pcibundle";
/// Start of a file name that does not show the review ("critical-friend-3f2a.pcibundle").
pub const NEUTRAL_FILE_STEM: &str = "critical-friend";
/// Largest file we will read (checked before parsing).
pub const MAX_BUNDLE_BYTES: usize = 25 * 1024 * 1024;
/// Deepest nesting of arrays and objects we will hand to the JSON parser.
pub const MAX_DEPTH: usize = 64;
/// The only cipher written or accepted.
pub const ENCRYPTION_ALG: &str = "AES-256-GCM";
/// The only key derivation written or accepted.
pub const ENCRYPTION_KDF: &str = "PBKDF2-SHA256";
/// Fewest PBKDF2 iterations accepted (OWASP 2023 advice for PBKDF2-HMAC-SHA256).
pub const MIN_ITERATIONS: u32 = 600_000;
/// Most PBKDF2 iterations accepted, so a hostile file cannot hang the browser.
pub const MAX_ITERATIONS: u32 = 10_000_000;
/// Salt length in bytes.
pub const SALT_LEN: usize = 16;
/// AES-GCM nonce length in bytes.
pub const IV_LEN: usize = 12;
/// AES-GCM authentication tag length: no valid ciphertext is shorter.
const GCM_TAG_LEN: usize = 16;

/// What a bundle is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BundleKind {
    /// Host to stakeholders: the review set-up and checklist to answer.
    Invitation,
    /// Stakeholder to host: one completed self-assessment.
    Response,
    /// Team member to team: notes, votes, AFIs, actions, report sections to merge.
    Contribution,
    /// Everything about one review, for safe keeping or moving device.
    Backup,
    /// Everything on the device, every review (`review` is null).
    Workspace,
}

impl BundleKind {
    /// Every kind.
    pub const ALL: [BundleKind; 5] = [
        BundleKind::Invitation,
        BundleKind::Response,
        BundleKind::Contribution,
        BundleKind::Backup,
        BundleKind::Workspace,
    ];

    /// The name used in the file and in file names.
    pub fn as_str(self) -> &'static str {
        match self {
            BundleKind::Invitation => "invitation",
            BundleKind::Response => "response",
            BundleKind::Contribution => "contribution",
            BundleKind::Backup => "backup",
            BundleKind::Workspace => "workspace",
        }
    }

    /// What the file is, for a sentence: "An invitation", "A backup of every review", …
    pub fn described(self) -> &'static str {
        match self {
            BundleKind::Invitation => "An invitation",
            BundleKind::Response => "A response",
            BundleKind::Contribution => "A contribution",
            BundleKind::Backup => "A backup",
            BundleKind::Workspace => "A backup of every review",
        }
    }

    fn parse(s: &str) -> Option<BundleKind> {
        BundleKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    fn with_article(self) -> &'static str {
        match self {
            BundleKind::Invitation => "an invitation",
            BundleKind::Response => "a response",
            BundleKind::Contribution => "a contribution",
            BundleKind::Backup => "a backup",
            BundleKind::Workspace => "a workspace backup",
        }
    }
}

/// The review a bundle belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRef {
    pub id: String,
    pub title: String,
}

/// Who made the bundle: a pseudonymous author id, plus an organisation name if they chose one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CreatedBy {
    pub id: String,
    #[serde(default)]
    pub org: Option<String>,
}

/// Passphrase encryption parameters (AES-256-GCM, key from PBKDF2-SHA256).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Encryption {
    pub alg: String,
    pub kdf: String,
    pub iterations: u32,
    /// Base64 of 16 random bytes.
    pub salt: String,
    /// Base64 of the 12-byte AES-GCM nonce.
    pub iv: String,
}

impl Encryption {
    /// Parameters for a new encrypted bundle; salt and iv must come from a CSPRNG.
    pub fn new(iterations: u32, salt: &[u8; SALT_LEN], iv: &[u8; IV_LEN]) -> Encryption {
        Encryption {
            alg: ENCRYPTION_ALG.to_owned(),
            kdf: ENCRYPTION_KDF.to_owned(),
            iterations,
            salt: base64_encode(salt),
            iv: base64_encode(iv),
        }
    }

    /// The salt bytes, if well formed.
    pub fn salt_bytes(&self) -> Option<Vec<u8>> {
        base64_decode(&self.salt).filter(|b| b.len() == SALT_LEN)
    }

    /// The nonce bytes, if well formed.
    pub fn iv_bytes(&self) -> Option<Vec<u8>> {
        base64_decode(&self.iv).filter(|b| b.len() == IV_LEN)
    }

    fn problem(&self) -> Option<String> {
        if self.alg != ENCRYPTION_ALG {
            Some(format!("it uses an unknown cipher ({})", self.alg))
        } else if self.kdf != ENCRYPTION_KDF {
            Some(format!("it uses an unknown key derivation ({})", self.kdf))
        } else if !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&self.iterations) {
            Some(format!(
                "its key derivation uses {} iterations; between {MIN_ITERATIONS} and \
                 {MAX_ITERATIONS} are allowed",
                self.iterations
            ))
        } else if self.salt_bytes().is_none() {
            Some(format!("its salt is not {SALT_LEN} bytes of base64"))
        } else if self.iv_bytes().is_none() {
            Some(format!("its iv is not {IV_LEN} bytes of base64"))
        } else {
            None
        }
    }
}

/// Everything in the envelope except `content`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    pub kind: BundleKind,
    /// Null only for workspace bundles.
    pub review: Option<ReviewRef>,
    pub created_by: CreatedBy,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    pub app_version: String,
    /// `sha256:` + lowercase hex of SHA-256 over the exact `content` string (UTF-8).
    pub digest: String,
    pub encryption: Option<Encryption>,
}

impl Header {
    /// Four hex characters of the digest, for file names and "which file was that" messages.
    pub fn short_id(&self) -> String {
        self.digest
            .strip_prefix("sha256:")
            .unwrap_or(&self.digest)
            .chars()
            .take(4)
            .collect()
    }

    /// Checks the bundle suits the place it is being imported: one of `allowed` kinds and, when
    /// importing into a review, that review.
    pub fn check_place(
        &self,
        file_name: &str,
        allowed: &[BundleKind],
        review_id: Option<&str>,
    ) -> Result<(), BundleError> {
        if !allowed.contains(&self.kind) {
            return Err(BundleError::new(
                file_name,
                Problem::WrongKind {
                    found: self.kind,
                    allowed: allowed.to_vec(),
                },
            ));
        }
        if let (Some(want), Some(review)) = (review_id, &self.review) {
            if review.id != want {
                return Err(BundleError::new(
                    file_name,
                    Problem::OtherReview {
                        title: review.title.clone(),
                    },
                ));
            }
        }
        Ok(())
    }
}

/// The plain payload: revisions plus kind-specific extras.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Content {
    pub revisions: Vec<Revision>,
    /// Kind-specific context, e.g. an invitation's `message` and `respond_by`. Readers ignore
    /// keys they do not know.
    #[serde(default)]
    pub extra: Map<String, Value>,
}

/// A decoded, verified, plain bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    pub header: Header,
    pub content: Content,
    /// The format version the file was written in, when it was migrated from an older one.
    #[serde(default)]
    pub migrated_from: Option<u32>,
}

/// An encrypted bundle whose clear part checked out; needs a passphrase before it can be read.
///
/// Before the passphrase, only the clear part is known: the kind and the encryption parameters.
/// The browser derives the key, decrypts [`Self::ciphertext`] with [`Self::aad`] as AES-GCM
/// associated data, and hands the plaintext to [`Self::open`], which checks it as fully as a
/// plain file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncryptedBundle {
    pub file_name: String,
    /// The kind the clear part states. After decryption the file inside must say the same.
    pub kind: BundleKind,
    /// The format version the file was written in (2 or 3).
    pub version: u32,
    /// Checked: a known cipher and key derivation, sane iterations, well-formed salt and iv.
    encryption: Encryption,
    /// AES-GCM ciphertext followed by the 16-byte tag.
    ciphertext: Vec<u8>,
    sealed: Sealed,
}

/// What the ciphertext holds, by format version.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Sealed {
    /// Version 2: the whole header was in clear and the ciphertext is the content JSON, with no
    /// associated data.
    V2(Box<Header>),
    /// Version 3: the ciphertext is a complete plain bundle; `aad` is the associated data the
    /// clear part defines (see [`associated_data`]).
    V3 { aad: Vec<u8> },
}

impl EncryptedBundle {
    /// The encryption parameters.
    pub fn encryption(&self) -> &Encryption {
        &self.encryption
    }

    /// The ciphertext bytes (including the GCM tag) to give to AES-GCM.
    pub fn ciphertext(&self) -> &[u8] {
        &self.ciphertext
    }

    /// The AES-GCM associated data to decrypt with: `Some` for version 3, `None` for version 2
    /// files, which were sealed without any.
    pub fn aad(&self) -> Option<&[u8]> {
        match &self.sealed {
            Sealed::V2(_) => None,
            Sealed::V3 { aad } => Some(aad),
        }
    }

    /// Checks the clear kind suits the place, before anyone is asked for a passphrase. (The
    /// review is checked after decryption, with [`Header::check_place`] on the bundle.)
    pub fn check_kind(&self, allowed: &[BundleKind]) -> Result<(), BundleError> {
        if allowed.contains(&self.kind) {
            Ok(())
        } else {
            Err(BundleError::new(
                &self.file_name,
                Problem::WrongKind {
                    found: self.kind,
                    allowed: allowed.to_vec(),
                },
            ))
        }
    }

    /// What the clear part says, for the import list: "An encrypted backup file. Enter the
    /// passphrase to see which review it belongs to."
    pub fn described(&self) -> String {
        match self.kind {
            BundleKind::Workspace => "An encrypted backup of every review. Enter the passphrase \
                                      to see what it holds."
                .to_owned(),
            kind => format!(
                "An encrypted {} file. Enter the passphrase to see which review it belongs to.",
                kind.as_str()
            ),
        }
    }

    /// Validates what AES-GCM decrypted, exactly as a plain file is validated, and returns the
    /// bundle it holds. For version 3 that is the sealed file's own header, whose kind must
    /// match the clear one.
    pub fn open(&self, plaintext: &[u8]) -> Result<Bundle, BundleError> {
        let file_name = self.file_name.as_str();
        match &self.sealed {
            Sealed::V2(header) => {
                let text = std::str::from_utf8(plaintext).map_err(|_| {
                    BundleError::new(
                        file_name,
                        Problem::BadField {
                            field: "content".into(),
                            reason: "it is not readable JSON".into(),
                        },
                    )
                })?;
                let content = parse_content(file_name, text)?;
                check_content(file_name, header, &content)?;
                Ok(Bundle {
                    header: (**header).clone(),
                    content,
                    migrated_from: Some(2),
                })
            }
            Sealed::V3 { .. } => {
                let inner = |reason: String| {
                    BundleError::new(
                        file_name,
                        Problem::BadField {
                            field: "ciphertext".into(),
                            reason,
                        },
                    )
                };
                let (obj, version) =
                    parse_envelope(file_name, plaintext).map_err(|e| match e.problem {
                        Problem::Empty
                        | Problem::NotJson
                        | Problem::Truncated
                        | Problem::NotBundle
                        | Problem::WrongFormat { .. } => {
                            inner("what it decrypts to is not a bundle".into())
                        }
                        _ => e,
                    })?;
                if version != u64::from(FORMAT_VERSION) {
                    return Err(inner(format!(
                        "it holds a format {version} file, where only format {FORMAT_VERSION} \
                         belongs"
                    )));
                }
                if obj.get("encryption").is_some_and(|e| !e.is_null()) {
                    return Err(inner("it holds another encrypted file".into()));
                }
                let bundle = decode_plain(file_name, &obj)?;
                if bundle.header.kind != self.kind {
                    return Err(BundleError::new(
                        file_name,
                        Problem::BadField {
                            field: "kind".into(),
                            reason: format!(
                                "the file says it is {}, but what it holds is {}",
                                self.kind.with_article(),
                                bundle.header.kind.with_article()
                            ),
                        },
                    ));
                }
                Ok(bundle)
            }
        }
    }

    /// The error to show when AES-GCM refuses: the passphrase is wrong, or something sealed or
    /// bound to the ciphertext (for version 3, the clear header too) was changed.
    pub fn wrong_passphrase(&self) -> BundleError {
        BundleError::new(&self.file_name, Problem::WrongPassphrase)
    }
}

/// What [`decode`] found.
#[derive(Debug, Clone, PartialEq)]
pub enum Decoded {
    Plain(Bundle),
    Encrypted(EncryptedBundle),
}

impl Decoded {
    /// The kind the file states, available before any passphrase is asked for.
    pub fn kind(&self) -> BundleKind {
        match self {
            Decoded::Plain(b) => b.header.kind,
            Decoded::Encrypted(e) => e.kind,
        }
    }

    /// The header, when it can be read without a passphrase (plain files only).
    pub fn header(&self) -> Option<&Header> {
        match self {
            Decoded::Plain(b) => Some(&b.header),
            Decoded::Encrypted(_) => None,
        }
    }
}

/// A bundle that could not be read, with the file name for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleError {
    pub file: String,
    pub problem: Problem,
}

/// What is wrong with a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Empty,
    TooLarge {
        bytes: usize,
    },
    TooDeep,
    NotJson,
    Truncated,
    NotBundle,
    WrongFormat {
        found: String,
    },
    FutureVersion {
        version: u64,
    },
    MissingField {
        field: String,
    },
    BadField {
        field: String,
        reason: String,
    },
    DigestMismatch,
    BadEncryption {
        reason: String,
    },
    WrongPassphrase,
    WrongKind {
        found: BundleKind,
        allowed: Vec<BundleKind>,
    },
    OtherReview {
        title: String,
    },
    DuplicateRevision {
        rev_id: String,
    },
    BadRevisionId {
        rev_id: String,
    },
    RevisionForOtherReview {
        rev_id: String,
    },
    /// The file carries something its kind may not (see `rules::check`).
    Refused {
        rule: Rule,
    },
}

impl BundleError {
    /// An error about `file`.
    pub fn new(file: &str, problem: Problem) -> BundleError {
        BundleError {
            file: file.to_owned(),
            problem,
        }
    }
}

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = &self.file;
        let not_bundle = "is not a Critical Friend bundle";
        match &self.problem {
            Problem::Empty => write!(f, "{file} is empty. Ask the sender for it again."),
            Problem::TooLarge { bytes } => write!(
                f,
                "{file} is too large to import ({:.1} MB; the limit is {} MB).",
                *bytes as f64 / 1_048_576.0,
                MAX_BUNDLE_BYTES / 1_048_576
            ),
            Problem::TooDeep => write!(
                f,
                "{file} {not_bundle}: its data is nested more than {MAX_DEPTH} levels deep."
            ),
            Problem::NotJson => write!(f, "{file} {not_bundle}: it is not readable JSON."),
            Problem::Truncated => write!(
                f,
                "{file} looks cut short – it may have been truncated by email; ask for it again."
            ),
            Problem::NotBundle => write!(
                f,
                "{file} {not_bundle}: it is JSON, but has no \"format\" field saying what it is."
            ),
            Problem::WrongFormat { found } => write!(
                f,
                "{file} {not_bundle}: its format is \"{found}\", not \"{FORMAT_NAME}\"."
            ),
            Problem::FutureVersion { version } => write!(
                f,
                "{file} was made by a newer version of Critical Friend (format {version}); \
                 update the app to open it."
            ),
            Problem::MissingField { field } => write!(
                f,
                "{file} is damaged or incomplete: the \"{field}\" field is missing."
            ),
            Problem::BadField { field, reason } => {
                write!(
                    f,
                    "{file} is damaged: the \"{field}\" field is wrong ({reason})."
                )
            }
            Problem::DigestMismatch => write!(
                f,
                "{file} has been changed or damaged since it was made (its digest does not \
                 match); ask for it again."
            ),
            Problem::BadEncryption { reason } => {
                write!(f, "{file} cannot be decrypted: {reason}.")
            }
            Problem::WrongPassphrase => write!(
                f,
                "{file} could not be opened: it has been changed since it was made, or the \
                 passphrase is wrong. Check the passphrase and try again."
            ),
            Problem::WrongKind { found, allowed } => {
                let allowed: Vec<&str> = allowed.iter().map(|k| k.with_article()).collect();
                let allowed = match allowed.split_last() {
                    None => "nothing".to_owned(),
                    Some((last, [])) => (*last).to_owned(),
                    Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                };
                write!(
                    f,
                    "{file} is {} bundle, but here you can only import {allowed}.",
                    found.with_article()
                )
            }
            Problem::OtherReview { title } => write!(
                f,
                "{file} belongs to another review: {title}. Open that review to import it."
            ),
            Problem::DuplicateRevision { rev_id } => write!(
                f,
                "{file} is damaged: it holds two different revisions with the same id ({rev_id})."
            ),
            Problem::BadRevisionId { rev_id } => write!(
                f,
                "{file} has been changed or damaged: revision {rev_id} does not match its content."
            ),
            Problem::RevisionForOtherReview { rev_id } => write!(
                f,
                "{file} is damaged: revision {rev_id} belongs to a different review from the one \
                 the file says."
            ),
            Problem::Refused { rule } => {
                write!(f, "{file} was refused: {rule}. Nothing was imported.")
            }
        }
    }
}

impl std::error::Error for BundleError {}

/// The plain content JSON to encrypt (or to embed, for a plain bundle). Revisions are sorted by
/// `rev_id` and de-duplicated so the same set always makes the same bytes.
pub fn content_json(revisions: &[Revision], extra: &Map<String, Value>) -> String {
    let mut revs: Vec<&Revision> = revisions.iter().collect();
    revs.sort_by(|a, b| a.rev_id.cmp(&b.rev_id));
    revs.dedup_by(|a, b| a.rev_id == b.rev_id);
    #[derive(Serialize)]
    struct ContentRef<'a> {
        revisions: Vec<&'a Revision>,
        extra: &'a Map<String, Value>,
    }
    to_json(&ContentRef {
        revisions: revs,
        extra,
    })
}

/// A plain bundle file's text.
pub fn encode(
    kind: BundleKind,
    review: Option<&ReviewRef>,
    created_by: &CreatedBy,
    created_at: i64,
    app_version: &str,
    revisions: &[Revision],
    extra: &Map<String, Value>,
) -> String {
    let content = content_json(revisions, extra);
    envelope(kind, review, created_by, created_at, app_version, content)
}

/// An encrypted bundle waiting for the browser's AES-GCM: seal [`Self::plaintext`] with the key
/// from the passphrase, `encryption.iv` and [`Self::aad`] as associated data, then give the
/// ciphertext to [`Self::finish`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToSeal {
    pub kind: BundleKind,
    pub encryption: Encryption,
    /// A complete plain bundle: everything except the clear part is inside the ciphertext.
    pub plaintext: String,
    /// The clear part's associated data ([`associated_data`]).
    pub aad: Vec<u8>,
}

impl ToSeal {
    /// The file's text, wrapping the ciphertext the browser made.
    pub fn finish(&self, ciphertext: &[u8]) -> String {
        encode_encrypted(self.kind, &self.encryption, ciphertext)
    }
}

/// Prepares an encrypted bundle: the same plain bundle [`encode`] would write, to be sealed.
#[allow(clippy::too_many_arguments)] // the fields of a plain bundle, plus the encryption
pub fn prepare_encrypted(
    kind: BundleKind,
    review: Option<&ReviewRef>,
    created_by: &CreatedBy,
    created_at: i64,
    app_version: &str,
    revisions: &[Revision],
    extra: &Map<String, Value>,
    encryption: &Encryption,
) -> ToSeal {
    ToSeal {
        kind,
        encryption: encryption.clone(),
        plaintext: encode(
            kind,
            review,
            created_by,
            created_at,
            app_version,
            revisions,
            extra,
        ),
        aad: associated_data(&clear_header(kind, encryption)),
    }
}

/// The clear part of an encrypted bundle, in the order it is written.
#[derive(Serialize)]
struct ClearHeader<'a> {
    format: &'a str,
    version: u32,
    kind: BundleKind,
    encryption: &'a Encryption,
}

fn clear_header(kind: BundleKind, encryption: &Encryption) -> Map<String, Value> {
    let clear = ClearHeader {
        format: FORMAT_NAME,
        version: FORMAT_VERSION,
        kind,
        encryption,
    };
    // A struct of strings and numbers always serialises to an object; were it not to, the
    // associated data would not match the file's and decryption would fail, not pass.
    match serde_json::to_value(clear) {
        Ok(Value::Object(obj)) => obj,
        _ => Map::new(),
    }
}

/// The AES-GCM associated data of a version 3 encrypted bundle: the UTF-8 bytes of the
/// canonical JSON (sorted keys, no whitespace; as for `rev_id`) of every clear field except
/// `ciphertext`. Fields a reader does not know are included, so nothing can be added unnoticed.
pub fn associated_data(clear: &Map<String, Value>) -> Vec<u8> {
    let mut bound = clear.clone();
    bound.remove("ciphertext");
    canonical_json(&Value::Object(bound)).into_bytes()
}

/// An encrypted bundle file's text: the clear part (format, version, kind, encryption) and the
/// base64 of `ciphertext`, which the browser made from [`prepare_encrypted`]'s plaintext.
pub fn encode_encrypted(kind: BundleKind, encryption: &Encryption, ciphertext: &[u8]) -> String {
    #[derive(Serialize)]
    struct File<'a> {
        #[serde(flatten)]
        clear: ClearHeader<'a>,
        ciphertext: String,
    }
    let mut text = to_json_pretty(&File {
        clear: ClearHeader {
            format: FORMAT_NAME,
            version: FORMAT_VERSION,
            kind,
            encryption,
        },
        ciphertext: base64_encode(ciphertext),
    });
    text.push('\n');
    text
}

fn envelope(
    kind: BundleKind,
    review: Option<&ReviewRef>,
    created_by: &CreatedBy,
    created_at: i64,
    app_version: &str,
    content: String,
) -> String {
    #[derive(Serialize)]
    struct Envelope<'a> {
        #[serde(flatten)]
        header: &'a Header,
        content: &'a str,
    }
    let header = Header {
        format: FORMAT_NAME.to_owned(),
        version: FORMAT_VERSION,
        kind,
        // Workspace bundles span reviews; every other kind names exactly one.
        review: if kind == BundleKind::Workspace {
            None
        } else {
            review.cloned()
        },
        created_by: created_by.clone(),
        created_at,
        app_version: app_version.to_owned(),
        digest: digest_of(&content),
        encryption: None,
    };
    let mut text = to_json_pretty(&Envelope {
        header: &header,
        content: &content,
    });
    text.push('\n');
    text
}

/// `sha256:` + hex of the string's UTF-8 bytes.
pub fn digest_of(content: &str) -> String {
    format!("sha256:{}", sha256_hex(content.as_bytes()))
}

fn to_json<T: Serialize>(value: &T) -> String {
    // Only string-keyed maps and plain data are serialised here, which serde_json cannot fail on.
    serde_json::to_string(value).expect("serialising plain data to JSON cannot fail")
}

fn to_json_pretty<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("serialising plain data to JSON cannot fail")
}

/// Reads a bundle file. Plain bundles come back verified; encrypted ones need a passphrase.
pub fn decode(file_name: &str, bytes: &[u8]) -> Result<Decoded, BundleError> {
    let (obj, version) = parse_envelope(file_name, bytes)?;
    match version {
        1 => migrate_v1(file_name, &obj).map(Decoded::Plain),
        2 => decode_v2(file_name, &obj),
        3 if obj.get("encryption").is_some_and(|e| !e.is_null()) => {
            decode_v3_encrypted(file_name, &obj)
        }
        3 => decode_plain(file_name, &obj).map(Decoded::Plain),
        v if v > u64::from(FORMAT_VERSION) => Err(BundleError::new(
            file_name,
            Problem::FutureVersion { version: v },
        )),
        _ => Err(BundleError::new(
            file_name,
            Problem::BadField {
                field: "version".into(),
                reason: format!("there is no format {version}"),
            },
        )),
    }
}

/// Size, text, nesting and JSON checks, then `format` and `version`: the object and its version.
fn parse_envelope(file_name: &str, bytes: &[u8]) -> Result<(Map<String, Value>, u64), BundleError> {
    let err = |problem| BundleError::new(file_name, problem);
    if bytes.len() > MAX_BUNDLE_BYTES {
        return Err(err(Problem::TooLarge { bytes: bytes.len() }));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        // An incomplete character at the very end means the file was cut mid-way.
        Err(e) if e.error_len().is_none() && e.valid_up_to() > 0 => {
            return Err(err(Problem::Truncated))
        }
        Err(_) => return Err(err(Problem::NotJson)),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(err(Problem::Empty));
    }
    let value = parse_json(file_name, text)?;
    let Value::Object(obj) = value else {
        return Err(err(Problem::NotBundle));
    };
    match obj.get("format") {
        None => return Err(err(Problem::NotBundle)),
        Some(Value::String(s)) if s == FORMAT_NAME => {}
        Some(other) => {
            return Err(err(Problem::WrongFormat {
                found: short_text(other),
            }))
        }
    }
    let version = match obj.get("version") {
        None => {
            return Err(err(Problem::MissingField {
                field: "version".into(),
            }))
        }
        Some(v) => v.as_u64().ok_or_else(|| {
            err(Problem::BadField {
                field: "version".into(),
                reason: "it is not a whole number".into(),
            })
        })?,
    };
    Ok((obj, version))
}

/// Checks nesting depth with a byte scan, then parses; tells truncation apart from garbage.
fn parse_json(file_name: &str, text: &str) -> Result<Value, BundleError> {
    let err = |problem| BundleError::new(file_name, problem);
    if nesting_exceeds(text.as_bytes(), MAX_DEPTH) {
        return Err(err(Problem::TooDeep));
    }
    serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            err(Problem::Truncated)
        } else {
            err(Problem::NotJson)
        }
    })
}

/// True if arrays/objects nest deeper than `max`. Brackets inside strings do not count.
pub fn nesting_exceeds(bytes: &[u8], max: usize) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// A JSON value quoted for a message, cut short so hostile files cannot flood the screen.
fn short_text(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// The fields of a plain bundle (format 2 and 3), and of a format 2 encrypted one.
const PLAIN_FIELDS: [&str; 10] = [
    "format",
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

/// The fields of a format 3 encrypted bundle: all that is in clear.
const SEALED_FIELDS: [&str; 5] = ["format", "version", "kind", "encryption", "ciphertext"];

fn require(file_name: &str, obj: &Map<String, Value>, fields: &[&str]) -> Result<(), BundleError> {
    match fields.iter().find(|f| !obj.contains_key(**f)) {
        Some(missing) => Err(BundleError::new(
            file_name,
            Problem::MissingField {
                field: (*missing).to_owned(),
            },
        )),
        None => Ok(()),
    }
}

/// The header of a plain-layout envelope, checked up to its digest; and the `content` string.
fn plain_layout(
    file_name: &str,
    obj: &Map<String, Value>,
) -> Result<(Header, String), BundleError> {
    require(file_name, obj, &PLAIN_FIELDS)?;
    let header = Header {
        format: FORMAT_NAME.to_owned(),
        version: FORMAT_VERSION,
        kind: kind_field(file_name, obj)?,
        review: field(file_name, obj, "review")?,
        created_by: field(file_name, obj, "created_by")?,
        created_at: field(file_name, obj, "created_at")?,
        app_version: field(file_name, obj, "app_version")?,
        digest: field(file_name, obj, "digest")?,
        encryption: field(file_name, obj, "encryption")?,
    };
    check_review_presence(file_name, &header)?;
    let content: String = field(file_name, obj, "content")?;
    check_digest(file_name, &header.digest, &content)?;
    Ok((header, content))
}

/// A plain bundle (format 3, or the sealed file inside an encrypted one), fully checked.
fn decode_plain(file_name: &str, obj: &Map<String, Value>) -> Result<Bundle, BundleError> {
    let (header, content) = plain_layout(file_name, obj)?;
    if header.encryption.is_some() {
        return Err(BundleError::new(
            file_name,
            Problem::BadField {
                field: "encryption".into(),
                reason: "a plain file must have null here".into(),
            },
        ));
    }
    let content = parse_content(file_name, &content)?;
    check_content(file_name, &header, &content)?;
    Ok(Bundle {
        header,
        content,
        migrated_from: None,
    })
}

/// Checks encryption parameters and that the ciphertext is base64 of at least a GCM tag.
fn checked_ciphertext(
    file_name: &str,
    enc: &Encryption,
    field: &str,
    text: &str,
) -> Result<Vec<u8>, BundleError> {
    let err = |problem| BundleError::new(file_name, problem);
    if let Some(reason) = enc.problem() {
        return Err(err(Problem::BadEncryption { reason }));
    }
    match base64_decode(text) {
        Some(bytes) if bytes.len() >= GCM_TAG_LEN => Ok(bytes),
        Some(_) => Err(err(Problem::Truncated)),
        None => Err(err(Problem::BadField {
            field: field.to_owned(),
            reason: "it is not valid base64".into(),
        })),
    }
}

/// Format 2: the same layout as a plain format 3 file, but `encryption` may be set, in which
/// case `content` is base64 ciphertext of the content JSON, sealed without associated data.
fn decode_v2(file_name: &str, obj: &Map<String, Value>) -> Result<Decoded, BundleError> {
    let (header, content) = plain_layout(file_name, obj)?;
    if let Some(enc) = header.encryption.clone() {
        let ciphertext = checked_ciphertext(file_name, &enc, "content", &content)?;
        return Ok(Decoded::Encrypted(EncryptedBundle {
            file_name: file_name.to_owned(),
            kind: header.kind,
            encryption: enc,
            version: 2,
            ciphertext,
            sealed: Sealed::V2(Box::new(header)),
        }));
    }
    let content = parse_content(file_name, &content)?;
    check_content(file_name, &header, &content)?;
    Ok(Decoded::Plain(Bundle {
        header,
        content,
        migrated_from: Some(2),
    }))
}

/// Format 3 encrypted: only the clear part is read here; the rest is checked after decryption.
fn decode_v3_encrypted(file_name: &str, obj: &Map<String, Value>) -> Result<Decoded, BundleError> {
    require(file_name, obj, &SEALED_FIELDS)?;
    let kind = kind_field(file_name, obj)?;
    let encryption: Encryption = field(file_name, obj, "encryption")?;
    let text: String = field(file_name, obj, "ciphertext")?;
    let ciphertext = checked_ciphertext(file_name, &encryption, "ciphertext", &text)?;
    Ok(Decoded::Encrypted(EncryptedBundle {
        file_name: file_name.to_owned(),
        kind,
        encryption,
        version: FORMAT_VERSION,
        ciphertext,
        sealed: Sealed::V3 {
            aad: associated_data(obj),
        },
    }))
}

fn kind_field(file_name: &str, obj: &Map<String, Value>) -> Result<BundleKind, BundleError> {
    match obj.get("kind") {
        None => Err(BundleError::new(
            file_name,
            Problem::MissingField {
                field: "kind".into(),
            },
        )),
        Some(v) => v.as_str().and_then(BundleKind::parse).ok_or_else(|| {
            BundleError::new(
                file_name,
                Problem::BadField {
                    field: "kind".into(),
                    reason: format!(
                        "\"{}\" is not a kind of bundle this app knows",
                        short_text(v)
                    ),
                },
            )
        }),
    }
}

/// Deserialises one envelope field, naming it in any error.
fn field<T: for<'de> Deserialize<'de>>(
    file_name: &str,
    obj: &Map<String, Value>,
    name: &str,
) -> Result<T, BundleError> {
    let value = obj.get(name).ok_or_else(|| {
        BundleError::new(
            file_name,
            Problem::MissingField {
                field: name.to_owned(),
            },
        )
    })?;
    T::deserialize(value).map_err(|e| {
        let reason = e.to_string();
        // serde names a missing nested field as "missing field `id`": surface it as such.
        if let Some(inner) = reason
            .strip_prefix("missing field `")
            .and_then(|r| r.split('`').next())
        {
            return BundleError::new(
                file_name,
                Problem::MissingField {
                    field: format!("{name}.{inner}"),
                },
            );
        }
        BundleError::new(
            file_name,
            Problem::BadField {
                field: name.to_owned(),
                reason,
            },
        )
    })
}

fn check_review_presence(file_name: &str, header: &Header) -> Result<(), BundleError> {
    let workspace = header.kind == BundleKind::Workspace;
    match (&header.review, workspace) {
        (None, false) => Err(BundleError::new(
            file_name,
            Problem::BadField {
                field: "review".into(),
                reason: format!("{} bundle must name its review", header.kind.with_article()),
            },
        )),
        (Some(_), true) => Err(BundleError::new(
            file_name,
            Problem::BadField {
                field: "review".into(),
                reason: "a workspace backup covers every review, so it must be null".into(),
            },
        )),
        _ => Ok(()),
    }
}

fn check_digest(file_name: &str, digest: &str, content: &str) -> Result<(), BundleError> {
    let well_formed = digest.strip_prefix("sha256:").is_some_and(|hex| {
        hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    });
    if !well_formed {
        return Err(BundleError::new(
            file_name,
            Problem::BadField {
                field: "digest".into(),
                reason: "it is not \"sha256:\" followed by 64 lowercase hex digits".into(),
            },
        ));
    }
    if digest != digest_of(content) {
        return Err(BundleError::new(file_name, Problem::DigestMismatch));
    }
    Ok(())
}

fn parse_content(file_name: &str, content_json: &str) -> Result<Content, BundleError> {
    let bad = |reason: String| {
        BundleError::new(
            file_name,
            Problem::BadField {
                field: "content".into(),
                reason,
            },
        )
    };
    if nesting_exceeds(content_json.as_bytes(), MAX_DEPTH) {
        return Err(BundleError::new(file_name, Problem::TooDeep));
    }
    let value: Value = serde_json::from_str(content_json)
        .map_err(|_| bad("it is not readable JSON".to_owned()))?;
    let Value::Object(obj) = &value else {
        return Err(bad("it is not a JSON object".to_owned()));
    };
    if !obj.contains_key("revisions") {
        return Err(BundleError::new(
            file_name,
            Problem::MissingField {
                field: "content.revisions".into(),
            },
        ));
    }
    Content::deserialize(&value).map_err(|e| bad(e.to_string()))
}

/// Checks the revisions: no two different ones share an id, every id verifies, and every
/// revision belongs to the header's review (workspace bundles may span reviews).
fn check_content(file_name: &str, header: &Header, content: &Content) -> Result<(), BundleError> {
    let err = |problem| BundleError::new(file_name, problem);
    let mut seen: BTreeMap<&str, &Revision> = BTreeMap::new();
    for rev in &content.revisions {
        if let Some(prev) = seen.insert(rev.rev_id.as_str(), rev) {
            if prev != rev {
                return Err(err(Problem::DuplicateRevision {
                    rev_id: short_rev(&rev.rev_id),
                }));
            }
        }
    }
    for rev in &content.revisions {
        if !rev.verify() {
            return Err(err(Problem::BadRevisionId {
                rev_id: short_rev(&rev.rev_id),
            }));
        }
        if let Some(review) = &header.review {
            if rev.review_id != review.id {
                return Err(err(Problem::RevisionForOtherReview {
                    rev_id: short_rev(&rev.rev_id),
                }));
            }
        }
    }
    Ok(())
}

fn short_rev(rev_id: &str) -> String {
    short_text(&Value::String(rev_id.to_owned()))
}

/// Reads the version 1 layout (see docs/bundle-format.md): no `encryption` or `app_version`,
/// `created_by` a bare author id, `revisions` inline, and `digest` over the canonical JSON of
/// the `revisions` array. Produces a current-version [`Bundle`] with `migrated_from: Some(1)`.
pub fn migrate_v1(file_name: &str, obj: &Map<String, Value>) -> Result<Bundle, BundleError> {
    let err = |problem| BundleError::new(file_name, problem);
    for name in [
        "kind",
        "review",
        "created_by",
        "created_at",
        "digest",
        "revisions",
    ] {
        if !obj.contains_key(name) {
            return Err(err(Problem::MissingField {
                field: name.to_owned(),
            }));
        }
    }
    let kind = kind_field(file_name, obj)?;
    if !matches!(
        kind,
        BundleKind::Invitation | BundleKind::Response | BundleKind::Backup
    ) {
        return Err(err(Problem::BadField {
            field: "kind".into(),
            reason: format!("format 1 had no {} bundles", kind.as_str()),
        }));
    }
    let review: ReviewRef = field(file_name, obj, "review")?;
    let author: String = field(file_name, obj, "created_by")?;
    let created_at: i64 = field(file_name, obj, "created_at")?;
    let digest: String = field(file_name, obj, "digest")?;
    let raw_revisions = obj.get("revisions").cloned().unwrap_or(Value::Null);
    check_digest(file_name, &digest, &canonical_json(&raw_revisions))?;
    let revisions: Vec<Revision> = field(file_name, obj, "revisions")?;
    let extra = Map::new();
    let header = Header {
        format: FORMAT_NAME.to_owned(),
        version: FORMAT_VERSION,
        kind,
        review: Some(review),
        created_by: CreatedBy {
            id: author,
            org: None,
        },
        created_at,
        app_version: String::new(),
        digest: digest_of(&content_json(&revisions, &extra)),
        encryption: None,
    };
    let mut content = Content { revisions, extra };
    check_content(file_name, &header, &content)?;
    // Same order as a version 2 writer, now that duplicates are known to be identical.
    content.revisions.sort_by(|a, b| a.rev_id.cmp(&b.rev_id));
    content.revisions.dedup_by(|a, b| a.rev_id == b.rev_id);
    Ok(Bundle {
        header,
        content,
        migrated_from: Some(1),
    })
}

/// Characters no file system we care about allows (Windows is the strictest).
const ILLEGAL_IN_FILE_NAMES: &[char] = &['<', '>', ':', '"', '/', '\\', '|', '?', '*'];

/// A friendly file name like "Fife – Housing voids – response – 3f2a.pcibundle", safe on
/// Windows, macOS and Linux and well under 255 bytes. Empty parts are left out.
pub fn file_name(kind: BundleKind, host: &str, focus: &str, short_id: &str) -> String {
    let parts = [
        clean_part(host, 48),
        clean_part(focus, 80),
        kind.as_str().to_owned(),
        clean_part(short_id, 16),
    ];
    let stem: Vec<&str> = parts
        .iter()
        .map(String::as_str)
        .filter(|p| !p.is_empty())
        .collect();
    format!("{}.{FILE_EXTENSION}", stem.join(" – "))
}

/// A name that does not show the review, for encrypted files: "critical-friend-3f2a.pcibundle".
pub fn neutral_file_name(short_id: &str) -> String {
    match clean_part(short_id, 16) {
        id if id.is_empty() => format!("{NEUTRAL_FILE_STEM}.{FILE_EXTENSION}"),
        id => format!("{NEUTRAL_FILE_STEM}-{id}.{FILE_EXTENSION}"),
    }
}

/// Drops illegal and control characters, collapses whitespace, trims dots and spaces (Windows
/// strips trailing dots; a leading dot hides the file on macOS) and caps the UTF-8 length.
fn clean_part(s: &str, max_bytes: usize) -> String {
    let kept: String = s
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control() && !ILLEGAL_IN_FILE_NAMES.contains(c))
        .collect();
    let collapsed = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    for c in collapsed.chars() {
        if out.len() + c.len_utf8() > max_bytes {
            break;
        }
        out.push(c);
    }
    out.trim_matches(|c: char| c == '.' || c == ' ').to_owned()
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 (RFC 4648, with `=` padding).
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let sextet = |shift: u32| char::from(B64[((n >> shift) & 0x3f) as usize]);
        out.push(sextet(18));
        out.push(sextet(12));
        out.push(if chunk.len() > 1 { sextet(6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(0) } else { '=' });
    }
    out
}

/// Decodes standard base64, ignoring ASCII whitespace (mail clients wrap lines). Requires
/// correct padding and zero spare bits; `None` for anything else.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if digits.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(digits.len() / 4 * 3);
    let quads = digits.len() / 4;
    for (i, quad) in digits.chunks(4).enumerate() {
        let pad = quad.iter().rev().take_while(|&&b| b == b'=').count();
        // Padding only at the very end, at most two, and never inside the data.
        if pad > 2 || (pad > 0 && i + 1 != quads) {
            return None;
        }
        let mut n = 0u32;
        for &b in &quad[..4 - pad] {
            n = (n << 6) | u32::from(sextet_value(b)?);
        }
        n <<= 6 * pad as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        let keep = 3 - pad;
        // Non-canonical encodings (stray low bits) are refused so one byte string has one text.
        if bytes[keep..].iter().any(|&b| b != 0) {
            return None;
        }
        out.extend_from_slice(&bytes[..keep]);
    }
    Some(out)
}

fn sextet_value(b: u8) -> Option<u8> {
    match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
            assert_eq!(base64_decode(encoded).as_deref(), Some(plain.as_bytes()));
        }
    }

    #[test]
    fn base64_round_trips_every_byte_and_tolerates_wrapping() {
        let bytes: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        let text = base64_encode(&bytes);
        assert_eq!(base64_decode(&text), Some(bytes.clone()));
        let wrapped: String = text
            .as_bytes()
            .chunks(76)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("\r\n");
        assert_eq!(base64_decode(&wrapped), Some(bytes));
    }

    #[test]
    fn base64_rejects_malformed_text() {
        for bad in [
            "Zg=", "Zg", "Z===", "Zm9v=Zm9", "Zh==", "Zm9v!", "====", "Zg==Zg==",
        ] {
            assert_eq!(base64_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn file_names_are_safe_and_friendly() {
        assert_eq!(
            file_name(BundleKind::Response, "Fife", "Housing voids", "3f2a"),
            "Fife – Housing voids – response – 3f2a.pcibundle"
        );
        assert_eq!(
            file_name(BundleKind::Workspace, "", "", "3f2a"),
            "workspace – 3f2a.pcibundle"
        );
        let nasty = file_name(
            BundleKind::Invitation,
            "..Perth & Kinross: <b>\"Council\"</b>",
            "A/B\\C|D?E*\n\tF.",
            "ab:cd",
        );
        assert_eq!(
            nasty,
            "Perth & Kinross bCouncilb – ABCDE F – invitation – abcd.pcibundle"
        );
        let long = file_name(BundleKind::Backup, &"é".repeat(500), &"x".repeat(500), "1");
        assert!(long.len() < 200, "{}", long.len());
        assert!(long.ends_with(" – backup – 1.pcibundle"));
    }

    #[test]
    fn nesting_scan_ignores_brackets_in_strings() {
        let deep = "[".repeat(65) + &"]".repeat(65);
        assert!(nesting_exceeds(deep.as_bytes(), 64));
        let ok = "[".repeat(64) + &"]".repeat(64);
        assert!(!nesting_exceeds(ok.as_bytes(), 64));
        let quoted = format!("[\"{}\\\"{}\"]", "[".repeat(100), "{".repeat(100));
        assert!(!nesting_exceeds(quoted.as_bytes(), 64));
    }

    #[test]
    fn wrong_kind_message_lists_what_is_allowed() {
        let e = BundleError::new(
            "x.pcibundle",
            Problem::WrongKind {
                found: BundleKind::Backup,
                allowed: vec![BundleKind::Invitation, BundleKind::Response],
            },
        );
        assert_eq!(
            e.to_string(),
            "x.pcibundle is a backup bundle, but here you can only import an invitation or a \
             response."
        );
    }
}
