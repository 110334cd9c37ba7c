"""Two handlers press "reply" at the same moment: the row lock lets one through."""

import threading

import pytest
from django.db import connection

from liaison.core.errors import Refusal
from liaison.opinions import services
from liaison.opinions.models import A, Assignment, Reply
from tests.factories import RoleAssignmentFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_two_handlers_replying_at_once(world, assignment):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    second = UserFactory(username="handler2")
    RoleAssignmentFactory(user=second, organization=world.department, role="handler")
    services.receive(world.handler, assignment)
    barrier = threading.Barrier(2)
    outcomes = []

    def reply(user, text):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            services.reply(user, Assignment.objects.get(pk=assignment.pk), text)
            outcomes.append("ok")
        except Refusal as refusal:
            outcomes.append(refusal.code)
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=reply, args=(world.handler, "第一份")),
        threading.Thread(target=reply, args=(second, "第二份")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["already_replied", "ok"]
    assert Reply.objects.filter(assignment=assignment).count() == 1
    assert Assignment.objects.get(pk=assignment.pk).status == A.REPLIED
