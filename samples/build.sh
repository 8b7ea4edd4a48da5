#!/usr/bin/env bash
# Reassemble every sample guest: NAME.asm -> NAME.bin (flat 16-bit binary).
# Safe to run any number of times; nasm output is deterministic, so an
# unchanged .asm gives a byte-identical .bin.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v nasm >/dev/null 2>&1; then
    echo "build.sh: nasm not found - install it first (e.g. apt-get install nasm)" >&2
    exit 1
fi

shopt -s nullglob
sources=(*.asm)
if [ ${#sources[@]} -eq 0 ]; then
    echo "build.sh: no *.asm files in $(pwd)" >&2
    exit 1
fi

for src in "${sources[@]}"; do
    bin="${src%.asm}.bin"
    # assemble to a temp file first so a failed build never leaves a
    # truncated .bin behind
    nasm -f bin -Werror -o "$bin.tmp" "$src" || { rm -f "$bin.tmp"; echo "build.sh: FAILED $src" >&2; exit 1; }
    mv -f "$bin.tmp" "$bin"
    printf '%-30s %5d bytes\n' "$bin" "$(wc -c < "$bin")"
done
