#!/usr/bin/env bash
# Installs what building and testing MeghaOS needs on Debian/Ubuntu: the .NET SDK must already be on PATH
# (https://dot.net), everything else comes from apt-get (as root, or through sudo). NuGet packages come by restore.
set -euo pipefail

# grub-pc-bin and grub-efi-amd64-bin: grub-mkrescue makes one hybrid ISO that boots under BIOS and UEFI;
# ovmf: the UEFI firmware the tests and `run.sh --uefi` boot it with; gcc and musl-tools: musl-gcc builds the static
# C programs of the initial ramdisk (MeghaOS.User/Musl/), and the ELF loader tests build real static programs (glibc
# and musl) to load; cpio: a loader test reads an archive made by the cpio tool.
packages=(nasm binutils grub-pc-bin grub-efi-amd64-bin grub-common xorriso mtools qemu-system-x86 ovmf gcc libc6-dev musl-tools cpio)
tools=(nasm ld grub-mkrescue xorriso mformat qemu-system-x86_64 gcc musl-gcc cpio)
files=(/usr/lib/grub/i386-pc/multiboot.mod /usr/lib/grub/x86_64-efi/multiboot.mod /usr/share/OVMF/OVMF_CODE_4M.fd /usr/share/OVMF/OVMF_VARS_4M.fd)

missing=0
for tool in "${tools[@]}"; do
    command -v "$tool" >/dev/null 2>&1 || missing=1
done
for file in "${files[@]}"; do
    [ -e "$file" ] || missing=1
done

if [ "$missing" = 1 ]; then
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    echo "setup: installing ${packages[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

# Optional: Debian's busybox-static (a static ET_EXEC, about 2 MB) goes into the initial ramdisk as /bin/busybox when
# it is installed. It conflicts with the dynamically linked busybox package, so it is installed only when neither is
# there, and a failure is no error (the ramdisk is then built without it).
if [ ! -e /bin/busybox ]; then
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends busybox-static >/dev/null 2>&1 ||
        echo "setup: busybox-static not installed (optional; the initial ramdisk is built without /bin/busybox)"
fi

if ! command -v dotnet >/dev/null 2>&1; then
    echo "setup: the .NET 10 SDK is required (dotnet not found on PATH); see https://dot.net" >&2
    exit 1
fi
