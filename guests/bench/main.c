/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Benchmark guest: the cost of each kind of exit, measured with instret around N repetitions
 * and printed as "BENCH <op> n=<N> instr=<mean per op>[ min=.. max=..]" lines that
 * tools/bench.sh turns into a table. Linked at RAM base + 2 MiB, the same image runs under
 * rvkvm and natively on OpenSBI (where OpenSBI starts its S-mode payload).
 */
#include "bench.h"

#define RVKVM_IMPL_ID 0x52564B4D /* "RVKM" */

bool bench_rvkvm;

int guest_main(unsigned long hartid, unsigned long fdt)
{
	struct sbiret impl = sbi_call(SBI_EID_BASE, SBI_BASE_GET_IMPL_ID, 0, 0, 0, 0, 0, 0);

	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	bench_args_parse(fdt);
	bench_rvkvm = impl.value == RVKVM_IMPL_ID;
	say("bench: running %s\n", bench_rvkvm ? "under rvkvm" : "natively");
	bench_calls();
	bench_mmio();
	bench_memory();
	bench_timer();
	bench_two_harts();
	say("bench: done\n");
	return 0;
}
