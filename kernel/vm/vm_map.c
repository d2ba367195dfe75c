/*
 * Address maps (osfmk/vm/vm_map.c, xnu-792; spec §3.1-3.3): entry creation, linking with
 * first_free maintenance, lookup through the hint, first-fit placement with an alignment mask
 * (vm_map_find_space, vm_map_enter), clipping and removal, wiring, and vm_map_simplify.
 *
 * Task maps (issue 6) add vm_map_enter's coalescing with the previous entry, VM_FLAGS_OVERWRITE,
 * vm_map_protect and vm_map_destroy. Not here: submaps, copy-on-write.
 */
#include "vm/vm_map.h"

#include "kern/misc_protos.h"
#include "kern/zalloc.h"
#include "mach/vm_param.h"
#include "ppc/pmap.h"
#include "vm/vm_fault.h"
#include "vm/vm_kern.h"

vm_map_t kernel_map;

static zone_t vm_map_zone;        /* struct vm_map */
static zone_t vm_map_entry_zone;  /* entries of pageable (task) maps */
static zone_t vm_map_kentry_zone; /* entries of kernel_map: all memory stolen at boot */

static vm_offset_t map_data;
static vm_size_t map_data_size;
static vm_offset_t kentry_data;
static vm_size_t kentry_data_size;

/* Boot-time memory for the first maps and for every kernel_map entry (§1.2 step 1). */
void vm_map_steal_memory(void) {
  map_data_size = round_page(10 * sizeof(struct vm_map));
  map_data = pmap_steal_memory(map_data_size);
  kentry_data_size = round_page((pmap_free_pages() / 8) * sizeof(struct vm_map_entry));
  kentry_data = pmap_steal_memory(kentry_data_size);
}

void vm_map_init(void) {
  vm_map_zone = zinit(sizeof(struct vm_map), 40 * 1024, PAGE_SIZE, "maps");
  vm_map_entry_zone = zinit(sizeof(struct vm_map_entry), 1024 * 1024, 5 * PAGE_SIZE, "non-kernel map entries");
  vm_map_kentry_zone = zinit(sizeof(struct vm_map_entry), kentry_data_size, 0, "kernel map entries");
  zcram(vm_map_zone, map_data, map_data_size);
  zcram(vm_map_kentry_zone, kentry_data, kentry_data_size);
}

vm_map_t vm_map_create(struct pmap *pmap, vm_map_offset_t min, vm_map_offset_t max, boolean_t pageable) {
  vm_map_t map = zalloc(vm_map_zone);
  bzero(map, sizeof *map);
  map->hdr.links.next = map->hdr.links.prev = vm_map_to_entry(map);
  map->hdr.nentries = 0;
  map->hdr.entries_pageable = pageable;
  vm_map_min(map) = min;
  vm_map_max(map) = max;
  map->pmap = pmap;
  map->size = 0;
  map->ref_count = 1;
  map->hint = vm_map_to_entry(map);
  map->first_free = vm_map_to_entry(map);
  return map;
}

static vm_map_entry_t vm_map_entry_create(vm_map_t map) {
  vm_map_entry_t entry = zalloc(map->hdr.entries_pageable ? vm_map_entry_zone : vm_map_kentry_zone);
  bzero(entry, sizeof *entry);
  return entry;
}

static void vm_map_entry_dispose(vm_map_t map, vm_map_entry_t entry) {
  zfree(map->hdr.entries_pageable ? vm_map_entry_zone : vm_map_kentry_zone, entry);
}

/*
 * UPDATE_FIRST_FREE: from `new_first_free`, walk forward while the next entry starts where the
 * current one ends (or on the same page as it starts), and stop before the first gap.
 */
static void update_first_free(vm_map_t map, vm_map_entry_t new_first_free) {
  vm_map_entry_t first_free = new_first_free;
  vm_map_entry_t next = first_free->vme_next;
  while (trunc_page(next->vme_start) == trunc_page(first_free->vme_end) ||
         (trunc_page(next->vme_start) == trunc_page(first_free->vme_start) && next != vm_map_to_entry(map))) {
    first_free = next;
    next = first_free->vme_next;
    if (first_free == vm_map_to_entry(map)) break;
  }
  map->first_free = first_free;
}

static void vm_map_entry_link(vm_map_t map, vm_map_entry_t after_where, vm_map_entry_t entry) {
  map->hdr.nentries++;
  entry->vme_prev = after_where;
  entry->vme_next = after_where->vme_next;
  entry->vme_prev->vme_next = entry;
  entry->vme_next->vme_prev = entry;
  update_first_free(map, map->first_free);
}

static void vm_map_entry_unlink(vm_map_t map, vm_map_entry_t entry) {
  vm_map_entry_t first_free =
      entry->vme_start <= map->first_free->vme_start ? entry->vme_prev : map->first_free;
  if (first_free == entry) first_free = entry->vme_prev;
  map->hdr.nentries--;
  entry->vme_next->vme_prev = entry->vme_prev;
  entry->vme_prev->vme_next = entry->vme_next;
  if (map->hint == entry) map->hint = entry->vme_prev;
  update_first_free(map, first_free);
}

boolean_t vm_map_lookup_entry(vm_map_t map, vm_map_offset_t address, vm_map_entry_t *entry) {
  vm_map_entry_t cur = map->hint;
  vm_map_entry_t last;
  if (cur == vm_map_to_entry(map)) cur = cur->vme_next;
  if (address >= cur->vme_start) {
    /* From the hint to the end of the list. */
    last = vm_map_to_entry(map);
    if (cur != last && cur->vme_end > address) {
      *entry = cur;
      return TRUE;
    }
  } else {
    /* From the start of the list up to and including the hint. */
    last = cur->vme_next;
    cur = vm_map_first_entry(map);
  }
  while (cur != last) {
    if (cur->vme_end > address) {
      if (address >= cur->vme_start) {
        *entry = cur;
        map->hint = cur;
        return TRUE;
      }
      break;
    }
    cur = cur->vme_next;
  }
  *entry = cur->vme_prev;
  map->hint = *entry;
  return FALSE;
}

static kern_return_t vm_map_delete(vm_map_t map, vm_map_offset_t start, vm_map_offset_t end, int flags);

/* The defaults of a new entry from vm_map_find_space (§2.2 step 4). */
static void vm_map_entry_set_defaults(vm_map_entry_t entry, int flags) {
  entry->is_shared = FALSE;
  entry->is_sub_map = FALSE;
  entry->use_pmap = FALSE;
  entry->object.vm_object = VM_OBJECT_NULL;
  entry->offset = 0;
  entry->needs_copy = FALSE;
  entry->inheritance = VM_INHERIT_DEFAULT;
  entry->protection = VM_PROT_DEFAULT;
  entry->max_protection = VM_PROT_ALL;
  entry->behavior = VM_BEHAVIOR_DEFAULT;
  entry->wired_count = 0;
  entry->user_wired_count = 0;
  entry->in_transition = FALSE;
  entry->needs_wakeup = FALSE;
  entry->alias = VM_GET_FLAGS_ALIAS((unsigned int)flags);
}

/*
 * First fit in address order from `entry` (the entry before `start`), honouring the alignment
 * mask (§3.2 step 3). On success *startp is the range's start and *entryp the entry after which
 * it goes.
 */
static kern_return_t first_fit(vm_map_t map, vm_map_offset_t *startp, vm_map_size_t size, vm_map_offset_t mask,
                               vm_map_entry_t *entryp) {
  vm_map_offset_t start = *startp;
  vm_map_entry_t entry = *entryp;
  for (;;) {
    vm_map_offset_t end = (start + mask) & ~mask;
    if (end < start) return KERN_NO_SPACE;
    start = end;
    end += size;
    if (end > vm_map_max(map) || end < start) return KERN_NO_SPACE;
    vm_map_entry_t next = entry->vme_next;
    if (next == vm_map_to_entry(map) || next->vme_start >= end) break;
    entry = next;
    start = entry->vme_end;
  }
  *startp = start;
  *entryp = entry;
  return KERN_SUCCESS;
}

kern_return_t vm_map_find_space(vm_map_t map, vm_map_offset_t *address, vm_map_size_t size, vm_map_offset_t mask,
                                int flags, vm_map_entry_t *o_entry) {
  if (size == 0) return KERN_INVALID_ARGUMENT;
  vm_map_entry_t new_entry = vm_map_entry_create(map);
  vm_map_lock(map);

  vm_map_entry_t entry = map->first_free;
  vm_map_offset_t start = entry == vm_map_to_entry(map) ? vm_map_min(map) : entry->vme_end;
  kern_return_t kr = first_fit(map, &start, size, mask, &entry);
  if (kr != KERN_SUCCESS) {
    vm_map_entry_dispose(map, new_entry);
    vm_map_unlock(map);
    return kr;
  }

  new_entry->vme_start = start;
  new_entry->vme_end = start + size;
  vm_map_entry_set_defaults(new_entry, flags);
  vm_map_entry_link(map, entry, new_entry);
  map->size += size;
  map->hint = new_entry;
  *address = start;
  *o_entry = new_entry;
  return KERN_SUCCESS; /* the map stays locked for the caller, as in xnu */
}

/*
 * Whether [start, start + size) is free, by vm_map_enter's rules for a fixed range (§3.3):
 * misaligned for the mask → KERN_NO_SPACE; outside the map or empty → KERN_INVALID_ADDRESS;
 * overlapping an entry → KERN_NO_SPACE. *entryp gets the entry the range would follow.
 */
static kern_return_t fixed_range_free(vm_map_t map, vm_map_offset_t start, vm_map_size_t size, vm_map_offset_t mask,
                                      vm_map_entry_t *entryp) {
  if ((start & mask) != 0) return KERN_NO_SPACE;
  vm_map_offset_t end = start + size;
  if (start < vm_map_min(map) || end > vm_map_max(map) || start >= end) return KERN_INVALID_ADDRESS;
  vm_map_entry_t entry;
  if (vm_map_lookup_entry(map, start, &entry)) return KERN_NO_SPACE;
  if (entry->vme_next != vm_map_to_entry(map) && entry->vme_next->vme_start < end) return KERN_NO_SPACE;
  *entryp = entry;
  return KERN_SUCCESS;
}

kern_return_t vm_map_find_space_fixed(vm_map_t map, vm_map_offset_t address, vm_map_size_t size, vm_map_offset_t mask,
                                      int flags, vm_map_entry_t *o_entry) {
  if (size == 0) return KERN_INVALID_ARGUMENT;
  if (!page_aligned(address)) return KERN_INVALID_ARGUMENT;
  vm_map_lock(map);
  vm_map_entry_t entry;
  kern_return_t kr = fixed_range_free(map, address, size, mask, &entry);
  if (kr != KERN_SUCCESS) {
    vm_map_unlock(map);
    return kr;
  }
  vm_map_entry_t new_entry = vm_map_entry_create(map);
  new_entry->vme_start = address;
  new_entry->vme_end = address + size;
  vm_map_entry_set_defaults(new_entry, flags);
  vm_map_entry_link(map, entry, new_entry);
  map->size += size;
  map->hint = new_entry;
  *o_entry = new_entry;
  return KERN_SUCCESS;
}

kern_return_t vm_map_enter(vm_map_t map, vm_map_offset_t *address, vm_map_size_t size, vm_map_offset_t mask, int flags,
                           vm_object_t object, vm_object_offset_t offset, boolean_t needs_copy, vm_prot_t cur_protection,
                           vm_prot_t max_protection, vm_inherit_t inheritance) {
  if (size == 0) return KERN_INVALID_ARGUMENT;
  vm_map_lock(map);
  vm_map_offset_t start = *address;
  vm_map_entry_t entry;
  kern_return_t kr;

  if ((flags & VM_FLAGS_ANYWHERE) != 0) {
    if (start < vm_map_min(map)) start = vm_map_min(map);
    if (start > vm_map_max(map)) {
      vm_map_unlock(map);
      return KERN_NO_SPACE;
    }
    if (start == vm_map_min(map)) {
      entry = map->first_free;
      if (entry != vm_map_to_entry(map)) start = entry->vme_end;
    } else {
      vm_map_entry_t tmp_entry;
      if (vm_map_lookup_entry(map, start, &tmp_entry)) start = tmp_entry->vme_end;
      entry = tmp_entry;
    }
    kr = first_fit(map, &start, size, mask, &entry);
    if (kr != KERN_SUCCESS) {
      vm_map_unlock(map);
      return kr;
    }
    *address = start;
  } else {
    /* VM_FLAGS_OVERWRITE (mmap MAP_FIXED): whatever is mapped in the range goes first. (xnu moves
       it aside and restores it on failure; the range checks below are all made before anything
       is removed, so here there is nothing to restore.) */
    if ((flags & VM_FLAGS_OVERWRITE) != 0 && (start & mask) == 0 && start >= vm_map_min(map) &&
        start + size <= vm_map_max(map) && start < start + size) {
      vm_map_delete(map, start, start + size, VM_MAP_NO_FLAGS);
    }
    kr = fixed_range_free(map, start, size, mask, &entry);
    if (kr != KERN_SUCCESS) {
      vm_map_unlock(map);
      return kr;
    }
  }

  /*
   * Coalescing (§3.3): anonymous memory right after a compatible entry extends that entry (and its
   * object) instead of making a new one, up to NO_COALESCE_LIMIT bytes (no limit for the REALLOC
   * tag). Entry counts change; addresses never do.
   */
  unsigned int alias = VM_GET_FLAGS_ALIAS((unsigned int)flags);
  if (object == VM_OBJECT_NULL && entry != vm_map_to_entry(map) && entry->vme_end == start && !entry->is_shared &&
      !entry->is_sub_map && entry->alias == alias && entry->inheritance == inheritance &&
      entry->protection == (unsigned int)cur_protection && entry->max_protection == (unsigned int)max_protection &&
      entry->behavior == VM_BEHAVIOR_DEFAULT && !entry->in_transition && !entry->needs_copy &&
      (alias == VM_MEMORY_REALLOC || (entry->vme_end - entry->vme_start) + size < NO_COALESCE_LIMIT) &&
      entry->wired_count == 0) {
    if (vm_object_coalesce(entry->object.vm_object, VM_OBJECT_NULL, entry->offset, 0,
                           (vm_object_size_t)(entry->vme_end - entry->vme_start), (vm_object_size_t)size)) {
      map->size += size;
      entry->vme_end = start + size;
      update_first_free(map, map->first_free);
      vm_map_unlock(map);
      return KERN_SUCCESS;
    }
  }

  vm_map_entry_t new_entry = vm_map_entry_create(map);
  new_entry->vme_start = start;
  new_entry->vme_end = start + size;
  vm_map_entry_set_defaults(new_entry, flags);
  new_entry->object.vm_object = object;
  new_entry->offset = offset;
  new_entry->needs_copy = needs_copy;
  new_entry->protection = cur_protection;
  new_entry->max_protection = max_protection;
  new_entry->inheritance = inheritance;
  vm_map_entry_link(map, entry, new_entry);
  map->size += size;
  map->hint = new_entry;
  vm_map_unlock(map);
  return KERN_SUCCESS;
}

/* Splits `entry` so that it starts at `start`; the part below becomes a new entry. */
static void vm_map_clip_start(vm_map_t map, vm_map_entry_t entry, vm_map_offset_t start) {
  if (start <= entry->vme_start) return;
  vm_map_entry_t new_entry = vm_map_entry_create(map);
  *new_entry = *entry;
  new_entry->vme_end = start;
  entry->offset += start - entry->vme_start;
  entry->vme_start = start;
  vm_map_entry_link(map, entry->vme_prev, new_entry);
  if (!entry->is_sub_map) vm_object_reference(new_entry->object.vm_object);
}

/* Splits `entry` so that it ends at `end`; the part above becomes a new entry. */
static void vm_map_clip_end(vm_map_t map, vm_map_entry_t entry, vm_map_offset_t end) {
  if (end >= entry->vme_end) return;
  vm_map_entry_t new_entry = vm_map_entry_create(map);
  *new_entry = *entry;
  new_entry->vme_start = end;
  new_entry->offset += end - entry->vme_start;
  entry->vme_end = end;
  vm_map_entry_link(map, entry, new_entry);
  if (!entry->is_sub_map) vm_object_reference(new_entry->object.vm_object);
}

/* Unwires the resident pages of a wired entry (vm_fault_unwire). */
static void vm_map_entry_unwire_pages(vm_map_t map, vm_map_entry_t entry) {
  vm_object_t object = entry->object.vm_object;
  if (object == VM_OBJECT_NULL) return;
  for (vm_map_offset_t va = entry->vme_start; va < entry->vme_end; va += PAGE_SIZE) {
    vm_page_t page = vm_page_lookup(object, entry->offset + (va - entry->vme_start));
    if (page != VM_PAGE_NULL && page->wire_count != 0) vm_page_unwire(page);
    pmap_change_wiring(map->pmap, va, FALSE);
  }
}

static kern_return_t vm_map_delete(vm_map_t map, vm_map_offset_t start, vm_map_offset_t end, int flags) {
  vm_map_entry_t entry;
  vm_map_entry_t first_entry;
  if (!vm_map_lookup_entry(map, start, &first_entry)) {
    entry = first_entry->vme_next;
  } else {
    entry = first_entry;
    vm_map_clip_start(map, entry, start);
    map->hint = entry->vme_prev;
  }

  while (entry != vm_map_to_entry(map) && entry->vme_start < end) {
    vm_map_clip_end(map, entry, end);
    vm_map_entry_t next = entry->vme_next;
    vm_map_offset_t s = entry->vme_start;
    vm_map_offset_t e = entry->vme_end;

    if (entry->wired_count != 0) {
      if ((flags & VM_MAP_REMOVE_KUNWIRE) != 0 && entry->wired_count > entry->user_wired_count) entry->wired_count--;
      entry->wired_count = 0;
      entry->user_wired_count = 0;
      vm_map_entry_unwire_pages(map, entry);
    }

    vm_object_t object = entry->object.vm_object;
    pmap_remove(map->pmap, s, e);
    if (object == kernel_object) vm_object_page_remove(object, entry->offset, entry->offset + (e - s));

    vm_map_entry_unlink(map, entry);
    map->size -= e - s;
    if (!entry->is_sub_map) vm_object_deallocate(object);
    vm_map_entry_dispose(map, entry);
    entry = next;
  }
  return KERN_SUCCESS;
}

kern_return_t vm_map_remove(vm_map_t map, vm_map_offset_t start, vm_map_offset_t end, int flags) {
  vm_map_lock(map);
  if (start < vm_map_min(map)) start = vm_map_min(map);
  if (end > vm_map_max(map)) end = vm_map_max(map);
  kern_return_t kr = start < end ? vm_map_delete(map, start, end, flags) : KERN_SUCCESS;
  vm_map_unlock(map);
  return kr;
}

/*
 * Wires [start, end): each entry's wired count goes up, and on the first wiring every page is
 * faulted in with change_wiring (vm_fault_wire), which wires it and enters it in the pmap.
 */
kern_return_t vm_map_wire(vm_map_t map, vm_map_offset_t start, vm_map_offset_t end, vm_prot_t access_type,
                          boolean_t user_wire) {
  vm_map_entry_t entry;
  if (!vm_map_lookup_entry(map, start, &entry)) return KERN_INVALID_ADDRESS;
  vm_map_clip_start(map, entry, start);
  vm_map_offset_t expected = start;
  for (; entry != vm_map_to_entry(map) && entry->vme_start < end; entry = entry->vme_next) {
    if (entry->vme_start != expected) return KERN_INVALID_ADDRESS; /* a hole in the range */
    vm_map_clip_end(map, entry, end);
    expected = entry->vme_end;
    if ((entry->protection & access_type) != access_type) return KERN_PROTECTION_FAILURE;
    if (user_wire) entry->user_wired_count++;
    if (entry->wired_count++ != 0) continue;
    for (vm_map_offset_t va = entry->vme_start; va < entry->vme_end; va += PAGE_SIZE) {
      kern_return_t kr = vm_fault(map, va, access_type, TRUE);
      if (kr != KERN_SUCCESS) return kr;
    }
  }
  if (expected < end) return KERN_INVALID_ADDRESS;
  return KERN_SUCCESS;
}

/*
 * Merges the entry containing `start` with its predecessor when they are adjacent, map the
 * same object at consecutive offsets and have identical attributes (used after KMA_KOBJECT
 * allocations, which all share kernel_object).
 */
void vm_map_simplify(vm_map_t map, vm_map_offset_t start) {
  vm_map_entry_t this_entry;
  if (!vm_map_lookup_entry(map, start, &this_entry)) return;
  vm_map_entry_t prev = this_entry->vme_prev;
  if (prev == vm_map_to_entry(map) || prev->vme_end != this_entry->vme_start) return;
  if (prev->is_sub_map || this_entry->is_sub_map) return;
  if (prev->object.vm_object != this_entry->object.vm_object) return;
  if (prev->offset + (prev->vme_end - prev->vme_start) != this_entry->offset) return;
  if (prev->protection != this_entry->protection || prev->max_protection != this_entry->max_protection ||
      prev->inheritance != this_entry->inheritance || prev->behavior != this_entry->behavior ||
      prev->needs_copy != this_entry->needs_copy || prev->is_shared != this_entry->is_shared ||
      prev->alias != this_entry->alias || prev->wired_count != this_entry->wired_count ||
      prev->user_wired_count != this_entry->user_wired_count || prev->in_transition || this_entry->in_transition) {
    return;
  }
  vm_map_entry_unlink(map, prev);
  this_entry->vme_start = prev->vme_start;
  this_entry->offset = prev->offset;
  vm_object_deallocate(prev->object.vm_object);
  vm_map_entry_dispose(map, prev);
  update_first_free(map, map->first_free);
}

/*
 * vm_map_protect (xnu-792): the whole range must be mapped, starting inside an entry, with no
 * hole, and the new protection within every entry's maximum; then each entry is clipped to the
 * range and takes the new protection (set_max: the maximum becomes new_prot and the current
 * protection is limited by it), and the pmap follows when the current protection changed.
 */
kern_return_t vm_map_protect(vm_map_t map, vm_map_offset_t start, vm_map_offset_t end, vm_prot_t new_prot,
                             boolean_t set_max) {
  vm_map_lock(map);
  if (start >= vm_map_max(map)) {
    vm_map_unlock(map);
    return KERN_INVALID_ADDRESS;
  }
  vm_map_entry_t entry;
  if (!vm_map_lookup_entry(map, start, &entry)) {
    vm_map_unlock(map);
    return KERN_INVALID_ADDRESS;
  }
  for (vm_map_entry_t current = entry; current != vm_map_to_entry(map) && current->vme_start < end;
       current = current->vme_next) {
    if (current->is_sub_map) {
      vm_map_unlock(map);
      return KERN_INVALID_ARGUMENT;
    }
    if ((new_prot & (vm_prot_t)current->max_protection) != new_prot) {
      vm_map_unlock(map);
      return KERN_PROTECTION_FAILURE;
    }
    if (current->vme_end < end &&
        (current->vme_next == vm_map_to_entry(map) || current->vme_next->vme_start != current->vme_end)) {
      vm_map_unlock(map);
      return KERN_INVALID_ADDRESS;
    }
  }
  vm_map_clip_start(map, entry, start);
  for (vm_map_entry_t current = entry; current != vm_map_to_entry(map) && current->vme_start < end;
       current = current->vme_next) {
    vm_map_clip_end(map, current, end);
    vm_prot_t old_prot = (vm_prot_t)current->protection;
    if (set_max) {
      current->max_protection = (unsigned int)new_prot;
      current->protection = (unsigned int)(new_prot & old_prot);
    } else {
      current->protection = (unsigned int)new_prot;
    }
    if ((vm_prot_t)current->protection != old_prot) {
      vm_prot_t prot = (vm_prot_t)current->protection;
      if (current->needs_copy) prot &= ~VM_PROT_WRITE;
      pmap_protect(map->pmap, current->vme_start, current->vme_end, prot);
    }
  }
  vm_map_unlock(map);
  return KERN_SUCCESS;
}

/* The last reference to a map: every entry removed (pages and pmap mappings with them), the map freed. */
void vm_map_destroy(vm_map_t map) {
  if (map == VM_MAP_NULL) return;
  if (--map->ref_count > 0) return;
  vm_map_lock(map);
  (void)vm_map_delete(map, vm_map_min(map), vm_map_max(map), VM_MAP_NO_FLAGS);
  vm_map_unlock(map);
  if (map->hdr.nentries != 0) panic("vm_map_destroy: %d entries left", map->hdr.nentries);
  zfree(vm_map_zone, map);
}
