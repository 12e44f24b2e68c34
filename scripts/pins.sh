#!/usr/bin/env bash
# Lists the GitHub Actions pinned in crates/workflows/src/pins.rs that are behind their newest
# release, or whose pinned SHA is not the commit of the pinned tag.
#
# For every pin, `git ls-remote --tags https://github.com/<owner>/<name>` gives the release tags
# (`vX.Y.Z` or `X.Y.Z`; pre-releases, major tags such as `v7`, and other names are ignored) and
# the commit each points to, peeled for annotated tags (the `^{}` line). Prints a table and exits
# 1 when any pin is behind, mismatched, or could not be checked; 0 when every pin is current.
# Needs network access; it is a maintainer tool (`just pins`), not part of the test suite.
#
# Usage: scripts/pins.sh [path/to/pins.rs]
set -euo pipefail

pins_file="${1:-$(dirname "$0")/../crates/workflows/src/pins.rs}"
if [[ ! -r "$pins_file" ]]; then
  echo "pins.sh: cannot read $pins_file" >&2
  exit 2
fi

# The pins as "action sha version" lines: the three string arguments of each `pin(` call.
pins() {
  awk '
    /^[[:space:]]*pin\($/ { in_pin = 1; n = 0; next }
    in_pin && /^[[:space:]]*"/ {
      value = $0
      sub(/^[[:space:]]*"/, "", value)
      sub(/",?[[:space:]]*$/, "", value)
      args[++n] = value
      next
    }
    in_pin && /^[[:space:]]*\),?$/ {
      if (n == 3) print args[1], args[2], args[3]
      in_pin = 0
    }
  ' "$pins_file"
}

# The release tags of a repository as "tag sha" lines, each tag with the commit it peels to.
release_tags() {
  local url="$1" refs
  refs="$(git ls-remote --tags "$url")" || return 1
  awk '
    {
      ref = $2
      sub(/^refs\/tags\//, "", ref)
      if (ref ~ /\^\{\}$/) { sub(/\^\{\}$/, "", ref); peeled[ref] = $1 }
      else { direct[ref] = $1 }
    }
    END {
      for (tag in direct) {
        if (tag !~ /^v?[0-9]+\.[0-9]+\.[0-9]+$/) continue
        print tag, (tag in peeled ? peeled[tag] : direct[tag])
      }
    }
  ' <<<"$refs"
}

# The newest of "tag sha" lines, by version (a `v` prefix is ignored when comparing).
newest() {
  awk '{ version = $1; sub(/^v/, "", version); print version, $1, $2 }' |
    sort -t. -k1,1n -k2,2n -k3,3n |
    tail -n 1 |
    awk '{ print $2, $3 }'
}

format='%-40s %-10s %-10s %s\n'
# shellcheck disable=SC2059 # the format is this script's own constant
printf "$format" ACTION PINNED NEWEST STATUS
failures=0
count=0
while read -r action sha version; do
  count=$((count + 1))
  if ! tags="$(release_tags "https://github.com/$action")"; then
    # shellcheck disable=SC2059
    printf "$format" "$action" "$version" "?" "unreachable: git ls-remote failed"
    failures=$((failures + 1))
    continue
  fi
  read -r latest latest_sha <<<"$(newest <<<"$tags")" || true
  tagged_sha="$(awk -v tag="$version" '$1 == tag { print $2 }' <<<"$tags")"
  if [[ -z "$tagged_sha" ]]; then
    status="MISMATCH: no release tag $version"
  elif [[ "$tagged_sha" != "$sha" ]]; then
    status="MISMATCH: $version is $tagged_sha, pinned $sha"
  elif [[ -n "${latest:-}" && "${latest#v}" != "${version#v}" ]]; then
    status="behind: $latest is $latest_sha"
  else
    status="current"
  fi
  [[ "$status" == current ]] || failures=$((failures + 1))
  # shellcheck disable=SC2059
  printf "$format" "$action" "$version" "${latest:-?}" "$status"
done < <(pins)

if [[ "$count" -eq 0 ]]; then
  echo "pins.sh: no pins found in $pins_file" >&2
  exit 2
fi
if [[ "$failures" -gt 0 ]]; then
  echo "$failures of $count pins need attention: update crates/workflows/src/pins.rs (see docs/workflows.md)." >&2
  exit 1
fi
echo "All $count pins are at their newest release."
