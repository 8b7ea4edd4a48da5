// The plain C KVM_RUN loop that issue #17 compares the project's KVM exit loop with: the guest KvmExitBench runs
// (real mode at 0x1000: mov ecx, N; again: out 0x10, al; dec ecx; jnz again; hlt), each OUT a KVM_EXIT_IO that
// goes back into KVM_RUN at once. Prints the median of ROUNDS rounds in ns per exit, as
// "c-exit-loop: N exits, median X ns (min Y)". Usage: exit-loop-ref [N] [ROUNDS]. Built static by the nested hosts.
// ioctls and structs: <linux/kvm.h> (KVM_CREATE_VM, KVM_SET_USER_MEMORY_REGION, KVM_RUN, KVM_EXIT_IO, KVM_EXIT_HLT).
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MEM 0x10000

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

static double round_ns(int kvm, long n) {
    int vm = ioctl(kvm, KVM_CREATE_VM, 0);
    if (vm < 0) die("KVM_CREATE_VM");
    uint8_t *mem = mmap(NULL, MEM, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) die("mmap");
    uint8_t code[] = {0x66, 0xB9, n & 0xFF, (n >> 8) & 0xFF, (n >> 16) & 0xFF, (n >> 24) & 0xFF,
                      0xE6, 0x10, 0x66, 0x49, 0x75, 0xFA, 0xF4};
    memcpy(mem + 0x1000, code, sizeof code);
    struct kvm_userspace_memory_region r = {.slot = 0, .guest_phys_addr = 0, .memory_size = MEM,
                                            .userspace_addr = (uint64_t) (uintptr_t) mem};
    if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &r) < 0) die("KVM_SET_USER_MEMORY_REGION");
    int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
    if (vcpu < 0) die("KVM_CREATE_VCPU");
    int size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    struct kvm_run *run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    if (run == MAP_FAILED) die("mmap kvm_run");
    struct kvm_sregs s;
    if (ioctl(vcpu, KVM_GET_SREGS, &s) < 0) die("KVM_GET_SREGS");
    s.cs.base = 0;
    s.cs.selector = 0;
    if (ioctl(vcpu, KVM_SET_SREGS, &s) < 0) die("KVM_SET_SREGS");
    struct kvm_regs g = {.rip = 0x1000, .rflags = 2};
    if (ioctl(vcpu, KVM_SET_REGS, &g) < 0) die("KVM_SET_REGS");
    // the first exit (page faults, first entry) is not part of the steady state, as in KvmExitBench
    if (ioctl(vcpu, KVM_RUN, 0) < 0 || run->exit_reason != KVM_EXIT_IO) die("first KVM_RUN");
    long exits = 0;
    double start = now_ns();
    for (;;) {
        if (ioctl(vcpu, KVM_RUN, 0) < 0) die("KVM_RUN");
        if (run->exit_reason != KVM_EXIT_IO) break;
        exits++;
    }
    double total = now_ns() - start;
    if (run->exit_reason != KVM_EXIT_HLT) {
        fprintf(stderr, "unexpected exit %u\n", run->exit_reason);
        exit(1);
    }
    munmap(run, size);
    close(vcpu);
    close(vm);
    munmap(mem, MEM);
    return total / exits;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 200000;
    int rounds = argc > 2 ? atoi(argv[2]) : 7;
    if (n < 2 || n > 0x7FFFFFFF || rounds < 1 || rounds > 1000) {
        fprintf(stderr, "usage: exit-loop-ref [N 2..2^31-1] [ROUNDS 1..1000]\n");
        return 2;
    }
    int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm < 0) die("/dev/kvm");
    double *r = calloc(rounds, sizeof *r);
    if (!r) die("calloc");
    for (int i = 0; i < rounds; i++) r[i] = round_ns(kvm, n);
    qsort(r, rounds, sizeof *r, by_value);
    printf("c-exit-loop: %ld exits, median %.1f ns (min %.1f)\n", n, r[rounds / 2], r[0]);
    return 0;
}
