#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the hand-made seed inputs of tests/fuzz/corpus/<target>/seed-*.

Each seed is an input the fuzz target reads byte by byte (see the target's source for the
layout); they start the fuzzer on the interesting paths: valid Image headers, a bundle like the
one ./rvkvm run packs, config files, load/store encodings, a machine like the VMM builds, and
short device and SBI sessions. Run from the repository root; it only (re)writes seed-* files.
"""
import os
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def put(target, name, data):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def u8(v):
    return struct.pack("<B", v & 0xff)


def u16(v):
    return struct.pack("<H", v & 0xffff)


def u32(v):
    return struct.pack("<I", v & 0xffffffff)


def u64(v):
    return struct.pack("<Q", v & 0xffffffffffffffff)


# ---- insn_decode: (raw word, htinst) pairs -------------------------------------------------

def i_load(f3, rd, rs1, imm=0):
    return (imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | 0x03


def i_store(f3, rs2, rs1, imm=0):
    return ((imm >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (imm & 0x1f) << 7 | 0x23


def c_q(q, f3, rest):
    return f3 << 13 | rest << 2 | q


def insn_seeds():
    loads = [i_load(f3, 5 + f3, 10, 8 * f3) for f3 in range(8)]
    stores = [i_store(f3, 6 + f3, 11, 4 * f3) for f3 in range(8)]
    # Transformed forms as htinst holds them: immediates zero, rs1 = address offset.
    ht = [i_load(f3, 7, 0) for f3 in range(8)] + [i_store(f3, 9, 0) for f3 in range(8)]
    put("insn_decode", "rv64i-loads", b"".join(u32(w) + u32(h) for w, h in zip(loads, ht)))
    put("insn_decode", "rv64i-stores", b"".join(u32(w) + u32(h) for w, h in zip(stores, ht[8:])))
    # Compressed: C.LW C.LD C.SW C.SD (quadrant 0), C.LWSP C.LDSP C.SWSP C.SDSP (quadrant 2),
    # their FP forms, C.LWSP with rd = 0 (reserved), C.ADDI4SPN and all-zero (illegal).
    comp = [c_q(0, 2, 0x1ff), c_q(0, 3, 0x0a5), c_q(0, 6, 0x3c3), c_q(0, 7, 0x7ff),
            c_q(2, 2, 0x0a << 5 | 0x04), c_q(2, 3, 0x01 << 5), c_q(2, 6, 0x2a1), c_q(2, 7, 0x7c0),
            c_q(0, 1, 0x12), c_q(0, 5, 0x12), c_q(2, 1, 0x40), c_q(2, 5, 0x40),
            c_q(2, 2, 0), c_q(2, 3, 0), c_q(0, 0, 0x100), 0, c_q(0, 4, 0x55), c_q(1, 2, 0x10)]
    # htinst of a trapping compressed access: the 32-bit form with bit 1 cleared.
    cht = [i_load(2, 8 + (i % 8), 0) & ~2 for i in range(len(comp))]
    put("insn_decode", "rv64c", b"".join(u32(0xdead0000 | w) + u32(h) for w, h in zip(comp, cht)))
    odd = [
        0x0000a007, 0x0000b027,  # FLW, FSD
        0x0000202f | 5 << 7, 0x1000302f,  # AMOADD.W, LR.D
        0x0000702f, 0x0000501f,  # AMO funct3 7 (reserved), a 48-bit prefix
        0x0000003f, 0xffffffff, 0x00000013, 0x00100073,  # 64-bit prefix, all ones, NOP, EBREAK
    ]
    hodd = [
        0x00002000, 0x00003020,  # pseudoinstructions (VS-stage walk, bits 1:0 = 00)
        i_load(3, 4, 5), i_store(2, 6, 31),  # a non-zero address offset
        0x0000202f, 0, 0xffffffff, 1, 3, i_store(0, 0, 0),
    ]
    put("insn_decode", "fp-amo-long", b"".join(u32(w) + u32(h) for w, h in zip(odd, hodd)))
    put("insn_decode", "short", b"\x83\x22")


# ---- image: Image headers, then a RAM size and an initrd size for the loader ---------------

def image_header(text=0x200000, size=0x1e6b000, flags=0, version=2, magic=True, magic2=True,
                 code0=0x0d60106f):
    h = u32(code0) + u32(0) + u64(text) + u64(size) + u64(flags) + u32(version) + u32(0) + u64(0)
    h += b"RISCV\0\0\0" if magic else u64(0)
    h += b"RSC\x05" if magic2 else u32(0)
    h += u32(0)
    assert len(h) == 64
    return h


def image_seeds():
    loader = u8(0) + u16(256) + u8(0) + u32(8 << 20)  # 256 MiB of RAM, an 8 MiB initrd
    put("image", "linux", image_header() + loader)
    put("image", "test-guest", image_header(text=0, size=0x26060, code0=0x6be0006f) + loader)
    put("image", "old-magic-only", image_header(magic2=False) + u8(2) + u32(4096))
    put("image", "magic2-only", image_header(magic=False) + u8(1) + u64(0x7fffffffffffffff))
    put("image", "big-endian", image_header(flags=1))
    put("image", "misaligned", image_header(text=0x200800))
    put("image", "overflow", image_header(text=0xfffffffffffff000, size=0x2000))
    put("image", "huge-size", image_header(size=0xffffffffffff0000) + u8(3) + u16(7))
    put("image", "no-magic", image_header(magic=False, magic2=False))
    put("image", "too-small", image_header()[:63])


# ---- bundle: newc cpio archives ------------------------------------------------------------

def newc(name, data=b"", mode=0o100644, magic=b"070701", ino=1, nlink=1):
    fields = [ino, mode, 0, 0, nlink, 0, len(data), 0, 0, 0, 0, len(name) + 1, 0]
    hdr = magic + b"".join(b"%08X" % v for v in fields)
    out = hdr + name.encode() + b"\0"
    out += b"\0" * (-len(out) % 4)
    out += data
    out += b"\0" * (-len(out) % 4)
    return out


def archive(*entries):
    out = b""
    for e in entries:
        # Entries are aligned from the start of the archive, so pad each to where it lands.
        out += e
    return out + newc("TRAILER!!!", mode=0, ino=0)


CONFIG = b"cpus=2\nmem=268435456\nappend=console=ttyS0 earlycon=sbi\nstats=1\n"


def bundle_seeds():
    kernel = image_header(text=0, size=0x3000, code0=0x0000006f) + b"\x13\0\0\0" * 16
    put("bundle", "rvkvm-run", archive(newc("./vm0", mode=0o040755), newc("./vm0/config", CONFIG),
                                        newc("./vm0/initrd", b"initrd!"),
                                        newc("./vm0/kernel", kernel)))
    put("bundle", "no-dot-slash", archive(newc("vm0/config", b"cpus=1\n"), newc("vm0/kernel", kernel)))
    put("bundle", "crc-magic", archive(newc("vm0/config", b"mem=64M\n", magic=b"070702"),
                                       newc("vm0/kernel", kernel, magic=b"070702")))
    put("bundle", "duplicate", archive(newc("vm0/config", b"cpus=1\n"),
                                       newc("./vm0/config", b"cpus=2\n"),
                                       newc("vm0/kernel", kernel)))
    put("bundle", "hardlink-symlink", archive(newc("vm0/config", b"", nlink=2, ino=7),
                                              newc("vm0/link", b"vm0/config", mode=0o120777),
                                              newc("vm0/kernel", kernel)))
    full = archive(newc("vm0/config", CONFIG), newc("vm0/kernel", kernel))
    put("bundle", "no-trailer", full[:-124])
    put("bundle", "truncated-data", full[:200])
    put("bundle", "bad-hex", full[:20] + b"G" + full[21:])
    put("bundle", "bad-kernel", archive(newc("vm0/config", b"cpus=64\nmem=1M\n"),
                                        newc("vm0/kernel", b"MZ not an image")))
    put("bundle", "initrd-too-big", archive(newc("vm0/config", b"mem=1M\n"),
                                            newc("vm0/kernel", kernel),
                                            newc("vm0/initrd", b"\0" * 2048)))
    long_append = b"append=" + b"x" * 1023 + b"\ncpus=64\nmem=16G\n"
    put("bundle", "biggest-tree", archive(newc("vm0/config", long_append), newc("vm0/kernel", kernel)))


# ---- vm_config: config texts; a first byte below 0x08 picks the error buffer size ----------

def config_seeds():
    seeds = {
        "rvkvm-run": CONFIG,
        "all-keys": b"name=guest-1_a\ncpus=64\nmem=1G\nappend=root=/dev/vda # not a comment\n"
                    b"gstage=sv48x4\nstats=0\ndump_dtb=1\ntestmem=2M\n",
        "blanks-comments": b"\n  # comment\n\t cpus \t=\t 3 \r\n\nmem = 65536K\r\n# end",
        "suffixes": b"mem=4096k\ntestmem=1g\n",
        "mem-overflow": b"mem=18446744073709551616\n",
        "mem-shift-overflow": b"mem=17179869184G\n",
        "mem-unaligned": b"mem=1048577\n",
        "mem-small": b"mem=1020K\n",
        "cpus-zero": b"cpus=0\n",
        "cpus-65": b"cpus=65\n",
        "cpus-leading-zeros": b"cpus=0000000000000000000064\n",
        "duplicate": b"cpus=1\ncpus=2\n",
        "unknown-key": b"cpu=2\n",
        "no-equals": b"cpus 2\n",
        "no-key": b" = 2\n",
        "nul": b"cpus=1\nappend=a\0b\n",
        "append-1023": b"append=" + b"a" * 1023,
        "append-1024": b"append=" + b"a" * 1024 + b"\n",
        "name-32": b"name=" + b"n" * 32 + b"\n",
        "name-bad": b"name=vm 0\n",
        "gstage-long": b"gstage=sv57x4sv57x4sv57x4\n",
        "flag-bad": b"stats=yes\n",
        "long-bad-value": b"mem=" + b"\x80\x1b[2J" * 30 + b"\n",
        "err0": b"\x00cpus=99\n",
        "err1": b"\x01cpus=99\n",
        "err2": b"\x02unknown=1\n",
        "err13": b"\x03name=!!!!\n",
        "empty": b"",
        "devices": b"disks=2\nrng=1\nconsole=virtio\nnics=vm vm=lan,mac=02:AB:cd:00:00:01\n"
                   b"exc_route=illegal:vmm,breakpoint:guest\nvmm_sbi=dbcn\nregtest=1\n",
        "nics-four": b"nics=vm=a vm=b vm=c vm=d,mac=06:00:00:00:00:01\n",
        "nics-five": b"nics=vm vm vm vm vm\n",
        "nics-user": b"nics=user,hostfwd=tcp:127.0.0.1:8080-:80\n",
        "nics-group-mac": b"nics=vm,mac=01:00:5e:00:00:01\n",
        "slots-nine": b"nics=vm vm vm\ndisks=6\n",
    }
    for k, v in seeds.items():
        put("vm_config", k, v)


# ---- fdt_build: the layout LLVMFuzzerTestOneInput in fuzz_fdt_build.c reads ---------------

def fdt_string(s, max_len):
    s = s.encode()
    n = len(s)
    assert n <= max_len
    return (u8(n) if max_len + 1 <= 256 else u16(n)) + s


def fdt_machine(cpus=2, isa="rv64imafdc_zicsr_zifencei_zihintpause_sstc",
                ext=("i", "m", "a", "f", "d", "c", "zicsr", "zifencei", "sstc"), mmu=2,
                ram_mib=128, bootargs="console=ttyS0 earlycon=sbi", initrd=(0x3e00, 0x100),
                virtio=0, buf=0):
    b = u8(cpus) + u8(0) + fdt_string(isa, 64) + u8(len(ext))
    for e in ext:
        b += u8(0) + fdt_string(e, 12)
    b += u8(0)  # isa_ext given
    b += u8(1) + u8(mmu)  # one of the three mmu types
    b += u8(1) + u8(1)  # 10 MHz timebase, RAM at 0x80000000
    b += u8(1) + u8(ram_mib)  # RAM size in MiB
    if bootargs is None:
        b += u8(0)
    else:
        b += u8(1) + u8(1) + fdt_string(bootargs, 2048)
    if initrd is None:
        b += u8(0)
    else:
        b += u8(1) + u16(initrd[0]) + u16(initrd[1])
    b += u8(1) * 6  # PLIC, UART as on virt
    b += u32(3686400) + u8(virtio) + u8(1) * 3
    b += u8(buf)
    return b


def fdt_seeds():
    put("fdt_build", "virt-2cpu", fdt_machine())
    put("fdt_build", "virt-64cpu-virtio", fdt_machine(cpus=64, virtio=8, buf=1))
    put("fdt_build", "no-ext-no-bootargs", fdt_machine(cpus=1, ext=(), bootargs=None, initrd=None))
    put("fdt_build", "tiny-buffer", fdt_machine()[:-1] + u8(2) + u16(700))
    put("fdt_build", "zero-cpus", fdt_machine(cpus=0))
    put("fdt_build", "initrd-past-ram", fdt_machine(ram_mib=1, initrd=(0x0f00, 0x0200)))


# ---- device and SBI sessions: the op streams of fuzz_plic.c, fuzz_uart16550.c, ... --------

def plic_seeds():
    # 96 sources, 2 contexts. Priority of source 10 = 3, enable it for context 0, threshold 1,
    # raise line 10, claim through MMIO (read), complete through MMIO (write), lower the line.
    s = u8(96) + u8(2)
    s += u8(2) + u8(0) + u8(0) + u8(10) + u8(0) + u8(0) + u8(3)          # write prio[10] = 3
    s += u8(3) + u8(0) + u8(2) + u8(0) + u8(0) + u8(1) + u64(1 << 10)    # enable word 0, bit 10
    s += u8(3) + u8(0) + u8(3) + u8(0) + u8(0) + u8(1)                   # threshold 1
    s += u8(4) + u8(10) + u8(1)                                          # line 10 high
    s += u8(0) + u8(0) + u8(4) + u8(0)                                   # read claim
    s += u8(2) + u8(0) + u8(4) + u8(0) + u8(0) + u8(10)                  # complete 10
    s += u8(5) + u8(10) + u8(0)                                          # line 10 low
    s += u8(7) + u8(3)                                                   # reset
    put("plic", "claim-complete", s)


def uart_seeds():
    # Linux-like probe: LCR = 0x80 (DLAB), DLL/DLM, LCR = 3, FCR = 0xc7, IER = 1, then input,
    # reads of IIR, LSR, RBR; loopback with MCR = 0x10 and a THR write that comes back.
    def w(reg, val):
        return u8(3) + u8(reg) + u8(0) + u8(1) + u8(val)

    def r(reg):
        return u8(0) + u8(reg) + u8(0)

    s = w(3, 0x80) + w(0, 1) + w(1, 0) + w(3, 3) + w(2, 0xc7) + w(1, 0x03)
    s += u8(5) + u8(0) + u8(0) + u8(5) + b"hello"                          # host input
    s += r(2) + r(5) + r(0) + r(0) + r(2) + r(6)
    s += w(4, 0x1f) + w(0, 0x41) + r(5) + r(0) + w(4, 0x08) + w(0, 0x42) + w(2, 0)
    put("uart16550", "probe-rx-loopback", s)


def mmio_seeds():
    # Windows for a PLIC at its base and a UART, then accesses at their edges.
    s = u8(0) + u8(1) + u8(1) + u64(0x0c000000) + u8(0) + u64(0) + u8(0) + u8(0)  # PLIC
    s += u8(0) + u8(2) + u8(1) + u64(0x10000000) + u8(0) + u64(0) + u8(0) + u8(0)  # UART
    s += u8(0) + u8(0) + u8(1) + u64(0x10001000) + u8(1) + u8(5) + u8(0) + u8(100)  # recorder
    s += u8(1) + u8(0) + u8(0) + u64(0x200004) + u8(0) + u8(2) + u8(0) + b"\x11" * 8  # claim
    s += u8(1) + u8(1) + u8(1) + u8(0) + u8(0) + u8(0) + u8(1) + b"\x22" * 8  # UART's last byte
    s += u8(1) + u8(1) + u8(2) + u8(3) + u8(0) + u8(3) + u8(0) + b"\x33" * 8  # straddles the end
    put("mmio_bus", "plic-uart", s)


def sbi_call(caller, eid_sel, fid, args, wait=0, read_fail=100, word=(1, 3), fw=0):
    b = u8(caller) + eid_sel + u8(0) + u8(fid)
    for a in args:
        b += a
    b += u8(wait) + u8(read_fail) + u8(word[0]) + u8(word[1]) + u8(fw)
    return b


def sbi_seeds():
    # World: vCPUs 0..3 (bit mask), slot 1 right after RAM, states/harts, 8 bytes of input.
    world = u16(0x000f) + u8(1) + u8(1) + u8(0)  # vCPU 0 on hart 0
    for i in range(1, 4):
        world += u8(1) + u8(1) + u8(i)  # stopped, on hart i
    world += u8(8) + b"input!\r\n"
    zero, in_ram, at_end, length = u8(0), u8(5) + u16(0x100), u8(6) + u8(4), u8(8) + u8(0)
    # eid selectors: index into the table (k % 23 for k in 64..239) or the legacy range (k < 64).
    base, dbcn, srst, time, ipi, rfence, hsm = (u8(69 + i) for i in range(7))
    s = world
    s += sbi_call(0, dbcn, 0, [length, in_ram, zero, zero, zero, zero])      # write, crosses
    s += sbi_call(0, dbcn, 1, [u8(2) + u8(10), in_ram, zero, zero, zero, zero])  # read 10 bytes
    s += sbi_call(0, hsm, 0, [u8(2) + u8(1), in_ram, u8(14) + u64(7), zero, zero, zero])  # start 1
    s += sbi_call(1, ipi, 0, [u8(4) + u8(0x0f), zero, zero, zero, zero, zero])
    s += sbi_call(0, rfence, 1, [u8(4) + u8(0x03), zero, in_ram, u8(2) + u8(16), zero, zero])
    s += sbi_call(0, u8(4), 0, [in_ram, zero, zero, zero, zero, zero])       # legacy send_ipi
    s += sbi_call(0, hsm, 3, [u8(9) + u8(0), in_ram, zero, zero, zero, zero])  # non-ret suspend
    s += sbi_call(0, srst, 0, [zero, u8(10) + u8(1), zero, zero, zero, zero])
    s += sbi_call(0, base, 3, [u8(13) + u32(0x4442434E), zero, zero, zero, zero, zero])
    put("sbi", "session", s)
    put("sbi", "dbcn-edges", world + sbi_call(0, dbcn, 0, [u8(12) + u8(3), at_end, zero, zero, zero, zero])
        + sbi_call(0, dbcn, 1, [u8(1), u8(7) + u8(0), zero, zero, zero, zero]))
    # PMU: match cycles (auto-start) and a SET_TIMER firmware counter, count a set_timer, read,
    # stop a set with time's place (refused), stop and release three, event_get_info on 2 entries.
    pmu = u8(69 + 7)

    def small(v):
        return u8(4) + u8(v)

    p = world
    p += sbi_call(0, pmu, 2, [zero, small(0x05), small(0x04), u8(2) + u8(1), zero, zero])
    p += sbi_call(0, pmu, 2, [u8(2) + u8(3), small(0xff), small(0x02), u8(13) + u32(0xf0005),
                              zero, zero])
    p += sbi_call(0, pmu, 3, [u8(2) + u8(3), small(0x01), zero, zero, zero, zero])
    p += sbi_call(0, time, 0, [u8(1), zero, zero, zero, zero, zero])
    p += sbi_call(0, pmu, 5, [u8(2) + u8(3), zero, zero, zero, zero, zero])
    p += sbi_call(0, pmu, 4, [zero, small(0x07), zero, zero, zero, zero])
    p += sbi_call(0, pmu, 4, [zero, small(0x0d), small(0x01), zero, zero, zero])
    p += sbi_call(0, pmu, 1, [u8(2) + u8(1), zero, zero, zero, zero, zero])
    # fid 8 (event_get_info) is above what the one-byte fid reaches: the u64 form.
    p += u8(0) + pmu + u8(230) + u64(8) + in_ram + zero + u8(2) + u8(2) + zero + zero + zero
    p += u8(0) + u8(100) + u8(1) + u8(3) + u8(0)
    put("sbi", "pmu-session", p)


def gstage_seeds():
    # sv39x4, 40 pages. Map 0x80000000 + 4 GiB with 1 GiB leaves, protect 4 KiB inside with
    # SPLIT_4K, unmap a 2 MiB hole, remap part read-only.
    s = u8(0) + u8(36)
    s += u8(0) + u8(1) + u16(0) + u8(3) + u8(3) + u8(2) + u8(0)  # map 4 GiB RWX, aligned hpa
    s += u8(3) + u8(1) + u16(0x10) + u8(0) + u16(0) + u8(0) + u8(0) + u8(1)  # protect, split
    s += u8(2) + u8(6) + u8(1) + u8(0) + u8(2) + u8(0) + u8(0)  # unmap 2 MiB at 2 MiB
    s += u8(1) + u8(2) + u8(2) + u8(1) + u8(2) + u8(3) + u8(0) + u8(0)  # map 8 MiB read-only
    put("gstage", "map-protect-unmap", s)


def dirty_log_seeds():
    s = u8(0) + u16(130)
    for p in (0, 1, 2, 63, 64, 65, 129):
        s += u8(2) + u8(2) + u16(p)
    s += u8(1) + u8(1) + u8(1) + u8(5)  # out of range
    s += u8(6) + u8(1)  # harvest with runs
    s += u8(2) + u8(0) + u8(0)  # the last page
    s += u8(7) + u8(0)
    put("dirty_log", "runs", s)


# ---- virtqueue: a queue placement, operations, then the guest RAM image (fuzz_virtqueue.c) ----

VQ_RAM = 0x80000000
VQ_R, VQ_N, VQ_W, VQ_I = 0, 1, 2, 4


class VqRam:
    def __init__(self):
        self.b = bytearray(0x8000)

    def put(self, off, data):
        self.b[off:off + len(data)] = data

    def desc(self, table, i, addr, length, flags, nxt=0):
        self.put(table + 16 * i, u64(addr) + u32(length) + u16(flags) + u16(nxt))

    def avail(self, avail, num, idx, heads, first):
        for k, h in enumerate(heads):
            self.put(avail + 4 + 2 * ((first + k) % num), u16(h))
        self.put(avail + 2, u16(idx))

    def image(self):
        return bytes(self.b).rstrip(b"\0")


def vq_input(log2num, feat, start, desc, avail, used, ops, ram):
    head = u8(log2num) + u8(feat) + u16(start) + u16(desc) + u16(avail) + u16(used)
    return head + u8(len(ops)) + b"".join(u8(o) + u8(a) + u16(v) for o, a, v in ops) + ram.image()


# Operations: 0 pop (a bit 0: push it, v bytes), 2 push, 3 poke RAM, 4 avail idx += a % 4,
# 5 should_interrupt, 6 enable_notify, 7 a%4: 0 unpop, 1 read, 2 write (a>>2)*8 bytes at v, 3 reset.
VQ_POP, VQ_POP_PUSH, VQ_INT, VQ_NOTIFY = (0, 0), (0, 1), (5, 0), (6, 0)


def vq_op(kind, v=0):
    return (kind[0], kind[1], v)


def virtqueue_seeds():
    desc, avail, used = 0x0000, 0x1000, 0x2000
    # Two readable buffers and a writable one; read and write through them, push, notify.
    r = VqRam()
    r.desc(desc, 0, VQ_RAM + 0x3000, 16, VQ_R | VQ_N, 1)
    r.desc(desc, 1, VQ_RAM + 0x3100, 8, VQ_R | VQ_N, 2)
    r.desc(desc, 2, VQ_RAM + 0x3200, 64, VQ_W, 0)
    r.avail(avail, 8, 1, [0], 0)
    r.put(0x3000, bytes(range(0x40, 0x58)))
    ops = [vq_op(VQ_POP), (7, 1 | 4 << 2, 3), (7, 2 | 8 << 2, 5), (7, 0, 0), vq_op(VQ_POP_PUSH, 64),
           vq_op(VQ_INT), vq_op(VQ_NOTIFY), vq_op(VQ_POP), (4, 1, 0), vq_op(VQ_NOTIFY)]
    put("virtqueue", "direct", vq_input(3, 0, 0, desc, avail, used, ops, r))

    # An indirect table of three (the last writable), event idx and indirect negotiated.
    r = VqRam()
    table = 0x4000
    r.desc(table, 0, VQ_RAM + 0x3000, 32, VQ_R | VQ_N, 2)
    r.desc(table, 2, VQ_RAM + 0x3100, 32, VQ_R | VQ_N, 1)
    r.desc(table, 1, VQ_RAM + 0x3200, 100, VQ_W, 0)
    r.desc(desc, 5, VQ_RAM + table, 48, VQ_I, 0)
    r.avail(avail, 16, 1, [5], 0)
    ops = [vq_op(VQ_POP), (7, 1 | 16 << 2, 20), (7, 2 | 20 << 2, 0), (2, 0, 100),
           vq_op(VQ_INT), vq_op(VQ_NOTIFY), (3, 0x44, table + 12), vq_op(VQ_POP)]
    put("virtqueue", "indirect", vq_input(4, 3, 0, desc, avail, used, ops, r))

    # Event idx across the 16-bit wrap: three chains from 0xfffe, used_event 0xffff.
    r = VqRam()
    for i in range(3):
        r.desc(desc, i, VQ_RAM + 0x3000 + 0x100 * i, 8, VQ_W, 0)
    r.avail(avail, 8, 1, [0, 1, 2], 0xfffe)
    r.put(avail + 4 + 2 * 8, u16(0xffff))
    ops = [vq_op(VQ_POP_PUSH, 8), vq_op(VQ_INT), vq_op(VQ_POP_PUSH, 8), vq_op(VQ_INT),
           vq_op(VQ_NOTIFY), vq_op(VQ_POP_PUSH, 8), vq_op(VQ_INT), vq_op(VQ_NOTIFY), vq_op(VQ_POP)]
    put("virtqueue", "event-idx-wrap", vq_input(3, 2, 0xfffe, desc, avail, used, ops, r))

    # Broken: a loop, then a readable after a writable, then a reset and a good chain.
    r = VqRam()
    r.desc(desc, 0, VQ_RAM + 0x3000, 8, VQ_R | VQ_N, 1)
    r.desc(desc, 1, VQ_RAM + 0x3000, 8, VQ_R | VQ_N, 0)
    r.desc(desc, 2, VQ_RAM + 0x3000, 8, VQ_W | VQ_N, 3)
    r.desc(desc, 3, VQ_RAM + 0x3000, 8, VQ_R, 0)
    r.desc(desc, 4, VQ_RAM + 0x3000, 8, VQ_R, 0)
    r.avail(avail, 8, 1, [0, 2, 4], 0)
    ops = [vq_op(VQ_POP), (3, 2, avail + 4), vq_op(VQ_POP), (7, 3, 0), (3, 4, avail + 4),
           vq_op(VQ_POP_PUSH, 0), vq_op(VQ_INT)]
    put("virtqueue", "broken", vq_input(3, 0, 0, desc, avail, used, ops, r))

    # The largest queue, and an indirect chain of 200 buffers.
    r = VqRam()
    desc, avail, used, table = 0x0000, 0x4000, 0x5000, 0x7100
    for i in range(200):
        r.desc(table, i, VQ_RAM + 0x4900 + i, 1, (VQ_W if i >= 100 else VQ_R) | (VQ_N if i < 199 else 0),
               i + 1)
    r.desc(desc, 1023, VQ_RAM + table, 16 * 200, VQ_I, 0)
    r.avail(avail, 1024, 1, [1023], 0)
    ops = [vq_op(VQ_POP), (7, 1 | 30 << 2, 90), (2, 0, 100), vq_op(VQ_INT)]
    put("virtqueue", "max-size", vq_input(10, 1, 0, desc, avail, used, ops, r))


# ---- virtio_blk: a disk, then steps (0-2 add a chain, 3 write RAM, 4 process, 5 complete, ...) --

def vblk_disk(flags=0x0e, sectors=64, max_segments=8, seg_size_index=2):
    # flags, short capacity, discard (sectors, segs), write-zeroes (sectors, segs), limits
    return (u8(flags) + u8(1) + u16(sectors) + u8(16) + u8(4) + u8(32) + u8(2) +
            u8(max_segments) + u8(seg_size_index))


def vblk_write(off, data):
    return u8(3) + u16(off) + u8(len(data)) + data


def vblk_chain(*bufs):
    # bufs: (offset in the window, kind): kind bit 2 writable, low bits 0: 16, 1: 1, 2: 512 bytes
    out = u8(0) + u8(len(bufs) - 1)
    for off, kind in bufs:
        out += u8(kind) + u16(off)
    return out


def vblk_request(rtype, sector, payload=b"", data_kind=None, then=None):
    hdr = u32(rtype) + u32(0) + u64(sector)
    bufs = [(0, 0)]
    if payload:
        bufs.append((0x200, 0))
    if data_kind is not None:
        bufs.append((0x1000, data_kind))
    bufs.append((0x100, 5))
    return (vblk_write(0, hdr) + (vblk_write(0x200, payload) if payload else b"") +
            vblk_chain(*bufs) + (u8(4) + u8(5) + u8(1) * 8 + u8(4) if then is None else then))


def virtio_blk_seeds():
    put("virtio_blk", "read", vblk_disk() + vblk_request(0, 3, data_kind=6))
    put("virtio_blk", "write", vblk_disk() + vblk_request(1, 63, data_kind=2))
    put("virtio_blk", "write-read-only", vblk_disk(flags=0x0f) + vblk_request(1, 0, data_kind=2))
    put("virtio_blk", "flush", vblk_disk() + vblk_request(4, 0))
    put("virtio_blk", "get-id", vblk_disk() + vblk_request(8, 0, data_kind=6))
    put("virtio_blk", "discard", vblk_disk() + vblk_request(11, 0, u64(4) + u32(8) + u32(0)))
    put("virtio_blk", "write-zeroes-unmap",
        vblk_disk() + vblk_request(13, 0, u64(60) + u32(4) + u32(1)))
    put("virtio_blk", "reset-in-flight",
        vblk_disk() + vblk_request(0, 1, data_kind=6, then=u8(4) + u8(7) + u8(0) + u8(5) + u8(1) +
                                   u8(4)))
    put("virtio_blk", "full", vblk_disk() + u8(6) + vblk_request(0, 1, data_kind=6, then=u8(4)) +
        u8(6) + u8(4) + u8(5) + u8(1) + u8(4))


# ---- virtio_console: steps (0 transmit chain, 2 receive chain, 4 write RAM, 5 type, 7 process,
# 8 reset, 9 corrupt a ring) -------------------------------------------------------------------

def vcon_write(off, data):
    return u8(4) + u16(off) + u8(len(data)) + data


def vcon_tx(*bufs):
    # bufs: (kind, offset, length): kind 2 readable of 1 + length bytes, kind | 0x60 writable,
    # kind 0x1f outside guest RAM, kind 0x1e empty
    out = u8(0) + u8(len(bufs) - 1)
    for kind, off, length in bufs:
        out += u8(kind)
        if kind & 0x1f not in (0x1e, 0x1f):
            out += u16(off) + (u16(length - 1) if kind & 3 in (2, 3) else b"")
    return out


def vcon_rx(*bufs):
    # bufs: (kind, length): kind 0 writable, kind 0x60 readable, 0x1f outside guest RAM
    out = u8(2) + u8(len(bufs) - 1)
    for kind, length in bufs:
        out += u8(kind)
        if kind & 0x1f not in (0x1e, 0x1f):
            out += u8(length - 1)
    return out


def vcon_type(data):
    return u8(5) + u8(0) + u8(len(data)) + data


def vcon_type_made(n):
    return u8(5) + u8(1) + u16(n)


PROCESS = u8(7)


def virtio_console_seeds():
    put("virtio_console", "hello", vcon_write(0, b"hello\n") + vcon_tx((2, 0, 6)) + PROCESS)
    put("virtio_console", "multi-out",
        vcon_write(0, b"abc") + vcon_write(0x100, bytes(range(200))) + vcon_write(0x300, b"!") +
        vcon_tx((2, 0, 3), (2, 0x100, 200), (3, 0x300, 1)) + vcon_tx((2, 0x1000, 600)) + PROCESS)
    put("virtio_console", "input-across",
        vcon_rx((0, 4)) + vcon_rx((0, 4)) + vcon_rx((0, 4)) + vcon_type(b"0123456789") + PROCESS)
    put("virtio_console", "input-before-buffers",
        vcon_type(b"typed early") + PROCESS + vcon_rx((0, 3), (0, 64)) + PROCESS)
    # 4000 typed, 750 out, 2000 more (846 fit, wrapping round the FIFO's end), out round it.
    put("virtio_console", "fifo-full",
        vcon_type_made(4000) + vcon_rx(*[(0, 50)] * 8) + vcon_rx(*[(0, 50)] * 7) + PROCESS +
        vcon_type_made(2000) + PROCESS + vcon_type(b"x") +
        b"".join(vcon_rx(*[(0, 63)] * 8) for _ in range(8)) + PROCESS)
    put("virtio_console", "reset",
        vcon_type(b"lost") + PROCESS + u8(8) + u8(0) + vcon_rx((0, 16)) + PROCESS +
        vcon_type(b"kept") + PROCESS)
    put("virtio_console", "tx-writable", vcon_tx((2, 0, 4), (0x61, 0x100, 16)) + PROCESS)
    put("virtio_console", "rx-readable", vcon_rx((0x60, 4), (0, 4)) + vcon_type(b"x") + PROCESS)
    put("virtio_console", "outside-ram",
        vcon_tx((0x1f, 0, 0)) + PROCESS + u8(8) + u8(0) + vcon_rx((0x1f, 0)) + vcon_type(b"y") +
        PROCESS)
    put("virtio_console", "corrupt",
        vcon_tx((2, 0, 8)) + u8(9) + u8(0) + u8(1) + u16(2) + u16(0x0001) + PROCESS)


# ---- virtio_net: a first byte (bit 0 set: no MRG_RXBUF), then steps (0 transmit chain, 2 receive
# chain, 4 frame to the backend, 5 frame pushed in, 6 process, 8 reset, 9 link, 10 backend full,
# 11 corrupt a ring) ---------------------------------------------------------------------------

VNET_HDR = 12
VNET_TX_ROOM = 0x4000 - (VNET_HDR + 1514 + 40)


def below(n, v):
    """The bytes fz_below(n) reads to give v."""
    assert 0 <= v < n
    return u8(v) if n <= 256 else u16(v)


def vnet_tx(frame_len, cuts=(), base=0, flags=None, gso=0):
    # shape 3: total = fz_below(12 + 1514 + 40) (a u16); cuts: the first buffers' lengths
    total = VNET_HDR + frame_len
    shape = 3 | (0x0c if flags is not None else 0)
    out = u8(0) + u8(shape) + below(VNET_HDR + 1514 + 40, total) + below(VNET_TX_ROOM, base)
    if flags is not None:
        out += u8(flags) + u8(gso)
    at, n = 0, 0
    for c in list(cuts) + [None]:
        n += 1
        out += u8(0)  # a readable buffer
        if n == 4:
            break
        rest = total - at
        take = rest if c is None or c >= rest else c
        out += below(rest, take - 1)
        at += take
        if at == total:
            break
    return out


def vnet_rx(*lens):
    # each buffer: kind 2, a u16 length - 1 (up to 2048)
    out = u8(2) + u8(len(lens) - 1)
    for n in lens:
        out += u8(2) + u16(n - 1)
    return out


def vnet_frame(length, push=False):
    return u8(5 if push else 4) + u8(3) + u16(length - 14)


VNET_PROCESS = u8(6)


def virtio_net_seeds():
    put("virtio_net", "tx", u8(0) + vnet_tx(100, cuts=(5,)) + VNET_PROCESS)
    put("virtio_net", "tx-split", u8(0) + vnet_tx(1000, cuts=(7, 300, 2)) + VNET_PROCESS)
    put("virtio_net", "tx-sizes",
        u8(0) + vnet_tx(13) + vnet_tx(14, base=0x800) + vnet_tx(1514, base=0x1000) +
        vnet_tx(1515, base=0x2000) + VNET_PROCESS)
    # Each chain's buffers apart: the device reads them all at the process step.
    put("virtio_net", "tx-offload",
        u8(0) + vnet_tx(60, flags=1) + vnet_tx(60, flags=0, gso=1, base=0x100) +
        vnet_tx(60, flags=2, base=0x200) + VNET_PROCESS)
    put("virtio_net", "rx-merged",
        u8(0) + vnet_rx(200) + vnet_rx(200) + vnet_rx(12, 100) + vnet_rx(400) + vnet_rx(2048) +
        vnet_frame(1514) + vnet_frame(60) + VNET_PROCESS)
    put("virtio_net", "rx-no-merge",
        u8(1) + vnet_rx(100) + vnet_rx(1526) + vnet_frame(1514) + vnet_frame(80, push=True) +
        VNET_PROCESS)
    put("virtio_net", "rx-waits",
        u8(0) + vnet_frame(1514) + vnet_frame(20) + VNET_PROCESS + vnet_rx(300) + VNET_PROCESS +
        vnet_rx(1500) + VNET_PROCESS)
    put("virtio_net", "push-no-buffers", u8(0) + vnet_frame(60, push=True) + VNET_PROCESS)
    put("virtio_net", "link-down",
        u8(0) + u8(9) + vnet_tx(60) + vnet_rx(2048) + vnet_frame(60) + VNET_PROCESS + u8(9) +
        vnet_frame(70) + VNET_PROCESS)
    put("virtio_net", "backend-full",
        u8(0) + u8(10) + vnet_tx(60) + vnet_tx(70, base=0x100) + VNET_PROCESS + u8(10) +
        VNET_PROCESS)
    put("virtio_net", "reset",
        u8(0) + vnet_rx(100) + vnet_frame(1514) + VNET_PROCESS + u8(8) + u8(0) + u8(1) +
        vnet_rx(2048) + vnet_frame(60) + VNET_PROCESS)
    put("virtio_net", "corrupt",
        u8(0) + vnet_tx(60) + u8(11) + u8(0) + u8(0) + u16(2) + u16(0x0001) + VNET_PROCESS)



# ---- net_offload: a mode byte (bit 0 a TCP packet built, bit 1 IPv6, bit 2 the header a driver
# writes, bits 3-4 both: a tiny MSS of bits 5-7), the header (flags, gso_type, hdr_len, gso_size,
# csum_start, csum_offset), then for a built packet: IPv4 ihl - 5, the payload's size, id,
# addresses and options, or IPv6 size and addresses; sequence number, TCP flags, then pokes (a
# count, then offset and byte each); else the raw packet.
def noff_hdr(flags=0, gso=0, hdr_len=0, size=0, start=0, offset=0):
    return u8(flags) + u8(gso) + u16(hdr_len) + u16(size) + u16(start) + u16(offset)


def noff_tcp4(ihl, payload, tcp_flags, pokes=()):
    opts = bytes([10, 0, 0, 1, 10, 0, 0, 2]) + bytes(range(1, (ihl - 5) * 4 + 1))
    small = payload < 5000
    size = (u8(1) + u16(payload)) if small else (u8(0) + u16(payload))
    out = u8(ihl - 5) + size + u16(0xfffe) + opts + u32(0x0badf00d) + u8(tcp_flags)
    return out + u8(len(pokes)) + b"".join(u16(a) + u8(v) for a, v in pokes)


def noff_tcp6(payload, tcp_flags):
    small = payload < 5000
    size = (u8(1) + u16(payload)) if small else (u8(0) + u16(payload))
    return size + bytes(range(32)) + u32(0xfffff000) + u8(tcp_flags) + u8(0)


def net_offload_seeds():
    put("net_offload", "tso4", u8(0x05) + noff_hdr(size=1447) + noff_tcp4(5, 3000, 0x99))
    put("net_offload", "tso4-options", u8(0x05) + noff_hdr(size=1000) + noff_tcp4(8, 4000, 0x18))
    put("net_offload", "tso6", u8(0x07) + noff_hdr(size=1439) + noff_tcp6(2500, 0x11))
    put("net_offload", "tso4-64k", u8(0x05) + noff_hdr(size=1459) + noff_tcp4(5, 65495, 0x10))
    put("net_offload", "tso4-tiny-mss", u8(0x3d) + noff_hdr() + noff_tcp4(5, 200, 0x10))
    put("net_offload", "tso4-mss-0", u8(0x1d) + noff_hdr() + noff_tcp4(5, 200, 0x10))
    put("net_offload", "tso6-64k", u8(0x07) + noff_hdr(size=1219) + noff_tcp6(65515, 0x18))
    put("net_offload", "tso4-poked", u8(0x05) + noff_hdr(size=536) +
        noff_tcp4(5, 2000, 0x18, pokes=((16, 0), (23, 17), (46, 0x40))))
    put("net_offload", "csum-built", u8(0x01) + noff_hdr(flags=1, start=34, offset=16) +
        noff_tcp4(5, 300, 0x18))
    put("net_offload", "csum-raw", u8(0) + noff_hdr(flags=1, start=20, offset=6) + bytes(range(200)))
    put("net_offload", "csum-past-end", u8(0) + noff_hdr(flags=1, start=199, offset=0) +
        bytes(200))
    put("net_offload", "gso-raw", u8(0) + noff_hdr(flags=1, gso=1, size=100, start=34, offset=16) +
        bytes(120))


if __name__ == "__main__":
    insn_seeds()
    image_seeds()
    bundle_seeds()
    config_seeds()
    fdt_seeds()
    plic_seeds()
    uart_seeds()
    mmio_seeds()
    sbi_seeds()
    gstage_seeds()
    dirty_log_seeds()
    virtqueue_seeds()
    virtio_blk_seeds()
    virtio_console_seeds()
    virtio_net_seeds()
    net_offload_seeds()
