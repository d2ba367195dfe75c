/*
 * Machine-dependent VM parameters (mach/ppc/vm_param.h, mach/vm_param.h): the page size and the
 * bounds of the kernel's and a 32-bit task's address spaces.
 */
#ifndef MACH_VM_PARAM_H
#define MACH_VM_PARAM_H

#include "mach/vm_types.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE (1u << PAGE_SHIFT)
#define PAGE_MASK (PAGE_SIZE - 1)

#define round_page(x) (((vm_offset_t)(x) + PAGE_MASK) & ~(vm_offset_t)PAGE_MASK)
#define trunc_page(x) ((vm_offset_t)(x) & ~(vm_offset_t)PAGE_MASK)
#define round_page_64(x) (((uint64_t)(x) + PAGE_MASK) & ~(uint64_t)PAGE_MASK)
#define atop(x) ((uint32_t)(x) >> PAGE_SHIFT)
#define ptoa(x) ((uint32_t)(x) << PAGE_SHIFT)
#define page_aligned(x) (((x) & PAGE_MASK) == 0)

/* The kernel map covers [VM_MIN_KERNEL_ADDRESS, trunc_page(VM_MAX_KERNEL_ADDRESS)). */
#define VM_MIN_KERNEL_ADDRESS ((vm_offset_t)0x00001000)
#define VM_MAX_KERNEL_ADDRESS ((vm_offset_t)0xDFFFFFFF)
/* Segments 0xE and 0xF of the kernel's space are the user-memory window (copyin/copyout). */
#define USER_MEMORY_WINDOW ((vm_offset_t)0xE0000000)

/* A 32-bit task's map (vm_compute_max_offset). */
#define VM_MIN_ADDRESS ((vm_offset_t)0)
#define VM_MAX_ADDRESS ((vm_offset_t)0xFFFFF000)

/* Kernel stacks (KERNEL_STACK_SIZE) and the per-processor interrupt stack. */
#define KERNEL_STACK_SIZE (16 * 1024)

#endif
