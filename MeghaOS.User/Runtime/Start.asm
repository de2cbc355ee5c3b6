; The first instructions of every MeghaOS user program, and the one instruction that talks to the kernel. The kernel
; (or Linux: the programs use its ABI, so they run on the build host too) enters _start with the System V initial
; stack: [rsp] = argc, then argv[0..argc-1], NULL, envp..., NULL, auxv pairs, AT_NULL. _start hands that stack to
; the runtime (StartupCodeHelpers.cs: module set-up, allocator, argv/envp/auxv), calls ILC's __managed__Main (which calls
; the program's Main) and ends the process with Main's return value.
bits 64
default rel
section .text
global _start, user_syscall6
extern MeghaOSUserStartup, __managed__Main, __start___modules, __stop___modules

_start:
    xor ebp, ebp                    ; end of the frame chain for debuggers
    mov r12, rsp                    ; the initial stack (callee-saved across the calls below)
    and rsp, -16                    ; the ABI wants 16-byte alignment at each call
    mov rdi, r12
    lea rsi, [__start___modules]    ; ILC's module header pointers (GNU ld names the section's bounds)
    lea rdx, [__stop___modules]
    call MeghaOSUserStartup
    mov edi, [r12]                  ; argc
    lea rsi, [r12 + 8]              ; argv
    call __managed__Main
    mov edi, eax                    ; Main's return value is the exit status
    mov eax, 231                    ; exit_group
    syscall
    hlt                             ; not reached: exit_group does not return

; long user_syscall6(long number, long a1, long a2, long a3, long a4, long a5, long a6)
; The System V call passes number..a5 in rdi, rsi, rdx, rcx, r8, r9 and a6 on the stack; the Linux system call
; wants the number in rax and the arguments in rdi, rsi, rdx, r10, r8, r9. The result (or -errno) is in rax;
; syscall clobbers rcx and r11, which the caller does not expect preserved.
user_syscall6:
    mov rax, rdi
    mov rdi, rsi
    mov rsi, rdx
    mov rdx, rcx
    mov r10, r8
    mov r8, r9
    mov r9, [rsp + 8]
    syscall
    ret

section .note.GNU-stack noalloc noexec nowrite progbits
