package dev.artel.skill;

import java.util.Map;

/**
 * The global skills of verified languages, by language: the ids toloka-kit's {@code Languages.in_(...,
 * verified=True)} filters on with value 100 ({@code toloka/client/filter.py}), stored by migration V13. A worker
 * has 100 in the skill of each language their profile lists under {@code verified_languages}.
 */
public final class VerifiedLanguages {
    /** toloka-kit's {@code VERIFIED_LANGUAGE_SKILL_VALUE}. */
    public static final double VALUE = 100;
    private static final Map<String, Long> SKILLS = Map.ofEntries(
            Map.entry("AR", 30724L), Map.entry("DE", 26377L), Map.entry("EN", 26366L), Map.entry("ES", 32346L),
            Map.entry("FR", 26711L), Map.entry("HE", 44954L), Map.entry("ID", 39821L), Map.entry("JA", 26513L),
            Map.entry("PT", 26714L), Map.entry("RU", 26296L), Map.entry("SV", 29789L), Map.entry("ZH-HANS", 44742L));

    private VerifiedLanguages() {
    }

    /** The skill id of the language, or null when it has none. */
    public static Long skillId(String language) {
        return SKILLS.get(language);
    }

    public static Map<String, Long> all() {
        return SKILLS;
    }
}
