#!/usr/bin/env bash
# Prints, for every user program, the size of its static ELF and how long ILC takes to compile it (run again by
# hand with the same command line as MeghaOS.User/MeghaOS.User.Native.targets, into a temporary file), then the
# initial ramdisk's size. Builds MeghaOS.User first. The figures are in docs/user-programs.md.
# Usage: bash scripts/measure-user-programs.sh [Configuration]   (default Release)
set -euo pipefail
cd "$(dirname "$0")/.."
configuration=${1:-Release}
dotnet build MeghaOS.User -c "$configuration" -v:q -nologo >/dev/null
version=$(sed -n 's:.*<ILCompilerVersion>\(.*\)</ILCompilerVersion>.*:\1:p' Directory.Packages.props)
ilc="${NUGET_PACKAGES:-$HOME/.nuget/packages}/runtime.linux-x64.microsoft.dotnet.ilcompiler/$version/tools/ilc"
native="MeghaOS.User/obj/$configuration/native/programs"
runtime="MeghaOS.User/bin/$configuration/MeghaOS.User.Runtime.dll"
bin="MeghaOS.User/bin/$configuration/bin"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
printf '%-12s %10s %8s\n' program bytes ilc_s
for source in MeghaOS.User/Programs/*.cs; do
    name=$(basename "$source" .cs | tr '[:upper:]' '[:lower:]')
    assembly="$native/$name.dll"
    start=$(date +%s%N)
    "$ilc" "$assembly" "$runtime" -o:"$scratch/$name.o" --systemmodule:MeghaOS.User.Runtime --targetos:linux --targetarch:x64 -O --noinlinetls
    end=$(date +%s%N)
    printf '%-12s %10s %8s\n' "$name" "$(stat -c %s "$bin/$name")" "$(awk "BEGIN { printf \"%.2f\", ($end - $start) / 1e9 }")"
done
for file in "$bin"/musl-* "$bin"/busybox; do
    [ -e "$file" ] && printf '%-12s %10s %8s\n' "$(basename "$file")" "$(stat -c %s "$file")" "-"
done
printf '%-12s %10s\n' initrd.cpio "$(stat -c %s "MeghaOS.User/bin/$configuration/initrd.cpio")"
