#!/usr/bin/env bash
# Figures (never pass/fail): the PMM at scale. Boots the kernel with 1 GiB, 64 GiB and 1 TiB of RAM, once per PMM
# implementation (pmm=NAME on the command line; the names come from /sys/pmm/implementation), and for each boot
# records the implementation's metadata bytes and start-up time (/sys/pmm/startup: the default implementation is
# created from the memory map, the others take over from it) and the time from starting QEMU to the prompt.
# Prints the table and writes it into README.md between "<!-- measure-scale:begin -->" and
# "<!-- measure-scale:end -->" (scripts/readme-figures.sh). Builds first (dotnet build MeghaOS.Kernel -c Release).
#
#   bash scripts/measure-scale.sh [--no-build] [--no-readme]
#
# QEMU: -cpu max,vendor=GenuineIntel,phys-bits=42 (1 GiB pages, 4 TiB of physical address space; an Intel vendor
# so that QEMU keeps RAM below AMD's 1012 GiB HyperTransport hole contiguous) and a RAM backend that reserves
# nothing (QEMU touches only the pages the guest writes: the PMM metadata, so a 1 TiB boot of the buddy PMM needs
# about 3 GiB of host memory). "1 TiB" is -m 1023G: 3 GiB below 4 GiB and 1020 GiB above, so RAM ends exactly at
# 1 TiB, the most the PMMs manage (2^28 frames).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/readme-figures.sh

figure_options 16 '' "$@"

image=MeghaOS.Kernel/bin/Release/meghaos.bin
prompt="meghaos:/$ "
load_before=$(load_average)
build_release MeghaOS.Kernel

# Reads the QEMU output on fd 3 up to the next prompt into $text.
read_to_prompt() {
    local c seen=""
    text=""
    while IFS= read -r -n 1 -d '' -t 600 c <&3; do
        text="$text$c"
        seen="$seen$c"
        if [ ${#seen} -gt ${#prompt} ]; then seen="${seen:1}"; fi
        if [ "$seen" = "$prompt" ]; then return 0; fi
    done
    return 1
}

# boot SIZE COMMAND: sets $prompt_ms and $answer (the output of COMMAND).
boot() {
    local size=$1 command=$2 append=$3 start now
    local fifo
    fifo=$(mktemp -u)
    mkfifo "$fifo"
    start=$(date +%s%N)
    exec 3< <(exec qemu-system-x86_64 -kernel "$image" -append "$append" -cpu max,vendor=GenuineIntel,phys-bits=42 \
        -object "memory-backend-ram,id=ram0,size=$size,reserve=off" -machine memory-backend=ram0 -m "$size" \
        -display none -serial stdio -monitor none -no-reboot <"$fifo" 2>&1)
    local qemu=$!
    exec 4>"$fifo"
    rm -f "$fifo"
    read_to_prompt || { echo "measure-scale.sh: no prompt with $size, $append" >&2; kill "$qemu"; exit 1; }
    now=$(date +%s%N)
    prompt_ms=$(( (now - start) / 1000000 ))
    printf '%s\n' "$command" >&4
    read_to_prompt || { echo "measure-scale.sh: no answer with $size, $append" >&2; kill "$qemu"; exit 1; }
    answer=$text
    kill "$qemu" 2>/dev/null || true
    exec 3<&- 4>&-
}

field() { printf '%s\n' "$answer" | tr -d '\r' | awk -v key="$1" '$1 == key { print $2 }'; }

boot 1G "cat /sys/pmm/implementation" ""
implementations=$(printf '%s\n' "$answer" | tr -d '\r' | sed -n 2p | tr -d '[]')
[ -n "$implementations" ] || { echo "measure-scale.sh: no implementations in /sys/pmm/implementation" >&2; exit 1; }

rows=()
for size in 1G 64G 1023G; do
    label=$size
    [ "$size" = 1023G ] && label="1 TiB (1023G)"
    [ "$size" = 64G ] && label="64 GiB"
    [ "$size" = 1G ] && label="1 GiB"
    for name in $implementations; do
        boot "$size" "cat /sys/pmm/startup" "pmm=$name"
        [ "$(field implementation)" = "$name" ] || { echo "measure-scale.sh: pmm=$name did not become active with $size" >&2; exit 1; }
        row="| $label | $name | $(field activation) | $(thousands "$(field metadata_bytes)") | $(thousands "$(field microseconds)") us | $(thousands "$prompt_ms") ms |"
        echo "$row"
        rows+=("$row")
    done
done

block=$(
    echo "| RAM | PMM | start-up | metadata bytes | PMM start-up time | QEMU start to prompt |"
    echo "| --- | --- | --- | ---: | ---: | ---: |"
    printf '%s\n' "${rows[@]}"
    echo
    echo "Written by \`bash scripts/measure-scale.sh\` on $(date -u +%Y-%m-%d), $(measured_commit): QEMU $(qemu-system-x86_64 --version | head -1 | awk '{ print $4 }') without KVM,"
    echo "one boot each; 1-minute load average $load_before before and $(load_average) after. Start-up: \`create\` builds the"
    echo "implementation from the memory map (the default, at boot), \`takeover\` from the default's state (\`pmm=NAME\`);"
    echo "the time is measured in the kernel around that call (\`/sys/pmm/startup\`, time-stamp counter)."
)
publish_block measure-scale <<<"$block"
