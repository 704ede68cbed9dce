"""The window's one background-work idiom: one task per key in flight, superseded work dropped,
nothing delivered after close, and tests can wait for it."""

import threading

from annotator.ui.tasks import Tasks


def test_a_newer_task_supersedes_the_running_one_and_only_one_runs_at_a_time(qtbot):
    tasks = Tasks()
    gate = threading.Event()
    running: list[int] = []
    most = []
    delivered: list[int] = []

    def work(n):
        def body(_ticket):
            running.append(n)
            most.append(len(running))
            gate.wait(5)
            running.remove(n)
            return n

        return body

    for n in range(5):
        tasks.run("suggestions", work(n), delivered.append)
    gate.set()
    assert tasks.wait_idle(10)
    assert max(most) == 1  # never two at once
    assert delivered == [4]  # the first one ran and was dropped; 1-3 never started; the last is shown


def test_nothing_is_delivered_after_close_or_cancel(qtbot):
    tasks = Tasks()
    gate = threading.Event()
    delivered: list[str] = []
    tasks.run("a", lambda _t: gate.wait(5) and "a", delivered.append)
    tasks.run("b", lambda _t: gate.wait(5) and "b", delivered.append)
    tasks.cancel("a")
    gate.set()
    tasks.close()
    qtbot.wait(20)
    assert delivered == []
    assert tasks.run("c", lambda _t: "c", delivered.append) is None


def test_a_failure_reaches_the_gui_thread_and_different_keys_run_side_by_side(qtbot):
    tasks = Tasks()
    failures: list[str] = []
    results: list[int] = []
    tasks.run("x", lambda _t: 1 / 0, results.append, failed=lambda exc: failures.append(type(exc).__name__))
    tasks.run("y", lambda _t: 2, results.append)
    assert tasks.wait_idle(5)
    assert failures == ["ZeroDivisionError"] and results == [2]
    assert not tasks.busy()
