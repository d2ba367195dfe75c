/*
 * abiprobe: exercises every entry point of the user ABI once and prints what came back, one
 * "name key=value ..." line per step (docs/user-abi.md). The host tests run it on a model of
 * the kernel side and compare the lines and the messages it sent; run on the real kernel it
 * shows the same steps.
 *
 * The unknown-call step comes last: 10.4 also sends SIGSYS for a call it does not have.
 */
#include "bsd.h"
#include "mach.h"
#include "print.h"

/* A BSD call number no 10.4 kernel implements (past the end of its table). */
#define UNKNOWN_SYSCALL 1000

int main(int argc, char **argv, char **envp, char **apple) {
  int envc = 0;
  while (envp[envc] != 0) envc++;
  print("start argc=%d envc=%d exec_path=%s\n", argc, envc, apple[0]);
  for (int i = 0; i < argc; i++) print("arg index=%d value=%s\n", i, argv[i]);
  for (int i = 0; i < envc; i++) print("env index=%d value=%s\n", i, envp[i]);

  print("getpid pid=%d\n", getpid());
  errno = 0;
  ssize_t written = write(99, "x", 1);
  print("write-bad-fd result=%d errno=%d\n", written, errno);

  mach_port_t task = mach_task_self();
  print("task_self port=0x%x\n", task);

  vm_address_t address = 0;
  kern_return_t kr = vm_allocate(task, &address, 0x3000, VM_FLAGS_ANYWHERE);
  print("vm_allocate kr=%d address=0x%x\n", kr, address);
  kr = vm_protect(task, address + 0x1000, 0x1000, FALSE, VM_PROT_READ);
  print("vm_protect kr=%d\n", kr);
  kr = vm_deallocate(task, address, 0x3000);
  print("vm_deallocate kr=%d\n", kr);

  mach_vm_address_t wide = 0;
  kr = mach_vm_allocate(task, &wide, 0x2000, VM_FLAGS_ANYWHERE);
  print("mach_vm_allocate kr=%d address=0x%llx\n", kr, wide);
  kr = mach_vm_protect(task, wide, 0x2000, TRUE, VM_PROT_DEFAULT);
  print("mach_vm_protect kr=%d\n", kr);
  kr = mach_vm_deallocate(task, wide, 0x2000);
  print("mach_vm_deallocate kr=%d\n", kr);

  /* A range that wraps past 4 GB is refused before any message is answered with memory. */
  kr = vm_deallocate(task, 0xfffff000u, 0x2000);
  print("vm_deallocate-wrap kr=%d\n", kr);

  char *mapped = mmap(0, 0x2000, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE, -1, 0);
  print("mmap address=%p errno=%d\n", mapped, mapped == MAP_FAILED ? errno : 0);
  if (mapped != MAP_FAILED) {
    mapped[0x1fff] = 'z';
    print("munmap result=%d\n", munmap(mapped, 0x2000));
  }

  errno = 0;
  int result = syscall(UNKNOWN_SYSCALL);
  print("unknown-syscall result=%d errno=%d\n", result, errno);
  return 0;
}
