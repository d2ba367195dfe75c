/*
 * The exception vectors (osfmk/ppc/lowmem_vectors.s). Linked at their run address, 0x0, but
 * loaded after the kernel text; start.S copies them into low memory (the "install"). Each
 * vector saves r13 and r11 in SPRG2/SPRG3, puts its own offset in r11 and jumps to the common
 * entry in real mode (ppc/hw_exception.S).
 */

	.file	"lowmem_vectors.S"	/* names the local symbols: keeps the temporary object name out of the image */
	.section .vectors, "ax", @progbits
	.globl	lowmem_vectors
lowmem_vectors:

#define VECTOR(offset, name)		\
	. = offset;			\
	.globl	name;			\
	.type	name, @function;	\
name:					\
	mtsprg	2, %r13;		\
	mtsprg	3, %r11;		\
	li	%r11, offset;		\
	ba	exception_entry;	\
	.size	name, . - name

	VECTOR(0x100, vector_system_reset)
	VECTOR(0x200, vector_machine_check)
	VECTOR(0x300, vector_dsi)
	VECTOR(0x400, vector_isi)
	VECTOR(0x500, vector_external)
	VECTOR(0x600, vector_alignment)
	VECTOR(0x700, vector_program)
	VECTOR(0x800, vector_fp_unavailable)
	VECTOR(0x900, vector_decrementer)
	VECTOR(0xA00, vector_reserved_a00)
	VECTOR(0xB00, vector_reserved_b00)
	VECTOR(0xC00, vector_system_call)
	VECTOR(0xD00, vector_trace)
	VECTOR(0xE00, vector_fp_assist)
	VECTOR(0xF00, vector_performance_monitor)
	VECTOR(0xF20, vector_altivec_unavailable)
	VECTOR(0x1000, vector_reserved_1000)
	VECTOR(0x1100, vector_reserved_1100)
	VECTOR(0x1200, vector_reserved_1200)
	VECTOR(0x1300, vector_instruction_breakpoint)
	VECTOR(0x1400, vector_system_management)
	VECTOR(0x1500, vector_reserved_1500)
	VECTOR(0x1600, vector_altivec_assist)
	VECTOR(0x1700, vector_thermal)
	. = 0x1800
