#!/usr/bin/env bash
# Builds the Debian package: target/debian/ppstudio_VERSION-1_ARCH.deb (the path is printed
# last). Installs cargo-deb first when it is missing (`cargo install cargo-deb --locked`).
# Steps: the release build, the manual pages and shell completions that `ppstudio package-files`
# makes from the command line's definition (into target/deb-files/), then `cargo deb` with the
# assets of `[package.metadata.deb]` in Cargo.toml (the binary stripped). See packaging/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo deb --version >/dev/null 2>&1; then
    echo "== installing cargo-deb (cargo install cargo-deb --locked)"
    cargo install cargo-deb --locked
fi
# dpkg-shlibdeps names the libraries the binary links (`$auto` in the package's depends).
if ! command -v dpkg-shlibdeps >/dev/null; then
    echo "error: dpkg-shlibdeps is missing: sudo apt-get install -y dpkg-dev" >&2
    exit 2
fi

echo "== cargo build --release"
cargo build --release --locked
bin="$(cargo metadata --format-version 1 --no-deps --locked |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/release/ppstudio"

echo "== manual pages and completions into target/deb-files"
rm -rf target/deb-files
"$bin" package-files target/deb-files >/dev/null

echo "== cargo deb"
cargo deb --no-build --locked --strip
