/* Hostile programs for MeghaOS's tests (issue 10): each case, named by the first argument, tries one thing a user
   program must not be able to do, or feeds the kernel bad input. The kernel must end the program with its one-line
   message (a fault) or refuse the call with -errno, and go on; every frame comes back when the program ends.
   Cases that expect an error print "CASE: errno N (NAME)" and exit 0 when the kernel refused as Linux would, 1
   otherwise; cases that must fault print nothing after the fault (reaching the next line prints "not stopped"). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define KERNEL_ADDRESS ((void *)0xFFFFFFFF80100000ull)
#define DIRECT_MAP ((void *)0xFFFF800000000000ull)
#define UNMAPPED ((void *)0x00007F0000000000ull)

static int expect(const char *name, long result, int wanted)
{
    if (result == -1 && errno == wanted) {
        printf("%s: errno %d (%s)\n", name, errno, strerror(errno));
        return 0;
    }
    printf("%s: expected errno %d, got result %ld errno %d\n", name, wanted, result, result == -1 ? errno : 0);
    return 1;
}

static int not_stopped(const char *name)
{
    printf("%s: not stopped\n", name);
    return 1;
}

/* Recursion without end, unless the stack runs out first (it always does): the depth bound only keeps the compiler
   from calling the recursion infinite. */
static int recurse(unsigned long depth)
{
    volatile char pad[256];
    pad[0] = (char)depth;
    if (depth == ~0ul)
        return 0;
    return recurse(depth + 1) + pad[0];
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: musl-hostile CASE\n");
        return 2;
    }
    const char *c = argv[1];
    char buffer[64] = { 0 };

    if (!strcmp(c, "write-kernel")) { *(volatile int *)KERNEL_ADDRESS = 1; return not_stopped(c); }
    if (!strcmp(c, "read-kernel")) { volatile int v = *(volatile int *)DIRECT_MAP; (void)v; return not_stopped(c); }
    if (!strcmp(c, "jump-kernel")) { ((void (*)(void))KERNEL_ADDRESS)(); return not_stopped(c); }
    if (!strcmp(c, "read-unmapped")) { volatile int v = *(volatile int *)UNMAPPED; (void)v; return not_stopped(c); }
    if (!strcmp(c, "null")) { volatile int v = *(volatile int *)0; (void)v; return not_stopped(c); }
    if (!strcmp(c, "cli")) { __asm__ volatile("cli"); return not_stopped(c); }
    if (!strcmp(c, "hlt")) { __asm__ volatile("hlt"); return not_stopped(c); }
    if (!strcmp(c, "in")) { unsigned char v; __asm__ volatile("inb $0x60, %0" : "=a"(v)); return not_stopped(c); }
    if (!strcmp(c, "out")) { __asm__ volatile("outb %0, $0x80" : : "a"((unsigned char)0)); return not_stopped(c); }
    if (!strcmp(c, "cr3")) { __asm__ volatile("mov %0, %%cr3" : : "r"(0ul)); return not_stopped(c); }
    if (!strcmp(c, "wrmsr")) { __asm__ volatile("wrmsr" : : "c"(0xC0000082u), "a"(0), "d"(0)); return not_stopped(c); }
    if (!strcmp(c, "lgdt")) { static char gdt[10]; __asm__ volatile("lgdt %0" : : "m"(gdt)); return not_stopped(c); }
    if (!strcmp(c, "int3")) { __asm__ volatile("int3"); return not_stopped(c); }
    if (!strcmp(c, "int80")) {
        long r;
        __asm__ volatile("int $0x80" : "=a"(r) : "a"(0xDEADBEEFul), "b"(-1l), "c"(-1l), "d"(-1l) : "memory");
        return not_stopped(c);
    }
    /* Both operands volatile: GCC turns 1 / x into a comparison, with no division to fault. */
    if (!strcmp(c, "divide")) { volatile int one = 1, zero = 0; volatile int v = one / zero; (void)v; return not_stopped(c); }
    if (!strcmp(c, "recursion")) { return recurse(0) ? not_stopped(c) : not_stopped(c); }

    if (!strcmp(c, "read-efault")) { return expect(c, read(0, KERNEL_ADDRESS, 16), EFAULT); }
    if (!strcmp(c, "write-efault")) { return expect(c, write(1, KERNEL_ADDRESS, 16), EFAULT); }
    if (!strcmp(c, "write-unmapped")) { return expect(c, write(1, UNMAPPED, 16), EFAULT); }
    if (!strcmp(c, "open-efault")) { return expect(c, open((const char *)KERNEL_ADDRESS, O_RDONLY), EFAULT); }
    if (!strcmp(c, "execve-efault")) {
        char *args[] = { "x", 0 };
        return expect(c, execve((const char *)KERNEL_ADDRESS, args, 0), EFAULT);
    }
    if (!strcmp(c, "execve-argv-efault")) { return expect(c, execve("/bin/echo", (char **)KERNEL_ADDRESS, 0), EFAULT); }
    if (!strcmp(c, "read-into-kernel")) {
        /* A file's bytes must not land in the kernel: read from /dev/pab into a kernel address. */
        int fd = open("/dev/pab", O_RDONLY);
        if (fd < 0) return expect(c, -1, 0);
        return expect(c, read(fd, KERNEL_ADDRESS, 4096), EFAULT);
    }
    if (!strcmp(c, "huge-write")) { return expect(c, write(1, buffer, (size_t)-1 >> 1), EFAULT); }
    if (!strcmp(c, "huge-read")) {
        int fd = open("/dev/pab", O_RDONLY);
        if (fd < 0) return expect(c, -1, 0);
        return expect(c, read(fd, buffer, (size_t)-1 >> 1), EFAULT);
    }
    if (!strcmp(c, "brk")) {
        /* Grow the break 1 MiB at a time, touching each new page, until the kernel says no: brk then returns the
           old break (Linux's way of refusing; musl's sbrk refuses every growth itself, so call brk directly). */
        char *start = (char *)syscall(SYS_brk, 0), *end = start;
        for (;;) {
            char *wanted = end + (1 << 20);
            char *got = (char *)syscall(SYS_brk, wanted);
            if (got != wanted) break;
            for (char *p = end; p < wanted; p += 4096) *p = 1;
            end = wanted;
        }
        printf("brk: stopped after %lu MiB\n", (unsigned long)(end - start) >> 20);
        return end > start ? 0 : 1;
    }
    if (!strcmp(c, "mmap")) {
        unsigned long total = 0;
        for (;;) {
            char *p = mmap(0, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == MAP_FAILED) break;
            for (int i = 0; i < (1 << 20); i += 4096) p[i] = 1;  /* touch: demand-zero pages count too */
            total += 1 << 20;
        }
        printf("mmap: stopped after %lu MiB, errno %d (%s)\n", total >> 20, errno, strerror(errno));
        return errno == ENOMEM ? 0 : 1;
    }
    if (!strcmp(c, "forkbomb")) {
        /* Fork until refused. Each child blocks reading a pipe whose write end only the parent holds, so all of
           them live until the parent ends; then they read end of file, exit, and init reaps them. */
        int link[2];
        if (pipe(link) != 0) return expect(c, -1, 0);
        int made = 0;
        for (;;) {
            pid_t pid = fork();
            if (pid == 0) { close(link[1]); char b; read(link[0], &b, 1); _exit(0); }
            if (pid < 0) break;
            made++;
        }
        int error = errno;
        printf("forkbomb: refused after %d children, errno %d (%s)\n", made, error, strerror(error));
        return error == EAGAIN ? 0 : 1;
    }
    if (!strcmp(c, "spin")) { printf("spinning\n"); fflush(stdout); for (;;) { } }
    if (!strcmp(c, "enosys")) { return expect(c, syscall(100000), ENOSYS); }
    fprintf(stderr, "musl-hostile: unknown case %s\n", c);
    return 2;
}
