/*
 * How a process ends (bsd/kern/kern_exit.c, bsd/uxkern/ux_exception.c): by exit(2), or by a signal
 * whose default action is to end it. The host learns which from the report channel
 * (docs/tasks.md) and from the power register, which gets the status a shell would show: the
 * exit status, or 128 + the signal. Before the machine halts the task is taken down and its
 * pages counted back (task_terminate).
 */
#include "bsd/signals.h"

#include "kern/console_channel.h"
#include "kern/misc_protos.h"
#include "ppc/exception.h"
#include "ppc/mappings.h"
#include "ppc/pmap.h"
#include "ppc/proc_reg.h"
#include "ppc/savearea.h"

static const char *signal_name(int signal) {
  switch (signal) {
    case SIGILL: return "SIGILL";
    case SIGTRAP: return "SIGTRAP";
    case SIGBUS: return "SIGBUS";
    case SIGSEGV: return "SIGSEGV";
    case SIGSYS: return "SIGSYS";
    default: return "?";
  }
}

/*
 * With the `dumpmap` boot argument the task's pmap is reported and the machine halts with the
 * task still in place, so the host can compare the hash table with the pmap (docs/tasks.md).
 */
static void dump_pmap_and_halt(task_t task, uint32_t status) {
  pmap_t pmap = task->map->pmap;
  task_report("ppcmac-task: pmap space=0x%x spaceNum=%u resident=%u\n", pmap->space, pmap->spaceNum,
              pmap->stats.resident_count);
  /* The mappings in address order, read with translation off (mapping blocks are not mapped). */
  struct mapping *mp = NULL;
  for (;;) {
    uint32_t msr = ml_set_physical_disabled();
    mp = mp == NULL ? mapping_next(pmap, 0) : mapping_successor(mp);
    uint32_t va = 0, page = 0, attributes = 0, pte = 0;
    boolean_t valid = FALSE;
    if (mp != NULL) {
      va = mapping_va(mp);
      page = mp->mpPAddr;
      attributes = mp->mpVAddr & 0xFFF;
      valid = (mp->mpPte & mpHValid) != 0;
      pte = hash_table_base + (mp->mpPte & ~mpHValid);
    }
    ml_restore(msr);
    if (mp == NULL) break;
    if (valid) {
      task_report("ppcmac-task: mapping va=0x%08x page=0x%x attributes=0x%03x pte=0x%08x\n", va, page, attributes, pte);
    } else {
      task_report("ppcmac-task: mapping va=0x%08x page=0x%x attributes=0x%03x pte=none\n", va, page, attributes);
    }
  }
  task_report("ppcmac-task: end of pmap\n");
  halt_machine(status);
}

static __attribute__((noreturn)) void process_end(task_t task, uint32_t status) {
  if (task != TASK_NULL && boot_arg("dumpmap") != NULL) dump_pmap_and_halt(task, status);
  task_terminate(task);
  halt_machine(status);
}

void bsd_exit(task_t task, int status) {
  task_report("ppcmac-task: exit status=%d\n", status & 0xFF);
  process_end(task, (uint32_t)status & 0xFF);
}

void bsd_signal_exit(task_t task, int signal, const struct savearea *ssp, uint32_t address) {
  task_report("ppcmac-task: signal=%d name=%s pc=0x%08x address=0x%08x exception=%s\n", signal, signal_name(signal),
              ssp->save_srr0, address, exception_name(ssp->save_exception));
  process_end(task, 128u + (uint32_t)signal);
}
