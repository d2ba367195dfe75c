/* Signals and process exit (bsd/kern/kern_exit.c, bsd/uxkern/ux_exception.c; bsd/kern_exit.c). */
#ifndef BSD_SIGNALS_H
#define BSD_SIGNALS_H

#include <stdint.h>
#include "kern/task.h"

/* Darwin's signal numbers (sys/signal.h). */
#define SIGILL 4
#define SIGTRAP 5
#define SIGBUS 10
#define SIGSEGV 11
#define SIGSYS 12

struct savearea;

/* exit(2): the process ends with status & 0xFF. */
__attribute__((noreturn)) void bsd_exit(task_t task, int status);
/* A signal whose default action ends the process (every one a fault sends): status 128 + signal. */
__attribute__((noreturn)) void bsd_signal_exit(task_t task, int signal, const struct savearea *ssp, uint32_t address);

#endif
