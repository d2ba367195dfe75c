/* mach_msg and the kernel's MIG server for the VM subsystems (kern/ipc_kobject.c). */
#ifndef KERN_IPC_KOBJECT_H
#define KERN_IPC_KOBJECT_H

#include <stdint.h>
#include "kern/task.h"

/* mach_msg_trap / mach_msg_overwrite_trap (receive into rcv_msg when it is not 0). */
uint32_t mach_msg_trap(task_t task, uint32_t msg, uint32_t option, uint32_t send_size, uint32_t rcv_size,
                       uint32_t rcv_name, uint32_t rcv_msg);

#endif
