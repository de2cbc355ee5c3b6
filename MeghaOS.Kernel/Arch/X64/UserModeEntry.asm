; The doors between ring 3 and the kernel (Arch/X64/UserMode.cs), and the CPU instructions their set-up needs.
;
; syscall_entry is what LSTAR points at. `syscall` leaves the user's RIP in RCX and RFLAGS in R11, clears the flags
; FMASK names (IF among them) and changes nothing else, not even RSP; so the entry swaps GS to the per-CPU area
; (UserMode.cs: kernel stack top at [gs:0], a scratch slot for the user's RSP at [gs:8]), moves to the thread's kernel
; stack, saves every register as a UserRegisters (MeghaOS.Interfaces/Processes/UserRegisters.cs: rax rbx rcx rdx rsi
; rdi rbp r8-r15 rip rflags rsp fsbase, 152 bytes) and the SSE state (fxsave just below it, 16-byte aligned: signal
; delivery saves it into the signal frame and rt_sigreturn rewrites it, UserMode.FpStateOf), turns interrupts on and calls
; user_syscall_dispatch(UserRegisters*). The way back restores every register from that struct, so a handler may
; rewrite any of them (execve sets RIP and RSP, rt_sigreturn all): sysret when RIP is a user address and the saved
; RCX and R11 equal RIP and the cleaned RFLAGS (sysret reloads RIP from RCX and RFLAGS from R11, so it is exact only
; then, as after most system calls), iretq otherwise (and for a thread's first entry, user_enter), which restores
; RCX and R11 too. Either way RFLAGS is cleaned: IF on, IOPL 0, no NT/RF/VM.
;
; Selectors (GlobalDescriptorTable.cs): kernel code 0x08, kernel data 0x10, user data 0x18, user code 0x20.
bits 64
section .text
global syscall_entry, syscall_entry_address, user_enter
global gdt_load, cpu_read_msr, cpu_write_msr, cpu_write_cr3, cpu_read_cr4, cpu_write_cr4, cpu_cpuid_register
extern user_syscall_dispatch

USER_CODE           equ 0x20 | 3
USER_DATA           equ 0x18 | 3
FS_BASE_MSR         equ 0xC0000100
USER_FLAGS_KEPT     equ 0x240DD5        ; CF PF AF ZF SF TF DF OF AC ID: what a program may set
USER_FLAGS_FORCED   equ 0x202           ; IF and the always-one bit
REGISTERS_BYTES     equ 152
USER_END            equ 0x0000800000000000

syscall_entry:
    swapgs
    mov [gs:8], rsp
    mov rsp, [gs:0]
    sub rsp, REGISTERS_BYTES
    mov [rsp + 0], rax
    mov [rsp + 8], rbx
    mov [rsp + 16], rcx
    mov [rsp + 24], rdx
    mov [rsp + 32], rsi
    mov [rsp + 40], rdi
    mov [rsp + 48], rbp
    mov [rsp + 56], r8
    mov [rsp + 64], r9
    mov [rsp + 72], r10
    mov [rsp + 80], r11
    mov [rsp + 88], r12
    mov [rsp + 96], r13
    mov [rsp + 104], r14
    mov [rsp + 112], r15
    mov [rsp + 120], rcx                    ; rip
    mov [rsp + 128], r11                    ; rflags
    mov rax, [gs:8]
    mov [rsp + 136], rax                    ; rsp
    mov ecx, FS_BASE_MSR
    rdmsr
    shl rdx, 32
    or rax, rdx
    mov [rsp + 144], rax                    ; fs base
    mov rbx, rsp                            ; callee-saved: the UserRegisters
    sub rsp, 512
    and rsp, -16
    fxsave [rsp]
    cld
    sti                                     ; a system call may be preempted like any kernel code
    mov rdi, rbx
    call user_syscall_dispatch
    cli
    fxrstor [rsp]
    mov rsp, rbx
    jmp restore_user

user_enter:                                 ; (UserRegisters* rdi) a thread's first entry to ring 3; never returns
    cli
    mov rsp, rdi
    jmp restore_user_iret

; rsp: a UserRegisters; interrupts off, GS is the kernel's.
restore_user:
    mov rcx, [rsp + 120]
    mov rax, USER_END
    cmp rcx, rax
    jae restore_user_iret
    cmp rcx, [rsp + 16]                     ; sysret gives RCX = RIP and R11 = RFLAGS: only exact when they are so
    jne restore_user_iret                   ; (not after rt_sigreturn or a signal frame, which set every register)
    mov r11, [rsp + 128]
    and r11, USER_FLAGS_KEPT
    or r11, USER_FLAGS_FORCED
    cmp r11, [rsp + 80]
    jne restore_user_iret
    call load_fs_base
    mov rcx, [rsp + 120]                    ; rip (load_fs_base used rcx)
    mov r11, [rsp + 128]
    and r11, USER_FLAGS_KEPT
    or r11, USER_FLAGS_FORCED
    mov rax, [rsp + 0]
    mov rbx, [rsp + 8]
    mov rdx, [rsp + 24]
    mov rsi, [rsp + 32]
    mov rdi, [rsp + 40]
    mov rbp, [rsp + 48]
    mov r8, [rsp + 56]
    mov r9, [rsp + 64]
    mov r10, [rsp + 72]
    mov r12, [rsp + 88]
    mov r13, [rsp + 96]
    mov r14, [rsp + 104]
    mov r15, [rsp + 112]
    mov rsp, [rsp + 136]
    swapgs
    o64 sysret

restore_user_iret:
    call load_fs_base
    mov rax, rsp
    push USER_DATA                          ; ss
    push qword [rax + 136]                  ; rsp
    mov r11, [rax + 128]
    and r11, USER_FLAGS_KEPT
    or r11, USER_FLAGS_FORCED
    push r11                                ; rflags
    push USER_CODE                          ; cs
    push qword [rax + 120]                  ; rip
    mov rbx, [rax + 8]
    mov rcx, [rax + 16]
    mov rdx, [rax + 24]
    mov rsi, [rax + 32]
    mov rdi, [rax + 40]
    mov rbp, [rax + 48]
    mov r8, [rax + 56]
    mov r9, [rax + 64]
    mov r10, [rax + 72]
    mov r11, [rax + 80]
    mov r12, [rax + 88]
    mov r13, [rax + 96]
    mov r14, [rax + 104]
    mov r15, [rax + 112]
    mov rax, [rax + 0]
    swapgs
    iretq

load_fs_base:                               ; FS base from the UserRegisters above the return address
    mov eax, [rsp + 8 + 144]
    mov edx, [rsp + 8 + 148]
    mov ecx, FS_BASE_MSR
    wrmsr
    ret

syscall_entry_address:
    lea rax, [rel syscall_entry]
    ret

gdt_load:                                   ; (void* gdtr, ushort tss selector): lgdt, reload every segment, ltr
    lgdt [rdi]
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    xor eax, eax
    mov fs, ax                              ; a null selector keeps FS/GS bases as the MSRs say
    mov gs, ax
    lea rax, [rel .reloaded]
    push 0x08
    push rax
    retfq
.reloaded:
    ltr si
    ret

cpu_read_msr:                               ; ulong (uint msr)
    mov ecx, edi
    rdmsr
    shl rdx, 32
    or rax, rdx
    ret

cpu_write_msr:                              ; (uint msr, ulong value)
    mov ecx, edi
    mov eax, esi
    mov rdx, rsi
    shr rdx, 32
    wrmsr
    ret

cpu_write_cr3:
    mov cr3, rdi
    ret

cpu_read_cr4:
    mov rax, cr4
    ret

cpu_write_cr4:
    mov cr4, rdi
    ret

cpu_cpuid_register:                         ; uint (uint leaf, uint subleaf, int register: 0 eax 1 ebx 2 ecx 3 edx)
    push rbx
    mov r8d, edx
    mov eax, edi
    mov ecx, esi
    cpuid
    cmp r8d, 1
    je .ebx
    cmp r8d, 2
    je .ecx
    cmp r8d, 3
    je .edx
    jmp .done
.ebx:
    mov eax, ebx
    jmp .done
.ecx:
    mov eax, ecx
    jmp .done
.edx:
    mov eax, edx
.done:
    pop rbx
    ret
