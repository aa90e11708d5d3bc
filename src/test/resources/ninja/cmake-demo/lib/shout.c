#include <stdio.h>
#include <ctype.h>
#include "shout.h"
void shout(const char *s) { for (; *s; s++) putchar(toupper((unsigned char)*s)); putchar('\n'); }
