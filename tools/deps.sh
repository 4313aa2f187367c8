#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the host packages rvkvm needs and fetches the Debian riscv64 packages it uses into a cache,
# and the i386 libraries of the 32-bit host unit tests (make unit32).
#
# Host packages come from the machine's own apt sources, each named here (nothing is left to
# Recommends or to what an image happens to carry; linux-libc-dev-riscv64-cross is Linux 6.1's
# riscv uapi headers, for the ONE_REG id test). The riscv64 packages (Linux kernel, busybox,
# libfdt, OpenSBI 1.6, Linux's uapi headers, and Debian's perf with the libraries it loads) come from Debian's trixie suite through the same
# mirror, read from apt's sources at run time, with a private sources list and private
# state/cache folders, and apt checks them against Debian's archive keyring: nothing riscv64 is
# installed into the machine's root. The i386 builds of cmocka and libfdt, which the 32-bit unit
# tests link, come the same way from the machine's own suite into cache/i386 (installing them
# would need i386 as a dpkg architecture).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${RVKVM_CACHE:-$top/cache}

# What each is for: the build (make, gcc and the host C library, the two riscv64 cross compilers
# with the Linux one's C library headers, which libfdt's headers include), the tests (cmocka,
# libfdt and dtc, Linux's riscv headers; cppcheck for make lint, clang-format for make
# format-check), running guests (QEMU, OpenSBI, cpio, perl for the
# console demultiplexer, xz for the guest's kernel modules, e2fsprogs for its disk images), and fetching the riscv64 packages (apt's signature check: gpgv and
# Debian's archive keyring; ca-certificates for a mirror reached over https). gcc -m32 for the
# 32-bit unit tests (make unit32) needs gcc's 32-bit libraries with its ASan and UBSan runtimes and
# the 32-bit C library; Debian 12's gcc-multilib would bring them too, but it conflicts with the
# riscv64 cross compilers (it owns /usr/include/asm, which the Makefile provides to -m32 itself).
host_pkgs=(make gcc libc6-dev libcmocka-dev
	lib32gcc-12-dev lib32asan8 lib32ubsan1 libc6-dev-i386
	gcc-riscv64-linux-gnu libc6-dev-riscv64-cross gcc-riscv64-unknown-elf
	device-tree-compiler libfdt-dev linux-libc-dev-riscv64-cross cppcheck clang-format
	qemu-system-misc opensbi cpio gzip perl-base xz-utils e2fsprogs
	gpgv debian-archive-keyring ca-certificates)
# `make fuzz` alone (tools/deps.sh fuzz): clang and its libFuzzer and sanitizer runtimes.
fuzz_pkgs=(clang libclang-rt-dev)
# `make deps-rv32` alone (tools/deps.sh rv32), building the RV32 dependencies from Debian's
# sources (tools/rv32-deps.sh): bc, flex and bison for the kernel's build, python3 for OpenSBI's
# (its Kconfiglib scripts), picolibc's headers for libfdt's.
rv32_pkgs=(bc flex bison python3 picolibc-riscv64-unknown-elf)
riscv_pkgs=(linux-image-riscv64 busybox-static libfdt-dev opensbi)
# The 32-bit unit tests' libraries (make unit32), from the machine's own suite: cmocka and libfdt.
i386_pkgs=(libcmocka-dev libfdt-dev)
# linux-libc-dev of trixie (Linux 6.12) and of forky (testing, newer: the SBI FWFT registers).
header_suites=(trixie forky)
# The private apt set-up (apt_opts, apt_update), shared with tools/rv32-deps.sh.
# shellcheck source=tools/debian-apt.sh
. "$top/tools/debian-apt.sh"

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

# The .deb packages that make up one entry of riscv_pkgs.
debs_of() { # package
	local kpkg
	case $1 in
	linux-image-riscv64)
		# A metapackage: download the versioned image it depends on.
		kpkg=$(apt-cache "${opts[@]}" depends linux-image-riscv64 |
			sed -nE 's/^ *Depends: (linux-image-[0-9][^ ]*-riscv64)$/\1/p' | head -n 1)
		if [ -z "$kpkg" ]; then
			echo "deps: cannot resolve linux-image-riscv64" >&2
			exit 1
		fi
		echo "$kpkg" ;;
	libfdt-dev) echo libfdt-dev libfdt1 ;;
	libcmocka-dev) echo libcmocka-dev libcmocka0 ;;
	linux-perf)
		# Debian's perf and what it loads: the libraries of its recursive Depends. Its perl and
		# python interpreters, their standard libraries and modules serve only perf's script
		# engines (perf stat never starts them): left out.
		apt-cache "${opts[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts \
			--no-breaks --no-replaces --no-enhances linux-perf |
			sed -nE '/^[a-z0-9]/p' | sort -u |
			grep -E '^(linux-perf|lib.*|zlib1g|gcc-[0-9]+-base)$' |
			grep -vE '^lib(python3-stdlib|python3\.[0-9]+-(stdlib|minimal)|text-.*|debian-installer.*)$' ;;
	*) echo "$1" ;;
	esac
}

# Downloads each package of a suite and architecture that has no stamp in dest yet and extracts it
# into dest; one stamp per package, so a package added to a list is fetched into an existing cache.
fetch_suite() { # suite arch dest package...
	local suite=$1 arch=$2 dest=$3 missing=() p deb updated=
	shift 3
	for p in "$@"; do
		[ -f "$dest/.fetched-$p" ] || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	apt_opts "$suite" deb "$arch"
	mkdir -p "$dest"
	echo "deps: fetching $arch packages from $suite: ${missing[*]}"
	for p in "${missing[@]}"; do
		[ -n "$updated" ] || { apt_update "$suite"; updated=1; }
		# shellcheck disable=SC2046 # debs_of prints one word per package
		(cd "$apt_dir/debs" && rm -f ./*.deb && apt-get "${opts[@]}" download $(debs_of "$p") >/dev/null)
		for deb in "$apt_dir/debs"/*.deb; do
			dpkg-deb -x "$deb" "$dest"
		done
		touch "$dest/.fetched-$p"
	done
}

fetch_riscv_packages() {
	local rv=$cache/riscv64 p image
	# A cache made before per-package stamps has one stamp for these four (left in place for
	# checkouts that still look for it).
	if [ -f "$rv/.fetched" ]; then
		for p in linux-image-riscv64 busybox-static libfdt-dev opensbi; do
			[ -f "$rv/.fetched-$p" ] || touch "$rv/.fetched-$p"
		done
	fi
	fetch_suite trixie riscv64 "$rv" "${riscv_pkgs[@]}"
	if [ ! -e "$rv/Image" ]; then
		image=$(ls "$rv/boot"/vmlinu[xz]-*-riscv64 | head -n 1)
		ln -sf "${image#"$rv/"}" "$rv/Image"
	fi
	# Linux's uapi headers (asm/kvm.h) of two suites, for the ONE_REG id test; each in its own
	# folder so the hypervisor build never sees them.
	for p in "${header_suites[@]}"; do
		fetch_suite "$p" riscv64 "$cache/linux-headers/$p" linux-libc-dev
	done
	# Debian's perf for the Linux guest's disk (tools/mkdisk.sh, linux_perf_stat.case), apart.
	fetch_suite trixie riscv64 "$cache/perf" linux-perf
}

# The i386 cmocka and libfdt of the machine's own Debian release (its libc6-i386 is that release's),
# for make unit32.
fetch_i386_packages() {
	local suite
	suite=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release)
	if [ -z "$suite" ]; then
		echo "deps: no VERSION_CODENAME in /etc/os-release: cannot tell which suite's i386 libraries to fetch" >&2
		exit 1
	fi
	fetch_suite "$suite" i386 "$cache/i386" "${i386_pkgs[@]}"
}

case ${1-} in
'') ;;
fuzz) host_pkgs+=("${fuzz_pkgs[@]}") ;;
rv32) host_pkgs+=("${rv32_pkgs[@]}") ;;
*) echo "usage: tools/deps.sh [fuzz|rv32]" >&2; exit 2 ;;
esac
install_host_packages
fetch_riscv_packages
fetch_i386_packages
