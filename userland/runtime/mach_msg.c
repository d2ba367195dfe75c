/*
 * mach_msg and the two ports every MIG call needs (docs/user-abi.md §3).
 */
#include "mach.h"

/* NDR_record: big-endian integers, ASCII, IEEE floats: all zero on PowerPC (mach/ndr.h). */
const NDR_record_t NDR_record = {0, 0, 0, 0, 0, 0, 0, 0};

static mach_port_t task_self_port;
static mach_port_t reply_port;

mach_port_t mach_task_self(void) {
  if (task_self_port == MACH_PORT_NULL) task_self_port = task_self_trap();
  return task_self_port;
}

/* Libc keeps one reply port per thread, made on first use; this runtime has one thread. */
mach_port_t mig_get_reply_port(void) {
  if (reply_port == MACH_PORT_NULL) reply_port = mach_reply_port();
  return reply_port;
}

/*
 * An interrupted send is sent again, an interrupted receive is received again without sending,
 * unless the caller asked to see interruptions (MACH_SEND_INTERRUPT / MACH_RCV_INTERRUPT).
 */
mach_msg_return_t mach_msg(mach_msg_header_t *message, mach_msg_option_t option, mach_msg_size_t send_size,
                           mach_msg_size_t receive_size, mach_port_name_t receive_name, mach_msg_timeout_t timeout,
                           mach_port_name_t notify) {
  mach_msg_return_t result =
      mach_msg_trap(message, option, send_size, receive_size, receive_name, timeout, notify);
  if (result == MACH_MSG_SUCCESS) return result;
  if ((option & MACH_SEND_INTERRUPT) == 0) {
    while (result == MACH_SEND_INTERRUPTED) {
      result = mach_msg_trap(message, option, send_size, receive_size, receive_name, timeout, notify);
    }
  }
  if ((option & MACH_RCV_INTERRUPT) == 0) {
    while (result == MACH_RCV_INTERRUPTED) {
      result = mach_msg_trap(message, option & ~MACH_SEND_MSG, 0, receive_size, receive_name, timeout, notify);
    }
  }
  return result;
}
