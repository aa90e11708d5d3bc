/* wordstats: reads text on stdin and prints its most frequent words. */
#include <stdio.h>
#include <stdlib.h>
#include "counts.h"
#include "words.h"

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 10;
    if (n <= 0 || n > 1000) {
        fprintf(stderr, "usage: wordstats [N]   (1 <= N <= 1000)\n");
        return 2;
    }
    static struct counts counts;
    counts_init(&counts);
    char line[4096], word[MAX_WORD];
    long total = 0;
    while (fgets(line, sizeof line, stdin)) {
        for (const char *at = line; (at = next_word(at, word)) != NULL; total++) {
            counts_add(&counts, word);
        }
    }
    const struct entry *top[1000];
    int shown = counts_top(&counts, top, n);
    printf("%ld words, %d distinct\n", total, counts.distinct);
    for (int i = 0; i < shown; i++) {
        printf("%7d  %s\n", top[i]->count, top[i]->word);
    }
    counts_free(&counts);
    return 0;
}
