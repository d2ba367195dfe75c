/*
 * BSD system calls (bsd/dev/ppc/systemcalls.c unix_syscall, bsd/kern/syscalls.master; docs/
 * user-abi.md §1-§2). `sc` leaves SRR0 at sc+4. A BSD call that succeeds resumes at sc+8 with
 * its result in r3 and the second word in r4; one that fails resumes at sc+4 (the stub's
 * `b cerror`) with the errno in r3. r0 < 0 goes to the Mach trap table instead, and the
 * PowerPC-only (0x6000-0x6FFF) and fast (0x7000-0x7FFF) ranges are not provided: ENOSYS.
 */
#include "bsd/syscalls.h"

#include "../../userland/bare/board.h"
#include "bsd/signals.h"
#include "kern/console_channel.h"
#include "kern/misc_protos.h"
#include "kern/task.h"
#include "mach/vm_param.h"
#include "ppc/copyio.h"
#include "ppc/proc_reg.h"
#include "ppc/savearea.h"
#include "vm/vm_user.h"

/* BSD call numbers (syscalls.master). */
#define SYS_syscall 0
#define SYS_exit 1
#define SYS_read 3
#define SYS_write 4
#define SYS_getpid 20
#define SYS_munmap 73
#define SYS_mmap 197

/* mmap flags (sys/mman.h). */
#define MAP_FIXED 0x0010
#define MAP_ANON 0x1000
#define PROT_MASK 0x7

#define IO_CHUNK 256

struct syscall_result {
  int error;       /* 0, or the errno */
  uint32_t rval[2]; /* r3, r4 on success */
};

static uint32_t console_register(uint32_t offset) {
  uint32_t msr = mfmsr();
  if ((msr & MASK_MSR_DR) != 0) mtmsr(msr & ~(MASK_MSR_DR | MASK_MSR_EE));
  uint32_t value = *(volatile uint32_t *)(BOARD_BASE + offset);
  if ((msr & MASK_MSR_DR) != 0) mtmsr(msr);
  return value;
}

/* read(0, buf, n): the console input that is ready, at most n bytes; 0 at the end of input. */
static int sys_read(const uint32_t *args, struct syscall_result *result) {
  if (args[0] != 0) return EBADF;
  uint32_t buffer = args[1], length = args[2], done = 0;
  char chunk[IO_CHUNK];
  while (done < length) {
    uint32_t ready = console_register(BOARD_CONSOLE_RX_STATUS_OFFSET);
    if (ready == 0) break;
    uint32_t n = length - done;
    if (n > ready) n = ready;
    if (n > IO_CHUNK) n = IO_CHUNK;
    for (uint32_t i = 0; i < n; i++) chunk[i] = (char)console_register(BOARD_CONSOLE_RX_OFFSET);
    if (copyout(chunk, buffer + done, n) != 0) return EFAULT;
    done += n;
  }
  result->rval[0] = done;
  return 0;
}

/* write(1 or 2, buf, n): to the host's stdout or stderr through the console channels. */
static int sys_write(const uint32_t *args, struct syscall_result *result) {
  int fd = (int)args[0];
  if (fd != 1 && fd != 2) return EBADF;
  uint32_t buffer = args[1], length = args[2];
  char chunk[IO_CHUNK];
  for (uint32_t done = 0; done < length;) {
    uint32_t n = length - done > IO_CHUNK ? IO_CHUNK : length - done;
    if (copyin(buffer + done, chunk, n) != 0) return EFAULT;
    console_channel_write(fd == 1 ? CHANNEL_STDOUT : CHANNEL_STDERR, chunk, n);
    done += n;
  }
  result->rval[0] = length;
  return 0;
}

/*
 * mmap (bsd/kern/kern_mman.c), anonymous memory only: vm_map_enter with the page-rounded hint as
 * the start of an anywhere search (the lowest hole for 0), or FIXED | OVERWRITE for MAP_FIXED.
 */
static int sys_mmap(task_t task, const uint32_t *args, struct syscall_result *result) {
  uint32_t address = args[0], length = args[1], prot = args[2], flags = args[3];
  int fd = (int)args[4];
  if ((flags & MAP_ANON) == 0 || fd != -1) return EBADF;
  if (length == 0) return EINVAL;
  if ((flags & MAP_FIXED) != 0 && (address & PAGE_MASK) != 0) return EINVAL;
  uint32_t size = round_page(length);
  if (size == 0) return ENOMEM;
  vm_map_offset_t start;
  int vm_flags;
  if ((flags & MAP_FIXED) != 0) {
    start = address;
    vm_flags = VM_FLAGS_FIXED | VM_FLAGS_OVERWRITE;
  } else {
    start = round_page(address);
    vm_flags = VM_FLAGS_ANYWHERE;
  }
  kern_return_t kr = vm_map_enter(task->map, &start, size, 0, vm_flags, VM_OBJECT_NULL, 0, FALSE,
                                  (vm_prot_t)(prot & PROT_MASK), VM_PROT_ALL, VM_INHERIT_DEFAULT);
  if (kr == KERN_NO_SPACE) return ENOMEM;
  if (kr != KERN_SUCCESS) return EINVAL;
  result->rval[0] = start;
  return 0;
}

/* munmap: the address must be page-aligned; the rest is vm_deallocate's. */
static int sys_munmap(task_t task, const uint32_t *args) {
  if ((args[0] & PAGE_MASK) != 0) return EINVAL;
  if (args[0] + args[1] < args[0]) return EINVAL;
  return vm_deallocate(task->map, args[0], args[1]) == KERN_SUCCESS ? 0 : EINVAL;
}

static int unix_syscall_dispatch(task_t task, uint32_t number, const uint32_t *args, struct syscall_result *result) {
  switch (number) {
    case SYS_exit:
      bsd_exit(task, (int)args[0]);
    case SYS_read:
      return sys_read(args, result);
    case SYS_write:
      return sys_write(args, result);
    case SYS_getpid:
      result->rval[0] = (uint32_t)task->pid;
      return 0;
    case SYS_munmap:
      return sys_munmap(task, args);
    case SYS_mmap:
      return sys_mmap(task, args, result);
    default:
      /* 10.4's nosys also sends SIGSYS; issue 6 asks for the error alone (docs/tasks.md). */
      return ENOSYS;
  }
}

static void unix_syscall(struct savearea *ssp) {
  task_t task = current_task();
  uint32_t number = ssp->save_r[0];
  const uint32_t *args = &ssp->save_r[3];
  if (number == SYS_syscall) {
    number = ssp->save_r[3];
    args = &ssp->save_r[4];
  }
  /* 10.4 looks at the low 16 bits; 0x6000-0x7FFF are the PowerPC-only and fast calls. */
  number &= 0xFFFF;
  struct syscall_result result = {0, {0, 0}};
  int error = (number >= 0x6000 && number <= 0x7FFF) ? ENOSYS : unix_syscall_dispatch(task, number, args, &result);
  if (error == 0) {
    ssp->save_r[3] = result.rval[0];
    ssp->save_r[4] = result.rval[1];
    ssp->save_srr0 += 4; /* sc+8 */
  } else {
    ssp->save_r[3] = (uint32_t)error; /* sc+4: b cerror */
  }
}

void system_call(struct savearea *ssp) {
  int32_t r0 = (int32_t)ssp->save_r[0];
  if (r0 < 0) mach_call(ssp, (uint32_t)-r0);
  else unix_syscall(ssp);
}
