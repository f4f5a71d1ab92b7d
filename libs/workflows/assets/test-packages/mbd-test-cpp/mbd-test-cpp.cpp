#include <iostream>
#include <string>
#include <vector>

int main() {
  const std::vector<std::string> words{"mbd-test-cpp", "works"};
  std::cout << words[0] << ' ' << words[1] << '\n';
  return 0;
}
