/* The VP hash and object page operations (§1.6). */
#include "tests/kern_tests.h"

#include "vm/vm_object.h"
#include "vm/vm_page.h"

/* The hash of §1.6, computed here independently of vm_page.h's macro. */
static uint32_t expected_bucket(vm_object_t object, vm_object_offset_t offset) {
  uint32_t multiplier = vm_page_bucket_hash;
  return ((uint32_t)(uintptr_t)object * multiplier + ((uint32_t)(offset >> 12) ^ multiplier)) & (vm_page_bucket_count - 1);
}

/* Bucket count: the smallest power of two >= the free pages at bootstrap; multiplier 2^((L+1)/2) | 2^((L+1)/4) | 1. */
void test_vp_hash_parameters(void) {
  unsigned int count = 1, log2 = 0;
  while (count < vm_page_bootstrap_free_pages) count <<= 1, log2++;
  T_EXPECT_EQ(vm_page_bucket_count, count);
  T_EXPECT_EQ(vm_page_hash_mask, count - 1);
  T_EXPECT_EQ(vm_page_bucket_hash, (1u << ((log2 + 1) / 2)) | (1u << ((log2 + 1) / 4)) | 1u);
  /* The pages counted then include the ones stolen afterwards for the buckets and the vm_page array. */
  T_EXPECT(vm_page_bootstrap_free_pages > vm_pages_count);
  kt_note("vp hash buckets %u multiplier 0x%x for %u pages", vm_page_bucket_count, vm_page_bucket_hash,
          vm_page_bootstrap_free_pages);
}

#define HASH_TEST_PAGES 4096
#define HASH_TEST_OBJECTS 3
static vm_page_t hash_pages[HASH_TEST_PAGES];

/* Page i lives in object i % 3 at a sparse offset; object 2's offsets are above 4 GB. */
static vm_object_offset_t test_offset(unsigned int i) {
  vm_object_offset_t offset = (vm_object_offset_t)(i / HASH_TEST_OBJECTS) * 5 * PAGE_SIZE;
  if (i % HASH_TEST_OBJECTS == 2) offset += (vm_object_offset_t)1 << 32;
  return offset;
}

/* Thousands of inserts: head insertion in the right bucket, tail insertion on memq, every lookup right. */
void test_vp_hash_thousands(void) {
  unsigned int n = HASH_TEST_PAGES;
  if (vm_page_free_count < vm_page_free_reserved + 2 * n) n = (vm_page_free_count - vm_page_free_reserved) / 2;
  T_ASSERT(n >= 1000);
  vm_object_t objects[HASH_TEST_OBJECTS];
  for (int k = 0; k < HASH_TEST_OBJECTS; k++) objects[k] = vm_object_allocate((vm_object_size_t)1 << 40);

  for (unsigned int i = 0; i < n; i++) {
    vm_object_t object = objects[i % HASH_TEST_OBJECTS];
    vm_page_t m = vm_page_alloc(object, test_offset(i));
    T_ASSERT(m != NULL);
    hash_pages[i] = m;
    if (i < 64 || i % 97 == 0) {
      T_EXPECT(m->tabled && m->busy && m->object == object && m->offset == test_offset(i));
      T_EXPECT(vm_page_buckets[expected_bucket(object, test_offset(i))].pages == m); /* head of its bucket */
      T_EXPECT(object->memq_hint == m);
      T_EXPECT(object->memq.prev == &m->listq); /* tail of memq */
    }
  }
  for (int k = 0; k < HASH_TEST_OBJECTS; k++) {
    T_EXPECT_EQ(objects[k]->resident_page_count, n / HASH_TEST_OBJECTS + ((unsigned)k < n % HASH_TEST_OBJECTS ? 1 : 0));
    /* memq holds the object's pages in insertion order. */
    unsigned int i = (unsigned int)k;
    for (queue_entry_t e = objects[k]->memq.next; e != &objects[k]->memq; e = e->next, i += HASH_TEST_OBJECTS) {
      if (i >= n || queue_entry(e, struct vm_page, listq) != hash_pages[i]) {
        kt_fail(__FILE__, __LINE__, "object %d memq out of insertion order at page %u", k, i);
        break;
      }
    }
  }
  /* Lookups, in an order that defeats the hint: every page found, every gap empty. */
  unsigned int longest = 0;
  for (unsigned int j = 0; j < n; j++) {
    unsigned int i = (j * 2654435761u) % n;
    vm_object_t object = objects[i % HASH_TEST_OBJECTS];
    if (vm_page_lookup(object, test_offset(i)) != hash_pages[i]) {
      kt_fail(__FILE__, __LINE__, "lookup of page %u failed", i);
      break;
    }
    if (vm_page_lookup(object, test_offset(i) + 2 * PAGE_SIZE) != NULL) {
      kt_fail(__FILE__, __LINE__, "lookup of a gap after page %u found a page", i);
      break;
    }
    unsigned int chain = 0;
    for (vm_page_t m = vm_page_buckets[expected_bucket(object, test_offset(i))].pages; m != NULL; m = m->next) chain++;
    if (chain > longest) longest = chain;
  }
  kt_note("vp hash %u pages in %d objects, longest chain %u", n, HASH_TEST_OBJECTS, longest);

  /* Remove every other page: those are gone, the rest still found. */
  for (unsigned int i = 0; i < n; i += 2) {
    vm_page_remove(hash_pages[i]);
    vm_page_free(hash_pages[i]);
  }
  for (unsigned int i = 0; i < n; i++) {
    vm_page_t found = vm_page_lookup(objects[i % HASH_TEST_OBJECTS], test_offset(i));
    if (found != (i % 2 == 0 ? NULL : hash_pages[i])) {
      kt_fail(__FILE__, __LINE__, "after removals, lookup of page %u is wrong", i);
      break;
    }
  }

  /* vm_page_replace evicts and frees the page already at the offset. */
  vm_page_t old = hash_pages[1];
  vm_page_t replacement = vm_page_grab();
  T_ASSERT(replacement != NULL);
  unsigned int free_before = vm_page_free_count;
  vm_page_replace(replacement, objects[1 % HASH_TEST_OBJECTS], test_offset(1));
  T_EXPECT(old->free);
  T_EXPECT_EQ(vm_page_free_count, free_before + 1);
  T_EXPECT(vm_page_lookup(objects[1 % HASH_TEST_OBJECTS], test_offset(1)) == replacement);

  for (int k = 0; k < HASH_TEST_OBJECTS; k++) vm_object_deallocate(objects[k]);
}

/* memq_hint: set by inserts and hits, used for the hint's neighbours, cleared when its page goes. */
void test_vp_hash_memq_hint(void) {
  vm_object_t object = vm_object_allocate(64 * PAGE_SIZE);
  vm_page_t pages[8];
  for (int i = 0; i < 8; i++) {
    pages[i] = vm_page_alloc(object, (vm_object_offset_t)i * PAGE_SIZE);
    T_ASSERT(pages[i] != NULL);
  }
  T_EXPECT(object->memq_hint == pages[7]);
  T_EXPECT(vm_page_lookup(object, 3 * PAGE_SIZE) == pages[3]);
  T_EXPECT(object->memq_hint == pages[3]);
  T_EXPECT(vm_page_lookup(object, 4 * PAGE_SIZE) == pages[4]); /* the hint's successor */
  T_EXPECT(object->memq_hint == pages[4]);
  T_EXPECT(vm_page_lookup(object, 3 * PAGE_SIZE) == pages[3]); /* its predecessor */
  T_EXPECT(object->memq_hint == pages[3]);
  vm_page_free(pages[3]);
  T_EXPECT(object->memq_hint == NULL);
  T_EXPECT(vm_page_lookup(object, 3 * PAGE_SIZE) == NULL);
  T_EXPECT(vm_page_lookup(object, 6 * PAGE_SIZE) == pages[6]); /* through the bucket */
  T_EXPECT(object->memq_hint == pages[6]);
  vm_object_deallocate(object);
}

/* §1.6: vm_page_alloc = grab + insert: the page comes back busy, in the object, and not zeroed. */
void test_vm_page_alloc_not_zeroed(void) {
  vm_object_t object = vm_object_allocate(PAGE_SIZE);
  vm_page_t m = vm_page_grab();
  T_ASSERT(m != NULL);
  phys_fill_page(m->phys_page, 0x1234);
  vm_page_free(m);
  vm_page_t a = vm_page_alloc(object, 0);
  T_EXPECT(a == m); /* LIFO */
  T_EXPECT(a->busy && a->tabled && a->object == object);
  T_EXPECT(phys_page_has_pattern(a->phys_page, 0x1234));
  vm_object_deallocate(object);
}
