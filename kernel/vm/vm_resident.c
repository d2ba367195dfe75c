/*
 * Resident memory management (osfmk/vm/vm_resident.c, xnu-792; spec §1): the vm_page array and
 * the LIFO free list, the reserved pool and VM-privileged threads, vm_page_grab / release /
 * free / wait, the virtual-to-physical (VP) hash and the object page operations.
 */
#include "kern/misc_protos.h"
#include "kern/sched_prim.h"
#include "kern/thread.h"
#include "ppc/pmap.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"
#include "vm/vm_page.h"

/* The free list: a LIFO stack through pageq.next, and its counters (§1.3). */
vm_page_t vm_page_queue_free;
unsigned int vm_page_free_count;
unsigned int vm_page_free_count_minimum;
unsigned int vm_page_free_wanted;
/* Thresholds: zero until the pageout logic starts (vm_pageout.c), so early boot never hits them. */
unsigned int vm_page_free_reserved;
unsigned int vm_page_free_min;
unsigned int vm_page_free_target;
unsigned int vm_page_free_count_init;
unsigned int vm_page_inactive_target;

queue_head_t vm_page_queue_active;
queue_head_t vm_page_queue_inactive;
unsigned int vm_page_active_count;
unsigned int vm_page_inactive_count;
unsigned int vm_page_wire_count;

static struct vm_page vm_page_template;

vm_page_t vm_pages;
unsigned int vm_pages_count;

/* The VP hash (§1.6). */
vm_page_bucket_t *vm_page_buckets;
unsigned int vm_page_bucket_count;
unsigned int vm_page_hash_mask;
unsigned int vm_page_bucket_hash;
unsigned int vm_page_hash_shift; /* computed as xnu does, never used (§1.6) */
/* pmap_free_pages() when the bucket array was sized. */
unsigned int vm_page_bootstrap_free_pages;

uint64_t max_mem;

/*
 * The layout of struct vm_page, for debuggers and the host-side tests (docs/kernel.md): byte
 * offsets of pageq.next and phys_page, and where the `free` bit is.
 */
struct vm_page_layout {
  uint32_t size;
  uint32_t pageq_next;
  uint32_t phys_page;
  uint32_t free_word; /* byte offset of the 32-bit word holding `free` */
  uint32_t free_mask;
} vm_page_layout;

static void vm_page_layout_init(void) {
  union {
    struct vm_page page;
    uint32_t words[sizeof(struct vm_page) / 4];
  } probe;
  bzero(&probe, sizeof probe);
  probe.page.free = TRUE;
  vm_page_layout.size = sizeof(struct vm_page);
  vm_page_layout.pageq_next = offsetof(struct vm_page, pageq.next);
  vm_page_layout.phys_page = offsetof(struct vm_page, phys_page);
  for (uint32_t i = 0; i < sizeof probe.words / 4; i++) {
    if (probe.words[i] != 0) {
      vm_page_layout.free_word = i * 4;
      vm_page_layout.free_mask = probe.words[i];
    }
  }
}

/* Virtual space handed out by pmap_steal_memory before the VM is up. */
static vm_offset_t virtual_space_start;
static vm_offset_t virtual_space_end;

void vm_page_init(vm_page_t mem, ppnum_t phys_page) {
  *mem = vm_page_template;
  mem->phys_page = phys_page;
}

/*
 * Takes boot-time memory: virtual addresses from virtual_space_start, physical pages from
 * pmap_next_page, entered in the kernel pmap as ordinary mappings. Both start at the same
 * address on PowerPC, so the stolen memory is V=R.
 */
vm_offset_t pmap_steal_memory(vm_size_t size) {
  size = (size + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
  if (virtual_space_start == virtual_space_end) {
    pmap_virtual_space(&virtual_space_start, &virtual_space_end);
    virtual_space_start = round_page(virtual_space_start);
    virtual_space_end = trunc_page(virtual_space_end);
  }
  vm_offset_t addr = virtual_space_start;
  virtual_space_start += size;
  for (vm_offset_t vaddr = round_page(addr); vaddr < addr + size; vaddr += PAGE_SIZE) {
    ppnum_t phys_page;
    if (!pmap_next_page(&phys_page)) panic("pmap_steal_memory: out of physical pages");
    if (ptoa(phys_page) != vaddr) panic("pmap_steal_memory: page 0x%x is not V=R at 0x%08x", phys_page, vaddr);
    pmap_enter(kernel_pmap, vaddr, phys_page, VM_PROT_READ | VM_PROT_WRITE, VM_WIMG_USE_DEFAULT, FALSE);
    vm_page_wire_count++;
  }
  return addr;
}

/* §1.2 step 3: a vm_page for every page pmap_next_page hands out, released in reverse order. */
static void pmap_startup(vm_offset_t *startp, vm_offset_t *endp) {
  unsigned int npages = (unsigned int)(((uint64_t)pmap_free_pages() * PAGE_SIZE) / (PAGE_SIZE + sizeof(struct vm_page)));
  vm_pages = (vm_page_t)pmap_steal_memory(npages * sizeof(struct vm_page));

  unsigned int initialized = 0;
  for (unsigned int i = 0; i < npages; i++) {
    ppnum_t phys_page;
    if (!pmap_next_page(&phys_page)) break;
    vm_page_init(&vm_pages[i], phys_page);
    initialized++;
  }
  vm_pages_count = initialized;

  /* Release in reverse: the LIFO list then hands out ascending physical pages (§1.2 step 4). */
  for (unsigned int i = initialized; i > 0; i--) vm_page_release(&vm_pages[i - 1]);

  *startp = virtual_space_start;
  *endp = virtual_space_end;
}

void vm_page_bootstrap(vm_offset_t *startp, vm_offset_t *endp) {
  vm_page_layout_init();
  vm_page_t m = &vm_page_template;
  bzero(m, sizeof *m);
  m->object = VM_OBJECT_NULL;
  m->offset = (vm_object_offset_t)-1;
  m->busy = TRUE;
  m->no_isync = TRUE;
  m->phys_page = 0;

  vm_page_queue_free = VM_PAGE_NULL;
  queue_init(&vm_page_queue_active);
  queue_init(&vm_page_queue_inactive);
  vm_page_free_wanted = 0;

  /* Memory for the kernel map-entry zone (§1.2 step 1). */
  vm_map_steal_memory();

  /* The VP hash: one bucket per managed page, rounded up to a power of two (§1.6). */
  vm_page_bootstrap_free_pages = pmap_free_pages();
  if (vm_page_bucket_count == 0) {
    unsigned int npages = vm_page_bootstrap_free_pages;
    vm_page_bucket_count = 1;
    while (vm_page_bucket_count < npages) vm_page_bucket_count <<= 1;
  }
  vm_page_hash_mask = vm_page_bucket_count - 1;
  unsigned int log2 = 0;
  while ((1u << log2) < vm_page_bucket_count) log2++;
  vm_page_bucket_hash = (1u << ((log2 + 1) / 2)) | (1u << ((log2 + 1) / 4)) | 1;
  vm_page_hash_shift = log2;
  vm_page_buckets = (vm_page_bucket_t *)pmap_steal_memory(vm_page_bucket_count * sizeof(vm_page_bucket_t));
  for (unsigned int i = 0; i < vm_page_bucket_count; i++) vm_page_buckets[i].pages = VM_PAGE_NULL;

  pmap_startup(&virtual_space_start, &virtual_space_end);
  virtual_space_start = round_page(virtual_space_start);
  virtual_space_end = trunc_page(virtual_space_end);
  *startp = virtual_space_start;
  *endp = virtual_space_end;

  /* Everything not on the free list counts as wired (§1.2 step 5). */
  vm_page_wire_count = atop(max_mem) - vm_page_free_count;
  vm_page_free_count_minimum = vm_page_free_count;
}

/* The vm_page of a physical page: the array is in ascending physical order. */
vm_page_t vm_page_for_phys(ppnum_t phys_page) {
  unsigned int low = 0, high = vm_pages_count;
  while (low < high) {
    unsigned int middle = low + (high - low) / 2;
    if (vm_pages[middle].phys_page < phys_page) low = middle + 1;
    else high = middle;
  }
  if (low < vm_pages_count && vm_pages[low].phys_page == phys_page) return &vm_pages[low];
  return VM_PAGE_NULL;
}

/* --- VP hash and object membership (§1.6) --- */

void vm_page_insert(vm_page_t mem, vm_object_t object, vm_object_offset_t offset) {
  if (mem->tabled) panic("vm_page_insert: page %p already in an object", (void *)mem);
  mem->object = object;
  mem->offset = offset;

  vm_page_bucket_t *bucket = &vm_page_buckets[vm_page_hash(object, offset)];
  mem->next = bucket->pages;
  bucket->pages = mem;

  enqueue_tail(&object->memq, &mem->listq);
  object->memq_hint = mem;
  mem->tabled = TRUE;
  object->resident_page_count++;
}

void vm_page_replace(vm_page_t mem, vm_object_t object, vm_object_offset_t offset) {
  vm_page_t found = vm_page_lookup(object, offset);
  if (found != VM_PAGE_NULL) {
    vm_page_remove(found);
    vm_page_free(found);
  }
  vm_page_insert(mem, object, offset);
}

void vm_page_remove(vm_page_t mem) {
  if (!mem->tabled || mem->object == VM_OBJECT_NULL) panic("vm_page_remove: page %p is not tabled", (void *)mem);
  vm_object_t object = mem->object;

  vm_page_bucket_t *bucket = &vm_page_buckets[vm_page_hash(object, mem->offset)];
  if (bucket->pages == mem) {
    bucket->pages = mem->next;
  } else {
    vm_page_t previous = bucket->pages;
    while (previous != VM_PAGE_NULL && previous->next != mem) previous = previous->next;
    if (previous == VM_PAGE_NULL) panic("vm_page_remove: page %p missing from its hash bucket", (void *)mem);
    previous->next = mem->next;
  }
  mem->next = VM_PAGE_NULL;

  if (object->memq_hint == mem) object->memq_hint = VM_PAGE_NULL;
  remqueue(&mem->listq);
  object->resident_page_count--;
  mem->tabled = FALSE;
  mem->object = VM_OBJECT_NULL;
  mem->offset = (vm_object_offset_t)-1;
}

static inline vm_page_t memq_page(queue_entry_t e) {
  return queue_entry(e, struct vm_page, listq);
}

vm_page_t vm_page_lookup(vm_object_t object, vm_object_offset_t offset) {
  /* The hint, then its neighbours on memq: sequential access hits here. */
  vm_page_t hint = object->memq_hint;
  if (hint != VM_PAGE_NULL) {
    if (hint->offset == offset) return hint;
    queue_entry_t next = hint->listq.next;
    if (next != &object->memq && memq_page(next)->offset == offset) {
      object->memq_hint = memq_page(next);
      return memq_page(next);
    }
    queue_entry_t prev = hint->listq.prev;
    if (prev != &object->memq && memq_page(prev)->offset == offset) {
      object->memq_hint = memq_page(prev);
      return memq_page(prev);
    }
  }
  vm_page_bucket_t *bucket = &vm_page_buckets[vm_page_hash(object, offset)];
  if (bucket->pages == VM_PAGE_NULL) return VM_PAGE_NULL;
  vm_page_t mem;
  for (mem = bucket->pages; mem != VM_PAGE_NULL; mem = mem->next) {
    if (mem->object == object && mem->offset == offset) break;
  }
  if (mem != VM_PAGE_NULL) object->memq_hint = mem;
  return mem;
}

/* --- the free list (§1.4, §1.5) --- */

boolean_t vm_page_throttled(void) {
  return vm_page_free_count < vm_page_free_min && (current_thread()->options & TH_OPT_VMPRIV) == 0;
}

vm_page_t vm_page_grab(void) {
  thread_t self = current_thread();
  vm_page_t mem;

  vm_page_lock_queues();
  if (vm_page_free_count < vm_page_free_reserved && (self->options & TH_OPT_VMPRIV) == 0) {
    /* Only VM-privileged threads may take the reserved pages; the others get nothing at once. */
    mem = VM_PAGE_NULL;
  } else {
    while (vm_page_queue_free == VM_PAGE_NULL) {
      vm_page_unlock_queues();
      VM_PAGE_WAIT();
      vm_page_lock_queues();
    }
    mem = vm_page_queue_free;
    vm_page_queue_free = (vm_page_t)(void *)mem->pageq.next;
    mem->pageq.next = NULL;
    mem->pageq.prev = NULL;
    mem->free = FALSE;
    mem->no_isync = TRUE;
    if (--vm_page_free_count < vm_page_free_count_minimum) vm_page_free_count_minimum = vm_page_free_count;
  }
  vm_page_unlock_queues();

  /* Wake the pageout daemon when memory runs low (none runs here; the wakeup finds no one). */
  if (vm_page_free_count < vm_page_free_min ||
      (vm_page_free_count < vm_page_free_target && vm_page_inactive_count < vm_page_inactive_target)) {
    thread_wakeup((event_t)&vm_page_free_wanted);
  }
  return mem;
}

/* KMA_LOMEM's allocator: the low-memory pool is empty on 32-bit PowerPC, so it is vm_page_grab. */
vm_page_t vm_page_grablo(void) {
  return vm_page_grab();
}

void vm_page_release(vm_page_t mem) {
  vm_page_lock_queues();
  if (mem->free) panic("vm_page_release: page %p (phys 0x%x) is already free", (void *)mem, mem->phys_page);
  mem->free = TRUE;
  mem->pageq.next = (queue_entry_t)(void *)vm_page_queue_free;
  mem->pageq.prev = NULL;
  vm_page_queue_free = mem;
  vm_page_free_count++;

  /* Wake one waiter once the count is back at the reserve. */
  if (vm_page_free_wanted > 0 && vm_page_free_count >= vm_page_free_reserved) {
    vm_page_free_wanted--;
    thread_wakeup_one((event_t)&vm_page_free_count);
  }
  vm_page_unlock_queues();
}

boolean_t vm_page_wait(int interruptible) {
  if (vm_page_free_count < vm_page_free_target) {
    boolean_t need_wakeup = vm_page_free_wanted++ == 0;
    wait_result_t wait_result = assert_wait((event_t)&vm_page_free_count, interruptible);
    if (need_wakeup) thread_wakeup((event_t)&vm_page_free_wanted);
    if (wait_result == THREAD_WAITING) wait_result = thread_block(THREAD_CONTINUE_NULL);
    return wait_result == THREAD_AWAKENED;
  }
  return TRUE;
}

static void vm_page_queues_remove(vm_page_t mem) {
  if (mem->active) {
    remqueue(&mem->pageq);
    mem->active = FALSE;
    vm_page_active_count--;
  } else if (mem->inactive) {
    remqueue(&mem->pageq);
    mem->inactive = FALSE;
    vm_page_inactive_count--;
  }
}

void vm_page_free(vm_page_t mem) {
  if (mem->free) panic("vm_page_free: page %p (phys 0x%x) is already free", (void *)mem, mem->phys_page);
  if (mem->tabled) vm_page_remove(mem);
  vm_page_queues_remove(mem);
  if (mem->wire_count != 0) {
    if (!mem->private_page && !mem->fictitious) vm_page_wire_count--;
    mem->wire_count = 0;
  }
  if (mem->wanted) thread_wakeup((event_t)mem);
  vm_page_init(mem, mem->phys_page);
  vm_page_release(mem);
}

vm_page_t vm_page_alloc(vm_object_t object, vm_object_offset_t offset) {
  vm_page_t mem = vm_page_grab();
  if (mem == VM_PAGE_NULL) return VM_PAGE_NULL;
  vm_page_insert(mem, object, offset);
  return mem;
}

vm_page_t vm_page_alloclo(vm_object_t object, vm_object_offset_t offset) {
  vm_page_t mem = vm_page_grablo();
  if (mem == VM_PAGE_NULL) return VM_PAGE_NULL;
  vm_page_insert(mem, object, offset);
  return mem;
}

void vm_page_wire(vm_page_t mem) {
  if (mem->wire_count == 0) {
    vm_page_queues_remove(mem);
    if (!mem->private_page && !mem->fictitious) vm_page_wire_count++;
  }
  mem->wire_count++;
}

void vm_page_unwire(vm_page_t mem) {
  if (mem->wire_count == 0) panic("vm_page_unwire: page %p is not wired", (void *)mem);
  if (--mem->wire_count == 0) {
    vm_page_wire_count--;
    vm_page_activate(mem);
  }
}

void vm_page_activate(vm_page_t mem) {
  if (mem->wire_count != 0 || mem->active) return;
  vm_page_queues_remove(mem);
  enqueue_tail(&vm_page_queue_active, &mem->pageq);
  mem->active = TRUE;
  vm_page_active_count++;
}

void vm_page_deactivate(vm_page_t mem) {
  if (mem->wire_count != 0 || mem->inactive) return;
  vm_page_queues_remove(mem);
  enqueue_tail(&vm_page_queue_inactive, &mem->pageq);
  mem->inactive = TRUE;
  vm_page_inactive_count++;
}
