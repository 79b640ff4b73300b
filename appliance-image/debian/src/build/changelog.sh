#!/bin/sh
# Writes the package's Debian changelog (one entry: this build) as OUT_DIR/changelog.gz, and the
# manual pages of src/deb (*.8) compressed beside it, as Debian wants them.
# Usage: changelog.sh VERSION MAINTAINER OUT_DIR
set -eu
version=$1 maintainer=$2 out=$3
mkdir -p "$out"
{
    printf 'preau (%s) unstable; urgency=medium\n\n' "$version"
    printf '  * Build %s of the Préau box.\n\n' "$version"
    printf ' -- %s  %s\n' "$maintainer" "$(LC_ALL=C date -u -R)"
} | gzip -9n >"$out/changelog.gz"
here=$(dirname "$0")
for page in "$here"/../deb/*.8; do
    gzip -9n <"$page" >"$out/$(basename "$page").gz"
done
