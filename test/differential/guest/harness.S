/*
 * The guest side of the differential test: a Linux PPC32 program that runs whatever the test
 * patches into code_area, then writes output_length bytes of data_area to stdout and exits.
 * (See ../harness.ts for the layout the generated code follows.)
 *
 * The test writes into code_area, for each case, a prologue that loads every register from the
 * case's record in data_area, the random sequence, and an epilogue that stores every register
 * back into the record; the last case ends with a branch to `finish`. Nothing here depends on
 * the number of cases or the record layout, so the ELF is built once and patched per batch.
 */
	.section .text
	.globl	_start
_start:
	b	code_area

	.globl	code_area
	.p2align 5
code_area:
	.space	CODE_AREA_BYTES, 0

	.globl	finish
finish:
	/* write(1, data_area, output_length), repeated until everything is written. */
	lis	r30, data_area@ha
	addi	r30, r30, data_area@l
	lis	r31, output_length@ha
	lwz	r31, output_length@l(r31)
1:	cmpwi	r31, 0
	beq	2f
	li	r0, 4			/* __NR_write */
	li	r3, 1
	mr	r4, r30
	mr	r5, r31
	sc
	bso	3f			/* CR0[SO] set: the kernel returned an error */
	cmpwi	r3, 0
	ble	3f
	add	r30, r30, r3
	subf	r31, r3, r31
	b	1b
2:	li	r0, 1			/* __NR_exit */
	li	r3, 0
	sc
3:	li	r0, 1
	li	r3, 2
	sc

	.section .data
	.globl	output_length
	.p2align 2
output_length:
	.long	0

	.globl	data_area
	.p2align 5
data_area:
	.space	DATA_AREA_BYTES, 0
