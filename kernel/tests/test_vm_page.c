/* The free list, the reserve and vm_page_wait (§1.2-1.5). */
#include "tests/kern_tests.h"

#include "kern/sched_prim.h"
#include "kern/thread.h"
#include "vm/vm_object.h"
#include "vm/vm_page.h"

#define GRAB_ORDER_PAGES 64

/* The lowest physical page on the free list. */
static ppnum_t lowest_free_page(unsigned int *count) {
  ppnum_t lowest = 0xFFFFFFFFu;
  unsigned int n = 0;
  for (vm_page_t m = vm_page_queue_free; m != NULL; m = (vm_page_t)(void *)m->pageq.next) {
    if (m->phys_page < lowest) lowest = m->phys_page;
    n++;
  }
  *count = n;
  return lowest;
}

/*
 * §1.2 step 4: the free list was filled in reverse, so after boot it hands out ascending pages,
 * one apart, starting at the lowest free page. Runs first, before any test reorders the list.
 */
void test_vm_page_grab_order(void) {
  unsigned int on_list;
  ppnum_t lowest = lowest_free_page(&on_list);
  T_EXPECT_EQ(on_list, vm_page_free_count);
  vm_page_t grabbed[GRAB_ORDER_PAGES];
  unsigned int free_before = vm_page_free_count;
  for (int i = 0; i < GRAB_ORDER_PAGES; i++) {
    grabbed[i] = vm_page_grab();
    T_ASSERT(grabbed[i] != NULL);
  }
  T_EXPECT_EQ(grabbed[0]->phys_page, lowest);
  for (int i = 1; i < GRAB_ORDER_PAGES; i++) T_EXPECT_EQ(grabbed[i]->phys_page, grabbed[i - 1]->phys_page + 1);
  T_EXPECT_EQ(vm_page_free_count, free_before - GRAB_ORDER_PAGES);
  /* Nothing below the first page handed out is free: boot consumed exactly a prefix. */
  T_EXPECT_EQ(grabbed[0]->phys_page - vm_pages[0].phys_page, (ppnum_t)(grabbed[0] - vm_pages));
  kt_note("first grab 0x%x (vm_pages[0] 0x%x)", grabbed[0]->phys_page, vm_pages[0].phys_page);
  /* Give them back in reverse so the list is as it was. */
  for (int i = GRAB_ORDER_PAGES - 1; i >= 0; i--) vm_page_release(grabbed[i]);
  T_EXPECT_EQ(vm_page_free_count, free_before);
  T_EXPECT(vm_page_queue_free == grabbed[0]);
}

/* §1.4 step 3: the state of a page just grabbed. */
void test_vm_page_grab_state(void) {
  vm_page_t m = vm_page_grab();
  T_ASSERT(m != NULL);
  T_EXPECT(!m->free);
  T_EXPECT(m->busy);
  T_EXPECT(m->no_isync);
  T_EXPECT(!m->tabled);
  T_EXPECT(m->object == NULL);
  T_EXPECT_EQ(m->offset, (vm_object_offset_t)-1);
  T_EXPECT_EQ(m->wire_count, 0);
  T_EXPECT(m->pageq.next == NULL);
  vm_page_release(m);
}

/* §1.5: freed pages go on the head of the list and come back first, last freed first. */
void test_vm_page_lifo_reuse(void) {
  unsigned int free_before = vm_page_free_count;
  vm_page_t a = vm_page_grab(), b = vm_page_grab(), c = vm_page_grab();
  T_ASSERT(a != NULL && b != NULL && c != NULL);
  vm_page_free(a);
  vm_page_free(b);
  vm_page_free(c);
  T_EXPECT_EQ(vm_page_free_count, free_before);
  T_EXPECT(vm_page_queue_free == c);
  vm_page_t x = vm_page_grab(), y = vm_page_grab(), z = vm_page_grab();
  T_EXPECT(x == c);
  T_EXPECT(y == b);
  T_EXPECT(z == a);
  vm_page_free(z);
  vm_page_free(y);
  vm_page_free(x);
  T_EXPECT_EQ(vm_page_free_count, free_before);
}

/* §1.5: vm_page_free takes the page out of its object and the VP hash, unwires it, re-initialises it. */
void test_vm_page_free_resets(void) {
  vm_object_t object = vm_object_allocate(PAGE_SIZE);
  unsigned int wired_before = vm_page_wire_count;
  vm_page_t m = vm_page_alloc(object, 0);
  T_ASSERT(m != NULL);
  vm_page_wire(m);
  T_EXPECT_EQ(vm_page_wire_count, wired_before + 1);
  T_EXPECT(vm_page_lookup(object, 0) == m);
  vm_page_free(m);
  T_EXPECT(vm_page_lookup(object, 0) == NULL);
  T_EXPECT_EQ(object->resident_page_count, 0);
  T_EXPECT_EQ(vm_page_wire_count, wired_before);
  T_EXPECT(m->free);
  T_EXPECT(m->busy);
  T_EXPECT(m->object == NULL);
  T_EXPECT_EQ(m->wire_count, 0);
  vm_object_deallocate(object);
}

/* Pages taken by a test, chained through pageq.next (they are on no queue while grabbed). */
static vm_page_t take_all(unsigned int *count) {
  vm_page_t chain = NULL;
  unsigned int n = 0;
  for (vm_page_t m; (m = vm_page_grab()) != NULL; n++) {
    m->pageq.next = (queue_entry_t)(void *)chain;
    chain = m;
  }
  *count = n;
  return chain;
}

/* Gives a chain back last-taken first, which restores the free list's order. */
static void release_chain(vm_page_t chain) {
  while (chain != NULL) {
    vm_page_t next = (vm_page_t)(void *)chain->pageq.next;
    vm_page_release(chain);
    chain = next;
  }
}

/*
 * §1.4 step 1: below the reserve an unprivileged grab returns NULL at once; a VM-privileged
 * thread still gets pages.
 */
void test_vm_page_reserve(void) {
  unsigned int free_before = vm_page_free_count;
  unsigned int reserved = vm_page_free_reserved;
  T_ASSERT(reserved > 0 && free_before > reserved);
  thread_t self = current_thread();
  T_ASSERT((self->options & TH_OPT_VMPRIV) == 0);

  /* A grab succeeds while free_count >= reserved before it: free_before - reserved + 1 of them. */
  unsigned int n;
  vm_page_t chain = take_all(&n);
  T_EXPECT_EQ(n, free_before - reserved + 1);
  T_EXPECT_EQ(vm_page_free_count, reserved - 1);
  T_EXPECT(vm_page_grab() == NULL);
  T_EXPECT_EQ(vm_page_free_count, reserved - 1);
  T_EXPECT(vm_page_throttled());

  self->options |= TH_OPT_VMPRIV;
  vm_page_t privileged = vm_page_grab();
  T_EXPECT(!vm_page_throttled());
  self->options &= ~TH_OPT_VMPRIV;
  T_EXPECT(privileged != NULL);
  T_EXPECT_EQ(vm_page_free_count, reserved - 2);

  if (privileged != NULL) vm_page_release(privileged);
  release_chain(chain);
  T_EXPECT_EQ(vm_page_free_count, free_before);
}

/* §1.5: with free_count >= target, vm_page_wait returns TRUE at once. */
void test_vm_page_wait_immediate(void) {
  T_ASSERT(vm_page_free_count >= vm_page_free_target);
  unsigned int wanted = vm_page_free_wanted;
  T_EXPECT(vm_page_wait(THREAD_UNINT));
  T_EXPECT_EQ(vm_page_free_wanted, wanted);
  T_EXPECT_EQ(wait_queue_count((event_t)&vm_page_free_count), 0);
}

/* What the releasing thread saw. */
static struct {
  vm_page_t chain;
  unsigned int waiters_seen; /* threads waiting on &vm_page_free_count when it started */
  unsigned int wanted_seen;  /* vm_page_free_wanted then */
  unsigned int woken_at;     /* free_count right after the release that woke the waiter */
  unsigned int released;
} releaser;

static void release_pages(void *parameter) {
  (void)parameter;
  releaser.waiters_seen = wait_queue_count((event_t)&vm_page_free_count);
  releaser.wanted_seen = vm_page_free_wanted;
  while (releaser.chain != NULL) {
    vm_page_t next = (vm_page_t)(void *)releaser.chain->pageq.next;
    vm_page_release(releaser.chain);
    releaser.chain = next;
    releaser.released++;
    if (releaser.woken_at == 0 && wait_queue_count((event_t)&vm_page_free_count) == 0) {
      releaser.woken_at = vm_page_free_count;
    }
  }
}

/*
 * §1.5: below the target vm_page_wait blocks; vm_page_release wakes exactly one waiter once
 * free_count is back at the reserve, and the waiter returns TRUE.
 */
void test_vm_page_wait_blocks(void) {
  unsigned int free_before = vm_page_free_count;
  unsigned int internal_before = kt_internal_pages();
  unsigned int reserved = vm_page_free_reserved;
  /* The helper thread's stack and structure are allocated before the pages run short. */
  bzero(&releaser, sizeof releaser);
  thread_t helper;
  T_ASSERT(kernel_thread_start(release_pages, NULL, "releaser", &helper) == KERN_SUCCESS);

  unsigned int n;
  releaser.chain = take_all(&n);
  /* A few more with VM privilege, so the waiter sleeps well below the reserve: the releases
     before free_count is back at the reserve must not wake it. */
  thread_t self = current_thread();
  self->options |= TH_OPT_VMPRIV;
  for (int extra = 0; extra < 5; extra++, n++) {
    vm_page_t m = vm_page_grab();
    T_ASSERT(m != NULL);
    m->pageq.next = (queue_entry_t)(void *)releaser.chain;
    releaser.chain = m;
  }
  self->options &= ~TH_OPT_VMPRIV;
  T_ASSERT_EQ(vm_page_free_count, reserved - 6);

  boolean_t awakened = vm_page_wait(THREAD_UNINT); /* blocks; the helper runs */
  T_EXPECT(awakened);
  T_EXPECT_EQ(releaser.waiters_seen, 1);
  T_EXPECT_EQ(releaser.wanted_seen, 1);
  T_EXPECT_EQ(releaser.woken_at, reserved);
  T_EXPECT_EQ(releaser.released, n);
  T_EXPECT_EQ(vm_page_free_wanted, 0);
  /* The helper has terminated and its stack went back when this thread ran again. */
  T_EXPECT_EQ(vm_page_free_count + (kt_internal_pages() - internal_before), free_before);
}
