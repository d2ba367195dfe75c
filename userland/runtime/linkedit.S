/*
 * The contents of the read-only segment that stands where a Mach-O's __LINKEDIT stands (ELF
 * keeps its symbol table outside the loaded segments): a record of the image's own layout, so a
 * loader, a debugger or a test can read where each part lies from the mapped image itself.
 * Every field is a 32-bit big-endian word; docs/user-abi.md §6 lists them.
 */
	.file	"linkedit.S"	/* names the symbol-table FILE entry (not a temporary file name: reproducible builds) */
	.section .linkedit, "a", @progbits
	.balign 4
	.type image_layout, @object
image_layout:
	.ascii	"PPCLAYT1"		/* magic and version */
	.long	__text_start, __text_end
	.long	__data_start, __data_end, __bss_end
	.long	__linkedit_start, __linkedit_end
	.long	start			/* the entry point */
	.size image_layout, . - image_layout
