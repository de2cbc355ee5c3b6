#!/usr/bin/env bash
# Figures (never pass/fail): milliseconds from starting QEMU to a shell's prompt on the serial console, median of
# RUNS boots: for -kernel (no ramdisk fits QEMU's -kernel loader, so the kernel's own shell, `meghaos:/$ `) and for
# the ISO (GRUB loads the ramdisk; the kernel starts /bin/init, which starts the user shell, `sh:/$ `). Prints them and writes them into README.md between
# "<!-- measure-boot:begin -->" and "<!-- measure-boot:end -->" (scripts/readme-figures.sh), with the load they were
# measured under (the 1-minute load average before and after, and the other runnable tasks sampled before each
# boot), since on a shared machine the figures follow the load. Builds first (dotnet build MeghaOS.sln -c Release).
# Image sizes: scripts/measure-images.sh.
#
#   bash scripts/measure-boot.sh [RUNS] [--no-build] [--no-readme]    (RUNS default 7)
#
#   --no-build    boot the images already in MeghaOS.Kernel/bin/Release/
#   --no-readme   only print the figures
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/readme-figures.sh

figure_options 12 '[1-9]*' "$@"
runs=7
if [ ${#figure_arguments[@]} -gt 0 ]; then
    runs=${figure_arguments[-1]}
fi

images=MeghaOS.Kernel/bin/Release
load_before=$(load_average) # before the build, which would count in it
build_release MeghaOS.sln

time_to_prompt() {
    local prompt=$1 start now seen="" c
    shift
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

# Tasks running or ready to run right now, other than the one reading the count.
other_runnable() { echo $(( $(cut -d ' ' -f 4 /proc/loadavg | cut -d / -f 1) - 1 )); }

rows=()
runnable=()
for medium in kernel iso; do
    if [ "$medium" = kernel ]; then
        args=(-kernel "$images/meghaos.bin"); label="\`-kernel meghaos.bin\`, the kernel's shell"; target="500 ms"
        prompt="meghaos:/$ "
    else
        args=(-cdrom "$images/meghaos.iso"); label="\`-cdrom meghaos.iso\` (GRUB), /bin/init to the user shell"; target="1 s"
        prompt="sh:/$ "
    fi
    samples=()
    for _ in $(seq "$runs"); do
        runnable+=("$(other_runnable)")
        samples+=("$(time_to_prompt "$prompt" "${args[@]}")")
    done
    middle=$(printf '%s\n' "${samples[@]}" | median)
    echo "boot to prompt, -$medium: median $middle ms over $runs runs (${samples[*]})"
    rows+=("| $label | $middle ms | ${samples[*]} | $target |")
done
load_after=$(load_average)
qemu_version=$(qemu-system-x86_64 --version | head -n 1 | awk '{ print $4 }')
cores=$(nproc)
competing=$(printf '%s\n' "${runnable[@]}" | awk '{ sum += $1 } END { printf "%.1f", sum / NR }')

block=$(cat <<END
| QEMU start to the prompt | median | every boot (ms, in order) | target |
| --- | ---: | --- | ---: |
${rows[0]}
${rows[1]}

Written by \`bash scripts/measure-boot.sh $runs\` on $(date -u +%Y-%m-%d), $(measured_commit): QEMU $qemu_version without KVM
(software emulation), \`-m 128M\`, median of $runs boots each, on $cores cores under load: 1-minute load average
$load_before before the build and $load_after at the end; other tasks running or ready to run when a boot started:
$competing on average (${runnable[*]}).
END
)

publish_block measure-boot <<<"$block"
