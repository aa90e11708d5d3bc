#include "lib/greet.h"

int main() { return greeting() == "hello from distbuild" ? 0 : 1; }
