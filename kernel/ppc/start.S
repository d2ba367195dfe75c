/*
 * Kernel entry (osfmk/ppc/start.s). ppcmac's loader starts the kernel here in supervisor mode
 * with translation off and r3 = the physical address of the boot arguments (docs/kernel.md).
 * Clears .bss, installs the exception vectors in low memory, and calls ppc_init on the boot
 * stack.
 */

	.file	"start.S"	/* names the local symbols: keeps the temporary object name out of the image */
	.section .text.start, "ax", @progbits
	.globl	_start
	.type	_start, @function
_start:
	mr	%r31, %r3

	lis	%r4, __bss_start@ha
	addi	%r4, %r4, __bss_start@l
	lis	%r5, __bss_end@ha
	addi	%r5, %r5, __bss_end@l
	li	%r0, 0
1:	cmplw	%r4, %r5
	bge	2f
	stw	%r0, 0(%r4)
	addi	%r4, %r4, 4
	b	1b
2:
	lis	%r1, boot_stack_top@ha
	addi	%r1, %r1, boot_stack_top@l
	stwu	%r0, -16(%r1)

	/* Install the vectors: copy them from where they were loaded to 0, then make the
	   instruction side see the new code (dcbst, sync, icbi, isync per 32-byte block). */
	lis	%r4, __vectors_load@ha
	addi	%r4, %r4, __vectors_load@l
	lis	%r5, __vectors_end@ha
	addi	%r5, %r5, __vectors_end@l
	li	%r6, 0				/* destination: physical 0 */
3:	cmplw	%r6, %r5
	bge	4f
	lwz	%r7, 0(%r4)
	stw	%r7, 0(%r6)
	addi	%r4, %r4, 4
	addi	%r6, %r6, 4
	b	3b
4:	li	%r6, 0
5:	cmplw	%r6, %r5
	bge	6f
	dcbst	0, %r6
	sync
	icbi	0, %r6
	addi	%r6, %r6, 32
	b	5b
6:	sync
	isync

	mr	%r3, %r31
	bl	ppc_init
7:	b	7b
	.size	_start, . - _start

	.section .bss
	.align	4
	.globl	boot_stack
boot_stack:
	.space	16384
	.globl	boot_stack_top
boot_stack_top:
