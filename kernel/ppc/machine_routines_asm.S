/*
 * Small assembly routines (osfmk/ppc/machine_routines_asm.s).
 */

	.file	"machine_routines_asm.S"	/* names the local symbols: keeps the temporary object name out of the image */
#include "ppc/asm_offsets.h"

	.text

/*
 * void panic_save_context(struct savearea *state): records the caller's registers for the panic
 * report. SRR0 gets the return address (the panic call site), SRR1 the MSR.
 */
	.globl	panic_save_context
	.type	panic_save_context, @function
panic_save_context:
	stw	%r0, SAVE_R0(%r3)
	stw	%r1, SAVE_R1(%r3)
	stw	%r2, SAVE_R2(%r3)
	stw	%r3, SAVE_R3(%r3)
	stw	%r4, SAVE_R4(%r3)
	stw	%r5, SAVE_R5(%r3)
	stw	%r6, SAVE_R6(%r3)
	stw	%r7, SAVE_R7(%r3)
	stw	%r8, SAVE_R8(%r3)
	stw	%r9, SAVE_R9(%r3)
	stw	%r10, SAVE_R10(%r3)
	stw	%r11, SAVE_R11(%r3)
	stw	%r12, SAVE_R12(%r3)
	stw	%r13, SAVE_R13(%r3)
	stmw	%r14, SAVE_R14(%r3)
	mfcr	%r4
	stw	%r4, SAVE_CR(%r3)
	mfxer	%r4
	stw	%r4, SAVE_XER(%r3)
	mflr	%r4
	stw	%r4, SAVE_LR(%r3)
	stw	%r4, SAVE_SRR0(%r3)
	mfctr	%r4
	stw	%r4, SAVE_CTR(%r3)
	mfmsr	%r4
	stw	%r4, SAVE_SRR1(%r3)
	li	%r4, 0
	stw	%r4, SAVE_DAR(%r3)
	stw	%r4, SAVE_DSISR(%r3)
	stw	%r4, SAVE_EXCEPTION(%r3)
	stw	%r4, SAVE_FLAGS(%r3)
	lwz	%r4, SAVE_R4(%r3)
	blr
	.size	panic_save_context, . - panic_save_context

/*
 * void pmap_zero_page(ppnum_t pn) (osfmk/ppc/movc.s): clears a physical page with data
 * translation and interrupts off, 32 bytes per dcbz. The instruction is encoded as xnu
 * encodes it, as dcbz128 (dcbz with instruction bit 10 set), which a CPU with 32-byte cache
 * lines executes as a plain dcbz.
 */
	.globl	pmap_zero_page
	.type	pmap_zero_page, @function
pmap_zero_page:
	slwi	%r3, %r3, 12		/* physical address of the page */
	mfmsr	%r6
	rlwinm	%r7, %r6, 0, 17, 15	/* clear EE (0x8000) */
	rlwinm	%r7, %r7, 0, 28, 26	/* clear DR (0x0010) */
	mtmsr	%r7
	isync
	li	%r4, 4096 / 32
	mtctr	%r4
	li	%r5, 0
1:	.long	0x7C2007EC | (3 << 16) | (5 << 11)	/* dcbz128 r3,r5: dcbz r3,r5 with L (0x00200000) */
	addi	%r5, %r5, 32
	bdnz	1b
	sync
	mtmsr	%r6
	isync
	blr
	.size	pmap_zero_page, . - pmap_zero_page

/*
 * void pmap_copy_page(ppnum_t source, ppnum_t destination) (osfmk/ppc/movc.s): copies a physical
 * page to another with data translation and interrupts off.
 */
	.globl	pmap_copy_page
	.type	pmap_copy_page, @function
pmap_copy_page:
	slwi	%r3, %r3, 12
	slwi	%r4, %r4, 12
	mfmsr	%r6
	rlwinm	%r7, %r6, 0, 17, 15
	rlwinm	%r7, %r7, 0, 28, 26
	mtmsr	%r7
	isync
	li	%r5, 4096 / 16
	mtctr	%r5
	subi	%r3, %r3, 4
	subi	%r4, %r4, 4
1:	lwzu	%r8, 4(%r3)
	lwzu	%r9, 4(%r3)
	lwzu	%r10, 4(%r3)
	lwzu	%r11, 4(%r3)
	stwu	%r8, 4(%r4)
	stwu	%r9, 4(%r4)
	stwu	%r10, 4(%r4)
	stwu	%r11, 4(%r4)
	bdnz	1b
	sync
	mtmsr	%r6
	isync
	blr
	.size	pmap_copy_page, . - pmap_copy_page
