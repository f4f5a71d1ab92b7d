#include <stdio.h>

int main(void)
{
	puts("mbd-test-any works");
	return 0;
}
