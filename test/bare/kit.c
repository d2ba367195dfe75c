/* The C side of the exception-vector kit and the check reporting (kit.h, check.h). */
#include "check.h"
#include "../../userland/bare/board.h"

#define POISON 0xBAD0BAD0u

void print(const char *text) {
  console_puts(text);
}

void print_hex(uint32_t value) {
  char digits[11] = "0x";
  for (int i = 0; i < 8; i++) digits[2 + i] = "0123456789abcdef"[(value >> (28 - 4 * i)) & 0xF];
  digits[10] = '\0';
  console_puts(digits);
}

void print_dec(uint32_t value) {
  char digits[11];
  int n = 0;
  do {
    digits[n++] = (char)('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (n > 0) console_putc(digits[--n]);
}

const char *join(const char *a, const char *b) {
  static char buffer[96];
  uint32_t n = 0;
  while (*a != '\0' && n < sizeof buffer - 1) buffer[n++] = *a++;
  while (*b != '\0' && n < sizeof buffer - 1) buffer[n++] = *b++;
  buffer[n] = '\0';
  return buffer;
}

static uint32_t checks_run;
static uint32_t checks_failed;

int check(const char *name, int ok, const char *detail) {
  checks_run++;
  if (!ok) checks_failed++;
  print(ok ? "PASS " : "FAIL ");
  print(name);
  if (detail != 0) {
    print(ok ? "  " : ": ");
    print(detail);
  }
  print("\n");
  return ok;
}

int check_eq(const char *name, uint32_t got, uint32_t want) {
  checks_run++;
  int ok = got == want;
  if (!ok) checks_failed++;
  print(ok ? "PASS " : "FAIL ");
  print(name);
  print(ok ? "  " : ": got ");
  print_hex(got);
  if (!ok) {
    print(" want ");
    print_hex(want);
  }
  print("\n");
  return ok;
}

uint32_t check_summary(void) {
  print("SUMMARY ");
  print_dec(checks_run);
  print(" checks, ");
  print_dec(checks_failed);
  print(" failed\n");
  return checks_failed;
}

uint32_t kit_arm(void) {
  kit_set_word(KIT_VECTOR, 0);
  kit_set_word(KIT_SRR0, POISON);
  kit_set_word(KIT_SRR1, POISON);
  kit_set_word(KIT_DAR, POISON);
  kit_set_word(KIT_DSISR, POISON);
  kit_set_word(KIT_MSR, POISON);
  mtspr(SPR_DAR, POISON);
  mtspr(SPR_DSISR, POISON);
  return kit_word(KIT_COUNT);
}

struct logged_exception kit_logged(uint32_t before, uint32_t i) {
  uint32_t entry = KIT_XLOG + ((before + i) % KIT_XLOG_ENTRIES) * 16;
  struct logged_exception e = {kit_word(entry), kit_word(entry + 4), kit_word(entry + 8), kit_word(entry + 12)};
  return e;
}

/* One "name got/want" field of a failure message. */
static void field_mismatch(const char *field, uint32_t got, uint32_t want, int *first) {
  print(*first ? ": " : "; ");
  *first = 0;
  print(field);
  print(" ");
  print_hex(got);
  print(" want ");
  print_hex(want);
}

int check_exception(const char *name, uint32_t before, const struct expected_exception *want) {
  uint32_t taken = kit_word(KIT_COUNT) - before;
  uint32_t vector = kit_word(KIT_VECTOR), srr0 = kit_word(KIT_SRR0), srr1 = kit_word(KIT_SRR1);
  uint32_t msr = kit_word(KIT_MSR), dar = kit_word(KIT_DAR), dsisr = kit_word(KIT_DSISR);
  int ok = taken == 1 && vector == want->vector && srr0 == want->srr0 && srr1 == want->srr1 &&
           msr == want->handler_msr && (!want->check_dar || dar == want->dar) &&
           (dsisr & want->dsisr_mask) == want->dsisr;
  checks_run++;
  if (!ok) checks_failed++;
  print(ok ? "PASS " : "FAIL ");
  print(name);
  if (ok) {
    print("  vector ");
    print_hex(vector);
    print(" SRR0 ");
    print_hex(srr0);
    print(" SRR1 ");
    print_hex(srr1);
    if (want->check_dar) {
      print(" DAR ");
      print_hex(dar);
    }
    if (want->dsisr_mask != 0) {
      print(" DSISR ");
      print_hex(dsisr);
    }
  } else {
    int first = 1;
    if (taken != 1) field_mismatch("exceptions taken", taken, 1, &first);
    if (vector != want->vector) field_mismatch("vector", vector, want->vector, &first);
    if (srr0 != want->srr0) field_mismatch("SRR0", srr0, want->srr0, &first);
    if (srr1 != want->srr1) field_mismatch("SRR1", srr1, want->srr1, &first);
    if (msr != want->handler_msr) field_mismatch("handler MSR", msr, want->handler_msr, &first);
    if (want->check_dar && dar != want->dar) field_mismatch("DAR", dar, want->dar, &first);
    if ((dsisr & want->dsisr_mask) != want->dsisr) field_mismatch("DSISR", dsisr & want->dsisr_mask, want->dsisr, &first);
  }
  print("\n");
  return ok;
}

int check_no_exception(const char *name, uint32_t before) {
  uint32_t taken = kit_word(KIT_COUNT) - before;
  checks_run++;
  if (taken != 0) checks_failed++;
  print(taken == 0 ? "PASS " : "FAIL ");
  print(name);
  if (taken != 0) {
    print(": took exception ");
    print_hex(kit_word(KIT_VECTOR));
    print(" at SRR0 ");
    print_hex(kit_word(KIT_SRR0));
    print(" SRR1 ");
    print_hex(kit_word(KIT_SRR1));
  } else {
    print("  no exception");
  }
  print("\n");
  return taken == 0;
}

void kit_fatal(uint32_t vector, uint32_t srr0, uint32_t srr1) {
  print("FAIL kit: unexpected exception ");
  print_hex(vector);
  print(" SRR0 ");
  print_hex(srr0);
  print(" SRR1 ");
  print_hex(srr1);
  print("\n");
  board_power_off(100 + vector / 0x100);
}
