/*
 * Per-processor data (osfmk/ppc/exception.h, struct per_proc_info). SPRG0 holds its address,
 * which is also its physical address because the kernel's data is mapped V=R, so the
 * exception vectors find it with translation off.
 */
#ifndef PPC_EXCEPTION_H
#define PPC_EXCEPTION_H

#include <stdint.h>
#include "ppc/asm_offsets.h"
#include "ppc/savearea.h"

struct thread;
struct pmap;

/* One nesting level of the real-mode exception path: its savearea and its C stack. */
struct real_save_slot {
  struct savearea save;
  uint8_t stack[REAL_SAVE_STRIDE - SAVE_SIZE];
};

/* Counters of the low-level memory-fault path, for tests and the issue-6 fault counter. */
struct pf_counters {
  uint32_t dsi;           /* DSI exceptions taken */
  uint32_t isi;           /* ISI exceptions taken */
  uint32_t segment_miss;  /* faults resolved by loading a segment register */
  uint32_t pte_fill;      /* PTEs built by handlePF */
  uint32_t pte_steal;     /* live PTEs stolen to make room */
  uint32_t passup;        /* faults handlePF could not resolve, passed to trap() */
  uint32_t redrive;       /* handlePF runs on the exit path after trap() resolved a fault */
};

struct per_proc_info {
  uint32_t save_depth;          /* PP_SAVE_DEPTH: real-mode save slots in use */
  uint32_t scratch;             /* PP_SCRATCH */
  struct thread *active_thread; /* PP_ACTIVE_THREAD */
  uint32_t scratch_cr;          /* PP_SCRATCH_CR: the interrupted CR, saved first thing */
  struct pmap *user_pmap;       /* the pmap of the user space the thread runs in (issue 6) */
  uint32_t user_segments;       /* non-zero while the segment registers hold user segments */
  uint32_t user_window_segment; /* user segment copyin/copyout see at 0xE0000000, or USER_WINDOW_NONE */
  struct pf_counters pf;
  uint32_t pad[(PP_SAVES - 28 - sizeof(struct pf_counters)) / 4];
  struct real_save_slot saves[REAL_SAVE_DEPTH]; /* PP_SAVES */
};

#define USER_WINDOW_NONE 0xFFFFFFFFu

extern struct per_proc_info per_proc_info;

static inline struct per_proc_info *getPerProc(void) {
  return &per_proc_info;
}

#endif
