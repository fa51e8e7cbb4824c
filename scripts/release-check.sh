#!/usr/bin/env bash
# `make release-check`: `goreleaser check`, then a snapshot release into
# dist/, then a check of what a registry release needs: for every platform
# that Go supports among {freebsd, windows, linux, darwin} x {amd64, 386, arm,
# arm64}, the provider's zip (holding terraform-provider-twilio_v<version>)
# and a separate twilio-verify-mock archive; the SHA256SUMS file covering them
# and the manifest; and its detached GPG signature, made with a throwaway key
# in a temporary GNUPGHOME (the step is skipped, and said so, without gpg).
# Then `make mirror` of the same version must give byte-identical zips (in a
# checkout with a git remote: see below).
#
# GORELEASER names the pinned module (make passes it); VERSION the release
# (default: the newest version section of CHANGELOG.md). The snapshot is
# versioned <VERSION>-snapshot.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
GO=${GO:-go}
GORELEASER=${GORELEASER:?GORELEASER must name the goreleaser module, e.g. github.com/goreleaser/goreleaser/v2@v2.15.1}
VERSION=${VERSION:-$(sed -n -E '/^## [0-9]+\.[0-9]+\.[0-9]+/{s/^## ([^ ]+).*/\1/p;q;}' CHANGELOG.md)}
snapshot="$VERSION-snapshot"
dist="$root/dist"
started=$SECONDS

fail() {
  echo "release-check: $*" >&2
  exit 1
}
goreleaser() { "$GO" run "$GORELEASER" "$@" 2>&1 | sed -u '/^go: downloading /d'; }

echo "==> goreleaser check"
goreleaser check

skip=()
gnupg=""
cleanup() {
  [ -n "$gnupg" ] || return 0
  GNUPGHOME=$gnupg gpgconf --kill gpg-agent 2>/dev/null || true
  rm -rf "$gnupg"
}
trap cleanup EXIT
if command -v gpg >/dev/null 2>&1; then
  gnupg=$(mktemp -d)
  export GNUPGHOME=$gnupg
  gpg --batch --quiet --passphrase '' --quick-generate-key "release-check <release-check@example.invalid>" ed25519 sign 1d 2>/dev/null
  GPG_FINGERPRINT=$(gpg --list-secret-keys --with-colons | awk -F: '$1 == "fpr" { print $10; exit }')
  export GPG_FINGERPRINT
  echo "==> Signing with a throwaway key ($GPG_FINGERPRINT) in $GNUPGHOME"
else
  echo "==> gpg not found: the snapshot skips the signature step (--skip=sign)"
  skip=(--skip=sign)
fi

echo "==> goreleaser release --snapshot ($snapshot) into dist/"
export SNAPSHOT_VERSION="$VERSION"
goreleaser release --snapshot --clean --parallelism 2 "${skip[@]}"

echo "==> Checking dist/"
sums="$dist/terraform-provider-twilio_${snapshot}_SHA256SUMS"
[ -f "$sums" ] || fail "no $sums"
# The manifest is terraform-registry-manifest.json under the release's name:
# GoReleaser uploads it with the release (release.extra_files), so dist/ has
# no copy; its line must hold the source file's checksum.
manifest="terraform-provider-twilio_${snapshot}_manifest.json"
grep -qx "$(sha256sum terraform-registry-manifest.json | cut -d' ' -f1)  $manifest" "$sums" ||
  fail "the SHA256SUMS file has no line for $manifest with the checksum of terraform-registry-manifest.json"
grep -v "  $manifest\$" "$sums" | (cd "$dist" && sha256sum --quiet --strict -c -) ||
  fail "a checksum in $(basename "$sums") does not match its file in dist/"

listed() { grep -q "  $1\$" "$sums" || fail "$1 is not in the SHA256SUMS file"; }
platforms=0
for platform in $("$GO" tool dist list); do
  os=${platform%/*} arch=${platform#*/}
  case "$os" in freebsd | windows | linux | darwin) ;; *) continue ;; esac
  case "$arch" in amd64 | 386 | arm | arm64) ;; *) continue ;; esac
  exe=""
  [ "$os" = windows ] && exe=.exe

  zip="terraform-provider-twilio_${snapshot}_${os}_${arch}.zip"
  [ -f "$dist/$zip" ] || fail "no provider archive for $os/$arch: dist/$zip"
  unzip -Z1 "$dist/$zip" | grep -qx "terraform-provider-twilio_v${snapshot}${exe}" ||
    fail "dist/$zip does not hold terraform-provider-twilio_v${snapshot}${exe}"
  listed "$zip"

  if [ "$os" = windows ]; then
    mock="twilio-verify-mock_${snapshot}_${os}_${arch}.zip"
    [ -f "$dist/$mock" ] || fail "no mock archive for $os/$arch: dist/$mock"
    unzip -Z1 "$dist/$mock" | grep -qx "twilio-verify-mock.exe" || fail "dist/$mock does not hold twilio-verify-mock.exe"
  else
    mock="twilio-verify-mock_${snapshot}_${os}_${arch}.tar.gz"
    [ -f "$dist/$mock" ] || fail "no mock archive for $os/$arch: dist/$mock"
    tar -tzf "$dist/$mock" | grep -qx "twilio-verify-mock" || fail "dist/$mock does not hold twilio-verify-mock"
  fi
  listed "$mock"
  platforms=$((platforms + 1))
done
[ "$platforms" -gt 0 ] || fail "no platform checked"

# The binary for this machine carries its version and runs.
host="$("$GO" env GOOS)_$("$GO" env GOARCH)"
check=$(mktemp -d)
unzip -q "$dist/terraform-provider-twilio_${snapshot}_${host}.zip" -d "$check"
# -trimpath leaves -ldflags out of the build information: look for the string.
grep -a -q -F "${snapshot}" "$check/terraform-provider-twilio_v${snapshot}" ||
  { rm -rf "$check"; fail "the $host provider binary does not carry version ${snapshot}"; }
tar -xzf "$dist/twilio-verify-mock_${snapshot}_${host}.tar.gz" -C "$check" twilio-verify-mock
"$check/twilio-verify-mock" -h 2>&1 | grep -q -- '-addr' || { rm -rf "$check"; fail "the $host mock binary does not run"; }
rm -rf "$check"

# make mirror builds the same zips without GoReleaser: byte for byte, or a
# lock file made from a mirror would not match the registry's release. A
# snapshot in a checkout without a git remote has no commit date (GoReleaser
# then ignores its git errors and dates the files by the clock), so the
# comparison needs a clone with a remote, as a release has.
if [ -n "$(git remote)" ]; then
  echo "==> make mirror of $snapshot: the same bytes as GoReleaser's zips"
  mirror=$(mktemp -d)
  make --no-print-directory mirror GO="$GO" VERSION="$snapshot" MIRROR_DIR="$mirror" >/dev/null
  mirrored=0
  for zip in "$dist"/terraform-provider-twilio_"${snapshot}"_*.zip; do
    cmp "$zip" "$mirror/registry.terraform.io/verifyfactors/twilio/$(basename "$zip")" ||
      { rm -rf "$mirror"; fail "make mirror's $(basename "$zip") differs from GoReleaser's"; }
    mirrored=$((mirrored + 1))
  done
  rm -rf "$mirror"
  [ "$mirrored" -eq "$platforms" ] || fail "compared $mirrored of $platforms provider zips with make mirror's"
  mirror_result="make mirror's zips are byte-identical"
else
  echo "==> No git remote: GoReleaser had no commit date, so make mirror's zips are not compared (run in a clone)"
  mirror_result="make mirror not compared (no git remote)"
fi

if [ ${#skip[@]} -eq 0 ]; then
  gpg --batch --verify "$sums.sig" "$sums" >"$gnupg/verify.log" 2>&1 ||
    { cat "$gnupg/verify.log" >&2; fail "the signature $(basename "$sums").sig does not verify"; }
  signature="signed ($(basename "$sums").sig verifies)"
else
  signature="not signed (no gpg)"
fi

echo "==> release-check passed in $((SECONDS - started)) s: $platforms platforms, a provider zip and a mock archive each," \
  "SHA256SUMS with the manifest, $signature; $mirror_result"
