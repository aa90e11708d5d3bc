#include "lib/greet.h"
const char *greeting(void) { return "hello from distbuild"; }
