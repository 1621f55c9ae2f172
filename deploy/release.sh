#!/usr/bin/env bash
# The release build: what the Dockerfile's build stage runs, and what test/deploy/release.test.ts
# (part of `npm test`) runs into a temporary folder, so CI proves every step the image takes.
#
#   deploy/release.sh <empty target folder>
#
# 1. bundles src/ with esbuild into the target's dist/ (`npm run build`, its output folder moved
#    there, so the checkout's own dist/ is left alone; it needs the dev dependencies, so run a
#    full `npm ci` in the checkout first);
# 2. copies package.json and package-lock.json next to it;
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
# esbuild takes the last --outdir given.
npm run -s build -- --outdir="$target/dist"
cp package.json package-lock.json "$target/"

cd "$target"
# --prefer-offline: use npm's cache when it has the package (CI machines only reach the registry).
npm ci --omit=dev --prefer-offline --no-audit --no-fund --loglevel=error
