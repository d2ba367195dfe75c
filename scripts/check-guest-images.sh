#!/usr/bin/env bash
# Checks that every committed guest image in images/ is exactly what its sources build to:
# rebuilds them all into a temporary directory and compares byte for byte. Fails naming each
# image that differs, is missing, or is committed without a build target. CI runs this.
# Exits 0, saying so, only when the cross toolchain is not installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v powerpc-linux-gnu-gcc >/dev/null 2>&1; then
  echo "check-guest-images: skipped: toolchain absent (powerpc-linux-gnu-gcc is not installed)"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fresh=$work/images
if ! bash scripts/build-guest-images.sh "$fresh" >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  echo "check-guest-images: the guest images do not build" >&2
  exit 1
fi

status=0
for built in "$fresh"/*.elf; do
  name=$(basename "$built")
  if [ ! -f "images/$name" ]; then
    echo "check-guest-images: images/$name is missing (run npm run guest and commit it)" >&2
    status=1
  elif ! cmp -s "$built" "images/$name"; then
    echo "check-guest-images: images/$name differs from what its sources build to (run npm run guest and commit it)" >&2
    status=1
  fi
done
for committed in images/*.elf; do
  [ -e "$committed" ] || continue
  if [ ! -f "$fresh/$(basename "$committed")" ]; then
    echo "check-guest-images: $committed is not built by any target in scripts/build-guest-images.sh" >&2
    status=1
  fi
done
[ "$status" -ne 0 ] || echo "check-guest-images: all $(ls "$fresh"/*.elf | wc -l) images match their sources"
exit "$status"
