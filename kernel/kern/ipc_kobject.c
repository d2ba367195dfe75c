/*
 * mach_msg (osfmk/ipc/mach_msg.c) and the kernel objects behind ports (osfmk/kern/ipc_kobject.c),
 * reduced to what 10.4's VM calls need (docs/user-abi.md §3-§4): a message sent to the task port
 * is a MIG request for subsystem vm_map (3800) or mach_vm (4800); the server runs the routine on
 * the task's map and queues the reply, id + 100, on the reply port the request named, where the
 * receive half of the same mach_msg call (or a later one) picks it up with its trailer.
 */
#include "kern/ipc_kobject.h"

#include "kern/misc_protos.h"
#include "ppc/copyio.h"
#include "vm/vm_user.h"

/* mach/message.h */
#define MACH_SEND_MSG 0x1u
#define MACH_RCV_MSG 0x2u
#define MACH_RCV_TIMEOUT 0x100u
#define MACH_MSGH_BITS_COMPLEX 0x80000000u
#define MACH_MSG_TYPE_PORT_SEND_ONCE 18u
#define MACH_MSG_TYPE_MAKE_SEND_ONCE 21u
#define MACH_MSG_SUCCESS 0u
#define MACH_SEND_INVALID_DATA 0x10000002u
#define MACH_SEND_INVALID_DEST 0x10000003u
#define MACH_SEND_MSG_TOO_SMALL 0x10000008u
#define MACH_SEND_INVALID_REPLY 0x10000009u
#define MACH_SEND_TOO_LARGE 0x1000000Eu
#define MACH_RCV_INVALID_NAME 0x10004002u
#define MACH_RCV_TIMED_OUT 0x10004003u
#define MACH_RCV_TOO_LARGE 0x10004004u
#define MACH_RCV_INVALID_DATA 0x10004008u
/* mach/mig_errors.h */
#define MIG_BAD_ID (-303)
#define MIG_BAD_ARGUMENTS (-304)

#define HEADER_SIZE 24
#define BODY 32 /* after the header and the NDR record */
#define TRAILER_SIZE 8
#define REQUEST_MAX 256

static uint32_t get32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static uint64_t get64(const uint8_t *p) {
  return (uint64_t)get32(p) << 32 | get32(p + 4);
}
static void put32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}
static void put64(uint8_t *p, uint64_t v) {
  put32(p, (uint32_t)(v >> 32));
  put32(p + 4, (uint32_t)v);
}

/* Request sizes of the six routines (docs/user-abi.md §4.1). */
static uint32_t request_size(int32_t id) {
  switch (id) {
    case 3801: return 44;
    case 3802: return 40;
    case 3803: return 48;
    case 4800: return 52;
    case 4801: return 48;
    case 4802: return 56;
    default: return 0;
  }
}

/*
 * The MIG server (vm_map_server / mach_vm_server): runs the routine and writes the reply body
 * from offset 32 (RetCode, then the out address on success); returns the reply's msgh_size.
 */
static uint32_t vm_server(task_t task, int32_t id, const uint8_t *request, uint32_t size, uint8_t *reply) {
  uint32_t expected = request_size(id);
  kern_return_t kr;
  if (expected == 0) {
    kr = MIG_BAD_ID;
  } else if ((get32(request) & MACH_MSGH_BITS_COMPLEX) != 0 || size != expected) {
    kr = MIG_BAD_ARGUMENTS;
  } else {
    vm_map_t map = task->map;
    const uint8_t *b = request + BODY;
    switch (id) {
      case 3801: {
        vm_offset_t address = get32(b);
        kr = vm_allocate(map, &address, get32(b + 4), (int)get32(b + 8));
        if (kr == KERN_SUCCESS) {
          put32(reply + BODY, KERN_SUCCESS);
          put32(reply + BODY + 4, address);
          return BODY + 8;
        }
        break;
      }
      case 3802:
        kr = vm_deallocate(map, get32(b), get32(b + 4));
        break;
      case 3803:
        kr = vm_protect(map, get32(b), get32(b + 4), get32(b + 8) != 0, (vm_prot_t)get32(b + 12));
        break;
      case 4800: {
        uint64_t address = get64(b);
        kr = mach_vm_allocate(map, &address, get64(b + 8), (int)get32(b + 16));
        if (kr == KERN_SUCCESS) {
          put32(reply + BODY, KERN_SUCCESS);
          put64(reply + BODY + 4, address);
          return BODY + 12;
        }
        break;
      }
      case 4801:
        kr = mach_vm_deallocate(map, get64(b), get64(b + 8), 0);
        break;
      default: /* 4802 */
        kr = mach_vm_protect(map, get64(b), get64(b + 8), get32(b + 16) != 0, (vm_prot_t)get32(b + 20), 0);
        break;
    }
  }
  put32(reply + BODY, (uint32_t)kr);
  return BODY + 4;
}

static uint32_t mach_msg_send(task_t task, uint32_t msg, uint32_t send_size) {
  uint8_t request[REQUEST_MAX];
  if (send_size < HEADER_SIZE || (send_size & 3) != 0) return MACH_SEND_MSG_TOO_SMALL;
  if (send_size > REQUEST_MAX) return MACH_SEND_TOO_LARGE;
  if (copyin(msg, request, send_size) != 0) return MACH_SEND_INVALID_DATA;
  uint32_t bits = get32(request);
  mach_port_name_t remote = get32(request + 8), local = get32(request + 12);
  int32_t id = (int32_t)get32(request + 20);
  struct ipc_entry *destination = ipc_entry_lookup(&task->itk_space, remote);
  if (destination == NULL) return MACH_SEND_INVALID_DEST;
  struct ipc_entry *reply_port = NULL;
  if (local != MACH_PORT_NULL) {
    reply_port = ipc_entry_lookup(&task->itk_space, local);
    if (reply_port == NULL || reply_port->type != IKOT_RECEIVE) return MACH_SEND_INVALID_REPLY;
  }

  if (destination->type == IKOT_RECEIVE) {
    /* A message to one of the task's own ports waits there; the receiver sees it with no reply right. */
    if (destination->queued_size != 0 || send_size > IPC_QUEUED_MESSAGE_MAX) return MACH_SEND_TOO_LARGE;
    memcpy(destination->queued, request, send_size);
    put32(destination->queued, (bits & 0xFF) << 8);
    put32(destination->queued + 4, send_size);
    put32(destination->queued + 8, MACH_PORT_NULL);
    put32(destination->queued + 12, remote);
    destination->queued_size = send_size;
    return MACH_MSG_SUCCESS;
  }

  /* A kernel object: the task port serves the VM subsystems; other ports answer MIG_BAD_ID. */
  uint8_t reply[IPC_QUEUED_MESSAGE_MAX];
  memset(reply, 0, sizeof reply);
  uint32_t reply_size;
  if (destination->type == IKOT_TASK) {
    reply_size = vm_server(task, id, request, send_size, reply);
  } else {
    put32(reply + BODY, (uint32_t)MIG_BAD_ID);
    reply_size = BODY + 4;
  }
  if (reply_port == NULL) return MACH_MSG_SUCCESS; /* nobody to answer */
  put32(reply, MACH_MSG_TYPE_PORT_SEND_ONCE << 8); /* as received: no reply right, local = send-once */
  put32(reply + 4, reply_size);
  put32(reply + 8, MACH_PORT_NULL);
  put32(reply + 12, local);
  put32(reply + 16, 0);
  put32(reply + 20, (uint32_t)(id + 100));
  /* 24-31: the NDR record, all zero on PowerPC. */
  memcpy(reply_port->queued, reply, reply_size);
  reply_port->queued_size = reply_size;
  return MACH_MSG_SUCCESS;
}

static uint32_t mach_msg_receive(task_t task, uint32_t msg, uint32_t option, uint32_t rcv_size, uint32_t rcv_name) {
  struct ipc_entry *port = ipc_entry_lookup(&task->itk_space, rcv_name);
  if (port == NULL || port->type != IKOT_RECEIVE) return MACH_RCV_INVALID_NAME;
  /* One thread and nothing else that sends: an empty queue will stay empty. */
  if (port->queued_size == 0) return MACH_RCV_TIMED_OUT;
  (void)option;
  uint32_t size = port->queued_size;
  port->queued_size = 0;
  if (size + TRAILER_SIZE > rcv_size) return MACH_RCV_TOO_LARGE; /* the message is destroyed */
  uint8_t message[IPC_QUEUED_MESSAGE_MAX + TRAILER_SIZE];
  memcpy(message, port->queued, size);
  put32(message + size, 0);                /* MACH_MSG_TRAILER_FORMAT_0 */
  put32(message + size + 4, TRAILER_SIZE); /* msgh_trailer_size */
  if (copyout(message, msg, size + TRAILER_SIZE) != 0) return MACH_RCV_INVALID_DATA;
  return MACH_MSG_SUCCESS;
}

uint32_t mach_msg_trap(task_t task, uint32_t msg, uint32_t option, uint32_t send_size, uint32_t rcv_size,
                       uint32_t rcv_name, uint32_t rcv_msg) {
  if ((option & MACH_SEND_MSG) != 0) {
    uint32_t result = mach_msg_send(task, msg, send_size);
    if (result != MACH_MSG_SUCCESS) return result;
  }
  if ((option & MACH_RCV_MSG) != 0) return mach_msg_receive(task, rcv_msg != 0 ? rcv_msg : msg, option, rcv_size, rcv_name);
  return MACH_MSG_SUCCESS;
}
