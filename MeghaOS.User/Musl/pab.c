/* Reads the physical allocation bitmap (default /dev/pab; docs/pab.md) through read(2), built with musl-gcc
   -static, and prints "used N" and "free N": every 1 bit is a used frame, every 0 bit a free one. The bits past
   the last frame in the last byte read as 1, so without /sys/pmm/stats's total_frames up to 7 more frames count as
   used than the PMM reports (pabstat, the C# program, reads total_frames and agrees exactly). Usage: musl-pab [FILE]. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "/dev/pab";
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "musl-pab: %s: %s\n", path, strerror(errno));
        return 1;
    }
    unsigned char buffer[4096];
    unsigned long long used = 0, total = 0;
    for (;;) {
        ssize_t count = read(fd, buffer, sizeof buffer);
        if (count < 0) {
            fprintf(stderr, "musl-pab: %s: %s\n", path, strerror(errno));
            return 1;
        }
        if (count == 0)
            break;
        for (ssize_t i = 0; i < count; i++)
            used += (unsigned)__builtin_popcount(buffer[i]);
        total += 8ULL * (unsigned long long)count;
    }
    close(fd);
    printf("used %llu\nfree %llu\n", used, total - used);
    return 0;
}
