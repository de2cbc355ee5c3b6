; The 32-bit entry at 1 MiB, reached from the loader's entry (LowEntry.asm, which holds the Multiboot header, checks
; the CPU and the RAM and moves the kernel here) with the loader's EAX and EBX. It builds the boot page tables, enters
; 64-bit long mode with SSE enabled (ILC's code uses SSE), loads a GDT with a TSS (so a double fault runs on its own
; stack instead of triple-faulting) and calls the C# entry, kernel_main(magic, multiboot information, boot layout),
; with the SysV x64 calling convention.
;
; Paging: physical memory 0 .. IDENTITY_MAP_GIB GiB is identity-mapped with 2 MiB pages, except the first 2 MiB,
; which use 4 KiB pages so that frame 0 (0 .. 4 KiB) can stay unmapped: a null dereference then faults. The page
; below the boot stack is unmapped too (a guard page), so a stack overflow faults as well.

IDENTITY_MAP_GIB       equ 64                  ; one page directory (4 KiB) per GiB
BOOT_STACK_BYTES       equ 64 * 1024
BOOT_ARENA_BYTES       equ 256 * 1024          ; managed objects made before the kernel heap exists
FAULT_STACK_BYTES      equ 16 * 1024
PAGE_PRESENT_WRITABLE  equ 0x003
PAGE_LARGE             equ 0x080

extern __kernel_start, __kernel_end, __modules_start, __modules_end
extern kernel_main
extern interrupt_stub_table
global multiboot_entry

section .text
bits 32
multiboot_entry:
    cli
    cld
    mov esp, boot_stack_top
    mov edi, eax                               ; Multiboot magic, first C# argument later
    mov esi, ebx                               ; Multiboot information pointer, second argument

    ; The page tables are in .bss, which LowEntry.asm cleared. PML4[0] -> PDPT.
    mov eax, page_directory_pointer_table
    or eax, PAGE_PRESENT_WRITABLE
    mov [page_map_level4], eax

    ; PDPT[i] -> page directory i, one per GiB.
    xor ecx, ecx
.fill_pdpt:
    mov eax, ecx
    shl eax, 12
    add eax, page_directories
    or eax, PAGE_PRESENT_WRITABLE
    mov [page_directory_pointer_table + ecx * 8], eax
    inc ecx
    cmp ecx, IDENTITY_MAP_GIB
    jb .fill_pdpt

    ; Every page directory entry k maps the 2 MiB page at k * 2 MiB (the high dword is k >> 11).
    xor ecx, ecx
.fill_directories:
    mov eax, ecx
    shl eax, 21
    or eax, PAGE_PRESENT_WRITABLE | PAGE_LARGE
    mov [page_directories + ecx * 8], eax
    mov eax, ecx
    shr eax, 11
    mov [page_directories + ecx * 8 + 4], eax
    inc ecx
    cmp ecx, IDENTITY_MAP_GIB * 512
    jb .fill_directories

    ; The first 2 MiB through a page table of 4 KiB pages; entry 0 (frame 0) stays not present.
    mov eax, first_page_table
    or eax, PAGE_PRESENT_WRITABLE
    mov [page_directories], eax
    mov dword [page_directories + 4], 0
    mov ecx, 1
.fill_first_table:
    mov eax, ecx
    shl eax, 12
    or eax, PAGE_PRESENT_WRITABLE
    mov [first_page_table + ecx * 8], eax
    inc ecx
    cmp ecx, 512
    jb .fill_first_table

    ; The page below the boot stack stays unmapped as well: a stack overflow then page-faults, escalates to a double
    ; fault on the fault stack, and panics, instead of silently overwriting the page tables below the stack. The
    ; guard is in the first 2 MiB while the kernel is small; should it not be, the kernel runs without one.
    mov ecx, boot_stack_guard
    cmp ecx, 0x200000
    jae .no_stack_guard
    shr ecx, 12
    mov dword [first_page_table + ecx * 8], 0
.no_stack_guard:

    mov eax, page_map_level4
    mov cr3, eax

    mov eax, cr4
    or eax, (1 << 5) | (1 << 9) | (1 << 10)    ; PAE, OSFXSR (SSE), OSXMMEXCPT
    mov cr4, eax

    mov ecx, 0xC0000080                        ; EFER
    rdmsr
    or eax, 1 << 8                             ; long mode enable
    wrmsr

    mov eax, cr0
    and eax, ~(1 << 2)                         ; no x87 emulation (SSE needs EM clear)
    or eax, (1 << 31) | (1 << 1) | 1           ; paging, monitor coprocessor, protected mode
    mov cr0, eax

    lgdt [gdt64_pointer]
    jmp GDT_CODE:long_mode_entry

bits 64
long_mode_entry:
    mov ax, GDT_DATA
    mov ds, ax
    mov es, ax
    mov ss, ax
    xor eax, eax
    mov fs, ax
    mov gs, ax
    mov rsp, boot_stack_top
    fninit

    ; Fill in the TSS descriptor's base (split over three fields) and load the task register.
    mov rax, task_state_segment
    mov [gdt64 + GDT_TSS + 2], ax
    shr rax, 16
    mov [gdt64 + GDT_TSS + 4], al
    mov [gdt64 + GDT_TSS + 7], ah
    shr rax, 16
    mov [gdt64 + GDT_TSS + 8], eax
    mov ax, GDT_TSS
    ltr ax

    mov edi, edi                               ; zero-extend the two 32-bit arguments
    mov esi, esi
    mov rdx, boot_layout
    call kernel_main
.halt:
    cli
    hlt
    jmp .halt

section .data
align 16
gdt64:
    dq 0                                       ; null
GDT_CODE equ $ - gdt64
    dq 0x00AF9A000000FFFF                      ; 64-bit code, ring 0
GDT_DATA equ $ - gdt64
    dq 0x00CF92000000FFFF                      ; data, ring 0
GDT_TSS equ $ - gdt64
    dw TSS_BYTES - 1                           ; limit
    dw 0                                       ; base 15:0 (filled in at run time)
    db 0                                       ; base 23:16
    db 0x89                                    ; present, 64-bit TSS (available)
    db 0                                       ; limit 19:16, flags
    db 0                                       ; base 31:24
    dd 0                                       ; base 63:32
    dd 0                                       ; reserved
gdt64_end:

gdt64_pointer:
    dw gdt64_end - gdt64 - 1
    dq gdt64

align 16
task_state_segment:
    dd 0                                       ; reserved
    dq 0, 0, 0                                 ; RSP0..RSP2 (no ring changes)
    dq 0                                       ; reserved
    dq fault_stack_top                         ; IST1: double fault, NMI, machine check (InterruptDescriptorTable.cs)
    dq 0, 0, 0, 0, 0, 0                        ; IST2..IST7
    dq 0                                       ; reserved
    dw 0                                       ; reserved
    dw TSS_BYTES                               ; I/O permission bitmap offset: none
TSS_BYTES equ $ - task_state_segment

; What the C# side needs to know about the image (layout matches BootLayout.cs).
align 8
global boot_layout
boot_layout:
    dq __kernel_start
    dq __kernel_end
    dq boot_stack_bottom
    dq boot_stack_top
    dq IDENTITY_MAP_GIB * 1024 * 1024 * 1024
    dq __modules_start
    dq __modules_end
    dq interrupt_stub_table
    dq fault_stack_bottom
    dq fault_stack_top
    dq boot_arena
    dq boot_arena + BOOT_ARENA_BYTES

section .bss
align 4096
page_map_level4:              resb 4096
page_directory_pointer_table: resb 4096
first_page_table:             resb 4096
page_directories:             resb 4096 * IDENTITY_MAP_GIB
align 4096
boot_stack_guard:             resb 4096        ; never mapped (see the page tables above)
boot_stack_bottom:            resb BOOT_STACK_BYTES
boot_stack_top:
fault_stack_bottom:           resb FAULT_STACK_BYTES
fault_stack_top:
align 16
boot_arena:                   resb BOOT_ARENA_BYTES
