#!/usr/bin/env bash
# Regenerates the README's pictures of `memmap` (physical memory drawn from /dev/pab and /sys/pmm files):
# docs/images/memmap-fb.png from the ISO under UEFI (OVMF, framebuffer console; OVMF takes a minute under TCG) and
# docs/images/memmap-vga.png from QEMU -kernel (VGA text, block characters). Each boots headless, allocates some
# frames over the serial console, runs `memmap` and saves the screen with the monitor's `screendump -f png`.
#
#   bash scripts/screenshot-memmap.sh [fb|vga|both]   (default both)
set -euo pipefail
cd "$(dirname "$0")/.."

which="${1:-both}"
images=MeghaOS.Kernel/bin/Release
[ -f "$images/meghaos.iso" ] || dotnet build MeghaOS.Kernel -c Release >/dev/null
mkdir -p docs/images

shoot() { # shoot NAME OUTPUT QEMU-ARGS...
    local name="$1" output="$(pwd)/$2"; shift 2
    local work; work="$(mktemp -d)"
    mkfifo "$work/serial.in" "$work/serial.out"
    qemu-system-x86_64 "$@" -display none -no-reboot -no-shutdown \
        -serial pipe:"$work/serial" -monitor unix:"$work/monitor.sock",server=on,wait=off 2>/dev/null &
    local qemu=$!
    exec 3>"$work/serial.in"
    cat "$work/serial.out" >"$work/serial.log" &
    local reader=$!
    for _ in $(seq 1 300); do grep -q 'meghaos:/\$ ' "$work/serial.log" 2>/dev/null && break; sleep 1; done
    for line in "pmm alloc 3000" "pmm alloc 1000 1024" "pmm alloc-at 0x4000000 5000" "memmap"; do
        printf '%s\r' "$line" >&3
        sleep 1
    done
    sleep 3
    python3 - "$work/monitor.sock" "$output" <<'PYTHON'
import socket, sys
monitor = socket.socket(socket.AF_UNIX)
monitor.connect(sys.argv[1])
def read_prompt():
    reply = b""
    while not reply.endswith(b"(qemu) "):
        reply += monitor.recv(4096)
read_prompt()
monitor.sendall(("screendump " + sys.argv[2] + " -f png\n").encode())
read_prompt()
PYTHON
    exec 3>&-
    kill "$qemu" 2>/dev/null || true
    wait "$qemu" 2>/dev/null || true
    kill "$reader" 2>/dev/null || true
    rm -rf "$work" "${variables:-}"
    echo "wrote $output ($name)"
}

if [ "$which" = fb ] || [ "$which" = both ]; then
    variables=$(mktemp --suffix=.fd)
    cp /usr/share/OVMF/OVMF_VARS_4M.fd "$variables"
    shoot "UEFI, framebuffer" docs/images/memmap-fb.png \
        -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
        -drive if=pflash,format=raw,file="$variables" -cdrom "$images/meghaos.iso" -m 256M
fi
if [ "$which" = vga ] || [ "$which" = both ]; then
    variables=
    shoot "-kernel, VGA text" docs/images/memmap-vga.png -kernel "$images/meghaos.bin" -m 256M
fi
