#include <stdlib.h>
#include <string.h>
#include "counts.h"

static unsigned hash(const char *word) {
    unsigned h = 5381;
    for (; *word; word++) {
        h = h * 33 + (unsigned char) *word;
    }
    return h % TABLE_SIZE;
}

void counts_init(struct counts *counts) {
    memset(counts, 0, sizeof *counts);
}

void counts_add(struct counts *counts, const char *word) {
    struct entry **slot = &counts->buckets[hash(word)];
    for (struct entry *e = *slot; e; e = e->next) {
        if (strcmp(e->word, word) == 0) {
            e->count++;
            return;
        }
    }
    struct entry *e = calloc(1, sizeof *e);
    strncpy(e->word, word, MAX_WORD - 1);
    e->count = 1;
    e->next = *slot;
    *slot = e;
    counts->distinct++;
}

int counts_get(const struct counts *counts, const char *word) {
    for (struct entry *e = counts->buckets[hash(word)]; e; e = e->next) {
        if (strcmp(e->word, word) == 0) {
            return e->count;
        }
    }
    return 0;
}

static int more_frequent(const struct entry *a, const struct entry *b) {
    return a->count > b->count || (a->count == b->count && strcmp(a->word, b->word) < 0);
}

int counts_top(const struct counts *counts, const struct entry **top, int n) {
    int filled = 0;
    for (int i = 0; i < TABLE_SIZE; i++) {
        for (const struct entry *e = counts->buckets[i]; e; e = e->next) {
            int at = filled < n ? filled++ : n;
            if (at == n && !more_frequent(e, top[n - 1])) {
                continue;
            }
            if (at == n) {
                at = n - 1;
            }
            while (at > 0 && more_frequent(e, top[at - 1])) {
                top[at] = top[at - 1];
                at--;
            }
            top[at] = e;
        }
    }
    return filled;
}

void counts_free(struct counts *counts) {
    for (int i = 0; i < TABLE_SIZE; i++) {
        struct entry *e = counts->buckets[i];
        while (e) {
            struct entry *next = e->next;
            free(e);
            e = next;
        }
    }
    counts_init(counts);
}
