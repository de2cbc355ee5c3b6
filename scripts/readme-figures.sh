# Sourced by the scripts that measure figures quoted in README.md (measure-boot.sh, measure-images.sh,
# measure-scale.sh), so that the README's figures are written by the script that measured them instead of copied by
# hand, and so that those scripts share their options (--no-build, --no-readme, --help), their build step and their
# ending (print the block, write it into the README). Not run on its own.
#
#   figure_options HELP_END EXTRA "$@"
#
# sets build and readme (1 unless --no-build, --no-readme); --help prints the caller's header (lines 2 to HELP_END)
# and exits; an argument matching the glob EXTRA ("" for none) is kept in the array figure_arguments; any other one
# ends the script with status 2.
#
#   build_release TARGET          dotnet build TARGET -c Release, unless --no-build; ends the script if it fails
#   publish_block NAME < TEXT     prints TEXT and, unless --no-readme, writes it with write_readme_block NAME
#
#   write_readme_block NAME < TEXT
#
# replaces everything between the lines "<!-- NAME:begin -->" and "<!-- NAME:end -->" of README.md (or of $README)
# with TEXT between two blank lines (so Markdown renders it as it would without the markers), keeping the marker
# lines. Fails, changing nothing, unless each marker is there exactly once, begin before end.

# The machine's 1-minute load average, for the note under a block of timings ("2.31").
load_average() {
    cut -d ' ' -f 1 /proc/loadavg
}

# The commit the figures were measured at: "commit a147181", with "+ uncommitted changes" when a tracked file other
# than README.md differs from it.
measured_commit() {
    local commit
    commit=$(git rev-parse --short HEAD 2>/dev/null) || { echo "an unknown commit"; return; }
    if git diff --quiet HEAD -- . ':(exclude)README.md' 2>/dev/null; then
        echo "commit $commit"
    else
        echo "commit $commit + uncommitted changes"
    fi
}

# Groups digits by thousands: 1234567 -> 1,234,567.
thousands() {
    echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'
}

figure_options() {
    local help_end=$1 extra=$2
    shift 2
    build=1
    readme=1
    figure_arguments=()
    while [ $# -gt 0 ]; do
        case "$1" in
            --no-build) build=0 ;;
            --no-readme) readme=0 ;;
            -h|--help) sed -n "2,${help_end}p" "$0"; exit 0 ;;
            *)
                if [ -n "$extra" ] && [[ "$1" == $extra ]]; then
                    figure_arguments+=("$1")
                else
                    echo "$(basename "$0"): unknown option '$1' (try --help)" >&2
                    exit 2
                fi
                ;;
        esac
        shift
    done
}

build_release() {
    if [ "$build" = 1 ]; then
        dotnet build "$1" -c Release -nologo -v quiet >/dev/null || { echo "$(basename "$0"): the build failed" >&2; exit 1; }
    fi
}

publish_block() {
    local text
    text=$(cat)
    printf '%s\n' "$text"
    if [ "$readme" = 1 ]; then
        write_readme_block "$1" <<<"$text"
    fi
}

write_readme_block() {
    local name=$1 readme=${README:-README.md} updated
    updated=$(mktemp)
    if ! BLOCK="$(cat)" awk -v begin="<!-- $name:begin -->" -v end="<!-- $name:end -->" '
            $0 == begin { if (inside) bad = 1; print; printf "\n%s\n\n", ENVIRON["BLOCK"]; inside = 1; begins++; next }
            $0 == end { if (!inside) bad = 1; inside = 0; ends++ }
            !inside { print }
            END { exit !(begins == 1 && ends == 1 && !bad) }' "$readme" >"$updated"; then
        rm -f "$updated"
        echo "$readme: expected one '<!-- $name:begin -->' line and one '<!-- $name:end -->' line after it" >&2
        return 1
    fi

    cat "$updated" >"$readme"
    rm -f "$updated"
    echo "wrote the figures into $readme (between the $name markers)"
}
