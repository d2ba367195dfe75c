/* The self-test runner (docs/kernel.md): runs the tests in order, one result line each. */
#include "tests/kern_tests.h"

#include "vm/vm_page.h"

#define TEST(name, function) {name, function},
#define DECLARE(name, function) void function(void);
#include "tests/test_list.h"
#undef DECLARE
#define DECLARE(name, function) TEST(name, function)
static const struct kern_test kern_tests[] = {
#include "tests/test_list.h"
};

static int current_failures;
static char current_message[256];

void kt_fail(const char *file, int line, const char *format, ...) {
  if (current_failures++ == 0) {
    int n = snprintf(current_message, sizeof current_message, "%s:%d: ", file, line);
    va_list ap;
    va_start(ap, format);
    vsnprintf(current_message + n, sizeof current_message - (size_t)n, format, ap);
    va_end(ap);
  }
}

int kt_failed(void) {
  return current_failures != 0;
}

void kt_note(const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  printf("# ");
  vprintf(format, ap);
  printf("\n");
  va_end(ap);
}

void kt_report_for_host(void);
int kern_tests_run(const char *only);

int kern_tests_run(const char *only) {
  int passed = 0, failed = 0;
  size_t only_length = only != NULL ? strlen(only) : 0;
  for (size_t i = 0; i < sizeof kern_tests / sizeof kern_tests[0]; i++) {
    const struct kern_test *test = &kern_tests[i];
    if (only_length != 0 && strncmp(test->name, only, only_length) != 0) continue;
    current_failures = 0;
    /* Every test gives back every page it takes; the kernel's own growth is accounted apart. */
    unsigned int balance_before = vm_page_free_count + kt_internal_pages();
    test->run();
    unsigned int balance_after = vm_page_free_count + kt_internal_pages();
    if (balance_after != balance_before) {
      kt_fail(__FILE__, __LINE__, "the test leaked %d pages", (int)(balance_before - balance_after));
    }
    if (current_failures == 0) {
      printf("PASS %s\n", test->name);
      passed++;
    } else {
      printf("FAIL %s: %s", test->name, current_message);
      if (current_failures > 1) printf(" (and %d more)", current_failures - 1);
      printf("\n");
      failed++;
    }
  }
  kt_report_for_host();
  printf("%d passed, %d failed\n", passed, failed);
  return failed;
}
