/*
 * Tasks (osfmk/kern/task.h, reduced): an address space (a vm_map over its own pmap), the port
 * names of its IPC space, and what the BSD side keeps of the process (bsd/sys/proc.h): its pid
 * and how it ended. ppcmac runs one user task at a time, on the bootstrap thread.
 */
#ifndef KERN_TASK_H
#define KERN_TASK_H

#include "kern/ipc_port.h"
#include "mach/kern_return.h"
#include "vm/vm_map.h"

struct task {
  vm_map_t map;
  int pid;
  struct ipc_space itk_space;  /* the task's port names */
  mach_port_name_t task_self;  /* send right to the task's own port */
  mach_port_name_t thread_self;
  mach_port_name_t host_self;
  unsigned int free_count_at_exec;   /* vm_page_free_count before exec built anything */
  unsigned int pool_pages_at_exec;   /* zone and mapping-block pages held before exec */
};
typedef struct task *task_t;
#define TASK_NULL ((task_t)0)

task_t current_task(void);
/* A new task with an empty map (0 to VM_MAX_ADDRESS) over a new pmap, made the current thread's. */
task_t task_create(void);
/* Ends the task: its map, pmap and ports go; the page accounting is reported (docs/tasks.md). */
void task_terminate(task_t task);
/* Pages kernel pools hold for good once taken: zones and mapping blocks. */
unsigned int kernel_pool_pages(void);

#endif
