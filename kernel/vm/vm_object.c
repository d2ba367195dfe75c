/*
 * VM objects (osfmk/vm/vm_object.c, reduced to what anonymous kernel and task memory needs):
 * allocation, reference counting, the pages on memq, and kernel_object, the single object that
 * backs KMA_KOBJECT memory at offset = address - VM_MIN_KERNEL_ADDRESS.
 */
#include "vm/vm_object.h"

#include "kern/misc_protos.h"
#include "kern/zalloc.h"
#include "mach/vm_param.h"

static struct vm_object kernel_object_store;
vm_object_t kernel_object;
static zone_t vm_object_zone;
unsigned int vm_object_count;

static void vm_object_init(vm_object_t object, vm_object_size_t size) {
  bzero(object, sizeof *object);
  queue_init(&object->memq);
  object->size = size;
  object->ref_count = 1;
  object->internal = TRUE;
  object->temporary = TRUE;
}

void vm_object_bootstrap(void) {
  vm_object_zone = zinit(sizeof(struct vm_object), 4 * 1024 * 1024, PAGE_SIZE, "vm objects");
  kernel_object = &kernel_object_store;
  vm_object_init(kernel_object, (vm_object_size_t)VM_MAX_KERNEL_ADDRESS - VM_MIN_KERNEL_ADDRESS + 1);
}

vm_object_t vm_object_allocate(vm_object_size_t size) {
  vm_object_t object = zalloc(vm_object_zone);
  vm_object_init(object, size);
  vm_object_count++;
  return object;
}

void vm_object_reference(vm_object_t object) {
  if (object == VM_OBJECT_NULL) return;
  object->ref_count++;
}

/* The last reference is gone: free the pages and the object (vm_object_terminate). */
static void vm_object_terminate(vm_object_t object) {
  while (!queue_empty(&object->memq)) {
    vm_page_t page = queue_entry(object->memq.next, struct vm_page, listq);
    vm_page_free(page); /* removes it from the object and the VP hash, drops any wiring */
  }
  vm_object_t shadow = object->shadow;
  zfree(vm_object_zone, object);
  vm_object_count--;
  if (shadow != VM_OBJECT_NULL) vm_object_deallocate(shadow);
}

void vm_object_deallocate(vm_object_t object) {
  if (object == VM_OBJECT_NULL) return;
  if (object->ref_count <= 0) panic("vm_object_deallocate: object %p has no references", (void *)object);
  if (--object->ref_count > 0) return;
  if (object == kernel_object) panic("vm_object_deallocate: last reference to kernel_object");
  vm_object_terminate(object);
}

void vm_object_page_remove(vm_object_t object, vm_object_offset_t start, vm_object_offset_t end) {
  /* Few pages: look each up; many: walk memq once. */
  if ((end - start) / PAGE_SIZE < object->resident_page_count / 16 + 1) {
    for (vm_object_offset_t offset = start; offset < end; offset += PAGE_SIZE) {
      vm_page_t page = vm_page_lookup(object, offset);
      if (page != VM_PAGE_NULL) vm_page_free(page);
    }
    return;
  }
  queue_entry_t e = object->memq.next;
  while (e != &object->memq) {
    vm_page_t page = queue_entry(e, struct vm_page, listq);
    e = e->next;
    if (page->offset >= start && page->offset < end) vm_page_free(page);
  }
}

/*
 * vm_object_coalesce (xnu-792, for anonymous memory with no next object): an object used by one
 * entry only, with no shadow, can simply grow; any stale pages in the range it grows over (left
 * by an earlier deallocation of that range) are freed first, so the new range reads zero.
 */
boolean_t vm_object_coalesce(vm_object_t prev_object, vm_object_t next_object, vm_object_offset_t prev_offset,
                             vm_object_offset_t next_offset, vm_object_size_t prev_size, vm_object_size_t next_size) {
  (void)next_offset;
  if (next_object != VM_OBJECT_NULL) return FALSE;
  if (prev_object == VM_OBJECT_NULL) return TRUE;
  if (prev_object->ref_count > 1 || prev_object->shadow != VM_OBJECT_NULL || prev_object == kernel_object) return FALSE;
  vm_object_page_remove(prev_object, prev_offset + prev_size, prev_offset + prev_size + next_size);
  vm_object_size_t newsize = prev_offset + prev_size + next_size;
  if (newsize > prev_object->size) prev_object->size = newsize;
  return TRUE;
}
