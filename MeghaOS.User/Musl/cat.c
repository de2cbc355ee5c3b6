/* cat built with musl-gcc -static: copies each file argument (or standard input) to standard output with plain
   read(2)/write(2), so it exercises open, read, write and close on MeghaOS exactly as Linux defines them. Exit
   status 1 when a file cannot be opened or read. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int copy(int fd, const char *name)
{
    char buffer[4096];
    for (;;) {
        ssize_t count = read(fd, buffer, sizeof buffer);
        if (count == 0)
            return 0;
        if (count < 0) {
            fprintf(stderr, "musl-cat: %s: %s\n", name, strerror(errno));
            return 1;
        }
        for (ssize_t done = 0; done < count;) {
            ssize_t written = write(1, buffer + done, (size_t)(count - done));
            if (written < 0) {
                fprintf(stderr, "musl-cat: write: %s\n", strerror(errno));
                return 1;
            }
            done += written;
        }
    }
}

int main(int argc, char **argv)
{
    int status = 0;
    if (argc < 2)
        return copy(0, "-");
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "musl-cat: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        status |= copy(fd, argv[i]);
        close(fd);
    }
    return status;
}
