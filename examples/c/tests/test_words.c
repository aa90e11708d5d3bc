/* Checks the library; exits non-zero on the first failure, which fails the build. */
#include <stdio.h>
#include <string.h>
#include "config.h"
#include "counts.h"
#include "words.h"

static int failures;

#define CHECK(cond) do { if (!(cond)) { printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); failures++; } } while (0)

static void splits_words(void) {
    char word[MAX_WORD];
    const char *at = next_word("  Hello, World!", word);
    CHECK(at != NULL && strcmp(word, "hello") == 0);
    at = next_word(at, word);
    CHECK(at != NULL && strcmp(word, "world") == 0);
    CHECK(next_word(at, word) == NULL);
}

static void counts_and_ranks(void) {
    static struct counts counts;
    counts_init(&counts);
    const char *words[] = {"b", "a", "b", "c", "b", "a"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        counts_add(&counts, words[i]);
    }
    CHECK(counts.distinct == 3);
    CHECK(counts_get(&counts, "b") == 3);
    CHECK(counts_get(&counts, "z") == 0);
    const struct entry *top[2];
    CHECK(counts_top(&counts, top, 2) == 2);
    CHECK(strcmp(top[0]->word, "b") == 0 && strcmp(top[1]->word, "a") == 0);
    counts_free(&counts);
}

int main(void) {
    splits_words();
    counts_and_ranks();
    printf("%s: %d failure(s)\n", failures ? "FAILED" : "passed", failures);
    return failures != 0;
}
