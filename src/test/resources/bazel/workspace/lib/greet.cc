#include "lib/greet.h"

std::string greeting() { return std::string("hello from ") + "distbuild"; }
