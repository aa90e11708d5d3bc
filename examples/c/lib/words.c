#include <ctype.h>
#include "words.h"

const char *next_word(const char *text, char word[MAX_WORD]) {
    while (*text && !isalnum((unsigned char) *text)) {
        text++;
    }
    if (!*text) {
        return NULL;
    }
    size_t length = 0;
    while (*text && isalnum((unsigned char) *text)) {
        if (length < MAX_WORD - 1) {
            word[length++] = (char) tolower((unsigned char) *text);
        }
        text++;
    }
    word[length] = '\0';
    return text;
}
