#include <stdio.h>
#include "config.h"
#include "words.h"
int main(int argc, char **argv) { printf("%s: %d\n", GREETING, count_words(argc > 1 ? argv[1] : "")); return 0; }
