/*
 * One-instruction probes: small functions whose interesting instruction carries a global label
 * NAME_insn, so the C checks know the exact SRR0 an exception on it must report. A probe whose
 * instruction faults is resumed by the kit past that instruction (or, for a failed fetch, at
 * the return address), so it still returns; a load or move that was suppressed leaves r3 as
 * the caller passed it, which shows that the instruction had no effect.
 */
#include "kit.h"

	/* Name the symbol table's file entry, which would otherwise be gcc's temporary file. */
	.file "probes.S"

	.text

	.macro PROBE name, insn:vararg
	.globl \name, \name\()_insn
	.type \name, @function
\name:
\name\()_insn:
	\insn
	blr
	.size \name, . - \name
	.endm

/* Data accesses. */
	PROBE probe_load, lwz %r3, 0(%r3)
	PROBE probe_store, stw %r4, 0(%r3)
	PROBE probe_store_self, stw %r3, 0(%r3)	/* stores its own address: one argument, for run_in_mode */
	PROBE probe_dcbz, dcbz 0, %r3
	PROBE probe_eciwx, eciwx %r3, 0, %r3
	PROBE probe_lwarx, lwarx %r4, 0, %r3
	PROBE probe_stwcx, stwcx. %r4, 0, %r3

/* lmw into r31 only, keeping the caller's r31 (non-volatile) in r0 around it. */
	.globl probe_lmw, probe_lmw_insn
	.type probe_lmw, @function
probe_lmw:
	mr	%r0, %r31
probe_lmw_insn:
	lmw	%r31, 0(%r3)
	mr	%r3, %r31
	mr	%r31, %r0
	blr
	.size probe_lmw, . - probe_lmw

/* Program exceptions. */
	PROBE probe_illegal, .long 0x00000000	/* primary opcode 0 is not an instruction */
	PROBE probe_tw_eq, tw 4, %r3, %r3	/* TO=00100 (equal): traps */
	PROBE probe_tw_lt, tw 16, %r3, %r3	/* TO=10000 (less than): r3 < r3 is false */
	PROBE probe_twi_lgt5, twi 1, %r3, 5	/* TO=00001 (logically greater): traps when r3 > 5 unsigned */
	PROBE probe_trap, trap			/* tw 31,0,0: traps always */

/* Floating point (MSR[FP] decides between doing it and the FP unavailable exception). */
	PROBE probe_fmr, fmr %f1, %f1
	PROBE probe_lfd, lfd %f1, 0(%r3)

/* Supervisor-only instructions and SPRs (OEA 4.3, Table 2-? of SPR numbers with spr[0]=1). */
	PROBE priv_mfmsr, mfmsr %r3
	PROBE priv_mtmsr, mtmsr %r3
	PROBE priv_rfi, rfi
	PROBE priv_mtsr, mtsr 14, %r3
	PROBE priv_mfsr, mfsr %r3, 14
	PROBE priv_mtsrin, mtsrin %r3, %r3
	PROBE priv_mfsrin, mfsrin %r3, %r3
	PROBE priv_tlbie, tlbie %r3
	PROBE priv_tlbsync, tlbsync
	PROBE priv_dcbi, dcbi 0, %r3
	PROBE priv_mfspr_srr0, mfspr %r3, 26
	PROBE priv_mtspr_srr0, mtspr 26, %r3
	PROBE priv_mfspr_srr1, mfspr %r3, 27
	PROBE priv_mfspr_sdr1, mfspr %r3, 25
	PROBE priv_mtspr_sdr1, mtspr 25, %r3
	PROBE priv_mfspr_sprg0, mfspr %r3, 272
	PROBE priv_mtspr_sprg0, mtspr 272, %r3
	PROBE priv_mfspr_dec, mfspr %r3, 22
	PROBE priv_mtspr_dec, mtspr 22, %r3
	PROBE priv_mfspr_dar, mfspr %r3, 19
	PROBE priv_mfspr_dsisr, mfspr %r3, 18
	PROBE priv_mfspr_pvr, mfspr %r3, 287
	PROBE priv_mtspr_tbl, mtspr 284, %r3
	PROBE priv_mtspr_tbu, mtspr 285, %r3
	PROBE priv_mfspr_ibat0u, mfspr %r3, 528
	PROBE priv_mtspr_dbat3l, mtspr 543, %r3
	PROBE priv_mfspr_hid0, mfspr %r3, 1008
	PROBE priv_mtspr_ear, mtspr 282, %r3

/* What user state may do: LR, CTR and XER, and the time base through mftb. */
	PROBE user_mfspr_lr, mfspr %r3, 8
	.globl user_ctr_round_trip, user_ctr_round_trip_insn
	.type user_ctr_round_trip, @function
user_ctr_round_trip:
	mtspr	9, %r3
	li	%r3, 0
user_ctr_round_trip_insn:
	mfspr	%r3, 9
	blr
	.size user_ctr_round_trip, . - user_ctr_round_trip
	PROBE user_mfspr_xer, mfspr %r3, 1
	PROBE user_mftb, mftb %r3

/* sc with r0 = 42; in user state the mfmsr after it shows that rfi went back to user state. */
	.globl probe_sc, probe_sc_insn, probe_sc_next
	.type probe_sc, @function
probe_sc:
	li	%r0, 42
probe_sc_insn:
	sc
probe_sc_next:
	mfmsr	%r4
	blr
	.size probe_sc, . - probe_sc

/*
 * uint32_t probe_fetch(uint32_t ea): calls the code at ea and returns its r3, or 0xFFFFFFFF
 * when the fetch failed (the ISI handler resumes at LR = probe_fetch_return).
 */
	.globl probe_fetch, probe_fetch_call, probe_fetch_return
	.type probe_fetch, @function
probe_fetch:
	mflr	%r0
	stwu	%r1, -16(%r1)
	stw	%r0, 20(%r1)
	mtctr	%r3
	li	%r3, -1
probe_fetch_call:
	bctrl
probe_fetch_return:
	lwz	%r0, 20(%r1)
	addi	%r1, %r1, 16
	mtlr	%r0
	blr
	.size probe_fetch, . - probe_fetch

/*
 * uint32_t dec_wait(uint32_t address, uint32_t old, uint32_t iterations): spins until the word
 * at address differs from old, at most `iterations` times; returns the iterations left (0: it
 * never changed). The decrementer interrupts this loop, so its SRR0 lies in [loop, loop_end).
 */
	.globl dec_wait, dec_wait_loop, dec_wait_loop_end
	.type dec_wait, @function
dec_wait:
	mtctr	%r5
dec_wait_loop:
	lwz	%r6, 0(%r3)
	cmpw	%r6, %r4
	bne	dec_wait_loop_end
	bdnz	dec_wait_loop
dec_wait_loop_end:
	mfctr	%r3
	blr
	.size dec_wait, . - dec_wait

/* void enable_msr(uint32_t msr): mtmsr; a pending interrupt it enables reports SRR0 = enable_msr_next. */
	.globl enable_msr, enable_msr_next
	.type enable_msr, @function
enable_msr:
	mtmsr	%r3
enable_msr_next:
	isync
	blr
	.size enable_msr, . - enable_msr

/*
 * uint32_t trace_sequence(uint32_t x): entered with MSR[SE]=1 through run_in_mode. Each
 * instruction completes and traps; the trace handler logs SRR0, which is the address of the
 * next instruction to execute: trace_t1, trace_t2, trace_t3 (the branch target), trace_t4,
 * then kit_mode_exit (blr's target). Returns x + 3.
 */
	.globl trace_sequence, trace_t1, trace_t2, trace_t3, trace_t4
	.type trace_sequence, @function
trace_sequence:
	addi	%r3, %r3, 1
trace_t1:
	addi	%r3, %r3, 1
trace_t2:
	b	trace_t3
	.long	0x00000000	/* skipped by the branch */
trace_t3:
	addi	%r3, %r3, 1
trace_t4:
	blr
	.size trace_sequence, . - trace_sequence
