/* exec of the program the loader placed in the boot area (bsd/kern_exec.c). */
#ifndef BSD_KERN_EXEC_H
#define BSD_KERN_EXEC_H

/* Execs the boot program and enters user mode; does not return (exit status 126 if exec fails). */
__attribute__((noreturn)) void load_init_program(void);

#endif
