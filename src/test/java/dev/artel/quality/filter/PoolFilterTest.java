package dev.artel.quality.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.error.ApiException;
import dev.artel.error.FieldError;
import dev.artel.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The filter evaluator on its own: every operator of every category against workers with and without the value,
 * and the checks a pool form's filter must pass. FilterEnforcementTest shows the same rules deciding takes over
 * HTTP.
 */
class PoolFilterTest {
    /** A worker with every attribute a filter reads, and the skill 7 at 59.7. */
    private static final String FULL = """
            {"name": "Ann",
             "profile": {"gender": "FEMALE", "country": "US", "citizenship": "CA", "education": "HIGH",
                         "adult_allowed": true, "date_of_birth": 631152000, "city": 213, "languages": ["EN", "RU"]},
             "computed": {"region_by_phone": 84, "region_by_ip": 225, "client_type": "BROWSER",
                          "device_category": "PERSONAL_COMPUTER", "os_family": "WINDOWS", "os_version": 10.5,
                          "os_version_major": 10, "os_version_minor": 5, "os_version_bugfix": 1,
                          "user_agent_type": "BROWSER", "user_agent_family": "CHROME", "user_agent_version": 120.1,
                          "user_agent_version_major": 120, "user_agent_version_minor": 1,
                          "user_agent_version_bugfix": 0}}
            """;
    /** A worker who stated nothing and has no skill. */
    private static final String BARE = "{\"name\": \"Bob\"}";

    private static boolean admits(String filter, String worker) {
        return PoolFilter.of(Json.parseObject(filter)).admits(new WorkerFacts(Json.parseObject(worker),
                () -> worker.equals(FULL) ? Map.of("7", 59.7) : Map.of()));
    }

    private static String condition(String category, String key, String operator, String value) {
        return "{\"category\": \"" + category + "\", \"key\": " + key + ", \"operator\": \"" + operator + "\""
                + (value == null ? "" : ", \"value\": " + value) + "}";
    }

    /** category, key (as JSON), operator, value (as JSON, empty for none), admits FULL, admits BARE. */
    @ParameterizedTest(name = "{0} {1} {2} {3}: full {4}, bare {5}")
    @CsvSource(delimiter = '|', value = {
            "profile|\"gender\"|EQ|\"FEMALE\"|true|false",
            "profile|\"gender\"|NE|\"FEMALE\"|false|true",
            "profile|\"country\"|EQ|\"US\"|true|false",
            "profile|\"country\"|NE|\"RU\"|true|true",
            "profile|\"citizenship\"|EQ|\"CA\"|true|false",
            "profile|\"education\"|NE|\"HIGH\"|false|true",
            "profile|\"adult_allowed\"|EQ|true|true|false",
            "profile|\"adult_allowed\"|NE|true|false|true",
            "profile|\"adult_allowed\"|EQ|false|false|false",
            "profile|\"date_of_birth\"|EQ|631152000|true|false",
            "profile|\"date_of_birth\"|NE|631152000|false|true",
            "profile|\"date_of_birth\"|GT|631151999|true|false",
            "profile|\"date_of_birth\"|GTE|631152000|true|false",
            "profile|\"date_of_birth\"|LT|631152000|false|false",
            "profile|\"date_of_birth\"|LTE|631152000|true|false",
            "profile|\"city\"|IN|213|true|false",
            "profile|\"city\"|NOT_IN|213|false|true",
            "profile|\"languages\"|IN|\"EN\"|true|false",
            "profile|\"languages\"|IN|\"FR\"|false|false",
            "profile|\"languages\"|IN|[\"FR\", \"RU\"]|true|false",
            "profile|\"languages\"|NOT_IN|\"RU\"|false|true",
            "profile|\"languages\"|NOT_IN|[\"FR\", \"DE\"]|true|true",
            "computed|\"region_by_phone\"|IN|84|true|false",
            "computed|\"region_by_phone\"|NOT_IN|[84, 225]|false|true",
            "computed|\"region_by_ip\"|IN|[84, 225]|true|false",
            "computed|\"region_by_ip\"|NOT_IN|84|true|true",
            "computed|\"client_type\"|EQ|\"BROWSER\"|true|false",
            "computed|\"client_type\"|EQ|\"UNKNOWN\"|false|true",
            "computed|\"device_category\"|NE|\"SMARTPHONE\"|true|true",
            "computed|\"os_family\"|EQ|\"WINDOWS\"|true|false",
            "computed|\"os_family\"|NE|\"WINDOWS\"|false|true",
            "computed|\"user_agent_type\"|EQ|\"BROWSER\"|true|false",
            "computed|\"user_agent_family\"|NE|\"CHROME\"|false|true",
            "computed|\"os_version\"|GT|10.4|true|false",
            "computed|\"os_version\"|LT|10.5|false|false",
            "computed|\"os_version\"|LTE|10.5|true|false",
            "computed|\"os_version\"|NE|10.5|false|true",
            "computed|\"os_version_major\"|GTE|10|true|false",
            "computed|\"os_version_minor\"|EQ|5|true|false",
            "computed|\"os_version_bugfix\"|LT|2|true|false",
            "computed|\"user_agent_version\"|GTE|120.1|true|false",
            "computed|\"user_agent_version_major\"|GT|119|true|false",
            "computed|\"user_agent_version_minor\"|EQ|1|true|false",
            "computed|\"user_agent_version_bugfix\"|LTE|0|true|false",
            "skill|\"7\"|EQ|59.7|true|false",
            "skill|7|GT|59.6|true|false",
            "skill|\"7\"|GTE|\"59.7\"|true|false",
            "skill|\"7\"|LT|59.7|false|false",
            "skill|\"7\"|LTE|60|true|false",
            "skill|\"7\"|NE|50|true|true",
            "skill|\"7\"|EQ||false|true",
            "skill|\"7\"|EQ|null|false|true",
            "skill|\"7\"|NE||true|false",
            "skill|\"8\"|EQ||true|true",
            "skill|\"8\"|GTE|0|false|false"})
    void eachOperatorOfEachCategory(String category, String key, String operator, String value, boolean full,
                                    boolean bare) {
        String filter = condition(category, key, operator, value);
        PoolFilter.check(Json.parseObject(filter));
        assertEquals(full, admits(filter, FULL), filter + " on the full worker");
        assertEquals(bare, admits(filter, BARE), filter + " on the bare worker");
    }

    @Test
    void andOrTreesCombineTheirConditions() {
        String english = condition("profile", "\"languages\"", "IN", "\"EN\"");
        String russia = condition("computed", "\"region_by_ip\"", "IN", "225");
        String noSkill = condition("skill", "\"7\"", "EQ", null);
        String skilled = condition("skill", "\"7\"", "GTE", "65");
        assertTrue(admits("{\"and\": [{\"or\": [" + english + "]}, {\"or\": [" + russia + "]}]}", FULL));
        assertFalse(admits("{\"and\": [" + english + ", " + skilled + "]}", FULL));
        // Toloka's tutorial: "without the skill or whose skill value is 65 and higher".
        String newOrGood = "{\"or\": [" + noSkill + ", " + skilled + "]}";
        assertFalse(admits(newOrGood, FULL));
        assertTrue(admits(newOrGood, BARE));
        assertTrue(admits("{\"or\": [{\"and\": [" + english + ", " + skilled + "]}, " + russia + "]}", FULL));
        assertTrue(admits(english, FULL), "a single condition as the whole filter");
    }

    @Test
    void noFilterAdmitsEveryone() {
        assertTrue(PoolFilter.of(null).admits(new WorkerFacts(Json.parseObject(BARE), Map::of)));
        assertTrue(PoolFilter.of(Json.mapper().nullNode()).admits(new WorkerFacts(Json.parseObject(BARE), Map::of)));
        PoolFilter.check(null);
    }

    @Test
    void skillValuesAreReadOnlyForSkillConditionsAndOnce() {
        AtomicInteger reads = new AtomicInteger();
        WorkerFacts worker = new WorkerFacts(Json.parseObject(FULL), () -> {
            reads.incrementAndGet();
            return Map.of("7", 59.7);
        });
        PoolFilter profileOnly = PoolFilter.of(Json.parseObject(condition("profile", "\"country\"", "EQ", "\"US\"")));
        assertFalse(profileOnly.readsSkills());
        assertTrue(profileOnly.admits(worker));
        assertEquals(0, reads.get());
        PoolFilter twoSkills = PoolFilter.of(Json.parseObject("{\"and\": [" + condition("skill", "\"7\"", "GT", "1")
                + ", " + condition("skill", "\"7\"", "LT", "99") + "]}"));
        assertTrue(twoSkills.readsSkills());
        assertTrue(twoSkills.admits(worker));
        assertEquals(1, reads.get());
    }

    /** What toloka-kit sends for {@code Languages.in_('EN', verified=True) & DeviceCategory == SMARTPHONE}. */
    @Test
    void toolkitsVerifiedLanguageFilterIsAcceptedAndReadsTheGlobalSkill() {
        String kit = """
                {"and": [{"and": [{"or": [{"category": "profile", "key": "languages", "operator": "IN",
                                           "value": "EN"}]},
                                  {"or": [{"category": "skill", "key": "26366", "operator": "EQ", "value": 100}]}]},
                         {"or": [{"category": "computed", "key": "device_category", "operator": "EQ",
                                  "value": "SMARTPHONE"}]}]}
                """;
        PoolFilter.check(Json.parseObject(kit));
        String phone = "{\"profile\": {\"languages\": [\"EN\"]}, \"computed\": {\"device_category\": \"SMARTPHONE\"}}";
        assertTrue(PoolFilter.of(Json.parseObject(kit)).admits(new WorkerFacts(Json.parseObject(phone),
                () -> Map.of("26366", 100.0))));
        assertFalse(PoolFilter.of(Json.parseObject(kit)).admits(new WorkerFacts(Json.parseObject(phone), Map::of)));
    }

    @Test
    void aFilterTolokaWouldRefuseIsRefusedNamingEveryProblem() {
        String filter = """
                {"and": [{"category": "profile", "key": "shoe_size", "operator": "EQ", "value": 42},
                         {"category": "profile", "key": "languages", "operator": "EQ", "value": "EN"},
                         {"category": "computed", "key": "region_by_ip", "operator": "IN", "value": "Moscow"},
                         {"category": "skill", "key": "abc", "operator": "GT", "value": 1},
                         {"category": "skill", "key": "7", "operator": "GT"},
                         {"category": "skill", "key": "7", "operator": "LT", "value": 101},
                         {"category": "skill", "key": "7", "operator": "EQ", "value": [1, 2]},
                         {"category": "profile", "key": "adult_allowed", "operator": "EQ", "value": "yes"},
                         {"category": "planet", "key": "x", "operator": "EQ", "value": 1},
                         {"or": []}, {"or": {}}, "text",
                         {"and": [], "or": []},
                         {"key": "country", "operator": "EQ", "value": "US"},
                         {"category": "profile", "key": "country", "value": "US"},
                         {"category": "profile", "key": "city", "operator": "IN", "value": []}]}
                """;
        Map<String, String> codes = new LinkedHashMap<>();
        ApiException refused = assertThrows(ApiException.class, () -> PoolFilter.check(Json.parseObject(filter)));
        assertEquals("VALIDATION_ERROR", refused.code().name());
        @SuppressWarnings("unchecked")
        Map<String, FieldError> payload = (Map<String, FieldError>) refused.payload();
        payload.forEach((field, error) -> codes.put(field, error.code()));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("filter.and.0.key", "UNKNOWN_ENUM_VALUE");
        expected.put("filter.and.1.operator", "UNKNOWN_ENUM_VALUE");
        expected.put("filter.and.2.value", "INTEGER_EXPECTED");
        expected.put("filter.and.3.key", "UNKNOWN_ENUM_VALUE");
        expected.put("filter.and.4.value", "VALUE_REQUIRED");
        expected.put("filter.and.5.value", "VALUE_GREATER_THAN_MAX");
        expected.put("filter.and.6.value", "FLOAT_EXPECTED");
        expected.put("filter.and.7.value", "BOOLEAN_EXPECTED");
        expected.put("filter.and.8.category", "UNKNOWN_ENUM_VALUE");
        expected.put("filter.and.9.or", "ARRAY_SIZE_LESS_THAN_MIN");
        expected.put("filter.and.10.or", "ARRAY_EXPECTED");
        expected.put("filter.and.11", "OBJECT_EXPECTED");
        expected.put("filter.and.12", "INVALID_VALUE");
        expected.put("filter.and.13.category", "VALUE_REQUIRED");
        expected.put("filter.and.14.operator", "VALUE_REQUIRED");
        expected.put("filter.and.15.value", "ARRAY_SIZE_LESS_THAN_MIN");
        assertEquals(expected, codes);
        // Stored as it is (written before the check existed), such a filter admits nobody rather than everybody.
        assertFalse(admits(filter.replace("\"and\": [{\"category\": \"profile\", \"key\": \"shoe_size\"",
                "\"or\": [{\"category\": \"profile\", \"key\": \"shoe_size\""), FULL));
    }

    @Test
    void aFilterIsAtMostTenThousandCharacters() {
        StringBuilder conditions = new StringBuilder();
        String country = condition("profile", "\"country\"", "NE", "\"XX\"");
        while (conditions.length() < 2 * PoolFilter.MAX_CHARS) {
            conditions.append(conditions.length() == 0 ? "" : ",").append(country);
        }
        JsonNode big = Json.parseObject("{\"and\": [" + conditions + "]}");
        ApiException refused = assertThrows(ApiException.class, () -> PoolFilter.check(big));
        assertTrue(((Map<?, ?>) refused.payload()).containsKey("filter"), refused.payload().toString());
    }
}
