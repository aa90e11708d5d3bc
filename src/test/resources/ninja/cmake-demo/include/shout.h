void shout(const char *s);
