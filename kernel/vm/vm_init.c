/* VM start-up (osfmk/vm/vm_init.c): the order xnu brings the VM up in. */
#include "kern/zalloc.h"
#include "vm/vm_kern.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"
#include "vm/vm_page.h"

void vm_mem_bootstrap(void);

void vm_mem_bootstrap(void) {
  vm_offset_t start, end;
  vm_page_bootstrap(&start, &end);
  zone_bootstrap();
  vm_object_bootstrap();
  vm_map_init();
  kmem_init(start, end);
}
