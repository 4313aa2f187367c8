#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks the VM bundle ./rvkvm run packs: every kernel's and initrd's data starts page aligned in
# the archive, and each payload is byte for byte its file. QEMU is a stand-in that keeps its
# -initrd. Prints "ok NAME" or "FAIL NAME".
set -u
cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
img=build/guests/sbi_base.img

mkdir "$tmp/bin"
cat >"$tmp/bin/qemu-system-riscv64" <<'EOF'
#!/usr/bin/env bash
while [ $# -gt 0 ]; do
	[ "$1" != -initrd ] || cp "$2" "$RVKVM_TEST_BUNDLE"
	shift
done
EOF
chmod +x "$tmp/bin/qemu-system-riscv64"
# Odd sizes, so that nothing lines up by chance.
head -c 12345 /dev/urandom >"$tmp/initrd-a"
head -c 777 /dev/urandom >"$tmp/initrd-b"

# newc entries of the archive: "name data-offset size" per regular file, up to the trailer.
list_entries() {
	perl -e '
		local $/; my $d = <STDIN>; my $p = 0;
		while (1) {
			die "bad magic at $p\n" unless substr($d, $p, 6) eq "070701";
			my @f = map { hex(substr($d, $p + 6 + 8 * $_, 8)) } 0 .. 12;
			my $name = substr($d, $p + 110, $f[11] - 1);
			my $data = ($p + 110 + $f[11] + 3) & ~3;
			last if $name eq "TRAILER!!!";
			print "$name $data $f[6]\n" if ($f[1] & 0170000) == 0100000;
			$p = ($data + $f[6] + 3) & ~3;
		}' <"$1"
}

check() { # name, ./rvkvm run arguments...
	local name=$1 bad="" n=0 entry off size file
	shift
	rm -f "$tmp/bundle.cpio"
	if ! PATH="$tmp/bin:$PATH" RVKVM_TEST_BUNDLE="$tmp/bundle.cpio" ./rvkvm run "$@" \
		</dev/null >"$tmp/out" 2>&1 || [ ! -s "$tmp/bundle.cpio" ]; then
		echo "FAIL $name (no bundle: $(head -c 200 "$tmp/out"))"
		return
	fi
	while read -r entry off size; do
		case $entry in
		*/kernel | */initrd) ;;
		*) continue ;;
		esac
		n=$((n + 1))
		[ $((off % 4096)) -eq 0 ] || bad+=" $entry at $off"
		file=$(sed -n "s|^$entry=||p" "$tmp/files")
		cmp -s <(tail -c +$((off + 1)) "$tmp/bundle.cpio" | head -c "$size") "$file" ||
			bad+=" $entry differs from $file"
	done < <(list_entries "$tmp/bundle.cpio")
	if [ -z "$bad" ] && [ "$n" -eq "$(wc -l <"$tmp/files")" ]; then
		echo "ok $name"
	else
		echo "FAIL $name ($n payloads;$bad)"
	fi
}

printf 'vm0/kernel=%s\n' "$img" >"$tmp/files"
check bundle-kernel-only --kernel "$img" --mem 64M
printf 'vm0/kernel=%s\nvm0/initrd=%s\n' "$img" "$tmp/initrd-a" >"$tmp/files"
check bundle-kernel-initrd --kernel "$img" --initrd "$tmp/initrd-a" --mem 64M
printf 'vm0/kernel=%s\nvm0/initrd=%s\nvm1/kernel=%s\nvm2/kernel=%s\nvm2/initrd=%s\n' "$img" \
	"$tmp/initrd-a" "$img" "$img" "$tmp/initrd-b" >"$tmp/files"
check bundle-three-vms --vm --kernel "$img" --initrd "$tmp/initrd-a" --mem 64M --append "x=1" \
	--vm --kernel "$img" --mem 64M --name web \
	--vm --kernel "$img" --initrd "$tmp/initrd-b" --mem 64M
