; Instructions C# cannot express: port I/O, control registers, the IDT register, interrupts on/off, halt.
; Each is a tiny SysV x64 function (arguments in rdi, rsi) that C# reaches through [RuntimeImport] (Arch/X64/Cpu.cs).
bits 64
section .text

global cpu_out8, cpu_out16, cpu_out32, cpu_in8, cpu_in16, cpu_in32
global cpu_load_idt, cpu_read_cr2, cpu_read_cr3
global cpu_enable_interrupts, cpu_disable_interrupts, cpu_wait_for_interrupt, cpu_halt_forever, cpu_read_timestamp
global cpu_cpuid_edx, cpu_save_and_disable_interrupts, cpu_invalidate_page

cpu_out8:                   ; (ushort port, byte value)
    mov edx, edi
    mov eax, esi
    out dx, al
    ret
cpu_out16:
    mov edx, edi
    mov eax, esi
    out dx, ax
    ret
cpu_out32:
    mov edx, edi
    mov eax, esi
    out dx, eax
    ret
cpu_in8:                    ; byte (ushort port)
    mov edx, edi
    xor eax, eax
    in al, dx
    ret
cpu_in16:
    mov edx, edi
    xor eax, eax
    in ax, dx
    ret
cpu_in32:
    mov edx, edi
    in eax, dx
    ret
cpu_load_idt:               ; (void* idtr: 2-byte limit, 8-byte base)
    lidt [rdi]
    ret
cpu_read_cr2:               ; the faulting address of the last page fault
    mov rax, cr2
    ret
cpu_read_cr3:
    mov rax, cr3
    ret
cpu_enable_interrupts:
    sti
    ret
cpu_disable_interrupts:
    cli
    ret
cpu_wait_for_interrupt:     ; sti takes effect after the next instruction, so no interrupt slips in before hlt
    sti
    hlt
    ret
cpu_halt_forever:           ; the end of a panic: interrupts off, halt for good
    cli
.again:
    hlt
    jmp .again
cpu_read_timestamp:
    rdtsc
    shl rdx, 32
    or rax, rdx
    ret
cpu_cpuid_edx:              ; edi = leaf; returns the leaf's EDX feature bits (rbx is callee-saved and cpuid writes it)
    push rbx
    mov eax, edi
    xor ecx, ecx
    cpuid
    mov eax, edx
    pop rbx
    ret
cpu_save_and_disable_interrupts: ; returns 1 when interrupts were on (RFLAGS.IF), then turns them off
    pushfq
    pop rax
    cli
    shr rax, 9
    and eax, 1
    ret
cpu_invalidate_page:        ; (ulong address) drops the TLB entry of the page holding the address
    invlpg [rdi]
    ret
