#!/usr/bin/env bash
# Installs the host packages rvkvm needs and fetches the Debian riscv64 packages it uses into a cache.
#
# Host packages come from the machine's own apt sources. The riscv64 packages
# (Linux kernel, busybox, libfdt, OpenSBI 1.6) come from Debian's trixie suite
# through the same mirror, read from apt's sources at run time, with a private
# sources list and private state/cache folders: nothing riscv64 is installed
# into the machine's root.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${RVKVM_CACHE:-$top/cache}

host_pkgs=(qemu-system-misc opensbi gcc-riscv64-unknown-elf gcc-riscv64-linux-gnu
	device-tree-compiler libfdt-dev cpio libcmocka-dev gcc make)
riscv_pkgs=(linux-image-riscv64 busybox-static libfdt-dev opensbi)

need_root() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: need root to run apt-get (missing: $*)" >&2
		exit 1
	fi
}

install_host_packages() {
	local missing=() p
	for p in "${host_pkgs[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	need_root "${missing[@]}"
	echo "deps: installing ${missing[*]}"
	apt-get update -q >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

# The first http(s) URI of a Debian archive (not the security one) in apt's sources.
debian_mirror() {
	local files=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources)
	{ grep -hsE '^[[:space:]]*URIs:' "${files[@]}" | sed -E 's/^[[:space:]]*URIs:[[:space:]]*//' | tr ' ' '\n' || true
	  grep -hsE '^[[:space:]]*deb[[:space:]]' "${files[@]}" | sed -E 's/^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//' | awk '{print $1}' || true
	} | grep -E '^https?://' | grep -v -- '-security' | grep -E '/debian/?$' | head -n 1 || true
}

fetch_riscv_packages() {
	local stamp=$cache/riscv64/.fetched
	if [ -f "$stamp" ]; then
		return 0
	fi
	local mirror
	mirror=$(debian_mirror)
	if [ -z "$mirror" ]; then
		echo "deps: no Debian mirror found in apt's sources" >&2
		exit 1
	fi
	local apt_dir=$cache/apt
	mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/debs" "$cache/riscv64"
	echo "deb [arch=riscv64 trusted=yes] $mirror trixie main" >"$apt_dir/sources.list"
	local opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=-"
		-o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir"
		-o "APT::Architecture=riscv64" -o "APT::Architectures::=riscv64"
		-o "Acquire::Languages=none" -o "APT::Sandbox::User=root" -o "Debug::NoLocking=1")
	echo "deps: fetching riscv64 packages from trixie: ${riscv_pkgs[*]}"
	apt-get "${opts[@]}" update -q >/dev/null
	# linux-image-riscv64 is a metapackage: download the versioned image it depends on.
	local kpkg
	kpkg=$(apt-cache "${opts[@]}" depends linux-image-riscv64 | sed -nE 's/^ *Depends: (linux-image-[0-9][^ ]*-riscv64)$/\1/p' | head -n 1)
	if [ -z "$kpkg" ]; then
		echo "deps: cannot resolve linux-image-riscv64 in trixie" >&2
		exit 1
	fi
	(cd "$apt_dir/debs" && rm -f ./*.deb &&
		apt-get "${opts[@]}" download "$kpkg" busybox-static libfdt-dev libfdt1 opensbi >/dev/null)
	local deb
	for deb in "$apt_dir/debs"/*.deb; do
		dpkg-deb -x "$deb" "$cache/riscv64"
	done
	local image
	image=$(ls "$cache/riscv64/boot"/vmlinu[xz]-*-riscv64 | head -n 1)
	ln -sf "${image#"$cache/riscv64/"}" "$cache/riscv64/Image"
	touch "$stamp"
}

install_host_packages
fetch_riscv_packages
