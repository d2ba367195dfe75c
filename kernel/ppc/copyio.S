/*
 * The byte copy behind copyin/copyout (osfmk/ppc/movc.s). It runs on addresses in the user-memory
 * window; a fault vm_fault cannot resolve there sends the thread to its recovery address,
 * copy_window_fault, which returns EFAULT. Being a leaf with no frame, it can be abandoned at any
 * instruction: the recovery returns straight to the caller.
 */

	.file	"copyio.S"	/* names the local symbols: keeps the temporary object name out of the image */
	.text

/* int copy_window(void *destination, const void *source, size_t length): 0, or EFAULT through recovery. */
	.globl	copy_window
	.type	copy_window, @function
copy_window:
	cmplwi	%r5, 0
	beq	2f
	mtctr	%r5
1:	lbz	%r6, 0(%r4)
	stb	%r6, 0(%r3)
	addi	%r4, %r4, 1
	addi	%r3, %r3, 1
	bdnz	1b
2:	li	%r3, 0
	blr
	.size	copy_window, . - copy_window

	.globl	copy_window_fault
	.type	copy_window_fault, @function
copy_window_fault:
	li	%r3, 14			/* EFAULT */
	blr
	.size	copy_window_fault, . - copy_window_fault
