/*
 * vmtorture [OPERATIONS [SEED]]: hundreds of vm_allocate / vm_deallocate calls (and their
 * mach_vm_* twins, vm_protect, first touches) chosen by a fixed pseudo-random sequence,
 * including sizes that are not page multiples, size 0, partial frees of a block's head, tail
 * or middle, frees of holes and fixed-address allocations. Each call prints one line:
 *
 *   op=N call=vm_allocate flags=0x1 address=0x0 size=0x2000 kr=0 result=0x6000
 *   op=N call=mach_vm_deallocate address=0x6000 size=0x1000 kr=0
 *   op=N call=vm_protect address=0x6000 size=0x1000 set_maximum=0 protection=0x1 kr=0
 *   op=N call=touch address=0x7000 before=0x0
 *
 * `address`, `size`, `flags` and the protection fields are the call's inputs; `kr` its result
 * and `result` the address variable after the call (unchanged when the call fails). A host test
 * replays the lines against a first-fit model of the task's map (test/userland/first-fit.ts).
 * The program checks nothing itself beyond zero fill; every line is for the model to judge.
 */
#include "bsd.h"
#include "mach.h"
#include "print.h"

#define MAX_BLOCKS 48
#define DEFAULT_OPERATIONS 400
#define DEFAULT_SEED 0x10a5eedu

typedef struct {
  vm_address_t address;
  vm_size_t size; /* page multiple */
} block_t;

static block_t blocks[MAX_BLOCKS];
static int block_count;
static uint32_t random_state;
static int operation;
static mach_port_t task;

/* xorshift32: the same sequence on every run for a given seed. */
static uint32_t next_random(void) {
  uint32_t x = random_state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  random_state = x;
  return x;
}

static uint32_t random_below(uint32_t limit) { return next_random() % limit; }

static vm_size_t round_to_page(vm_size_t size) { return (size + VM_PAGE_SIZE - 1) & ~(VM_PAGE_SIZE - 1); }

/* Sizes that exercise rounding: zero, sub-page, exact pages, one byte over, a few pages. */
static vm_size_t choose_size(void) {
  static const vm_size_t fixed[] = {0, 1, 0x800, 0x1000, 0x1001, 0x2000, 0x3000, 0x5000, 0x8000, 0x10000};
  switch (random_below(3)) {
    case 0: return fixed[random_below(sizeof fixed / sizeof fixed[0])];
    case 1: return (1 + random_below(12)) * VM_PAGE_SIZE;
    default: return 1 + random_below(0x9000);
  }
}

static void remember(vm_address_t address, vm_size_t size) {
  if (size == 0 || block_count == MAX_BLOCKS) return;
  blocks[block_count].address = address;
  blocks[block_count].size = size;
  block_count++;
}

static void forget(int index) { blocks[index] = blocks[--block_count]; }

static kern_return_t allocate(vm_address_t *address, vm_size_t size, int flags, int wide) {
  vm_address_t input = *address;
  kern_return_t kr;
  if (wide) {
    mach_vm_address_t wide_address = input;
    kr = mach_vm_allocate(task, &wide_address, size, flags);
    print("op=%d call=mach_vm_allocate flags=0x%x address=0x%x size=0x%x kr=%d result=0x%llx\n", ++operation,
          (unsigned)flags, input, size, kr, wide_address);
    *address = (vm_address_t)wide_address;
  } else {
    kr = vm_allocate(task, address, size, flags);
    print("op=%d call=vm_allocate flags=0x%x address=0x%x size=0x%x kr=%d result=0x%x\n", ++operation,
          (unsigned)flags, input, size, kr, *address);
  }
  return kr;
}

static kern_return_t deallocate(vm_address_t address, vm_size_t size, int wide) {
  kern_return_t kr = wide ? mach_vm_deallocate(task, address, size) : vm_deallocate(task, address, size);
  print("op=%d call=%s address=0x%x size=0x%x kr=%d\n", ++operation, wide ? "mach_vm_deallocate" : "vm_deallocate",
        address, size, kr);
  return kr;
}

static void protect(vm_address_t address, vm_size_t size, vm_prot_t protection, int wide) {
  kern_return_t kr = wide ? mach_vm_protect(task, address, size, FALSE, protection)
                          : vm_protect(task, address, size, FALSE, protection);
  print("op=%d call=%s address=0x%x size=0x%x set_maximum=0 protection=0x%x kr=%d\n", ++operation,
        wide ? "mach_vm_protect" : "vm_protect", address, size, (unsigned)protection, kr);
}

/* Reads a fresh word (it must be zero-filled), then writes to the page so it gets a real page. */
static void touch(vm_address_t address) {
  volatile uint32_t *word = (volatile uint32_t *)address;
  uint32_t before = *word;
  *word = address;
  print("op=%d call=touch address=0x%x before=0x%x\n", ++operation, address, before);
}

static void step(void) {
  int wide = random_below(4) == 0;
  uint32_t choice = random_below(100);
  if (block_count == 0 || choice < 34) {
    vm_address_t address = 0;
    vm_size_t size = choose_size();
    if (allocate(&address, size, VM_FLAGS_ANYWHERE, wide) == KERN_SUCCESS) remember(address, round_to_page(size));
    return;
  }
  int index = (int)random_below((uint32_t)block_count);
  block_t block = blocks[index];
  vm_size_t pages = block.size / VM_PAGE_SIZE;
  if (choice < 50) {
    /* The whole block, sometimes with a size that is not a page multiple. */
    vm_size_t size = random_below(2) ? block.size : block.size - VM_PAGE_SIZE + 1;
    deallocate(block.address, size, wide);
    forget(index);
  } else if (choice < 58 && pages > 1) {
    /* The head: the block keeps its tail. */
    vm_size_t cut = (1 + random_below(pages - 1)) * VM_PAGE_SIZE;
    deallocate(block.address, cut, wide);
    blocks[index].address += cut;
    blocks[index].size -= cut;
  } else if (choice < 66 && pages > 1) {
    /* The tail, from an address inside a page. */
    vm_size_t keep = (1 + random_below(pages - 1)) * VM_PAGE_SIZE;
    deallocate(block.address + keep + 0x10, block.size - keep - 0x10, wide);
    blocks[index].size = keep;
  } else if (choice < 74 && pages > 2) {
    /* One page in the middle: the block becomes two. */
    vm_size_t at = (1 + random_below(pages - 2)) * VM_PAGE_SIZE;
    deallocate(block.address + at, VM_PAGE_SIZE, wide);
    blocks[index].size = at;
    remember(block.address + at + VM_PAGE_SIZE, block.size - at - VM_PAGE_SIZE);
  } else if (choice < 80) {
    /* Free then take the same range back at a fixed address: first fit must allow it. */
    deallocate(block.address, block.size, wide);
    vm_address_t address = block.address;
    if (allocate(&address, block.size, VM_FLAGS_FIXED, !wide) != KERN_SUCCESS) forget(index);
  } else if (choice < 85) {
    /* A fixed allocation over a live block must fail with KERN_NO_SPACE. */
    vm_address_t address = block.address + random_below((uint32_t)pages) * VM_PAGE_SIZE;
    allocate(&address, VM_PAGE_SIZE, VM_FLAGS_FIXED, wide);
  } else if (choice < 90) {
    /* A free that covers the block and the hole after it: holes are skipped. */
    deallocate(block.address, block.size + 3 * VM_PAGE_SIZE, wide);
    forget(index);
  } else if (choice < 94) {
    protect(block.address, block.size, random_below(2) ? VM_PROT_READ : VM_PROT_DEFAULT, wide);
    protect(block.address, block.size, VM_PROT_DEFAULT, !wide);
  } else if (choice < 97) {
    deallocate(block.address + random_below((uint32_t)block.size), 0, wide);
  } else {
    touch(block.address + random_below((uint32_t)pages) * VM_PAGE_SIZE);
  }
}

int main(int argc, char **argv, char **envp, char **apple) {
  (void)envp;
  (void)apple;
  uint32_t operations = DEFAULT_OPERATIONS;
  uint32_t seed = DEFAULT_SEED;
  if ((argc > 1 && parse_number(argv[1], &operations) != 0) || (argc > 2 && parse_number(argv[2], &seed) != 0) ||
      seed == 0) {
    print_fd(2, "usage: vmtorture [OPERATIONS [SEED]] (SEED not 0)\n");
    return 64;
  }
  random_state = seed;
  task = mach_task_self();
  print("vmtorture operations=%u seed=0x%x\n", operations, seed);

  /* The edge cases of docs/user-abi.md §4 first, in a fixed order. */
  vm_address_t address = 0x5000;
  allocate(&address, 0, VM_FLAGS_ANYWHERE, 0);    /* size 0: success, address 0 */
  deallocate(0x5000, 0, 0);                       /* size 0: success */
  address = 0;
  allocate(&address, VM_PAGE_SIZE, VM_FLAGS_FIXED, 0); /* over __PAGEZERO: no space */
  address = 0xfffff000u;
  allocate(&address, VM_PAGE_SIZE, VM_FLAGS_FIXED, 0); /* past the map's end: invalid address */
  deallocate(0xfffff000u, 0x2000, 0);             /* wraps: invalid argument */

  while ((uint32_t)operation < operations) step();
  while (block_count > 0) {
    deallocate(blocks[block_count - 1].address, blocks[block_count - 1].size, 0);
    block_count--;
  }
  print("done operations=%d\n", operation);
  return 0;
}
