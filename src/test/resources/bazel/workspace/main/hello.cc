#include <iostream>
#include "lib/greet.h"

int main() {
  std::cout << greeting() << "\n";
  return 0;
}
