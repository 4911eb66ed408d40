"""A whole Toloka pipeline, tested offline: toloka-kit against Artel's emulator and a simulated crowd.

The pipeline is what a requester's script does on Toloka (project, pool with control tasks, 1,000 tasks with
overlap 3, review by control answers, majority vote), written against toloka-kit's public API only. What Toloka
would give it from people and days, the emulator gives it in seconds: a crowd of 20 simulated workers of mixed
accuracy, and a virtual clock that the test advances. Artel's own API (/artel/v1, the operator's token) is used
for that alone, over plain HTTP. Then the numbers are checked against the answers the crowd was built around.

Run from the repository root (see README.md next to this file for the environment):

    python3 -m pytest examples/offline_pipeline
"""

import collections
import datetime
import os
import pathlib
import queue
import re
import secrets
import subprocess
import threading
import time

import pytest
import requests
import toloka.client as toloka
from toloka.client.project import template_builder as tb

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
# ./artel builds the jar first when the sources are newer than it, which takes a minute or two.
START_TIMEOUT_SECONDS = float(os.environ.get('ARTEL_START_TIMEOUT', '300'))
SERVING = re.compile(r'^Artel is serving the Toloka API on http://localhost:(\d+)/api/v1 ')
FIRST_TOKEN = "Created the first account 'default'. Its token (shown once):"

LABELS = ['cat', 'dog', 'bird']
REAL_TASKS = 1000
GOLDEN_TASKS = 100
OVERLAP = 3
REAL_PER_SUITE = 9
MAX_DURATION_SECONDS = 600

# Three kinds of simulated worker. The hasty ones answer at chance level (a third, with three labels) and five
# times as fast as the careful ones, so that unreviewed they give nearly half of all answers.
CROWD = {
    'seed': 20240702,
    'personas': [
        {'name': 'careful', 'count': 11, 'accuracy': 0.95,
         'seconds_per_task': {'distribution': 'uniform', 'min': 8, 'max': 15},
         'skip_rate': 0.02, 'abandon_rate': 0.01},
        {'name': 'average', 'count': 4, 'accuracy': 0.8,
         'seconds_per_task': {'distribution': 'lognormal', 'median': 8, 'sigma': 0.4},
         'skip_rate': 0.02, 'abandon_rate': 0.01},
        {'name': 'hasty', 'count': 5, 'accuracy': 0.34,
         'seconds_per_task': {'distribution': 'uniform', 'min': 1, 'max': 3},
         'skip_rate': 0.05, 'abandon_rate': 0.05},
    ],
}

# How far the clock goes in one step, and how far at most before a pool must have closed: the crowd needs about an
# hour of virtual time for the first round and less for each later one, so a pool still open after a day is a
# failure, not slowness.
CLOCK_STEP = 'PT10M'
MAX_STEPS_PER_ROUND = 144
# Rejected work goes back into the pool and is done again; each round rejects far fewer assignments than the last.
MAX_ROUNDS = 10


class Emulator:
    """A running `./artel serve --emulator`: the URL, the requester's token, and Artel's own API."""

    def __init__(self, port, requester_token, operator_token):
        self.url = f'http://127.0.0.1:{port}'
        self.requester_token = requester_token
        self._operator = requests.Session()
        self._operator.headers['Authorization'] = f'OAuth {operator_token}'

    def artel(self, method, path, expected_status=200, **kwargs):
        response = self._operator.request(method, f'{self.url}/artel/v1{path}', timeout=120, **kwargs)
        assert response.status_code == expected_status, f'{method} {path}: {response.status_code} {response.text}'
        return response.json() if response.content else None


@pytest.fixture(scope='module')
def emulator(tmp_path_factory):
    work = tmp_path_factory.mktemp('artel')
    operator_token = secrets.token_hex(16)
    token_file = work / 'operator-token'
    token_file.write_text(operator_token)
    stderr = open(work / 'stderr', 'w+')
    server = subprocess.Popen(
        [str(REPOSITORY / 'artel'), 'serve', '--emulator', '--host', '127.0.0.1', '--port', '0',
         '--data', str(work / 'data'), '--rate-limits', 'off', '--operator-token-file', str(token_file)],
        cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr, text=True)
    # A thread reads stdout to its end, so that the server never blocks on a full pipe.
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line.rstrip('\n')) for line in server.stdout], daemon=True).start()
    try:
        port, requester_token = None, None
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while port is None:
            assert server.poll() is None, f'./artel serve exited with {server.returncode}: {_read(stderr)}'
            assert time.monotonic() < deadline, f'./artel serve did not start in {START_TIMEOUT_SECONDS} s'
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            if line == FIRST_TOKEN:
                requester_token = lines.get(timeout=10)
            elif match := SERVING.match(line):
                port = int(match.group(1))
        assert requester_token, 'a fresh data directory, yet no first account was created'
        yield Emulator(port, requester_token, operator_token)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        stderr.close()


def _read(file):
    file.seek(0)
    return file.read()


def virtual_now(emulator):
    return datetime.datetime.fromisoformat(emulator.artel('GET', '/emulator/clock')['now'])


def image_project():
    return toloka.Project(
        public_name='Cat, dog or bird?',
        public_description='Look at the picture and say what is in it',
        public_instructions='Choose the animal in the picture.',
        task_spec=toloka.project.task_spec.TaskSpec(
            input_spec={'image': toloka.project.UrlSpec()},
            output_spec={'result': toloka.project.StringSpec(allowed_values=LABELS)},
            view_spec=toloka.project.TemplateBuilderViewSpec(view=tb.ListViewV1([
                tb.ImageViewV1(tb.InputData('image'), ratio=[1, 1]),
                tb.ButtonRadioGroupFieldV1(
                    tb.OutputData('result'), [tb.GroupFieldOption(label, label.title()) for label in LABELS],
                    validation=tb.RequiredConditionV1()),
            ])),
        ),
    )


def advance_until_closed(emulator, client, pool_id):
    """Moves the virtual clock a step at a time until the pool is closed; returns the virtual time it took."""
    started = virtual_now(emulator)
    for _ in range(MAX_STEPS_PER_ROUND):
        emulator.artel('POST', '/emulator/clock/advance', json={'by': CLOCK_STEP})
        if client.get_pool(pool_id).status == toloka.Pool.Status.CLOSED:
            return virtual_now(emulator) - started
    pytest.fail(f'pool {pool_id} still {client.get_pool(pool_id).status} after {MAX_STEPS_PER_ROUND} x {CLOCK_STEP}')


def review(client, pool_id, golden):
    """Accepts each submitted assignment whose control answers are right and rejects the others."""
    reviewed = []
    for assignment in list(client.get_assignments(pool_id=pool_id, status=toloka.Assignment.SUBMITTED)):
        checked = [solution.output_values['result'] == golden[task.id]
                   for task, solution in zip(assignment.tasks, assignment.solutions) if task.id in golden]
        assert len(checked) == 1, f'the mixer gives one control task a suite: {assignment}'
        if all(checked):
            reviewed.append(client.accept_assignment(assignment.id, 'Well done'))
        else:
            reviewed.append(client.reject_assignment(assignment.id, 'Wrong answer on a control task'))
    return reviewed


def majority_vote(assignments):
    """Each task's most frequent answer among the given assignments (ties go to the answer seen first)."""
    votes = collections.defaultdict(collections.Counter)
    for assignment in assignments:
        for task, solution in zip(assignment.tasks, assignment.solutions):
            votes[task.id][solution.output_values['result']] += 1
    return {task_id: counter.most_common(1)[0][0] for task_id, counter in votes.items()}


def true_solutions(emulator, pool_id):
    """Artel's answers for the pool, the ones its crowd answers with its accuracy: known ones, else hidden ones."""
    solutions, after = {}, None
    while True:
        page = emulator.artel('GET', f'/emulator/pools/{pool_id}/true-solutions',
                              params={'limit': 500, **({'task_id_gt': after} if after else {})})
        for item in page['items']:
            solutions[item['task_id']] = item
            after = item['task_id']
        if not page['has_more']:
            return solutions


def accuracy(answers, truth):
    return sum(answers.get(task_id) == truth[task_id] for task_id in truth) / len(truth)


def test_the_pipeline_recovers_the_true_labels_from_a_mixed_crowd(emulator):
    # No retries: an error of the server's must fail the test, not be retried away.
    client = toloka.TolokaClient(emulator.requester_token, url=emulator.url, retries=0, timeout=120)

    # The requester's side, as on Toloka.
    project = client.create_project(image_project())
    pool = toloka.Pool(
        project_id=project.id,
        private_name='Animals, 1,000 images',
        may_contain_adult_content=False,
        will_expire=virtual_now(emulator) + datetime.timedelta(days=30),
        reward_per_assignment=0.01,
        assignment_max_duration_seconds=MAX_DURATION_SECONDS,
        auto_accept_solutions=False,
        defaults=toloka.Pool.Defaults(default_overlap_for_new_tasks=OVERLAP,
                                      default_overlap_for_new_task_suites=OVERLAP),
    )
    pool.set_mixer_config(real_tasks_count=REAL_PER_SUITE, golden_tasks_count=1, training_tasks_count=0)
    pool = client.create_pool(pool)

    golden_labels = [LABELS[i % len(LABELS)] for i in range(GOLDEN_TASKS)]
    tasks = [
        toloka.Task(pool_id=pool.id, input_values={'image': f'https://example.com/golden/{i}.jpg'},
                    known_solutions=[toloka.task.BaseTask.KnownSolution(output_values={'result': label})],
                    infinite_overlap=True)
        for i, label in enumerate(golden_labels)
    ] + [
        toloka.Task(pool_id=pool.id, input_values={'image': f'https://example.com/images/{i:04}.jpg'})
        for i in range(REAL_TASKS)
    ]
    created = client.create_tasks(tasks, allow_defaults=True, async_mode=True)
    assert not created.validation_errors
    created_ids = [created.items[str(i)].id for i in range(len(tasks))]
    golden = dict(zip(created_ids[:GOLDEN_TASKS], golden_labels))
    real_ids = set(created_ids[GOLDEN_TASKS:])
    assert len(real_ids) == REAL_TASKS
    assert client.open_pool(pool.id).status == toloka.Pool.Status.OPEN

    # The crowd, on the emulator's side.
    crowd = emulator.artel('PUT', '/emulator/crowd', json=CROWD)
    persona_of = {worker['id']: worker['persona'] for worker in crowd['workers']}
    assert collections.Counter(persona_of.values()) == {'careful': 11, 'average': 4, 'hasty': 5}

    # Work and review until nothing is rejected: a rejection reopens the completed pool, as on Toloka, and the
    # rejected tasks go to other workers.
    rounds = []
    for round_number in range(MAX_ROUNDS):
        took = advance_until_closed(emulator, client, pool.id)
        closed = client.get_pool(pool.id)
        assert closed.last_close_reason == toloka.Pool.CloseReason.COMPLETED, closed
        reviewed = review(client, pool.id, golden)
        assert reviewed, f'round {round_number + 1} closed the pool after {took} with nothing submitted'
        rounds.append(reviewed)
        if all(a.status == toloka.Assignment.ACCEPTED for a in reviewed):
            break
        assert client.get_pool(pool.id).status == toloka.Pool.Status.OPEN
    else:
        pytest.fail(f'assignments were still being rejected after {MAX_ROUNDS} rounds')

    everything = list(client.get_assignments(pool_id=pool.id))
    accepted = [a for a in everything if a.status == toloka.Assignment.ACCEPTED]
    truth = true_solutions(emulator, pool.id)

    # Artel's answers: the known ones for control tasks, a hidden label of the project's for each real task.
    assert {task_id: truth[task_id]['output_values']['result'] for task_id in golden} == golden
    assert {truth[task_id]['source'] for task_id in golden} == {'KNOWN_SOLUTION'}
    assert {truth[task_id]['source'] for task_id in real_ids} == {'HIDDEN'}
    real_truth = {task_id: truth[task_id]['output_values']['result'] for task_id in real_ids}
    assert set(real_truth.values()) == set(LABELS)

    # Every real task has exactly its overlap of accepted answers, each a label of the project.
    answers_per_task = collections.Counter(task.id for a in accepted for task in a.tasks if task.id in real_ids)
    assert answers_per_task == {task_id: OVERLAP for task_id in real_ids}
    assert {s.output_values['result'] for a in accepted for s in a.solutions} <= set(LABELS)

    # The crowd behaves as defined: each persona answers real tasks about as accurately as it was told to.
    right, given = collections.Counter(), collections.Counter()
    for a in everything:
        for task, solution in zip(a.tasks, a.solutions or []):
            if task.id in real_ids:
                given[persona_of[a.user_id]] += 1
                right[persona_of[a.user_id]] += solution.output_values['result'] == real_truth[task.id]
    persona_accuracy = {persona: right[persona] / given[persona] for persona in given}
    assert persona_accuracy['careful'] > 0.9
    assert 0.7 < persona_accuracy['average'] < 0.9
    assert persona_accuracy['hasty'] < 0.45

    # What a real crowd also does: some assignments are skipped, some left to expire after their full time.
    skipped = [a for a in everything if a.status == toloka.Assignment.SKIPPED]
    expired = [a for a in everything if a.status == toloka.Assignment.EXPIRED]
    assert skipped and expired
    assert {a.expired - a.created for a in expired} == {datetime.timedelta(seconds=MAX_DURATION_SECONDS)}

    # Review by control tasks rejects the hasty workers' work far more often than the careful workers'.
    reviewed = [a for round_ in rounds for a in round_]
    rejected_share = {}
    for persona in ('careful', 'hasty'):
        mine = [a for a in reviewed if persona_of[a.user_id] == persona]
        rejected_share[persona] = sum(a.status == toloka.Assignment.REJECTED for a in mine) / len(mine)
    assert rejected_share['careful'] < 0.15
    assert rejected_share['hasty'] > 0.45
    assert rejected_share['hasty'] > 4 * rejected_share['careful']

    # The majority vote over accepted work recovers the hidden labels, and far better than one over the first
    # round's answers as submitted, before the review threw out most of the hasty workers' ones.
    voted = majority_vote(accepted)
    unreviewed = majority_vote(rounds[0])
    assert accuracy(voted, real_truth) > 0.83
    assert accuracy(voted, real_truth) > accuracy(unreviewed, real_truth) + 0.05

    # The results file that the Toloka web interface downloads has a row per task of each accepted assignment.
    results = client.get_assignments_df(pool.id, status=['APPROVED'])
    assert len(results) == sum(len(a.tasks) for a in accepted)
    assert set(results['OUTPUT:result']) <= set(LABELS)

    print(f'\n{len(rounds)} rounds, {len(everything)} assignments ({len(skipped)} skipped, {len(expired)} expired), '
          f'persona accuracy {persona_accuracy}, rejected {rejected_share}, majority vote '
          f'{accuracy(voted, real_truth):.3f} (unreviewed first round {accuracy(unreviewed, real_truth):.3f}), '
          f'virtual clock at {virtual_now(emulator)}')
