# Sourced by the scripts that measure figures quoted in README.md (measure-boot.sh, measure-images.sh), so that the
# README's figures are written by the script that measured them instead of copied by hand. Not run on its own.
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
