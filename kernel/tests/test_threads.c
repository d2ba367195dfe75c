/* Kernel threads: FIFO scheduling with explicit yields, and freeing a terminated thread. */
#include "tests/kern_tests.h"

#include "kern/sched_prim.h"
#include "kern/thread.h"

static int switch_log[8];
static int switch_log_length;
static int finished;

static void yielder(void *parameter) {
  for (int i = 0; i < 3; i++) {
    switch_log[switch_log_length++] = (int)(uintptr_t)parameter;
    thread_yield();
  }
  finished++;
}

void test_threads_switch(void) {
  switch_log_length = 0;
  finished = 0;
  T_ASSERT_EQ(kernel_thread_start(yielder, (void *)1, "yielder 1", NULL), KERN_SUCCESS);
  T_ASSERT_EQ(kernel_thread_start(yielder, (void *)2, "yielder 2", NULL), KERN_SUCCESS);
  while (finished < 2) thread_yield();
  thread_yield(); /* lets the last one be freed */
  T_ASSERT_EQ(switch_log_length, 6);
  for (int i = 0; i < 6; i++) T_EXPECT_EQ(switch_log[i], 1 + (i % 2));
}
