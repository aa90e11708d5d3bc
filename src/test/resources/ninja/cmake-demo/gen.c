#include <stdio.h>
int main(int argc, char **argv) { FILE *f = fopen(argv[1], "w"); fprintf(f, "#define VERSION \"1.0-gen\"\n"); fclose(f); return 0; }
