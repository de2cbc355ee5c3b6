; The entry points of the IDT: one small stub per vector (0-31 CPU exceptions, 32-47 PIC interrupts) that pushes
; the vector (and a zero when the CPU pushes no error code), then a common path that saves every general register
; and the SSE state (ILC's code uses SSE, and an interrupt may arrive in the middle of it; for an interrupt from
; ring 3 the signal code reads and rewrites that image, UserMode.FpStateOf), calls the C# dispatcher
; interrupt_dispatch(InterruptFrame*) (Arch/X64/InterruptDispatcher.cs) and returns with iretq. An interrupt or
; fault from ring 3 arrives on the thread's kernel stack (TSS.RSP0) and swaps GS to the per-CPU area on the way in and
; back on the way out (Arch/X64/UserMode.cs).
bits 64
section .text
extern interrupt_dispatch
global interrupt_stub_table

%macro STUB_WITHOUT_ERROR_CODE 1
interrupt_stub_%1:
    push 0
    push %1
    jmp interrupt_common
%endmacro

%macro STUB_WITH_ERROR_CODE 1
interrupt_stub_%1:
    push %1
    jmp interrupt_common
%endmacro

%assign vector 0
%rep 48
%if vector = 8 || vector = 10 || vector = 11 || vector = 12 || vector = 13 || vector = 14 || vector = 17 || vector = 21 || vector = 29 || vector = 30
    STUB_WITH_ERROR_CODE vector
%else
    STUB_WITHOUT_ERROR_CODE vector
%endif
%assign vector vector + 1
%endrep

interrupt_common:
    test qword [rsp + 24], 3    ; CS of the interrupted code: from ring 3, GS becomes the kernel's
    jz .from_kernel
    swapgs
.from_kernel:
    push rax
    push rbx
    push rcx
    push rdx
    push rsi
    push rdi
    push rbp
    push r8
    push r9
    push r10
    push r11
    push r12
    push r13
    push r14
    push r15
    mov rbx, rsp                ; rbx: the InterruptFrame, callee-saved across the call
    sub rsp, 512
    and rsp, -16
    fxsave [rsp]
    cld
    mov rdi, rbx
    call interrupt_dispatch
    fxrstor [rsp]
    mov rsp, rbx
    pop r15
    pop r14
    pop r13
    pop r12
    pop r11
    pop r10
    pop r9
    pop r8
    pop rbp
    pop rdi
    pop rsi
    pop rdx
    pop rcx
    pop rbx
    pop rax
    add rsp, 16                 ; vector and error code
    test qword [rsp + 8], 3     ; back to ring 3: GS becomes the program's again
    jz .to_kernel
    swapgs
.to_kernel:
    iretq

section .rodata
align 8
interrupt_stub_table:
%assign vector 0
%rep 48
    dq interrupt_stub_%+vector
%assign vector vector + 1
%endrep
