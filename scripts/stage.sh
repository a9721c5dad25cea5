#!/usr/bin/env bash
# Runs one named stage of the build or tests and reports how long it took.
#   scripts/stage.sh NAME COMMAND [ARGS...]
set -euo pipefail
name="$1"
shift
printf '\n==> [%s] %s\n' "$name" "$*"
start=$(date +%s)
status=0
"$@" || status=$?
elapsed=$(( $(date +%s) - start ))
if [[ $status -eq 0 ]]; then
  printf '==> [%s] ok in %dm%02ds\n' "$name" $((elapsed / 60)) $((elapsed % 60))
else
  printf '==> [%s] FAILED (exit %d) after %dm%02ds\n' "$name" "$status" $((elapsed / 60)) $((elapsed % 60)) >&2
fi
exit $status
