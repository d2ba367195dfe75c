/*
 * Waiting and waking (osfmk/kern/sched_prim.h): assert_wait declares the event a thread will
 * sleep on, thread_block gives the processor to the next runnable thread, thread_wakeup_prim
 * makes one or all threads waiting on an event runnable. The scheduler is a FIFO run queue with
 * no preemption: threads switch only when they block.
 */
#ifndef KERN_SCHED_PRIM_H
#define KERN_SCHED_PRIM_H

#include "kern/thread.h"

typedef int wait_result_t;
#define THREAD_WAITING (-1)
#define THREAD_AWAKENED 0
#define THREAD_TIMED_OUT 1
#define THREAD_INTERRUPTED 2
#define THREAD_RESTART 3

typedef int wait_interrupt_t;
#define THREAD_UNINT 0
#define THREAD_INTERRUPTIBLE 1
#define THREAD_ABORTSAFE 2

#define THREAD_CONTINUE_NULL ((thread_continue_t)0)

wait_result_t assert_wait(event_t event, wait_interrupt_t interruptible);
wait_result_t thread_block(thread_continue_t continuation);
kern_return_t thread_wakeup_prim(event_t event, boolean_t one_thread, wait_result_t result);
#define thread_wakeup(event) thread_wakeup_prim((event), FALSE, THREAD_AWAKENED)
#define thread_wakeup_one(event) thread_wakeup_prim((event), TRUE, THREAD_AWAKENED)
/* Lets the other runnable threads run; returns when this one is picked again. */
void thread_yield(void);
/* Number of threads waiting on `event` (for tests and assertions). */
unsigned int wait_queue_count(event_t event);

#endif
