#!/usr/bin/env node
// A tiny static server for the built app (dist/), for `make run` and the Playwright tests.
//   node scripts/serve.mjs [--dir dist] [--host 127.0.0.1] [--port 8080]
// What a real static host must also do (see the README): serve index.html for unknown paths
// (client-side routes such as /reviews/abc/setup), send application/wasm for .wasm, and send
// index.html and sw.js with `Cache-Control: no-cache` so updates are noticed.
// Tests import startServer() to stop and restart it (the offline test).
import { createServer } from "node:http";
import { createReadStream, promises as fs } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".woff2": "font/woff2",
};

// Trunk's file hashes look like name-0123456789abcdef.js or name-…_bg.wasm.
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css)$/;

function cacheControl(path) {
  if (HASHED.test(path)) return "public, max-age=31536000, immutable";
  return "no-cache";
}

async function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const path = normalize(join(root, decoded));
  if (path !== root && !path.startsWith(root + sep)) return null; // no escaping dist/
  try {
    const stat = await fs.stat(path);
    if (stat.isFile()) return path;
    if (stat.isDirectory()) {
      const index = join(path, "index.html");
      if ((await fs.stat(index)).isFile()) return index;
    }
  } catch {
    // fall through: not a file
  }
  return null;
}

/** Starts serving `dir`; resolves to { url, port, close() }. Port 0 picks a free port. */
export async function startServer({ dir = "dist", host = "127.0.0.1", port = 0, quiet = true } = {}) {
  const root = resolve(dir);
  await fs.access(join(root, "index.html")).catch(() => {
    throw new Error(`${root}/index.html is missing: build first (make build)`);
  });
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    let file = await resolveFile(root, url.pathname);
    let status = 200;
    if (!file) {
      // SPA fallback for routes; a missing file with an extension is a real 404.
      if (extname(url.pathname) === "") {
        file = join(root, "index.html");
      } else {
        status = 404;
      }
    }
    if (!quiet) console.log(`${status} ${req.method} ${url.pathname}`);
    if (status === 404) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-cache" });
      res.end("Not found\n");
      return;
    }
    const stat = await fs.stat(file);
    res.writeHead(200, {
      "Content-Type": MIME[extname(file).toLowerCase()] ?? "application/octet-stream",
      "Content-Length": stat.size,
      "Cache-Control": cacheControl(file),
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  });
  // Without this, close() would wait for the browser's keep-alive connections to time out.
  const sockets = new Set();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, ok);
  });
  const actualPort = server.address().port;
  return {
    url: `http://${host}:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise((ok) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => ok());
      }),
  };
}

function parseArgs(argv) {
  const opts = { dir: "dist", host: "127.0.0.1", port: 8080, quiet: true };
  for (let i = 0; i < argv.length; i++) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (key === "--dir") opts.dir = value;
    else if (key === "--host") opts.host = value;
    else if (key === "--port") opts.port = Number(value);
    else if (key === "--verbose") {
      opts.quiet = false;
      continue;
    } else throw new Error(`unknown argument ${key}`);
    i++;
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error("bad --port");
  return opts;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const server = await startServer(parseArgs(process.argv.slice(2)));
    console.log(`Critical Friend is being served at ${server.url}/  (Ctrl+C to stop)`);
    const stop = () => server.close().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  } catch (err) {
    console.error(`serve: ${err.message}`);
    process.exit(1);
  }
}
