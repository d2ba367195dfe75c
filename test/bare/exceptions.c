/*
 * test-exceptions: the exceptions software can raise, with the SRR0, SRR1, handler MSR, DAR
 * and DSISR the architecture defines for each (OEA chapter 6, MPC750 UM chapter 4), in
 * supervisor and user state; privileged instructions and SPRs in user state; sc from user
 * state and the return with rfi; the decrementer against the time base; single-step trace.
 *
 * SRR1 rule used throughout (OEA 6.4, MPC750 UM 4.5): bits 16-23, 25-27 and 30-31 are copied
 * from the MSR, bits 0-15 hold the exception's cause bits and are otherwise 0. The MSRs here
 * only use copied bits, so SRR1 = MSR | cause.
 */
#include "check.h"
#include "env.h"

/* Program exception causes in SRR1 (OEA 6.4.7). */
#define SRR1_ILLEGAL 0x00080000u
#define SRR1_PRIVILEGED 0x00040000u
#define SRR1_TRAP 0x00020000u
/* ISI cause (OEA 6.4.4) and DSI causes (OEA 6.4.3). */
#define SRR1_ISI_NOT_FOUND 0x40000000u
#define DSISR_NOT_FOUND 0x40000000u
#define DSISR_STORE 0x02000000u
#define DSISR_EAR_DISABLED 0x00100000u

/* Real-mode MSR while the first tests run: supervisor, translation off, FP usable. */
#define REAL_MSR (MSR_ME | MSR_FP)
/* An effective address no page-table entry maps (segment 9 is never given PTEs). */
#define UNMAPPED_EA 0x90000000u
/* A physical address outside RAM and the board (ppcmac-machine.md: nothing else is there). */
#define NOWHERE_PA 0xE0000000u

extern uint32_t probe_illegal(uint32_t), probe_tw_eq(uint32_t), probe_tw_lt(uint32_t), probe_twi_lgt5(uint32_t);
extern uint32_t probe_trap(uint32_t), probe_sc(uint32_t), probe_lmw(uint32_t), probe_lwarx(uint32_t);
extern uint32_t probe_stwcx(uint32_t, uint32_t), probe_eciwx(uint32_t), probe_fmr(uint32_t), probe_lfd(uint32_t);
extern uint32_t dec_wait(uint32_t address, uint32_t old, uint32_t iterations);
extern void enable_msr(uint32_t msr);
extern uint32_t trace_sequence(uint32_t);
extern const uint32_t probe_tw_lt_insn[];
extern const uint32_t probe_illegal_insn[], probe_tw_eq_insn[], probe_twi_lgt5_insn[], probe_trap_insn[];
extern const uint32_t probe_sc_insn[], probe_sc_next[], probe_lmw_insn[], probe_lwarx_insn[], probe_stwcx_insn[];
extern const uint32_t probe_eciwx_insn[], probe_fmr_insn[], probe_lfd_insn[], probe_fetch_return[];
extern const uint32_t dec_wait_loop[], dec_wait_loop_end[], enable_msr_next[];
extern const uint32_t trace_t1[], trace_t2[], trace_t3[], trace_t4[];

#define A(symbol) ((uint32_t)(symbol))

/* A buffer for the alignment tests, 8-byte aligned. */
static uint32_t buffer[4] __attribute__((aligned(8))) = {0x11223344u, 0x55667788u, 0x99AABBCCu, 0xDDEEFF00u};

static void program_exceptions(void) {
  uint32_t before;
  struct expected_exception want = {.vector = 0x700, .handler_msr = HANDLER_MSR};

  before = kit_arm();
  probe_illegal(0);
  want.srr0 = A(probe_illegal_insn);
  want.srr1 = REAL_MSR | SRR1_ILLEGAL;
  check_exception("program.illegal", before, &want);

  before = kit_arm();
  probe_tw_eq(7);
  want.srr0 = A(probe_tw_eq_insn);
  want.srr1 = REAL_MSR | SRR1_TRAP;
  check_exception("program.trap.tw-equal", before, &want);

  before = kit_arm();
  probe_trap(0);
  want.srr0 = A(probe_trap_insn);
  check_exception("program.trap.always", before, &want);

  before = kit_arm();
  probe_twi_lgt5(6);
  want.srr0 = A(probe_twi_lgt5_insn);
  check_exception("program.trap.twi-logically-greater", before, &want);

  before = kit_arm();
  probe_twi_lgt5(5);
  probe_tw_lt(-3);
  check_no_exception("program.trap.condition-false", before);
}

static void system_call_supervisor(void) {
  uint32_t before = kit_arm();
  probe_sc(0x77);
  /* OEA 6.4.10: SRR0 = the instruction after sc. */
  struct expected_exception want = {
      .vector = 0xC00, .srr0 = A(probe_sc_next), .srr1 = REAL_MSR, .handler_msr = HANDLER_MSR};
  check_exception("sc.supervisor", before, &want);
  check_eq("sc.supervisor.r0-seen-by-handler", kit_word(KIT_SC_R0), 42);
  check_eq("sc.supervisor.r3-seen-by-handler", kit_word(KIT_SC_R3), 0x77);
}

static void alignment(void) {
  uint32_t before;
  uint32_t base = A(buffer);
  struct expected_exception want = {
      .vector = 0x600, .srr1 = REAL_MSR, .handler_msr = HANDLER_MSR, .check_dar = 1, .dsisr_mask = 0xFFFFFFE0u};

  /*
   * DSISR for alignment (OEA 6.4.6): bits 15-21 from the instruction (D-form: 00, bit 5,
   * bits 1-4; X-form: bits 29-30, bit 25, bits 21-24), bits 22-26 rD/rS; bits 27-31 are rA
   * only for update forms, so they are not checked here.
   * lmw (opcode 46 = 101110): 00 0 0111, rD 31.
   */
  before = kit_arm();
  probe_lmw(base + 2);
  want.srr0 = A(probe_lmw_insn);
  want.dar = base + 2;
  want.dsisr = (0x07u << 10) | (31u << 5);
  check_exception("alignment.lmw-misaligned", before, &want);

  /* lwarx (31/20: bits 21-30 = 0000010100): 00 0 0000, rD 4. */
  before = kit_arm();
  probe_lwarx(base + 1);
  want.srr0 = A(probe_lwarx_insn);
  want.dar = base + 1;
  want.dsisr = (0x00u << 10) | (4u << 5);
  check_exception("alignment.lwarx-misaligned", before, &want);

  /* stwcx. (31/150: bits 21-30 = 0010010110): 10 0 0010, rS 4. */
  before = kit_arm();
  probe_stwcx(base + 2, 0);
  want.srr0 = A(probe_stwcx_insn);
  want.dar = base + 2;
  want.dsisr = (0x42u << 10) | (4u << 5);
  check_exception("alignment.stwcx-misaligned", before, &want);

  /* The 750 handles a misaligned lwz in hardware (MPC750 UM 4.5.6): no exception. */
  before = kit_arm();
  uint32_t value = probe_load(base + 1);
  check_no_exception("alignment.lwz-misaligned-no-exception", before);
  check_eq("alignment.lwz-misaligned-value", value, 0x22334455u);
  before = kit_arm();
  value = probe_lmw(base + 4);
  check_no_exception("alignment.lmw-aligned-no-exception", before);
  check_eq("alignment.lmw-aligned-value", value, 0x55667788u);
}

static void machine_check(void) {
  /*
   * A load nothing answers (no RAM, no device) ends with TEA, which the 750 takes as a machine
   * check (MPC750 UM 4.5.2) since MSR[ME]=1; the handler runs with ME cleared (OEA 6.4.2).
   */
  uint32_t before = kit_arm();
  probe_load(NOWHERE_PA);
  struct expected_exception want = {
      .vector = 0x200, .srr0 = A(probe_load_insn), .srr1 = REAL_MSR, .handler_msr = 0};
  check_exception("machine-check.load-from-nowhere", before, &want);
}

static void floating_point_unavailable(void) {
  /* OEA 6.4.8: any FP instruction (loads included) with MSR[FP]=0; SRR0 = that instruction. */
  mtmsr(MSR_ME);
  uint32_t before = kit_arm();
  probe_fmr(0);
  struct expected_exception want = {
      .vector = 0x800, .srr0 = A(probe_fmr_insn), .srr1 = MSR_ME, .handler_msr = HANDLER_MSR};
  check_exception("fp-unavailable.fmr", before, &want);
  before = kit_arm();
  probe_lfd(A(buffer));
  want.srr0 = A(probe_lfd_insn);
  check_exception("fp-unavailable.lfd", before, &want);
  mtmsr(REAL_MSR);
  before = kit_arm();
  probe_fmr(0);
  probe_lfd(A(buffer));
  check_no_exception("fp-unavailable.not-with-msr-fp", before);
}

static void external_control_disabled(void) {
  /* eciwx with EAR[E]=0: DSI with DSISR bit 11, DAR = EA (OEA 6.4.3), translation on or off. */
  mtspr(SPR_EAR, 0);
  uint32_t before = kit_arm();
  probe_eciwx(A(buffer));
  struct expected_exception want = {.vector = 0x300, .srr0 = A(probe_eciwx_insn), .srr1 = REAL_MSR,
                                    .handler_msr = HANDLER_MSR, .dsisr = DSISR_EAR_DISABLED,
                                    .dsisr_mask = 0xFFFFFFFFu, .dar = A(buffer), .check_dar = 1};
  check_exception("dsi.eciwx-ear-disabled", before, &want);
}

static void breakpoints(void) {
  /*
   * IABR (MPC750 UM 2.1.2.1, 4.5.13): bits 0-29 the word address, BE (bit 30) enables it, TE
   * (bit 31) must equal MSR[IR]. The exception (0x1300) comes before the instruction executes:
   * SRR0 = its address, SRR1 = the MSR. The kit clears IABR and lets the instruction run.
   */
  uint32_t before = kit_arm();
  mtspr(1010, A(probe_tw_lt_insn) | 0x2u);
  probe_tw_lt(-3);
  struct expected_exception want = {
      .vector = 0x1300, .srr0 = A(probe_tw_lt_insn), .srr1 = REAL_MSR, .handler_msr = HANDLER_MSR};
  check_exception("iabr.before-instruction", before, &want);
  check_eq("iabr.cleared-by-handler", mfspr(1010), 0);

  /*
   * DABR (MPC750 UM 2.1.2.2): bits 0-28 the doubleword address, BT (bit 29) must equal
   * MSR[DR], DW (bit 30) and DR (bit 31) enable stores and loads. A match is a DSI with DSISR
   * bit 9 (and bit 6 for a store), DAR = the EA, before the access is performed.
   */
  uint32_t target = A(&buffer[2]);
  mtspr(1013, (target & ~7u) | 0x3u);
  before = kit_arm();
  probe_load(target + 4);
  struct expected_exception dsi = {.vector = 0x300, .srr0 = A(probe_load_insn), .srr1 = REAL_MSR,
                                   .handler_msr = HANDLER_MSR, .dsisr = 0x00400000u, .dsisr_mask = 0xFFFFFFFFu,
                                   .dar = target + 4, .check_dar = 1};
  check_exception("dabr.load-match", before, &dsi);
  before = kit_arm();
  probe_store(target, 0x12345678u);
  dsi.srr0 = A(probe_store_insn);
  dsi.dsisr = 0x00400000u | DSISR_STORE;
  dsi.dar = target;
  check_exception("dabr.store-match", before, &dsi);
  before = kit_arm();
  probe_load(target + 8);
  check_no_exception("dabr.other-doubleword-no-match", before);
  mtspr(1013, 0);
  /* Read only now: with DABR set, this load would match too. */
  check_eq("dabr.store-not-performed", ((volatile uint32_t *)buffer)[2], 0x99AABBCCu);
}

static void translation_faults(void) {
  uint32_t before;
  /* OEA 6.4.3: DSI, SRR0 = the access, DAR = its EA, DSISR bit 1 (+ bit 6 for a store). */
  struct expected_exception dsi = {.vector = 0x300, .srr0 = A(probe_load_insn), .srr1 = SUPERVISOR_MSR,
                                   .handler_msr = HANDLER_MSR, .dsisr = DSISR_NOT_FOUND,
                                   .dsisr_mask = 0xFFFFFFFFu, .dar = UNMAPPED_EA + 0x10, .check_dar = 1};
  before = kit_arm();
  probe_load(UNMAPPED_EA + 0x10);
  check_exception("dsi.not-found.load", before, &dsi);
  before = kit_arm();
  probe_store(UNMAPPED_EA + 0x10, 0);
  dsi.srr0 = A(probe_store_insn);
  dsi.dsisr = DSISR_NOT_FOUND | DSISR_STORE;
  check_exception("dsi.not-found.store", before, &dsi);
  before = kit_arm();
  run_in_mode(probe_load, UNMAPPED_EA + 0x10, USER_MSR);
  dsi.srr0 = A(probe_load_insn);
  dsi.srr1 = USER_MSR;
  dsi.dsisr = DSISR_NOT_FOUND;
  check_exception("dsi.not-found.load.user", before, &dsi);

  /* OEA 6.4.4: ISI, SRR0 = the address that could not be fetched, SRR1 bit 1; no DAR/DSISR. */
  before = kit_arm();
  uint32_t result = probe_fetch(UNMAPPED_EA);
  struct expected_exception isi = {
      .vector = 0x400, .srr0 = UNMAPPED_EA, .srr1 = SUPERVISOR_MSR | SRR1_ISI_NOT_FOUND, .handler_msr = HANDLER_MSR};
  check_exception("isi.not-found", before, &isi);
  check_eq("isi.not-found.lr-is-return-address", kit_word(KIT_LR), A(probe_fetch_return));
  check_eq("isi.not-found.resumed", result, 0xFFFFFFFFu);
  before = kit_arm();
  run_in_mode(probe_fetch, UNMAPPED_EA, USER_MSR);
  isi.srr1 = USER_MSR | SRR1_ISI_NOT_FOUND;
  check_exception("isi.not-found.user", before, &isi);
}

/* A supervisor-only instruction as a probe: fn(arg) run in user state must not execute. */
struct privileged_probe {
  const char *name;
  uint32_t (*fn)(uint32_t);
  const uint32_t *insn;
  int moves_to_r3; /* mf*: r3 must still hold the argument afterwards */
};

#define PRIV(name, moves) {"privileged.user." #name, priv_##name, priv_##name##_insn, moves}
#define DECLARE_PRIV(name) extern uint32_t priv_##name(uint32_t); extern const uint32_t priv_##name##_insn[];
DECLARE_PRIV(mfmsr) DECLARE_PRIV(mtmsr) DECLARE_PRIV(rfi) DECLARE_PRIV(mtsr) DECLARE_PRIV(mfsr)
DECLARE_PRIV(mtsrin) DECLARE_PRIV(mfsrin) DECLARE_PRIV(tlbie) DECLARE_PRIV(tlbsync) DECLARE_PRIV(dcbi)
DECLARE_PRIV(mfspr_srr0) DECLARE_PRIV(mtspr_srr0) DECLARE_PRIV(mfspr_srr1) DECLARE_PRIV(mfspr_sdr1)
DECLARE_PRIV(mtspr_sdr1) DECLARE_PRIV(mfspr_sprg0) DECLARE_PRIV(mtspr_sprg0) DECLARE_PRIV(mfspr_dec)
DECLARE_PRIV(mtspr_dec) DECLARE_PRIV(mfspr_dar) DECLARE_PRIV(mfspr_dsisr) DECLARE_PRIV(mfspr_pvr)
DECLARE_PRIV(mtspr_tbl) DECLARE_PRIV(mtspr_tbu) DECLARE_PRIV(mfspr_ibat0u) DECLARE_PRIV(mtspr_dbat3l)
DECLARE_PRIV(mfspr_hid0) DECLARE_PRIV(mtspr_ear)

static const struct privileged_probe PRIVILEGED[] = {
    PRIV(mfmsr, 1), PRIV(mtmsr, 0), PRIV(rfi, 0), PRIV(mtsr, 0), PRIV(mfsr, 1), PRIV(mtsrin, 0),
    PRIV(mfsrin, 1), PRIV(tlbie, 0), PRIV(tlbsync, 0), PRIV(dcbi, 0), PRIV(mfspr_srr0, 1),
    PRIV(mtspr_srr0, 0), PRIV(mfspr_srr1, 1), PRIV(mfspr_sdr1, 1), PRIV(mtspr_sdr1, 0),
    PRIV(mfspr_sprg0, 1), PRIV(mtspr_sprg0, 0), PRIV(mfspr_dec, 1), PRIV(mtspr_dec, 0),
    PRIV(mfspr_dar, 1), PRIV(mfspr_dsisr, 1), PRIV(mfspr_pvr, 1), PRIV(mtspr_tbl, 0),
    PRIV(mtspr_tbu, 0), PRIV(mfspr_ibat0u, 1), PRIV(mtspr_dbat3l, 0), PRIV(mfspr_hid0, 1),
    PRIV(mtspr_ear, 0),
};

extern uint32_t user_mfspr_lr(uint32_t), user_ctr_round_trip(uint32_t), user_mfspr_xer(uint32_t), user_mftb(uint32_t);

static void user_state(void) {
  uint32_t before;
  /*
   * OEA 6.4.7: a supervisor-only instruction, or mfspr/mtspr of an SPR whose number has
   * spr[0] = 1, in user state is a privileged-instruction program exception: SRR1 bit 13,
   * SRR0 = that instruction, and it has no effect.
   */
  const uint32_t sentinel = 0xE0000000u; /* also a harmless operand: SR 14, a page of segment 14 */
  mtspr(SPR_SPRG0, 0x5A5A5A5Au);
  mtspr(SPR_EAR, 0);
  env_set_segment(14, DEFAULT_VSID(14));
  for (uint32_t i = 0; i < sizeof PRIVILEGED / sizeof PRIVILEGED[0]; i++) {
    const struct privileged_probe *p = &PRIVILEGED[i];
    before = kit_arm();
    uint32_t result = run_in_mode(p->fn, sentinel, USER_MSR);
    struct expected_exception want = {
        .vector = 0x700, .srr0 = A(p->insn), .srr1 = USER_MSR | SRR1_PRIVILEGED, .handler_msr = HANDLER_MSR};
    int ok = check_exception(p->name, before, &want);
    (void)ok;
    if (p->moves_to_r3) check_eq(join(p->name, ".suppressed"), result, sentinel);
  }
  check_eq("privileged.user.no-effect.sprg0", mfspr(SPR_SPRG0), 0x5A5A5A5Au);
  check_eq("privileged.user.no-effect.sdr1", mfspr(SPR_SDR1), SDR1_VALUE);
  check_eq("privileged.user.no-effect.sr14", mfsr(0xE0000000u), DEFAULT_VSID(14));
  check_eq("privileged.user.no-effect.ear", mfspr(SPR_EAR), 0);
  check_eq("privileged.user.no-effect.dbat3l", mfspr(543), 0);

  /* The same probes in supervisor state execute (a few that are safe to run here). */
  before = kit_arm();
  uint32_t pvr = priv_mfspr_pvr(0);
  uint32_t sprg0 = priv_mfspr_sprg0(0);
  check_no_exception("privileged.supervisor.executes", before);
  check_eq("privileged.supervisor.sprg0", sprg0, 0x5A5A5A5Au);
  /* PVR version field: 0x0008 for the 750, 0x000C for the 7400 (MPC750 UM 2.1.2.2, MPC7400 UM 2.1). */
  check("privileged.supervisor.pvr-version", (pvr >> 16) == 0x0008u || (pvr >> 16) == 0x000Cu, 0);

  /* What user state may use: LR, CTR, XER (spr[0] = 0) and mftb. */
  before = kit_arm();
  uint32_t lr = run_in_mode(user_mfspr_lr, 0, USER_MSR);
  uint32_t ctr = run_in_mode(user_ctr_round_trip, 0x13579BDFu, USER_MSR);
  run_in_mode(user_mfspr_xer, 0, USER_MSR);
  run_in_mode(user_mftb, 0, USER_MSR);
  check_no_exception("user.lr-ctr-xer-mftb-allowed", before);
  check_eq("user.mfspr-lr", lr, A(kit_mode_exit));
  check_eq("user.ctr-round-trip", ctr, 0x13579BDFu);

  /* Program exceptions in user state carry PR in SRR1. */
  before = kit_arm();
  run_in_mode(probe_illegal, 0, USER_MSR);
  struct expected_exception want = {
      .vector = 0x700, .srr0 = A(probe_illegal_insn), .srr1 = USER_MSR | SRR1_ILLEGAL, .handler_msr = HANDLER_MSR};
  check_exception("program.illegal.user", before, &want);
  before = kit_arm();
  run_in_mode(probe_trap, 0, USER_MSR);
  want.srr0 = A(probe_trap_insn);
  want.srr1 = USER_MSR | SRR1_TRAP;
  check_exception("program.trap.user", before, &want);

  /*
   * sc from user state: SRR0 = next instruction, SRR1 = the user MSR, the handler runs in
   * supervisor state; its rfi returns to user state, shown by the privileged mfmsr after sc.
   */
  before = kit_arm();
  uint32_t r3 = run_in_mode(probe_sc, 0x1234, USER_MSR);
  struct logged_exception sc = kit_logged(before, 0), next = kit_logged(before, 1);
  check_eq("sc.user.exceptions-taken", kit_word(KIT_COUNT) - before, 2);
  check_eq("sc.user.vector", sc.vector, 0xC00);
  check_eq("sc.user.srr0", sc.srr0, A(probe_sc_next));
  check_eq("sc.user.srr1", sc.srr1, USER_MSR);
  check_eq("sc.user.handler-msr", sc.msr, HANDLER_MSR);
  check_eq("sc.user.rfi-returned-to-user-state", next.vector, 0x700);
  check_eq("sc.user.rfi-returned-to-user-state.srr0", next.srr0, A(probe_sc_next));
  check_eq("sc.user.rfi-returned-to-user-state.srr1", next.srr1, USER_MSR | SRR1_PRIVILEGED);
  check_eq("sc.user.r3-preserved", r3, 0x1234);
}

static void decrementer(void) {
  /* ppcmac-machine.md: 100 MHz bus, time base = bus / 4. */
  check_eq("timebase.frequency-register", kit_word(0xF0000010u), 25000000u);

  /* OEA 2.3.13: DEC decrements at the time-base frequency. Read both, wait, read both again. */
  mtspr(SPR_DEC, 0x7FFFFFFFu);
  uint32_t tb0 = mftbl(), dec0 = mfspr(SPR_DEC);
  for (volatile uint32_t i = 0; i < 2000; i++) {
  }
  uint32_t tb1 = mftbl(), dec1 = mfspr(SPR_DEC);
  uint32_t tb_ticks = tb1 - tb0, dec_ticks = dec0 - dec1;
  /* The reads are not simultaneous: a tick may fall between the TB read and the DEC read. */
  check("decrementer.counts-at-timebase-rate",
        tb_ticks > 0 && dec_ticks + 1 >= tb_ticks && dec_ticks <= tb_ticks + 1, 0);

  /*
   * OEA 6.4.9: DEC going negative requests the exception; with MSR[EE]=0 it stays pending and
   * is taken as soon as EE is set, SRR0 = the instruction after that mtmsr.
   */
  kit_set_word(KIT_DEC_RELOAD, 0);
  kit_set_word(KIT_DEC_COUNT, 0);
  uint32_t before = kit_arm();
  mtspr(SPR_DEC, 100);
  uint32_t spins = 0;
  while ((int32_t)mfspr(SPR_DEC) >= 0 && spins < 1000000) spins++;
  check("decrementer.went-negative", (int32_t)mfspr(SPR_DEC) < 0, 0);
  check_no_exception("decrementer.held-while-ee-clear", before);
  enable_msr(SUPERVISOR_MSR | MSR_EE);
  mtmsr(SUPERVISOR_MSR);
  struct expected_exception want = {.vector = 0x900, .srr0 = A(enable_msr_next),
                                    .srr1 = SUPERVISOR_MSR | MSR_EE, .handler_msr = HANDLER_MSR};
  check_exception("decrementer.taken-when-ee-set", before, &want);
  check("decrementer.dec-negative-in-handler", (int32_t)kit_word(KIT_DEC) < 0, 0);

  /*
   * Periodic interrupts: the handler reloads DEC with D, so successive interrupts are at least
   * D + 1 ticks apart (D down to -1) and late by no more than the handler's own few
   * instructions (allowed: 8 ticks).
   */
  const uint32_t period = 200, wanted = 5;
  kit_set_word(KIT_DEC_RELOAD, period);
  kit_set_word(KIT_DEC_COUNT, 0);
  before = kit_arm();
  mtspr(SPR_DEC, period);
  mtmsr(SUPERVISOR_MSR | MSR_EE);
  uint32_t arrived = 1;
  for (uint32_t i = 0; i < wanted && arrived; i++) arrived = dec_wait(KIT_DEC_COUNT, i, 1000000) != 0;
  mtspr(SPR_DEC, 0x7FFFFFFFu);
  mtmsr(SUPERVISOR_MSR);
  kit_set_word(KIT_DEC_RELOAD, 0);
  check("decrementer.periodic.arrived", arrived, 0);
  check_eq("decrementer.periodic.count", kit_word(KIT_DEC_COUNT), wanted);
  int spaced = 1;
  for (uint32_t i = 1; i < wanted; i++) {
    uint32_t interval = kit_word(KIT_DEC_LOG + 4 * i) - kit_word(KIT_DEC_LOG + 4 * (i - 1));
    if (interval < period + 1 || interval > period + 1 + 8) spaced = 0;
    print("  interval ");
    print_dec(interval);
    print(" ticks\n");
  }
  check("decrementer.periodic.spacing", spaced, 0);
  uint32_t srr0 = kit_word(KIT_SRR0);
  check("decrementer.periodic.srr0-in-interrupted-loop", srr0 >= A(dec_wait_loop) && srr0 < A(dec_wait_loop_end), 0);
  /* The exception comes when DEC passes from 0 to -1 (DEC[0] 0 -> 1); the handler reads it soon after. */
  int32_t dec_at_entry = (int32_t)kit_word(KIT_DEC);
  check("decrementer.periodic.dec-just-negative-at-entry", dec_at_entry < 0 && dec_at_entry > -8, 0);
  check_eq("decrementer.periodic.srr1", kit_word(KIT_SRR1), SUPERVISOR_MSR | MSR_EE);
  check_eq("decrementer.periodic.handler-msr", kit_word(KIT_MSR), HANDLER_MSR);
}

static void trace(const char *name, uint32_t msr) {
  /*
   * OEA 6.4.11 / MPC750 UM 4.5.10: with MSR[SE]=1 each completed instruction takes a trace
   * exception with SRR0 = the next instruction to execute (a taken branch's target); rfi,
   * which entered the traced code, is not traced.
   */
  kit_set_word(KIT_TRACE_STEPS, 5);
  kit_set_word(KIT_TRACE_COUNT, 0);
  uint32_t before = kit_arm();
  uint32_t result = run_in_mode(trace_sequence, 10, msr | MSR_SE);
  const uint32_t expected[5] = {A(trace_t1), A(trace_t2), A(trace_t3), A(trace_t4), A(kit_mode_exit)};
  check_eq(join(name, ".traces"), kit_word(KIT_TRACE_COUNT), 5);
  check_eq(join(name, ".exceptions-taken"), kit_word(KIT_COUNT) - before, 5);
  for (uint32_t i = 0; i < 5; i++) {
    static const char *const steps[5] = {".srr0.1", ".srr0.2", ".srr0.3-branch-target", ".srr0.4", ".srr0.5-blr-target"};
    check_eq(join(name, steps[i]), kit_word(KIT_TRACE_LOG + 4 * i), expected[i]);
  }
  check_eq(join(name, ".vector"), kit_word(KIT_VECTOR), 0xD00);
  check_eq(join(name, ".srr1"), kit_word(KIT_SRR1), msr | MSR_SE);
  check_eq(join(name, ".handler-msr"), kit_word(KIT_MSR), HANDLER_MSR);
  check_eq(join(name, ".result"), result, 13);
}

int main(void) {
  print("test-exceptions\n");
  mtmsr(REAL_MSR);
  program_exceptions();
  system_call_supervisor();
  alignment();
  machine_check();
  floating_point_unavailable();
  external_control_disabled();
  breakpoints();

  env_setup();
  translation_faults();
  user_state();
  decrementer();
  trace("trace.supervisor", SUPERVISOR_MSR);
  trace("trace.user", USER_MSR);
  return (int)check_summary();
}
