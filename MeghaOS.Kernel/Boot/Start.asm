; The 32-bit entry at physical 1 MiB, reached from the loader's entry (LowEntry.asm, which holds the Multiboot header,
; checks the CPU and the RAM and moves the kernel here) with the loader's EAX and EBX. It builds the boot page tables,
; enters 64-bit long mode with SSE enabled (ILC's code uses SSE), jumps to the higher half, drops the temporary
; identity map, loads a GDT with a TSS (so a double fault runs on its own stack instead of triple-faulting) and calls
; the C# entry, kernel_main(magic, physical address of the Multiboot information, boot layout), with the SysV x64
; calling convention.
;
; The image is linked at KERNEL_VIRTUAL_BASE + its physical address (Boot/linker.ld), so the 32-bit code, which runs
; before paging, uses physical addresses: PHYSICAL(symbol). The boot page tables (all in .bss):
; - the kernel image: PML4 slot 511 -> PDPT entry 510 -> one page directory mapping physical 0 .. the image's end at
;   KERNEL_VIRTUAL_BASE, the first 2 MiB through a table of 4 KiB pages so that the page below the boot stack can stay
;   unmapped (a guard page: a stack overflow faults instead of silently overwriting the page tables below it), the
;   rest with 2 MiB pages;
; - the start of the direct map: PML4 slot 256 (0xFFFF800000000000, DIRECT_MAP_BASE) -> physical 0 .. 4 GiB with
;   2 MiB pages, enough for the Multiboot structures (32-bit addresses), the VGA text memory and a framebuffer below
;   4 GiB. Arch/X64/DirectMapTables.cs maps the rest of physical memory before the PMM comes up;
; - a temporary identity map of the same directory as the image (PML4 slot 0) while the code runs at its physical
;   address. It is removed right after the jump to the higher half: from then on the lower half (slots 0..255) is
;   empty, so a stray low pointer (null included) faults and user programs get the whole lower half.

KERNEL_VIRTUAL_BASE    equ 0xFFFFFFFF80000000  ; Boot/linker.ld, Boot/KernelImage.cs
DIRECT_MAP_BASE        equ 0xFFFF800000000000  ; MeghaOS.Memory.DirectMap's offset (Arch/X64/DirectMapTables.cs)
BOOT_DIRECT_MAP_GIB    equ 4                   ; one page directory (4 KiB) per GiB
BOOT_STACK_BYTES       equ 64 * 1024
BOOT_ARENA_BYTES       equ 256 * 1024          ; managed objects made before the kernel heap exists
FAULT_STACK_BYTES      equ 16 * 1024
PAGE_PRESENT_WRITABLE  equ 0x003
PAGE_LARGE             equ 0x080
LARGE_PAGE_BYTES       equ 0x200000

%define PHYSICAL(symbol) ((symbol) - KERNEL_VIRTUAL_BASE)

extern __kernel_start, __kernel_end, __kernel_physical_end, __modules_start, __modules_end
extern kernel_main
extern interrupt_stub_table
global multiboot_entry

section .text
bits 32
multiboot_entry:
    cli
    cld
    mov esp, PHYSICAL(boot_stack_top)
    mov edi, eax                               ; Multiboot magic, first C# argument later
    mov esi, ebx                               ; Multiboot information (physical), second argument

    ; The page tables are in .bss, which LowEntry.asm cleared. PML4[0] (temporary) and PML4[511] -> the image's PDPTs.
    mov eax, PHYSICAL(identity_pdpt)
    or eax, PAGE_PRESENT_WRITABLE
    mov [PHYSICAL(page_map_level4)], eax
    mov eax, PHYSICAL(kernel_pdpt)
    or eax, PAGE_PRESENT_WRITABLE
    mov [PHYSICAL(page_map_level4) + 511 * 8], eax
    mov eax, PHYSICAL(kernel_directory)
    or eax, PAGE_PRESENT_WRITABLE
    mov [PHYSICAL(identity_pdpt)], eax
    mov [PHYSICAL(kernel_pdpt) + 510 * 8], eax

    ; The image's directory: entry 0 -> the table of the first 2 MiB, entries 1.. -> 2 MiB pages up to the image's end.
    mov eax, PHYSICAL(first_page_table)
    or eax, PAGE_PRESENT_WRITABLE
    mov [PHYSICAL(kernel_directory)], eax
    mov ecx, 1
.fill_kernel_directory:
    mov eax, ecx
    shl eax, 21
    cmp eax, __kernel_physical_end
    jae .kernel_directory_done
    or eax, PAGE_PRESENT_WRITABLE | PAGE_LARGE
    mov [PHYSICAL(kernel_directory) + ecx * 8], eax
    inc ecx
    cmp ecx, 512
    jb .fill_kernel_directory
.kernel_directory_done:

    ; The first 2 MiB in 4 KiB pages (frame 0 included: the lower half is unmapped after the jump, which is what
    ; makes a null dereference fault now).
    xor ecx, ecx
.fill_first_table:
    mov eax, ecx
    shl eax, 12
    or eax, PAGE_PRESENT_WRITABLE
    mov [PHYSICAL(first_page_table) + ecx * 8], eax
    inc ecx
    cmp ecx, 512
    jb .fill_first_table

    ; The page below the boot stack stays unmapped at its image address: a stack overflow then page-faults, escalates
    ; to a double fault on the fault stack, and panics. The guard is in the first 2 MiB while the kernel is small;
    ; should it not be, the kernel runs without one.
    mov ecx, PHYSICAL(boot_stack_guard)
    cmp ecx, LARGE_PAGE_BYTES
    jae .no_stack_guard
    shr ecx, 12
    mov dword [PHYSICAL(first_page_table) + ecx * 8], 0
.no_stack_guard:

    ; The direct map's start: PML4[256] -> PDPT, PDPT[i] -> directory i, directory entries -> 2 MiB pages from 0.
    mov eax, PHYSICAL(direct_pdpt)
    or eax, PAGE_PRESENT_WRITABLE
    mov [PHYSICAL(page_map_level4) + 256 * 8], eax
    xor ecx, ecx
.fill_direct_pdpt:
    mov eax, ecx
    shl eax, 12
    add eax, PHYSICAL(direct_directories)
    or eax, PAGE_PRESENT_WRITABLE
    mov [PHYSICAL(direct_pdpt) + ecx * 8], eax
    inc ecx
    cmp ecx, BOOT_DIRECT_MAP_GIB
    jb .fill_direct_pdpt

    ; Entry k maps the 2 MiB page at k * 2 MiB (the high dword is k >> 11).
    xor ecx, ecx
.fill_direct_directories:
    mov eax, ecx
    shl eax, 21
    or eax, PAGE_PRESENT_WRITABLE | PAGE_LARGE
    mov [PHYSICAL(direct_directories) + ecx * 8], eax
    mov eax, ecx
    shr eax, 11
    mov [PHYSICAL(direct_directories) + ecx * 8 + 4], eax
    inc ecx
    cmp ecx, BOOT_DIRECT_MAP_GIB * 512
    jb .fill_direct_directories

    mov eax, PHYSICAL(page_map_level4)
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

    lgdt [PHYSICAL(gdt64_pointer_physical)]
    jmp GDT_CODE:PHYSICAL(long_mode_entry)

bits 64
long_mode_entry:                               ; still at the physical address, through the identity map
    mov rax, higher_half_entry
    jmp rax

higher_half_entry:
    lgdt [gdt64_pointer]                       ; the same GDT at its image address
    mov ax, GDT_DATA
    mov ds, ax
    mov es, ax
    mov ss, ax
    xor eax, eax
    mov fs, ax
    mov gs, ax
    mov rsp, boot_stack_top
    mov qword [page_map_level4], 0             ; the identity map goes: the lower half is empty from here on
    mov rax, PHYSICAL(page_map_level4)
    mov cr3, rax
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

gdt64_pointer:                                 ; for lgdt in 64-bit mode: the image address
    dw gdt64_end - gdt64 - 1
    dq gdt64

gdt64_pointer_physical:                        ; for lgdt in 32-bit mode: the physical address
    dw gdt64_end - gdt64 - 1
    dd PHYSICAL(gdt64)

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
    dq BOOT_DIRECT_MAP_GIB * 1024 * 1024 * 1024
    dq __modules_start
    dq __modules_end
    dq interrupt_stub_table
    dq fault_stack_bottom
    dq fault_stack_top
    dq boot_arena
    dq boot_arena + BOOT_ARENA_BYTES

section .bss
align 4096
global page_map_level4
page_map_level4:              resb 4096
identity_pdpt:                resb 4096
kernel_pdpt:                  resb 4096
kernel_directory:             resb 4096
first_page_table:             resb 4096
direct_pdpt:                  resb 4096
direct_directories:           resb 4096 * BOOT_DIRECT_MAP_GIB
align 4096
boot_stack_guard:             resb 4096        ; never mapped (see the page tables above)
boot_stack_bottom:            resb BOOT_STACK_BYTES
boot_stack_top:
fault_stack_bottom:           resb FAULT_STACK_BYTES
fault_stack_top:
align 16
boot_arena:                   resb BOOT_ARENA_BYTES
