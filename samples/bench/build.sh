#!/usr/bin/env bash
# Reassemble the benchmark guests: NAME.asm -> NAME.bin (flat 16-bit binaries, loaded at 0x1000).
# nasm output is deterministic: an unchanged .asm gives a byte-identical .bin (a test checks this).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v nasm >/dev/null 2>&1; then
    echo "build.sh: nasm not found - install it first (e.g. apt-get install nasm)" >&2
    exit 1
fi

for src in *.asm; do
    bin="${src%.asm}.bin"
    nasm -f bin -Werror -o "$bin.tmp" "$src" || { rm -f "$bin.tmp"; echo "build.sh: FAILED $src" >&2; exit 1; }
    mv -f "$bin.tmp" "$bin"
    printf '%-30s %5d bytes\n' "$bin" "$(wc -c < "$bin")"
done
