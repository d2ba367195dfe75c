/*
 * crash-illegal: executes a word that is no PowerPC instruction (primary opcode 0). The CPU
 * takes a program exception with the illegal-instruction bit: "Illegal instruction" (SIGILL).
 */
	.file	"crash-illegal.S"	/* names the symbol-table FILE entry (not a temporary file name: reproducible builds) */
	.text
	.globl main
	.type main, @function
main:
	.long	0x00000000
	li	%r3, 1		/* not reached */
	blr
	.size main, . - main
