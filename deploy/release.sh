#!/usr/bin/env bash
# The release build: what the Dockerfile's build stage runs, and what test/deploy/release.test.ts
# (part of `npm test`) runs into a temporary folder, so CI proves every step the image takes.
#
#   deploy/release.sh <empty target folder>
#
# 1. bundles src/ into dist/ with esbuild (`npm run build`; it needs the dev dependencies, so run
#    a full `npm ci` in the checkout first);
# 2. copies dist/, package.json and package-lock.json into the target folder;
# 3. installs only the production dependencies there (`npm ci --omit=dev`: no esbuild, no tsx).
#
# The target folder is then the whole install: `cd <target> && node dist/main.mjs` runs the bot,
# `node dist/backup.mjs FILE`, `node dist/export-audit.mjs …`, `node dist/export-costs.mjs …` the tools.
set -euo pipefail

target=${1:?usage: deploy/release.sh <empty target folder>}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$target"
target=$(cd "$target" && pwd)
if [[ -n "$(ls -A "$target")" ]]; then
  echo "release.sh: $target is not empty; give it an empty or new folder" >&2
  exit 2
fi

cd "$root"
npm run -s build
cp package.json package-lock.json "$target/"
cp -R dist "$target/dist"

cd "$target"
# --prefer-offline: use npm's cache when it has the package (CI machines only reach the registry).
npm ci --omit=dev --prefer-offline --no-audit --no-fund --loglevel=error
