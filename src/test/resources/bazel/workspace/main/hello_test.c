#include <string.h>
#include "lib/greet.h"
int main(void) { return strcmp(greeting(), "hello from distbuild") == 0 ? 0 : 1; }
