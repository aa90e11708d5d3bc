#ifndef WORDSTATS_WORDS_H
#define WORDSTATS_WORDS_H

#include <stddef.h>
#include "config.h"

/* Copies the next word of text (letters and digits, lowercased) into word; returns where it
   ended, or NULL when there is none. */
const char *next_word(const char *text, char word[MAX_WORD]);

#endif
