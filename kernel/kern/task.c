/*
 * Tasks (osfmk/kern/task.c, reduced): task_create gives a task a map over a new pmap (its own
 * address-space id) and the port names every 10.4 program asks for; task_terminate takes it all
 * down and checks that every page the task used went back to the free list.
 */
#include "kern/task.h"

#include "kern/console_channel.h"
#include "kern/misc_protos.h"
#include "kern/thread.h"
#include "kern/zalloc.h"
#include "mach/vm_param.h"
#include "ppc/exception.h"
#include "ppc/mappings.h"
#include "ppc/pmap_space.h"
#include "vm/vm_fault.h"
#include "vm/vm_object.h"
#include "vm/vm_page.h"

/* The process id of the first program, as `launchd`-less 10.4 would number an early process. */
#define FIRST_PID 1

static struct task task_store;
static boolean_t task_in_use;
static int next_pid = FIRST_PID;

task_t current_task(void) {
  thread_t self = current_thread();
  return self != NULL ? self->task : TASK_NULL;
}

unsigned int kernel_pool_pages(void) {
  return zone_grown_pages + mapping_block_pages;
}

task_t task_create(void) {
  if (task_in_use) return TASK_NULL;
  task_t task = &task_store;
  bzero(task, sizeof *task);
  task->free_count_at_exec = vm_page_free_count;
  task->pool_pages_at_exec = kernel_pool_pages();
  pmap_t pmap = pmap_create();
  if (pmap == NULL) return TASK_NULL;
  task->map = vm_map_create(pmap, VM_MIN_ADDRESS, VM_MAX_ADDRESS, TRUE);
  task->pid = next_pid++;
  task->task_self = ipc_entry_alloc(&task->itk_space, IKOT_TASK);
  task->thread_self = ipc_entry_alloc(&task->itk_space, IKOT_THREAD);
  task->host_self = ipc_entry_alloc(&task->itk_space, IKOT_HOST);
  task_in_use = TRUE;
  current_thread()->task = task;
  pmap_activate_user(pmap);
  return task;
}

/*
 * Everything the task had goes: its map (entries, objects, pages), its pmap (mappings and PTEs)
 * and its names. Then the page accounting: the free list must have every page back except those
 * kernel pools (zones, mapping blocks) took while the task ran, which they keep for good.
 */
void task_terminate(task_t task) {
  if (task == TASK_NULL) return;
  pmap_t pmap = task->map->pmap;
  vm_map_destroy(task->map);
  task->map = VM_MAP_NULL;
  pmap_destroy(pmap);
  bzero(&task->itk_space, sizeof task->itk_space);
  if (current_thread()->task == task) current_thread()->task = TASK_NULL;
  task_in_use = FALSE;

  unsigned int pool_pages = kernel_pool_pages() - task->pool_pages_at_exec;
  int leaked = (int)task->free_count_at_exec - (int)vm_page_free_count - (int)pool_pages;
  struct per_proc_info *pp = getPerProc();
  task_report("ppcmac-task: counters dsi=%u isi=%u segment_miss=%u pte_fill=%u pte_steal=%u passup=%u redrive=%u "
              "vm_fault=%u zero_fill=%u\n",
              pp->pf.dsi, pp->pf.isi, pp->pf.segment_miss, pp->pf.pte_fill, pp->pf.pte_steal, pp->pf.passup,
              pp->pf.redrive, vm_fault_counters.faults, vm_fault_counters.zero_fills);
  task_report("ppcmac-task: pages free_before=%u free_after=%u pool_pages=%u leaked=%d\n", task->free_count_at_exec,
              vm_page_free_count, pool_pages, leaked);
}
