/*
 * Kernel threads (osfmk/kern/thread.h, reduced): a machine context for switching, a kernel
 * stack, the wait state used by assert_wait/thread_block, and the option bits, among them the
 * VM-privilege flag (TH_OPT_VMPRIV) that lets a thread eat into the reserved page pool.
 */
#ifndef KERN_THREAD_H
#define KERN_THREAD_H

#include "kern/queue.h"
#include "mach/kern_return.h"
#include "mach/vm_types.h"
#include "ppc/asm_offsets.h"
#include "ppc/exception.h"

/* Callee-saved registers of a switched-out thread (PCB_* in ppc/asm_offsets.h). */
struct machine_context {
  uint32_t r1;
  uint32_t r2;
  uint32_t lr;
  uint32_t cr;
  uint32_t r13_r31[19];
};

typedef void (*thread_continue_t)(void *parameter);

struct task;

struct thread {
  struct machine_context pcb; /* first: Switch_context addresses it at offset 0 */
  queue_chain_t links;        /* on the run queue or the wait list */
  int state;
  int options;
  event_t wait_event;
  int wait_result;
  int interruptible;
  vm_offset_t kernel_stack;   /* base of its KERNEL_STACK_SIZE stack; 0 for the boot thread */
  thread_continue_t continuation;
  void *parameter;
  const char *name;
  struct task *task;
  vm_offset_t recover;        /* copyin/copyout fault recovery address (issue 6) */
};
typedef struct thread *thread_t;
#define THREAD_NULL ((thread_t)0)

/* state */
#define TH_RUN 0x1
#define TH_WAIT 0x2
#define TH_TERMINATE 0x4

/* options */
#define TH_OPT_VMPRIV 0x4

static inline thread_t current_thread(void) {
  return getPerProc()->active_thread;
}

void thread_bootstrap(void);
/* Where state saved on an exception from user mode goes: the top of the thread's kernel stack. */
uint32_t thread_kernel_stack_top(thread_t thread);
void thread_init(void);
kern_return_t kernel_thread_start(thread_continue_t continuation, void *parameter, const char *name, thread_t *new_thread);
__attribute__((noreturn)) void thread_terminate_self(void);

/* Machine-dependent switch (ppc/cswtch.S): returns, in the new thread, the thread switched from. */
thread_t Switch_context(thread_t old, thread_t new);
void thread_continue_asm(void);

#endif
