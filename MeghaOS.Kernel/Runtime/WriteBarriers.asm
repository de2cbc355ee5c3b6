; The write barriers ILC's code calls when it stores an object reference. With no garbage collector they are plain
; stores; they are in assembly because the JIT assumes they clobber almost no registers (RhpByRefAssignRef also
; has its own register convention: copy [rsi] to [rdi], then advance both by 8).
bits 64
section .text
global RhpAssignRef, RhpCheckedAssignRef, RhpByRefAssignRef, RhpAssignRefAVLocation, RhpCheckedAssignRefAVLocation

RhpAssignRef:
RhpAssignRefAVLocation:
RhpCheckedAssignRef:
RhpCheckedAssignRefAVLocation:
    mov [rdi], rsi
    ret

RhpByRefAssignRef:
    mov rcx, [rsi]
    mov [rdi], rcx
    add rdi, 8
    add rsi, 8
    ret

; The stack-protector cookie ILC's code checks around stackalloc buffers.
section .data
global __security_cookie
align 8
__security_cookie: dq 0x2B992DDFA232D0C3
