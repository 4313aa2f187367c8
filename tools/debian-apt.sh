# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash disable=SC2154 # top and cache are the caller's
# Private apt for Debian suites, sourced by tools/deps.sh (riscv64 binary packages, and the i386
# libraries of the 32-bit host unit tests) and tools/rv32-deps.sh (source packages): a sources list, lists and archives of its own under the
# cache, Debian's archive keyring as the only trust, and nothing of the machine's own apt sources
# or state touched. The caller sets top and cache.

# The keys Debian signs its suites with (bookworm's package has trixie's and forky's signers).
archive_keyring=/usr/share/keyrings/debian-archive-keyring.gpg

# Private apt options for one Debian suite, kind (deb: binaries, the default; deb-src: source
# packages) and architecture (riscv64 unless named): its own sources list, lists and archives under
# cache/apt (trixie's riscv64 binaries, the suite everything else comes from), cache/apt-SUITE, and
# a -src folder beside each for sources; another architecture's under cache/ARCH/apt-SUITE.
apt_opts() { # suite [kind] [arch] -> sets the global arrays opts and the variables apt_dir, apt_kind, apt_arch
	local suite=$1
	apt_kind=${2:-deb}
	apt_arch=${3:-riscv64}
	apt_dir=$cache/apt
	[ "$suite" = trixie ] || apt_dir=$cache/apt-$suite
	[ "$apt_arch" = riscv64 ] || apt_dir=$cache/$apt_arch/apt-$suite
	[ "$apt_kind" = deb ] || apt_dir=$apt_dir-src
	opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=-"
		-o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir"
		-o "APT::Architecture=$apt_arch" -o "APT::Architectures::=$apt_arch"
		-o "Acquire::Languages=none" -o "APT::Sandbox::User=root" -o "Debug::NoLocking=1")
}

# Writes the private sources list of the suite apt_opts chose and reads its signed indexes
# (Release is checked against the archive keyring; Packages and Sources against Release's hashes).
apt_update() { # suite
	local mirror arch=
	mirror=$("$top/tools/debian-mirror.sh")
	mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/debs"
	[ "$apt_kind" = deb ] && arch="arch=$apt_arch "
	echo "$apt_kind [${arch}signed-by=$archive_keyring] $mirror $1 main" >"$apt_dir/sources.list"
	apt-get "${opts[@]}" update -q >/dev/null
}
