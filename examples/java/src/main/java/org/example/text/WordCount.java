package org.example.text;

/** How many times a word occurred. */
public record WordCount(String word, long count) {}
