/*
 * Resident pages (osfmk/vm/vm_page.h): one struct vm_page per managed physical page, the free
 * list and the paging queues, the VP hash, and the thresholds of the reserved pool (§1).
 */
#ifndef VM_VM_PAGE_H
#define VM_VM_PAGE_H

#include "kern/queue.h"
#include "mach/vm_param.h"
#include "mach/vm_types.h"

struct vm_object;

struct vm_page {
  queue_chain_t pageq;       /* free list (next only, singly linked) or active/inactive queue */
  queue_chain_t listq;       /* the object's memq */
  struct vm_page *next;      /* VP hash bucket chain */
  struct vm_object *object;  /* NULL when free */
  vm_object_offset_t offset; /* all ones when free */
  unsigned int wire_count : 16,
      inactive : 1,
      active : 1,
      zero_fill : 1,
      laundry : 1,
      free : 1,
      reference : 1,
      pageout : 1,
      gobbled : 1,
      private_page : 1,
      fictitious : 1,
      busy : 1,
      wanted : 1,
      tabled : 1,
      absent : 1,
      error : 1,
      dirty : 1;
  unsigned int precious : 1,
      cleaning : 1,
      no_isync : 1, /* not yet instruction-synchronised (PowerPC): set on every grab */
      : 0;
  ppnum_t phys_page;
};
typedef struct vm_page *vm_page_t;
#define VM_PAGE_NULL ((vm_page_t)0)

/* A VP hash bucket: one pointer (§1.6). */
typedef struct vm_page_bucket {
  vm_page_t pages;
} vm_page_bucket_t;

/* §1.3: VM_PAGE_FREE_RESERVED(n) = 6 * VM_PAGE_LAUNDRY_MAX + n, computed when the pageout logic starts. */
#define VM_PAGE_LAUNDRY_MAX 16
#define VM_PAGE_FREE_RESERVED(processors) ((6 * VM_PAGE_LAUNDRY_MAX) + (processors))
#define VM_PAGE_FREE_MIN(free) (10 + (free) / 100)
#define VM_PAGE_FREE_TARGET(free) (15 + (free) / 80)

extern vm_page_t vm_page_queue_free;
extern unsigned int vm_page_free_count;
extern unsigned int vm_page_free_count_minimum;
extern unsigned int vm_page_free_wanted;
extern unsigned int vm_page_free_reserved;
extern unsigned int vm_page_free_min;
extern unsigned int vm_page_free_target;
extern unsigned int vm_page_free_count_init;
extern unsigned int vm_page_inactive_target;
extern unsigned int vm_page_active_count;
extern unsigned int vm_page_inactive_count;
extern unsigned int vm_page_wire_count;
extern queue_head_t vm_page_queue_active;
extern queue_head_t vm_page_queue_inactive;

extern vm_page_t vm_pages;
extern unsigned int vm_pages_count;
extern vm_page_bucket_t *vm_page_buckets;
extern unsigned int vm_page_bucket_count;
extern unsigned int vm_page_hash_mask;
extern unsigned int vm_page_bucket_hash;
extern unsigned int vm_page_bootstrap_free_pages;
extern uint64_t max_mem;

#define vm_page_hash(object, offset)                                                     \
  ((((uint32_t)(uintptr_t)(object)) * vm_page_bucket_hash +                              \
    ((uint32_t)((vm_object_offset_t)(offset) >> PAGE_SHIFT) ^ vm_page_bucket_hash)) &    \
   vm_page_hash_mask)

/* Both locks are no-ops: one processor, and threads switch only when they block. */
#define vm_page_lock_queues() ((void)0)
#define vm_page_unlock_queues() ((void)0)

void vm_page_bootstrap(vm_offset_t *startp, vm_offset_t *endp);
vm_offset_t pmap_steal_memory(vm_size_t size);
void vm_page_init(vm_page_t mem, ppnum_t phys_page);
vm_page_t vm_page_grab(void);
vm_page_t vm_page_grablo(void);
void vm_page_release(vm_page_t mem);
void vm_page_free(vm_page_t mem);
boolean_t vm_page_wait(int interruptible);
#define VM_PAGE_WAIT() ((void)vm_page_wait(0))
void vm_page_insert(vm_page_t mem, struct vm_object *object, vm_object_offset_t offset);
void vm_page_replace(vm_page_t mem, struct vm_object *object, vm_object_offset_t offset);
void vm_page_remove(vm_page_t mem);
vm_page_t vm_page_lookup(struct vm_object *object, vm_object_offset_t offset);
vm_page_t vm_page_alloc(struct vm_object *object, vm_object_offset_t offset);
vm_page_t vm_page_alloclo(struct vm_object *object, vm_object_offset_t offset);
void vm_page_wire(vm_page_t mem);
void vm_page_unwire(vm_page_t mem);
void vm_page_activate(vm_page_t mem);
void vm_page_deactivate(vm_page_t mem);
/* The vm_page of a managed physical page, or NULL. */
vm_page_t vm_page_for_phys(ppnum_t phys_page);

/* VM_PAGE_THROTTLED(): below free_min and not VM-privileged (§1.3). */
boolean_t vm_page_throttled(void);

#endif
