/* Limits shared by the library and its tests. tests/config.h is an identical copy. */
#ifndef WORDSTATS_CONFIG_H
#define WORDSTATS_CONFIG_H

#define MAX_WORD 64
#define TABLE_SIZE 1024

#endif
