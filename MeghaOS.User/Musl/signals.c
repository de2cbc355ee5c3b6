/* Signal delivery checks for MeghaOS's tests (docs/processes.md, "Signals"): each check installs handlers with
   musl's sigaction (which always sets SA_RESTORER with __restore_rt, so returning from a handler is rt_sigreturn),
   makes the signal happen and prints one line saying what it saw; the end-to-end test compares the lines. A check
   that fails says "FAILED" in its line and makes the exit code 1. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t s_count;
static volatile int s_signo, s_code, s_pid;
static volatile void *s_address;
static sigjmp_buf s_jump;
static int s_failed;
static volatile int *volatile s_null = 0, *volatile s_low = (int *)16; /* opaque to the compiler */

static void check(int ok, const char *line)
{
    printf("%s%s\n", line, ok ? "" : " FAILED");
    s_failed |= !ok;
}

static void on_info(int signo, siginfo_t *info, void *context)
{
    (void)context;
    s_count++;
    s_signo = info->si_signo;
    s_code = info->si_code;
    s_pid = info->si_pid;
}

static void on_count(int signo)
{
    (void)signo;
    s_count++;
}

static void on_fault(int signo, siginfo_t *info, void *context)
{
    (void)context;
    s_signo = signo;
    s_address = info->si_addr;
    siglongjmp(s_jump, 1);
}

static void on_fault_exit(int signo)
{
    _exit(40 + signo);
}

static void install(int signo, void (*handler)(int), void (*action)(int, siginfo_t *, void *), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = flags;
    if (action) {
        sa.sa_sigaction = action;
        sa.sa_flags |= SA_SIGINFO;
    } else {
        sa.sa_handler = handler;
    }
    sigaction(signo, &sa, 0);
}

static void usr1_by_kill(void)
{
    install(SIGUSR1, 0, on_info, 0);
    s_count = 0;
    volatile long kept = 0x1234567890abcdefL; /* a value live across the handler */
    kill(getpid(), SIGUSR1);
    check(s_count == 1 && s_signo == SIGUSR1 && s_code == SI_USER && s_pid == getpid() && kept == 0x1234567890abcdefL,
          "usr1: handler ran once, si_signo SIGUSR1, si_code SI_USER, si_pid self");
    struct sigaction old;
    sigaction(SIGUSR1, 0, &old);
    check(old.sa_sigaction == on_info && (old.sa_flags & SA_SIGINFO), "usr1: sigaction returns the handler installed");
}

static void segv_longjmp(void)
{
    install(SIGSEGV, 0, on_fault, 0);
    s_signo = 0;
    if (sigsetjmp(s_jump, 1) == 0) {
        *s_null = 1;
        check(0, "segv: the null write went on");
        return;
    }
    check(s_signo == SIGSEGV && s_address == 0, "segv: null write caught, si_addr 0, siglongjmp out");
    signal(SIGSEGV, SIG_DFL);
}

static void fault_exit(const char *name, int signo)
{
    pid_t child = fork();
    if (child == 0) {
        signal(signo, on_fault_exit);
        if (signo == SIGSEGV)
            *s_low = 1;
        else
            __asm__ volatile("ud2");
        _exit(1);
    }
    int status = 0;
    waitpid(child, &status, 0);
    char line[96];
    snprintf(line, sizeof line, "%s: handler exited with %d", name, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    check(WIFEXITED(status) && WEXITSTATUS(status) == 40 + signo, line);
}

static void trap_resumes(void)
{
    install(SIGTRAP, on_count, 0, 0);
    s_count = 0;
    __asm__ volatile("int3");
    check(s_count == 1, "trap: int3 handled, execution resumed after it");
}

static void sigint_ignored_then_handled(void)
{
    signal(SIGINT, SIG_IGN);
    kill(getpid(), SIGINT);
    check(1, "sigint: ignored, still running");
    install(SIGINT, on_count, 0, 0);
    s_count = 0;
    kill(getpid(), SIGINT);
    check(s_count == 1, "sigint: handled once");
    signal(SIGINT, SIG_DFL);
}

static void mask_then_unblock(void)
{
    install(SIGUSR2, on_count, 0, 0);
    s_count = 0;
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, &old);
    kill(getpid(), SIGUSR2);
    kill(getpid(), SIGUSR2);
    int while_blocked = s_count;
    sigprocmask(SIG_SETMASK, &old, 0);
    char line[96];
    snprintf(line, sizeof line, "mask: %d while blocked, %d after unblocking", while_blocked, (int)s_count);
    check(while_blocked == 0 && s_count == 1, line);
}

static void on_fp(int signo)
{
    (void)signo;
    unsigned toward_zero = 0x7f80;
    __asm__ volatile("pcmpeqd %%xmm8, %%xmm8\n\tldmxcsr %0" : : "m"(toward_zero) : "xmm8");
    s_count++;
}

static void fp_kept(void)
{
    install(SIGUSR1, on_fp, 0, 0);
    s_count = 0;
    unsigned long in = 0x1122334455667788ul, out;
    unsigned before, after;
    long number = 62; /* kill(getpid(), SIGUSR1) by hand, so that xmm8 stays live across the system call */
    long pid = getpid(), signo = SIGUSR1;
    __asm__ volatile("stmxcsr %0" : "=m"(before));
    __asm__ volatile("movq %[in], %%xmm8\n\tsyscall\n\tmovq %%xmm8, %[out]"
                     : [out] "=r"(out), "+a"(number)
                     : [in] "r"(in), "D"(pid), "S"(signo)
                     : "rcx", "r11", "memory", "xmm8");
    __asm__ volatile("stmxcsr %0" : "=m"(after));
    check(s_count == 1 && out == in && after == before, "fp: xmm8 and MXCSR kept across a handler that changed them");
}

static void raise_and_sigsuspend(void)
{
    install(SIGUSR2, on_count, 0, 0);
    s_count = 0;
    raise(SIGUSR2);
    check(s_count == 1, "raise: handler ran (tkill)");

    install(SIGUSR1, on_count, 0, 0);
    sigset_t usr1, empty, now;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigemptyset(&empty);
    sigprocmask(SIG_BLOCK, &usr1, 0);
    s_count = 0;
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        kill(parent, SIGUSR1);
        _exit(0);
    }
    int result = sigsuspend(&empty); /* the signal, blocked until now, may already be pending */
    int error = errno;
    waitpid(child, 0, 0);
    sigprocmask(SIG_SETMASK, &empty, &now);
    check(result == -1 && error == EINTR && s_count == 1 && sigismember(&now, SIGUSR1),
          "sigsuspend: woke with EINTR after the handler, SIGUSR1 blocked again after");
}

static void read_interrupted(void)
{
    install(SIGUSR1, on_count, 0, 0);
    int fds[2];
    pipe(fds);
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        struct timespec tick = { 0, 20 * 1000 * 1000 };
        for (int i = 0; i < 500; i++) {
            nanosleep(&tick, 0);
            kill(parent, SIGUSR1);
        }
        _exit(0);
    }
    char byte;
    s_count = 0;
    long result = read(fds[0], &byte, 1); /* nothing is ever written: only a signal ends the wait */
    int error = errno;
    kill(child, SIGKILL);
    waitpid(child, 0, 0);
    close(fds[0]);
    close(fds[1]);
    check(result == -1 && error == EINTR && s_count >= 1, "eintr: blocking read returned EINTR after the handler ran");
}

int main(void)
{
    setvbuf(stdout, 0, _IONBF, 0);
    usr1_by_kill();
    segv_longjmp();
    fault_exit("segv-exit", SIGSEGV);
    fault_exit("ill-exit", SIGILL);
    trap_resumes();
    sigint_ignored_then_handled();
    mask_then_unblock();
    fp_kept();
    raise_and_sigsuspend();
    read_interrupted();
    printf("signals: %s\n", s_failed ? "FAILED" : "all passed");
    return s_failed;
}
