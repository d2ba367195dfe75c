/*
 * panic (osfmk/kern/debug.c) with the register dump and backtrace xnu prints on PowerPC
 * (osfmk/ppc/model_dep.c, print_backtrace): the message, the registers of the panicking
 * context, then the return addresses found by following the stack's back chain (SVR4 ABI: the
 * word at a frame's address is the caller's stack pointer, and a function saves its return
 * address in the word after its caller's back chain), named from the kernel's symbol table.
 * The machine is then powered off with the status the loader asked for in the boot arguments.
 */
#include "kern/misc_protos.h"
#include "ppc/exception.h"
#include "ppc/proc_reg.h"
#include "ppc/savearea.h"

/* Set from the boot arguments; the loader's choice of exit status for a panic. */
uint32_t panic_power_status = 0xFFFFFFFFu;
static int panicking;

/* Saves the caller's registers into `state` (ppc/machine_routines_asm.S). */
extern void panic_save_context(struct savearea *state);

#define BACKTRACE_MAX 24
/* A frame is followed only while the chain climbs the stack by less than this. */
#define FRAME_MAX 0x10000

/*
 * One backtrace line. A return address is named by its call instruction (address - 4): after a
 * call to a function that never returns, the return address is already the next function.
 */
static void print_address(uint32_t address, int is_return_address) {
  uint32_t offset = 0;
  const char *name = symbol_lookup(address - (is_return_address ? 4 : 0), &offset);
  if (is_return_address) offset += 4;
  if (name != NULL) printf("  0x%08x  %s+0x%x\n", address, name, offset);
  else printf("  0x%08x  ?\n", address);
}

/* Valid kernel code address: inside the image's text, as the linker script marks it. */
extern char __kernel_text_start[], __kernel_text_end[], __vectors_start[], __vectors_end[];
static int code_address(uint32_t address) {
  return (address >= (uint32_t)__kernel_text_start && address < (uint32_t)__kernel_text_end) ||
         (address >= (uint32_t)__vectors_start && address < (uint32_t)__vectors_end);
}

/* Follows the back chain from the frame at `sp`, printing each saved return address. */
static void print_backtrace(uint32_t pc, uint32_t lr, uint32_t sp) {
  printf("backtrace (most recent call first):\n");
  print_address(pc, 0);
  /* A leaf function keeps its return address in LR only. */
  if (code_address(lr) && lr != pc) print_address(lr, 1);
  uint32_t frame = sp;
  for (int depth = 0; depth < BACKTRACE_MAX; depth++) {
    if ((frame & 7) != 0 || frame == 0) break;
    uint32_t caller = *(volatile uint32_t *)frame;
    if (caller <= frame || caller - frame > FRAME_MAX || (caller & 7) != 0) break;
    uint32_t return_address = *(volatile uint32_t *)(caller + 4);
    if (!code_address(return_address)) break;
    print_address(return_address, 1);
    frame = caller;
  }
}

static void print_registers(const struct savearea *s) {
  for (int i = 0; i < 32; i += 4) {
    printf("  r%-2d 0x%08x  r%-2d 0x%08x  r%-2d 0x%08x  r%-2d 0x%08x\n", i, s->save_r[i], i + 1, s->save_r[i + 1], i + 2,
           s->save_r[i + 2], i + 3, s->save_r[i + 3]);
  }
  printf("  srr0 0x%08x  srr1 0x%08x  lr  0x%08x  ctr   0x%08x\n", s->save_srr0, s->save_srr1, s->save_lr, s->save_ctr);
  printf("  cr   0x%08x  xer  0x%08x  dar 0x%08x  dsisr 0x%08x\n", s->save_cr, s->save_xer, s->save_dar, s->save_dsisr);
  printf("  msr  0x%08x  sdr1 0x%08x\n", mfmsr(), mfspr(SPR_SDR1));
}

static __attribute__((noreturn)) void panic_common(const struct savearea *state, const char *what, const char *format,
                                                   va_list ap) {
  if (panicking++) {
    printf("\npanic: double panic: ");
    vprintf(format, ap);
    printf("\n");
    halt_machine(panic_power_status);
  }
  printf("\npanic: ");
  vprintf(format, ap);
  printf("\n%s\n", what);
  print_registers(state);
  print_backtrace(state->save_srr0, state->save_lr, state->save_r[1]);
  halt_machine(panic_power_status);
}

void panic(const char *format, ...) {
  struct savearea state;
  panic_save_context(&state);
  va_list ap;
  va_start(ap, format);
  panic_common(&state, "registers at the call to panic:", format, ap);
}

void panic_with_state(const struct savearea *state, const char *format, ...) {
  char what[80];
  snprintf(what, sizeof what, "registers at the %s exception:", exception_name(state->save_exception));
  va_list ap;
  va_start(ap, format);
  panic_common(state, what, format, ap);
}
