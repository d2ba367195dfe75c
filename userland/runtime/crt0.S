/*
 * Process entry (docs/user-abi.md §5). The kernel starts the program at its ELF entry in user
 * mode with r1 pointing at argc; argv[], a NULL, envp[], a NULL, the "apple" vector (the exec
 * path, a NULL) follow it, as xnu's exec_copyout_strings lays them out. No other register holds
 * anything the program may rely on, and r1 is only word-aligned.
 */
	.file	"crt0.S"	/* names the symbol-table FILE entry (not a temporary file name: reproducible builds) */
	.section .text.start, "ax", @progbits
	.globl start
	.type start, @function
start:
	mr	%r3, %r1		/* the kernel's frame: argc, argv[], ... */
	/*
	 * Our code follows the SVR4 ABI: a 16-byte-aligned stack and a NULL back chain ending the
	 * frame list. The frame sits below argc, so nothing the kernel wrote is overwritten.
	 */
	clrrwi	%r1, %r1, 4
	li	%r0, 0
	stwu	%r0, -16(%r1)
	mtlr	%r0
	bl	runtime_start		/* never returns: it calls exit with main's status */
	trap
	.size start, . - start
