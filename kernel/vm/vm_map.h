/*
 * Address maps (osfmk/vm/vm_map.h, spec §3.1): a doubly linked list of entries sorted by
 * address, never overlapping, around a header entry whose start/end are the map's bounds;
 * a lookup hint and first_free, the entry just before the lowest hole.
 */
#ifndef VM_VM_MAP_H
#define VM_VM_MAP_H

#include "mach/kern_return.h"
#include "mach/vm_types.h"
#include "vm/vm_object.h"

struct pmap;
struct vm_map;

struct vm_map_links {
  struct vm_map_entry *prev;
  struct vm_map_entry *next;
  vm_map_offset_t start; /* page aligned */
  vm_map_offset_t end;   /* page aligned, exclusive */
};

struct vm_map_entry {
  struct vm_map_links links;
  union {
    vm_object_t vm_object;
    struct vm_map *sub_map;
  } object;
  vm_object_offset_t offset;
  unsigned int is_shared : 1,
      is_sub_map : 1,
      in_transition : 1,
      needs_wakeup : 1,
      behavior : 2,
      needs_copy : 1,
      protection : 3,
      max_protection : 3,
      inheritance : 2,
      use_pmap : 1,
      alias : 8,
      : 0;
  unsigned short wired_count;
  unsigned short user_wired_count;
};
typedef struct vm_map_entry *vm_map_entry_t;
#define VM_MAP_ENTRY_NULL ((vm_map_entry_t)0)

#define vme_prev links.prev
#define vme_next links.next
#define vme_start links.start
#define vme_end links.end

struct vm_map_header {
  struct vm_map_links links; /* first/last entry; start/end are the map's bounds */
  int nentries;
  boolean_t entries_pageable; /* FALSE for kernel_map: its entries come from the stolen zone */
};

struct vm_map {
  struct vm_map_header hdr;
  struct pmap *pmap;
  vm_map_size_t size;         /* bytes mapped */
  int ref_count;
  vm_map_entry_t hint;        /* last entry looked up */
  vm_map_entry_t first_free;  /* entry before the lowest hole */
  boolean_t wait_for_space;
  boolean_t wiring_required;
  boolean_t no_zero_fill;
  unsigned int timestamp;
};
typedef struct vm_map *vm_map_t;
#define VM_MAP_NULL ((vm_map_t)0)

#define vm_map_to_entry(map) ((vm_map_entry_t)(void *)&(map)->hdr.links)
#define vm_map_first_entry(map) ((map)->hdr.links.next)
#define vm_map_last_entry(map) ((map)->hdr.links.prev)
#define vm_map_min(map) ((map)->hdr.links.start)
#define vm_map_max(map) ((map)->hdr.links.end)

#define vm_map_lock(map) ((void)(map))
#define vm_map_unlock(map) ((void)(map))

/* vm_map_enter flags (mach/vm_statistics.h). */
#define VM_FLAGS_FIXED 0x0000
#define VM_FLAGS_ANYWHERE 0x0001
#define VM_FLAGS_PURGABLE 0x0002
#define VM_FLAGS_NO_PMAP_CHECK 0x0004
#define VM_FLAGS_OVERWRITE 0x0008
#define VM_FLAGS_ALIAS_MASK 0xFF000000u
#define VM_GET_FLAGS_ALIAS(flags) (((flags) >> 24) & 0xFF)
#define VM_MAKE_TAG(tag) ((unsigned int)(tag) << 24)
/* Alias tags (mach/vm_statistics.h). */
#define VM_MEMORY_REALLOC 6
#define VM_MEMORY_STACK 30
/* vm_map_enter extends the previous entry only while the result stays under this size (§3.3). */
#define NO_COALESCE_LIMIT (128 * 1024)

/* vm_map_remove flags */
#define VM_MAP_NO_FLAGS 0x0
#define VM_MAP_REMOVE_KUNWIRE 0x1

extern vm_map_t kernel_map;

void vm_map_steal_memory(void);
void vm_map_init(void);
vm_map_t vm_map_create(struct pmap *pmap, vm_map_offset_t min, vm_map_offset_t max, boolean_t pageable);
boolean_t vm_map_lookup_entry(vm_map_t map, vm_map_offset_t address, vm_map_entry_t *entry);
kern_return_t vm_map_find_space(vm_map_t map, vm_map_offset_t *address, vm_map_size_t size, vm_map_offset_t mask,
                                int flags, vm_map_entry_t *o_entry);
/* KMA_HERE's placement: the same new entry as vm_map_find_space, at exactly `address`. */
kern_return_t vm_map_find_space_fixed(vm_map_t map, vm_map_offset_t address, vm_map_size_t size, vm_map_offset_t mask,
                                      int flags, vm_map_entry_t *o_entry);
kern_return_t vm_map_enter(vm_map_t map, vm_map_offset_t *address, vm_map_size_t size, vm_map_offset_t mask, int flags,
                           vm_object_t object, vm_object_offset_t offset, boolean_t needs_copy, vm_prot_t cur_protection,
                           vm_prot_t max_protection, vm_inherit_t inheritance);
kern_return_t vm_map_remove(vm_map_t map, vm_map_offset_t start, vm_map_offset_t end, int flags);
kern_return_t vm_map_wire(vm_map_t map, vm_map_offset_t start, vm_map_offset_t end, vm_prot_t access_type,
                          boolean_t user_wire);
void vm_map_simplify(vm_map_t map, vm_map_offset_t start);
kern_return_t vm_map_protect(vm_map_t map, vm_map_offset_t start, vm_map_offset_t end, vm_prot_t new_prot,
                             boolean_t set_max);
void vm_map_destroy(vm_map_t map);
/* Number of entries (for tests). */
static inline int vm_map_entry_count(vm_map_t map) {
  return map->hdr.nentries;
}

#endif
