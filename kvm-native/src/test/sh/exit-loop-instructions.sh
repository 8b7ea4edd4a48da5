#!/bin/sh
# Userspace instructions per exit of the plain C KVM_RUN loop (kvm-native/nested/exit-loop-ref.c) and of the
# project's loops (ExitLoopInstructions: backend, kvm-run, check-extension; KVM_RUN through JNA, and through the
# JDK's foreign linker as with --add-modules jdk.incubator.foreign), counted by valgrind's callgrind:
# this host's PMU is not virtualized (perf stat -e instructions:u says "not supported"). Counts do not depend on
# load. The C loop is one process doing N exits; its count per exit is the difference of two runs (N2 - N1 exits),
# which removes start-up. The Java loops count M iterations after WARM (JIT-compiled) inside callgrind's window.
# Needs: valgrind, gcc, valgrind/callgrind.h, /dev/kvm, and `mvn -o test-compile -pl kvm-native -am` done.
# Usage (from the repository root): kvm-native/src/test/sh/exit-loop-instructions.sh [WARM] [M]
set -eu
warm=${1:-30000} m=${2:-2000}
here=$(cd "$(dirname "$0")/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" # a JVM that dies under valgrind (it happens, rarely) leaves its hs_err file here
gcc -O2 -o "$tmp/exit-loop-ref" "$here/nested/exit-loop-ref.c"
gcc -O2 -shared -fPIC -o "$tmp/libcallgrind-window.so" "$here/src/test/c/callgrind-window.c"
jna=$(find "$HOME/.m2/repository/net/java/dev/jna/jna" -name 'jna-5.17.0.jar' | head -1)
cp="$here/target/test-classes:$here/target/classes:$here/../core/target/classes:$jna"

refs() { # total instructions of a callgrind output file
    grep '^summary:' "$1" | awk '{ s += $2 } END { print s }'
}
valgrind -q --tool=callgrind --callgrind-out-file="$tmp/c1" "$tmp/exit-loop-ref" 2000 1 >/dev/null
valgrind -q --tool=callgrind --callgrind-out-file="$tmp/c2" "$tmp/exit-loop-ref" 12000 1 >/dev/null
echo "C KVM_RUN loop:        $(( ($(refs "$tmp/c2") - $(refs "$tmp/c1")) / 10000 )) instructions per exit"
linker="--add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED"
for run in "backend JNA" "kvm-run JNA" "check-extension JNA" "backend linker" "kvm-run linker"; do
    set -- $run
    loop=$1 via=$2 flags=
    [ "$via" = linker ] && flags=$linker
    out="$tmp/j-$loop-$via"
    # shellcheck disable=SC2086 # flags are words
    valgrind -q --tool=callgrind --separate-threads=yes --collect-atstart=no --callgrind-out-file="$out" \
        java $flags -Dcallgrind.window="$tmp/libcallgrind-window.so" -cp "$cp" \
        org.kvmworkbench.kvm.ExitLoopInstructions "$loop" "$warm" "$m" >/dev/null 2>&1
    # the window's dump of the thread that ran the loop is the only one with a large count
    most=$(for f in "$out".*; do refs "$f"; done | sort -n | tail -1)
    printf 'Java %-16s KVM_RUN via %-7s %d instructions per iteration\n' "$loop," "$via:" $(( most / m ))
done
