#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds rvkvm's RV32 dependencies from Debian trixie's sources into cache/rv32 (make deps-rv32):
#   fw_dynamic.bin      OpenSBI, generic platform, rv32 (Debian source package opensbi)
#   libfdt/             libfdt.a for rv32imac/ilp32, freestanding, and its public headers
#                       (Debian source package device-tree-compiler)
#   Image, Image.config an RV32 Linux kernel: tinyconfig with tools/rv32/linux.config merged over
#                       it (Debian's linux source package, as its linux-source-6.12 package ships it)
#   initramfs.cpio      tools/rv32/init.c, built with that kernel source's nolibc, as /init
#   sdk/                what building the init needs once the kernel tree is gone: nolibc, the
#                       kernel's uapi headers and the kernel's gen_init_cpio
# Each artefact is built once and has a stamp (.built-NAME) holding what it was built from: the
# Debian file and the checksums of this repository's inputs; a stamp that no longer matches (a
# changed config fragment or init) rebuilds that artefact, and a new kernel the init on its
# headers, nothing else. The downloaded sources stay in cache/rv32/src, so a rebuild needs no
# network; the unpacked trees are removed after a build, and cache/rv32/build keeps the logs.
# Needs the host packages tools/deps.sh installs (make deps-rv32 runs it first).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${RVKVM_CACHE:-$top/cache}
out=$cache/rv32
src=$out/src
work=$out/build
# The machine's cores are shared: never more than two jobs.
jobs=2
# shellcheck source=tools/debian-apt.sh
. "$top/tools/debian-apt.sh"

fragment=$top/tools/rv32/linux.config
init_c=$top/tools/rv32/init.c
start=$SECONDS

say() { echo "deps-rv32: $*"; }
die() {
	echo "deps-rv32: $*" >&2
	exit 1
}

# --- sources ------------------------------------------------------------------------------

# OpenSBI's and dtc's sources through a private deb-src list. apt takes the file's size and
# SHA256 from trixie's Sources index, whose own hash is in the InRelease file signed with
# Debian's archive key (checked against the keyring, nothing else trusted), and refuses a file
# that does not match. Only the .orig tarball (--tar-only): the mirror this project reaches
# serves the source packages' .orig tarballs but not their .dsc and .debian.tar.xz (a 404 for
# each), so these are the upstream sources as Debian's archive carries them, without Debian's
# packaging (its debian/ folder and patches).
fetch_orig_tarballs() { # package...
	local missing=() p
	for p in "$@"; do
		[ -f "$src/$p/.fetched" ] || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	apt_opts trixie deb-src
	apt_update trixie
	for p in "${missing[@]}"; do
		say "fetching the source of $p (trixie)"
		rm -rf "${src:?}/$p" && mkdir -p "$src/$p"
		(cd "$src/$p" && apt-get "${opts[@]}" source --download-only --tar-only -q "$p" >/dev/null)
		touch "$src/$p/.fetched"
	done
}

# Linux's source as Debian builds it: the binary package linux-source-6.12 of the linux source
# package carries the whole tree with Debian's patches applied, as one tarball. It comes through
# tools/deps.sh's private trixie list, checked the same way against the signed Packages index.
# (The linux source package's own .orig tarball is not on this project's mirror.)
fetch_linux_source() {
	[ -f "$src/linux/.fetched" ] && return 0
	apt_opts trixie
	apt_update trixie
	say "fetching linux-source-6.12 (trixie)"
	rm -rf "${src:?}/linux" && mkdir -p "$src/linux"
	(cd "$src/linux" && apt-get "${opts[@]}" download -q linux-source-6.12 >/dev/null)
	touch "$src/linux/.fetched"
}

one_file() { # glob: the single file it names
	local f
	# shellcheck disable=SC2206 # the glob is meant to expand
	f=($1)
	if [ ${#f[@]} -ne 1 ] || [ ! -f "${f[0]}" ]; then
		die "expected one file for $1, found: ${f[*]}"
	fi
	echo "${f[0]}"
}

# --- stamps -------------------------------------------------------------------------------

is_built() { # name key
	[ -f "$out/.built-$1" ] && [ "$(cat "$out/.built-$1")" = "$2" ]
}

mark_built() { # name key
	echo "$2" >"$out/.built-$1"
}

checksum() { # file
	sha256sum "$1" | cut -c1-16
}

timed() { # what command...: runs it and says how long it took
	local what=$1 t0=$SECONDS
	shift
	"$@"
	say "$what took $((SECONDS - t0)) s"
}

# --- OpenSBI ------------------------------------------------------------------------------

# riscv64-linux-gnu- rather than riscv64-unknown-elf-: OpenSBI 1.6 links a position-independent
# image, and Debian 12's riscv64-unknown-elf linker cannot make one. gcc emits rv32 for either
# with PLATFORM_RISCV_XLEN=32; OpenSBI needs no C library.
build_opensbi() {
	local tarball dir
	tarball=$(one_file "$src/opensbi/opensbi_*.orig.tar.*")
	rm -rf "$work/opensbi" && mkdir -p "$work/opensbi"
	tar -xf "$tarball" -C "$work/opensbi"
	dir=$(one_file "$work/opensbi/opensbi-*/Makefile")
	make -C "${dir%/Makefile}" -j"$jobs" PLATFORM=generic PLATFORM_RISCV_XLEN=32 \
		CROSS_COMPILE=riscv64-linux-gnu- O="$work/opensbi/out" >"$work/opensbi.log" 2>&1 ||
		{ tail -n 20 "$work/opensbi.log" >&2; die "OpenSBI build failed (log: $work/opensbi.log)"; }
	cp "$work/opensbi/out/platform/generic/firmware/fw_dynamic.bin" "$out/fw_dynamic.bin"
	rm -rf "$work/opensbi"
}

# --- libfdt -------------------------------------------------------------------------------

# dtc's own Makefile builds its libfdt.a target, with our target flags added to its own warnings
# and -Werror (EXTRA_CFLAGS) and no -fPIC (SHAREDLIB_CFLAGS). libfdt includes a few C library
# headers (stdint.h, string.h, stdlib.h, limits.h): picolibc's for riscv64-unknown-elf, which has
# the rv32 multilibs. The library calls memcpy, strlen and the like, which the program linking it
# supplies (rvkvm's lib/string.c).
libfdt_cflags="-O2 -march=rv32imac_zicsr_zifencei -mabi=ilp32 -mcmodel=medany -ffreestanding \
-fno-pie -fno-stack-protector"

build_libfdt() {
	local tarball dir
	tarball=$(one_file "$src/device-tree-compiler/device-tree-compiler_*.orig.tar.*")
	rm -rf "$work/dtc" && mkdir -p "$work/dtc"
	tar -xf "$tarball" -C "$work/dtc"
	dir=$(one_file "$work/dtc/dtc-*/Makefile")
	dir=${dir%/Makefile}
	make -C "$dir" libfdt/libfdt.a CC="riscv64-unknown-elf-gcc --specs=picolibc.specs" \
		AR=riscv64-unknown-elf-ar SHAREDLIB_CFLAGS= EXTRA_CFLAGS="$libfdt_cflags" \
		>"$work/libfdt.log" 2>&1 ||
		{ tail -n 20 "$work/libfdt.log" >&2; die "libfdt build failed (log: $work/libfdt.log)"; }
	rm -rf "$out/libfdt" && mkdir -p "$out/libfdt/include"
	cp "$dir/libfdt/libfdt.a" "$out/libfdt/libfdt.a"
	cp "$dir/libfdt/fdt.h" "$dir/libfdt/libfdt.h" "$dir/libfdt/libfdt_env.h" "$out/libfdt/include/"
	rm -rf "$work/dtc"
}

# --- Linux --------------------------------------------------------------------------------

kmake() { # target...: make in the kernel tree, objects in its own folder
	make -C "$ktree" O="$kobj" ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- "$@"
}

# Every option the fragment sets must be in the final .config as written (merge_config only warns
# when an option's dependencies drop it), and every one it unsets must be unset.
check_config() {
	local line opt bad=0
	while read -r line; do
		case $line in
		CONFIG_*)
			grep -qxF "$line" "$kobj/.config" || { echo "  not in .config: $line" >&2; bad=1; } ;;
		"# CONFIG_"*" is not set")
			opt=${line#\# }
			opt=${opt%% *}
			if grep -q "^$opt=" "$kobj/.config"; then
				echo "  set in .config: $opt" >&2
				bad=1
			fi ;;
		esac
	done <"$fragment"
	[ "$bad" -eq 0 ] || die "the kernel config lost options of $fragment"
}

build_linux() {
	local deb log=$work/linux.log
	deb=$(one_file "$src/linux/linux-source-*.deb")
	rm -rf "$work/linux" && mkdir -p "$work/linux/obj"
	say "unpacking $(basename "$deb")"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards './usr/src/linux-source-*.tar.xz' |
		tar -xJ -C "$work/linux"
	ktree=$(one_file "$work/linux/linux-source-*/Makefile")
	ktree=${ktree%/Makefile}
	kobj=$work/linux/obj
	say "configuring: tinyconfig + $(basename "$fragment")"
	{
		kmake tinyconfig &&
			"$ktree/scripts/kconfig/merge_config.sh" -m -O "$kobj" "$kobj/.config" "$fragment" &&
			kmake olddefconfig
	} >"$log" 2>&1 || { tail -n 20 "$log" >&2; die "kernel configuration failed (log: $log)"; }
	check_config
	say "building the kernel (make -j$jobs Image)"
	kmake -j"$jobs" Image >>"$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; die "kernel build failed (log: $log)"; }
	cp "$kobj/arch/riscv/boot/Image" "$out/Image"
	cp "$kobj/.config" "$out/Image.config"

	# The init's build kit: the kernel's uapi headers (make headers, copied as headers_install
	# would, which needs rsync), nolibc's headers over them, and gen_init_cpio.
	rm -rf "$out/sdk" && mkdir -p "$out/sdk/bin" "$out/sdk/sysroot/include"
	kmake headers >>"$log" 2>&1 || { tail -n 20 "$log" >&2; die "make headers failed (log: $log)"; }
	cp -R "$kobj/usr/include/." "$out/sdk/sysroot/include/"
	find "$out/sdk/sysroot/include" -name '.*' -type f -delete
	make -C "$ktree/tools/include/nolibc" headers ARCH=riscv OUTPUT="$out/sdk/" >>"$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; die "installing nolibc's headers failed (log: $log)"; }
	cp "$kobj/usr/gen_init_cpio" "$out/sdk/bin/"
	rm -rf "$work/linux"
}

# --- the init and its initramfs -----------------------------------------------------------

# nolibc's way: no C library, its headers included first, static. rv32ima with the CSR
# instructions for rdtime; no 64-bit division in init.c, since this compiler has no rv32 libgcc.
build_init() {
	local sys=$out/sdk/sysroot/include dir=$work/init
	rm -rf "$dir" && mkdir -p "$dir"
	riscv64-linux-gnu-gcc -std=gnu11 -Os -Wall -Wextra -Werror -march=rv32ima_zicsr_zifencei \
		-mabi=ilp32 -static -no-pie -nostdlib -ffreestanding -fno-asynchronous-unwind-tables \
		-fno-stack-protector -Wl,--build-id=none -isystem "$sys" -include nolibc.h \
		-o "$dir/init" "$init_c"
	cat >"$dir/list" <<-EOF
		dir /dev 0755 0 0
		nod /dev/console 0600 0 0 c 5 1
		dir /proc 0755 0 0
		dir /sys 0755 0 0
		file /init $dir/init 0755 0 0
	EOF
	"$out/sdk/bin/gen_init_cpio" "$dir/list" >"$out/initramfs.cpio.tmp"
	mv "$out/initramfs.cpio.tmp" "$out/initramfs.cpio"
	rm -rf "$dir"
}

# --- main ---------------------------------------------------------------------------------

mkdir -p "$out" "$work"
fetch_orig_tarballs opensbi device-tree-compiler
fetch_linux_source

# Each build runs as a plain command, so that set -e stops at any step that fails inside it.
key=$(basename "$(one_file "$src/opensbi/opensbi_*.orig.tar.*")")
if ! is_built opensbi "$key"; then
	timed "OpenSBI" build_opensbi
	mark_built opensbi "$key"
fi

key=$(basename "$(one_file "$src/device-tree-compiler/device-tree-compiler_*.orig.tar.*")")
if ! is_built libfdt "$key"; then
	timed "libfdt" build_libfdt
	mark_built libfdt "$key"
fi

linux_deb=$(basename "$(one_file "$src/linux/linux-source-*.deb")")
key="$linux_deb $(checksum "$fragment")"
if ! is_built linux "$key"; then
	rm -f "$out/.built-init"
	timed "Linux" build_linux
	mark_built linux "$key"
fi

key="$linux_deb $(checksum "$init_c")"
if ! is_built init "$key"; then
	timed "the init" build_init
	mark_built init "$key"
fi

say "cache/rv32 is ready ($((SECONDS - start)) s)"
