#!/usr/bin/env bash
# Regenerates every protobuf binding from proto/ (buf + protoc-gen-es). Never edit gen/ by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
buf lint
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
buf generate --template buf.gen.yaml --output "$tmp"
rm -rf libs/saga-kit/src/gen libs/poker-contracts/src/gen
mkdir -p libs/saga-kit/src/gen libs/poker-contracts/src/gen
cp -r "$tmp/gen/sagakit" libs/saga-kit/src/gen/
cp -r "$tmp/gen/poker" libs/poker-contracts/src/gen/
