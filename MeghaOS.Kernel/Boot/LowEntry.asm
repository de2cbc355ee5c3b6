; The code that runs where the loader puts the image, below 1 MiB: the Multiboot header and the first instructions.
; It runs before anything that needs the machine the kernel needs, so it can say what is missing instead of
; triple-faulting in silence:
; - the CPU (CPUID, as Linux's verify_cpu does): long mode, and everything the kernel's code uses without asking
;   (FPU, MSR, PAE, CX8, CMOV, FXSR, SSE, SSE2), each missing one named;
; - the RAM: the kernel is loaded at physical 1 MiB and runs up to __kernel_end (its zero-filled area: page tables, stacks,
;   boot arena), so usable RAM must reach from 1 MiB to there, with no reserved entry of the memory map in between
;   (QEMU reserves the top 128 KiB of RAM; GRUB's cutmem makes holes).
; A missing piece is printed on COM1 and on the VGA screen ("MeghaOS needs at least N KiB of RAM; this machine has M")
; and the CPU halts. Otherwise boot modules in the kernel's way are moved above it, the kernel is copied from where
; the loader put it to 1 MiB, its zero-filled area is
; cleared (the loader clears nothing: bss_end_addr is the load end) and multiboot_entry (Start.asm) runs with the
; loader's EAX and EBX. The image is linked so (Boot/linker.ld): this section runs at its load address, the rest is
; loaded right after it, copied to 1 MiB and linked in the higher half (at 0xFFFFFFFF80000000 + 1 MiB).

MULTIBOOT_MAGIC        equ 0x1BADB002
MULTIBOOT_FLAGS        equ 0x00010007          ; bit 0 align modules, bit 1 memory map, bit 2 video mode, bit 16 address fields
LOADER_MAGIC           equ 0x2BADB002          ; what a Multiboot loader leaves in EAX
INFO_FLAG_MEMORY       equ 1 << 0              ; mem_lower / mem_upper valid
INFO_FLAG_MEMORY_MAP   equ 1 << 6              ; mmap_length / mmap_addr valid
ONE_MIB                equ 0x100000
COM1                   equ 0x3F8
VGA_TEXT               equ 0xB8000
VGA_CELLS              equ 80 * 25
VGA_BLANK              equ 0x0720              ; light grey on black, space
VGA_MESSAGE            equ 0x4F00              ; white on red, as a kernel panic
EFLAGS_ID              equ 1 << 21             ; writable only when the CPU has CPUID

; CPUID leaf 1, EDX, and leaf 0x8000_0001, EDX: the features the kernel needs (see the table below).
FEATURE_FPU            equ 1 << 0
FEATURE_MSR            equ 1 << 5
FEATURE_PAE            equ 1 << 6
FEATURE_CX8            equ 1 << 8
FEATURE_CMOV           equ 1 << 15
FEATURE_FXSR           equ 1 << 24
FEATURE_SSE            equ 1 << 25
FEATURE_SSE2           equ 1 << 26
FEATURE_LM             equ 1 << 29

; The kernel's own symbols are linked in the higher half; this 32-bit code uses their physical twins (Boot/linker.ld).
extern __kernel_physical_start, __load_physical_end, __kernel_physical_end, __kernel_load, __kernel_load_end
extern __multiboot_entry_physical
global low_entry

section .multiboot progbits alloc exec write align=4
bits 32
multiboot_header:
    dd MULTIBOOT_MAGIC
    dd MULTIBOOT_FLAGS
    dd -(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)
    ; The address fields (flag bit 16): the image is loaded from its first byte, this header, to __kernel_load_end
    ; (the kernel's load address, not its link address); nothing is zeroed by the loader.
    dd multiboot_header                        ; header_addr
    dd multiboot_header                        ; load_addr
    dd __kernel_load_end                       ; load_end_addr
    dd __kernel_load_end                       ; bss_end_addr
    dd low_entry                               ; entry_addr
    ; The video fields (flag bit 2): a linear framebuffer of 1024x768 at 32 bits per pixel is preferred. GRUB under
    ; UEFI always sets one up; under BIOS grub.cfg keeps the text mode (gfxpayload=text) unless console=fb is chosen.
    ; QEMU's -kernel loader ignores them (the kernel then finds no framebuffer and uses the VGA text screen).
    dd 0                                       ; mode_type: linear graphics
    dd 1024                                    ; width
    dd 768                                     ; height
    dd 32                                      ; depth

section .boot progbits alloc exec write align=16
low_entry:
    cli
    cld
    mov esp, low_stack_top
    mov [loader_magic], eax
    mov [loader_information], ebx

    call check_cpu                             ; returns only when the CPU has everything
    cmp dword [loader_magic], LOADER_MAGIC
    jne .move                                  ; no information to check: kernel_main names the bad magic
    call check_ram                             ; returns only when the kernel fits
    call relocate_modules                      ; modules out of the kernel's way

.move:
    ; The kernel to physical 1 MiB (the two ranges never overlap: the image is loaded below 1 MiB).
    mov esi, __kernel_load
    mov edi, __kernel_physical_start
    mov ecx, __load_physical_end
    sub ecx, __kernel_physical_start
    rep movsb
    ; Its zero-filled area: page tables, stacks, boot arena, static fields.
    mov edi, __load_physical_end
    mov ecx, __kernel_physical_end
    sub ecx, __load_physical_end
    xor eax, eax
    rep stosb
    mov eax, [loader_magic]
    mov ebx, [loader_information]
    mov ecx, __multiboot_entry_physical
    jmp ecx

; ---------------------------------------------------------------------------------------------------------------
; Boot modules (the initial ramdisk) the loader put where the kernel is about to be copied, [__kernel_physical_start,
; __kernel_physical_end) (GRUB sees only the low image, so it may choose 1 MiB), are moved above the kernel's end and above
; every module's end, and their table entries updated, so the copy below leaves them whole. A module that would not
; fit below ram_top (RAM contiguous from 1 MiB) stays where it is: the kernel then finds it damaged and says so.
MAX_RELOCATED_MODULES  equ 16
relocate_modules:
    mov ebx, [loader_information]
    test dword [ebx], 1 << 3                   ; mods_count / mods_addr valid
    jz .done
    mov ecx, [ebx + 20]                        ; mods_count
    cmp ecx, MAX_RELOCATED_MODULES
    jbe .counted
    mov ecx, MAX_RELOCATED_MODULES
.counted:
    mov [module_count], ecx
    mov esi, [ebx + 24]                        ; mods_addr: 16 bytes per module (start, end, string, reserved)
    mov [module_table], esi
    ; EDI: an address above the kernel, every module and the loader's structures (the information, the memory map,
    ; the module table, the command line and module strings with 4 KiB for each string), where nothing is overwritten.
    mov edi, __kernel_physical_end
    mov eax, ebx                               ; the information structure's end
    add eax, 120
    call .raise
    mov eax, [ebx + 48]                        ; mmap_addr + mmap_length
    add eax, [ebx + 44]
    call .raise
    mov eax, ecx                               ; the module table's end
    shl eax, 4
    add eax, esi
    call .raise
    test dword [ebx], 1 << 2                   ; the command line
    jz .highest
    mov eax, [ebx + 16]
    add eax, 0x1000
    call .raise
.highest:
    test ecx, ecx
    jz .aligned
    mov eax, [esi + 4]                         ; the module's end
    call .raise
    mov eax, [esi + 8]                         ; its string
    add eax, 0x1000
    call .raise
    add esi, 16
    dec ecx
    jmp .highest
.raise:                                        ; EDI = max(EDI, EAX); an address that wrapped counts as the top
    jnc .compare
    mov eax, 0xFFFFF000
.compare:
    cmp eax, edi
    jbe .raised
    mov edi, eax
.raised:
    ret
.aligned:
    add edi, 0xFFF
    and edi, ~0xFFF
    mov ebx, [module_table]
    mov edx, [module_count]
.each:
    test edx, edx
    jz .done
    mov esi, [ebx]                             ; mod_start
    mov ecx, [ebx + 4]                         ; mod_end
    cmp ecx, __kernel_physical_start
    jbe .next                                  ; ends below the kernel
    cmp esi, __kernel_physical_end
    jae .next                                  ; starts above it
    sub ecx, esi                               ; ECX: the module's length
    jb .next                                   ; end below start: the kernel reports it
    mov eax, edi
    add eax, ecx
    jc .next
    cmp eax, [ram_top]
    ja .next                                   ; no room: left as it is
    mov [ebx], edi
    mov [ebx + 4], eax
    push edi
    rep movsb                                  ; ESI -> EDI: the destination lies wholly above the source
    pop edi
    mov edi, eax
    add edi, 0xFFF
    and edi, ~0xFFF
.next:
    add ebx, 16
    dec edx
    jmp .each
.done:
    ret

; ---------------------------------------------------------------------------------------------------------------
; The CPU: CPUID must exist, and leaf 1 and leaf 0x8000_0001 must report every feature of the table.
check_cpu:
    pushfd
    pop eax
    mov ecx, eax
    xor eax, EFLAGS_ID
    push eax
    popfd
    pushfd
    pop eax
    push ecx
    popfd
    xor eax, ecx
    test eax, EFLAGS_ID
    jz .no_cpuid

    xor eax, eax
    cpuid
    xor edx, edx
    cmp eax, 1
    jb .basic_read
    mov eax, 1
    cpuid
.basic_read:
    mov [basic_features], edx
    mov eax, 0x80000000
    cpuid
    xor edx, edx
    cmp eax, 0x80000001
    jb .extended_read
    mov eax, 0x80000001
    cpuid
.extended_read:
    mov [extended_features], edx

    ; Walk the table: every feature whose bit is clear is missing.
    xor edi, edi                               ; missing features found
    mov ebx, feature_table
.next_feature:
    mov eax, [ebx]                             ; the bit
    test eax, eax
    jz .features_done
    mov edx, [ebx + 4]                         ; 0: leaf 1, 1: leaf 0x8000_0001
    mov ecx, [basic_features]
    test edx, edx
    jz .test_bit
    mov ecx, [extended_features]
.test_bit:
    test ecx, eax
    jnz .present
    test edi, edi
    jnz .name
    call message_begin
    mov esi, text_cpu_lacks
    call print
.name:
    inc edi
    mov esi, text_space
    call print
    mov esi, [ebx + 8]
    call print
.present:
    add ebx, 12
    jmp .next_feature
.features_done:
    test edi, edi
    jnz .halt
    ret
.no_cpuid:
    call message_begin
    mov esi, text_no_cpuid
    call print
.halt:
    jmp halt_with_message

; ---------------------------------------------------------------------------------------------------------------
; The RAM: how far usable RAM reaches from 1 MiB (the memory map's usable entries, joined while they touch, then cut
; at the first reserved entry above 1 MiB; or, without a map, 1 MiB + mem_upper), against __kernel_end.
check_ram:
    mov ebx, [loader_information]
    mov eax, [ebx]
    test eax, INFO_FLAG_MEMORY_MAP
    jnz .from_map
    test eax, INFO_FLAG_MEMORY
    jz .fits                                   ; the loader says nothing: the PMM will name what is wrong
    mov eax, [ebx + 8]                         ; mem_upper, KiB from 1 MiB to the first hole
    cmp eax, (0xFFFFFFFF - ONE_MIB) >> 10
    jbe .upper_in_range
    mov eax, (0xFFFFFFFF - ONE_MIB) >> 10
.upper_in_range:
    shl eax, 10
    add eax, ONE_MIB
    mov [ram_top], eax
    jmp .compare

.from_map:
    mov dword [ram_top], ONE_MIB
.extend:                                       ; a usable entry holding ram_top moves it to the entry's end
    call first_entry
.extend_next:
    call next_entry                            ; ESI: the entry, EAX: base, EDX: end (capped below 4 GiB); CF: done
    jc .cut
    cmp dword [esi + 20], 1
    jne .extend_next
    mov ecx, [ram_top]
    cmp eax, ecx
    ja .extend_next
    cmp edx, ecx
    jbe .extend_next
    mov [ram_top], edx
    jmp .extend                                ; the map is not sorted: start again from the top

.cut:                                          ; reserved wins: a non-usable entry ends the RAM where it begins
    call first_entry
.cut_next:
    call next_entry
    jc .compare
    cmp dword [esi + 20], 1
    je .cut_next
    cmp edx, ONE_MIB
    jbe .cut_next
    cmp eax, [ram_top]
    jae .cut_next
    cmp eax, ONE_MIB
    jae .cut_here
    mov eax, ONE_MIB
.cut_here:
    mov [ram_top], eax
    jmp .cut_next

.compare:
    cmp dword [ram_top], __kernel_physical_end
    jae .fits
    call message_begin
    mov esi, text_ram_needs
    call print
    mov eax, __kernel_physical_end
    shr eax, 10
    call print_decimal
    mov esi, text_ram_has
    call print
    mov eax, [ram_top]
    shr eax, 10
    call print_decimal
    mov esi, text_ram_kib
    call print
    mov eax, __kernel_physical_end
    shr eax, 10
    call print_decimal
    mov esi, text_ram_ends
    call print
    mov eax, [ram_top]
    shr eax, 10
    call print_decimal
    mov esi, text_ram_close
    call print
    jmp halt_with_message
.fits:
    ret

; The memory map walk. first_entry sets the cursor; next_entry returns the next whole entry below 4 GiB in ESI with
; its base in EAX and its end in EDX (above 4 GiB: 0xFFFFF000), or CF set when the map is done.
first_entry:
    mov ebx, [loader_information]
    mov eax, [ebx + 48]                        ; mmap_addr
    mov [map_cursor], eax
    add eax, [ebx + 44]                        ; mmap_length
    mov [map_end], eax
    ret

next_entry:
    mov esi, [map_cursor]
    mov eax, esi
    add eax, 24
    jc .done
    cmp eax, [map_end]
    ja .done
    mov eax, [esi]                             ; the entry's size field, not counting itself
    cmp eax, 20
    jb .done                                   ; malformed: the kernel reports it
    lea eax, [esi + eax + 4]
    mov [map_cursor], eax
    cmp dword [esi + 8], 0
    jne next_entry                             ; based above 4 GiB: irrelevant below 1 MiB + 4 GiB
    mov eax, [esi + 4]
    mov edx, [esi + 12]
    add edx, eax
    jc .capped
    cmp dword [esi + 16], 0
    jne .capped
    clc
    ret
.capped:
    mov edx, 0xFFFFF000
    clc
    ret
.done:
    stc
    ret

; ---------------------------------------------------------------------------------------------------------------
; Output on COM1 (polled, as the kernel sets it up) and on the VGA screen (cleared, then line by line in the panic
; colours).
message_begin:
    push eax
    push ecx
    push edx
    push edi
    mov dx, COM1 + 1
    xor al, al
    out dx, al                                 ; no interrupts
    mov dx, COM1 + 3
    mov al, 0x80
    out dx, al                                 ; DLAB on
    mov dx, COM1
    mov al, 1
    out dx, al                                 ; 115200 baud
    mov dx, COM1 + 1
    xor al, al
    out dx, al
    mov dx, COM1 + 3
    mov al, 0x03
    out dx, al                                 ; 8N1
    mov dx, COM1 + 2
    mov al, 0xC7
    out dx, al                                 ; FIFOs on
    mov dx, COM1 + 4
    mov al, 0x03
    out dx, al                                 ; DTR, RTS
    mov edi, VGA_TEXT
    mov ecx, VGA_CELLS
    mov ax, VGA_BLANK
    rep stosw
    mov dword [vga_cell], 0
    pop edi
    pop edx
    pop ecx
    pop eax
    ret

; Prints the NUL-terminated string at ESI; '\n' starts a new screen line (CR LF on serial).
print:
    push eax
.next:
    lodsb
    test al, al
    jz .done
    call print_character
    jmp .next
.done:
    pop eax
    ret

print_character:
    push ecx
    push edx
    cmp al, 10
    jne .serial
    push eax
    mov al, 13
    call serial_byte
    pop eax
.serial:
    call serial_byte
    mov ecx, [vga_cell]
    cmp al, 10
    jne .cell
    add ecx, 80                                ; the start of the next line
    mov eax, ecx
    xor edx, edx
    push ecx
    mov ecx, 80
    div ecx
    pop ecx
    sub ecx, edx
    jmp .moved
.cell:
    cmp ecx, VGA_CELLS
    jae .moved                                 ; the screen is full: serial only
    movzx edx, al
    or edx, VGA_MESSAGE
    mov [VGA_TEXT + ecx * 2], dx
    inc ecx
.moved:
    mov [vga_cell], ecx
    pop edx
    pop ecx
    ret

; Sends AL to COM1, waiting (a bounded time: there may be no UART) for room in the transmitter.
serial_byte:
    push eax
    push ecx
    push edx
    mov ah, al
    mov ecx, 100000
    mov dx, COM1 + 5
.wait:
    in al, dx
    test al, 0x20
    jnz .send
    loop .wait
.send:
    mov dx, COM1
    mov al, ah
    out dx, al
    pop edx
    pop ecx
    pop eax
    ret

; Prints EAX in decimal.
print_decimal:
    push eax
    push ecx
    push edx
    push esi
    mov esi, decimal_end
    mov byte [esi], 0
    mov ecx, 10
.digit:
    xor edx, edx
    div ecx
    add dl, '0'
    dec esi
    mov [esi], dl
    test eax, eax
    jnz .digit
    call print
    pop esi
    pop edx
    pop ecx
    pop eax
    ret

halt_with_message:
    mov esi, text_halted
    call print
.halt:
    cli
    hlt
    jmp .halt

; ---------------------------------------------------------------------------------------------------------------
align 4
; What the kernel needs of the CPU: bit, CPUID leaf (0: 1, 1: 0x8000_0001), name as Linux's /proc/cpuinfo spells it.
feature_table:
    dd FEATURE_FPU, 0, name_fpu
    dd FEATURE_MSR, 0, name_msr
    dd FEATURE_PAE, 0, name_pae
    dd FEATURE_CX8, 0, name_cx8
    dd FEATURE_CMOV, 0, name_cmov
    dd FEATURE_FXSR, 0, name_fxsr
    dd FEATURE_SSE, 0, name_sse
    dd FEATURE_SSE2, 0, name_sse2
    dd FEATURE_LM, 1, name_lm
    dd 0

name_fpu:        db "fpu", 0
name_msr:        db "msr", 0
name_pae:        db "pae", 0
name_cx8:        db "cx8", 0
name_cmov:       db "cmov", 0
name_fxsr:       db "fxsr", 0
name_sse:        db "sse", 0
name_sse2:       db "sse2", 0
name_lm:         db "lm", 0
text_space:      db " ", 0
text_cpu_lacks:  db "MeghaOS needs an x86-64 CPU; this CPU lacks:", 0
text_no_cpuid:   db "MeghaOS needs an x86-64 CPU; this CPU has no CPUID instruction", 0
text_ram_needs:  db "MeghaOS needs at least ", 0
text_ram_has:    db " KiB of RAM; this machine has ", 0
text_ram_kib:    db " KiB", 10, "(the kernel must lie in usable RAM from 1024 KiB to ", 0
text_ram_ends:   db " KiB; usable RAM from 1024 KiB ends at ", 0
text_ram_close:  db " KiB)", 0
text_halted:     db 10, "System halted.", 10, 0

align 4
loader_magic:       dd 0
loader_information: dd 0
basic_features:     dd 0
extended_features:  dd 0
ram_top:            dd 0
map_cursor:         dd 0
module_table:       dd 0
module_count:       dd 0
map_end:            dd 0
vga_cell:           dd 0
decimal_digits:     times 11 db 0
decimal_end:        db 0

align 16
low_stack:          times 1024 db 0
low_stack_top:
