/*
 * exec (bsd/kern/kern_exec.c, mach_loader.c; spec §6.1, docs/user-abi.md §5-§6). The host loader
 * puts the program's ELF bytes and its strings in the boot area, as a ramdisk would be; the kernel
 * checks the image itself, builds the task's 10.4 address space in 10.4's order (__PAGEZERO, the
 * segments from 0x1000, the shared region and commpage reservations, dyld's range, then the
 * stack), copies the strings out in exec_copyout_strings' layout, and enters user mode at e_entry.
 *
 * The segments' pages are resident from the start, filled from the image the way pages of a file
 * are in the buffer cache: the first touch of each still faults (handlePF finds no mapping, so
 * vm_fault enters the resident page) exactly as a 10.4 process faults on its cached text.
 */
#include "bsd/kern_exec.h"

#include "kern/console_channel.h"
#include "kern/misc_protos.h"
#include "kern/task.h"
#include "mach/vm_param.h"
#include "ppc/boot.h"
#include "ppc/copyio.h"
#include "ppc/pmap.h"
#include "ppc/proc_reg.h"
#include "ppc/savearea.h"
#include "vm/vm_object.h"
#include "vm/vm_page.h"

extern struct boot_args PE_boot_args;
__attribute__((noreturn)) void exception_return(struct savearea *state);

/* The 10.4 layout (spec §6.1). */
#define USRSTACK 0xC0000000u
#define USER_STACK_SIZE (8u * 1024 * 1024) /* DFLSSIZ */
#define PAGEZERO_SIZE 0x1000u
#define DYLD_BASE 0x8FE00000u
#define SHARED_TEXT_REGION 0x90000000u
#define SHARED_DATA_REGION 0xA0000000u
#define SHARED_REGION_SIZE 0x10000000u
#define COMM_PAGE_BASE 0xFFFF8000u
#define COMM_PAGE_AREA_LENGTH (7u * PAGE_SIZE)

#define EXEC_FAILED_STATUS 126
#define ARG_MAX (256u * 1024)

/* ELF (System V ABI, PowerPC supplement). */
#define ET_EXEC 2
#define EM_PPC 20
#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define ELF_HEADER_SIZE 52
#define PROGRAM_HEADER_SIZE 32
#define MAX_SEGMENTS 8

struct load_segment {
  uint32_t offset, vaddr, filesz, memsz, flags;
};

struct exec_image {
  const uint8_t *bytes;
  uint32_t size;
  uint32_t entry;
  unsigned int nsegments;
  struct load_segment segments[MAX_SEGMENTS];
};

static uint16_t be16(const uint8_t *p) {
  return (uint16_t)(p[0] << 8 | p[1]);
}
static uint32_t be32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * The checks of docs/user-abi.md §6.2; returns NULL, or what is wrong. Nothing is mapped before
 * the whole image has passed.
 */
static const char *exec_check_image(struct exec_image *image) {
  const uint8_t *e = image->bytes;
  if (image->size < ELF_HEADER_SIZE || e[0] != 0x7F || e[1] != 'E' || e[2] != 'L' || e[3] != 'F') {
    return "not an ELF file";
  }
  if (e[4] != 1) return "not a 32-bit ELF file (ELFCLASS32)";
  if (e[5] != 2) return "not a big-endian ELF file (ELFDATA2MSB)";
  if (e[6] != 1) return "unknown ELF version";
  if (be16(e + 18) != EM_PPC) return "not a PowerPC executable (EM_PPC)";
  if (be16(e + 16) != ET_EXEC) return "not an executable (ET_EXEC)";
  image->entry = be32(e + 24);
  uint32_t phoff = be32(e + 28);
  uint16_t phentsize = be16(e + 42), phnum = be16(e + 44);
  if (phnum == 0) return "no program headers";
  if (phentsize != PROGRAM_HEADER_SIZE) return "unexpected program header size";
  if (phoff > image->size || (uint64_t)phoff + (uint64_t)phnum * PROGRAM_HEADER_SIZE > image->size) {
    return "program headers lie outside the file";
  }
  image->nsegments = 0;
  uint32_t previous_end = PAGEZERO_SIZE;
  boolean_t entry_ok = FALSE;
  for (unsigned int i = 0; i < phnum; i++) {
    const uint8_t *ph = e + phoff + i * PROGRAM_HEADER_SIZE;
    if (be32(ph) != PT_LOAD) continue;
    struct load_segment s = {be32(ph + 4), be32(ph + 8), be32(ph + 16), be32(ph + 20), be32(ph + 24)};
    if (s.memsz == 0) continue;
    if (image->nsegments == MAX_SEGMENTS) return "too many loadable segments";
    if (s.vaddr < PAGEZERO_SIZE) return "a segment would map page zero";
    if ((s.vaddr & PAGE_MASK) != 0 || (s.offset & PAGE_MASK) != (s.vaddr & PAGE_MASK)) {
      return "a loadable segment is not page-aligned";
    }
    if (s.filesz > s.memsz) return "a segment's file size exceeds its memory size";
    if ((uint64_t)s.offset + s.filesz > image->size) return "a segment's data lies outside the file";
    uint64_t end = (uint64_t)s.vaddr + s.memsz;
    if (end > DYLD_BASE) return "a segment reaches the dyld and shared-region ranges";
    if (s.vaddr < previous_end) return "loadable segments overlap or are out of order";
    previous_end = round_page((uint32_t)end);
    if ((s.flags & PF_X) != 0 && image->entry >= s.vaddr && image->entry < end) entry_ok = TRUE;
    image->segments[image->nsegments++] = s;
  }
  if (image->nsegments == 0) return "no loadable segments";
  if (!entry_ok) return "the entry point is not in an executable segment";
  return NULL;
}

static vm_prot_t segment_protection(uint32_t flags) {
  return ((flags & PF_R) ? VM_PROT_READ : 0) | ((flags & PF_W) ? VM_PROT_WRITE : 0) |
         ((flags & PF_X) ? VM_PROT_EXECUTE : 0);
}

/* Copies bytes the loader placed in the boot area (mapped V=R) into a physical page. */
static void copy_to_physical_page(ppnum_t pn, const uint8_t *source, uint32_t length) {
  uint32_t msr = ml_set_physical_disabled();
  memcpy((void *)ptoa(pn), source, length);
  ml_restore(msr);
}

/*
 * load_segment: an object holding the segment, its file pages resident (the tail of the last one
 * zeroed), the rest zero-fill on demand, mapped fixed with the segment's protection and a
 * maximum of VM_PROT_ALL, as a Mach-O segment's is.
 */
static kern_return_t load_segment(task_t task, const struct exec_image *image, const struct load_segment *s) {
  vm_size_t size = round_page(s->memsz);
  vm_object_t object = vm_object_allocate(size);
  for (uint32_t offset = 0; offset < s->filesz; offset += PAGE_SIZE) {
    vm_page_t page;
    while ((page = vm_page_alloc(object, offset)) == VM_PAGE_NULL) VM_PAGE_WAIT();
    uint32_t length = s->filesz - offset < PAGE_SIZE ? s->filesz - offset : PAGE_SIZE;
    if (length < PAGE_SIZE) pmap_zero_page(page->phys_page);
    copy_to_physical_page(page->phys_page, image->bytes + s->offset + offset, length);
    page->busy = FALSE;
    vm_page_activate(page);
  }
  vm_map_offset_t address = s->vaddr;
  kern_return_t kr = vm_map_enter(task->map, &address, size, 0, VM_FLAGS_FIXED, object, 0, FALSE,
                                  segment_protection(s->flags), VM_PROT_ALL, VM_INHERIT_DEFAULT);
  if (kr != KERN_SUCCESS) vm_object_deallocate(object);
  return kr;
}

/* A reserved range: an entry nothing can use yet (no access), with 10.4's maximum protection. */
static kern_return_t reserve_range(task_t task, vm_offset_t start, vm_size_t size, vm_prot_t max_protection) {
  vm_map_offset_t address = start;
  return vm_map_enter(task->map, &address, size, 0, VM_FLAGS_FIXED, VM_OBJECT_NULL, 0, FALSE, VM_PROT_NONE,
                      max_protection, VM_INHERIT_SHARE);
}

static uint32_t round4(uint32_t n) {
  return (n + 3) & ~3u;
}

static int copyout_word(uint32_t value, uint32_t address) {
  uint8_t bytes[4] = {(uint8_t)(value >> 24), (uint8_t)(value >> 16), (uint8_t)(value >> 8), (uint8_t)value};
  return copyout(bytes, address, 4);
}

/*
 * exec_copyout_strings (docs/user-abi.md §5.1): strings at the top of the stack, the exec path
 * below them, then apple, envp and argv pointers and argc. Returns the initial r1, or 0.
 */
static uint32_t exec_copyout_strings(const char *strings, uint32_t strings_size, uint32_t argc, uint32_t envc) {
  const char *path = strings;
  uint32_t path_length = (uint32_t)strlen(path) + 1;
  uint32_t length = strings_size;
  uint32_t string_area = USRSTACK - round4(length + round4(length)) - 4;
  uint32_t path_area = string_area - round4(path_length);
  uint32_t sp = path_area - (argc + envc + 4) * 4 - 4;
  if (copyout(path, path_area, path_length) != 0) return 0;
  if (copyout(strings + path_length, string_area, strings_size - path_length) != 0) return 0;
  if (copyout_word(0, path_area - 4) != 0 || copyout_word(path_area, path_area - 8) != 0) return 0;
  if (copyout_word(argc, sp) != 0) return 0;
  uint32_t pointer = sp + 4, text = string_area;
  const char *s = strings + path_length;
  for (uint32_t i = 0; i < argc + envc; i++) {
    if (i == argc) {
      if (copyout_word(0, pointer) != 0) return 0;
      pointer += 4;
    }
    if (copyout_word(text, pointer) != 0) return 0;
    uint32_t n = (uint32_t)strlen(s) + 1;
    text += n;
    s += n;
    pointer += 4;
  }
  if (envc == 0) {
    if (copyout_word(0, pointer) != 0) return 0;
    pointer += 4;
  }
  if (copyout_word(0, pointer) != 0) return 0;
  return sp;
}

/* The boot strings must be argc + envc + 1 NUL-terminated strings filling the area exactly. */
static boolean_t exec_strings_valid(const char *strings, uint32_t size, uint32_t count) {
  if (size == 0 || strings[size - 1] != '\0') return FALSE;
  uint32_t found = 0;
  for (uint32_t i = 0; i < size; i++) found += strings[i] == '\0';
  return found == count;
}

static __attribute__((noreturn)) void exec_fail(const char *path, const char *reason) {
  char message[256];
  int n = snprintf(message, sizeof message, "exec: %s: %s\n", path, reason);
  if (n > (int)sizeof message - 1) n = sizeof message - 1;
  console_channel_write(CHANNEL_STDERR, message, (size_t)n);
  task_report("ppcmac-task: exec failed status=%d reason=%s\n", EXEC_FAILED_STATUS, reason);
  halt_machine(EXEC_FAILED_STATUS);
}

static void report_map(task_t task) {
  for (vm_map_entry_t entry = vm_map_first_entry(task->map); entry != vm_map_to_entry(task->map);
       entry = entry->vme_next) {
    task_report("ppcmac-task: map start=0x%08x end=0x%08x protection=%u max_protection=%u\n", entry->vme_start,
                entry->vme_end, (unsigned int)entry->protection, (unsigned int)entry->max_protection);
  }
}

void load_init_program(void) {
  const char *strings = (const char *)PE_boot_args.exec_strings;
  uint32_t argc = PE_boot_args.exec_argc, envc = PE_boot_args.exec_envc;
  /* execve's E2BIG: the path, arguments and environment together exceed ARG_MAX. */
  uint32_t strings_size = PE_boot_args.exec_strings_size;
  if (strings_size > ARG_MAX) {
    exec_fail(strings[strings_size - 1] == '\0' ? strings : "(boot program)", "argument list too long");
  }
  if (!exec_strings_valid(strings, PE_boot_args.exec_strings_size, argc + envc + 1)) {
    exec_fail("(boot program)", "the loader's argument strings are malformed");
  }
  const char *path = strings;
  struct exec_image image = {(const uint8_t *)PE_boot_args.exec_image, PE_boot_args.exec_image_size, 0, 0, {{0}}};
  const char *problem = exec_check_image(&image);
  if (problem != NULL) exec_fail(path, problem);

  task_t task = task_create();
  if (task == TASK_NULL) exec_fail(path, "cannot create a task");
  /* parse_machfile's order: __PAGEZERO and the segments, the shared region and commpage, then dyld. */
  if (reserve_range(task, 0, PAGEZERO_SIZE, VM_PROT_NONE) != KERN_SUCCESS) panic("exec: __PAGEZERO");
  for (unsigned int i = 0; i < image.nsegments; i++) {
    if (load_segment(task, &image, &image.segments[i]) != KERN_SUCCESS) panic("exec: segment %u", i);
  }
  if (reserve_range(task, SHARED_TEXT_REGION, SHARED_REGION_SIZE, VM_PROT_READ) != KERN_SUCCESS ||
      reserve_range(task, SHARED_DATA_REGION, SHARED_REGION_SIZE, VM_PROT_READ) != KERN_SUCCESS ||
      reserve_range(task, COMM_PAGE_BASE, COMM_PAGE_AREA_LENGTH, VM_PROT_READ) != KERN_SUCCESS ||
      reserve_range(task, DYLD_BASE, SHARED_TEXT_REGION - DYLD_BASE, VM_PROT_ALL) != KERN_SUCCESS) {
    panic("exec: reserved ranges");
  }
  /* create_unix_stack: a fixed allocation tagged VM_MEMORY_STACK ending at USRSTACK. */
  vm_map_offset_t stack = USRSTACK - USER_STACK_SIZE;
  if (vm_map_enter(task->map, &stack, USER_STACK_SIZE, 0, VM_FLAGS_FIXED | (int)VM_MAKE_TAG(VM_MEMORY_STACK),
                   VM_OBJECT_NULL, 0, FALSE, VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_DEFAULT) != KERN_SUCCESS) {
    panic("exec: stack");
  }
  report_map(task);

  uint32_t sp = exec_copyout_strings(strings, PE_boot_args.exec_strings_size, argc, envc);
  if (sp == 0) panic("exec: the strings do not fit on the stack");
  task_report("ppcmac-task: exec pid=%d entry=0x%08x sp=0x%08x space=0x%x\n", task->pid, image.entry, sp,
              task->map->pmap->space);

  /* docs/user-abi.md §5.2: user mode with translation and interrupts on, FP off, r1 = sp, all else 0. */
  struct savearea state;
  bzero(&state, sizeof state);
  state.save_srr0 = image.entry;
  state.save_srr1 = MASK_MSR_EE | MASK_MSR_PR | MASK_MSR_ME | MASK_MSR_IR | MASK_MSR_DR;
  state.save_r[1] = sp;
  mtspr(SPR_DEC, 0x7FFFFFFF);
  exception_return(&state);
}
