/*
 * Basic Mach VM types for 32-bit PowerPC (mach/ppc/vm_types.h, mach/vm_prot.h,
 * mach/vm_inherit.h, mach/boolean.h).
 */
#ifndef MACH_VM_TYPES_H
#define MACH_VM_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef int boolean_t;
#define TRUE 1
#define FALSE 0

typedef uint32_t vm_offset_t;
typedef uint32_t vm_address_t;
typedef uint32_t vm_size_t;
typedef uint32_t vm_map_offset_t;
typedef uint32_t vm_map_size_t;
typedef uint64_t vm_object_offset_t;
typedef uint64_t vm_object_size_t;
/* A physical page number: physical address >> PAGE_SHIFT. */
typedef uint32_t ppnum_t;
typedef uint64_t addr64_t;
typedef void *event_t;

typedef int vm_prot_t;
#define VM_PROT_NONE 0x0
#define VM_PROT_READ 0x1
#define VM_PROT_WRITE 0x2
#define VM_PROT_EXECUTE 0x4
#define VM_PROT_DEFAULT (VM_PROT_READ | VM_PROT_WRITE)
#define VM_PROT_ALL (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXECUTE)

typedef unsigned int vm_inherit_t;
#define VM_INHERIT_SHARE 0
#define VM_INHERIT_COPY 1
#define VM_INHERIT_NONE 2
#define VM_INHERIT_DEFAULT VM_INHERIT_COPY

typedef int vm_behavior_t;
#define VM_BEHAVIOR_DEFAULT 0

#endif
