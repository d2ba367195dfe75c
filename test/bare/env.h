/*
 * The translation environment the test programs share, built as an operating system would
 * (OEA chapter 7): the first 16 MB of RAM identity-mapped by IBAT0/DBAT0 for supervisor and
 * user state alike (code, data, stacks, the kit's record and the pages under test), the board
 * registers by DBAT1 (cache-inhibited, guarded), a 256 KB hashed page table, and segment
 * registers with VSID 0x000100 + segment number. Everything above 0x10000000 is left to the
 * page table, so the tests choose segment by segment what it maps.
 */
#ifndef TEST_BARE_ENV_H
#define TEST_BARE_ENV_H

#include <stdint.h>
#include "kit.h"

/* Physical layout. */
#define HTAB_BASE 0x00400000u
#define HTAB_MASK 0x3u /* HTABMASK: 4 x 64 KB */
#define HTAB_SIZE ((HTAB_MASK + 1) << 16)
#define SDR1_VALUE (HTAB_BASE | HTAB_MASK)
#define POOL_BASE 0x00800000u /* pages the page-table tests map, one per test page */
#define IDENTITY_SIZE 0x01000000u

/* The MSRs the tests run with: translation on, supervisor or user, FP usable. */
#define SUPERVISOR_MSR (MSR_ME | MSR_FP | MSR_IR | MSR_DR)
#define USER_MSR (SUPERVISOR_MSR | MSR_PR)
/* What every exception handler runs with (OEA 6.4: all cleared but ME, IP and ILE; LE = ILE). */
#define HANDLER_MSR MSR_ME

/* Segment register fields (OEA 7.5.2). */
#define SR_T 0x80000000u
#define SR_KS 0x40000000u
#define SR_KP 0x20000000u
#define SR_N 0x10000000u
#define DEFAULT_VSID(segment) (0x000100u + (segment))

/* PTE fields (OEA 7.6.1). */
#define PTE0_V 0x80000000u
#define PTE0_H 0x00000040u
#define PTE1_R 0x00000100u
#define PTE1_C 0x00000080u
#define PTE1_W 0x00000040u
#define PTE1_I 0x00000020u
#define PTE1_M 0x00000010u
#define PTE1_G 0x00000008u
#define PTE_PP_RW 0x2u /* PP = 10: read/write for either key */

/* BAT fields (OEA 7.4.1). */
#define BATU_VS 0x2u
#define BATU_VP 0x1u
#define BAT_PP_NONE 0u
#define BAT_PP_RO 1u
#define BAT_PP_RW 2u

/* Builds the environment (call in real mode) and turns translation on: MSR = SUPERVISOR_MSR. */
void env_setup(void);
/* Sets SR `segment` (0-15) and runs isync. */
void env_set_segment(uint32_t segment, uint32_t value);
/* Writes BAT pair `index` (0-3) of the IBATs (instruction != 0) or DBATs, then isync. */
void env_set_bat(int instruction, int index, uint32_t upper, uint32_t lower);

/* The OEA 7.6.1.3 hash functions and PTEG address, computed here from the manual's formulas. */
uint32_t primary_hash(uint32_t vsid, uint32_t ea);
uint32_t secondary_hash(uint32_t vsid, uint32_t ea);
uint32_t pteg_address(uint32_t hash);

/* A PTE the test placed: where it is and what it says. */
struct pte_place {
  uint32_t ea;
  uint32_t vsid;
  uint32_t address; /* physical address of the PTE */
  uint32_t primary_pteg;
  uint32_t secondary_pteg;
  uint32_t slot;
  int secondary;
  uint32_t rpn; /* physical page number (PA >> 12) */
};

/*
 * Writes a valid PTE for (vsid, ea) -> pa with word-1 attributes `wimg_pp` (WIMG << 3 | PP,
 * R = C = 0) into `slot` of the primary or secondary PTEG, as OEA 7.6.3.1 orders it (word 1,
 * eieio, word 0 with V). `h_bit` is written as given, so a test can also place a PTE with the
 * wrong H on purpose.
 */
struct pte_place pte_install(uint32_t vsid, uint32_t ea, uint32_t pa, uint32_t wimg_pp, int secondary, uint32_t slot,
                             int h_bit);
uint32_t pte_word1(const struct pte_place *pte);
void pte_set_word1(const struct pte_place *pte, uint32_t word1);

/* Fills a physical page: `tag` in every data word, and at offset 0 the code "li r3,code; blr". */
void page_fill(uint32_t pa, uint32_t tag, uint32_t code);
/* Offsets in a filled page: a data word loads read, and one stores write. */
#define PAGE_LOAD_OFFSET 0x800u
#define PAGE_STORE_OFFSET 0x804u

/* The probes (probes.S). */
extern uint32_t probe_load(uint32_t ea);
extern void probe_store(uint32_t ea, uint32_t value);
extern uint32_t probe_fetch(uint32_t ea);
extern const uint32_t probe_load_insn[], probe_store_insn[], probe_fetch_return[];

#endif
