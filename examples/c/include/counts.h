#ifndef WORDSTATS_COUNTS_H
#define WORDSTATS_COUNTS_H

#include "config.h"

struct entry {
    char word[MAX_WORD];
    int count;
    struct entry *next;
};

struct counts {
    struct entry *buckets[TABLE_SIZE];
    int distinct;
};

void counts_init(struct counts *counts);
void counts_add(struct counts *counts, const char *word);
int counts_get(const struct counts *counts, const char *word);
/* The n most frequent words, most frequent first; returns how many were filled. */
int counts_top(const struct counts *counts, const struct entry **top, int n);
void counts_free(struct counts *counts);

#endif
