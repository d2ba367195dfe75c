/*
 * Kernel threads (osfmk/kern/thread.c, reduced): the bootstrap thread, which runs on the boot
 * stack, and threads started with kernel_thread_start, each with a KERNEL_STACK_SIZE stack of
 * wired kernel_object memory. A terminated thread is freed by the thread that runs after it.
 */
#include "kern/thread.h"

#include "kern/misc_protos.h"
#include "kern/sched_prim.h"
#include "kern/zalloc.h"
#include "mach/vm_param.h"
#include "vm/vm_kern.h"

static struct thread bootstrap_thread;
static zone_t thread_zone;

void sched_init(void);
void thread_setrun(thread_t thread);
void thread_dispatch(thread_t old);
void thread_continue(thread_t old, thread_continue_t continuation, void *parameter);

void thread_bootstrap(void) {
  sched_init();
  bzero(&bootstrap_thread, sizeof bootstrap_thread);
  bootstrap_thread.state = TH_RUN;
  bootstrap_thread.name = "bootstrap";
  getPerProc()->active_thread = &bootstrap_thread;
}

extern char boot_stack_top[];

/* The bootstrap thread runs on the boot stack (kernel data, mapped V=R). */
uint32_t thread_kernel_stack_top(thread_t thread) {
  if (thread == NULL || thread->kernel_stack == 0) return (uint32_t)boot_stack_top;
  return thread->kernel_stack + KERNEL_STACK_SIZE;
}

void thread_init(void) {
  thread_zone = zinit(sizeof(struct thread), 1024 * sizeof(struct thread), PAGE_SIZE, "threads");
}

kern_return_t kernel_thread_start(thread_continue_t continuation, void *parameter, const char *name, thread_t *new_thread) {
  vm_offset_t stack;
  kern_return_t kr = kernel_memory_allocate(kernel_map, &stack, KERNEL_STACK_SIZE, 0, KMA_KOBJECT);
  if (kr != KERN_SUCCESS) return kr;
  thread_t thread = zalloc(thread_zone);
  bzero(thread, sizeof *thread);
  thread->kernel_stack = stack;
  thread->continuation = continuation;
  thread->parameter = parameter;
  thread->name = name;

  /* The first switch to it "returns" into thread_continue_asm on an empty stack. */
  uint32_t sp = stack + KERNEL_STACK_SIZE - 16;
  *(volatile uint32_t *)sp = 0;
  thread->pcb.r1 = sp;
  __asm__ volatile("mr %0,2" : "=r"(thread->pcb.r2));
  thread->pcb.lr = (uint32_t)thread_continue_asm;
  thread->pcb.r13_r31[14 - 13] = (uint32_t)continuation;
  thread->pcb.r13_r31[15 - 13] = (uint32_t)parameter;

  thread_setrun(thread);
  if (new_thread != NULL) *new_thread = thread;
  return KERN_SUCCESS;
}

/* Runs in the new thread after every switch: frees the previous thread if it terminated. */
void thread_dispatch(thread_t old) {
  if (old == NULL || (old->state & TH_TERMINATE) == 0) return;
  if (old->kernel_stack != 0) kmem_free(kernel_map, old->kernel_stack, KERNEL_STACK_SIZE);
  zfree(thread_zone, old);
}

void thread_continue(thread_t old, thread_continue_t continuation, void *parameter) {
  thread_dispatch(old);
  continuation(parameter);
  thread_terminate_self();
}

void thread_terminate_self(void) {
  thread_t self = current_thread();
  if (self == &bootstrap_thread) panic("thread_terminate_self: the bootstrap thread cannot terminate");
  self->state = TH_TERMINATE;
  thread_block(THREAD_CONTINUE_NULL);
  panic("thread_terminate_self: a terminated thread ran again");
}
