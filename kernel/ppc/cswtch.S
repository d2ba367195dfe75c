/*
 * Thread switching (osfmk/ppc/cswtch.s). Only the callee-saved state moves: r1, r2, r13-r31,
 * LR and CR; the rest is dead across the call by the SVR4 calling convention.
 */

	.file	"cswtch.S"	/* names the local symbols: keeps the temporary object name out of the image */
#include "ppc/asm_offsets.h"

	.text
/* thread_t Switch_context(thread_t old, thread_t new): returns old, in new's context. */
	.globl	Switch_context
	.type	Switch_context, @function
Switch_context:
	mflr	%r0
	mfcr	%r5
	stw	%r1, PCB_R1(%r3)
	stw	%r2, PCB_R2(%r3)
	stw	%r0, PCB_LR(%r3)
	stw	%r5, PCB_CR(%r3)
	stmw	%r13, PCB_R13(%r3)
	mfsprg	%r6, 0
	stw	%r4, PP_ACTIVE_THREAD(%r6)
	lwz	%r1, PCB_R1(%r4)
	lwz	%r2, PCB_R2(%r4)
	lwz	%r0, PCB_LR(%r4)
	lwz	%r5, PCB_CR(%r4)
	mtlr	%r0
	mtcr	%r5
	lmw	%r13, PCB_R13(%r4)
	blr
	.size	Switch_context, . - Switch_context

/*
 * A new thread's first instructions: Switch_context "returns" here with r3 = the thread that
 * ran before; r14 and r15 hold the continuation and its parameter (set by kernel_thread_start).
 */
	.globl	thread_continue_asm
	.type	thread_continue_asm, @function
thread_continue_asm:
	mr	%r4, %r14
	mr	%r5, %r15
	bl	thread_continue
1:	b	1b
	.size	thread_continue_asm, . - thread_continue_asm
