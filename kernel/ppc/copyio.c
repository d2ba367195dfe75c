/*
 * copyin and copyout (osfmk/ppc/movc.s, MapUserMemoryWindow; spec §4.7). The kernel has its own
 * address space, so it reaches user memory through a window: the user segment holding the
 * address is made visible at 0xE0000000 by loading segment register 14 with the user's segment
 * value, and the copy runs there. A miss in the window resolves through the user pmap (handlePF),
 * or through vm_fault in the task's map; when vm_fault fails the copy ends at the thread's
 * recovery address with EFAULT.
 */
#include "ppc/copyio.h"

#include "kern/misc_protos.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "mach/vm_param.h"
#include "ppc/exception.h"
#include "ppc/pmap.h"
#include "ppc/proc_reg.h"
#include "ppc/savearea.h"
#include "vm/vm_fault.h"

int copy_window(void *destination, const void *source, size_t length);
void copy_window_fault(void);

#define EFAULT 14
#define SEGMENT_SIZE 0x10000000u

/* Opens the window on the user segment of `user_address`; returns its address in the window. */
static uint32_t map_user_memory_window(uint32_t user_address) {
  struct per_proc_info *pp = getPerProc();
  uint32_t segment = user_address >> 28;
  pp->user_window_segment = segment;
  mtsrin(pmap_segment_register(pp->user_pmap, segment), USER_MEMORY_WINDOW);
  return USER_MEMORY_WINDOW | (user_address & (SEGMENT_SIZE - 1));
}

static int copy_user(uint32_t user_address, void *kernel_address, size_t length, boolean_t in) {
  struct per_proc_info *pp = getPerProc();
  if (pp->user_pmap == NULL) return EFAULT;
  if (length != 0 && user_address + length - 1 < user_address) return EFAULT;
  thread_t self = current_thread();
  uint8_t *kernel = kernel_address;
  while (length > 0) {
    size_t chunk = SEGMENT_SIZE - (user_address & (SEGMENT_SIZE - 1));
    if (chunk > length) chunk = length;
    uint32_t window = map_user_memory_window(user_address);
    self->recover = (vm_offset_t)copy_window_fault;
    int result = in ? copy_window(kernel, (const void *)window, chunk) : copy_window((void *)window, kernel, chunk);
    self->recover = 0;
    if (result != 0) return EFAULT;
    user_address += chunk;
    kernel += chunk;
    length -= chunk;
  }
  return 0;
}

int copyin(uint32_t user_address, void *kernel_address, size_t length) {
  return copy_user(user_address, kernel_address, length, TRUE);
}

int copyout(const void *kernel_address, uint32_t user_address, size_t length) {
  return copy_user(user_address, (void *)kernel_address, length, FALSE);
}

void user_window_fault(struct savearea *ssp, vm_offset_t address, vm_prot_t type) {
  struct per_proc_info *pp = getPerProc();
  thread_t self = current_thread();
  task_t task = current_task();
  if (pp->user_window_segment == USER_WINDOW_NONE || task == TASK_NULL || (address >> 28) != (USER_MEMORY_WINDOW >> 28)) {
    panic_with_state(ssp, "kernel fault at 0x%08x in the user-memory window with no window open", address);
  }
  vm_offset_t user_address = (pp->user_window_segment << 28) | (address & (SEGMENT_SIZE - 1));
  kern_return_t kr = vm_fault(task->map, trunc_page(user_address), type, FALSE);
  if (kr == KERN_SUCCESS) {
    ssp->save_flags |= SAVE_REDRIVE;
    return;
  }
  if (self == NULL || self->recover == 0) {
    panic_with_state(ssp, "kernel fault at user address 0x%08x (window 0x%08x) with no recovery", user_address, address);
  }
  ssp->save_srr0 = self->recover;
  self->recover = 0;
}
