/* A hello world built with musl-gcc -static: a real static Linux program no one here wrote the runtime of, run
   unmodified on MeghaOS (issue 10). Prints one line and exits 0. */
#include <stdio.h>

int main(void)
{
    printf("hello from musl\n");
    return 0;
}
