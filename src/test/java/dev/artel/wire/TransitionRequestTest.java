package dev.artel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.Fixtures.Kind;
import dev.artel.support.Fixtures.State;
import dev.artel.support.ServerExtension;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Transitions take no body, and clients send "no body" three ways: toloka-kit sends neither body nor
 * Content-Type, the Java SDK sends {@code Content-Type: application/json} with an empty body, and curl
 * users send {@code {}}. All three must be accepted.
 */
class TransitionRequestTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    enum Style {
        TOLOKA_KIT(null, null), JAVA_SDK("", "application/json"), EMPTY_OBJECT("{}", "application/json");

        final String body;
        final String contentType;

        Style(String body, String contentType) {
            this.body = body;
            this.contentType = contentType;
        }
    }

    /** A transition and the state its pool or training must be in to accept it; no kind means the project. */
    enum Transition {
        POOL_OPEN(Kind.POOL, State.CLOSED_WITH_TASKS, "/open"),
        POOL_CLOSE(Kind.POOL, State.OPEN, "/close"),
        POOL_CLOSE_FOR_UPDATE(Kind.POOL, State.OPEN, "/close-for-update"),
        POOL_ARCHIVE(Kind.POOL, State.CLOSED, "/archive"),
        POOL_CLONE(Kind.POOL, State.CLOSED, "/clone"),
        TRAINING_OPEN(Kind.TRAINING, State.CLOSED_WITH_TASKS, "/open"),
        TRAINING_CLOSE(Kind.TRAINING, State.OPEN, "/close"),
        TRAINING_CLOSE_FOR_UPDATE(Kind.TRAINING, State.OPEN, "/close-for-update"),
        TRAINING_ARCHIVE(Kind.TRAINING, State.CLOSED, "/archive"),
        TRAINING_CLONE(Kind.TRAINING, State.CLOSED, "/clone"),
        PROJECT_ARCHIVE(null, null, "/archive");

        final Kind kind;
        final State state;
        final String action;

        Transition(Kind kind, State state, String action) {
            this.kind = kind;
            this.state = state;
            this.action = action;
        }

        String prepare(ApiClient api) {
            String project = Fixtures.createProject(api);
            return kind == null ? "/projects/" + project : kind.path(kind.create(server, api, project, state));
        }
    }

    static Stream<Arguments> requests() {
        return Stream.of(Style.values()).flatMap(style -> Stream.of(Transition.values())
                .map(transition -> Arguments.of(style, transition)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requests")
    void aTransitionTakesAnyFormOfNoBody(Style style, Transition transition) {
        ApiClient api = server.newAccount();
        String target = transition.prepare(api);

        ApiClient.Response accepted = api.send("POST", target + transition.action, style.body, style.contentType);

        assertEquals(202, accepted.status(), accepted.toString());
        assertEquals("SUCCESS", accepted.field("status"));
    }
}
