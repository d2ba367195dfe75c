/*
 * The kernel's own ELF symbol table, handed over by the loader as BootX handed xnu its symbol
 * table (docs/kernel.md): used to name the functions in a panic backtrace.
 */
#include "kern/misc_protos.h"

/* ELF32 symbol table entry (System V ABI). */
struct elf32_sym {
  uint32_t st_name;
  uint32_t st_value;
  uint32_t st_size;
  uint8_t st_info;
  uint8_t st_other;
  uint16_t st_shndx;
};
#define STT_FUNC 2

static const struct elf32_sym *symtab;
static uint32_t symtab_count;
static const char *strtab;
static uint32_t strtab_size;

void symbols_init(uint32_t table, uint32_t table_size, uint32_t strings, uint32_t strings_size) {
  symtab = (const struct elf32_sym *)table;
  symtab_count = table_size / sizeof(struct elf32_sym);
  strtab = (const char *)strings;
  strtab_size = strings_size;
}

/* The function containing `address` (the nearest STT_FUNC symbol at or below it), or NULL. */
const char *symbol_lookup(uint32_t address, uint32_t *offset) {
  const struct elf32_sym *best = NULL;
  for (uint32_t i = 0; i < symtab_count; i++) {
    const struct elf32_sym *s = &symtab[i];
    if ((s->st_info & 0xF) != STT_FUNC || s->st_value > address || s->st_name >= strtab_size) continue;
    if (best == NULL || s->st_value > best->st_value) best = s;
  }
  if (best == NULL) return NULL;
  /* Past the end of a sized function and its alignment padding: not inside any function. */
  if (best->st_size != 0 && address - best->st_value >= ((best->st_size + 15) & ~15u)) return NULL;
  *offset = address - best->st_value;
  return strtab + best->st_name;
}
