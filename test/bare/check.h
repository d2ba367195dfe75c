/*
 * Reporting for the bare-metal test programs: one console line per check, "PASS name ..." or
 * "FAIL name: ...", and a final "SUMMARY" line; main returns the failure count, which crt0
 * writes to the power register, so the exit status is 0 only when every check passed.
 * Expected values are written in the tests from the architecture, never taken from a run.
 */
#ifndef TEST_BARE_CHECK_H
#define TEST_BARE_CHECK_H

#include <stdint.h>
#include "kit.h"

void print(const char *text);
void print_hex(uint32_t value);
void print_dec(uint32_t value);

/* Prints PASS/FAIL for `name`; `detail` (may be 0) follows on the line. */
int check(const char *name, int ok, const char *detail);
/* PASS when got == want, else FAIL with both values. */
int check_eq(const char *name, uint32_t got, uint32_t want);
/* "a" followed by "b", in a buffer the next call reuses (for check names built from parts). */
const char *join(const char *a, const char *b);
/* Returns the failure count after printing the summary line. */
uint32_t check_summary(void);

/* What an exception must have reported (kit record after the access). */
struct expected_exception {
  uint32_t vector;
  uint32_t srr0;
  uint32_t srr1;
  /* MSR inside the handler: MSR[ME] alone (plus IP, ILE=0 here), except after a machine check. */
  uint32_t handler_msr;
  /* Checked only when the mask is non-zero: (DSISR & dsisr_mask) == dsisr. */
  uint32_t dsisr;
  uint32_t dsisr_mask;
  /* Checked only when check_dar is set. */
  uint32_t dar;
  int check_dar;
};

/*
 * PASS when exactly one exception was taken since kit_arm() returned `before` and it reported
 * the expected vector, SRR0, SRR1, handler MSR and (when asked) DAR and DSISR.
 */
int check_exception(const char *name, uint32_t before, const struct expected_exception *want);
/* PASS when no exception was taken since kit_arm() returned `before`. */
int check_no_exception(const char *name, uint32_t before);

/* The i-th exception since kit_arm() returned `before` (from the kit's log of 16). */
struct logged_exception {
  uint32_t vector, srr0, srr1, msr;
};
struct logged_exception kit_logged(uint32_t before, uint32_t i);

#endif
