/*
 * Process entry and the two system calls the Linux build of the benchmark uses (no libc).
 * At entry r1 points at argc, followed by argv[] (the ELF ABI PowerPC supplement's initial
 * process stack).
 */
	.text
	.globl _start
	.type _start, @function
_start:
	mr	%r3, %r1
	clrrwi	%r1, %r1, 4
	li	%r0, 0
	stwu	%r0, -16(%r1)
	bl	linux_main
	/* exit(main's result); the kernel keeps its low 8 bits. */
	li	%r0, 1
	sc
	b	.
	.size _start, . - _start

/* long linux_write(int fd, const void *buffer, size_t length) */
	.globl linux_write
	.type linux_write, @function
linux_write:
	li	%r0, 4
	sc
	blr
	.size linux_write, . - linux_write
