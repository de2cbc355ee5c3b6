#!/usr/bin/env bash
# Prints figures (never pass/fail): milliseconds from starting QEMU to the kernel's prompt on the serial console,
# median of RUNS boots, for -kernel and for the ISO. Build first (dotnet build MeghaOS.sln -c Release).
#   bash scripts/measure-boot.sh [RUNS]    (default 7)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
images=MeghaOS.Kernel/bin/Release
prompt="meghaos:/$ "

time_to_prompt() {
    local start now seen="" c
    start=$(date +%s%N)
    exec 3< <(exec qemu-system-x86_64 "$@" -m 128M -display none -serial stdio -monitor none -no-reboot </dev/null 2>&1)
    local qemu=$!
    while IFS= read -r -n 1 -d '' c <&3; do
        seen="$seen$c"
        if [ ${#seen} -gt ${#prompt} ]; then seen="${seen:1}"; fi
        if [ "$seen" = "$prompt" ]; then break; fi
    done
    now=$(date +%s%N)
    kill "$qemu" 2>/dev/null || true
    exec 3<&-
    echo $(( (now - start) / 1000000 ))
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

for medium in kernel iso; do
    if [ "$medium" = kernel ]; then args=(-kernel "$images/meghaos.bin"); else args=(-cdrom "$images/meghaos.iso"); fi
    samples=()
    for _ in $(seq "$runs"); do samples+=("$(time_to_prompt "${args[@]}")"); done
    echo "boot to prompt, -$medium: median $(printf '%s\n' "${samples[@]}" | median) ms over $runs runs (${samples[*]})"
done
echo "kernel image: $(stat -c %s "$images/meghaos.bin") bytes (meghaos.bin), $(stat -c %s "$images/meghaos.elf") bytes (meghaos.elf with symbols); ISO: $(stat -c %s "$images/meghaos.iso") bytes"
