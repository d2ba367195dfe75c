/*
 * Waiting and switching (osfmk/kern/sched_prim.c, reduced to one processor without
 * preemption): a FIFO run queue, a list of waiting threads, and thread_block, which switches to
 * the next runnable thread. With no thread able to run, the kernel has deadlocked: panic.
 */
#include "kern/sched_prim.h"

#include "kern/misc_protos.h"

static queue_head_t run_queue;
static queue_head_t wait_list;

void sched_init(void);
void sched_init(void) {
  queue_init(&run_queue);
  queue_init(&wait_list);
}

/* Makes a thread runnable (thread_setrun). */
void thread_setrun(thread_t thread);
void thread_setrun(thread_t thread) {
  thread->state = TH_RUN;
  enqueue_tail(&run_queue, &thread->links);
}

wait_result_t assert_wait(event_t event, wait_interrupt_t interruptible) {
  thread_t self = current_thread();
  self->wait_event = event;
  self->interruptible = interruptible;
  self->wait_result = THREAD_WAITING;
  self->state = TH_WAIT;
  enqueue_tail(&wait_list, &self->links);
  return THREAD_WAITING;
}

void thread_dispatch(thread_t old);

wait_result_t thread_block(thread_continue_t continuation) {
  (void)continuation; /* every thread keeps its stack: continuations are not used */
  thread_t self = current_thread();
  if (self->state == TH_RUN) {
    self->wait_result = THREAD_AWAKENED;
    enqueue_tail(&run_queue, &self->links);
  }
  queue_entry_t next_link = dequeue_head(&run_queue);
  if (next_link == NULL) {
    panic("thread_block: thread \"%s\" waits on %p and no thread can run", self->name, self->wait_event);
  }
  thread_t next = queue_entry(next_link, struct thread, links);
  if (next != self) {
    thread_t old = Switch_context(self, next);
    thread_dispatch(old);
  }
  return self->wait_result;
}

void thread_yield(void) {
  thread_block(THREAD_CONTINUE_NULL);
}

kern_return_t thread_wakeup_prim(event_t event, boolean_t one_thread, wait_result_t result) {
  kern_return_t kr = KERN_FAILURE;
  queue_entry_t e = wait_list.next;
  while (e != &wait_list) {
    thread_t thread = queue_entry(e, struct thread, links);
    e = e->next;
    if (thread->wait_event != event) continue;
    remqueue(&thread->links);
    thread->wait_event = NULL;
    thread->wait_result = result;
    thread_setrun(thread);
    kr = KERN_SUCCESS;
    if (one_thread) break;
  }
  return kr;
}

unsigned int wait_queue_count(event_t event) {
  unsigned int n = 0;
  for (queue_entry_t e = wait_list.next; e != &wait_list; e = e->next) {
    if (queue_entry(e, struct thread, links)->wait_event == event) n++;
  }
  return n;
}
