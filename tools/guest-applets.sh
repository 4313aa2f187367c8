# SPDX-License-Identifier: Apache-2.0
# Sourced by tools/mkinitramfs.sh and tools/mkdisk.sh: the busybox applets the guest's /init
# and its io-steps run, and a few more for the shell (in interactive mode /init also runs
# `busybox --install -s /bin` for the rest).
# shellcheck disable=SC2034 # used by the scripts that source this
applets=(sh ash awk cat cp cttyhack cut date dd dmesg echo free grep head insmod kill ls mkdir mount
	mv nproc od poweroff ps reboot rm setsid sha256sum sleep switch_root sync tail test umount uname
	vi wc blockdev ip nc ping md5sum tr seq udhcpc)

