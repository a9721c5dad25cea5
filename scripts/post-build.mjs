#!/usr/bin/env node
// Trunk post_build hook (see Trunk.toml). Works on the staged build in $TRUNK_STAGING_DIR:
//  1. adds the sha256 of every inline <script> (Trunk's wasm loader) to the CSP's script-src,
//     so the CSP needs no 'unsafe-inline';
//  2. writes the precache list and a content-derived version into sw.js, so each build gets a
//     fresh cache and a byte-different service worker.
// Fails the build if the CSP meta or the sw.js placeholder is missing, rather than shipping a
// build that silently loses its CSP or offline support.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("post-build: TRUNK_STAGING_DIR is not set; run me as a Trunk hook");
  process.exit(1);
}

const sha256 = (data) => createHash("sha256").update(data);

function addScriptHashes(html) {
  const hashes = [];
  // Inline scripts only: any <script ...> without src. The browser hashes the raw text content.
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(m[1])) continue;
    hashes.push(`'sha256-${sha256(m[2]).digest("base64")}'`);
  }
  const csp = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/i;
  const found = html.match(csp);
  if (!found) throw new Error("index.html has no Content-Security-Policy meta");
  const policy = found[2]
    .split(";")
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => (d.startsWith("script-src ") ? [d, ...hashes.filter((h) => !d.includes(h))].join(" ") : d))
    .join("; ");
  if (/unsafe-inline/.test(policy)) throw new Error("CSP must not allow 'unsafe-inline'");
  console.log(`post-build: CSP script-src gets ${hashes.length} inline script hash(es)`);
  return html.replace(csp, `$1${policy}$3`);
}

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

// Not precached: the worker itself, type declarations, and source maps nobody needs offline.
const skip = (rel) => rel === "sw.js" || rel.endsWith(".d.ts") || rel.endsWith(".map");

const indexPath = join(staging, "index.html");
writeFileSync(indexPath, addScriptHashes(readFileSync(indexPath, "utf8")));

const files = listFiles(staging)
  .map((path) => ({ path, rel: relative(staging, path).split(sep).join("/") }))
  .filter(({ rel }) => !skip(rel))
  .sort((a, b) => (a.rel < b.rel ? -1 : 1));
const version = sha256(files.map(({ path, rel }) => `${rel}\0${sha256(readFileSync(path)).digest("hex")}\n`).join(""))
  .digest("hex")
  .slice(0, 16);
const manifest = { version, files: files.map(({ rel }) => rel) };

const swPath = join(staging, "sw.js");
const sw = readFileSync(swPath, "utf8");
const placeholder = /\/\* PRECACHE_MANIFEST \*\/[\s\S]*?\/\* END_PRECACHE_MANIFEST \*\//;
if (!placeholder.test(sw)) throw new Error("sw.js has no PRECACHE_MANIFEST placeholder");
writeFileSync(swPath, sw.replace(placeholder, () => `/* PRECACHE_MANIFEST */ ${JSON.stringify(manifest)} /* END_PRECACHE_MANIFEST */`));
console.log(`post-build: sw.js precaches ${files.length} files as version ${version}`);
