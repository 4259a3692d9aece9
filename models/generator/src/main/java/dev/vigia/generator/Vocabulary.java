package dev.vigia.generator;

import dev.vigia.config.UserError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The words of the training captions, each with its index; a prompt is read as these words. */
public final class Vocabulary {

    private final Map<String, Integer> index = new LinkedHashMap<>();

    public Vocabulary(Collection<String> words) {
        for (String word : words) {
            index.putIfAbsent(word, index.size());
        }
    }

    /** The words of {@code captions}, in order of first appearance. */
    public static Vocabulary of(Collection<String> captions) {
        List<String> words = new ArrayList<>();
        captions.forEach(c -> words.addAll(tokens(c)));
        return new Vocabulary(words);
    }

    public static List<String> tokens(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).toList();
    }

    public int size() {
        return index.size();
    }

    public List<String> words() {
        return List.copyOf(index.keySet());
    }

    public boolean contains(String word) {
        return index.containsKey(word);
    }

    public int id(String word) {
        Integer id = index.get(word);
        if (id == null) {
            throw new IllegalArgumentException("not in the vocabulary: " + word);
        }
        return id;
    }

    /** A prompt's word ids; a word the captions never used is a one-line error listing the words there are. */
    public int[] encode(String prompt) {
        List<String> tokens = tokens(prompt);
        if (tokens.isEmpty()) {
            throw new UserError("The prompt has no words; describe what to draw, e.g. \"a person in a dark top walking left\"");
        }
        List<String> unknown = tokens.stream().filter(w -> !index.containsKey(w)).distinct().toList();
        if (!unknown.isEmpty()) {
            throw new UserError("The model never saw the word" + (unknown.size() == 1 ? " '" : "s '") + String.join("', '", unknown)
                    + "'; it knows: " + String.join(" ", new TreeSet<>(index.keySet())));
        }
        return tokens.stream().mapToInt(index::get).toArray();
    }
}
