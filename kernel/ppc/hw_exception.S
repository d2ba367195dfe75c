/*
 * The common exception path (osfmk/ppc/hw_exception.s, lowmem_vectors.s), with its C half in
 * ppc/exception.c. Entered from a vector in real mode with SPRG2 = the interrupted r13,
 * SPRG3 = the interrupted r11 and r11 = the vector offset. SPRG0 holds the address of
 * per_proc_info, which is mapped V=R.
 */

	.file	"hw_exception.S"	/* names the local symbols: keeps the temporary object name out of the image */
#include "ppc/asm_offsets.h"

#define MSR_IR 0x20
#define MSR_DR 0x10
#define SPR_SRR0 26
#define SPR_SRR1 27
#define SPR_DSISR 18
#define SPR_DAR 19

	.text
	.globl	exception_entry
	.type	exception_entry, @function
exception_entry:
	mfsprg	%r13, 0
	stw	%r12, PP_SCRATCH(%r13)
	mfcr	%r12				/* CR before anything here changes it */
	stw	%r12, PP_SCRATCH_CR(%r13)
	lwz	%r12, PP_SAVE_DEPTH(%r13)
	cmplwi	%r12, REAL_SAVE_DEPTH
	bge-	exception_overflow
	slwi	%r12, %r12, REAL_SAVE_SHIFT
	add	%r12, %r12, %r13
	addi	%r12, %r12, PP_SAVES		/* r12 = this nesting level's save slot */
	stw	%r11, SAVE_EXCEPTION(%r12)
	lwz	%r11, PP_SAVE_DEPTH(%r13)
	addi	%r11, %r11, 1
	stw	%r11, PP_SAVE_DEPTH(%r13)

	stw	%r0, SAVE_R0(%r12)
	stw	%r1, SAVE_R1(%r12)
	stw	%r2, SAVE_R2(%r12)
	stw	%r3, SAVE_R3(%r12)
	stw	%r4, SAVE_R4(%r12)
	stw	%r5, SAVE_R5(%r12)
	stw	%r6, SAVE_R6(%r12)
	stw	%r7, SAVE_R7(%r12)
	stw	%r8, SAVE_R8(%r12)
	stw	%r9, SAVE_R9(%r12)
	stw	%r10, SAVE_R10(%r12)
	mfsprg	%r11, 3
	stw	%r11, SAVE_R11(%r12)
	lwz	%r11, PP_SCRATCH(%r13)
	stw	%r11, SAVE_R12(%r12)
	mfsprg	%r11, 2
	stw	%r11, SAVE_R13(%r12)
	stmw	%r14, SAVE_R14(%r12)
	lwz	%r3, PP_SCRATCH_CR(%r13)
	stw	%r3, SAVE_CR(%r12)
	mfxer	%r3
	stw	%r3, SAVE_XER(%r12)
	mflr	%r3
	stw	%r3, SAVE_LR(%r12)
	mfctr	%r3
	stw	%r3, SAVE_CTR(%r12)
	mfspr	%r3, SPR_SRR0
	stw	%r3, SAVE_SRR0(%r12)
	mfspr	%r3, SPR_SRR1
	stw	%r3, SAVE_SRR1(%r12)
	mfspr	%r3, SPR_DAR
	stw	%r3, SAVE_DAR(%r12)
	mfspr	%r3, SPR_DSISR
	stw	%r3, SAVE_DSISR(%r12)
	li	%r0, 0
	stw	%r0, SAVE_FLAGS(%r12)

	mr	%r31, %r12			/* the save slot, kept across the C calls */
	mr	%r30, %r13			/* per_proc_info */
	addi	%r1, %r31, REAL_SAVE_STRIDE - 16	/* the slot's own stack */
	stw	%r0, 0(%r1)
	mr	%r3, %r31
	bl	exception_real
	cmpwi	%r3, EXCEPTION_RESUME
	bne	passup_real

/* Real mode, r31 = save slot, r30 = per_proc_info: restore the state and return from the exception. */
exception_restore:
	lwz	%r3, SAVE_SRR0(%r31)
	mtspr	SPR_SRR0, %r3
	lwz	%r3, SAVE_SRR1(%r31)
	mtspr	SPR_SRR1, %r3
	lwz	%r3, SAVE_CR(%r31)
	mtcr	%r3
	lwz	%r3, SAVE_XER(%r31)
	mtxer	%r3
	lwz	%r3, SAVE_LR(%r31)
	mtlr	%r3
	lwz	%r3, SAVE_CTR(%r31)
	mtctr	%r3
	lwz	%r3, PP_SAVE_DEPTH(%r30)
	subi	%r3, %r3, 1
	stw	%r3, PP_SAVE_DEPTH(%r30)
	mr	%r12, %r31
	lwz	%r0, SAVE_R0(%r12)
	lwz	%r1, SAVE_R1(%r12)
	lwz	%r2, SAVE_R2(%r12)
	lwz	%r3, SAVE_R3(%r12)
	lwz	%r4, SAVE_R4(%r12)
	lwz	%r5, SAVE_R5(%r12)
	lwz	%r6, SAVE_R6(%r12)
	lwz	%r7, SAVE_R7(%r12)
	lwz	%r8, SAVE_R8(%r12)
	lwz	%r9, SAVE_R9(%r12)
	lwz	%r10, SAVE_R10(%r12)
	lwz	%r11, SAVE_R11(%r12)
	lmw	%r14, SAVE_R14(%r12)
	lwz	%r13, SAVE_R13(%r12)
	lwz	%r12, SAVE_R12(%r12)
	rfi

/* Real mode, r31 = save slot: go up to trap() on the kernel stack with translation on. */
passup_real:
	mr	%r3, %r31
	bl	exception_prepare_passup	/* returns where the state goes on the kernel stack */
	mr	%r4, %r31			/* r3 = kernel-stack state, r4 = save slot */
	lis	%r5, passup_virtual@ha
	addi	%r5, %r5, passup_virtual@l
	mtspr	SPR_SRR0, %r5
	mfmsr	%r5
	ori	%r5, %r5, MSR_IR | MSR_DR
	mtspr	SPR_SRR1, %r5
	rfi
passup_virtual:
	subi	%r1, %r3, 16			/* exception frame below the saved state */
	li	%r0, 0
	stw	%r0, 0(%r1)
	bl	exception_passup		/* copies the state, frees the slot, runs trap() */
	/* fall through with r3 = the state on the kernel stack */

/*
 * void exception_return(struct savearea *state): translation on, interrupts off. Returns to
 * the state: back into a save slot, to real mode, redrive, restore, rfi.
 */
	.globl	exception_return
exception_return:
	bl	exception_exit_prepare		/* returns the save slot holding the state */
	mr	%r31, %r3
	lis	%r5, exit_real@ha
	addi	%r5, %r5, exit_real@l
	mtspr	SPR_SRR0, %r5
	mfmsr	%r5
	rlwinm	%r5, %r5, 0, 28, 25		/* IR and DR off */
	mtspr	SPR_SRR1, %r5
	rfi
exit_real:
	mfsprg	%r30, 0
	addi	%r1, %r31, REAL_SAVE_STRIDE - 16
	li	%r0, 0
	stw	%r0, 0(%r1)
	mr	%r3, %r31
	bl	exception_exit_real
	b	exception_restore
	.size	exception_entry, . - exception_entry

/* More nesting than there are save slots: panic on the emergency stack. */
exception_overflow:
	lis	%r1, emergency_stack_top@ha
	addi	%r1, %r1, emergency_stack_top@l
	li	%r0, 0
	stwu	%r0, -16(%r1)
	mr	%r3, %r11
	bl	exception_overflow_panic
1:	b	1b

	.section .bss
	.align	4
emergency_stack:
	.space	8192
emergency_stack_top:
