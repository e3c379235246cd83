#!/usr/bin/env bash
# The pull request check the GitHub Action runs (action.yml), runnable anywhere:
#
#   GITHUB_BASE_REF=main scripts/pr-check.sh [input flags such as --data landscape.yml]
#
# 1. `landscape validate --format github`: each problem becomes an annotation on its line.
# 2. `landscape diff --base origin/$GITHUB_BASE_REF --format markdown --preview $PREVIEW_DIR`:
#    what the pull request changes, appended to $GITHUB_STEP_SUMMARY, with preview images
#    in $PREVIEW_DIR for the action to upload. Skipped with a note when the binary has no
#    `diff` subcommand or there is no base branch (not a pull request).
#
# Environment: LANDSCAPE (the binary, default `landscape` on PATH), GITHUB_BASE_REF,
# GITHUB_STEP_SUMMARY (default: standard output), PREVIEW_DIR (default `previews`).
# Exit status: 1 when validation finds errors or the change introduces errors, else 0.
set -uo pipefail

landscape=${LANDSCAPE:-landscape}
summary=${GITHUB_STEP_SUMMARY:-/dev/stdout}
previews=${PREVIEW_DIR:-previews}
base_ref=${GITHUB_BASE_REF:-}
status=0

if ! command -v "$landscape" >/dev/null 2>&1; then
  echo "::error::the landscape binary ($landscape) is not on PATH"
  exit 1
fi

# Annotations go to standard output, where the runner reads them.
"$landscape" validate --format github "$@"
validate=$?
if [ "$validate" -eq 0 ]; then
  printf '### Validation\n\nNo errors.\n\n' >>"$summary"
else
  printf '### Validation\n\nValidation failed: see the annotations on the changed files.\n\n' >>"$summary"
  status=1
fi

note() {
  printf '### Changes\n\n%s\n\n' "$1" >>"$summary"
  echo "::notice::$1"
}

if ! "$landscape" diff --help >/dev/null 2>&1; then
  note "No change summary: this landscape binary has no \`diff\` subcommand (use a newer version)."
  exit "$status"
fi
if [ -z "$base_ref" ]; then
  note "No change summary: GITHUB_BASE_REF is not set (this is not a pull request)."
  exit "$status"
fi

base="origin/$base_ref"
if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
  # A shallow checkout has only the pull request's commit: fetch the base branch's tip.
  git fetch --no-tags --depth=1 origin "+refs/heads/$base_ref:refs/remotes/origin/$base_ref" ||
    true
fi
if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
  echo "::error::the base revision $base cannot be found (check out with fetch-depth: 0, or let the action fetch it)"
  exit 1
fi

mkdir -p "$previews"
changes=$(mktemp)
trap 'rm -f "$changes"' EXIT
"$landscape" diff --base "$base" --format markdown --preview "$previews" "$@" >"$changes"
diff_status=$?
cat "$changes" >>"$summary"
if [ "$diff_status" -ne 0 ]; then
  echo "::error::the pull request introduces errors (landscape diff exited with $diff_status)"
  status=1
fi
exit "$status"
