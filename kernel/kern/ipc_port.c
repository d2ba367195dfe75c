/* Port names in a task's IPC space (kern/ipc_port.h). */
#include "kern/ipc_port.h"

#include "libkern/string.h"

#define NAME_GENERATION 3u

mach_port_name_t ipc_entry_alloc(struct ipc_space *space, enum ipc_kobject_type type) {
  for (uint32_t index = 1; index < IPC_SPACE_SIZE; index++) {
    struct ipc_entry *entry = &space->entries[index];
    if (entry->type != IKOT_NONE) continue;
    memset(entry, 0, sizeof *entry);
    entry->type = type;
    return (index << 8) | NAME_GENERATION;
  }
  return MACH_PORT_NULL;
}

struct ipc_entry *ipc_entry_lookup(struct ipc_space *space, mach_port_name_t name) {
  uint32_t index = name >> 8;
  if ((name & 0xFF) != NAME_GENERATION || index == 0 || index >= IPC_SPACE_SIZE) return NULL;
  struct ipc_entry *entry = &space->entries[index];
  return entry->type == IKOT_NONE ? NULL : entry;
}
