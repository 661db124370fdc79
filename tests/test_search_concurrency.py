"""Two pages of one organisation saved at the same moment (two editors, or the API and the
scheduler) both keep the search table right, without an error (found by `make loadtest`:
a 500 from API v3 and a failed scheduled publish)."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from search import searchable
from search.models import SearchablePage
from tests.profiles_support import make_action, make_member

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one writing transaction at a time, so its refreshes cannot overlap",
)


def wait_until_a_transaction_waits_for_a_lock(timeout=10):
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("the second refresh never reached the first one's lock")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "second_change",
    [
        pytest.param(lambda member: searchable.refresh_members({member.pk}), id="refresh"),
        # A view restriction on the directory rebuilds the whole table.
        pytest.param(lambda member: searchable.rebuild(), id="rebuild"),
    ],
)
def test_refreshes_of_one_organisation_at_once_wait_for_each_other(member_directory, second_change):
    member = make_member(member_directory, "Racing Choir")
    actions = [make_action(member, "First walk"), make_action(member, "Second walk")]
    first_has_written, finish_first = threading.Event(), threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                searchable.refresh_members({member.pk})
                first_has_written.set()
                finish_first.wait(10)
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)
        finally:
            connections.close_all()

    def second():
        try:
            first_has_written.wait(10)
            with transaction.atomic():
                second_change(member)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    try:
        first_has_written.wait(10)
        wait_until_a_transaction_waits_for_a_lock()
    finally:
        finish_first.set()
        for thread in threads:
            thread.join(timeout=30)

    assert errors == []
    rows = SearchablePage.objects.filter(member_id=member.pk)
    assert sorted(rows.values_list("page_id", flat=True)) == sorted(
        [member.pk, *(action.pk for action in actions)]
    )
