/*
 * Zone allocator (osfmk/kern/zalloc.c, reduced): free lists of fixed-size elements, refilled
 * from kernel_map with kernel_memory_allocate(KMA_KOBJECT). Zone descriptors come from a static
 * table (xnu keeps them in a zone of zones).
 */
#include "kern/zalloc.h"

#include "kern/misc_protos.h"
#include "mach/vm_param.h"
#include "vm/vm_kern.h"
#include "vm/vm_map.h"

#define MAX_ZONES 32
static struct zone zone_table[MAX_ZONES];
static unsigned int zone_table_used;
/* Pages zones have taken from kernel_map since boot (for the self-tests' page accounting). */
unsigned int zone_grown_pages;

void zone_bootstrap(void) {
  zone_table_used = 0;
}

zone_t zinit(vm_size_t size, vm_size_t max, vm_size_t alloc, const char *name) {
  if (zone_table_used == MAX_ZONES) panic("zinit: too many zones (%s)", name);
  zone_t z = &zone_table[zone_table_used++];
  size = (size + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
  if (size < sizeof(void *)) size = sizeof(void *);
  z->elem_size = size;
  z->alloc_size = alloc == 0 ? 0 : round_page(alloc < size ? size : alloc);
  z->max_size = round_page(max);
  z->cur_size = 0;
  z->count = 0;
  z->free_elements = NULL;
  z->expandable = alloc != 0;
  z->zone_name = name;
  return z;
}

void zcram(zone_t zone, vm_offset_t memory, vm_size_t size) {
  for (vm_size_t used = 0; used + zone->elem_size <= size; used += zone->elem_size) {
    void **element = (void **)(memory + used);
    *element = zone->free_elements;
    zone->free_elements = element;
  }
  zone->cur_size += size;
}

void *zalloc(zone_t zone) {
  if (zone->free_elements == NULL) {
    if (!zone->expandable) panic("zalloc: zone \"%s\" is exhausted (%u elements in use)", zone->zone_name, zone->count);
    if (zone->cur_size + zone->alloc_size > zone->max_size) {
      panic("zalloc: zone \"%s\" reached its maximum of %u bytes", zone->zone_name, zone->max_size);
    }
    vm_offset_t memory;
    if (kernel_memory_allocate(kernel_map, &memory, zone->alloc_size, 0, KMA_KOBJECT) != KERN_SUCCESS) {
      panic("zalloc: zone \"%s\" cannot grow", zone->zone_name);
    }
    zcram(zone, memory, zone->alloc_size);
    zone_grown_pages += atop(zone->alloc_size);
  }
  void **element = zone->free_elements;
  zone->free_elements = *element;
  zone->count++;
  return element;
}

void zfree(zone_t zone, void *element) {
  void **e = element;
  *e = zone->free_elements;
  zone->free_elements = e;
  zone->count--;
}

unsigned int zone_free_count(zone_t zone) {
  unsigned int n = 0;
  for (void **e = zone->free_elements; e != NULL; e = *e) n++;
  return n;
}
