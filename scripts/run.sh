#!/usr/bin/env bash
# Boots MeghaOS in QEMU with the serial console in this terminal (type commands here; the VGA screen opens in a
# window when a display is available). Installs what is missing (scripts/setup.sh), builds, then boots.
#
#   bash scripts/run.sh [--iso|--uefi] [--memory SIZE] [--debug] [--headless] [--configuration Debug|Release]
#
#   --iso             boot the GRUB ISO under BIOS (default: QEMU -kernel with the flat Multiboot image, and
#                     -initrd with the initial ramdisk, bin/<Configuration>/initrd.cpio, when the build made one;
#                     the ISO when that ramdisk is too large for QEMU's -kernel loader)
#   --uefi            boot the same ISO under UEFI firmware (OVMF; framebuffer console; OVMF takes a while under TCG)
#   --memory SIZE     RAM for the guest, QEMU syntax: 32M, 512M, 5G (default 512M)
#   --debug           start halted with a GDB server on localhost:1234 (see README, "Debugging with GDB")
#   --headless        no VGA window (-display none); the serial console is all there is
# Quit QEMU with Ctrl-A then X.
set -euo pipefail
cd "$(dirname "$0")/.."

medium=kernel
memory=512M
configuration=Release
debug=()
display=()
while [ $# -gt 0 ]; do
    case "$1" in
        --iso) medium=iso ;;
        --uefi) medium=uefi ;;
        --memory) memory="$2"; shift ;;
        --debug) debug=(-s -S) ;;
        --headless) display=(-display none) ;;
        --configuration) configuration="$2"; shift ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done

bash scripts/setup.sh
dotnet build MeghaOS.Kernel/MeghaOS.Kernel.csproj -c "$configuration" -nologo -v quiet

images="MeghaOS.Kernel/bin/$configuration"
if [ "$medium" = iso ]; then boot=(-cdrom "$images/meghaos.iso"); else boot=(-kernel "$images/meghaos.bin"); fi
# The initial ramdisk (its bin/ files become /bin) goes with -kernel as -initrd; the ISO carries its own copy.
# QEMU's loader puts modules right after the image it loads at 64 KiB, and they must end below 0x9FC00 (the EBDA; the
# VGA memory and BIOS area follow): for a larger ramdisk the ISO is booted instead (GRUB places it anywhere).
if [ "$medium" = kernel ] && [ -f "$images/initrd.cpio" ]; then
    image_pages=$(( ($(stat -c %s "$images/meghaos.bin") + 4095) / 4096 * 4096 ))
    limit=$(( 0x9FC00 - 0x10000 - image_pages - 0x2000 ))
    size=$(stat -c %s "$images/initrd.cpio")
    if [ "$size" -le "$limit" ]; then
        boot+=(-initrd "$images/initrd.cpio")
    else
        echo "run.sh: initrd.cpio ($size bytes) is larger than QEMU's -kernel loader can place ($limit bytes); booting the ISO, which carries it" >&2
        boot=(-cdrom "$images/meghaos.iso")
    fi
fi
if [ "$medium" = uefi ]; then
    # OVMF's code read-only and a private copy of its variable store, removed when QEMU ends.
    variables=$(mktemp --suffix=.fd)
    trap 'rm -f "$variables"' EXIT
    cp /usr/share/OVMF/OVMF_VARS_4M.fd "$variables"
    boot=(-drive "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd"
          -drive "if=pflash,format=raw,file=$variables" -cdrom "$images/meghaos.iso")
fi
if [ ${#display[@]} -eq 0 ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then display=(-display none); fi
if [ ${#debug[@]} -gt 0 ]; then
    echo "run.sh: waiting for GDB on localhost:1234: gdb $images/meghaos.elf -ex 'target remote :1234'" >&2
fi

qemu-system-x86_64 "${boot[@]}" -m "$memory" -serial mon:stdio -no-reboot "${display[@]}" "${debug[@]}"
