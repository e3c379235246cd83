#!/usr/bin/env bash
# Installs the `landscape` binary for the GitHub Action (action.yml).
#
# A release binary is downloaded when a version is known: LANDSCAPE_VERSION, else the
# action's own ref when it is a release tag (`uses: OWNER/landscape@v1.2.0`). The asset is
# `landscape-<arch>-unknown-linux-gnu.tar.gz` holding `landscape`. Without a version, or
# when the download fails, it is built from source with `cargo install --locked --git`
# at that tag (or at the action's commit, else the default branch): slower (minutes), but
# it needs only a Rust toolchain, which GitHub's runners have.
#
# Environment: ACTION_REPOSITORY (owner/name, required), ACTION_REF, LANDSCAPE_VERSION,
# INSTALL_DIR (default ~/.local/bin; added to GITHUB_PATH when that is set).
set -euo pipefail

repo=${ACTION_REPOSITORY:?ACTION_REPOSITORY must name the repository (owner/name)}
ref=${ACTION_REF:-}
version=${LANDSCAPE_VERSION:-}
if [ -z "$version" ] && [[ "$ref" =~ ^v[0-9] ]]; then
  version=$ref
fi
dir=${INSTALL_DIR:-$HOME/.local/bin}
mkdir -p "$dir"

installed=false
if [ -n "$version" ]; then
  asset="landscape-$(uname -m)-unknown-linux-gnu.tar.gz"
  url="https://github.com/$repo/releases/download/$version/$asset"
  if curl --fail --silent --show-error --location --retry 3 "$url" | tar -xz -C "$dir" landscape; then
    installed=true
  else
    echo "::warning::no release binary at $url; building from source instead"
  fi
fi
if [ "$installed" = false ]; then
  from=()
  if [ -n "$version" ]; then
    from=(--tag "$version")
  elif [[ "$ref" =~ ^[0-9a-f]{40}$ ]]; then
    from=(--rev "$ref")
  elif [ -n "$ref" ]; then
    from=(--branch "$ref")
  fi
  root=$(dirname "$dir")
  cargo install --locked --git "https://github.com/$repo" "${from[@]}" --root "$root" landscape
  if [ "$root/bin" != "$dir" ]; then
    mv "$root/bin/landscape" "$dir/landscape"
  fi
fi
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$dir" >>"$GITHUB_PATH"
fi
"$dir/landscape" --version
