"""Several writers at once: every change is visible exactly once, in seq order, to a reader that follows
``changes_since`` (a seq committed late by one writer is never skipped because another committed a higher one)."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable
from typing import Any

import psycopg
import pytest

from legation.store.base import OP_DELETE, Change
from legation.store.postgres import _LOCK_CLASS, PostgresStore
from tests.store.backends import rec

DEADLINE = 120.0  # seconds: only a bound on waiting for a condition, never part of what is checked


def wait_until(condition: Callable[[], bool], what: str) -> None:
    end = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > end:
            pytest.fail(f"gave up waiting for: {what}")
        time.sleep(0.01)


def waiting_on(conn: psycopg.Connection[Any], classid: int, objid_sql: str) -> int:
    row = conn.execute(
        f"""SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND classid = %s AND objid = {objid_sql}""".encode(), (classid,)).fetchone()
    return int(row[0]) if row else 0


def test_a_late_commit_holds_back_later_seqs(pg_url: str, pg: PostgresStore) -> None:
    """Writer A takes seq 1 and stalls before COMMIT; writer B must not commit seq 2 before A is visible."""
    with psycopg.connect(pg_url, autocommit=True) as sql, psycopg.connect(pg_url, autocommit=True) as gate:
        sql.execute("""CREATE FUNCTION hold() RETURNS trigger LANGUAGE plpgsql AS $$
                       BEGIN IF NEW.tag = 'WAIT' THEN PERFORM pg_advisory_xact_lock_shared(777, 1); END IF;
                       RETURN NEW; END $$""")
        sql.execute("CREATE TRIGGER hold BEFORE INSERT ON record_tags FOR EACH ROW EXECUTE FUNCTION hold()")
        gate.execute("SELECT pg_advisory_lock(777, 1)")
        errors: list[BaseException] = []

        def run(records: list[Any]) -> None:
            try:
                pg.upsert(records)
            except BaseException as exc:  # reported by the main thread
                errors.append(exc)

        slow = threading.Thread(target=run, args=([rec("SLOW", tags=["WAIT"])],))
        slow.start()
        wait_until(lambda: waiting_on(sql, 777, "1") == 1, "writer A to stall inside its transaction")
        fast = threading.Thread(target=run, args=([rec("FAST")],))
        fast.start()
        wait_until(lambda: waiting_on(sql, _LOCK_CLASS, "'changes'::regclass::oid") == 1,
                   "writer B to queue behind writer A")
        # nothing is committed yet, so a reader sees nothing: in particular not seq 2 without seq 1
        assert pg.changes_since(0) == []
        assert pg.last_seq() == 0
        gate.execute("SELECT pg_advisory_unlock(777, 1)")
        slow.join(DEADLINE)
        fast.join(DEADLINE)
        assert not slow.is_alive() and not fast.is_alive()
    assert errors == []
    assert pg.changes_since(0) == [(1, "SLOW", "new"), (2, "FAST", "new")]


def writer(url: str, name: str, rounds: int) -> None:
    """One ingesting process: its own records, records both processes update, and some deletes."""
    with PostgresStore(url) as store:
        for i in range(rounds):
            batch = [rec(f"{name}-{i:03d}-{j}") for j in range(3)]
            batch.append(rec(f"shared-{i % 5}", subject=f"{name} round {i}"))
            store.upsert(batch)
            if i % 4 == 3:
                store.delete(f"{name}-{i - 1:03d}-0")
            if i % 6 == 5:
                store.delete(f"shared-{(i + 1) % 5}")


def test_two_processes_ingesting_at_once_lose_no_change(pg_url: str) -> None:
    ctx = multiprocessing.get_context("spawn")
    # the processes and this reader all open the fresh schema at once: one creates it, the others wait
    procs = [ctx.Process(target=writer, args=(pg_url, name, 40)) for name in ("p1", "p2")]
    for p in procs:
        p.start()
    seen: list[Change] = []
    try:
        with PostgresStore(pg_url) as reader:
            cursor = 0
            while True:
                running = any(p.is_alive() for p in procs)  # read before the changes: the last drain is complete
                batch = reader.changes_since(cursor, limit=25)
                seen.extend(batch)
                if batch:
                    cursor = batch[-1].seq
                elif not running:
                    break
                else:
                    time.sleep(0.005)
            everything = reader.changes_since(0, limit=1_000_000)
            live = {r.id for r in reader.iter_records()}
    finally:
        for p in procs:
            p.join(DEADLINE)
            if p.is_alive():
                p.kill()
    assert [p.exitcode for p in procs] == [0, 0]
    seqs = [c.seq for c in seen]
    assert seqs == sorted(set(seqs)), "a change was seen twice or out of order"
    assert seen == everything, "the reader following changes_since missed a change"
    # 2 processes x 40 rounds x (3 own + 1 shared) records, each one new or changed (every round's subject differs)
    news_and_updates = [c for c in seen if c.op != OP_DELETE]
    assert len(news_and_updates) == 2 * 40 * 4
    # replaying the changes gives the catalogue's ids: what an index following them would hold
    state: dict[str, str] = {}
    for c in seen:
        state[c.id] = c.op
    assert {i for i, op in state.items() if op != OP_DELETE} == live
