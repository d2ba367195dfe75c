/*
 * MIG client stubs for the six VM routines user code calls (docs/user-abi.md §4): each builds
 * the request 10.4's MIG-generated vm_mapUser.c / mach_vmUser.c builds, sends it to the task
 * port with mach_msg (send and receive on the reply port in one trap), and checks the reply as
 * those stubs do. Structures are packed to 4 bytes, as MIG packs them, so 64-bit fields follow
 * 32-bit ones without padding.
 */
#include "mach.h"

#define VM_MAP_SUBSYSTEM 3800
#define MACH_VM_SUBSYSTEM 4800
#define REPLY_ID(request) ((request) + 100)

#pragma pack(push, 4)
typedef struct {
  mach_msg_header_t Head;
  NDR_record_t NDR;
  kern_return_t RetCode;
} mig_reply_error_t;

/* Replies as received: the body, then the trailer the kernel appends (counted in the receive size). */
typedef struct {
  mach_msg_header_t Head;
  NDR_record_t NDR;
  kern_return_t RetCode;
  vm_address_t address;
  mach_msg_trailer_t trailer;
} vm_allocate_reply_t;

typedef struct {
  mach_msg_header_t Head;
  NDR_record_t NDR;
  kern_return_t RetCode;
  mach_vm_address_t address;
  mach_msg_trailer_t trailer;
} mach_vm_allocate_reply_t;

typedef struct {
  mach_msg_header_t Head;
  NDR_record_t NDR;
  kern_return_t RetCode;
  mach_msg_trailer_t trailer;
} return_code_reply_t;

typedef struct {
  mach_msg_header_t Head;
  NDR_record_t NDR;
  vm_address_t address;
  vm_size_t size;
  int flags;
} vm_allocate_request_t;

typedef struct {
  mach_msg_header_t Head;
  NDR_record_t NDR;
  vm_address_t address;
  vm_size_t size;
} vm_deallocate_request_t;

typedef struct {
  mach_msg_header_t Head;
  NDR_record_t NDR;
  vm_address_t address;
  vm_size_t size;
  boolean_t set_maximum;
  vm_prot_t new_protection;
} vm_protect_request_t;

typedef struct {
  mach_msg_header_t Head;
  NDR_record_t NDR;
  mach_vm_address_t address;
  mach_vm_size_t size;
  int flags;
} mach_vm_allocate_request_t;

typedef struct {
  mach_msg_header_t Head;
  NDR_record_t NDR;
  mach_vm_address_t address;
  mach_vm_size_t size;
} mach_vm_deallocate_request_t;

typedef struct {
  mach_msg_header_t Head;
  NDR_record_t NDR;
  mach_vm_address_t address;
  mach_vm_size_t size;
  boolean_t set_maximum;
  vm_prot_t new_protection;
} mach_vm_protect_request_t;
#pragma pack(pop)

/* The layout of docs/user-abi.md §4, checked at compile time. */
#define LAYOUT(type, field, offset) _Static_assert(__builtin_offsetof(type, field) == (offset), #type "." #field)
_Static_assert(sizeof(mach_msg_header_t) == 24, "header");
_Static_assert(sizeof(NDR_record_t) == 8, "NDR");
_Static_assert(sizeof(mig_reply_error_t) == 36, "error reply");
LAYOUT(vm_allocate_request_t, address, 32);
LAYOUT(vm_allocate_request_t, flags, 40);
_Static_assert(sizeof(vm_allocate_request_t) == 44, "vm_allocate request");
_Static_assert(sizeof(vm_deallocate_request_t) == 40, "vm_deallocate request");
LAYOUT(vm_protect_request_t, new_protection, 44);
_Static_assert(sizeof(vm_protect_request_t) == 48, "vm_protect request");
LAYOUT(mach_vm_allocate_request_t, size, 40);
LAYOUT(mach_vm_allocate_request_t, flags, 48);
_Static_assert(sizeof(mach_vm_allocate_request_t) == 52, "mach_vm_allocate request");
_Static_assert(sizeof(mach_vm_deallocate_request_t) == 48, "mach_vm_deallocate request");
LAYOUT(mach_vm_protect_request_t, new_protection, 52);
_Static_assert(sizeof(mach_vm_protect_request_t) == 56, "mach_vm_protect request");
LAYOUT(vm_allocate_reply_t, address, 36);
_Static_assert(sizeof(vm_allocate_reply_t) == 48, "vm_allocate reply + trailer");
LAYOUT(mach_vm_allocate_reply_t, address, 36);
_Static_assert(sizeof(mach_vm_allocate_reply_t) == 52, "mach_vm_allocate reply + trailer");
_Static_assert(sizeof(return_code_reply_t) == 44, "return-code reply + trailer");

/* The header of every request: copy-send the task port, make a send-once right for the reply. */
static void fill_request_header(mach_msg_header_t *head, vm_map_t target, mach_msg_size_t size, mach_msg_id_t id) {
  head->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
  /* MIG passes the size only as mach_msg's argument; the kernel takes it from there. It is
   * stored here too so a request's bytes never depend on what the stack held before. */
  head->msgh_size = size;
  head->msgh_remote_port = target;
  head->msgh_local_port = mig_get_reply_port();
  head->msgh_reserved = 0;
  head->msgh_id = id;
}

/*
 * The checks MIG's stubs make on a reply (with type checking on): the id must be the request's
 * plus 100 (the send-once notification means the server died), the message simple, and its
 * size that of the full reply, or that of an error reply carrying a failure code.
 */
static kern_return_t check_reply(const mach_msg_header_t *head, mach_msg_id_t request_id, mach_msg_size_t full_size) {
  if (head->msgh_id != REPLY_ID(request_id)) {
    return head->msgh_id == MACH_NOTIFY_SEND_ONCE ? MIG_SERVER_DIED : MIG_REPLY_MISMATCH;
  }
  const mig_reply_error_t *reply = (const mig_reply_error_t *)head;
  if ((head->msgh_bits & MACH_MSGH_BITS_COMPLEX) != 0) return MIG_TYPE_ERROR;
  if (head->msgh_size != full_size &&
      (head->msgh_size != sizeof(mig_reply_error_t) || reply->RetCode == KERN_SUCCESS)) {
    return MIG_TYPE_ERROR;
  }
  return reply->RetCode;
}

/*
 * Sends the request in `message`, receives the reply into the same buffer (receive_size includes
 * the trailer the kernel appends) and checks it: the mach_msg error, or the reply's code.
 */
static kern_return_t transact(mach_msg_header_t *message, mach_msg_size_t send_size, mach_msg_size_t receive_size) {
  mach_msg_id_t id = message->msgh_id;
  mach_msg_return_t result = mach_msg(message, MACH_SEND_MSG | MACH_RCV_MSG, send_size, receive_size,
                                      message->msgh_local_port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
  if (result != MACH_MSG_SUCCESS) return result;
  return check_reply(message, id, receive_size - sizeof(mach_msg_trailer_t));
}

kern_return_t vm_allocate(vm_map_t target, vm_address_t *address, vm_size_t size, int flags) {
  const mach_msg_id_t id = VM_MAP_SUBSYSTEM + 1;
  union {
    vm_allocate_request_t in;
    vm_allocate_reply_t out;
  } message;
  fill_request_header(&message.in.Head, target, sizeof message.in, id);
  message.in.NDR = NDR_record;
  message.in.address = *address;
  message.in.size = size;
  message.in.flags = flags;
  kern_return_t code = transact(&message.in.Head, sizeof message.in, sizeof message.out);
  if (code != KERN_SUCCESS) return code;
  *address = message.out.address;
  return KERN_SUCCESS;
}

kern_return_t vm_deallocate(vm_map_t target, vm_address_t address, vm_size_t size) {
  const mach_msg_id_t id = VM_MAP_SUBSYSTEM + 2;
  union {
    vm_deallocate_request_t in;
    return_code_reply_t out;
  } message;
  fill_request_header(&message.in.Head, target, sizeof message.in, id);
  message.in.NDR = NDR_record;
  message.in.address = address;
  message.in.size = size;
  return transact(&message.in.Head, sizeof message.in, sizeof message.out);
}

kern_return_t vm_protect(vm_map_t target, vm_address_t address, vm_size_t size, boolean_t set_maximum,
                         vm_prot_t new_protection) {
  const mach_msg_id_t id = VM_MAP_SUBSYSTEM + 3;
  union {
    vm_protect_request_t in;
    return_code_reply_t out;
  } message;
  fill_request_header(&message.in.Head, target, sizeof message.in, id);
  message.in.NDR = NDR_record;
  message.in.address = address;
  message.in.size = size;
  message.in.set_maximum = set_maximum;
  message.in.new_protection = new_protection;
  return transact(&message.in.Head, sizeof message.in, sizeof message.out);
}

kern_return_t mach_vm_allocate(vm_map_t target, mach_vm_address_t *address, mach_vm_size_t size, int flags) {
  const mach_msg_id_t id = MACH_VM_SUBSYSTEM + 0;
  union {
    mach_vm_allocate_request_t in;
    mach_vm_allocate_reply_t out;
  } message;
  fill_request_header(&message.in.Head, target, sizeof message.in, id);
  message.in.NDR = NDR_record;
  message.in.address = *address;
  message.in.size = size;
  message.in.flags = flags;
  kern_return_t code = transact(&message.in.Head, sizeof message.in, sizeof message.out);
  if (code != KERN_SUCCESS) return code;
  *address = message.out.address;
  return KERN_SUCCESS;
}

kern_return_t mach_vm_deallocate(vm_map_t target, mach_vm_address_t address, mach_vm_size_t size) {
  const mach_msg_id_t id = MACH_VM_SUBSYSTEM + 1;
  union {
    mach_vm_deallocate_request_t in;
    return_code_reply_t out;
  } message;
  fill_request_header(&message.in.Head, target, sizeof message.in, id);
  message.in.NDR = NDR_record;
  message.in.address = address;
  message.in.size = size;
  return transact(&message.in.Head, sizeof message.in, sizeof message.out);
}

kern_return_t mach_vm_protect(vm_map_t target, mach_vm_address_t address, mach_vm_size_t size,
                              boolean_t set_maximum, vm_prot_t new_protection) {
  const mach_msg_id_t id = MACH_VM_SUBSYSTEM + 2;
  union {
    mach_vm_protect_request_t in;
    return_code_reply_t out;
  } message;
  fill_request_header(&message.in.Head, target, sizeof message.in, id);
  message.in.NDR = NDR_record;
  message.in.address = address;
  message.in.size = size;
  message.in.set_maximum = set_maximum;
  message.in.new_protection = new_protection;
  return transact(&message.in.Head, sizeof message.in, sizeof message.out);
}
