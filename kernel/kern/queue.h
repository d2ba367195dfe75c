/*
 * Doubly linked circular queues with a head element (osfmk/kern/queue.h, the "chain" flavour):
 * an element holds a queue_chain_t and is found from it with queue_entry.
 */
#ifndef KERN_QUEUE_H
#define KERN_QUEUE_H

#include <stddef.h>

typedef struct queue_entry {
  struct queue_entry *next;
  struct queue_entry *prev;
} queue_chain_t, queue_head_t, *queue_t, *queue_entry_t;

#define queue_entry(element, type, field) ((type *)((char *)(element) - offsetof(type, field)))

static inline void queue_init(queue_t q) {
  q->next = q;
  q->prev = q;
}

static inline int queue_empty(const queue_head_t *q) {
  return q->next == q;
}

static inline void enqueue_tail(queue_t q, queue_entry_t e) {
  e->next = q;
  e->prev = q->prev;
  q->prev->next = e;
  q->prev = e;
}

static inline void enqueue_head(queue_t q, queue_entry_t e) {
  e->prev = q;
  e->next = q->next;
  q->next->prev = e;
  q->next = e;
}

static inline void remqueue(queue_entry_t e) {
  e->next->prev = e->prev;
  e->prev->next = e->next;
  e->next = e->prev = NULL;
}

static inline queue_entry_t dequeue_head(queue_t q) {
  if (queue_empty(q)) return NULL;
  queue_entry_t e = q->next;
  remqueue(e);
  return e;
}

#endif
