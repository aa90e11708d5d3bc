#include <stdio.h>
#include "words.h"
#include "shout.h"
#include "version.h"
int main(int argc, char **argv) { printf("%s %d\n", VERSION, count_words(argc > 1 ? argv[1] : "a b c")); shout("hi"); return 0; }
