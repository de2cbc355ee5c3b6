#!/usr/bin/env bash
# Regenerates docs/images/cat-dev-pab.png: boots MeghaOS headless in QEMU with 6 MiB (so the whole PAB fits on the
# screen), types a short session on the serial console (`clear`, `cat /sys/pmm/implementation`, `pmm alloc 16`,
# `cat /dev/pab`) and saves the VGA screen with the QEMU monitor's `screendump FILE -f png` (QEMU 7.2 or later).
#
#   bash scripts/screenshot.sh [OUTPUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."

output="${1:-docs/images/cat-dev-pab.png}"
image=MeghaOS.Kernel/bin/Release/meghaos.bin
[ -f "$image" ] || dotnet build MeghaOS.Kernel -c Release >/dev/null
mkdir -p "$(dirname "$output")"
output="$(cd "$(dirname "$output")" && pwd)/$(basename "$output")"

work="$(mktemp -d)"
trap 'kill "$qemu" 2>/dev/null || true; rm -rf "$work"' EXIT
# QEMU's pipe: backend reads PATH.in and writes PATH.out.
mkfifo "$work/serial.in" "$work/serial.out"
qemu-system-x86_64 -kernel "$image" -m 6M -display none -no-reboot -no-shutdown \
    -serial pipe:"$work/serial" -monitor unix:"$work/monitor.sock",server=on,wait=off 2>/dev/null &
qemu=$!
exec 3>"$work/serial.in"
cat "$work/serial.out" >"$work/serial.log" &
until [ -S "$work/monitor.sock" ]; do sleep 0.1; done
sleep 2 # boot to the prompt
for line in "clear" "cat /sys/pmm/implementation" "pmm alloc 16" "cat /dev/pab"; do
    printf '%s\r' "$line" >&3
    sleep 1
done

python3 - "$work/monitor.sock" "$output" <<'PYTHON'
import socket, sys, time
monitor = socket.socket(socket.AF_UNIX)
monitor.connect(sys.argv[1])
def command(text):
    monitor.sendall(text.encode() + b"\n")
    reply = b""
    while not reply.endswith(b"(qemu) "):
        reply += monitor.recv(4096)
    return reply
reply = b""
while not reply.endswith(b"(qemu) "):
    reply += monitor.recv(4096)
command("screendump " + sys.argv[2] + " -f png")
PYTHON
echo "wrote $output"
