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

figure_options 10 '' "$@"

images=MeghaOS.Kernel/bin/Release
build_release MeghaOS.sln

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

publish_block measure-images <<<"$block"
