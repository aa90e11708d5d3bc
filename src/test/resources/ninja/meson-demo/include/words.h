#ifndef WORDS_H
#define WORDS_H
#include "detail/limits.h"
int count_words(const char *s);
#endif
