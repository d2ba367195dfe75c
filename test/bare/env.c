/* The shared translation environment (env.h). */
#include "env.h"

/* BL field for a block of 2^n x 128 KB: a right-justified run of n ones in bits 19-29. */
#define BATU_BL_16MB (0x7Fu << 2)
#define BATU_BL_128KB 0u
#define BOARD_PA 0xF0000000u

void env_set_bat(int instruction, int index, uint32_t upper, uint32_t lower) {
  /* mtspr needs the SPR number in the instruction, hence one case per register. */
  switch ((instruction ? 0 : 8) + index * 2) {
    case 0: mtspr(528, upper); mtspr(529, lower); break;
    case 2: mtspr(530, upper); mtspr(531, lower); break;
    case 4: mtspr(532, upper); mtspr(533, lower); break;
    case 6: mtspr(534, upper); mtspr(535, lower); break;
    case 8: mtspr(536, upper); mtspr(537, lower); break;
    case 10: mtspr(538, upper); mtspr(539, lower); break;
    case 12: mtspr(540, upper); mtspr(541, lower); break;
    case 14: mtspr(542, upper); mtspr(543, lower); break;
  }
  isync();
}

void env_set_segment(uint32_t segment, uint32_t value) {
  mtsr(segment << 28, value);
}

void env_setup(void) {
  /* BATs come out of reset undefined (MPC750 UM 2.1.4): clear them all before anything else. */
  for (int i = 0; i < 4; i++) {
    env_set_bat(1, i, 0, 0);
    env_set_bat(0, i, 0, 0);
  }
  env_set_bat(1, 0, 0x00000000u | BATU_BL_16MB | BATU_VS | BATU_VP, 0x00000000u | BAT_PP_RW);
  env_set_bat(0, 0, 0x00000000u | BATU_BL_16MB | BATU_VS | BATU_VP, 0x00000000u | BAT_PP_RW);
  env_set_bat(0, 1, BOARD_PA | BATU_BL_128KB | BATU_VS | BATU_VP, BOARD_PA | PTE1_I | PTE1_G | BAT_PP_RW);

  volatile uint32_t *table = (volatile uint32_t *)HTAB_BASE;
  for (uint32_t i = 0; i < HTAB_SIZE / 4; i++) table[i] = 0;
  sync();
  mtspr(SPR_SDR1, SDR1_VALUE);
  for (uint32_t segment = 0; segment < 16; segment++) env_set_segment(segment, DEFAULT_VSID(segment));
  /* Empty both TLBs: tlbie of one page in each of the 64 congruence classes (MPC750 UM 5.4.3.2). */
  for (uint32_t page = 0; page < 64; page++) tlbie(page << 12);
  mtmsr(SUPERVISOR_MSR);
}

uint32_t primary_hash(uint32_t vsid, uint32_t ea) {
  return ((vsid & 0x7FFFFu) ^ ((ea >> 12) & 0xFFFFu)) & 0x7FFFFu;
}

uint32_t secondary_hash(uint32_t vsid, uint32_t ea) {
  return ~primary_hash(vsid, ea) & 0x7FFFFu;
}

uint32_t pteg_address(uint32_t hash) {
  uint32_t htaborg = SDR1_VALUE & 0xFFFF0000u;
  uint32_t htabmask = SDR1_VALUE & 0x1FFu;
  return htaborg | (((hash >> 10) & htabmask) << 16) | ((hash & 0x3FFu) << 6);
}

struct pte_place pte_install(uint32_t vsid, uint32_t ea, uint32_t pa, uint32_t wimg_pp, int secondary, uint32_t slot,
                             int h_bit) {
  struct pte_place pte;
  pte.ea = ea;
  pte.vsid = vsid;
  pte.primary_pteg = pteg_address(primary_hash(vsid, ea));
  pte.secondary_pteg = pteg_address(secondary_hash(vsid, ea));
  pte.slot = slot;
  pte.secondary = secondary;
  pte.address = (secondary ? pte.secondary_pteg : pte.primary_pteg) + slot * 8;
  pte.rpn = pa >> 12;
  volatile uint32_t *words = (volatile uint32_t *)pte.address;
  words[1] = (pa & 0xFFFFF000u) | wimg_pp;
  __asm__ volatile("eieio" : : : "memory");
  words[0] = PTE0_V | ((vsid & 0xFFFFFFu) << 7) | (h_bit ? PTE0_H : 0) | ((ea >> 22) & 0x3Fu);
  sync();
  return pte;
}

uint32_t pte_word1(const struct pte_place *pte) {
  return ((volatile uint32_t *)pte->address)[1];
}

void pte_set_word1(const struct pte_place *pte, uint32_t word1) {
  ((volatile uint32_t *)pte->address)[1] = word1;
  sync();
}

void page_fill(uint32_t pa, uint32_t tag, uint32_t code) {
  volatile uint32_t *words = (volatile uint32_t *)pa;
  for (uint32_t i = 0; i < 1024; i++) words[i] = tag;
  words[0] = 0x38600000u | (code & 0xFFFFu); /* li r3,code (addi r3,0,code) */
  words[1] = 0x4E800020u;                     /* blr */
  /* Make the new code visible to instruction fetch (VEA 5.1.5.2 / MPC750 UM 3.4.1.5). */
  __asm__ volatile("dcbst 0,%0; sync; icbi 0,%0; sync; isync" : : "r"(pa) : "memory");
}
