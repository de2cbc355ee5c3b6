; Switching the CPU from one kernel task to another (Arch/X64/KernelTaskMachine.cs). context_switch saves what the
; System V ABI says a callee must preserve (rbx, rbp, r12-r15, MXCSR and the x87 control word) plus RFLAGS (so a
; task resumes with its own interrupt flag) on the old task's stack, stores that stack pointer, loads the new one and
; restores the same from it. The XMM registers are caller-saved, so a voluntary switch (a call) need not save them;
; a preemption happens inside the interrupt path, whose stub (InterruptStubs.asm) has already saved every register
; and the whole SSE state on the interrupted task's stack.
bits 64
section .text
global context_switch, thread_start_trampoline, thread_start_trampoline_address
extern thread_start

context_switch:                     ; (ulong* saveStackPointer, ulong newStackPointer)
    pushfq
    push rbp
    push rbx
    push r12
    push r13
    push r14
    push r15
    sub rsp, 8
    stmxcsr [rsp]
    fnstcw [rsp + 4]
    mov [rdi], rsp
    mov rsp, rsi
    ldmxcsr [rsp]
    fldcw [rsp + 4]
    add rsp, 8
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbx
    pop rbp
    popfq
    ret

; A new task's first switch "returns" here: its stack was built to look like one context_switch left behind, with
; this address as the return address and interrupts off. thread_start (C#) never returns.
thread_start_trampoline:
    call thread_start
    ud2

thread_start_trampoline_address:    ; the trampoline's address, for the stack of a new task
    lea rax, [rel thread_start_trampoline]
    ret
