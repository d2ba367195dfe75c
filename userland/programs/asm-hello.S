/*
 * asm-hello: a program with no runtime at all, linked with the toolchain's default script
 * (ld -Ttext-segment=0x1000 -z max-page-size=0x1000), that follows the user ABI by hand:
 * write(1, message, length) and exit(argc) through `sc`, with Darwin's BSD return convention.
 * The example docs/user-abi.md gives of "any freestanding ELF that follows this contract".
 */
	.file	"asm-hello.S"	/* names the symbol-table FILE entry (not a temporary file name: reproducible builds) */
	.section .rodata
message:
	.ascii	"Hello from hand-written PowerPC assembly!\n"
	.set	length, . - message

	.text
	.globl _start
	.type _start, @function
_start:
	lwz	%r31, 0(%r1)		/* argc, kept for the exit status */
	li	%r3, 1			/* fd: stdout */
	lis	%r4, message@ha
	addi	%r4, %r4, message@l
	li	%r5, length
	li	%r0, 4			/* SYS_write */
	sc
	b	failed			/* error: the kernel resumes here, errno in r3 */
	mr	%r3, %r31		/* success resumes here: exit(argc) */
	li	%r0, 1			/* SYS_exit */
	sc
failed:
	li	%r3, 2			/* exit(2) if write failed */
	li	%r0, 1
	sc
	trap
	.size _start, . - _start
