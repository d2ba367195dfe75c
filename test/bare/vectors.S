/*
 * The exception-vector kit (kit.h says what each handler does). vectors.ld places the
 * .vectors section at physical 0, so with MSR[IP]=0 the processor enters these stubs directly
 * (OEA 6.1: vector = offset from physical 0). Handlers run with translation off (the processor
 * clears MSR[IR,DR] on every exception), so they address the kit record with absolute 16-bit
 * displacements from r0 = literal 0. They borrow r3-r5 and CR and restore them, so the
 * interrupted code sees only what the exception itself changed.
 */
#include "kit.h"

	/* Name the symbol table's file entry, which would otherwise be gcc's temporary file. */
	.file "vectors.S"

	.section .vectors, "ax", @progbits
	.globl kit_vectors
kit_vectors:

/* One stub per vector: three instructions, so even the 0x20 bytes at 0xF00 hold one. */
	.macro VECTOR offset
	.org kit_vectors + \offset
	stw	%r3, KIT_SAVE_R3(0)
	li	%r3, \offset
	ba	kit_common
	.endm

	VECTOR 0x100	/* system reset */
	VECTOR 0x200	/* machine check */
	VECTOR 0x300	/* DSI */
	VECTOR 0x400	/* ISI */
	VECTOR 0x500	/* external interrupt */
	VECTOR 0x600	/* alignment */
	VECTOR 0x700	/* program */
	VECTOR 0x800	/* floating-point unavailable */
	VECTOR 0x900	/* decrementer */
	VECTOR 0xA00	/* reserved */
	VECTOR 0xB00	/* reserved */
	VECTOR 0xC00	/* system call */
	VECTOR 0xD00	/* trace */
	VECTOR 0xE00	/* floating-point assist (not on the 750) */
	VECTOR 0xF00	/* performance monitor */
	VECTOR 0xF20	/* AltiVec unavailable (7400) */
	VECTOR 0x1000	/* 603 TLB miss vectors, unused on the 750/7400 */
	VECTOR 0x1100
	VECTOR 0x1200
	VECTOR 0x1300	/* instruction address breakpoint */
	VECTOR 0x1400	/* system management */
	VECTOR 0x1500	/* reserved */
	VECTOR 0x1600	/* AltiVec assist (7400) */
	VECTOR 0x1700	/* thermal management */

/* r3 = vector offset; the interrupted r3 is in KIT_SAVE_R3. */
	.org kit_vectors + 0x1800
kit_common:
	stw	%r4, KIT_SAVE_R4(0)
	stw	%r5, KIT_SAVE_R5(0)
	mfcr	%r4
	stw	%r4, KIT_SAVE_CR(0)
	/* run_in_mode's own exit is not an exception under test: leave without recording it. */
	cmpwi	%r3, 0xC00
	bne	1f
	cmpwi	%r0, KIT_SC_EXIT
	beq	leave_mode
1:
	mfdec	%r4
	stw	%r4, KIT_DEC(0)
	stw	%r3, KIT_VECTOR(0)
	mfsrr0	%r4
	stw	%r4, KIT_SRR0(0)
	mfsrr1	%r4
	stw	%r4, KIT_SRR1(0)
	mfdar	%r4
	stw	%r4, KIT_DAR(0)
	mfdsisr	%r4
	stw	%r4, KIT_DSISR(0)
	mfmsr	%r4
	stw	%r4, KIT_MSR(0)
	mflr	%r4
	stw	%r4, KIT_LR(0)

	/* Exception log entry (count % 16): vector, SRR0, SRR1, MSR. */
	lwz	%r4, KIT_COUNT(0)
	rlwinm	%r5, %r4, 4, 24, 27
	addi	%r4, %r4, 1
	stw	%r4, KIT_COUNT(0)
	stw	%r3, KIT_XLOG(%r5)
	mfsrr0	%r4
	stw	%r4, KIT_XLOG + 4(%r5)
	mfsrr1	%r4
	stw	%r4, KIT_XLOG + 8(%r5)
	mfmsr	%r4
	stw	%r4, KIT_XLOG + 12(%r5)

	cmpwi	%r3, 0x200
	beq	resume_next
	cmpwi	%r3, 0x300
	beq	resume_next
	cmpwi	%r3, 0x600
	beq	resume_next
	cmpwi	%r3, 0x700
	beq	resume_next
	cmpwi	%r3, 0x800
	beq	resume_next
	cmpwi	%r3, 0x400
	beq	resume_at_lr
	cmpwi	%r3, 0x900
	beq	decrementer
	cmpwi	%r3, 0xC00
	beq	system_call
	cmpwi	%r3, 0xD00
	beq	trace
	cmpwi	%r3, 0x1300
	beq	instruction_breakpoint
	/* Anything else is a bug in the test or in the processor: report it and power off. */
	mfsrr0	%r4
	mfsrr1	%r5
	bl	kit_fatal

/* Past the instruction that faulted (SRR0 holds its address for these exceptions). */
resume_next:
	mfsrr0	%r4
	addi	%r4, %r4, 4
	mtsrr0	%r4
	b	restore

/* A fetch that failed: go back to the caller of the branch that got there. */
resume_at_lr:
	mflr	%r4
	mtsrr0	%r4
	b	restore

decrementer:
	lwz	%r4, KIT_DEC_COUNT(0)
	cmplwi	%r4, KIT_LOG_LENGTH
	bge	1f
	rlwinm	%r5, %r4, 2, 0, 29
	mftb	%r3
	stw	%r3, KIT_DEC_LOG(%r5)
1:	addi	%r4, %r4, 1
	stw	%r4, KIT_DEC_COUNT(0)
	lwz	%r4, KIT_DEC_RELOAD(0)
	cmpwi	%r4, 0
	beq	restore
	mtdec	%r4
	b	restore

system_call:
	stw	%r0, KIT_SC_R0(0)
	lwz	%r4, KIT_SAVE_R3(0)
	stw	%r4, KIT_SC_R3(0)
	b	restore

/* Leave run_in_mode: back to its caller, with the caller's MSR and registers. */
leave_mode:
	lwz	%r4, KIT_CTX_LR(0)
	mtsrr0	%r4
	lwz	%r4, KIT_CTX_MSR(0)
	mtsrr1	%r4
	lwz	%r4, KIT_CTX_CR(0)
	mtcr	%r4
	lwz	%r1, KIT_CTX_R1(0)
	lwz	%r2, KIT_CTX_R2(0)
	lmw	%r13, KIT_CTX_GPRS(0)
	lwz	%r3, KIT_SAVE_R3(0)
	rfi

trace:
	lwz	%r4, KIT_TRACE_COUNT(0)
	cmplwi	%r4, KIT_LOG_LENGTH
	bge	1f
	rlwinm	%r5, %r4, 2, 0, 29
	mfsrr0	%r3
	stw	%r3, KIT_TRACE_LOG(%r5)
1:	addi	%r4, %r4, 1
	stw	%r4, KIT_TRACE_COUNT(0)
	lwz	%r4, KIT_TRACE_STEPS(0)
	addi	%r4, %r4, -1
	stw	%r4, KIT_TRACE_STEPS(0)
	cmpwi	%r4, 0
	bgt	restore
	mfsrr1	%r4
	rlwinm	%r4, %r4, 0, 22, 20	/* clear MSR[SE] (bit 21) in the MSR rfi restores */
	mtsrr1	%r4
	b	restore

/* Clear IABR, then return to the instruction it stopped, which now executes. */
instruction_breakpoint:
	li	%r4, 0
	mtspr	1010, %r4
	b	restore

restore:
	lwz	%r4, KIT_SAVE_CR(0)
	mtcr	%r4
	lwz	%r3, KIT_SAVE_R3(0)
	lwz	%r4, KIT_SAVE_R4(0)
	lwz	%r5, KIT_SAVE_R5(0)
	rfi

/* The record itself (kit.h), inside this section so its addresses are fixed. */
	.org kit_vectors + KIT_BASE
	.space KIT_END - KIT_BASE

	.text
/*
 * uint32_t run_in_mode(uint32_t (*fn)(uint32_t), uint32_t arg, uint32_t msr)
 * Saves what the SVR4 ABI says a callee must preserve, then enters fn with rfi so MSR = msr
 * takes effect exactly at fn's first instruction, with LR = kit_mode_exit.
 */
	.globl run_in_mode
	.type run_in_mode, @function
run_in_mode:
	mflr	%r0
	stw	%r0, KIT_CTX_LR(0)
	mfcr	%r0
	stw	%r0, KIT_CTX_CR(0)
	mfmsr	%r0
	stw	%r0, KIT_CTX_MSR(0)
	stw	%r1, KIT_CTX_R1(0)
	stw	%r2, KIT_CTX_R2(0)
	stmw	%r13, KIT_CTX_GPRS(0)
	mtsrr0	%r3
	mtsrr1	%r5
	mr	%r3, %r4
	lis	%r6, kit_mode_exit@ha
	addi	%r6, %r6, kit_mode_exit@l
	mtlr	%r6
	addi	%r1, %r1, -256
	li	%r0, 0
	stw	%r0, 0(%r1)
	rfi
	.size run_in_mode, . - run_in_mode

	.globl kit_mode_exit
	.type kit_mode_exit, @function
kit_mode_exit:
	li	%r0, KIT_SC_EXIT
	sc
	b	.
	.size kit_mode_exit, . - kit_mode_exit
