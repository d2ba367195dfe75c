/*
 * The Mach trap table (osfmk/kern/syscall_sw.c; docs/user-abi.md §3.1): `sc` with r0 = -N runs
 * trap N, which resumes at sc+4 (SRR0 unchanged) with its result in r3. ppcmac provides the traps
 * a 10.4 program needs before libSystem's threads and semaphores; any other number raises
 * EXC_SYSCALL, which the BSD layer makes a SIGSYS (docs/tasks.md).
 */
#include "bsd/signals.h"
#include "bsd/syscalls.h"
#include "kern/ipc_kobject.h"
#include "kern/task.h"
#include "ppc/savearea.h"

#define MACH_REPLY_PORT 26
#define THREAD_SELF_TRAP 27
#define TASK_SELF_TRAP 28
#define HOST_SELF_TRAP 29
#define MACH_MSG_TRAP 31
#define MACH_MSG_OVERWRITE_TRAP 32

void mach_call(struct savearea *ssp, uint32_t trap_number) {
  task_t task = current_task();
  const uint32_t *r = ssp->save_r;
  switch (trap_number) {
    case MACH_REPLY_PORT:
      ssp->save_r[3] = ipc_entry_alloc(&task->itk_space, IKOT_RECEIVE);
      return;
    case THREAD_SELF_TRAP:
      ssp->save_r[3] = task->thread_self;
      return;
    case TASK_SELF_TRAP:
      ssp->save_r[3] = task->task_self;
      return;
    case HOST_SELF_TRAP:
      ssp->save_r[3] = task->host_self;
      return;
    case MACH_MSG_TRAP:
      ssp->save_r[3] = mach_msg_trap(task, r[3], r[4], r[5], r[6], r[7], 0);
      return;
    case MACH_MSG_OVERWRITE_TRAP:
      ssp->save_r[3] = mach_msg_trap(task, r[3], r[4], r[5], r[6], r[7], r[10]);
      return;
    default:
      bsd_signal_exit(task, SIGSYS, ssp, ssp->save_srr0);
  }
}
