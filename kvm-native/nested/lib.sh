# Shared by svm-host.sh and vmx-host.sh (sourced, bash): Debian packages, Debian's kernel, the initramfs, and the
# project's build outputs the guest runs. Needs W (work directory), HERE (this folder), PROJECT (the checkout).

nest_log() { echo "nested: $*" >&2; }

# Installs the Debian packages that are missing; returns 1 (after one line saying why) if that fails.
nest_need() {
    local p missing=()
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    nest_log "installing ${missing[*]}"
    if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; } \
        >"$W/apt.log" 2>&1; then
        nest_log "cannot install ${missing[*]} (see $W/apt.log)"
        return 1
    fi
}

# Debian's current kernel (the versioned package linux-image-amd64 depends on), unpacked in $W/kroot;
# sets KVER and copies the kernel to $W/vmlinuz.
nest_kernel() {
    if ! ls "$W"/kroot/boot/vmlinuz-* >/dev/null 2>&1; then
        local pkg
        apt-get update -q >/dev/null 2>&1 || true
        pkg="$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/.*Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -1)"
        [ -n "$pkg" ] || { nest_log "apt-cache knows no linux-image-amd64"; return 1; }
        nest_log "downloading $pkg"
        rm -rf "$W/kdeb" "$W/kroot" && mkdir -p "$W/kdeb"
        (cd "$W/kdeb" && apt-get download "$pkg" >/dev/null 2>&1) || { nest_log "apt-get download $pkg failed"; return 1; }
        dpkg-deb -x "$W"/kdeb/*.deb "$W/kroot"
    fi
    KVER="$(ls "$W/kroot/lib/modules" | head -1)"
    [ -f "$W/kroot/lib/modules/$KVER/modules.dep" ] || depmod -b "$W/kroot" "$KVER"
    cp "$W/kroot/boot/vmlinuz-$KVER" "$W/vmlinuz"
}

# $W/rd: busybox, the modules kvm_amd, kvm_intel, 9p over virtio-pci and overlayfs need (dependencies first, in
# lib/modules/order), and /init.
nest_rootfs() {
    local m f
    rm -rf "$W/rd" && mkdir -p "$W"/rd/{bin,lib/modules,proc,sys,dev,tmp,host,lower,upper}
    cp /bin/busybox "$W/rd/bin/busybox"
    for m in kvm_amd kvm_intel virtio_pci 9pnet_virtio 9p overlay; do
        modprobe -d "$W/kroot" -S "$KVER" --show-depends "$m" | awk '$1 == "insmod" { print $2 }'
    done | awk '!seen[$0]++' | while read -r f; do
        cp "$f" "$W/rd/lib/modules/"
        basename "$f" | sed 's/\.ko.*//' >> "$W/rd/lib/modules/order"
    done
    for f in "$W"/rd/lib/modules/*.ko.xz; do [ -e "$f" ] && xz -d "$f"; done
    for f in "$W"/rd/lib/modules/*.ko.zst; do [ -e "$f" ] && zstd -q -d --rm "$f"; done
    install -m 755 "$HERE/guest-init" "$W/rd/init"
    mkdir -p "$W/rd/suite" && install -m 755 "$HERE/guest-suite.sh" "$W/rd/suite/guest-suite"
    cp -r "$HERE/expected-on-hardware" "$W/rd/suite/"
    # the test-bed check guest-suite.sh runs before the samples (STI's interrupt shadow across a VM exit)
    if nasm -f bin -o "$W/rd/suite/sti-hlt-shadow.bin" "$HERE/sti-hlt-shadow.asm"; then
        cp "$HERE/sti-hlt-shadow.yaml" "$W/rd/suite/"
    else
        nest_log "cannot assemble sti-hlt-shadow.asm (nasm): the STI-shadow check is skipped"
    fi
    gcc -O2 -static -o "$W/rd/suite/exit-loop-ref" "$HERE/exit-loop-ref.c" \
        || nest_log "cannot build exit-loop-ref.c: the exit-loop comparison is skipped"
}

nest_cpio() { # DIR OUT
    (cd "$1" && find . | cpio -o -H newc --quiet | gzip -1) > "$2"
}

# The project's jar and compiled tests, the KVM tests' class path ($PROJECT/kvm-native/target/nested-classpath.txt,
# host paths) and the test launcher. NEST_SKIP_BUILD=1 uses what `mvn verify` or `mvn package` left.
nest_project() {
    local cp="$PROJECT/kvm-native/target/nested-classpath.txt" engine launcher version
    if [ "${NEST_SKIP_BUILD:-}" != 1 ]; then
        nest_log "building the project (mvn -DskipTests package)"
        (cd "$PROJECT" && mvn -B -q -DskipTests package) >&2 || return 1
    fi
    [ -f "$PROJECT/app/target/kvm-workbench.jar" ] && [ -d "$PROJECT/kvm-native/target/test-classes" ] \
        || { nest_log "no app/target/kvm-workbench.jar or kvm-native/target/test-classes: build the project first"; return 1; }
    # test-compile in the same session makes Maven resolve core to its fresh build, never an older copy in ~/.m2
    (cd "$PROJECT" && mvn -B -q -pl kvm-native -am test-compile \
        org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$cp.deps") >&2 || return 1
    { tr ':' '\n' < "$cp.deps"; echo; } | grep -v '^$' > "$cp.list"
    engine="$(grep -m1 '/junit-platform-engine-' "$cp.list")"
    version="$(basename "$(dirname "$engine")")"
    launcher="$(dirname "$(dirname "$(dirname "$engine")")")/junit-platform-launcher/$version/junit-platform-launcher-$version.jar"
    if [ ! -f "$launcher" ]; then
        (cd "$PROJECT" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get -Dartifact="org.junit.platform:junit-platform-launcher:$version") >&2 \
            || { nest_log "no junit-platform-launcher $version"; return 1; }
    fi
    mkdir -p "$PROJECT/kvm-native/target/nested-launcher"
    { echo "$PROJECT/kvm-native/target/test-classes"; echo "$PROJECT/kvm-native/target/classes"; cat "$cp.list";
      echo "$launcher"; echo "$PROJECT/kvm-native/target/nested-launcher"; } | paste -sd: > "$cp"
    javac -d "$PROJECT/kvm-native/target/nested-launcher" -cp "$(cat "$cp")" "$HERE/NestedTests.java" || return 1
    rm -f "$cp.deps" "$cp.list"
}
