// Makes bundle files the way a hostile or careless sender could: valid JSON, valid content
// hashes and digests (anyone can compute them), but content the sender may not write.
// Mirrors the canonical form in src/domain/revision.rs (keys sorted, serde's escaping).
import { createHash } from "node:crypto";

function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const keys = Object.keys(value).sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : Buffer.from(a) > Buffer.from(b) ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const sha256 = (text) => createHash("sha256").update(text, "utf8").digest("hex");

/** A revision with a correct content-hash id. */
export function revision({ record_id, review_id, kind, parents = [], author = "unknown-sender", at = Date.now(), schema = 1, body }) {
  const rev = { at, author, body, kind, parents: [...new Set(parents)].sort(), record_id, review_id, schema };
  return { rev_id: sha256(canonical(rev)).slice(0, 32), ...rev };
}

/** A plain (unencrypted) bundle file's text with a correct digest. */
export function bundle({ kind, review, revisions, extra = {}, created_at = Date.now() }) {
  const revs = [...revisions].sort((a, b) => (a.rev_id < b.rev_id ? -1 : 1));
  // Field order as serde writes the Revision struct.
  const ordered = revs.map((r) => ({
    rev_id: r.rev_id, record_id: r.record_id, review_id: r.review_id, kind: r.kind, parents: r.parents,
    author: r.author, at: r.at, schema: r.schema, body: r.body,
  }));
  const content = JSON.stringify({ revisions: ordered, extra });
  return JSON.stringify({
    format: "critical-friend-bundle", version: 2, kind, review, created_by: { id: "forger", org: null },
    created_at, app_version: "0.1.0", digest: `sha256:${sha256(content)}`, encryption: null, content,
  }, null, 2);
}

/** The revisions in a bundle file made by the app (plain files only). */
export function revisionsOf(fileText) {
  return JSON.parse(JSON.parse(fileText).content).revisions;
}
