#include <words.h>
int count_words(const char *s) { int n = 0, in = 0; for (; *s && n < MAX_WORDS; s++) { if (*s == ' ') in = 0; else if (!in) { in = 1; n++; } } return n; }
