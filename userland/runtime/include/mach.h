/*
 * The Mach side of the user ABI (docs/user-abi.md §3-§4): traps made with `sc` and r0 < 0,
 * mach_msg, and the MIG client stubs for the VM calls, with the 10.4 types and constants.
 */
#ifndef USERLAND_RUNTIME_MACH_H
#define USERLAND_RUNTIME_MACH_H

#include <stdint.h>

typedef uint32_t natural_t;
typedef int32_t integer_t;
typedef natural_t mach_port_name_t;
typedef natural_t mach_port_t;
typedef integer_t kern_return_t;
typedef kern_return_t mach_msg_return_t;
typedef natural_t mach_msg_bits_t;
typedef natural_t mach_msg_size_t;
typedef integer_t mach_msg_id_t;
typedef integer_t mach_msg_option_t;
typedef natural_t mach_msg_timeout_t;
typedef natural_t vm_address_t;
typedef natural_t vm_size_t;
typedef uint64_t mach_vm_address_t;
typedef uint64_t mach_vm_size_t;
typedef int vm_prot_t;
typedef int boolean_t;
typedef mach_port_t vm_map_t;

#define MACH_PORT_NULL 0u
#define TRUE 1
#define FALSE 0

/* kern_return_t values (mach/kern_return.h). */
#define KERN_SUCCESS 0
#define KERN_INVALID_ADDRESS 1
#define KERN_PROTECTION_FAILURE 2
#define KERN_NO_SPACE 3
#define KERN_INVALID_ARGUMENT 4
#define KERN_FAILURE 5

/* MIG errors (mach/mig_errors.h). */
#define MIG_TYPE_ERROR (-300)
#define MIG_REPLY_MISMATCH (-301)
#define MIG_REMOTE_ERROR (-302)
#define MIG_BAD_ID (-303)
#define MIG_BAD_ARGUMENTS (-304)
#define MIG_SERVER_DIED (-308)

/* mach_msg (mach/message.h). */
typedef struct {
  mach_msg_bits_t msgh_bits;
  mach_msg_size_t msgh_size;
  mach_port_t msgh_remote_port; /* MIG: the request port */
  mach_port_t msgh_local_port;  /* MIG: the reply port */
  mach_msg_size_t msgh_reserved;
  mach_msg_id_t msgh_id;
} mach_msg_header_t;

typedef struct {
  natural_t msgh_trailer_type;
  mach_msg_size_t msgh_trailer_size;
} mach_msg_trailer_t;

#define MACH_MSGH_BITS(remote, local) ((remote) | ((local) << 8))
#define MACH_MSGH_BITS_REMOTE(bits) ((bits) & 0xff)
#define MACH_MSGH_BITS_LOCAL(bits) (((bits) >> 8) & 0xff)
#define MACH_MSGH_BITS_COMPLEX 0x80000000u

#define MACH_MSG_TYPE_MOVE_RECEIVE 16
#define MACH_MSG_TYPE_MOVE_SEND 17
#define MACH_MSG_TYPE_MOVE_SEND_ONCE 18
#define MACH_MSG_TYPE_COPY_SEND 19
#define MACH_MSG_TYPE_MAKE_SEND 20
#define MACH_MSG_TYPE_MAKE_SEND_ONCE 21
#define MACH_MSG_TYPE_PORT_SEND_ONCE MACH_MSG_TYPE_MOVE_SEND_ONCE

#define MACH_MSG_OPTION_NONE 0x00000000
#define MACH_SEND_MSG 0x00000001
#define MACH_RCV_MSG 0x00000002
#define MACH_SEND_INTERRUPT 0x00000040
#define MACH_RCV_INTERRUPT 0x00000400
#define MACH_MSG_TIMEOUT_NONE 0u

#define MACH_MSG_SUCCESS 0x00000000
#define MACH_SEND_INVALID_DEST 0x10000003
#define MACH_SEND_INTERRUPTED 0x10000007
#define MACH_RCV_INVALID_NAME 0x10004002
#define MACH_RCV_TOO_LARGE 0x10004004
#define MACH_RCV_INTERRUPTED 0x10004005

/* The id of the send-once notification a dead server's reply port receives (mach/notify.h). */
#define MACH_NOTIFY_SEND_ONCE 0107

/* NDR (mach/ndr.h): on big-endian PowerPC every field of NDR_record is 0. */
typedef struct {
  uint8_t mig_vers, if_vers, reserved1, mig_encoding, int_rep, char_rep, float_rep, reserved2;
} NDR_record_t;
extern const NDR_record_t NDR_record;

/* VM (mach/vm_prot.h, mach/vm_statistics.h). */
#define VM_PROT_NONE 0x0
#define VM_PROT_READ 0x1
#define VM_PROT_WRITE 0x2
#define VM_PROT_EXECUTE 0x4
#define VM_PROT_DEFAULT (VM_PROT_READ | VM_PROT_WRITE)
#define VM_PROT_ALL (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXECUTE)
#define VM_FLAGS_FIXED 0x0
#define VM_FLAGS_ANYWHERE 0x1
#define VM_MAKE_TAG(tag) ((unsigned)(tag) << 24)
#define VM_PAGE_SIZE 0x1000u

/* Mach traps (xnu osfmk/kern/syscall_sw.c; the stub puts minus the number in r0). */
mach_port_name_t mach_reply_port(void);
mach_port_name_t thread_self_trap(void);
mach_port_name_t task_self_trap(void);
mach_port_name_t host_self_trap(void);
mach_msg_return_t mach_msg_trap(mach_msg_header_t *message, mach_msg_option_t option, mach_msg_size_t send_size,
                                mach_msg_size_t receive_size, mach_port_name_t receive_name,
                                mach_msg_timeout_t timeout, mach_port_name_t notify);

/* mach_msg_trap, retried after an interruption as Libc's mach_msg does. */
mach_msg_return_t mach_msg(mach_msg_header_t *message, mach_msg_option_t option, mach_msg_size_t send_size,
                           mach_msg_size_t receive_size, mach_port_name_t receive_name, mach_msg_timeout_t timeout,
                           mach_port_name_t notify);

/* The task's own port (task_self_trap, asked once) and the MIG reply port (mach_reply_port, once). */
mach_port_t mach_task_self(void);
mach_port_t mig_get_reply_port(void);

/* MIG client stubs: subsystem vm_map (3800) and mach_vm (4800). */
kern_return_t vm_allocate(vm_map_t target, vm_address_t *address, vm_size_t size, int flags);
kern_return_t vm_deallocate(vm_map_t target, vm_address_t address, vm_size_t size);
kern_return_t vm_protect(vm_map_t target, vm_address_t address, vm_size_t size, boolean_t set_maximum,
                         vm_prot_t new_protection);
kern_return_t mach_vm_allocate(vm_map_t target, mach_vm_address_t *address, mach_vm_size_t size, int flags);
kern_return_t mach_vm_deallocate(vm_map_t target, mach_vm_address_t address, mach_vm_size_t size);
kern_return_t mach_vm_protect(vm_map_t target, mach_vm_address_t address, mach_vm_size_t size,
                              boolean_t set_maximum, vm_prot_t new_protection);

#endif
