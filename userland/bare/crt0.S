/*
 * Start-up code for bare-metal images. The board starts an image at its ELF entry in
 * supervisor mode with translation off (docs/board.md); this sets up what C needs, runs main
 * and powers off with main's return value as the exit status.
 */
#include "board.h"

	.section .text.start, "ax", @progbits
	.globl _start
	.type _start, @function
_start:
	/* Stack: the top of the linker script's .stack area, with a null back chain (SVR4 ABI). */
	lis	%r1, __stack_top@ha
	addi	%r1, %r1, __stack_top@l
	li	%r0, 0
	stwu	%r0, -16(%r1)

	/* Clear .bss (word-aligned at both ends by the linker script). */
	lis	%r3, __bss_start@ha
	addi	%r3, %r3, __bss_start@l
	lis	%r4, __bss_end@ha
	addi	%r4, %r4, __bss_end@l
1:	cmplw	%r3, %r4
	bge	2f
	stw	%r0, 0(%r3)
	addi	%r3, %r3, 4
	b	1b
2:
	/* Enable the FPU (MSR[FP], OEA 2.3.1) so hard-float code runs without an FP-unavailable handler. */
	mfmsr	%r3
	ori	%r3, %r3, 0x2000
	mtmsr	%r3
	isync

	bl	main

	/* Power off with main's return value; the board halts after this store. */
	lis	%r4, BOARD_BASE@h
	stw	%r3, BOARD_POWER_OFFSET(%r4)
3:	b	3b
	.size _start, . - _start
