#!/usr/bin/env bash
# The KVM backend on a real AMD SVM KVM, without AMD hardware: Debian's kernel boots under QEMU's software CPU
# emulator (TCG) with `-cpu max`, whose emulated AMD CPU has SVM and NPT, so kvm_amd loads inside and /dev/kvm there
# is SVM/VMCB KVM. The guest's / is this machine's / over 9p (read-only, under a tmpfs overlay), so the JDK, ~/.m2
# and the checkout are used in place; the checkout must not be under /tmp (the guest's /tmp is its own).
#
# Usage: kvm-native/nested/svm-host.sh              the KVM tests and every sample, then a summary line
#        kvm-native/nested/svm-host.sh -c 'COMMAND'  any sh command inside instead ("$GUEST_SUITE" is the suite)
# Env: SUITE_TESTS, SUITE_SAMPLES, LEAK_CYCLES, SAMPLE_TIMEOUT, EXIT_LOOP (see guest-suite.sh); NEST_SKIP_BUILD=1 (use the built project);
#   NEST_DIR (work directory, default kvm-native/target/nested-svm; outputs in its out/), NEST_TIMEOUT (s, 2400),
#   NEST_MEM (MiB, 4096), NEST_CPU (max). One vCPU: with -smp 2 (MTTCG) a guest once froze, and the JVM is faster.
# Exit status: 0 all passed, 1 a test or sample failed, 3 the test host could not be set up (emulator or
#   kernel packages), 4 the guest did not finish (timeout or crash), 5 the project could not be built.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
PROJECT="$(cd "$HERE/../.." && pwd)"
W="${NEST_DIR:-$PROJECT/kvm-native/target/nested-svm}"
source "$HERE/lib.sh"
case "$PROJECT" in /tmp|/tmp/*) nest_log "the checkout ($PROJECT) is under /tmp, which the guest replaces: move it"; exit 3 ;; esac
CMD='sh "$GUEST_SUITE"'
if [ "${1:-}" = -c ]; then CMD="${2:?-c needs a command}"; elif [ $# -gt 0 ]; then sed -n '2,13p' "$0"; exit 2; fi

mkdir -p "$W"
nest_need qemu-system-x86 busybox-static cpio kmod xz-utils zstd nasm || exit 3
nest_kernel || exit 3
nest_project || exit 5
nest_rootfs
nest_cpio "$W/rd" "$W/initrd.gz"
rm -rf "$W/out" && mkdir -p "$W/out"
q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
{
    printf 'export PROJECT=%s OUT=/tmp/nest/out SUITE_TESTS=%s SUITE_SAMPLES=%s LEAK_CYCLES=%s SAMPLE_TIMEOUT=%s EXIT_LOOP=%s\n' \
        "$(q "$PROJECT")" "$(q "${SUITE_TESTS:-all}")" "$(q "${SUITE_SAMPLES:-all}")" "$(q "${LEAK_CYCLES:-1000}")" \
        "$(q "${SAMPLE_TIMEOUT:-20}")" "$(q "${EXIT_LOOP:-20000}")"
    printf '%s\n' "$CMD"
} > "$W/cmd.sh"

nest_log "booting $KVER under QEMU TCG (-cpu ${NEST_CPU:-max}, 1 vCPU); console in $W/console.log"
start=$(date +%s)
set +e
timeout --foreground "${NEST_TIMEOUT:-2400}" qemu-system-x86_64 \
    -accel tcg -cpu "${NEST_CPU:-max}" -smp 1 -m "${NEST_MEM:-4096}" \
    -nographic -no-reboot -nodefaults -serial stdio -monitor none \
    -kernel "$W/vmlinuz" -initrd "$W/initrd.gz" \
    -append "console=ttyS0 panic=-1 quiet loglevel=3 mitigations=off" \
    -virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap \
    -virtfs local,path="$W",mount_tag=nest,security_model=none,multidevs=remap \
    < /dev/null | tee "$W/console.log" | sed -u 's/\r$//'
set -e
rc="$(sed -n 's/.*command output ends: rc=\([0-9]*\).*/\1/p' "$W/console.log" | tail -1)"
nest_log "SVM host finished after $(( $(date +%s) - start )) s wall; outputs in $W/out"
[ -n "$rc" ] || { nest_log "the guest did not finish its command (timeout or crash)"; exit 4; }
[ "$rc" = 0 ] && exit 0 || exit 1
