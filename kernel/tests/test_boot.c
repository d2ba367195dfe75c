/* What boot must have set up: the hash table, translation state, the kernel's mappings, the VM's bootstrap (§1.2, §2.4, §4.2-4.3, §4.7). */
#include "tests/kern_tests.h"

#include "ppc/boot.h"
#include "ppc/exception.h"
#include "ppc/pmap.h"
#include "ppc/proc_reg.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"

extern struct boot_args PE_boot_args;
extern char __kernel_text_start[], __kernel_data_start[], __kernel_end[];

/* §4.2: RAM rounded up to a power of two, /256, at least 256 KB; at the top of the one bank, aligned to its size. */
void test_boot_hash_table(void) {
  uint64_t ram = PE_boot_args.PhysicalDRAM[0].size;
  T_ASSERT(PE_boot_args.PhysicalDRAM[1].size == 0); /* the rule below is for one bank */
  if (boot_arg("ht_shift") != NULL) return;          /* the rule below is for the default size */
  uint64_t rounded = 1;
  while (rounded < ram) rounded <<= 1;
  uint32_t size = (uint32_t)(rounded / 256);
  if (size < 256 * 1024) size = 256 * 1024;
  uint32_t base = (uint32_t)((ram - size) & ~(uint64_t)(size - 1));
  uint32_t ptegs = size / 64;
  uint32_t pca_size = ((ptegs * 4) + 4095) & ~4095u;

  T_EXPECT_EQ(hash_table_size, size);
  T_EXPECT_EQ(hash_table_base, base);
  T_EXPECT_EQ(mfspr(SPR_SDR1), base | ((size - 1) >> 16));
  T_EXPECT_EQ(hash_table_pteg_count, ptegs);
  T_EXPECT_EQ(hash_table_pca_base, base - pca_size);
  kt_note("htab 0x%08x-0x%08x sdr1 0x%08x pca 0x%08x", base, base + size - 1, base | ((size - 1) >> 16), base - pca_size);
}

/*
 * The PCA words agree with the table: a slot is marked free exactly when its PTE is invalid;
 * every valid PTE sits in the primary PTEG of its own VSID and page (H = 0, §4.5); PTEGs never
 * used still hold the initial word 0xFF010000 (§4.2).
 */
void test_boot_pca_consistent(void) {
  uint32_t ptegs = kt_pteg_count();
  uint32_t base = kt_htab_base();
  uint32_t untouched = 0, valid = 0;
  for (uint32_t n = 0; n < ptegs; n++) {
    uint32_t pca = phys_read32(base - 4 - 4 * n);
    uint32_t free_bits = pca >> 24;
    uint32_t steal = (pca >> 16) & 0xFF;
    if (pca == 0xFF010000u) untouched++;
    if (steal == 0 || (steal & (steal - 1)) != 0) kt_fail(__FILE__, __LINE__, "PTEG %u steal pointer 0x%x is not one-hot", n, steal);
    for (uint32_t slot = 0; slot < 8; slot++) {
      uint32_t word0 = phys_read32(base + n * 64 + slot * 8);
      int is_valid = (word0 & 0x80000000u) != 0;
      int marked_free = (free_bits & (0x80u >> slot)) != 0;
      if (is_valid == marked_free) {
        kt_fail(__FILE__, __LINE__, "PTEG %u slot %u: valid %d but PCA free bit %d", n, slot, is_valid, marked_free);
        return;
      }
      if (!is_valid) continue;
      valid++;
      if ((word0 & 0x40) != 0) kt_fail(__FILE__, __LINE__, "PTE in PTEG %u slot %u uses the secondary hash", n, slot);
      uint32_t vsid = (word0 >> 7) & 0xFFFFFF;
      uint32_t page_index_low = (n ^ vsid) & 0x3FF;
      uint32_t ea_page = ((word0 & 0x3F) << 10) | page_index_low;
      if (kt_pteg_number(vsid, ea_page << 12) != n) kt_fail(__FILE__, __LINE__, "PTE in PTEG %u is not in its primary PTEG", n);
    }
  }
  T_EXPECT(valid > 0);
  T_EXPECT(untouched > 0);
  kt_note("ptes valid %u ptegs untouched %u of %u", valid, untouched, ptegs);
}

/* §4.3 and §4.7: translation on, BATs all off, segment registers either invalSpace or the kernel's 0x60000000 | s << 14. */
void test_boot_translation(void) {
  uint32_t msr = mfmsr();
  T_EXPECT((msr & MASK_MSR_IR) != 0);
  T_EXPECT((msr & MASK_MSR_DR) != 0);
  T_EXPECT((msr & MASK_MSR_PR) == 0);
  uint32_t bats[16] = {
      mfspr(528), mfspr(529), mfspr(530), mfspr(531), mfspr(532), mfspr(533), mfspr(534), mfspr(535),
      mfspr(536), mfspr(537), mfspr(538), mfspr(539), mfspr(540), mfspr(541), mfspr(542), mfspr(543),
  };
  for (int i = 0; i < 16; i++) T_EXPECT_EQ(bats[i], 0);
  for (uint32_t s = 0; s < 16; s++) {
    uint32_t sr = mfsrin(s << 28);
    if (sr != 0x00000001u && sr != (0x60000000u | (s << 14))) {
      kt_fail(__FILE__, __LINE__, "SR%u is 0x%08x: neither invalSpace nor the kernel's segment", s, sr);
    }
  }
  /* The kernel runs in segment 0, so that one is loaded. */
  T_EXPECT_EQ(mfsrin(0), 0x60000000u);
}

/* §4.7: the kernel V=R through the page table, text read-only, data read/write, as block mappings. */
void test_boot_kernel_mapped_vr(void) {
  vm_offset_t text = (vm_offset_t)test_boot_kernel_mapped_vr;
  vm_offset_t data = (vm_offset_t)&PE_boot_args;
  T_EXPECT_EQ(pmap_extract(kernel_pmap, text), text);
  T_EXPECT_EQ(pmap_extract(kernel_pmap, data), data);
  struct pmap_mapping_info t = pmap_mapping_info(kernel_pmap, text);
  struct pmap_mapping_info d = pmap_mapping_info(kernel_pmap, data);
  T_EXPECT(t.found && t.block);
  T_EXPECT(d.found && d.block);
  T_EXPECT_EQ(t.attributes & 3, 3); /* PP 11: read-only with key 1 */
  T_EXPECT_EQ(d.attributes & 3, 2); /* PP 10: read/write */
  T_EXPECT_EQ(t.attributes & 0x78, 0x10); /* WIMG 0010: coherent RAM */
  /* The PTE the hardware uses for this very code: V=R, R set (forced), in the primary PTEG. */
  uint32_t pte = kt_pte_for(text);
  T_ASSERT(pte != 0);
  uint32_t word1 = phys_read32(pte + 4);
  T_EXPECT_EQ(word1 & 0xFFFFF000u, text & 0xFFFFF000u);
  T_EXPECT((word1 & 0x100) != 0);
}

/*
 * §1.2 and §2.4: the vm_page array covers the pages after the boot structures in ascending
 * order, and kernel_map reserves exactly [0x1000, first managed page) for them.
 */
void test_boot_vm_bootstrap(void) {
  T_ASSERT(vm_pages_count > 0);
  for (unsigned int i = 1; i < vm_pages_count; i++) {
    if (vm_pages[i].phys_page <= vm_pages[i - 1].phys_page) {
      kt_fail(__FILE__, __LINE__, "vm_pages[%u] is not above vm_pages[%u]", i, i - 1);
      break;
    }
  }
  T_EXPECT_EQ(vm_map_min(kernel_map), 0x1000);
  T_EXPECT_EQ(vm_map_max(kernel_map), 0xDFFFF000u);
  vm_map_entry_t boot = vm_map_first_entry(kernel_map);
  T_EXPECT_EQ(boot->vme_start, 0x1000);
  T_EXPECT_EQ(boot->vme_end, ptoa(vm_pages[0].phys_page));
  T_EXPECT_EQ(boot->protection, VM_PROT_NONE);
  T_EXPECT(boot->object.vm_object == NULL);
  /* Everything the kernel image and the loader placed lies in the reservation. */
  T_EXPECT(boot->vme_end >= PE_boot_args.topOfKernelData);
  /* The pages after the reservation are the first managed ones; the last is under the PCA. */
  T_EXPECT(ptoa(vm_pages[vm_pages_count - 1].phys_page) < hash_table_pca_base ||
           ptoa(vm_pages[vm_pages_count - 1].phys_page) >= hash_table_base + hash_table_size);
}

/* §1.3: reserved = 6 x VM_PAGE_LAUNDRY_MAX (16) + processors (1); min and target from the free count then. */
void test_boot_thresholds(void) {
  unsigned int reserved = 6 * 16 + 1;
  unsigned int free_after_reserve = vm_page_free_count_init - reserved;
  unsigned int min = reserved + 10 + free_after_reserve / 100;
  unsigned int target = reserved + 15 + free_after_reserve / 80;
  if (target < min + 5) target = min + 5;
  T_EXPECT_EQ(vm_page_free_reserved, reserved);
  T_EXPECT_EQ(vm_page_free_min, min);
  T_EXPECT_EQ(vm_page_free_target, target);
}
