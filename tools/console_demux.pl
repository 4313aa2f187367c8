#!/usr/bin/perl
# SPDX-License-Identifier: Apache-2.0
# Splits rvkvm's console stream (QEMU's serial output) for ./rvkvm run: shows the hypervisor's
# lines and the output of the VM the console shows, keeps the output of hidden VMs to show when
# the console switches to them, writes every VM's output to its log file, and turns
# "rvkvm-dtb: NAME: HEX" lines back into device-tree files.
#
#   console_demux.pl [--names N0,N1,...] [--log-dir DIR] [--dtb NAME=FILE]... [--keep BYTES]
#
# The framing is platform/console_mux.h's: DLE 'h' the hypervisor, DLE 'o' X VM X's output,
# DLE 's' X the console now shows VM X, DLE DLE one DLE byte. An unframed stream is all the
# hypervisor's (a single VM without logs).
use strict;
use warnings;
use IO::Handle;

my $DLE = "\x10";
my $DTB_PREFIX = 'rvkvm-dtb: ';
my (@names, %dtb, @log);
my $log_dir;
my $keep = 64 * 1024; # bytes of a hidden VM's output kept for when it is shown

while (@ARGV) {
	my $opt = shift @ARGV;
	my $val = shift @ARGV;
	die "console_demux: $opt needs a value\n" unless defined $val;
	if ($opt eq '--names') {
		@names = split /,/, $val;
	} elsif ($opt eq '--log-dir') {
		$log_dir = $val;
	} elsif ($opt eq '--dtb') {
		my ($name, $file) = split /=/, $val, 2;
		open(my $fh, '>', $file) or die "console_demux: cannot write $file: $!\n";
		binmode $fh;
		$dtb{$name} = $fh;
	} elsif ($opt eq '--keep') {
		$keep = $val;
	} else {
		die "console_demux: unknown option $opt\n";
	}
}
if (defined $log_dir) {
	for my $i (0 .. $#names) {
		my $file = "$log_dir/$names[$i].log";
		open(my $fh, '>', $file) or die "console_demux: cannot write $file: $!\n";
		binmode $fh;
		$fh->autoflush(1);
		$log[$i] = $fh;
	}
}
binmode STDIN;
binmode STDOUT;
STDOUT->autoflush(1);

my $source = -1;      # whose bytes these are: -1 the hypervisor, else a VM
my $shown = 0;
my @hidden = map { '' } @names;
my $state = '';       # '' plain bytes; 'dle' after DLE; 'o' or 's' waiting for the VM digit
my $at_line_start = 1; # of what is on the screen
my $line = '';         # the hypervisor's current line, while it may still be a dtb line
my $line_shown = 0;    # the start of the current hypervisor line is on the screen already

sub show {
	my ($s) = @_;
	return if $s eq '';
	print STDOUT $s;
	$at_line_start = substr($s, -1) eq "\n";
}

# One whole hypervisor line (with its line break), or the last bytes before the stream ended.
sub host_line {
	my ($l) = @_;
	if ($l =~ /^\Q$DTB_PREFIX\E([A-Za-z0-9_-]+): ([0-9a-f]+)\r?\n\z/ && $dtb{$1}) {
		print { $dtb{$1} } pack('H*', $2);
		return;
	}
	# A hypervisor line starts on a line of its own, even after a VM's prompt.
	show("\r\n") if !$at_line_start && @names;
	show($l);
}

sub host_bytes {
	my ($s) = @_;
	while ($s ne '') {
		my $nl = index($s, "\n");
		my $piece = $nl < 0 ? $s : substr($s, 0, $nl + 1);
		$s = $nl < 0 ? '' : substr($s, $nl + 1);
		if ($line_shown) {
			show($piece);
			$line_shown = 0 if $nl >= 0;
			next;
		}
		$line .= $piece;
		if ($nl >= 0) {
			host_line($line);
			$line = '';
		} elsif (index($line, $DTB_PREFIX) != 0 && index($DTB_PREFIX, $line) != 0) {
			# Not a dtb line: show it now, a prompt must not wait for its line break.
			host_line($line);
			$line = '';
			$line_shown = 1;
		}
	}
}

sub vm_bytes {
	my ($vm, $s) = @_;
	print { $log[$vm] } $s if $log[$vm];
	if ($vm == $shown) {
		show($s);
		return;
	}
	$hidden[$vm] .= $s;
	substr($hidden[$vm], 0, length($hidden[$vm]) - $keep) = '' if length($hidden[$vm]) > $keep;
}

sub bytes {
	my ($s) = @_;
	return if $s eq '';
	if ($source < 0) {
		host_bytes($s);
	} else {
		vm_bytes($source, $s);
	}
}

sub vm_digit {
	my ($c) = @_;
	return -1 unless $c =~ /^[0-9a-f]\z/;
	my $vm = hex $c;
	return $vm <= $#names ? $vm : -1;
}

# Leaving the hypervisor's stream: what it has of a line goes out now.
sub set_source {
	my ($new) = @_;
	if ($source < 0 && $new >= 0 && $line ne '') {
		host_line($line);
		$line = '';
		$line_shown = 1;
	}
	$source = $new;
}

my $buf;
while (sysread(STDIN, $buf, 65536)) {
	my $pos = 0;
	my $len = length $buf;
	while ($pos < $len) {
		if ($state eq '') {
			my $dle = index($buf, $DLE, $pos);
			if ($dle < 0) {
				bytes(substr($buf, $pos));
				last;
			}
			bytes(substr($buf, $pos, $dle - $pos));
			$pos = $dle + 1;
			$state = 'dle';
			next;
		}
		my $c = substr($buf, $pos++, 1);
		if ($state eq 'dle') {
			$state = '';
			if ($c eq $DLE) {
				bytes($DLE);
			} elsif ($c eq 'h') {
				set_source(-1);
			} elsif ($c eq 'o' || $c eq 's') {
				$state = $c;
			}
			next;
		}
		my $vm = vm_digit($c);
		if ($vm >= 0 && $state eq 'o') {
			set_source($vm);
		} elsif ($vm >= 0) {
			$shown = $vm;
			show($hidden[$vm]);
			$hidden[$vm] = '';
		}
		$state = '';
	}
}
host_line($line) if $line ne '';
close $_ for grep { defined } @log, values %dtb;
