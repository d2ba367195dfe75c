/*
 * Virtual memory objects (osfmk/vm/vm_object.h, reduced): the pages resident in an object are
 * on its memq, in insertion order, with a hint for lookups; objects are reference counted and
 * their pages freed with the last reference. kernel_object backs wired kernel memory.
 */
#ifndef VM_VM_OBJECT_H
#define VM_VM_OBJECT_H

#include "kern/queue.h"
#include "mach/vm_types.h"
#include "vm/vm_page.h"

struct vm_object {
  queue_head_t memq;               /* resident pages, through vm_page.listq */
  struct vm_page *memq_hint;       /* last page looked up or inserted */
  vm_object_size_t size;
  int ref_count;
  unsigned int resident_page_count;
  struct vm_object *shadow;        /* copy-on-write source (issue 6) */
  vm_object_offset_t shadow_offset;
  unsigned int internal : 1,       /* anonymous memory created by the kernel */
      temporary : 1,
      : 0;
};
typedef struct vm_object *vm_object_t;
#define VM_OBJECT_NULL ((vm_object_t)0)

extern vm_object_t kernel_object;

#define vm_object_lock(object) ((void)(object))
#define vm_object_unlock(object) ((void)(object))

void vm_object_bootstrap(void);
vm_object_t vm_object_allocate(vm_object_size_t size);
void vm_object_reference(vm_object_t object);
void vm_object_deallocate(vm_object_t object);
/* Frees the object's resident pages in [start, end) (kernel_object ranges given back by kmem_free). */
void vm_object_page_remove(vm_object_t object, vm_object_offset_t start, vm_object_offset_t end);
/* vm_map_enter's coalescing: can prev_object grow by next_size to cover the next range (§3.3)? */
boolean_t vm_object_coalesce(vm_object_t prev_object, vm_object_t next_object, vm_object_offset_t prev_offset,
                             vm_object_offset_t next_offset, vm_object_size_t prev_size, vm_object_size_t next_size);
/* Objects allocated and not yet freed (for tests). */
extern unsigned int vm_object_count;

#endif
