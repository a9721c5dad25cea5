#!/usr/bin/env bash
# Installs whatever the build and tests need and is missing; quick and quiet when all is present.
#   rustup target wasm32-unknown-unknown, rustfmt, clippy
#   trunk 0.21.14 (0.22 needs a newer rustc than we pin)
#   wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock (incl. the test runner)
#   Debian chromium + chromium-driver (only if missing; needs root or sudo)
#   npm packages from package-lock.json (binaryen's wasm-opt, Playwright, axe) via `npm ci`
# Nothing is fetched from anywhere but the package registries: no Playwright browser download,
# no Trunk tool download (Trunk.toml sets offline = true).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '==> %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

# --- Rust toolchain pieces -------------------------------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^${component}"; then
    say "adding rustup component ${component}"
    rustup component add "${component}"
  fi
done

# --- trunk -----------------------------------------------------------------------------------
if have trunk && [[ "$(trunk --version 2>/dev/null)" == "trunk ${TRUNK_VERSION}" ]]; then
  :
else
  say "installing trunk ${TRUNK_VERSION} with cargo (takes several minutes on a cold machine)"
  cargo install trunk --version "${TRUNK_VERSION}" --locked
fi

# --- wasm-bindgen-cli, matching Cargo.lock ---------------------------------------------------
WBG_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [[ -z "${WBG_VERSION}" ]]; then
  echo "install-tools: could not find wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if ! grep -q "^wasm_bindgen = \"${WBG_VERSION}\"" Trunk.toml; then
  echo "install-tools: Trunk.toml [tools] wasm_bindgen must be \"${WBG_VERSION}\" (the version in Cargo.lock)" >&2
  exit 1
fi
if have wasm-bindgen && have wasm-bindgen-test-runner \
  && [[ "$(wasm-bindgen --version 2>/dev/null)" == "wasm-bindgen ${WBG_VERSION}" ]] \
  && [[ "$(wasm-bindgen-test-runner --version 2>/dev/null)" == *" ${WBG_VERSION}"* ]]; then
  :
else
  # No --locked: wasm-bindgen-cli's own lockfile can lag the toolchain; the version pin is what matters.
  say "installing wasm-bindgen-cli ${WBG_VERSION} with cargo (takes a few minutes on a cold machine)"
  cargo install wasm-bindgen-cli --version "${WBG_VERSION}" --force
fi

# --- Chromium and ChromeDriver from Debian ---------------------------------------------------
if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
  SUDO=""
  if [[ "$(id -u)" != 0 ]]; then SUDO="sudo"; fi
  say "installing Debian chromium and chromium-driver"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium chromium-driver
fi

# --- npm packages ----------------------------------------------------------------------------
# Reinstall only when package-lock.json changed since the last install (npm writes
# node_modules/.package-lock.json on every install).
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing npm packages (npm ci)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund
fi

WASM_OPT_VERSION="$(node_modules/.bin/wasm-opt --version | awk '{ print $3 }')"
if ! grep -q "^wasm_opt = \"version_${WASM_OPT_VERSION}\"" Trunk.toml; then
  echo "install-tools: Trunk.toml [tools] wasm_opt must be \"version_${WASM_OPT_VERSION}\" (npm binaryen)" >&2
  exit 1
fi

say "tools ready: $(trunk --version), wasm-bindgen ${WBG_VERSION}, wasm-opt ${WASM_OPT_VERSION}, $(/usr/bin/chromium --version 2>/dev/null)"
