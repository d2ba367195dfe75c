/*
 * Ports and port names, reduced to what 10.4 programs use before libSystem's IPC (osfmk/ipc):
 * the task's own port, the thread and host ports, and receive rights made by mach_reply_port.
 * A name is index << 8 | 3 (an index and a generation, as ipc_entry names are). A receive right
 * holds at most one queued message: the MIG replies a kernel server sends to it.
 */
#ifndef KERN_IPC_PORT_H
#define KERN_IPC_PORT_H

#include <stdint.h>
#include "mach/kern_return.h"

typedef uint32_t mach_port_name_t;
#define MACH_PORT_NULL 0u

enum ipc_kobject_type { IKOT_NONE = 0, IKOT_TASK, IKOT_THREAD, IKOT_HOST, IKOT_RECEIVE };

#define IPC_QUEUED_MESSAGE_MAX 64
#define IPC_SPACE_SIZE 16

struct ipc_entry {
  enum ipc_kobject_type type;
  uint32_t queued_size; /* 0: no message queued */
  uint8_t queued[IPC_QUEUED_MESSAGE_MAX];
};

struct ipc_space {
  struct ipc_entry entries[IPC_SPACE_SIZE]; /* entry 0 is never used: name 0 is MACH_PORT_NULL */
};

/* A new name in `space` for a right of `type`, or MACH_PORT_NULL when the space is full. */
mach_port_name_t ipc_entry_alloc(struct ipc_space *space, enum ipc_kobject_type type);
/* The entry a name denotes, or NULL. */
struct ipc_entry *ipc_entry_lookup(struct ipc_space *space, mach_port_name_t name);

#endif
