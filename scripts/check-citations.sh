#!/usr/bin/env bash
# Every section a comment or document cites as `§x.y` (in `wire contract §x.y`, or a bare `§x.y`
# next to one, and both ends of a range such as `§3.7–3.9`) exists in docs/wire-contract.md: a
# heading `## x.` or `### x.y`, or, for a section whose parts are a numbered list (§8), item `y.`
# of section x. Also fails on a citation of a document outside the repository (an issue number, or
# the shared contract file). Cheap: grep and awk over the sources, no build.
set -euo pipefail
cd "$(dirname "$0")/.."
DOC=docs/wire-contract.md
PLACES=(src crates js www tests scripts dev-server docs examples Makefile Cargo.toml README.md)
EXCLUDES=(--exclude-dir=node_modules --exclude-dir=target --exclude-dir=pkg --exclude-dir=.next --exclude-dir=screenshots
  --exclude-dir=dist)

# The sections the document has: "N" for `## N.`, "N.M" for `### N.M`, and "N.M" for item `M.` of
# a numbered list directly under `## N.` (outside any `### ` subsection).
sections=$(awk '
  /^## [0-9]+\. / { split($2, part, "."); top = part[1]; sub_ = ""; print top; next }
  /^### [0-9]+\.[0-9]+ / { sub_ = $2; print $2; next }
  /^## / { top = ""; sub_ = ""; next }
  top != "" && sub_ == "" && /^[0-9]+\. / { split($1, item, "."); print top "." item[1] }
' "$DOC" | sort -u)

# Every cited number, with the file and line that cites it.
cited=$(grep -rnoE "${EXCLUDES[@]}" '§[0-9]+(\.[0-9]+)?([–-]§?[0-9]+(\.[0-9]+)?)?' "${PLACES[@]}" \
  | awk -F: '{ where = $1 ":" $2; text = $0; sub(/^[^:]*:[^:]*:/, "", text); gsub(/§/, "", text); gsub(/–/, "-", text)
              n = split(text, ends, "-"); for (i = 1; i <= n; i++) if (ends[i] != "") print ends[i] "\t" where }')

missing=$(while IFS=$'\t' read -r number where; do
  [[ -z $number ]] && continue
  grep -qxF "$number" <<<"$sections" || echo "$where: §$number is not a section of $DOC"
done <<<"$cited")
[[ -z $missing ]] || { echo "$missing"; exit 1; }

# Citations of what is outside the repository: an issue number, the shared contract file, or a
# section of a contract other than the wire contract.
# grep exits 1 when nothing matched (the good case) and 2 when it could not search.
status=0
outside=$(grep -rnP "${EXCLUDES[@]}" '\b[Ii]ssues? #?[0-9]+|shared/contract\.md|(?<!wire )contract[ ]§' \
  "${PLACES[@]}") || status=$?
[[ $status -le 1 ]] || { echo "check-citations: grep could not search (exit $status)"; exit 2; }
[[ -z $outside ]] || { echo "$outside"; echo "cite the requirement itself (docs/wire-contract.md), not an outside document"; exit 1; }

echo "citations ok ($(wc -l <<<"$cited") section references, $(wc -l <<<"$sections") sections)"
