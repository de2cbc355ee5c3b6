#!/usr/bin/env bash
# Figures (never pass/fail): the sizes of the kernel images of the Release build (meghaos.bin, meghaos.elf,
# meghaos.iso). Prints them and writes them into README.md between "<!-- measure-images:begin -->" and
# "<!-- measure-images:end -->" (scripts/readme-figures.sh), so the README quotes what this tree builds.
# Builds first (dotnet build MeghaOS.sln -c Release).
#
#   bash scripts/measure-images.sh [--no-build] [--no-readme]
#
#   --no-build    measure the images already in MeghaOS.Kernel/bin/Release/
#   --no-readme   only print the figures
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/readme-figures.sh

build=1
readme=1
while [ $# -gt 0 ]; do
    case "$1" in
        --no-build) build=0 ;;
        --no-readme) readme=0 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "measure-images.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done

images=MeghaOS.Kernel/bin/Release
if [ "$build" = 1 ]; then
    dotnet build MeghaOS.sln -c Release -nologo -v quiet >/dev/null || { echo "measure-images.sh: the build failed" >&2; exit 1; }
fi

size() {
    [ -f "$images/$1" ] || { echo "measure-images.sh: $images/$1 is missing (build first)" >&2; exit 1; }
    thousands "$(stat -c %s "$images/$1")"
}

bin=$(size meghaos.bin)
elf=$(size meghaos.elf)
iso=$(size meghaos.iso)

block=$(cat <<END
| kernel image (with VFS, devfs, sysfs, shell, every subsystem) | bytes |
| --- | ---: |
| \`meghaos.bin\`: flat Multiboot image (QEMU \`-kernel\`) | $bin |
| \`meghaos.elf\`: the same with symbols and DWARF (for GDB) | $elf |
| \`meghaos.iso\`: GRUB ISO | $iso |

Written by \`bash scripts/measure-images.sh\` on $(date -u +%Y-%m-%d), from the Release build of $(measured_commit).
END
)

echo "$block"
if [ "$readme" = 1 ]; then
    write_readme_block measure-images <<<"$block"
fi
