package dev.artel.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;

/**
 * The five methods of Toloka's rate-limit table that share "20 a minute, 100 a day": how to call each one
 * with valid input, and the status it answers when the call is let through.
 */
enum LimitedMethod {
    CREATE_PROJECT(201) {
        @Override
        ApiClient.Response call(ApiClient api, Objects objects) {
            return api.post("/projects", Fixtures.project());
        }
    },
    CREATE_POOL(201) {
        @Override
        ApiClient.Response call(ApiClient api, Objects objects) {
            return api.post("/pools", Fixtures.pool(objects.projectId()));
        }
    },
    CREATE_TRAINING(201) {
        @Override
        ApiClient.Response call(ApiClient api, Objects objects) {
            return api.post("/trainings", Fixtures.training(objects.projectId()));
        }
    },
    CLONE_POOL(202) {
        @Override
        ApiClient.Response call(ApiClient api, Objects objects) {
            return api.post("/pools/" + objects.poolId() + "/clone");
        }
    },
    CLONE_TRAINING(202) {
        @Override
        ApiClient.Response call(ApiClient api, Objects objects) {
            return api.post("/trainings/" + objects.trainingId() + "/clone");
        }
    };

    /** The objects of one account that the calls need: a project to create in, a pool and a training to clone. */
    record Objects(String projectId, String poolId, String trainingId) {
        /** Creates them; that spends one call each of createProject, createPool and createTraining. */
        static Objects create(ApiClient api) {
            String project = created(api.post("/projects", Fixtures.project()));
            return new Objects(project, created(api.post("/pools", Fixtures.pool(project))),
                    created(api.post("/trainings", Fixtures.training(project))));
        }

        private static String created(ApiClient.Response response) {
            assertEquals(201, response.status(), response.toString());
            return response.field("id");
        }
    }

    private final int successStatus;

    LimitedMethod(int successStatus) {
        this.successStatus = successStatus;
    }

    abstract ApiClient.Response call(ApiClient api, Objects objects);

    /** Calls the method {@code times} times and checks that every call was let through. */
    void succeed(ApiClient api, Objects objects, int times) {
        for (int i = 1; i <= times; i++) {
            ApiClient.Response response = call(api, objects);
            assertEquals(successStatus, response.status(), name() + " call " + i + " of " + times + ": " + response);
        }
    }
}
