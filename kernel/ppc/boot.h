/*
 * The boot arguments ppcmac's loader passes to the kernel (docs/kernel.md), modelled on the
 * block BootX passed to xnu (pexpert/ppc/boot.h): a command line, the DRAM banks, the top of
 * what the loader placed in memory, and the kernel's own ELF symbol table, which BootX also
 * handed over. The loader writes it big-endian at a page boundary after the kernel image and
 * passes its physical address in r3.
 */
#ifndef PPC_BOOT_H
#define PPC_BOOT_H

#include <stdint.h>

#define BOOT_ARGS_MAGIC 0x4B424F4Fu /* "KBOO" */
#define BOOT_ARGS_REVISION 1
#define BOOT_ARGS_VERSION 1
#define BOOT_LINE_LENGTH 256
#define BOOT_DRAM_BANKS 4

#define BOOT_MODE_NORMAL 0
#define BOOT_MODE_SELF_TEST 1

struct boot_dram_bank {
  uint32_t base;
  uint32_t size;
};

struct boot_args {
  uint32_t magic;                                  /* 0x000 BOOT_ARGS_MAGIC */
  uint16_t Revision;                               /* 0x004 */
  uint16_t Version;                                /* 0x006 */
  char CommandLine[BOOT_LINE_LENGTH];              /* 0x008 NUL-terminated */
  struct boot_dram_bank PhysicalDRAM[BOOT_DRAM_BANKS]; /* 0x108 banks; size 0 ends the list */
  uint32_t topOfKernelData;                        /* 0x128 first byte after everything loaded */
  uint32_t mode;                                   /* 0x12C BOOT_MODE_* */
  uint32_t symtab;                                 /* 0x130 physical address of the ELF .symtab */
  uint32_t symtab_size;                            /* 0x134 bytes */
  uint32_t strtab;                                 /* 0x138 physical address of its string table */
  uint32_t strtab_size;                            /* 0x13C bytes */
  uint32_t panic_status;                           /* 0x140 value to write to the power register on panic */
  /* The program to exec at boot (issue 6, docs/tasks.md), placed by the loader in the boot area like a
     ramdisk: its ELF bytes, and its strings: the exec path, the argv strings, the envp strings, each
     NUL-terminated, one after another. exec_strings_size 0: no program. */
  uint32_t exec_image;                             /* 0x144 physical address of the ELF bytes */
  uint32_t exec_image_size;                        /* 0x148 bytes */
  uint32_t exec_strings;                           /* 0x14C physical address of the strings */
  uint32_t exec_strings_size;                      /* 0x150 bytes */
  uint32_t exec_argc;                              /* 0x154 */
  uint32_t exec_envc;                              /* 0x158 */
};

#endif
