/*
 * test-mmu: address translation as OEA chapter 7 and MPC750 UM chapter 5 define it, from guest
 * code: BAT over page-table priority; PTE hits in the primary and the secondary PTEG (and the
 * near misses that must not hit); page protection for every key and PP, for loads, stores and
 * fetches, in supervisor and user state; block protection; R and C in the PTE in memory; the
 * DSI/ISI registers for every fault kind; tlbie and the TLB's geometry; VSID-tagged entries.
 *
 * The program leaves its page table, segment registers, BATs and SDR1 in place when it exits
 * and prints an INSPECT line for a set of accesses, with what the architecture says the
 * translation path is (PTEG addresses, slot, RPN, R, C from memory) or the fault it raises; the
 * host test compares ppcmac's inspection API against those lines.
 */
#include "check.h"
#include "env.h"

enum access_kind { LOAD, STORE, FETCH };
static const char *const KIND_NAMES[3] = {"load", "store", "fetch"};
static const char *const KIND_DOT_NAMES[3] = {".load", ".store", ".fetch"};

/* DSISR and ISI SRR1 causes (OEA 6.4.3, 6.4.4; MPC750 UM Table 5-3). */
#define DSISR_NOT_FOUND 0x40000000u
#define DSISR_DIRECT_STORE 0x04000000u
#define DSISR_PROTECTION 0x08000000u
#define DSISR_STORE 0x02000000u
#define ISI_NOT_FOUND 0x40000000u
#define ISI_NO_EXECUTE_OR_GUARDED 0x10000000u /* N=1, T=1 or G=1 */
#define ISI_PROTECTION 0x08000000u

extern uint32_t probe_store_self(uint32_t ea); /* returns ea */
extern const uint32_t probe_store_self_insn[];
#define A(symbol) ((uint32_t)(symbol))

/* A check name from up to five parts, in a buffer the next call reuses. */
static const char *name_of(const char *a, const char *b, const char *c, const char *d, const char *e) {
  static char buffer[96];
  const char *parts[5] = {a, b, c, d, e};
  uint32_t n = 0;
  for (int i = 0; i < 5; i++) {
    for (const char *s = parts[i]; s != 0 && *s != '\0' && n < sizeof buffer - 1; s++) buffer[n++] = *s;
  }
  buffer[n] = '\0';
  return buffer;
}

/* --- test pages ---------------------------------------------------------------------------- */

static uint32_t pool_next = POOL_BASE;

/* A fresh physical page filled with `tag` words and code returning `code`. */
static uint32_t new_page(uint32_t tag, uint32_t code) {
  uint32_t pa = pool_next;
  pool_next += 0x1000;
  page_fill(pa, tag, code);
  return pa;
}

/* The effective address an access of `kind` uses in the page at page_ea. */
static uint32_t access_ea(enum access_kind kind, uint32_t page_ea) {
  return page_ea + (kind == LOAD ? PAGE_LOAD_OFFSET : kind == STORE ? PAGE_STORE_OFFSET : 0);
}

/* Performs one access; returns the loaded word, the fetched code's result, or 0 for a store. */
static uint32_t do_access(enum access_kind kind, int user, uint32_t page_ea) {
  uint32_t ea = access_ea(kind, page_ea);
  uint32_t (*fn)(uint32_t) = kind == LOAD ? probe_load : kind == FETCH ? probe_fetch : probe_store_self;
  if (user) return run_in_mode(fn, ea, USER_MSR);
  return fn(ea);
}

/*
 * Expects the access to succeed: a load returns `tag`, a fetch returns `code`, a store writes
 * its address into the word at pa + PAGE_STORE_OFFSET.
 */
static int expect_ok(const char *name, enum access_kind kind, int user, uint32_t page_ea, uint32_t pa, uint32_t tag,
                     uint32_t code) {
  uint32_t before = kit_arm();
  uint32_t result = do_access(kind, user, page_ea);
  uint32_t taken = kit_word(KIT_COUNT) - before;
  uint32_t got = kind == LOAD ? result : kind == FETCH ? result : kit_word(pa + PAGE_STORE_OFFSET);
  uint32_t want = kind == LOAD ? tag : kind == FETCH ? code : access_ea(STORE, page_ea);
  if (taken != 0) return check_no_exception(name, before);
  return check_eq(name, got, want);
}

/* Expects the access to fault with `cause` (DSISR for data, before the store bit; SRR1 bits for fetches). */
static int expect_fault(const char *name, enum access_kind kind, int user, uint32_t page_ea, uint32_t cause) {
  uint32_t ea = access_ea(kind, page_ea);
  uint32_t msr = user ? USER_MSR : SUPERVISOR_MSR;
  uint32_t before = kit_arm();
  do_access(kind, user, page_ea);
  struct expected_exception want = {.handler_msr = HANDLER_MSR};
  if (kind == FETCH) {
    want.vector = 0x400;
    want.srr0 = ea;
    want.srr1 = msr | cause;
  } else {
    want.vector = 0x300;
    want.srr0 = kind == LOAD ? A(probe_load_insn) : A(probe_store_self_insn);
    want.srr1 = msr;
    want.dsisr = cause | (kind == STORE ? DSISR_STORE : 0);
    want.dsisr_mask = 0xFFFFFFFFu;
    want.dar = ea;
    want.check_dar = 1;
  }
  return check_exception(name, before, &want);
}

/* Clears R and C of a PTE and drops its TLB entry, as an OS does (OEA 7.6.3.2). */
static void clear_rc(const struct pte_place *pte) {
  pte_set_word1(pte, pte_word1(pte) & ~(PTE1_R | PTE1_C));
  tlbie(pte->ea);
}

/* --- INSPECT lines for the host test --------------------------------------------------------- */

static void inspect_head(const char *name, uint32_t ea, enum access_kind kind, int user) {
  print("INSPECT name=");
  print(name);
  print(" ea=");
  print_hex(ea);
  print(" kind=");
  print(KIND_NAMES[kind]);
  print(user ? " user=1" : " user=0");
}

static void inspect_page(const char *name, const struct pte_place *pte, uint32_t offset, enum access_kind kind, int user) {
  uint32_t word1 = pte_word1(pte);
  inspect_head(name, pte->ea + offset, kind, user);
  print(" via=page pte=");
  print_hex(pte->address);
  print(" primary=");
  print_hex(pte->primary_pteg);
  print(" secondary=");
  print_hex(pte->secondary_pteg);
  print(" slot=");
  print_dec(pte->slot);
  print(pte->secondary ? " h=1" : " h=0");
  print(" rpn=");
  print_hex(pte->rpn);
  print((word1 & PTE1_R) ? " r=1" : " r=0");
  print((word1 & PTE1_C) ? " c=1" : " c=0");
  print(" pa=");
  print_hex((pte->rpn << 12) + offset);
  print("\n");
}

static void inspect_bat(const char *name, uint32_t ea, enum access_kind kind, int user, uint32_t index, uint32_t pa) {
  inspect_head(name, ea, kind, user);
  print(" via=bat index=");
  print_dec(index);
  print(" pa=");
  print_hex(pa);
  print("\n");
}

/* reason: not-found, protection, no-execute, direct-store, guarded. */
static void inspect_fault(const char *name, uint32_t ea, enum access_kind kind, int user, const char *reason, uint32_t cause) {
  inspect_head(name, ea, kind, user);
  print(" fault=");
  print(reason);
  if (kind == FETCH) {
    print(" srr1=");
    print_hex(cause);
  } else {
    print(" dsisr=");
    print_hex(cause | (kind == STORE ? DSISR_STORE : 0));
  }
  print("\n");
}

/* --- the tests ------------------------------------------------------------------------------- */

/* Segment 1's VSID sets hash bits above bit 9, so HTABMASK selects the 64 KB quarter too. */
#define VSID_1 0x5A0C55u
#define EA_PRIMARY 0x10123000u
#define EA_SECONDARY 0x10456000u
#define EA_WRONG_H_PRIMARY 0x10789000u
#define EA_WRONG_H_SECONDARY 0x10ABC000u
#define EA_INVALID 0x10DEF000u
#define EA_OTHER_VSID 0x10F00000u

static struct pte_place pte_primary, pte_secondary;

static void pteg_search(void) {
  env_set_segment(1, VSID_1);
  uint32_t pa = new_page(0x11110001u, 0x101);
  pte_primary = pte_install(VSID_1, EA_PRIMARY, pa, PTE_PP_RW, 0, 3, 0);
  expect_ok("pteg.primary.slot3.load", LOAD, 0, EA_PRIMARY, pa, 0x11110001u, 0x101);
  expect_ok("pteg.primary.slot3.fetch", FETCH, 0, EA_PRIMARY, pa, 0x11110001u, 0x101);

  /*
   * OEA 7.6.1.5: when none of the eight primary PTEs match, the secondary PTEG is searched for
   * a PTE with H=1. Fill the primary group with valid PTEs of other pages first.
   */
  uint32_t other = new_page(0x0BAD0BADu, 0x0BAD);
  for (uint32_t slot = 0; slot < 8; slot++) {
    /* Same PTEG (the hash ignores VSID bits above the low 19), different VSID: no match. */
    pte_install(VSID_1 ^ (0x80000u << (slot % 4)), EA_SECONDARY, other, PTE_PP_RW, 0, slot, 0);
  }
  pa = new_page(0x22220002u, 0x202);
  pte_secondary = pte_install(VSID_1, EA_SECONDARY, pa, PTE_PP_RW, 1, 6, 1);
  expect_ok("pteg.secondary.slot6.load-past-full-primary", LOAD, 0, EA_SECONDARY, pa, 0x22220002u, 0x202);
  expect_ok("pteg.secondary.slot6.fetch", FETCH, 0, EA_SECONDARY, pa, 0x22220002u, 0x202);

  /* A PTE matches only with the H of the group it is in, V=1 and its own VSID. */
  pa = new_page(0x33330003u, 0x303);
  pte_install(VSID_1, EA_WRONG_H_PRIMARY, pa, PTE_PP_RW, 0, 0, 1);
  expect_fault("pteg.primary-with-h1-not-found", LOAD, 0, EA_WRONG_H_PRIMARY, DSISR_NOT_FOUND);
  pte_install(VSID_1, EA_WRONG_H_SECONDARY, pa, PTE_PP_RW, 1, 0, 0);
  expect_fault("pteg.secondary-with-h0-not-found", LOAD, 0, EA_WRONG_H_SECONDARY, DSISR_NOT_FOUND);
  struct pte_place invalid = pte_install(VSID_1, EA_INVALID, pa, PTE_PP_RW, 0, 2, 0);
  ((volatile uint32_t *)invalid.address)[0] &= ~PTE0_V;
  sync();
  expect_fault("pteg.invalid-pte-not-found", LOAD, 0, EA_INVALID, DSISR_NOT_FOUND);
  pte_install(VSID_1 ^ 0x100000u, EA_OTHER_VSID, pa, PTE_PP_RW, 0, 1, 0);
  expect_fault("pteg.other-vsid-not-found", LOAD, 0, EA_OTHER_VSID, DSISR_NOT_FOUND);
  expect_fault("pteg.not-found.store", STORE, 0, EA_OTHER_VSID, DSISR_NOT_FOUND);
  expect_fault("pteg.not-found.fetch", FETCH, 0, EA_OTHER_VSID, ISI_NOT_FOUND);
  expect_fault("pteg.not-found.load.user", LOAD, 1, EA_OTHER_VSID, DSISR_NOT_FOUND);
  expect_fault("pteg.not-found.fetch.user", FETCH, 1, EA_OTHER_VSID, ISI_NOT_FOUND);
}

/*
 * OEA Table 7-10 (page protection): what each key allows for each PP, written out.
 * Instruction fetch needs read access (OEA 7.5.? : fetches are treated as reads).
 */
#define R 1
#define W 2
static const int PAGE_ACCESS[2][4] = {
    /* key 0: PP 00, 01, 10: read/write; 11: read only */
    {R | W, R | W, R | W, R},
    /* key 1: PP 00: none; 01: read only; 10: read/write; 11: read only */
    {0, R, R | W, R},
};
/* OEA Table 7-7 (block protection): PP 00 none, 01 read only, 10 read/write, 11 read only. */
static const int BLOCK_ACCESS[4] = {0, R, R | W, R};

static int allowed(int access, enum access_kind kind) {
  return kind == STORE ? (access & W) != 0 : (access & R) != 0;
}

#define VSID_4 0x000444u
#define EA_PROT 0x40000000u
static struct pte_place pte_prot[4];
static uint32_t pa_prot[4];

static void page_protection(void) {
  static const char *const PP_NAMES[4] = {".pp00", ".pp01", ".pp10", ".pp11"};
  for (uint32_t pp = 0; pp < 4; pp++) {
    pa_prot[pp] = new_page(0x44440000u + pp, 0x400 + pp);
    pte_prot[pp] = pte_install(VSID_4, EA_PROT + pp * 0x1000, pa_prot[pp], pp, 0, pp, 0);
  }
  for (int user = 0; user < 2; user++) {
    for (int key = 0; key < 2; key++) {
      /* The key is Ks in supervisor state and Kp in user state; give the other the opposite value. */
      uint32_t ks = user ? !key : key, kp = user ? key : !key;
      env_set_segment(4, VSID_4 | (ks ? SR_KS : 0) | (kp ? SR_KP : 0));
      for (uint32_t pp = 0; pp < 4; pp++) {
        for (int k = LOAD; k <= FETCH; k++) {
          enum access_kind kind = (enum access_kind)k;
          const char *name = name_of("protection.page", user ? ".user" : ".supervisor", key ? ".key1" : ".key0",
                                     PP_NAMES[pp], KIND_DOT_NAMES[kind]);
          uint32_t page = EA_PROT + pp * 0x1000;
          kit_set_word(pa_prot[pp] + PAGE_STORE_OFFSET, 0x44440000u + pp);
          clear_rc(&pte_prot[pp]);
          if (allowed(PAGE_ACCESS[key][pp], kind)) {
            expect_ok(name, kind, user, page, pa_prot[pp], 0x44440000u + pp, 0x400 + pp);
          } else {
            expect_fault(name, kind, user, page, kind == FETCH ? ISI_PROTECTION : DSISR_PROTECTION);
            if (kind == STORE) {
              /* A store that is not allowed changes neither memory nor C (MPC7400 UM 5.4.1). */
              check_eq(join(name, ".memory-unchanged"), kit_word(pa_prot[pp] + PAGE_STORE_OFFSET), 0x44440000u + pp);
              check_eq(join(name, ".c-clear"), pte_word1(&pte_prot[pp]) & PTE1_C, 0);
            }
          }
        }
      }
    }
  }
  /* Left in place for the INSPECT lines: key 0 in supervisor state, key 1 in user state. */
  env_set_segment(4, VSID_4 | SR_KP);
}

/* Block protection through IBAT3/DBAT3: a 128 KB block at EA 0xB0000000. */
#define EA_BLOCK 0xB0000000u
#define PA_BLOCK 0x00900000u
static void block_protection(void) {
  static const char *const PP_NAMES[4] = {".pp00", ".pp01", ".pp10", ".pp11"};
  page_fill(PA_BLOCK, 0xB10CB10Cu, 0x0B1);
  for (int user = 0; user < 2; user++) {
    for (uint32_t pp = 0; pp < 4; pp++) {
      env_set_bat(1, 3, EA_BLOCK | BATU_VS | BATU_VP, PA_BLOCK | pp);
      env_set_bat(0, 3, EA_BLOCK | BATU_VS | BATU_VP, PA_BLOCK | pp);
      for (int k = LOAD; k <= FETCH; k++) {
        enum access_kind kind = (enum access_kind)k;
        const char *full = name_of("protection.block", user ? ".user" : ".supervisor", PP_NAMES[pp], KIND_DOT_NAMES[kind], 0);
        kit_set_word(PA_BLOCK + PAGE_STORE_OFFSET, 0xB10CB10Cu);
        if (allowed(BLOCK_ACCESS[pp], kind)) {
          expect_ok(full, kind, user, EA_BLOCK, PA_BLOCK, 0xB10CB10Cu, 0x0B1);
        } else {
          expect_fault(full, kind, user, EA_BLOCK, kind == FETCH ? ISI_PROTECTION : DSISR_PROTECTION);
        }
      }
    }
  }
  /*
   * A BAT applies only in the states its Vs/Vp allow (OEA 7.4.2.1): with Vp=0 a user access
   * goes to the page table, which has nothing for segment 0xB.
   */
  env_set_bat(0, 3, EA_BLOCK | BATU_VS, PA_BLOCK | BAT_PP_RW);
  expect_ok("bat.vs-only.supervisor-uses-bat", LOAD, 0, EA_BLOCK, PA_BLOCK, 0xB10CB10Cu, 0);
  expect_fault("bat.vs-only.user-uses-page-table", LOAD, 1, EA_BLOCK, DSISR_NOT_FOUND);
  /* Left in place for the INSPECT lines: read-only for both states. */
  env_set_bat(1, 3, EA_BLOCK | BATU_VS | BATU_VP, PA_BLOCK | BAT_PP_RO);
  env_set_bat(0, 3, EA_BLOCK | BATU_VS | BATU_VP, PA_BLOCK | BAT_PP_RO);
}

/* BAT over page table: a 128 KB block at EA 0x30000000 that the page table also maps. */
#define EA_BAT_OVER 0x30000000u
#define PA_BAT_OVER 0x00A00000u
static struct pte_place pte_under_bat, pte_beside_bat;

static void bat_priority(void) {
  uint32_t vsid = DEFAULT_VSID(3);
  uint32_t pa_page = new_page(0x3333AAAAu, 0x3A);
  uint32_t pa_user = new_page(0x3333CCCCu, 0x3C);
  page_fill(PA_BAT_OVER, 0x3333BBBBu, 0x3B);
  pte_under_bat = pte_install(vsid, EA_BAT_OVER, pa_page, PTE_PP_RW, 0, 4, 0);
  pte_beside_bat = pte_install(vsid, EA_BAT_OVER + 0x1000, pa_user, PTE_PP_RW, 0, 5, 0);
  /* Supervisor-only BATs (Vs=1, Vp=0). */
  env_set_bat(1, 2, EA_BAT_OVER | BATU_VS, PA_BAT_OVER | BAT_PP_RW);
  env_set_bat(0, 2, EA_BAT_OVER | BATU_VS, PA_BAT_OVER | BAT_PP_RW);
  /* OEA 7.1: a BAT hit takes precedence; the PTE is not used, so its R stays clear. */
  expect_ok("bat-over-pte.load", LOAD, 0, EA_BAT_OVER, PA_BAT_OVER, 0x3333BBBBu, 0x3B);
  expect_ok("bat-over-pte.fetch", FETCH, 0, EA_BAT_OVER, PA_BAT_OVER, 0x3333BBBBu, 0x3B);
  expect_ok("bat-over-pte.store", STORE, 0, EA_BAT_OVER, PA_BAT_OVER, 0, 0);
  check_eq("bat-over-pte.pte-r-c-untouched", pte_word1(&pte_under_bat) & (PTE1_R | PTE1_C), 0);
  /* In user state the BATs do not apply: the page table maps the next page of the block. */
  expect_ok("bat-over-pte.user-uses-pte.load", LOAD, 1, EA_BAT_OVER + 0x1000, pa_user, 0x3333CCCCu, 0x3C);
  expect_ok("bat-over-pte.user-uses-pte.fetch", FETCH, 1, EA_BAT_OVER + 0x1000, pa_user, 0x3333CCCCu, 0x3C);
  /* With the DBAT invalid, the PTE takes over for data. */
  env_set_bat(0, 2, 0, 0);
  expect_ok("bat-over-pte.dbat-off-uses-pte", LOAD, 0, EA_BAT_OVER, pa_page, 0x3333AAAAu, 0x3A);
  check_eq("bat-over-pte.dbat-off-sets-r", pte_word1(&pte_under_bat) & (PTE1_R | PTE1_C), PTE1_R);
  env_set_bat(0, 2, EA_BAT_OVER | BATU_VS, PA_BAT_OVER | BAT_PP_RW);
}

/* R and C (OEA 7.6.3, MPC750 UM 5.4.1): set in the PTE in memory by the access itself. */
#define EA_RC 0x20000000u
static struct pte_place pte_rc[4];

static void reference_and_change(void) {
  uint32_t vsid = DEFAULT_VSID(2);
  uint32_t pa[4];
  static const uint32_t slots[4] = {0, 7, 1, 2};
  for (uint32_t i = 0; i < 4; i++) {
    pa[i] = new_page(0x55550000u + i, 0x500 + i);
    pte_rc[i] = pte_install(vsid, EA_RC + i * 0x1000, pa[i], PTE1_M | PTE_PP_RW, i == 1, slots[i], i == 1);
  }
  const uint32_t base_word1[4] = {pte_word1(&pte_rc[0]), pte_word1(&pte_rc[1]), pte_word1(&pte_rc[2]),
                                  pte_word1(&pte_rc[3])};
  /* Page 0: a load sets R only; a store then sets C; nothing else in word 1 changes. */
  expect_ok("rc.page0.load", LOAD, 0, EA_RC, pa[0], 0x55550000u, 0x500);
  check_eq("rc.page0.after-load", pte_word1(&pte_rc[0]), base_word1[0] | PTE1_R);
  expect_ok("rc.page0.store", STORE, 0, EA_RC, pa[0], 0, 0);
  check_eq("rc.page0.after-store", pte_word1(&pte_rc[0]), base_word1[0] | PTE1_R | PTE1_C);
  /* Page 1 (secondary PTEG): a store first sets both. */
  expect_ok("rc.page1.store", STORE, 0, EA_RC + 0x1000, pa[1], 0, 0);
  check_eq("rc.page1.after-store", pte_word1(&pte_rc[1]), base_word1[1] | PTE1_R | PTE1_C);
  /* Page 2: an instruction fetch sets R. */
  expect_ok("rc.page2.fetch", FETCH, 0, EA_RC + 0x2000, pa[2], 0x55550002u, 0x502);
  check_eq("rc.page2.after-fetch", pte_word1(&pte_rc[2]), base_word1[2] | PTE1_R);
  /* Page 3 is never touched. */
  check_eq("rc.page3.untouched", pte_word1(&pte_rc[3]), base_word1[3]);

  /*
   * Software clears C without tlbie: the TLB entry still says C=1, so a store does not write
   * C again (MPC750 UM 5.4.1: the page table is updated only when the TLB's C is 0); after
   * tlbie the next store sets it in memory. Then the same for R with a load.
   */
  pte_set_word1(&pte_rc[0], base_word1[0] | PTE1_R);
  expect_ok("rc.page0.store-after-c-cleared", STORE, 0, EA_RC, pa[0], 0, 0);
  check_eq("rc.page0.c-not-rewritten-before-tlbie", pte_word1(&pte_rc[0]), base_word1[0] | PTE1_R);
  tlbie(EA_RC);
  expect_ok("rc.page0.store-after-tlbie", STORE, 0, EA_RC, pa[0], 0, 0);
  check_eq("rc.page0.c-set-after-tlbie", pte_word1(&pte_rc[0]), base_word1[0] | PTE1_R | PTE1_C);
  clear_rc(&pte_rc[0]);
  expect_ok("rc.page0.load-after-rc-cleared", LOAD, 0, EA_RC, pa[0], 0x55550000u, 0x500);
  check_eq("rc.page0.r-set-again", pte_word1(&pte_rc[0]), base_word1[0] | PTE1_R);
  /* A user-state store sets C like a supervisor one. */
  expect_ok("rc.page0.user-store", STORE, 1, EA_RC, pa[0], 0, 0);
  check_eq("rc.page0.after-user-store", pte_word1(&pte_rc[0]), base_word1[0] | PTE1_R | PTE1_C);
}

/* Fault kinds beyond not-found and protection: N=1 and T=1 segments, and guarded pages. */
#define EA_NO_EXECUTE 0x60000000u
#define EA_DIRECT_STORE 0x70000000u
#define EA_GUARDED 0xA0000000u
static struct pte_place pte_no_execute, pte_guarded;

static void fault_kinds(void) {
  uint32_t pa = new_page(0x66660006u, 0x606);
  pte_no_execute = pte_install(DEFAULT_VSID(6), EA_NO_EXECUTE, pa, PTE_PP_RW, 0, 0, 0);
  env_set_segment(6, DEFAULT_VSID(6) | SR_N);
  /* OEA 7.4: N=1 forbids instruction fetch only (ISI, SRR1 bit 3). */
  expect_fault("fault.no-execute-segment.fetch", FETCH, 0, EA_NO_EXECUTE, ISI_NO_EXECUTE_OR_GUARDED);
  expect_fault("fault.no-execute-segment.fetch.user", FETCH, 1, EA_NO_EXECUTE, ISI_NO_EXECUTE_OR_GUARDED);
  expect_ok("fault.no-execute-segment.load-allowed", LOAD, 0, EA_NO_EXECUTE, pa, 0x66660006u, 0x606);

  /*
   * T=1 (direct-store segment): the 750/7400 do not support direct-store; any load or store is
   * a DSI with DSISR bit 5, any fetch an ISI with SRR1 bit 3 (MPC750 UM Table 5-3).
   */
  env_set_segment(7, SR_T | DEFAULT_VSID(7));
  expect_fault("fault.direct-store-segment.load", LOAD, 0, EA_DIRECT_STORE, DSISR_DIRECT_STORE);
  expect_fault("fault.direct-store-segment.store", STORE, 0, EA_DIRECT_STORE, DSISR_DIRECT_STORE);
  expect_fault("fault.direct-store-segment.fetch", FETCH, 0, EA_DIRECT_STORE, ISI_NO_EXECUTE_OR_GUARDED);

  /* A fetch from a guarded page (G=1) with MSR[IR]=1 is an ISI, SRR1 bit 3; data accesses are allowed. */
  pa = new_page(0xAAAA000Au, 0xA0A);
  pte_guarded = pte_install(DEFAULT_VSID(10), EA_GUARDED, pa, PTE1_I | PTE1_G | PTE_PP_RW, 0, 0, 0);
  expect_fault("fault.guarded-page.fetch", FETCH, 0, EA_GUARDED, ISI_NO_EXECUTE_OR_GUARDED);
  expect_ok("fault.guarded-page.load-allowed", LOAD, 0, EA_GUARDED, pa, 0xAAAA000Au, 0xA0A);
}

/*
 * tlbie and the TLB (MPC750 UM 5.4.3): 128 entries, 2-way set-associative, 64 congruence classes
 * indexed by EA bits 14-19, LRU replacement; tlbie invalidates both ways of the class its EA
 * selects. The TLB does not follow PTE changes by itself: until tlbie (or eviction) the old
 * translation stays in use.
 */
#define EA_T 0x80000000u     /* congruence class 0 */
#define EA_T2 0x80040000u    /* class 0 too (EA bits 14-19 equal) */
#define EA_T3 0x80080000u    /* class 0 too */
#define EA_OTHER 0x80001000u /* class 1 */
static struct pte_place pte_t;

static void tlb_invalidation(void) {
  uint32_t vsid = DEFAULT_VSID(8);
  uint32_t pa_a = new_page(0x7777000Au, 0x70A), pa_b = new_page(0x7777000Bu, 0x70B);
  uint32_t pa_2 = new_page(0x77770002u, 0x702), pa_3 = new_page(0x77770003u, 0x703);
  uint32_t pa_o = new_page(0x7777000Fu, 0x70F), pa_v = new_page(0x7777000Eu, 0x70E);
  pte_t = pte_install(vsid, EA_T, pa_a, PTE_PP_RW, 0, 0, 0);
  pte_install(vsid, EA_T2, pa_2, PTE_PP_RW, 0, 0, 0);
  pte_install(vsid, EA_T3, pa_3, PTE_PP_RW, 0, 0, 0);
  pte_install(vsid, EA_OTHER, pa_o, PTE_PP_RW, 0, 0, 0);
  uint32_t to_a = pa_a | PTE1_R | PTE1_C | PTE_PP_RW, to_b = pa_b | PTE1_R | PTE1_C | PTE_PP_RW;

  tlbie(EA_T);
  expect_ok("tlbie.first-load", LOAD, 0, EA_T, pa_a, 0x7777000Au, 0);
  pte_set_word1(&pte_t, to_b);
  expect_ok("tlbie.stale-entry-used-until-tlbie", LOAD, 0, EA_T, pa_a, 0x7777000Au, 0);
  tlbie(EA_T);
  expect_ok("tlbie.new-pte-after-tlbie", LOAD, 0, EA_T, pa_b, 0x7777000Bu, 0);

  pte_set_word1(&pte_t, to_a);
  expect_ok("tlbie.stale-again", LOAD, 0, EA_T, pa_b, 0x7777000Bu, 0);
  tlbie(EA_OTHER);
  expect_ok("tlbie.other-class-keeps-entry", LOAD, 0, EA_T, pa_b, 0x7777000Bu, 0);
  tlbie(EA_T2);
  expect_ok("tlbie.same-class-other-page-invalidates", LOAD, 0, EA_T, pa_a, 0x7777000Au, 0);

  /* Two more pages of the class evict the least recently used entry: EA_T's. */
  tlbie(EA_T);
  expect_ok("tlb.eviction.load-t", LOAD, 0, EA_T, pa_a, 0x7777000Au, 0);
  pte_set_word1(&pte_t, to_b);
  expect_ok("tlb.eviction.load-t2", LOAD, 0, EA_T2, pa_2, 0x77770002u, 0);
  expect_ok("tlb.eviction.load-t3", LOAD, 0, EA_T3, pa_3, 0x77770003u, 0);
  expect_ok("tlb.eviction.t-refetched-from-table", LOAD, 0, EA_T, pa_b, 0x7777000Bu, 0);

  /* Instruction side: fetches use the ITLB, which tlbie invalidates too. */
  tlbie(EA_T);
  expect_ok("tlbie.fetch.first", FETCH, 0, EA_T, pa_b, 0, 0x70B);
  pte_set_word1(&pte_t, to_a);
  expect_ok("tlbie.fetch.stale-entry-used", FETCH, 0, EA_T, pa_b, 0, 0x70B);
  tlbie(EA_T);
  expect_ok("tlbie.fetch.new-pte-after-tlbie", FETCH, 0, EA_T, pa_a, 0, 0x70A);

  /*
   * TLB entries are tagged with the VSID (OEA 7.5): loading another VSID into the segment
   * register changes the translation without tlbie, and the old one comes back with it.
   */
  pte_install(vsid ^ 0x800u, EA_T, pa_v, PTE_PP_RW, 0, 1, 0);
  env_set_segment(8, vsid ^ 0x800u);
  expect_ok("segment.new-vsid-translates-without-tlbie", LOAD, 0, EA_T, pa_v, 0x7777000Eu, 0);
  env_set_segment(8, vsid);
  expect_ok("segment.old-vsid-back", LOAD, 0, EA_T, pa_a, 0x7777000Au, 0);
}

static void report_for_inspection(void) {
  inspect_page("primary", &pte_primary, PAGE_LOAD_OFFSET, LOAD, 0);
  inspect_page("secondary", &pte_secondary, PAGE_LOAD_OFFSET, LOAD, 0);
  inspect_page("secondary-fetch", &pte_secondary, 0, FETCH, 1);
  inspect_fault("wrong-h", EA_WRONG_H_PRIMARY + PAGE_LOAD_OFFSET, LOAD, 0, "not-found", DSISR_NOT_FOUND);
  inspect_fault("other-vsid-fetch", EA_OTHER_VSID, FETCH, 0, "not-found", ISI_NOT_FOUND);
  for (uint32_t i = 0; i < 4; i++) {
    static const char *const names[4] = {"rc-load-store", "rc-store", "rc-fetch", "rc-untouched"};
    inspect_page(names[i], &pte_rc[i], PAGE_LOAD_OFFSET, LOAD, 0);
  }
  /* Segment 4 as left: key 0 in supervisor state, key 1 in user state. */
  inspect_page("prot-supervisor-pp11-load", &pte_prot[3], PAGE_LOAD_OFFSET, LOAD, 0);
  inspect_fault("prot-supervisor-pp11-store", EA_PROT + 0x3000 + PAGE_STORE_OFFSET, STORE, 0, "protection", DSISR_PROTECTION);
  inspect_fault("prot-user-pp00-load", EA_PROT + PAGE_LOAD_OFFSET, LOAD, 1, "protection", DSISR_PROTECTION);
  inspect_fault("prot-user-pp00-fetch", EA_PROT, FETCH, 1, "protection", ISI_PROTECTION);
  inspect_fault("prot-user-pp01-store", EA_PROT + 0x1000 + PAGE_STORE_OFFSET, STORE, 1, "protection", DSISR_PROTECTION);
  inspect_page("prot-user-pp10-store", &pte_prot[2], PAGE_STORE_OFFSET, STORE, 1);
  /* BATs as left. */
  inspect_bat("bat-over-pte", EA_BAT_OVER + PAGE_LOAD_OFFSET, LOAD, 0, 2, PA_BAT_OVER + PAGE_LOAD_OFFSET);
  inspect_bat("bat-over-pte-fetch", EA_BAT_OVER, FETCH, 0, 2, PA_BAT_OVER);
  inspect_page("bat-vs-only-user", &pte_under_bat, PAGE_LOAD_OFFSET, LOAD, 1);
  inspect_page("beside-bat-user", &pte_beside_bat, PAGE_LOAD_OFFSET, LOAD, 1);
  inspect_bat("bat-read-only-load", EA_BLOCK + PAGE_LOAD_OFFSET, LOAD, 1, 3, PA_BLOCK + PAGE_LOAD_OFFSET);
  inspect_fault("bat-read-only-store", EA_BLOCK + PAGE_STORE_OFFSET, STORE, 0, "protection", DSISR_PROTECTION);
  /* Other fault kinds. */
  inspect_fault("no-execute", EA_NO_EXECUTE, FETCH, 0, "no-execute", ISI_NO_EXECUTE_OR_GUARDED);
  inspect_page("no-execute-load", &pte_no_execute, PAGE_LOAD_OFFSET, LOAD, 0);
  inspect_fault("direct-store", EA_DIRECT_STORE + PAGE_LOAD_OFFSET, LOAD, 0, "direct-store", DSISR_DIRECT_STORE);
  inspect_fault("direct-store-fetch", EA_DIRECT_STORE, FETCH, 0, "direct-store", ISI_NO_EXECUTE_OR_GUARDED);
  inspect_fault("guarded", EA_GUARDED, FETCH, 0, "guarded", ISI_NO_EXECUTE_OR_GUARDED);
  inspect_page("tlbie-page", &pte_t, PAGE_LOAD_OFFSET, LOAD, 0);
}

int main(void) {
  print("test-mmu\n");
  env_setup();
  print("SDR1 ");
  print_hex(mfspr(SPR_SDR1));
  print("\n");
  pteg_search();
  page_protection();
  block_protection();
  bat_priority();
  reference_and_change();
  fault_kinds();
  tlb_invalidation();
  report_for_inspection();
  return (int)check_summary();
}
