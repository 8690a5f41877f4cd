#!/usr/bin/env bash
# Builds the local base image, equivalent to node:24-bookworm-slim, from Debian and this checkout alone
# (no image registry is needed): debootstrap's minbase of bookworm with ca-certificates, the Node 24
# binary the `node` devDependency installed (node_modules/node/bin/node), and the npm this machine runs
# (the build stage needs npm; npm 10 or 11 runs on Node 24). `riptide image base` runs it.
#
#   deploy/image/build-base.sh [--force] [IMAGE]     (default localhost/riptide-base:bookworm-node24)
#
# Skips when IMAGE exists with the same Node (--force rebuilds). Needs root, debootstrap and podman.
set -euo pipefail
cd "$(dirname "$0")/../.."

force=no
if [ "${1:-}" = --force ]; then force=yes; shift; fi
image=${1:-localhost/riptide-base:bookworm-node24}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
started=$SECONDS
say() { printf 'image base: %s (%ds)\n' "$1" $((SECONDS - started)); }

node_binary=node_modules/node/bin/node
node_version=$("$node_binary" --version 2>/dev/null) || { echo "image base: $node_binary is missing: run npm ci" >&2; exit 1; }
case "$node_version" in v24.*) ;; *) echo "image base: $node_binary is $node_version, not Node 24" >&2; exit 1 ;; esac

# Rebuilt when the lockfile moved the `node` devDependency on: the base carries the Node it was built with.
if [ "$force" = no ] && podman image exists "$image"; then
  base_node=$(podman image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$image" | sed -n 's/^NODE_VERSION=//p')
  if [ "v$base_node" = "$node_version" ]; then
    say "$image exists with Node $node_version; nothing to do (--force rebuilds it)"
    exit 0
  fi
  say "$image has Node v$base_node, the checkout has $node_version: rebuilding it"
fi
npm_dir=$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)
npm_version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$npm_dir/package.json")
case "$npm_version" in 10.* | 11.*) ;; *) echo "image base: npm $npm_version at $npm_dir: npm 10 or 11 is needed for Node 24" >&2; exit 1 ;; esac

root=$(mktemp -d /var/tmp/riptide-base.XXXXXX)
trap 'rm -rf "$root"' EXIT
log="$root.debootstrap.log"
say "debootstrap --variant=minbase bookworm from $mirror (log: $log)"
if ! debootstrap --variant=minbase --include=ca-certificates bookworm "$root" "$mirror" >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  echo "image base: debootstrap failed; the whole log is in $log" >&2
  exit 1
fi
rm -f "$log"

say "adding Node $node_version (debug sections stripped) and npm $npm_version"
install -D -m 0755 "$node_binary" "$root/usr/local/bin/node"
strip --strip-debug "$root/usr/local/bin/node"
mkdir -p "$root/usr/local/lib/node_modules"
cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
# What an image needs at run time only: no package lists, downloaded packages or documentation.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
  "$root"/usr/share/info/* "$root"/var/log/*.log "$root"/var/log/apt/*

say "importing into podman as $image"
tar -C "$root" --numeric-owner -c . |
  podman import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV NODE_VERSION=${node_version#v}" \
    --change 'CMD ["node"]' \
    --message "debian bookworm minbase, node $node_version, npm $npm_version" \
    --quiet - "$image" >/dev/null
say "built $image: $(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1 / 1e6}')"
