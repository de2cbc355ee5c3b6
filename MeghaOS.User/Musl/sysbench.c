/* System-call figures for the README (issue 10), in TSC cycles, built with musl-gcc -static so the figures include
   nothing of MeghaOS's own user runtime: a null system call (getppid), a 4 KiB read of /dev/pab (pread at offset 0),
   a pipe round trip between two processes (one byte there and back), and fork+execve+wait4 of a program that exits
   at once (this program with the argument "exit"). Prints the minimum and the median of each; under QEMU without
   KVM the figures measure emulation, so compare them with each other, not with hardware. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 64

static inline uint64_t cycles(void)
{
    uint32_t low, high;
    __asm__ volatile("lfence; rdtsc" : "=a"(low), "=d"(high));
    return ((uint64_t)high << 32) | low;
}

static int compare(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *name, uint64_t *samples, int count)
{
    qsort(samples, (size_t)count, sizeof samples[0], compare);
    printf("%-22s min %8llu  median %8llu cycles\n", name, (unsigned long long)samples[0],
        (unsigned long long)samples[count / 2]);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "exit"))
        return 0;
    uint64_t samples[ROUNDS];

    for (int i = 0; i < ROUNDS; i++) {
        uint64_t start = cycles();
        syscall(SYS_getppid);
        samples[i] = cycles() - start;
    }
    report("null system call", samples, ROUNDS);

    int pab = open("/dev/pab", O_RDONLY);
    if (pab >= 0) {
        static char page[4096];
        for (int i = 0; i < ROUNDS; i++) {
            uint64_t start = cycles();
            pread(pab, page, sizeof page, 0);
            samples[i] = cycles() - start;
        }
        report("4 KiB read of /dev/pab", samples, ROUNDS);
        close(pab);
    } else {
        printf("4 KiB read of /dev/pab: cannot open /dev/pab\n");
    }

    int there[2], back[2];
    if (pipe(there) == 0 && pipe(back) == 0) {
        pid_t child = fork();
        if (child == 0) {
            char b;
            close(there[1]);
            close(back[0]);
            while (read(there[0], &b, 1) == 1)
                write(back[1], &b, 1);
            _exit(0);
        }
        close(there[0]);
        close(back[1]);
        for (int i = 0; i < ROUNDS; i++) {
            char b = 'x';
            uint64_t start = cycles();
            write(there[1], &b, 1);
            read(back[0], &b, 1);
            samples[i] = cycles() - start;
        }
        close(there[1]);
        waitpid(child, 0, 0);
        report("pipe round trip", samples, ROUNDS);
    }

    int rounds = ROUNDS / 4;
    for (int i = 0; i < rounds; i++) {
        uint64_t start = cycles();
        pid_t child = fork();
        if (child == 0) {
            char *args[] = { argv[0], "exit", 0 };
            execve(argv[0], args, 0);
            _exit(127);
        }
        waitpid(child, 0, 0);
        samples[i] = cycles() - start;
    }
    report("fork+exec+wait", samples, rounds);
    return 0;
}
