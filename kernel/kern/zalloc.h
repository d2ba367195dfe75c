/*
 * Zones (osfmk/kern/zalloc.h): fixed-size element allocators. A zone takes memory in
 * alloc_size chunks from kernel_map (wired, kernel_object) when it runs out, unless it was given
 * all its memory at boot (the kernel map-entry zone, which kernel_map itself depends on).
 */
#ifndef KERN_ZALLOC_H
#define KERN_ZALLOC_H

#include "mach/vm_types.h"

struct zone {
  void *free_elements;  /* singly linked through each free element's first word */
  vm_size_t elem_size;
  vm_size_t alloc_size; /* chunk taken from kernel_map when the zone grows */
  vm_size_t cur_size;   /* bytes of memory the zone holds */
  vm_size_t max_size;
  unsigned int count;   /* elements in use */
  boolean_t expandable; /* may grow from kernel_map */
  const char *zone_name;
};
typedef struct zone *zone_t;
#define ZONE_NULL ((zone_t)0)

extern unsigned int zone_grown_pages;

void zone_bootstrap(void);
zone_t zinit(vm_size_t size, vm_size_t max, vm_size_t alloc, const char *name);
void zcram(zone_t zone, vm_offset_t memory, vm_size_t size);
void *zalloc(zone_t zone);
void zfree(zone_t zone, void *element);
/* Elements on the zone's free list. */
unsigned int zone_free_count(zone_t zone);

#endif
