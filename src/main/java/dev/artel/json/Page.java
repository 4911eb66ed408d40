package dev.artel.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Every list response of the Toloka API: {@code {items, has_more}}. */
public record Page<T>(List<T> items, @JsonProperty("has_more") boolean hasMore) {
}
