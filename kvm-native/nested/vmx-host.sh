#!/usr/bin/env bash
# The KVM backend on a real Intel VMX KVM, without Intel VT-x: Debian's kernel boots in Bochs (Debian's bochs is built
# with VMX; CPU corei7_skylake_x has EPT and unrestricted guest), so kvm_intel loads inside and /dev/kvm there is
# VMX/VMCS KVM. Bochs has no 9p: the initramfs carries a jlinked JRE, the project's jar, compiled tests, their
# class path (at the same paths as on this machine) and the samples. Slow: ~1.5 min boot, ~30 s per sample.
#
# Usage: kvm-native/nested/vmx-host.sh              the KVM tests and every sample, then a summary line
#        kvm-native/nested/vmx-host.sh -c 'COMMAND'  any busybox sh command inside instead ("$GUEST_SUITE" is the suite)
# Env: SUITE_TESTS, SUITE_SAMPLES, LEAK_CYCLES, SAMPLE_TIMEOUT, EXIT_LOOP (2000 here), SUITE_SKIP_TESTS,
#   SUITE_SKIP_SAMPLES (default: what Bochs 2.7 cannot run, see below) (see guest-suite.sh);
#   NEST_SKIP_BUILD=1 (use the built project);
#   NEST_DIR (default kvm-native/target/nested-vmx), BOCHS_TIMEOUT (s, 5400), BOCHS_MEGS (MiB, 2048),
#   BOCHS_CPU (corei7_skylake_x), BOCHS_IPS (emulated instructions per guest second, 40000000; see below).
# Exit status: 0 all passed, 1 a test or sample failed, 3 the emulator or kernel could not be installed, 4 the guest did not
#   finish (timeout or crash), 5 the project could not be built.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
PROJECT="$(cd "$HERE/../.." && pwd)"
W="${NEST_DIR:-$PROJECT/kvm-native/target/nested-vmx}"
source "$HERE/lib.sh"
CMD='sh "$GUEST_SUITE"'
if [ "${1:-}" = -c ]; then CMD="${2:?-c needs a command}"; elif [ $# -gt 0 ]; then sed -n '2,17p' "$0"; exit 2; fi

mkdir -p "$W"
nest_need bochs bochs-term bochsbios vgabios isolinux syslinux-common genisoimage busybox-static cpio kmod xz-utils zstd nasm || exit 3
nest_kernel || exit 3
nest_project || exit 5
nest_rootfs

# what the guest runs, at the paths it has on this machine: JRE, class path entries, the jar, the samples
R="$W/rd"
JH="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
# with the JDK's class-data-sharing archive: each JVM in Bochs starts in fewer emulated instructions
# jdk.management: com.sun.management.ThreadMXBean, which the allocation tests read
if [ ! -f "$W/jre/lib/server/classes.jsa" ] || ! grep -q "jdk.management" "$W/jre/release"; then
    nest_log "jlink: a JRE for the guest"
    rm -rf "$W/jre"
    "$JH/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.management,java.naming,java.xml,jdk.unsupported,java.desktop \
        --generate-cds-archive --strip-debug --no-header-files --no-man-pages --compress=2 --output "$W/jre" >/dev/null
fi
mkdir -p "$R/opt" "$R/lib64" "$R/lib/x86_64-linux-gnu" "$R/root" "$R/etc"
cp -a "$W/jre" "$R/opt/jre"
cp -L /lib64/ld-linux-x86-64.so.2 "$R/lib64/"
for l in libc.so.6 libm.so.6 libz.so.1 libdl.so.2 libpthread.so.0 librt.so.1 libgcc_s.so.1 libstdc++.so.6; do
    cp -L "/lib/x86_64-linux-gnu/$l" "$R/lib/x86_64-linux-gnu/"
done
echo "root:x:0:0:root:/root:/bin/sh" > "$R/etc/passwd"
tr ':' '\n' < "$PROJECT/kvm-native/target/nested-classpath.txt" | while read -r e; do
    mkdir -p "$R$(dirname "$e")" && cp -a "$e" "$R$e"
done
mkdir -p "$R$PROJECT/app/target" "$R$PROJECT/kvm-native/target"
cp "$PROJECT/app/target/kvm-workbench.jar" "$R$PROJECT/app/target/"
cp "$PROJECT/kvm-native/target/nested-classpath.txt" "$R$PROJECT/kvm-native/target/"
cp -a "$PROJECT/samples" "$R$PROJECT/samples"
# Two faults of Bochs 2.7's VMX, each proven in kvm-native/nested/RESULTS.md, keep some tests from running here:
# 1. The L1 kernel never runs again once the nested guest spins without exits (runaway-loop's "jmp $", the
#    return-path bench's polling guest): after that VM entry bochs.log shows no further tick of it (a stopped clock or
#    a lost timer interrupt; not found out which), so no timer, watchdog or signal ends that KVM_RUN.
# 2. A single step whose instruction fetch first takes an EPT violation (the first step on a fresh VM: its code page
#    is not mapped yet) ends at once with a #DB at the same RIP: Bochs 2.7 saves the single-step trap it had already
#    armed for that instruction into the guest's pending debug exceptions (BS) at the fault-like exit, and delivers it
#    at the next VM entry (later Bochs sources save that field as clear). The session's first step then runs nothing.
# The tests and the sample concerned are not run here by default (set SUITE_SKIP_TESTS= SUITE_SKIP_SAMPLES= to run them).
BOCHS_SKIPPED_TESTS='.*(Spinning|runawayLoop|closeFromAnotherThreadWaitsForTheRunningVcpu|passthroughWithPolling|SessionOnKvmTest#(stepInstructionRunsExactlyOneInstruction|aPauseGivenWhileIdleDoesNotSwallowTheNextStep)).*'
SKIP_WHY='Bochs 2.7: the L1 kernel gets no timer tick while a nested guest spins in jmp $, so nothing ends that KVM_RUN; the first single step after an EPT violation ends before its instruction (pending debug exceptions BS saved at a fault-like exit)'
q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
{
    printf 'export PROJECT=%s OUT=/tmp/out SUITE_TESTS=%s SUITE_SAMPLES=%s LEAK_CYCLES=%s SAMPLE_TIMEOUT=%s EXIT_LOOP=%s\n' \
        "$(q "$PROJECT")" "$(q "${SUITE_TESTS:-all}")" "$(q "${SUITE_SAMPLES:-all}")" "$(q "${LEAK_CYCLES:-1000}")" \
        "$(q "${SAMPLE_TIMEOUT:-20}")" "$(q "${EXIT_LOOP:-2000}")"
    printf 'export SUITE_SKIP_TESTS=%s SUITE_SKIP_SAMPLES=%s SKIP_WHY=%s\n' "$(q "${SUITE_SKIP_TESTS-$BOCHS_SKIPPED_TESTS}")" \
        "$(q "${SUITE_SKIP_SAMPLES-runaway-loop}")" "$(q "$SKIP_WHY")"
    printf '%s\n' "$CMD"
} > "$R/cmd.sh"

B="$W/boot"
rm -rf "$B" && mkdir -p "$B/iso"
nest_cpio "$R" "$B/iso/initrd.gz"
cp "$W/vmlinuz" "$B/iso/vmlinuz"
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$B/iso/"
# The guest's clock. Bochs's TSC and local APIC timer count emulated instructions, but Linux takes the TSC's
# frequency from CPUID (3.5 GHz for this CPU model), so its seconds were 3.5 G instructions: 280 s of wall time
# each when this machine ran Bochs at 12.6 M instructions/s (measured from the scheduler ticks in bochs.log), and a
# sample's 20 s time limit looked like a hang. tsc_early_khz makes one TSC (and guest) second IPS instructions,
# and sync=none keeps every Bochs timer on that same count. Set IPS near the speed Bochs reaches here (bochs.log:
# instruction counts over wall time) and guest seconds are about wall seconds; all limits are guest seconds.
IPS=${BOCHS_IPS:-40000000}
printf 'default k\nprompt 0\nlabel k\n  kernel /vmlinuz\n  append initrd=/initrd.gz console=ttyS0 panic=-1 quiet loglevel=3 mitigations=off tsc=reliable tsc_early_khz=%d\n' \
    $((IPS / 1000)) > "$B/iso/isolinux.cfg"
genisoimage -quiet -o "$B/boot.iso" -b isolinux.bin -c boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table "$B/iso"
cat > "$B/bochsrc" <<RC
cpu: model=${BOCHS_CPU:-corei7_skylake_x}, count=1, ips=$IPS, reset_on_triple_fault=0
memory: guest=${BOCHS_MEGS:-2048}, host=${BOCHS_MEGS:-2048}
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
ata0-master: type=cdrom, path=$B/boot.iso, status=inserted
boot: cdrom
com1: enabled=1, mode=file, dev=$B/console.log
display_library: term
log: $B/bochs.log
clock: sync=${BOCHS_CLOCK:-none}, time0=local
info: action=ignore
panic: action=fatal
# no sound card here: bochs's ALSA output crashed it ("buffer overflow detected")
sound: waveoutdrv=dummy, waveindrv=dummy, midioutdrv=dummy
RC
printf 'c\n' > "$B/debugger.rc" # Debian's bochs has the internal debugger: continue at once
: > "$B/console.log"
nest_log "booting $KVER in Bochs ($(du -h "$B/iso/initrd.gz" | cut -f1) initramfs); console in $B/console.log"
# With its debugger on (Debian builds it so), Bochs's term display draws the guest's screen on a pty of its own
# ("Bochs connected to screen /dev/pts/N") that nobody reads. Once that pty's buffer is full, Bochs blocks in write()
# and the guest stops (the escapes of its screen updates filled it after ~9 min in one run). This reads it.
drain_screen() {
    local pts="" i
    for i in $(seq 1 300); do
        pts="$(grep -ao 'connected to screen "[^"]*"' "$B/bochs.out" 2>/dev/null | head -1 | cut -d'"' -f2)"
        [ -n "$pts" ] && break
        sleep 1
    done
    [ -c "$pts" ] || { nest_log "Bochs named no screen pty; a long run may stall"; return 0; }
    stty -F "$pts" raw -echo 2>/dev/null
    exec cat "$pts" > /dev/null 2>&1
}
start=$(date +%s)
tail -n +1 -F "$B/console.log" 2>/dev/null | sed -u 's/\r$//' &
TAIL=$!
set +e
# script gives bochs the terminal it wants; bochs ignores SIGTERM, so a timeout ends it with SIGKILL
TERM=xterm timeout -s KILL "${BOCHS_TIMEOUT:-5400}" script -qec "bochs -q -f $B/bochsrc -rc $B/debugger.rc" /dev/null \
    > "$B/bochs.out" 2>&1 < /dev/null &
BOCHS=$!
drain_screen &
DRAIN=$!
wait "$BOCHS"
sleep 1
kill "$TAIL" "$DRAIN" 2>/dev/null
set -e
rc="$(tr -d '\r' < "$B/console.log" | sed -n 's/.*command output ends: rc=\([0-9]*\).*/\1/p' | tail -1)"
nest_log "VMX host finished after $(( $(date +%s) - start )) s wall"
[ -n "$rc" ] || { nest_log "the guest did not finish its command (timeout or crash)"; exit 4; }
[ "$rc" = 0 ] && exit 0 || exit 1
